"""Timed match events (goals, cards, half markers) in one normalized form.

docs/rules/fotmob.md §3.5: ``time`` is 45 or 90 for stoppage time (with ``overloadTime`` > 0),
91-120 in extra time and 121 for the shootout. Shootout kicks live in ``penaltyShootoutEvents`` and
are never read here; a card shown during the shootout has ``time`` 121.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from grading.core.fotmob._damage import Damage
from grading.core.fotmob._values import id_from_url, id_str, table

REGULATION_END = 90  # stoppage time keeps time == 45 or 90
EXTRA_TIME_END = 120

CARD_TYPES = ("Yellow", "YellowRed", "Red")


@dataclass(frozen=True, slots=True)
class Goal:
    minute: int
    side: str  # the side credited with the goal (own goals count for the opponent)
    scorer_id: str | None
    scorer_name: str | None
    own_goal: bool
    assist_id: str | None
    header: bool | None = None  # None: the event does not say
    outside_box: bool | None = None
    penalty: bool | None = None


@dataclass(frozen=True, slots=True)
class Card:
    minute: int
    side: str
    player_id: str | None
    player_name: str | None
    card: str  # "Yellow" | "YellowRed" | "Red"
    off_pitch: bool  # a coach, or a substitute booked on the bench ("not_on_pitch")


@dataclass(frozen=True, slots=True)
class MatchEvents:
    goals: tuple[Goal, ...]
    cards: tuple[Card, ...]
    half_scores: dict[str, tuple[int, int]]  # "HT" / "FT" / "AET" -> score at that marker
    last_minute: int | None
    player_ids: frozenset[str] = frozenset()  # everyone an event names
    markers: frozenset[str] = frozenset()  # the half markers present ("HT", "FT", "AET")
    substitutions: tuple[tuple[str, str], ...] = ()  # (player on, player off) ids

    def regulation_goals(self) -> list[Goal]:
        return [g for g in self.goals if g.minute <= REGULATION_END]

    def played_in_extra_time(self) -> bool:
        timed = [g.minute for g in self.goals] + [c.minute for c in self.cards]
        return "AET" in self.half_scores or any(REGULATION_END < m <= EXTRA_TIME_END for m in timed)


def read_events(raw_events: Any, damage: Damage, required: bool) -> MatchEvents:
    """Normalize ``content.matchFacts.events.events`` (any shape since 2020). Damage to the
    list or to any event the grader reads makes the part ``events`` damaged; ``required``
    says whether a match in this state must have events at all."""
    if not isinstance(raw_events, list):
        if required:
            damage("events", f"the event list is missing (found {_kind(raw_events)})")
        raw_events = []
    goals, cards, seen, markers, swaps = [], [], set(), set(), []
    half_scores: dict[str, tuple[int, int]] = {}
    running = (0, 0)
    for index, event in enumerate(raw_events):
        problem = event_problem(event)
        if problem is not None:
            damage("events", f"event {index}: {problem}")
            continue
        kind = event.get("type")
        seen.update(_people(event))
        if kind == "Goal" and not event.get("isPenaltyShootoutEvent"):
            goal, running = _goal(event, running)
            if goal.side != ("home" if event["isHome"] != goal.own_goal else "away"):
                damage(
                    "events",
                    f"event {index}: a goal credited to the scorer's opponents "
                    "is not marked an own goal (or the reverse)",
                )
            goals.append(goal)
        elif kind == "Card":
            cards.append(_card(event))
        elif kind == "Substitution":
            on, off = (_swap_id(person) for person in event["swap"])
            swaps.append((on or "", off or ""))
        elif kind == "Half":
            markers.add(event["halfStrShort"])
            score = _scores(event.get("homeScore"), event.get("awayScore"))
            if score is not None:
                half_scores[event["halfStrShort"]] = score
    minutes = [
        e["time"]
        for e in raw_events
        if isinstance(e, dict)
        and isinstance(e.get("time"), int)
        and not isinstance(e.get("time"), bool)
    ]
    return MatchEvents(
        goals=tuple(goals),
        cards=tuple(cards),
        half_scores=half_scores,
        last_minute=max(minutes) if minutes else None,
        player_ids=frozenset(seen),
        markers=frozenset(markers),
        substitutions=tuple(swaps),
    )


# What each event type the grader reads must carry: (field, check, what it should be).
_TIMED = ("Goal", "Card", "Half", "Substitution")


def event_problem(event: Any) -> str | None:
    """Why an event cannot be trusted, or None (docs/rules/fotmob.md §3.5)."""
    if not isinstance(event, dict):
        return f"not an object ({_kind(event)})"
    kind = event.get("type")
    if not isinstance(kind, str) or not kind.strip():
        return f"type {kind!r:.20} is not an event type"
    if kind in _TIMED and not _is_int(event.get("time"), 0, 130):
        return f"{kind} time {event.get('time')!r:.20} is not a minute"
    if kind in ("Goal", "Card") and not isinstance(event.get("isHome"), bool):
        return f"{kind} isHome {event.get('isHome')!r:.20} is not true or false"
    if kind in ("Goal", "Card") and (
        not isinstance(event.get("player"), dict | None) or _player_id(event) is None
    ):
        return f"{kind} names no player"
    if kind == "Goal":
        return _goal_problem(event)
    if kind == "Card" and event.get("card") not in CARD_TYPES:
        return f"card {event.get('card')!r:.20} is not one of {', '.join(CARD_TYPES)}"
    if kind == "Half":
        return _half_problem(event)
    if kind == "Substitution":
        swap = event.get("swap")
        if not (
            isinstance(swap, list)
            and len(swap) == 2
            and all(isinstance(p, dict) and _swap_id(p) for p in swap)
        ):
            return "a substitution that does not name both players"
    return None


def _half_problem(event: dict[str, Any]) -> str | None:
    """A half marker names its half; its score is readable, or absent altogether (the
    late-2023 shape writes none)."""
    if not isinstance(event.get("halfStrShort"), str):
        return "a half marker that names no half"
    scores = (event.get("homeScore"), event.get("awayScore"))
    if scores == (None, None) or _scores(*scores) is not None:
        return None
    return f"a half marker with an unreadable score {scores!r:.30}"


def _goal_problem(event: dict[str, Any]) -> str | None:
    if event.get("ownGoal") not in (None, True, False):
        return f"ownGoal {event.get('ownGoal')!r:.20} is not true, false or null"
    if event.get("isPenaltyShootoutEvent") not in (None, True, False):
        return "isPenaltyShootoutEvent is not true, false or null"
    new_score = event.get("newScore")
    if (
        new_score is not None
        and _scores(
            *(new_score if isinstance(new_score, list) and len(new_score) == 2 else (None, None))
        )
        is None
    ):
        return f"newScore {new_score!r:.20} is not a score"
    for field in ("playerId", "assistPlayerId"):
        if event.get(field) is not None and id_str(event.get(field)) is None:
            return f"{field} {event.get(field)!r:.20} is not an id"
    return None


def _swap_id(person: dict[str, Any]) -> str | None:
    """A substituted player's id (the 2020 shape gives only a profile URL)."""
    return id_str(person.get("id")) or id_from_url(person.get("profileUrl"))


