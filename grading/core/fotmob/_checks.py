"""Cross-checks that every real payload satisfies, used as guards (docs/rules/fotmob.md §8).

Each check was measured on every recorded payload (2020-2026) before it became a guard:
the match ids agree, ``scoreStr`` agrees with the teams' scores, the goal events add up to
the score, the half markers agree with the goals, the header's red-card counts agree with
the card events, a side lists at most eleven starters, and every player the events or the
stats name is in the lineup. A failed check damages the part it cannot vouch for; an id or
score that cannot be trusted makes the whole payload a BadPayload.
"""

from __future__ import annotations

import re
from typing import Any

from grading.core.errors import BadPayload
from grading.core.fotmob._damage import Damage
from grading.core.fotmob._events import EXTRA_TIME_END, REGULATION_END, MatchEvents
from grading.core.fotmob._lineup import STARTERS, Lineups
from grading.core.fotmob._values import id_str, table

_SCORE = re.compile(r"^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$")
_FIRST_HALF_END = 45


def match_id(match: dict[str, Any], content: dict[str, Any], facts: dict[str, Any]) -> str:
    """The one match id the payload names (general, matchFacts, lineup, top level)."""
    places = (
        table(match, "general").get("matchId"),
        facts.get("matchId"),
        table(content, "lineup").get("matchId"),
        match.get("matchId"),
    )
    ids = {found for found in (id_str(value) for value in places) if found is not None}
    if len(ids) > 1:
        raise BadPayload(f"the payload names several matches ({', '.join(sorted(ids))})")
    if not ids:
        raise BadPayload("not a match payload: no match id in general, matchFacts or lineup")
    return ids.pop()


def final_score(
    status: dict[str, Any], teams: list[Any], abandoned: bool = False
) -> tuple[int, int] | None:
    """The score after play (extra time included, shootout excluded), from ``scoreStr`` and
    the teams' scores; BadPayload when they disagree or ``scoreStr`` is not a score. An
    abandoned match has no ``scoreStr``: its teams' scores are the score when play ended."""
    text = status.get("scoreStr")
    found = _SCORE.match(text) if isinstance(text, str) else None
    if text is not None and found is None:
        raise BadPayload(f"the score {text!r:.20} is not a score")
    from_text = (int(found.group(1)), int(found.group(2))) if found else None
    scores = [t.get("score") if isinstance(t, dict) else None for t in teams]
    home, away = scores
    from_teams = (
        (home, away)
        if isinstance(home, int)
        and isinstance(away, int)
        and all(not isinstance(s, bool) and 0 <= s <= 99 for s in (home, away))
        else None
    )
    if from_text is not None and from_teams is not None and from_text != from_teams:
        raise BadPayload(f"the score {text} disagrees with the teams' scores {from_teams}")
    if abandoned and from_text is None:
        return from_teams
    return from_text


def check_events(
    events: MatchEvents,
    final: tuple[int, int] | None,
    status: dict[str, Any],
    modern: bool,
    damage: Damage,
) -> None:
    """A finished match's events against its score, half markers and red-card counts."""
    if "events" in damage:
        return
    if final is not None and _goals(events, EXTRA_TIME_END) != final:
        damage(
            "events",
            f"the goal events ({_show(_goals(events, EXTRA_TIME_END))}) do not "
            f"add up to the score {_show(final)}",
        )
    markers = events.half_scores
    if modern and not {"HT", "FT"} <= events.markers:
        damage("events", "the half-time and full-time markers are missing")
    for marker, up_to in (("HT", _FIRST_HALF_END), ("FT", REGULATION_END), ("AET", EXTRA_TIME_END)):
        if marker in markers and markers[marker] != _goals(events, up_to):
            damage(
                "events",
                f"the {marker} marker ({_show(markers[marker])}) disagrees with "
                f"the goal events ({_show(_goals(events, up_to))})",
            )
    home, away = status.get("numberOfHomeRedCards"), status.get("numberOfAwayRedCards")
    if isinstance(home, int) and isinstance(away, int):
        seen = tuple(
            sum(1 for c in events.cards if c.card != "Yellow" and c.side == side)
            for side in ("home", "away")
        )
        if seen != (home, away):
            damage(
                "events", f"the card events show {_show(seen)} dismissals, the header {home}-{away}"
            )


def check_lineup(
    lineups: Lineups, events: MatchEvents, content: dict[str, Any], damage: Damage
) -> None:
    """Every player the events or the stats name is listed; no side has more than 11."""
    if not lineups.players or "lineup" in damage:
        return
    if max(lineups.starters) > STARTERS:
        damage("lineup", f"a side lists more than {STARTERS} starters {lineups.starters}")
    listed = {p.id for p in lineups.players if p.id} | lineups.coach_ids
    stats = content.get("playerStats")
    named = set(events.player_ids) if "events" not in damage else set()
    named |= {key for key in stats} if isinstance(stats, dict) else set()
    strangers = sorted(named - listed)
    if strangers:
        damage(
            "lineup",
            f"player {strangers[0]} is named in the events or the stats but is not in the lineup",
        )
    if "events" not in damage:
        _check_substitutions(lineups, events, damage)
        _check_card_notes(lineups, events, damage)


def _check_substitutions(lineups: Lineups, events: MatchEvents, damage: Damage) -> None:
    """Each substitution event's players carry the same substitution in the lineup."""
    by_id = {p.id: p for p in lineups.players if p.id}
    for on, off in events.substitutions:
        came_on, went_off = by_id.get(on), by_id.get(off)
        if (
            came_on is None
            or went_off is None
            or came_on.sub_on is None
            or went_off.sub_off is None
        ):
            damage("lineup", f"the substitution of {off} by {on} is not in the lineup")
            return


def _check_card_notes(lineups: Lineups, events: MatchEvents, damage: Damage) -> None:
    """A card's "not on pitch" (or "coach") note agrees with the lineup: the player had not
    come on yet, had already gone off, never played, or is a coach (every recorded card)."""
    by_id = {p.id: p for p in lineups.players if p.id}
    for card in events.cards:
        player = by_id.get(card.player_id or "")
        if player is None:
            on_pitch = False if card.player_id in lineups.coach_ids else None
        else:
            entered = 0 if player.started else player.sub_on
            on_pitch = (
                entered is not None
                and entered <= card.minute
                and (player.sub_off is None or card.minute <= player.sub_off)
            )
        if on_pitch is not None and on_pitch == card.off_pitch:
            damage(
                "events",
                f"the card at {card.minute}' to {card.player_name} says "
                f"{'off' if card.off_pitch else 'on'} the pitch, the lineup "
                "says otherwise",
            )
            return


def _goals(events: MatchEvents, up_to: int) -> tuple[int, int]:
    goals = [g for g in events.goals if g.minute <= up_to]
    return (sum(g.side == "home" for g in goals), sum(g.side == "away" for g in goals))


def _show(score: tuple[int, ...]) -> str:
    return "-".join(str(part) for part in score)
