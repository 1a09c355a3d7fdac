"""The SimPy driver runs the production step functions: same outcomes, same intervals as
the live thread driver under a manual clock."""

from __future__ import annotations

from datetime import UTC, datetime

import simpy

from grading.core.pacing.fixtures import FixturePolicy
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.store.memory import MemoryAlertStore
from grading.loops.scheduler import UnifiedGradingScheduler
from sim.clock import SimClock
from sim.driver import Wake, drive
from tests.test_scheduler import EXPECTED, NOT_STARTED, SCRIPT, ScriptedSource, StoppingClock

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def scheduler(tmp_path, clock) -> UnifiedGradingScheduler:
    store = MemoryAlertStore()
    store.add_alerts([NOT_STARTED])
    return UnifiedGradingScheduler(bot_type="team", source=ScriptedSource(SCRIPT), store=store,
                                   sheet=CsvSink(tmp_path), clock=clock,
                                   fixture_policy=FixturePolicy.seed(), owner="sim")


def test_the_simpy_driver_and_the_live_driver_wait_the_same_intervals(tmp_path):
    live_clock = StoppingClock(T0, limit=len(EXPECTED) + 1)
    live = scheduler(tmp_path / "live", live_clock)
    live._loop(live.grading_step)

    env = simpy.Environment()
    sim_clock = SimClock(env, T0)
    simulated = scheduler(tmp_path / "sim", sim_clock)
    log = drive(env, sim_clock, [simulated])
    env.run(until=sum(EXPECTED) - 1)
    grading = [wake for wake in log if wake.loop == "grading"]
    assert [wake.delay for wake in grading] == live_clock.waits[1:] == EXPECTED
    assert grading[:3] == [Wake("team", "grading", 0, 300), Wake("team", "grading", 300, 300),
                           Wake("team", "grading", 600, 150)]
    assert [wake.rate_limited for wake in grading] == [
        outcome.startswith("429") for outcome in SCRIPT.split()]
    assert simulated.get_status()["rate_limit_hits"] == {"grading": 3, "sync": 0}


def test_sim_time_is_the_documents_time(tmp_path):
    env = simpy.Environment()
    clock = SimClock(env, T0)
    env.run(until=90)
    assert clock.now() == datetime(2026, 11, 24, 12, 1, 30, tzinfo=UTC)
    assert clock.seconds(datetime(2026, 11, 24, 13, 0, tzinfo=UTC)) == 3600


def test_requests_inside_a_step_take_virtual_time_and_the_loop_sleeps_it_too():
    env = simpy.Environment()
    clock = SimClock(env, T0)
    seen = []

    class Slow:                       # two 1.5 s requests per step, then sleep 10 s
        bot_type, batch_size, rate_limit_hits = "team", 50, {"grading": 0, "sync": 0}

        def grading_step(self, now):
            for _ in range(2):
                seen.append(clock.t)
                clock.spend(1.5)
            return 10.0

        def sync_step(self, now):
            return 1e9

    log = drive(env, clock, [Slow()])
    env.run(until=30)
    assert seen == [0, 1.5, 13, 14.5, 26, 27.5]
    assert [(w.at, w.busy, w.delay) for w in log if w.loop == "grading"] == [
        (0, 3.0, 10.0), (13, 3.0, 10.0), (26, 3.0, 10.0)]
