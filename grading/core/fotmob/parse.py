"""FotMob match JSON (every shape since 2020) -> MatchFacts. Pure: no I/O, no clock.

Facts and quirks relied on are in docs/rules/fotmob.md; section numbers are cited.
"""

from __future__ import annotations

import re
from typing import Any

from grading.core.errors import BadPayload
from grading.core.facts import MatchFacts, Score, Team
from grading.core.fotmob._checks import check_events, check_lineup, final_score, match_id
from grading.core.fotmob._damage import Damage
from grading.core.fotmob._events import EXTRA_TIME_END, REGULATION_END, MatchEvents, read_events
from grading.core.fotmob._lineup import read_lineups
from grading.core.fotmob._players import build_players, build_timeline, team_card_counts
from grading.core.fotmob._shots import ShotCounts
from grading.core.fotmob._team_stats import team_stats
from grading.core.fotmob._values import id_from_url, id_str, pair, table
from grading.core.fotmob.day_list import live_minute
from grading.core.fotmob.decoding import decode

# docs/rules/fotmob.md §3.3: decide from reason.shortKey (or short), never from `finished` alone:
# postponed, cancelled and abandoned rows carry finished: true.
_STATUS_BY_REASON = {
    "fulltime_short": "finished",
    "FT": "finished",
    "afterextratime_short": "finished",
    "AET": "finished",
    "penalties_short": "finished",
    "Pen": "finished",
    "postponed_short": "postponed",
    "PP": "postponed",
    "cancelled_short": "cancelled",
    "Can": "cancelled",
    "aborted_short": "abandoned",
    "abandoned_short": "abandoned",
    "Ab": "abandoned",
    "awarded_short": "awarded",
    "AW": "awarded",
    "walkover_short": "awarded",
    "WO": "awarded",
}
_EXTRA_TIME_REASONS = {"afterextratime_short", "AET", "penalties_short", "Pen"}
_PENALTY_REASONS = {"penalties_short", "Pen"}
_PEN_LONG = re.compile(r"(\d+)\s*-\s*(\d+)")


def loads(text: str | bytes) -> MatchFacts:
    """Parse a raw response body; HTML, error JSON and truncated JSON raise BadPayload."""
    return parse_match(decode(text))


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
    """MatchFacts of one FotMob match payload; BadPayload with a one-line reason otherwise.

    Every part the settlement reads is checked (docs/rules/fotmob.md §8): damage to a part
    is recorded in ``MatchFacts.damaged`` (its markets become ungradeable), damage to what
    nothing can be trusted without (ids, status, score) is a BadPayload, and a payload that
    still crashes a reader is a BadPayload too, never a traceback.
    """
    match = unwrap(payload)
    try:
        return _parse(match)
    except BadPayload:
        raise
    except (TypeError, AttributeError, KeyError, ValueError, IndexError, RecursionError) as exc:
        raise BadPayload(
            f"an unreadable match payload ({type(exc).__name__}: {str(exc)[:80]})"
        ) from None


