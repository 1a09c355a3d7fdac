"""PlayerFacts from lineups + events + shot map, and the team card counts.

Regulation values are derived from timed events only where the derivation is checked:
the same count over the whole match must equal the provider's figure, otherwise the
stat is left out of ``regulation`` (docs/design.md: "omitted for a stat that cannot be derived").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from grading.core.facts import PlayerFacts
from grading.core.fotmob._damage import Damage
from grading.core.fotmob._events import (
    EXTRA_TIME_END,
    REGULATION_END,
    Card,
    MatchEvents,
    counted_cards,
)
from grading.core.fotmob._lineup import LineupPlayer, Lineups
from grading.core.fotmob._shots import ShotCounts
from grading.core.fotmob._stat_lines import SPARSE_SOURCES
from grading.core.timeline import CardEvent, GoalEvent, Timeline, card_tally


def build_players(
    lineups: Lineups,
    events: MatchEvents,
    shots: ShotCounts,
    extra_time: bool,
    damage: Damage,
    zero: frozenset[str] = frozenset(),
) -> tuple[PlayerFacts, ...]:
    """One PlayerFacts for every listed player; empty when the payload has no lineup. A
    player whose stat line is damaged, or whose goals disagree with the goal events,
    carries the reason in ``damaged``. A sparse count (docs/rules/fotmob.md §3.7) is 0 for
    a player without it when the match lists it for someone, or ``zero`` names it (the
    team stat says nobody had any)."""
    unused = _unused_ids(lineups)
    end = EXTRA_TIME_END if extra_time else REGULATION_END
    full_events = _EventCounts(events, counted_cards(events.cards, unused, EXTRA_TIME_END), end)
    reg_events = _EventCounts(
        events, counted_cards(events.cards, unused, REGULATION_END), REGULATION_END
    )
    sent_off = {c.player_id: c.minute for c in full_events.cards if c.card != "Yellow"}
    carried = zero | {
        stat
        for lp in lineups.players
        for stat in SPARSE_SOURCES
        if lp.stats is not None and stat in lp.stats
    }
    out = []
    for lp in lineups.players:
        appeared = lp.started or lp.sub_on is not None or bool(lp.minutes)
        full = _full_line(lp, full_events, shots, carried) if appeared else {}
        if not extra_time or not appeared:
            regulation = dict(full)
        else:
            regulation = _regulation_line(lp, full, reg_events, full_events, shots)
        problems = list(lp.problems)
        if appeared and lp.stats is not None and "events" not in damage:
            problems += _disagreements(lp, full_events)
        out.append(
            PlayerFacts(
                id=lp.id,
                name=lp.name,
                side=lp.side,
                in_squad=lp.in_squad,
                started=lp.started,
                minutes=_minutes(lp, end, sent_off.get(lp.id), appeared),
                regulation=regulation,
                full=full,
                unavailable=lp.unavailable,
                left_minute=lp.sub_off if lp.sub_off is not None else sent_off.get(lp.id),
                damaged=f"{lp.name}'s stat line is damaged: {problems[0]}" if problems else None,
                entered_minute=None if lp.started else lp.sub_on,
            )
        )
    return tuple(out)


def team_card_counts(events: MatchEvents, lineups: Lineups) -> dict[str, tuple[int, int]]:
    """Regulation cards of on-field players, kept apart: first yellows, second yellows, reds.

    docs/rules/fotmob.md §3.8: FotMob's team ``yellow_cards`` counts bench cards and drops the first
    yellow of a player sent off for a second one, so events are the truth.
    """
    return card_tally(counted_cards(events.cards, _unused_ids(lineups), REGULATION_END))


def build_timeline(events: MatchEvents, lineups: Lineups) -> Timeline:
    """Goals in scoring order and the cards betting rules count, in the order shown
    (docs/rules/settlement.md §1.10); the shootout (minute 121) is left out."""
    goals = tuple(
        GoalEvent(
            g.minute,
            g.side,
            g.scorer_id,
            g.scorer_name,
            g.own_goal,
            g.assist_id,
            g.header,
            g.outside_box,
            g.penalty,
        )
        for g in events.goals
    )
    cards = tuple(
        CardEvent(c.minute, c.side, c.player_id, c.player_name, c.card)
        for c in counted_cards(events.cards, _unused_ids(lineups), EXTRA_TIME_END)
    )
    return Timeline(goals=goals, cards=cards)


def _unused_ids(lineups: Lineups) -> set[str]:
    """Coaches, and squad players who never came on: their cards never count."""
    unused = set(lineups.coach_ids)
    for lp in lineups.players:
        if lp.id and not lp.started and lp.sub_on is None and not lp.minutes:
            unused.add(lp.id)
    return unused


def _with_implied_first_yellows(cards: list[Card]) -> list[Card]:
    """A second yellow implies a first one; add it where the feed left it out."""
    yellows = {c.player_id for c in cards if c.card == "Yellow"}
    implied = [
        Card(c.minute, c.side, c.player_id, c.player_name, "Yellow", False)
        for c in cards
        if c.card == "YellowRed" and c.player_id not in yellows
    ]
    return cards + implied


class _EventCounts:
    """Per-player goals, own goals, assists and cards up to a minute."""

    def __init__(self, events: MatchEvents, cards: list[Card], up_to: int) -> None:
        goals = [g for g in events.goals if g.minute <= up_to]
        self.cards = _with_implied_first_yellows(cards)
        self.goals = _ids(g.scorer_id for g in goals if not g.own_goal)
        self.own_goals = _ids(g.scorer_id for g in goals if g.own_goal)
        self.assists = _ids(g.assist_id for g in goals)
        self.yellows = _ids(c.player_id for c in self.cards if c.card == "Yellow")
        self.reds = _ids(c.player_id for c in self.cards if c.card != "Yellow")
        self.carries_assists = any(g.assist_id for g in events.goals)

    def line(self, pid: str | None) -> dict[str, int]:
        line = {
            "goals": self.goals[pid],
            "own_goals": self.own_goals[pid],
            "yellow_cards": self.yellows[pid],
            "red_cards": self.reds[pid],
        }
        if self.carries_assists:
            line["assists"] = self.assists[pid]
        return line


def _disagreements(lp: LineupPlayer, counts: _EventCounts) -> list[str]:
    """The stat line against the goal events (every recorded line agrees): goals always,
    assists when the events carry assists."""
    stats = lp.stats or {}
    checked = ("goals", "assists") if counts.carries_assists else ("goals",)
    return [
        f"{stats[stat]} {stat} in the stat line, {events[lp.id]} in the goal events"
        for stat, events in (("goals", counts.goals), ("assists", counts.assists))
        if stat in checked and stat in stats and stats[stat] != events[lp.id]
    ]


def _full_line(
    lp: LineupPlayer, counts: _EventCounts, shots: ShotCounts, carried: set[str] | frozenset[str]
) -> dict[str, int]:
    from_events = counts.line(lp.id)
    if lp.stats is None:
        return from_events
    # The provider's line wins for what it carries; cards and own goals come from events,
    # shot splits from the shot map.
    splits = shots.player_splits(lp.id, lp.stats.get("shots"), regulation=False)
    return {
        **splits,
        **dict.fromkeys(carried - lp.unknown, 0),
        **lp.stats,
        "own_goals": from_events["own_goals"],
        "yellow_cards": from_events["yellow_cards"],
        "red_cards": from_events["red_cards"],
    }


def _regulation_line(
    lp: LineupPlayer,
    full: dict[str, int],
    reg: _EventCounts,
    whole: _EventCounts,
    shots: ShotCounts,
) -> dict[str, int]:
    derived = {}
    reg_line, whole_line = reg.line(lp.id), whole.line(lp.id)
    for stat, value in reg_line.items():
        if stat not in full or full[stat] == whole_line[stat]:
            derived[stat] = value
    splits = shots.player_splits(lp.id, full.get("shots"), regulation=True)
    if splits and full.get("shots_on_target") != shots.full["shots_on_target"][lp.id or ""]:
        del splits["shots_on_target"]
    derived.update(splits)
    return derived


def _minutes(lp: LineupPlayer, end: int, sent_off: int | None, appeared: bool) -> int:
    if lp.minutes is not None and (lp.minutes > 0 or not appeared):
        return lp.minutes
    if not appeared:
        return 0
    start = lp.sub_on or 0
    stop = min(x for x in (lp.sub_off, sent_off, end) if x is not None)
    return max(1, stop - start)


def _ids(ids: Iterable[str | None]) -> Counter[str | None]:
    """Count events by player id; events without an id belong to nobody."""
    return Counter[str | None](i for i in ids if i)
