"""When a synthetic match starts, breaks and ends: a model fitted to 47 real matches.

docs/rules/timings.md gives the data, the method and the fit: kickoff delay and half-time
are normal (truncated to a little beyond what was seen), each half's stoppage time is
lognormal (the first half's heavy tail is real: one first half ran 27.5 minutes over, so the
final whistle's tail reaches 130-140 minutes), clipped at 35 minutes. Extra time (one match
in the data) is two 15-minute halves with short lognormal stoppage, after a 5-minute break.
``bench/fit_timings.py`` re-derives the constants and draws the fit against the data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HALF_S = 45 * 60
EXTRA_HALF_S = 15 * 60
_EXTRA_BREAK_S = 5 * 60  # the live minute shows 90 through the break before extra time


@dataclass(frozen=True, slots=True)
class Normal:
    mean_min: float
    sd_min: float
    low_min: float
    high_min: float

    def draw_s(self, rng: random.Random) -> float:
        return 60 * min(self.high_min, max(self.low_min, rng.gauss(self.mean_min, self.sd_min)))


@dataclass(frozen=True, slots=True)
class LogNormal:
    mu: float  # of the natural log of minutes
    sigma: float
    cap_min: float

    def draw_s(self, rng: random.Random) -> float:
        return 60 * min(self.cap_min, rng.lognormvariate(self.mu, self.sigma))


@dataclass(frozen=True, slots=True)
class MatchTimings:
    """The fitted model (docs/rules/timings.md §2); ``draw`` gives one match's clock."""

    kickoff_delay: Normal = Normal(1.1779, 1.0951, -1.5, 5.0)
    first_stoppage: LogNormal = LogNormal(0.6028, 1.0175, 35.0)
    half_time: Normal = Normal(15.8091, 0.8233, 13.0, 19.0)
    second_stoppage: LogNormal = LogNormal(1.6989, 0.3309, 35.0)
    extra_break: Normal = Normal(5.0, 0.5, 4.0, 7.0)
    extra_stoppage: LogNormal = LogNormal(0.4, 0.4, 10.0)

    def draw(self, rng: random.Random, extra_time: bool = False) -> MatchClock:
        delay = self.kickoff_delay.draw_s(rng)
        first = HALF_S + self.first_stoppage.draw_s(rng)
        interval = self.half_time.draw_s(rng)
        second = HALF_S + self.second_stoppage.draw_s(rng)
        extra = 0.0
        if extra_time:
            extra = (
                self.extra_break.draw_s(rng)
                + 2 * EXTRA_HALF_S
                + 60
                + self.extra_stoppage.draw_s(rng)
                + self.extra_stoppage.draw_s(rng)
            )
        return MatchClock(delay, first, interval, second, extra)


CALIBRATED = MatchTimings()


@dataclass(frozen=True, slots=True)
class MatchClock:
    """One match's phases in seconds: the kickoff's delay after the scheduled time, the
    halves (stoppage included), half-time, and extra time (0 when none was played)."""

    delay_s: float
    first_half_s: float
    half_time_s: float
    second_half_s: float
    extra_s: float = 0.0

    @property
    def whistle_s(self) -> float:
        """Scheduled kickoff to the final whistle."""
        return (
            self.delay_s + self.first_half_s + self.half_time_s + self.second_half_s + self.extra_s
        )

    def minute_start_s(self, minute: int) -> float:
        """When the ticker first shows regulation ``minute`` (1-90), after the scheduled
        kickoff: the inverse of :meth:`live_minute`."""
        if minute <= 45:
            return self.delay_s + (minute - 1) * 60
        return self.delay_s + self.first_half_s + self.half_time_s + (minute - 46) * 60

    def live_minute(self, since_kickoff_s: float) -> int | None:
        """The minute a live ticker shows ``since_kickoff_s`` after the scheduled kickoff:
        None before kickoff and after the whistle; stoppage keeps 45 or 90; half-time shows
        45; extra time counts on from 91."""
        t = since_kickoff_s - self.delay_s
        if t < 0 or since_kickoff_s >= self.whistle_s:
            return None
        if t < self.first_half_s:
            return min(45, int(t // 60) + 1)
        t -= self.first_half_s
        if t < self.half_time_s:
            return 45
        t -= self.half_time_s
        if t < self.second_half_s:
            return min(90, 46 + int(t // 60))
        t -= self.second_half_s
        if t < _EXTRA_BREAK_S:
            return 90
        return min(120, 91 + int((t - _EXTRA_BREAK_S) // 60))


def legacy_clock(rng: random.Random, extra_time: bool) -> MatchClock:
    """The testbench's first world: 105 minutes plus a uniform 3-12 (and 35 for extra time),
    with no kickoff delay; every scenario has left it, and it stays only for the comparison
    ``bench/fit_timings.py`` draws (docs/rules/timings.md §3)."""
    stoppage_s = rng.uniform(3, 12) * 60
    return MatchClock(0.0, HALF_S, 15 * 60, HALF_S + stoppage_s, 35 * 60 if extra_time else 0.0)
