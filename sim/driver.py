"""The SimPy driver: each loop of each scheduler is a process that calls the production step
function and sleeps in virtual time for the delay it returns. It records what happened
(which loop, when, the delay) and decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import simpy

from grading.scheduler import UnifiedGradingScheduler
from sim.clock import SimClock

Step = Callable[[datetime], float]


@dataclass(frozen=True, slots=True)
class Wake:
    """One step of one loop: at virtual second ``at``, ``loop`` of ``bot`` ran and chose
    to sleep ``delay`` seconds."""

    bot: str
    loop: str
    at: float
    delay: float


def loop_process(env: simpy.Environment, clock: SimClock, step: Step, bot: str, loop: str,
                 log: list[Wake]) -> Generator[simpy.Event, Any, None]:
    """``while True: delay = step(now); yield env.timeout(delay)`` (DESIGN.md)."""
    while True:
        delay = step(clock.now())
        log.append(Wake(bot, loop, env.now, delay))
        yield env.timeout(max(0.0, delay))


def drive(env: simpy.Environment, clock: SimClock,
          schedulers: Iterable[UnifiedGradingScheduler]) -> list[Wake]:
    """Start both loops of every scheduler in ``env``; returns the (growing) wake log."""
    log: list[Wake] = []
    for scheduler in schedulers:
        for loop, step in (("grading", scheduler.grading_step), ("sync", scheduler.sync_step)):
            env.process(loop_process(env, clock, step, scheduler.bot_type, loop, log))
    return log