def _people(event: dict[str, Any]) -> set[str]:
    """The player ids an event names (scorer, assistant, booked player, substitutes)."""
    ids = {_player_id(event), id_str(event.get("assistPlayerId"))}
    for swapped in event.get("swap") or () if isinstance(event.get("swap"), list) else ():
        if isinstance(swapped, dict):
            ids.add(_swap_id(swapped))
    return {i for i in ids if i}


def _is_int(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _kind(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


def _minute(event: dict[str, Any]) -> int:
    value = event.get("time")
    return value if isinstance(value, int) else 0


def _side(event: dict[str, Any]) -> str:
    return "home" if event.get("isHome") else "away"


def _player_id(event: dict[str, Any]) -> str | None:
    player = table(event, "player")
    return (
        id_str(player.get("id"))
        or id_str(event.get("playerId"))
        or id_from_url(event.get("profileUrl"))
    )


def _player_name(event: dict[str, Any]) -> str | None:
    player = table(event, "player")
    name = player.get("name") or event.get("fullName") or event.get("nameStr")
    # 2020 shape: nameStr "Kevin De Bruyne, Penalty"
    return name.split(",")[0].strip() if isinstance(name, str) else None


def _goal(event: dict[str, Any], running: tuple[int, int]) -> tuple[Goal, tuple[int, int]]:
    own_goal = bool(event.get("ownGoal"))
    new_score = _scores(*(event.get("newScore") or (None, None)))
    # docs/rules/fotmob.md §3.5: decide the credited side from the newScore delta, not from
    # isHome, which gives the scorer's side on own goals.
    if new_score is not None and new_score[0] > running[0]:
        side = "home"
    elif new_score is not None and new_score[1] > running[1]:
        side = "away"
    else:
        scorer_home = bool(event.get("isHome"))
        side = "home" if scorer_home != own_goal else "away"
    if new_score is None:
        new_score = (running[0] + (side == "home"), running[1] + (side == "away"))
    assist = id_str(event.get("assistPlayerId")) or id_from_url(event.get("assistProfileUrl"))
    goal = Goal(
        minute=_minute(event),
        side=side,
        scorer_id=_player_id(event),
        scorer_name=_player_name(event),
        own_goal=own_goal,
        assist_id=None if own_goal else assist,
        **_how_scored(event),
    )
    return goal, new_score


def _how_scored(event: dict[str, Any]) -> dict[str, bool | None]:
    """Header, from outside the box, penalty: from the goal's shot (``shotmapEvent``), else
    its description key (docs/rules/fotmob.md §3.5); None where neither says."""
    shot = event.get("shotmapEvent")
    shot = shot if isinstance(shot, dict) else {}
    key = event.get("goalDescriptionKey")
    described = isinstance(key, str) and bool(key)
    body, situation = shot.get("shotType"), shot.get("situation")
    header = (
        True
        if body == "Header" or key == "header"
        else False
        if isinstance(body, str) or described
        else None
    )
    penalty = (
        True
        if situation == "Penalty" or key == "penalty"
        else False
        if isinstance(situation, str) or described
        else None
    )
    inside = shot.get("isFromInsideBox")
    outside = False if penalty else (not inside) if isinstance(inside, bool) else None
    return {"header": header, "outside_box": outside, "penalty": penalty}


def _card(event: dict[str, Any]) -> Card:
    description = event.get("cardDescription")
    context = description.get("localizedKey") if isinstance(description, dict) else None
    return Card(
        minute=_minute(event),
        side=_side(event),
        player_id=_player_id(event),
        player_name=_player_name(event),
        card=str(event["card"]),
        off_pitch=context in ("coach", "not_on_pitch"),
    )


def _scores(home: Any, away: Any) -> tuple[int, int] | None:
    if _is_int(home, 0, 99) and _is_int(away, 0, 99):
        return (home, away)
    return None


def counted_cards(cards: Iterable[Card], unused_ids: set[str], up_to: int) -> list[Card]:
    """Cards that betting rules count: on-field players, shown by minute ``up_to``.

    docs/rules/settlement.md §1.5: cards to coaches, bench or unused players, after the final
    whistle and in extra time never count; FotMob marks the first two with ``cardDescription``.
    """
    return [
        c for c in cards if not c.off_pitch and c.minute <= up_to and c.player_id not in unused_ids
    ]
