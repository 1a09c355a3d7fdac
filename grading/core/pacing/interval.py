"""A loop's interval: a small frozen policy with pure transitions (tenacity's wait objects,
with the clock and the random source passed in instead of global).

:class:`AdaptiveInterval` with its defaults is the seed's loop interval: start at 300 s,
double on a rate limit, halve after 3 consecutive successes, clamped to [60 s, 3600 s].
With ``jitter=0`` it reproduces the seed exactly, so the simulation can compare the seed
against better policies. Which transition applies to which pass outcome is decided in
``transitions.py``, not here.
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
    jitter: float = 0.0  # +/- fraction of the interval, drawn per wait
    honor_retry_after: bool = True  # never wake before a Retry-After the source gave
    # Follow the work instead of the clock: after a clean pass, wake when the next item is
    # due, and when none is, rest up to ``idle_max_s`` (the seed: off).
    follow_due: bool = False
    idle_max_s: float = 1800.0
    # A Retry-After is a hint from a server we do not control: one of 10**10 seconds must
    # not put the daemon to sleep for centuries (docs/adr/0006-loops-never-die.md).
    max_retry_after_s: float = 3600.0

    def __post_init__(self) -> None:
        if not 0 < self.min_s <= self.max_s:
            raise ValueError(f"need 0 < min_s <= max_s, got {self.min_s} and {self.max_s}")
        if not 0 <= self.jitter < 1:
            raise ValueError(f"jitter must be in [0, 1), got {self.jitter}")
        if self.backoff_factor < 1 or self.speedup_factor < 1:
            raise ValueError("backoff_factor and speedup_factor must be at least 1")
        if not 0 < self.max_retry_after_s < 10**7:
            raise ValueError(
                f"max_retry_after_s must be in (0, 10**7), got {self.max_retry_after_s}"
            )

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
        """A pass that failed as a whole (store down, sheet 5xx, a bug): back off as on a
        rate limit, so an outage costs a log line per backed-off pass, not a flood."""
        return self.on_rate_limit(state)

    def delay(
        self,
        state: IntervalState,
        rng: random.Random,
        retry_after: float | None = None,
        next_due_in: float | None = None,
    ) -> float:
        """Seconds until the next pass. ``next_due_in`` (given after a clean pass) is how
        long until the next item is due, ``inf`` when nothing is waiting; ``retry_after`` is
        honoured up to ``max_retry_after_s``."""
        delay = state.interval_s
        if self.follow_due and next_due_in is not None:
            delay = min(max(next_due_in, 1.0), self.idle_max_s)
        if self.jitter:
            delay *= rng.uniform(1 - self.jitter, 1 + self.jitter)
        if self.honor_retry_after and retry_after is not None:
            delay = max(delay, min(retry_after, self.max_retry_after_s))
        return delay

    def _clamp(self, seconds: float) -> float:
        return min(self.max_s, max(self.min_s, seconds))
