"""Every pacing decision of both loops lives in this file (h11's rule: "everything that
affects the state machine and state transitions must live here").

A loop's pace is its :class:`~grading.core.pacing.interval.IntervalState` and, for the sync
loop, its batch size. After each pass, :func:`next_pace` reads the pass's outcome in
:data:`TRANSITIONS` and returns the new pace and the delay until the next pass:

================  ==============  ==============  ==========================================
outcome           interval        batch size      delay
================  ==============  ==============  ==========================================
clean             on_success      on_success      the interval, or until the next item is
                                  (draining: the  due when the policy follows the work
                                  backlog size    (draining: the batch policy's drain
                                  after a full    delay)
                                  batch)
rate_limited      on_rate_limit   on_rate_limit   the interval, never before a Retry-After
                                                  (capped by ``max_retry_after_s``)
access_denied     on_rate_limit   kept            the interval (a backed-off probe)
failed            on_failure      kept            the interval (backed off)
================  ==============  ==============  ==========================================
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Protocol

from grading.core.pacing.interval import AdaptiveInterval, IntervalState
from grading.core.pacing.outcomes import Ending, Outcome


class BatchPolicy(Protocol):
    def start(self) -> int: ...
    def on_success(self, size: int) -> int: ...
    def on_rate_limit(self, size: int) -> int: ...
    def draining(self, claimed: int, size: int) -> tuple[int, float] | None: ...


@dataclass(frozen=True, slots=True)
class Transition:
    interval: str  # the AdaptiveInterval method to apply
    batch: str | None  # the batch policy's method, None: keep the size
    follow_due: bool  # may the delay follow the work (AdaptiveInterval.follow_due)
    honor_retry_after: bool


TRANSITIONS: dict[Ending, Transition] = {
    Ending.CLEAN: Transition("on_success", "on_success", True, False),
    Ending.RATE_LIMITED: Transition("on_rate_limit", "on_rate_limit", False, True),
    Ending.ACCESS_DENIED: Transition("on_rate_limit", None, False, False),
    Ending.FAILED: Transition("on_failure", None, False, False),
}


@dataclass(frozen=True, slots=True)
class Pace:
    """Where a loop's pacing stands; ``batch_size`` is None for the grading loop."""

    interval: IntervalState
    batch_size: int | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    pace: Pace
    delay: float
    retry_after_capped: bool = False  # the source asked for more than the policy allows


def start_pace(policy: AdaptiveInterval, batch: BatchPolicy | None = None) -> Pace:
    return Pace(policy.start(), None if batch is None else batch.start())


def next_pace(
    policy: AdaptiveInterval,
    pace: Pace,
    outcome: Outcome,
    rng: random.Random,
    next_due_in: float | None = None,
    batch: BatchPolicy | None = None,
    claimed: int | None = None,
) -> Decision:
    """The pace after a pass that ended with ``outcome``, and the delay until the next one.
    ``next_due_in`` (seconds, ``inf`` when nothing waits) is read only after a clean pass;
    ``claimed`` (a sync pass: how many rows it took of its batch) lets a batch policy drain
    a backlog."""
    rule = TRANSITIONS[outcome.ending]
    interval: IntervalState = getattr(policy, rule.interval)(pace.interval)
    size = pace.batch_size
    if batch is not None and size is not None and rule.batch is not None:
        draining = batch.draining(claimed, size) if outcome.clean and claimed is not None else None
        if draining is None:
            size = getattr(batch, rule.batch)(size)
        else:
            size, next_due_in = draining
    retry_after = outcome.retry_after if rule.honor_retry_after else None
    delay = policy.delay(interval, rng, retry_after, next_due_in if rule.follow_due else None)
    capped = (
        retry_after is not None
        and policy.honor_retry_after
        and retry_after > policy.max_retry_after_s
    )
    return Decision(Pace(interval, size), delay, capped)