def _parse(match: dict[str, Any]) -> MatchFacts:
    header = match["header"]
    teams = header.get("teams")
    status_raw = header.get("status")
    if not (isinstance(teams, list) and len(teams) == 2 and isinstance(status_raw, dict)):
        raise BadPayload("not a match payload: header.teams or header.status missing")
    content = table(match, "content")
    match_facts = table(content, "matchFacts")
    damage = Damage()
    status = _status(status_raw)
    final = final_score(status_raw, teams, abandoned=status == "abandoned")
    if status == "finished" and final is None:
        raise BadPayload("a finished match without a score")
    events = read_events(
        table(match_facts, "events").get("events"),
        damage,
        required=status in ("finished", "abandoned"),
    )
    if status in ("finished", "abandoned"):
        check_events(
            events,
            final,
            status_raw,
            status == "finished" and isinstance(match.get("general"), dict),
            damage,
        )
    extra_time = _extra_time_played(status_raw, events, content)
    lineups = read_lineups(content, damage)
    check_lineup(lineups, events, content, damage)
    shots = ShotCounts(content, damage)
    stats, halves = team_stats(content, extra_time, damage)
    # docs/rules/fotmob.md §3.7: no player lists offsides when the team stat says none
    zero = (
        frozenset({"offsides"})
        if stats.get("offsides") == (0, 0) and not extra_time
        else frozenset()
    )
    players = build_players(lineups, events, shots, extra_time, damage, zero)
    trusted = (
        status in ("finished", "abandoned", "in_play")
        and not {"events", "lineup"} & damage.parts.keys()
    )
    if trusted:
        stats.update(team_card_counts(events, lineups))
    stats.update(shots.team_splits({p.id: p.side for p in players if p.id}, stats.get("shots")))
    return MatchFacts(
        match_id=match_id(match, content, match_facts),
        source="fotmob",
        kickoff_utc=_kickoff(match, status_raw, match_facts),
        status=status,
        abandon_minute=events.last_minute if status == "abandoned" else None,
        home=_team(teams[0], lineups.team_ids[0]),
        away=_team(teams[1], lineups.team_ids[1]),
        score=_score(
            status,
            status_raw,
            events,
            extra_time,
            final if status == "finished" else None,
            "events" in damage,
        ),
        team_stats=stats,
        players=players,
        damaged=dict(damage.parts),
        lineup_complete=lineups.complete,
        timeline=build_timeline(events, lineups)
        if status in ("finished", "abandoned", "in_play") and "events" not in damage
        else None,
        live_minute=live_minute(status_raw) if status == "in_play" else None,
        half_stats=halves,
        # docs/rules/fotmob.md §1: a top-level flag while a VAR check is under way; only
        # ``true`` counts (absent in older payloads)
        pending_var=match.get("hasPendingVAR") is True,
    )


def match_id_of(payload: Any) -> str:
    """The match id inside a payload, without parsing the rest (to index a folder fast);
    BadPayload when it is not a match payload."""
    match = unwrap(payload)
    content = table(match, "content")
    return match_id(match, content, table(content, "matchFacts"))


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
        # Postponed, cancelled and abandoned rows are flagged finished too (§3.3): without
        # its reason a finished row cannot be told apart from them.
        raise BadPayload(
            f"unknown FotMob status {code!r:.30} on a finished match"
            if code
            else "a finished match without a status reason"
        )
    if status.get("cancelled") is True and not status.get("started"):
        return "cancelled"
    return "in_play" if status.get("started") else "not_started"


def _reason_code(status: dict[str, Any]) -> str | None:
    reason = table(status, "reason")
    return reason.get("shortKey") or reason.get("short")


def _extra_time_played(
    status: dict[str, Any], events: MatchEvents, content: dict[str, Any]
) -> bool:
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


def _score(
    status_name: str,
    status: dict[str, Any],
    events: MatchEvents,
    extra_time: bool,
    final: tuple[int, int] | None,
    events_damaged: bool,
) -> Score:
    if status_name in ("not_started", "postponed", "cancelled"):
        return Score(regulation=None)
    code = _reason_code(status)
    penalties = _penalties(status) if code in _PENALTY_REASONS else None
    counted = None if events_damaged else _count_goals(events, REGULATION_END)
    if not extra_time:
        return Score(regulation=final if final is not None else counted, penalties=penalties)
    # docs/rules/fotmob.md §1: the 90-minute score is not a field; take the FT Half marker,
    # else count goals up to 90 + stoppage, but only when the events account for every goal.
    regulation = None if events_damaged else events.half_scores.get("FT")
    if regulation is None and not events_damaged and final == _count_goals(events, EXTRA_TIME_END):
        regulation = counted
    return Score(regulation=regulation, after_extra_time=final, penalties=penalties)


def _count_goals(events: MatchEvents, up_to: int) -> tuple[int, int]:
    goals = [g for g in events.goals if g.minute <= up_to]
    return (sum(g.side == "home" for g in goals), sum(g.side == "away" for g in goals))


def _penalties(status: dict[str, Any]) -> tuple[int, int] | None:
    reason = status.get("reason") or {}
    from_list = pair(reason.get("penalties"))
    if from_list is not None:
        return from_list
    found = _PEN_LONG.search(str(reason.get("long") or ""))
    return (int(found.group(1)), int(found.group(2))) if found else None


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
