"""Virtual time: a SimPy environment's ``now`` (seconds) as tz-aware datetimes."""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import simpy


class SimClock:
    """:class:`grading.edges.clock.Clock` over a SimPy environment. Only ``now`` is used inside a
    simulation: the SimPy driver waits with ``env.timeout``, never with ``wait``."""

    def __init__(self, env: simpy.Environment, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("SimClock needs a tz-aware start")
        self.env = env
        self.start = start.astimezone(UTC)
        self.busy_s = 0.0  # time the running step has spent on requests so far

    @property
    def t(self) -> float:
        """The virtual second now, counting the running step's requests."""
        return self.env.now + self.busy_s

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.t)

    def spend(self, seconds: float) -> None:
        """A synthetic request took ``seconds``: later requests in this step happen later."""
        self.busy_s += max(0.0, seconds)

    def take_busy(self) -> float:
        """The time the step just finished spent (the driver sleeps it); resets to 0."""
        busy, self.busy_s = self.busy_s, 0.0
        return busy

    def seconds(self, moment: datetime) -> float:
        """Virtual seconds since the start for a datetime (for scheduling events)."""
        return (moment - self.start).total_seconds()

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        raise RuntimeError("inside a simulation, wait with env.timeout (sim.driver)")


@dataclass(frozen=True, slots=True)
class Latency:
    """How long a synthetic request takes: log-normal around ``median_s`` (``sigma`` is the
    spread of its logarithm); ``median_s = 0`` means instant."""

    median_s: float = 0.0
    sigma: float = 0.5

    def draw(self, rng: random.Random) -> float:
        if self.median_s <= 0:
            return 0.0
        return rng.lognormvariate(math.log(self.median_s), self.sigma)


INSTANT = Latency()
