"""Timed match events (goals, cards, half markers) in one normalized form.

docs/rules/fotmob.md §3.5: ``time`` is 45 or 90 for stoppage time (with ``overloadTime`` > 0),
91-120 in extra time and 121 for the shootout. Shootout kicks live in ``penaltyShootoutEvents`` and
are never read here; a card shown during the shootout has ``time`` 121.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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

    def regulation_goals(self) -> list[Goal]:
        return [g for g in self.goals if g.minute <= REGULATION_END]

    def played_in_extra_time(self) -> bool:
        timed = [g.minute for g in self.goals] + [c.minute for c in self.cards]
        return "AET" in self.half_scores or any(
            REGULATION_END < m <= EXTRA_TIME_END for m in timed
        )


def read_events(raw_events: Any) -> MatchEvents:
    """Normalize ``content.matchFacts.events.events`` (any shape since 2020)."""
    events = [e for e in raw_events or () if isinstance(e, dict)]
    goals, cards = [], []
    half_scores: dict[str, tuple[int, int]] = {}
    running = (0, 0)
    for event in events:
        kind = event.get("type")
        if kind == "Goal" and not event.get("isPenaltyShootoutEvent"):
            goal, running = _goal(event, running)
            goals.append(goal)
        elif kind == "Card" and event.get("card") in CARD_TYPES:
            cards.append(_card(event))
        elif kind == "Half":
            score = _scores(event.get("homeScore"), event.get("awayScore"))
            marker = event.get("halfStrShort")
            if marker and score is not None:
                half_scores[marker] = score
    minutes = [e["time"] for e in events if isinstance(e.get("time"), int)]
    return MatchEvents(
        goals=tuple(goals),
        cards=tuple(cards),
        half_scores=half_scores,
        last_minute=max(minutes) if minutes else None,
    )


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
    # docs/rules/fotmob.md §3.5: decide the credited side from the newScore delta, not from isHome,
    # which gives the scorer's side on own goals.
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
    )
    return goal, new_score


def _card(event: dict[str, Any]) -> Card:
    description = event.get("cardDescription")
    context = description.get("localizedKey") if isinstance(description, dict) else None
    return Card(
        minute=_minute(event),
        side=_side(event),
        player_id=_player_id(event),
        player_name=_player_name(event),
        card=event["card"],
        off_pitch=context in ("coach", "not_on_pitch"),
    )


def _scores(home: Any, away: Any) -> tuple[int, int] | None:
    if isinstance(home, int) and isinstance(away, int) and home >= 0 and away >= 0:
        return (home, away)
    return None


def counted_cards(cards: Iterable[Card], unused_ids: set[str], up_to: int) -> list[Card]:
    """Cards that betting rules count: on-field players, shown by minute ``up_to``.

    docs/rules/settlement.md §1.5: cards to coaches, bench or unused players, after the final
    whistle and in extra time never count; FotMob marks the first two with ``cardDescription``.
    """
    return [
        c for c in cards
        if not c.off_pitch and c.minute <= up_to and c.player_id not in unused_ids
    ]
