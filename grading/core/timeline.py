"""A match's timed events (goals and counted cards) and its per-half team stats. Pure.

Part of the MatchFacts contract as a compatible extension (docs/design.md, docs/rules/
settlement.md §1.10): ``timeline`` is ``{"goals": [...], "cards": [...]}``, absent when the
source's events cannot be trusted or were never read; ``team_stats_halves`` is
``{"1st": {stat: [home, away]}, "2nd": {...}}``, absent when the source splits no period.

Minutes follow the source: stoppage time keeps the half's last minute (45 or 90), so a
goal at minute <= 45 is a first-half goal and one at 46-90 a second-half goal; extra time is
91-120 and never counts (docs/rules/settlement.md §1.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

FIRST_HALF_END = 45
REGULATION_END = 90
PERIODS = ("ft", "1st", "2nd")  # full time (regulation), first half, second half
_SPAN = {
    "ft": (0, REGULATION_END),
    "1st": (0, FIRST_HALF_END),
    "2nd": (FIRST_HALF_END + 1, REGULATION_END),
}

Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoalEvent:
    """One goal, credited to ``side`` (an own goal counts for the scorer's opponents).

    ``header``, ``outside_box`` and ``penalty`` are None when the source does not say.
    """

    minute: int
    side: str
    scorer_id: str | None
    scorer: str | None
    own_goal: bool = False
    assist_id: str | None = None
    header: bool | None = None
    outside_box: bool | None = None
    penalty: bool | None = None


@dataclass(frozen=True, slots=True)
class CardEvent:
    """A card that betting rules count: shown to a player on the pitch, in play
    (docs/rules/settlement.md §1.5); ``card`` is Yellow, YellowRed or Red."""

    minute: int
    side: str
    player_id: str | None
    player: str | None
    card: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """Goals in the order they were scored, counted cards in the order they were shown."""

    goals: tuple[GoalEvent, ...] = ()
    cards: tuple[CardEvent, ...] = ()
    # each period's goals, cards and score, worked out once (settlement asks many times)
    _by_period: dict[str, tuple[list[GoalEvent], list[CardEvent], Pair]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_period = {}
        for period, (low, high) in _SPAN.items():
            goals = [g for g in self.goals if low <= g.minute <= high]
            cards = [c for c in self.cards if low <= c.minute <= high]
            by_period[period] = (goals, cards, _count_sides(g.side for g in goals))
        object.__setattr__(self, "_by_period", by_period)

    def goals_in(self, period: str) -> list[GoalEvent]:
        """The goals of ``ft`` (regulation), ``1st`` or ``2nd`` half, in order (a copy)."""
        return list(self._by_period[period][0])

    def cards_in(self, period: str) -> list[CardEvent]:
        return list(self._by_period[period][1])

    def score_in(self, period: str) -> Pair:
        return self._by_period[period][2]

    def to_json(self) -> dict[str, Any]:
        return {
            "goals": [_goal_json(g) for g in self.goals],
            "cards": [
                {
                    "minute": c.minute,
                    "side": c.side,
                    "player_id": c.player_id,
                    "player": c.player,
                    "card": c.card,
                }
                for c in self.cards
            ],
        }

    @classmethod
    def from_json(cls, raw: Any) -> Timeline:
        """Read the contract's object; ValueError with the field at fault otherwise."""
        if not isinstance(raw, dict):
            raise ValueError("timeline must be an object")
        return cls(
            goals=tuple(_goal_from(g) for g in raw.get("goals") or ()),
            cards=tuple(_card_from(c) for c in raw.get("cards") or ()),
        )


class Shown(Protocol):
    """A card as any reader of a source holds it."""

    @property
    def side(self) -> str: ...
    @property
    def player_id(self) -> str | None: ...
    @property
    def card(self) -> str: ...


# The team card counts settlement weighs (docs/rules/settlement.md §1.5), by kind of card.
CARD_COUNTS = {
    "yellow_cards": "Yellow",
    "second_yellow_cards": "YellowRed",
    "straight_red_cards": "Red",
}


def card_tally(cards: Sequence[Shown], shown: Iterable[Shown] | None = None) -> dict[str, Pair]:
    """First yellows, second yellows and straight reds of ``cards`` by side; a second yellow
    implies the player's first one when the feed left it out of ``shown`` (default:
    ``cards``), counted with the second."""
    yellows = {c.player_id for c in (cards if shown is None else shown) if c.card == "Yellow"}
    implied = [c.side for c in cards if c.card == "YellowRed" and c.player_id not in yellows]
    tally = {
        name: _count_sides(c.side for c in cards if c.card == kind)
        for name, kind in CARD_COUNTS.items()
    }
    home, away = tally["yellow_cards"]
    tally["yellow_cards"] = (home + implied.count("home"), away + implied.count("away"))
    return tally


def _count_sides(sides: Iterable[str]) -> Pair:
    listed = list(sides)
    return (listed.count("home"), listed.count("away"))


_GOAL_FLAGS = ("header", "outside_box", "penalty")


def _goal_json(goal: GoalEvent) -> dict[str, Any]:
    out: dict[str, Any] = {
        "minute": goal.minute,
        "side": goal.side,
        "scorer_id": goal.scorer_id,
        "scorer": goal.scorer,
        "own_goal": goal.own_goal,
        "assist_id": goal.assist_id,
    }
    out.update(
        (flag, getattr(goal, flag)) for flag in _GOAL_FLAGS if getattr(goal, flag) is not None
    )
    return out


def _goal_from(raw: Any) -> GoalEvent:
    if not isinstance(raw, dict):
        raise ValueError("timeline.goals holds objects")
    flags = {flag: _flag(raw.get(flag), flag) for flag in _GOAL_FLAGS}
    return GoalEvent(
        minute=_minute(raw),
        side=_side(raw),
        scorer_id=_text(raw.get("scorer_id")),
        scorer=_text(raw.get("scorer")),
        own_goal=_flag(raw.get("own_goal"), "own_goal") or False,
        assist_id=_text(raw.get("assist_id")),
        **flags,
    )


def _card_from(raw: Any) -> CardEvent:
    if not isinstance(raw, dict):
        raise ValueError("timeline.cards holds objects")
    card = raw.get("card")
    if card not in ("Yellow", "YellowRed", "Red"):
        raise ValueError(f"timeline card {card!r:.20} is not Yellow, YellowRed or Red")
    return CardEvent(
        minute=_minute(raw),
        side=_side(raw),
        player_id=_text(raw.get("player_id")),
        player=_text(raw.get("player")),
        card=card,
    )


def _minute(raw: dict[str, Any]) -> int:
    minute = raw.get("minute")
    if isinstance(minute, bool) or not isinstance(minute, int) or not 0 <= minute <= 130:
        raise ValueError(f"timeline minute {minute!r:.20} is not a minute")
    return minute


def _side(raw: dict[str, Any]) -> str:
    side = raw.get("side")
    if side not in ("home", "away"):
        raise ValueError(f"timeline side {side!r:.20} is not home or away")
    return str(side)


def _flag(value: Any, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"timeline {name} {value!r:.20} is not true, false or null")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def halves_json(halves: dict[str, dict[str, Pair]]) -> dict[str, dict[str, list[int]]]:
    return {
        period: {stat: [pair[0], pair[1]] for stat, pair in stats.items()}
        for period, stats in halves.items()
    }
