"""FotMob's day list: every match of a date in one answer (docs/rules/fotmob.md §4). Pure.

``/api/data/matches?date=YYYYMMDD`` gives ``{leagues: [{id, name, ccode, matches: [{id,
home: {id, name, longName, score}, away, status: {utcTime, started, finished, cancelled,
reason}, ...}]}], date}``. A row that cannot be read is skipped (it cannot be matched, so it
costs nothing); a payload that is not a day list is a BadPayload.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from grading.core.errors import BadPayload
from grading.core.fotmob._values import id_str, pair, table


@dataclass(frozen=True, slots=True)
class DayRow:
    """One match of a day list: ids, both name forms of each side, league and kickoff."""

    match_id: str
    home: tuple[str, ...]  # FotMob's short name, then its long name when it differs
    away: tuple[str, ...]
    kickoff: datetime | None
    league: str
    country: str
    state: str  # "not_started", "in_play", "finished" or "void"
    page_url: str | None = None  # a match page's slug URL, when the row gives one
    league_id: str | None = None  # the league whose fixture list names the match's page
    live_minute: int | None = None  # in play: the ticker's minute (45 at half-time)
    score: tuple[int, int] | None = None  # once started: the score as it stands


@dataclass(frozen=True, slots=True)
class DayList:
    date: str  # "YYYYMMDD"
    rows: tuple[DayRow, ...]


def is_day_list(payload: Any) -> bool:
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("leagues"), list)
        and isinstance(payload.get("date"), str | int)
    )


def parse_day_list(payload: Any) -> DayList:
    """The rows of a day list payload; BadPayload when it is not one."""
    if not is_day_list(payload):
        raise BadPayload("not a FotMob day list (no leagues and date)")
    rows = [
        row
        for league in payload["leagues"]
        if isinstance(league, dict)
        for raw in league.get("matches") or ()
        if isinstance(league.get("matches"), list)
        if (row := _row(raw, league)) is not None
    ]
    return DayList(str(payload["date"]), tuple(rows))


def _row(raw: Any, league: dict[str, Any]) -> DayRow | None:
    if not isinstance(raw, dict) or id_str(raw.get("id")) is None:
        return None
    home, away = _names(raw.get("home")), _names(raw.get("away"))
    if not home or not away:
        return None
    status = table(raw, "status")
    page = raw.get("pageUrl")
    return DayRow(
        match_id=str(id_str(raw.get("id"))),
        home=home,
        away=away,
        kickoff=_kickoff(status.get("utcTime")),
        league=str(league.get("name") or ""),
        country=str(league.get("ccode") or ""),
        state=_state(status),
        page_url=page if isinstance(page, str) else None,
        league_id=id_str(league.get("primaryId")) or id_str(league.get("id")),
        live_minute=live_minute(status) if _state(status) == "in_play" else None,
        score=_score(raw) if status.get("started") is True else None,
    )


_LIVE = re.compile(r"^\s*(\d{1,3})")


def live_minute(status: Any) -> int | None:
    """The live ticker's minute from a status' ``liveTime.short`` ("67'", "45+2'"; "HT" is
    45), or None when it does not say (docs/rules/fotmob.md §3.3)."""
    short = table(status, "liveTime").get("short") if isinstance(status, dict) else None
    if not isinstance(short, str):
        return None
    if short.strip().upper() == "HT":
        return 45
    found = _LIVE.match(short)
    return min(int(found.group(1)), 130) if found else None


def _score(raw: dict[str, Any]) -> tuple[int, int] | None:
    return pair([table(raw, "home").get("score"), table(raw, "away").get("score")])


def _names(side: Any) -> tuple[str, ...]:
    if not isinstance(side, dict):
        return ()
    names = [side.get("name"), side.get("longName")]
    seen: list[str] = []
    for name in names:
        if isinstance(name, str) and name.strip() and name not in seen:
            seen.append(name)
    return tuple(seen)


def _kickoff(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_VOID = {
    "postponed_short",
    "cancelled_short",
    "aborted_short",
    "abandoned_short",
    "PP",
    "Can",
    "Ab",
    "awarded_short",
    "AW",
}


def _state(status: dict[str, Any]) -> str:
    reason = table(status, "reason")
    code = reason.get("shortKey") or reason.get("short")
    if code in _VOID or status.get("awarded") is True:
        return "void"
    if status.get("finished") is True:
        return "finished"
    return "in_play" if status.get("started") is True else "not_started"


def league_url(league_id: str) -> str:
    """The league's data route: its fixture list names every match's page
    (docs/rules/fotmob.md §4)."""
    return f"/api/data/leagues?id={league_id}"


def league_pages(payload: Any) -> dict[str, str]:
    """Match id -> page URL from a league response (``fixtures.allMatches``; older answers
    ``matches.allMatches`` or ``overview.matches.allMatches``)."""
    found: dict[str, str] = {}
    if not isinstance(payload, dict):
        return found
    payload = payload.get("pageProps", payload)
    for outer, inner in (("fixtures", None), ("matches", None), ("overview", "matches")):
        table_ = payload.get(outer) if isinstance(payload, dict) else None
        if inner is not None and isinstance(table_, dict):
            table_ = table_.get(inner)
        rows = table_.get("allMatches") if isinstance(table_, dict) else None
        for row in rows if isinstance(rows, list) else ():
            if (
                isinstance(row, dict)
                and isinstance(row.get("pageUrl"), str)
                and id_str(row.get("id")) is not None
            ):
                found[str(id_str(row.get("id")))] = row["pageUrl"]
    return found
