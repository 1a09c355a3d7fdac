"""Synthetic FotMob: fixtures on a virtual timeline, answering as they would look at that
moment (not finished before the final whistle), behind a synthetic rate limit.

A fixture's final state is a MatchFacts (from a recorded payload, or generated); before its
kickoff it reads ``not_started``, then ``in_play`` until the whistle; a postponement is
announced at its own moment. Every answer is counted: calls, calls on fixtures not yet
settleable (wasted), 429s and 403s. Each request takes virtual time (``Latency``); a
pass's later requests happen later.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from grading.core.errors import RateLimited, SourceUnavailable
from grading.core.facts import MatchFacts, Score
from grading.core.fotmob.day_list import DayList, DayRow
from grading.core.http import Failure, classify
from grading.core.timeline import GoalEvent, Timeline
from sim.clock import INSTANT, Latency, SimClock
from sim.limits import RateModel, Unlimited
from sim.timings import MatchClock


@dataclass(frozen=True, slots=True)
class Fixture:
    """``kickoff_s`` (scheduled) and ``duration_s`` (scheduled kickoff to final whistle:
    kickoff delay, half-time, stoppage and any extra time included) in virtual seconds;
    ``final`` is how it ends; ``clock`` (when given) its phases, for the live minute."""

    final: MatchFacts
    kickoff_s: float
    duration_s: float = 6900.0
    announced_s: float | None = None  # postponed/cancelled: known from this moment
    clock: MatchClock | None = None
    league: str = "synthetic"
    # A goal VAR disallows: (minute, side, review minutes). It shows in play from its
    # minute, under a pending VAR check from the next minute, and is gone once reviewed.
    disallowed: tuple[int, str, int] | None = None

    @classmethod
    def timed(
        cls,
        final: MatchFacts,
        kickoff_s: float,
        clock: MatchClock,
        announced_s: float | None = None,
        league: str = "synthetic",
        disallowed: tuple[int, str, int] | None = None,
    ) -> Fixture:
        return cls(final, kickoff_s, clock.whistle_s, announced_s, clock, league, disallowed)

    @property
    def started_s(self) -> float:
        """When play actually began (the scheduled kickoff plus its delay)."""
        return self.kickoff_s + (self.clock.delay_s if self.clock is not None else 0.0)

    def live_minute(self, t: float) -> int | None:
        """The live ticker's minute at ``t`` while in play (None when not in play)."""
        if self.clock is None or not self.started_s <= t < self.end_s:
            return None
        return self.clock.live_minute(t - self.kickoff_s)

    @property
    def end_s(self) -> float:
        if self.final.status == "abandoned" and self.final.abandon_minute is not None:
            return self.started_s + self.final.abandon_minute * 60 + 900
        return self.kickoff_s + self.duration_s

    def facts_at(self, t: float, clock: SimClock) -> MatchFacts:
        kickoff = clock.start + timedelta(seconds=self.kickoff_s)
        stamp = kickoff.strftime("%Y-%m-%dT%H:%M:%SZ")
        final = self.final
        if final.status in ("postponed", "cancelled"):
            announced = self.kickoff_s if self.announced_s is None else self.announced_s
            if t < announced:
                return replace(as_of(final, None), status="not_started", kickoff_utc=stamp)
        elif t < self.started_s:
            return replace(as_of(final, None), status="not_started", kickoff_utc=stamp)
        elif t < self.end_s:
            return replace(as_of(final, self.live_minute(t), self.disallowed), kickoff_utc=stamp)
        return replace(final, kickoff_utc=stamp)


def _state(facts: MatchFacts) -> str:
    """A day-list row's state (grading.core.fotmob.day_list)."""
    if facts.status == "finished":
        return "finished"
    if facts.is_over:
        return "void"
    return facts.status


_AS_OF: dict[tuple[int, int | None, Any], tuple[MatchFacts, MatchFacts]] = {}


def as_of(
    final: MatchFacts, minute: int | None, disallowed: tuple[int, str, int] | None = None
) -> MatchFacts:
    """How a match that will end as ``final`` reads in play at ``minute``: its timeline and
    score so far (with a goal VAR will disallow while it is shown), no team stats or stat
    lines yet (nothing from the future leaks). The seed policy asks thousands of times a
    minute: each answer is made once."""
    key = (id(final), minute, disallowed)
    kept = _AS_OF.get(key)
    if kept is not None and kept[0] is final:
        return kept[1]
    if len(_AS_OF) >= 20_000:
        _AS_OF.clear()
    made = _as_of(final, minute, disallowed)
    _AS_OF[key] = (final, made)
    return made


