"""FotMob match JSON (every shape since 2020) -> MatchFacts. Pure: no I/O, no clock.

Facts and quirks relied on are in docs/rules/fotmob.md; section numbers are cited.
"""

from __future__ import annotations

import json
import re
from typing import Any

from grading.core.errors import BadPayload
from grading.core.facts import MatchFacts, Score, Team
from grading.core.fotmob._events import EXTRA_TIME_END, REGULATION_END, MatchEvents, read_events
from grading.core.fotmob._lineup import read_lineups
from grading.core.fotmob._players import build_players, team_card_counts
from grading.core.fotmob._values import id_from_url, id_str, pair, table
from grading.core.fotmob.page import page_title

# docs/rules/fotmob.md §3.3: decide from reason.shortKey (or short), never from `finished` alone:
# postponed, cancelled and abandoned rows carry finished: true.
_STATUS_BY_REASON = {
    "fulltime_short": "finished", "FT": "finished",
    "afterextratime_short": "finished", "AET": "finished",
    "penalties_short": "finished", "Pen": "finished",
    "postponed_short": "postponed", "PP": "postponed",
    "cancelled_short": "cancelled", "Can": "cancelled",
    "aborted_short": "abandoned", "abandoned_short": "abandoned", "Ab": "abandoned",
    "awarded_short": "awarded", "AW": "awarded", "walkover_short": "awarded", "WO": "awarded",
}
_EXTRA_TIME_REASONS = {"afterextratime_short", "AET", "penalties_short", "Pen"}
_PENALTY_REASONS = {"penalties_short", "Pen"}
_SCORE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_PEN_LONG = re.compile(r"(\d+)\s*-\s*(\d+)")

# Team-stat row keys of the new shapes, and titles of the 2020 shape (docs/rules/fotmob.md §3.8).
_TEAM_STAT_KEYS = {
    "corners": ("corners", "Corners"),
    "shots": ("total_shots", "Total shots"),
    "shots_on_target": ("ShotsOnTarget", "Shots on target"),
    "fouls": ("fouls", "Fouls"),
    "offsides": ("Offsides", "Offsides"),
}


def loads(text: str | bytes) -> MatchFacts:
    """Parse a raw response body; HTML, error JSON and truncated JSON raise BadPayload."""
    return parse_match(decode(text))


