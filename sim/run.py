"""One simulation run: a workload, a policy set, a seed -> metrics (sim.metrics)."""

from __future__ import annotations

import random
import time
from collections.abc import Generator
from typing import Any

import simpy

from grading.core.pacing.policies import PolicySet
from grading.edges.store.memory import MemoryAlertStore
from grading.loops.wiring import wire
from grading.ports import Edges
from sim.clock import SimClock
from sim.driver import drive
from sim.fotmob import SyntheticFotMob
from sim.metrics import RunMetrics, collect
from sim.sheets import SyntheticSheets
from sim.workloads import Workload

BOTS = ("player", "team")


def arrivals(
    env: simpy.Environment, store: MemoryAlertStore, alerts: list[tuple[float, dict[str, Any]]]
) -> Generator[simpy.Event, Any, None]:
    """Alerts appear in the store when the bots post them (sorted by time)."""
    index = 0
    while index < len(alerts):
        due_at = alerts[index][0]
        if due_at > env.now:
            yield env.timeout(due_at - env.now)
        batch = []
        while index < len(alerts) and alerts[index][0] <= env.now:
            batch.append(alerts[index][1])
            index += 1
        store.add_alerts(batch)


def simulate(workload: Workload, policy: PolicySet, seed: int) -> RunMetrics:
    started = time.perf_counter()
    env = simpy.Environment()
    clock = SimClock(env, workload.start)
    store = MemoryAlertStore()
    source = SyntheticFotMob(
        clock,
        workload.fixtures,
        workload.fotmob_limits,
        random.Random(seed),
        workload.fotmob_latency,
        random.Random(f"{seed}-fotmob-latency"),
    )
    sheets = SyntheticSheets(
        clock, latency=workload.sheets_latency, latency_rng=random.Random(f"{seed}-sheets-latency")
    )
    env.process(arrivals(env, store, workload.alerts))
    # The daemon's own wiring: only the edges, the random sources and the owners differ.
    schedulers = wire(
        BOTS,
        Edges(source, store, sheets, clock),
        policy,
        rng_for=lambda bot: random.Random(f"{seed}-{bot}"),
        owner_for=lambda bot: f"sim-{bot}",
    )
    wakes = drive(env, clock, schedulers)
    env.run(until=workload.horizon_s)
    return collect(workload, policy.name, seed, store, source, sheets, wakes, schedulers, started)
