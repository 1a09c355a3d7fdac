"""One simulation run: a workload, a policy set, a seed -> metrics (sim.metrics)."""

from __future__ import annotations

import random
import time
from collections.abc import Generator
from typing import Any

import simpy

from grading.core.pacing.policies import PolicySet
from grading.edges.cache import SettledCache
from grading.edges.store.memory import MemoryAlertStore
from grading.loops.scheduler import UnifiedGradingScheduler
from sim.clock import SimClock
from sim.driver import drive
from sim.fotmob import SyntheticFotMob
from sim.metrics import RunMetrics, collect
from sim.sheets import SyntheticSheets
from sim.workloads import Workload

BOTS = ("player", "team")


def arrivals(env: simpy.Environment, store: MemoryAlertStore,
             alerts: list[tuple[float, dict[str, Any]]]) -> Generator[simpy.Event, Any, None]:
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
    source = SyntheticFotMob(clock, workload.fixtures, workload.fotmob_limits,
                             random.Random(seed), workload.fotmob_latency,
                             random.Random(f"{seed}-fotmob-latency"))
    sheets = SyntheticSheets(clock, latency=workload.sheets_latency,
                             latency_rng=random.Random(f"{seed}-sheets-latency"))
    env.process(arrivals(env, store, workload.alerts))
    shared = SettledCache.over(source, clock=clock,     # one per process, as live
                               fresh_s=policy.share_unfinished_s)
    schedulers = [UnifiedGradingScheduler(
        bot_type=bot, source=shared, store=store, sheet=sheets, clock=clock,
        grading_policy=policy.grading, sync_policy=policy.sync, batch_sizer=policy.batch,
        fixture_policy=policy.fixtures, sync_refresh_s=policy.sync_refresh_s,
        rng=random.Random(f"{seed}-{bot}"),
        owner=f"sim-{bot}") for bot in BOTS]
    wakes = drive(env, clock, schedulers)
    env.run(until=workload.horizon_s)
    return collect(workload, policy.name, seed, store, source, sheets, wakes, schedulers,
                   wall_seconds=time.perf_counter() - started)
