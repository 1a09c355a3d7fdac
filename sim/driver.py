"""The SimPy driver: each loop of each scheduler is a process that calls the production step
function and sleeps in virtual time for the delay it returns. It records what happened
(which loop, when, the delay, whether the step met a 429, the batch size) and decides
nothing.

Requests inside a step take virtual time too (``SimClock.spend``, drawn by the synthetic
edges); a step runs as one atomic SimPy event, so the loop sleeps for the time its step
spent and then for the delay the step chose, as the live thread does. As the live sync
thread waits on ``BotScheduler.sync_wake``, the sync process's rest is interrupted when a
grading step has set it.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import simpy

from grading.core.pacing.outcomes import Ending
from grading.loops.scheduler import BotScheduler, StepResult
from sim.clock import SimClock

Step = Callable[[datetime], StepResult]


@dataclass(frozen=True, slots=True)
class Wake:
    """One step of one loop: at virtual second ``at``, ``loop`` of ``bot`` ran for ``busy``
    seconds and chose to sleep ``delay``; ``rate_limited`` if it met a 429; the sync
    loop's ``batch_size`` after the step; how the pass ended and how much it did."""

    bot: str
    loop: str
    at: float
    delay: float
    busy: float = 0.0
    rate_limited: bool = False
    batch_size: int | None = None
    ending: str = "clean"
    done: int = 0


def loop_process(
    env: simpy.Environment,
    clock: SimClock,
    scheduler: BotScheduler,
    loop: str,
    log: list[Wake],
    resting: dict[BotScheduler, simpy.Process] | None = None,
) -> Generator[simpy.Event, Any, None]:
    """``while True: delay = step(now); yield env.timeout(delay)`` (docs/design.md)."""
    step: Step = scheduler.grading_step if loop == "grading" else scheduler.sync_step
    resting = {} if resting is None else resting
    while True:
        at = env.now
        if loop == "sync":
            scheduler.sync_wake.clear()
        result = step(clock.now())
        busy = clock.take_busy()
        log.append(
            Wake(
                scheduler.bot_type,
                loop,
                at,
                result.delay,
                busy,
                result.outcome.ending is Ending.RATE_LIMITED,
                result.batch_size,
                str(result.outcome.ending),
                result.done,
            )
        )
        if loop == "grading" and scheduler.sync_wake.is_set() and scheduler in resting:
            resting.pop(scheduler).interrupt()  # the sync loop's rest ends
        try:
            if busy:
                yield env.timeout(busy)
            if loop == "sync" and env.active_process is not None:
                resting[scheduler] = env.active_process
            yield env.timeout(max(0.0, result.delay))
        except simpy.Interrupt:
            pass
        if loop == "sync":
            resting.pop(scheduler, None)


def drive(
    env: simpy.Environment,
    clock: SimClock,
    schedulers: Iterable[BotScheduler],
    loops: Iterable[str] = ("grading", "sync"),
) -> list[Wake]:
    """Start the loops of every scheduler in ``env``; returns the (growing) wake log."""
    log: list[Wake] = []
    resting: dict[BotScheduler, simpy.Process] = {}  # sync loops in their rest
    for scheduler in schedulers:
        for loop in loops:
            env.process(loop_process(env, clock, scheduler, loop, log, resting))
    return log
