"""The live driver: a thread per loop that calls a step function and waits what it says.

``while not clock.wait(delay, stop): delay = step(clock.now()).delay`` (docs/design.md,
"One step function per loop"). The driver decides nothing: when a step raises (a bug in
the step itself; passes report their own failures), it hands the exception to the
scheduler's ``on_crash``, which logs it and chooses a backed-off delay, and goes on. A
loop given a ``wake`` event also ends its wait when the event is set (the sync loop, when
the grading loop has graded something); setting ``stop`` must set ``wake`` too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from grading.ports import Clock


class Stepped(Protocol):
    @property
    def delay(self) -> float: ...


Step = Callable[[datetime], Stepped]
OnCrash = Callable[[datetime, Exception], Stepped]


def run_loop(
    step: Step,
    clock: Clock,
    stop: threading.Event,
    on_crash: OnCrash,
    wake: threading.Event | None = None,
) -> None:
    """Run one pass at once, then one every ``delay`` seconds (or as soon as ``wake`` is
    set), until ``stop`` is set."""
    delay = 0.0
    while True:
        clock.wait(delay, wake or stop)
        if stop.is_set():
            return
        if wake is not None:
            wake.clear()
        try:
            delay = step(clock.now()).delay
        except Exception as exc:  # the loop never dies (docs/adr/0006-loops-never-die.md)
            delay = on_crash(clock.now(), exc).delay


def start_thread(
    name: str,
    step: Step,
    clock: Clock,
    stop: threading.Event,
    on_crash: OnCrash,
    wake: threading.Event | None = None,
) -> threading.Thread:
    thread = threading.Thread(
        target=run_loop, args=(step, clock, stop, on_crash, wake), name=name, daemon=True
    )
    thread.start()
    return thread
