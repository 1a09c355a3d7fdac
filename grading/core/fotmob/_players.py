"""PlayerFacts from lineups + events + shot map, and the team card counts.

Regulation values are derived from timed events only where the derivation is checked:
the same count over the whole match must equal the provider's figure, otherwise the
stat is left out of ``regulation`` (docs/design.md: "omitted for a stat that cannot be derived").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

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
from grading.core.fotmob._values import id_str, table

# docs/rules/fotmob.md §3.5 / our shot-map check: shot-map periods, and which shots are on target
# (a goal, or a save that was not a block; blocked attempts also carry isOnTarget).
_REGULATION_PERIODS = ("FirstHalf", "SecondHalf")
_MATCH_PERIODS = (*_REGULATION_PERIODS, "FirstHalfExtra", "SecondHalfExtra")


def build_players(lineups: Lineups, events: MatchEvents, content: dict[str, Any],
                  extra_time: bool, damage: Damage) -> tuple[PlayerFacts, ...]:
    """One PlayerFacts for every listed player; empty when the payload has no lineup. A
    player whose stat line is damaged, or whose goals disagree with the goal events,
    carries the reason in ``damaged``."""
    unused = _unused_ids(lineups)
    end = EXTRA_TIME_END if extra_time else REGULATION_END
    full_events = _EventCounts(events, counted_cards(events.cards, unused, EXTRA_TIME_END), end)
    reg_events = _EventCounts(events, counted_cards(events.cards, unused, REGULATION_END),
                              REGULATION_END)
    shots = _ShotCounts(content, damage)
    sent_off = {c.player_id: c.minute for c in full_events.cards if c.card != "Yellow"}
    out = []
    for lp in lineups.players:
        appeared = lp.started or lp.sub_on is not None or bool(lp.minutes)
        full = _full_line(lp, full_events) if appeared else {}
        if not extra_time or not appeared:
            regulation = dict(full)
        else:
            regulation = _regulation_line(lp, full, reg_events, full_events, shots)
        problems = list(lp.problems)
        if appeared and lp.stats is not None and "events" not in damage:
            problems += _disagreements(lp, full_events)
        out.append(PlayerFacts(
            id=lp.id, name=lp.name, side=lp.side, in_squad=lp.in_squad,
            started=lp.started, minutes=_minutes(lp, end, sent_off.get(lp.id), appeared),
            regulation=regulation, full=full, unavailable=lp.unavailable,
            left_minute=lp.sub_off if lp.sub_off is not None else sent_off.get(lp.id),
            damaged=f"{lp.name}'s stat line is damaged: {problems[0]}" if problems else None,
        ))
    return tuple(out)


def team_card_counts(events: MatchEvents, lineups: Lineups) -> dict[str, tuple[int, int]]:
    """Regulation cards of on-field players, kept apart: first yellows, second yellows, reds.

    docs/rules/fotmob.md §3.8: FotMob's team ``yellow_cards`` counts bench cards and drops the first
    yellow of a player sent off for a second one, so events are the truth.
    """
    cards = _with_implied_first_yellows(counted_cards(events.cards, _unused_ids(lineups),
                                                      REGULATION_END))
    out = {}
    for name, card in (("yellow_cards", "Yellow"), ("second_yellow_cards", "YellowRed"),
                       ("straight_red_cards", "Red")):
        out[name] = (sum(c.card == card and c.side == "home" for c in cards),
                     sum(c.card == card and c.side == "away" for c in cards))
    return out


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
    implied = [Card(c.minute, c.side, c.player_id, c.player_name, "Yellow", False)
               for c in cards if c.card == "YellowRed" and c.player_id not in yellows]
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
        line = {"goals": self.goals[pid], "own_goals": self.own_goals[pid],
                "yellow_cards": self.yellows[pid], "red_cards": self.reds[pid]}
        if self.carries_assists:
            line["assists"] = self.assists[pid]
        return line


class _ShotCounts:
    """Per-player shots and shots on target from ``content.shotmap.shots`` by period."""

    def __init__(self, content: dict[str, Any], damage: Damage) -> None:
        raw = table(content, "shotmap").get("shots")
        problem = _shotmap_problem(raw)
        if problem is not None:
            damage("shotmap", problem)
            raw = []
        shots = [s for s in raw or () if not s.get("isOwnGoal")]
        self.available = bool(shots)
        self.full = self._count(shots, _MATCH_PERIODS)
        self.regulation = self._count(shots, _REGULATION_PERIODS)

    @staticmethod
    def _count(shots: list[dict[str, Any]],
               periods: tuple[str, ...]) -> dict[str, Counter[str | None]]:
        chosen = [s for s in shots if s.get("period") in periods]
        on_target = [s for s in chosen if s.get("eventType") == "Goal"
                     or (s.get("eventType") == "AttemptSaved" and not s.get("isBlocked"))]
        return {"shots": Counter[str | None](str(s.get("playerId")) for s in chosen),
                "shots_on_target": Counter[str | None](str(s.get("playerId"))
                                                       for s in on_target)}


def _disagreements(lp: LineupPlayer, counts: _EventCounts) -> list[str]:
    """The stat line against the goal events (every recorded line agrees): goals always,
    assists when the events carry assists."""
    stats = lp.stats or {}
    checked = ("goals", "assists") if counts.carries_assists else ("goals",)
    return [f"{stats[stat]} {stat} in the stat line, {events[lp.id]} in the goal events"
            for stat, events in (("goals", counts.goals), ("assists", counts.assists))
            if stat in checked and stat in stats and stats[stat] != events[lp.id]]


def _shotmap_problem(shots: Any) -> str | None:
    """Why the shot map cannot be trusted, or None (it is only read to split shots at 90')."""
    if shots is None:
        return None
    if not isinstance(shots, list):
        return "the shot list is not a list"
    for index, shot in enumerate(shots):
        if not isinstance(shot, dict) or not isinstance(shot.get("period"), str) or \
                not isinstance(shot.get("eventType"), str) or \
                shot.get("isBlocked") not in (None, True, False) or \
                shot.get("isOwnGoal") not in (None, True, False) or \
                id_str(shot.get("playerId")) is None:
            return f"shot {index} is damaged"
    return None


def _full_line(lp: LineupPlayer, counts: _EventCounts) -> dict[str, int]:
    from_events = counts.line(lp.id)
    if lp.stats is None:
        return from_events
    # The provider's line wins for what it carries; cards and own goals come from events.
    return {**lp.stats, "own_goals": from_events["own_goals"],
            "yellow_cards": from_events["yellow_cards"], "red_cards": from_events["red_cards"]}


def _regulation_line(lp: LineupPlayer, full: dict[str, int], reg: _EventCounts,
                     whole: _EventCounts, shots: _ShotCounts) -> dict[str, int]:
    derived = {}
    reg_line, whole_line = reg.line(lp.id), whole.line(lp.id)
    for stat, value in reg_line.items():
        if stat not in full or full[stat] == whole_line[stat]:
            derived[stat] = value
    if shots.available:
        for stat in ("shots", "shots_on_target"):
            if full.get(stat) == shots.full[stat][lp.id]:
                derived[stat] = shots.regulation[stat][lp.id]
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