def _as_of(
    final: MatchFacts, minute: int | None, disallowed: tuple[int, str, int] | None
) -> MatchFacts:
    timeline = final.timeline if minute is not None else None
    pending_var = False
    if timeline is not None and minute is not None:
        goals = [g for g in timeline.goals if g.minute <= minute]
        if disallowed is not None and disallowed[0] <= minute < disallowed[0] + disallowed[2]:
            goals.append(GoalEvent(disallowed[0], disallowed[1], None, "disallowed"))
            goals.sort(key=lambda goal: goal.minute)
            pending_var = minute > disallowed[0]
        timeline = Timeline(tuple(goals), tuple(c for c in timeline.cards if c.minute <= minute))
    score = (
        Score(regulation=timeline.score_in("ft"))
        if timeline is not None
        else Score(regulation=None)
    )
    players = tuple(replace(p, regulation={}, full={}) for p in final.players)
    return replace(
        final,
        status="in_play",
        abandon_minute=None,
        live_minute=minute,
        score=score,
        timeline=timeline,
        team_stats={},
        half_stats={},
        players=players,
        pending_var=pending_var,
    )


class SyntheticFotMob:
    """The :class:`grading.ports.FixtureSource` of a simulation."""

    def __init__(
        self,
        clock: SimClock,
        fixtures: Mapping[str, Fixture],
        limits: RateModel | None = None,
        rng: random.Random | None = None,
        latency: Latency = INSTANT,
        latency_rng: random.Random | None = None,
    ) -> None:
        self.clock = clock
        self.fixtures = dict(fixtures)
        self.limits = limits or Unlimited()
        self.rng = rng or random.Random(0)
        self.latency = latency
        self._latency_rng = latency_rng or random.Random(1)
        self._state = self.limits.start()
        # day lists, by date: (match id, fixture, scheduled kickoff)
        self._by_date: dict[str, list[tuple[str, Fixture, datetime]]] = {}
        for match_id, fixture in sorted(self.fixtures.items()):
            kickoff = clock.start + timedelta(seconds=fixture.kickoff_s)
            self._by_date.setdefault(kickoff.strftime("%Y%m%d"), []).append(
                (match_id, fixture, kickoff)
            )
        self.calls = 0
        self.wasted = 0
        self.rate_limited = 0
        self.forbidden = 0
        self.calls_by_fixture: Counter[str] = Counter()

    def day_list(self, date: str) -> DayList:
        """The synthetic fixtures kicking off on ``date`` (UTC), as a day list; a request
        like any other (latency, rate limit, counted)."""
        self._request("day list")
        rows = []
        for match_id, fixture, kickoff in self._by_date.get(date, ()):
            facts = fixture.facts_at(self.clock.t, self.clock)
            rows.append(
                DayRow(
                    match_id,
                    (facts.home.name,),
                    (facts.away.name,),
                    kickoff,
                    fixture.league,
                    "INT",
                    _state(facts),
                    live_minute=facts.live_minute,
                    score=facts.score.regulation
                    if facts.status in ("in_play", "finished")
                    else None,
                )
            )
        return DayList(date, tuple(rows))

    def fetch(self, match_id: str, pages: Sequence[str] = ()) -> MatchFacts:
        t = self._request(match_id)
        fixture = self.fixtures.get(match_id)
        if fixture is None:
            raise SourceUnavailable(f"no synthetic fixture {match_id}", kind=Failure.NOT_FOUND)
        facts = fixture.facts_at(t, self.clock)
        if not facts.is_over:
            self.wasted += 1
        return facts

    def _request(self, what: str) -> float:
        """One request at the virtual now: latency, then the rate model's decision."""
        t = self.clock.t
        self.clock.spend(self.latency.draw(self._latency_rng))
        self.calls += 1
        self.calls_by_fixture[what] += 1
        decision, self._state = self.limits.decide(self._state, t, self.rng)
        if not decision.allowed and decision.status != 429:
            self.forbidden += 1
            raise SourceUnavailable(
                f"synthetic FotMob {decision.status}",
                kind=classify(decision.status) or Failure.REFUSED,
            )
        if not decision.allowed:
            self.rate_limited += 1
            raise RateLimited("synthetic FotMob 429", decision.retry_after)
        return t
