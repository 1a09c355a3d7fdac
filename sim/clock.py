"""Virtual time: a SimPy environment's ``now`` (seconds) as tz-aware datetimes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import simpy


class SimClock:
    """:class:`grading.clock.Clock` over a SimPy environment. Only ``now`` is used inside a
    simulation: the SimPy driver waits with ``env.timeout``, never with ``wait``."""

    def __init__(self, env: simpy.Environment, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("SimClock needs a tz-aware start")
        self.env = env
        self.start = start.astimezone(UTC)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.env.now)

    def seconds(self, moment: datetime) -> float:
        """Virtual seconds since the start for a datetime (for scheduling events)."""
        return (moment - self.start).total_seconds()

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        raise RuntimeError("inside a simulation, wait with env.timeout (sim.driver)")
