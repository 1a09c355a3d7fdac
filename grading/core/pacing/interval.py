"""Pacing policies: small frozen objects with pure transitions (tenacity's wait objects, with
the clock and the random source injected instead of global).

:class:`AdaptiveInterval` is the seed's loop interval: start at 300 s, double on a rate
limit, halve after 3 consecutive successes, clamped to [60 s, 3600 s]. With ``jitter=0`` it
reproduces the seed exactly, so the simulation can compare the seed against better policies.
:class:`BatchSizer` is the seed's sync batch size: 50, down to 10 after a rate limit, +5 per
clean pass, at most 100. :class:`SteadyBatch` keeps one size: Google meters Sheets requests,
not rows (SHEETS.md 3-4: a batch counts as one request), so shrinking a batch after a 429
only adds requests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class IntervalState:
    """Where a loop's pacing stands: the current interval and the success streak."""

    interval_s: float
    consecutive_successes: int = 0


@dataclass(frozen=True, slots=True)
class AdaptiveInterval:
    initial_s: float = 300.0
    min_s: float = 60.0
    max_s: float = 3600.0
    backoff_factor: float = 2.0
    speedup_factor: float = 2.0
    successes_to_speed_up: int = 3
    jitter: float = 0.0               # +/- fraction of the interval, drawn per wait
    honor_retry_after: bool = True    # never wake before a Retry-After the source gave
    # Follow the work instead of the clock: after a clean pass, wake when the next item is
    # due, and when none is, rest up to ``idle_max_s`` (the seed: off).
    follow_due: bool = False
    idle_max_s: float = 1800.0

    def __post_init__(self) -> None:
        if not 0 < self.min_s <= self.max_s:
            raise ValueError(f"need 0 < min_s <= max_s, got {self.min_s} and {self.max_s}")
        if not 0 <= self.jitter < 1:
            raise ValueError(f"jitter must be in [0, 1), got {self.jitter}")
        if self.backoff_factor < 1 or self.speedup_factor < 1:
            raise ValueError("backoff_factor and speedup_factor must be at least 1")

    def start(self) -> IntervalState:
        return IntervalState(self._clamp(self.initial_s))

    def on_success(self, state: IntervalState) -> IntervalState:
        """A clean pass: after ``successes_to_speed_up`` in a row, the interval shrinks."""
        streak = state.consecutive_successes + 1
        if streak < self.successes_to_speed_up:
            return replace(state, consecutive_successes=streak)
        return IntervalState(self._clamp(state.interval_s / self.speedup_factor), 0)

    def on_rate_limit(self, state: IntervalState) -> IntervalState:
        return IntervalState(self._clamp(state.interval_s * self.backoff_factor), 0)

    def on_failure(self, state: IntervalState) -> IntervalState:
        """Any other failure (5xx, timeout, store down): the streak ends, the pace stays."""
        return replace(state, consecutive_successes=0)

    def delay(self, state: IntervalState, rng: random.Random,
              retry_after: float | None = None, next_due_in: float | None = None) -> float:
        """Seconds until the next pass. ``next_due_in`` (given after a clean pass) is how
        long until the next item is due, ``inf`` when nothing is waiting."""
        delay = state.interval_s
        if self.follow_due and next_due_in is not None:
            delay = min(max(next_due_in, 1.0), self.idle_max_s)
        if self.jitter:
            delay *= rng.uniform(1 - self.jitter, 1 + self.jitter)
        if self.honor_retry_after and retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    def _clamp(self, seconds: float) -> float:
        return min(self.max_s, max(self.min_s, seconds))


@dataclass(frozen=True, slots=True)
class BatchSizer:
    """The seed's sync batch size."""

    default: int = 50
    after_rate_limit: int = 10
    step: int = 5
    maximum: int = 100

    def start(self) -> int:
        return self.default

    def on_success(self, size: int) -> int:
        return min(self.maximum, size + self.step)

    def on_rate_limit(self, size: int) -> int:
        return self.after_rate_limit


@dataclass(frozen=True, slots=True)
class SteadyBatch:
    """One batch size whatever happens (bounded by Google's 2 MB payload advice, not quota)."""

    size: int = 100

    def start(self) -> int:
        return self.size

    def on_success(self, size: int) -> int:
        return self.size

    def on_rate_limit(self, size: int) -> int:
        return self.size