def decode(text: str | bytes) -> Any:
    """JSON from a response body or file; BadPayload for an HTML page or broken JSON."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.lstrip().startswith("<"):
        raise BadPayload(f"an HTML page, not match JSON{page_title(text)}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadPayload(f"broken or truncated JSON: {exc.msg} at line {exc.lineno} "
                         f"column {exc.colno}") from None


def unwrap(payload: Any) -> dict[str, Any]:
    """The match object inside any wrapper (docs/rules/fotmob.md §1: ``pageProps``,
    ``props.pageProps``)."""
    if not isinstance(payload, dict):
        raise BadPayload(f"not a match payload: a JSON {type(payload).__name__}, not an object")
    for path in (("props", "pageProps"), ("pageProps",)):
        inner: Any = payload
        for key in path:
            inner = inner.get(key) if isinstance(inner, dict) else None
        if isinstance(inner, dict) and "header" in inner:
            return inner
    if not isinstance(payload.get("header"), dict):
        raise BadPayload(f"not a match payload: {_what_is_it(payload)}")
    return payload


def parse_match(payload: Any) -> MatchFacts:
    """MatchFacts of one FotMob match payload; BadPayload with a one-line reason otherwise."""
    match = unwrap(payload)
    header = match["header"]
    teams = header.get("teams")
    status_raw = header.get("status")
    if not (isinstance(teams, list) and len(teams) == 2 and isinstance(status_raw, dict)):
        raise BadPayload("not a match payload: header.teams or header.status missing")
    content = table(match, "content")
    match_facts = table(content, "matchFacts")
    events_block = match_facts.get("events")
    events = read_events(events_block.get("events") if isinstance(events_block, dict) else None)
    has_events = isinstance(events_block, dict) and isinstance(events_block.get("events"), list)

    status = _status(status_raw)
    extra_time = _extra_time_played(status_raw, events, content)
    score = _score(status, status_raw, events, extra_time)
    lineups = read_lineups(content)
    players = build_players(lineups, events, content, extra_time)
    team_stats = _team_stats(content, extra_time)
    if has_events and status in ("finished", "abandoned", "in_play"):
        team_stats.update(team_card_counts(events, lineups))
    return MatchFacts(
        match_id=_match_id(match, content, match_facts),
        source="fotmob",
        kickoff_utc=_kickoff(match, status_raw, match_facts),
        status=status,
        abandon_minute=events.last_minute if status == "abandoned" else None,
        home=_team(teams[0], lineups.team_ids[0]),
        away=_team(teams[1], lineups.team_ids[1]),
        score=score,
        team_stats=team_stats,
        players=players,
    )


def match_id_of(payload: Any) -> str:
    """The match id inside a payload, without parsing the rest (to index a folder fast);
    BadPayload when it is not a match payload."""
    match = unwrap(payload)
    content = table(match, "content")
    facts = table(content, "matchFacts")
    return _match_id(match, content, facts)


def _what_is_it(payload: dict[str, Any]) -> str:
    if "leagues" in payload:
        return "a day list of matches"
    if {"fixtures", "squad", "datasets", "tabs"} & payload.keys():
        return "a team or league page"
    for key in ("error", "message", "detail"):
        if isinstance(payload.get(key), str | int):
            return f"an error object ({key}: {str(payload[key])[:60]})"
    keys = ", ".join(sorted(payload)[:5]) or "no keys"
    return f"no header (keys: {keys})"


def _status(status: dict[str, Any]) -> str:
    reason = table(status, "reason")
    code = reason.get("shortKey") or reason.get("short")
    if status.get("awarded") is True:
        return "awarded"
    if code in _STATUS_BY_REASON:
        return _STATUS_BY_REASON[code]
    if status.get("finished") is True:
        if code:
            raise BadPayload(f"unknown FotMob status {code!r} on a finished match")
        return "cancelled" if status.get("cancelled") else "finished"
    if status.get("cancelled") is True and not status.get("started"):
        return "cancelled"
    return "in_play" if status.get("started") else "not_started"


def _reason_code(status: dict[str, Any]) -> str | None:
    reason = table(status, "reason")
    return reason.get("shortKey") or reason.get("short")


def _extra_time_played(status: dict[str, Any], events: MatchEvents,
                       content: dict[str, Any]) -> bool:
    """AET, or Pen after extra time; some cups go from 90 minutes straight to penalties."""
    code = _reason_code(status)
    if code in ("afterextratime_short", "AET"):
        return True
    halfs = table(status, "halfs")
    periods = table(table(content, "stats"), "Periods")
    return bool(
        events.played_in_extra_time()
        or halfs.get("firstExtraHalfStarted")
        or "FirstExtraHalf" in periods
    )


def _score(status_name: str, status: dict[str, Any], events: MatchEvents,
           extra_time: bool) -> Score:
    if status_name in ("not_started", "postponed", "cancelled"):
        return Score(regulation=None)
    final = _parse_score(status.get("scoreStr"))
    code = _reason_code(status)
    penalties = _penalties(status) if code in _PENALTY_REASONS else None
    if not extra_time:
        return Score(regulation=final or _count_goals(events, REGULATION_END),
                     penalties=penalties)
    # docs/rules/fotmob.md §1: the 90-minute score is not a field; take the FT Half marker, else
    # count goals up to 90 + stoppage, but only when the events account for every goal.
    regulation = events.half_scores.get("FT")
    if regulation is None and final == _count_goals(events, EXTRA_TIME_END):
        regulation = _count_goals(events, REGULATION_END)
    return Score(regulation=regulation, after_extra_time=final, penalties=penalties)


def _count_goals(events: MatchEvents, up_to: int) -> tuple[int, int]:
    goals = [g for g in events.goals if g.minute <= up_to]
    return (sum(g.side == "home" for g in goals), sum(g.side == "away" for g in goals))


def _parse_score(text: Any) -> tuple[int, int] | None:
    found = _SCORE.match(text) if isinstance(text, str) else None
    return (int(found.group(1)), int(found.group(2))) if found else None


def _penalties(status: dict[str, Any]) -> tuple[int, int] | None:
    reason = status.get("reason") or {}
    from_list = pair(reason.get("penalties"))
    if from_list is not None:
        return from_list
    found = _PEN_LONG.search(str(reason.get("long") or ""))
    return (int(found.group(1)), int(found.group(2))) if found else None


def _team_stats(content: dict[str, Any], extra_time: bool) -> dict[str, tuple[int, int]]:
    """Regulation team stats: FirstHalf + SecondHalf after extra time, All otherwise."""
    stats = table(content, "stats")
    if not isinstance(stats.get("Periods"), dict):  # 2020 shape: stats.stats[] by title
        return {} if extra_time else _rows_by_title(stats.get("stats"))
    periods = table(stats, "Periods")
    if not extra_time:
        return _rows_by_key(periods.get("All"))
    first, second = _rows_by_key(periods.get("FirstHalf")), _rows_by_key(periods.get("SecondHalf"))
    return {k: (first[k][0] + second[k][0], first[k][1] + second[k][1])
            for k in first.keys() & second.keys()}


def _rows_by_key(period: Any) -> dict[str, tuple[int, int]]:
    wanted = {key: name for name, (key, _title) in _TEAM_STAT_KEYS.items()}
    out: dict[str, tuple[int, int]] = {}
    for row in _stat_rows(period):
        name = wanted.get(str(row.get("key")))
        # Half-period values may be null instead of 0 (docs/rules/fotmob.md, "Team stats").
        values = [0 if v is None else v for v in row.get("stats") or ()]
        if name and name not in out and (counts := pair(values)) is not None:
            out[name] = counts
    return out


def _rows_by_title(sections: Any) -> dict[str, tuple[int, int]]:
    wanted = {title: name for name, (_key, title) in _TEAM_STAT_KEYS.items()}
    out: dict[str, tuple[int, int]] = {}
    for row in _stat_rows({"stats": sections}):
        name = wanted.get(str(row.get("title")))
        if name and name not in out and (counts := pair(row.get("stats"))) is not None:
            out[name] = counts
    return out


def _stat_rows(period: Any) -> list[dict[str, Any]]:
    sections = period.get("stats") if isinstance(period, dict) else None
    return [row for section in sections or () if isinstance(section, dict)
            for row in section.get("stats") or () if isinstance(row, dict)]


def _match_id(match: dict[str, Any], content: dict[str, Any], facts: dict[str, Any]) -> str:
    general = table(match, "general")
    lineup = table(content, "lineup")
    for candidate in (general.get("matchId"), facts.get("matchId"), lineup.get("matchId"),
                      match.get("matchId")):
        if (match_id := id_str(candidate)) is not None:
            return match_id
    raise BadPayload("not a match payload: no match id in general, matchFacts or lineup")


def _kickoff(match: dict[str, Any], status: dict[str, Any], facts: dict[str, Any]) -> str | None:
    general = table(match, "general")
    info = table(facts, "infoBox")
    date = table(info, "Match Date")
    for value in (status.get("utcTime"), general.get("matchTimeUTCDate"), date.get("utcTime")):
        if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d", value):
            return value[:19] + "Z"
    return None  # the 2020 shape gives only a local date string with no zone


def _team(raw: Any, lineup_id: str | None) -> Team:
    raw = raw if isinstance(raw, dict) else {}
    ident = id_str(raw.get("id")) or lineup_id or id_from_url(raw.get("pageUrl"), kind="team")
    return Team(id=ident, name=str(raw.get("name") or ""))
