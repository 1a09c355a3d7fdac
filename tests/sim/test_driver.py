"""The SimPy driver runs the production step functions, wired by the daemon's own wiring:
the same script gives the same step results live and simulated."""

from __future__ import annotations

import json
import random
import threading
from datetime import UTC, datetime

import simpy

from grading.core.pacing.outcomes import CLEAN
from grading.core.pacing.policies import DEFAULT, SEED, PolicySet
from grading.edges.store.memory import MemoryAlertStore
from grading.loops.scheduler import StepResult
from grading.loops.threads import run_loop
from grading.loops.wiring import wire
from grading.ports import Clock, Edges
from sim.clock import SimClock
from sim.driver import Wake, drive
from tests.conftest import FIXTURES
from tests.fakes import T0, RecordingSheet, ScriptedSource, StoppingClock

ALERTS = [json.loads(line) for line in (FIXTURES / "alerts.jsonl").read_text().splitlines()]
SCRIPT = "ok 429 ok ok 429:900 503 ok 403 ok boom ok ok"


def world(clock: Clock, policy: PolicySet, script: str = SCRIPT):
    """One team bot over the project's alerts, wired as the daemon and the sim wire it."""
    store = MemoryAlertStore()
    store.add_alerts(ALERTS)
    [scheduler] = wire(
        ["team"],
        Edges(ScriptedSource(script), store, RecordingSheet(), clock),
        policy,
        rng_for=lambda bot: random.Random(f"1-{bot}"),
        owner_for=lambda bot: "owner",
    )
    return scheduler


def live_run(policy: PolicySet, steps: int) -> list[StepResult]:
    clock = StoppingClock(T0, limit=steps)
    scheduler, results = world(clock, policy), []

    def step(now: datetime) -> StepResult:
        results.append(scheduler.grading_step(now))
        return results[-1]

    run_loop(
        step, clock, threading.Event(), lambda now, exc: scheduler.on_crash("grading", now, exc)
    )
    return results


def test_live_and_simulated_wiring_give_identical_step_results():
    for policy in (SEED, DEFAULT):
        live = live_run(policy, steps=12)
        env = simpy.Environment()
        sim_clock = SimClock(env, T0)
        # Grading alone on both sides: a bot's two loops share one seeded random source, so
        # a second loop would change the order of the jitter draws, not the decisions.
        log = drive(env, sim_clock, [world(sim_clock, policy)], loops=("grading",))
        env.run(until=sum(result.delay for result in live[:-1]) + 0.5)
        simulated = [wake for wake in log if wake.loop == "grading"]
        assert [(w.delay, w.ending, w.done) for w in simulated] == [
            (r.delay, str(r.outcome.ending), r.done) for r in live
        ], policy.name
        assert sum(r.done for r in live) == 30  # the team's, but the 2031 fixture's


def test_the_simpy_driver_logs_every_step_of_every_loop():
    env = simpy.Environment()
    clock = SimClock(env, T0)
    log = drive(env, clock, [world(clock, SEED, "429:3000")])
    env.run(until=3700)
    grading = [wake for wake in log if wake.loop == "grading"]
    assert [(w.at, w.delay, w.rate_limited, w.ending, w.done) for w in grading] == [
        (0, 3000, True, "rate_limited", 0),
        (3000, 600, False, "clean", 30),
        (3600, 600, False, "clean", 0),
    ]
    sync = [wake for wake in log if wake.loop == "sync"]
    assert sync[0] == Wake("team", "sync", 0, 300, 0.0, False, 55, "clean", 0)
    assert {w.ending for w in sync} == {"clean"}  # the seed rewrites every row
    assert {w.done for w in sync if w.at < 3000} == {0}  # nothing graded yet
    assert {w.done for w in sync if w.at > 3000} == {30}


def test_sim_time_is_the_documents_time():
    env = simpy.Environment()
    clock = SimClock(env, T0)
    env.run(until=90)
    assert clock.now() == datetime(2026, 11, 24, 12, 1, 30, tzinfo=UTC)
    assert clock.seconds(datetime(2026, 11, 24, 13, 0, tzinfo=UTC)) == 3600


def test_requests_inside_a_step_take_virtual_time_and_the_loop_sleeps_it_too():
    env = simpy.Environment()
    clock = SimClock(env, T0)
    seen = []

    class Slow:  # two 1.5 s requests per step, then sleep 10 s
        bot_type = "team"
        sync_wake = threading.Event()

        def grading_step(self, now):
            for _ in range(2):
                seen.append(clock.t)
                clock.spend(1.5)
            return StepResult("grading", 10.0, CLEAN)

        def sync_step(self, now):
            return StepResult("sync", 1e9, CLEAN)

    log = drive(env, clock, [Slow()])
    env.run(until=30)
    assert seen == [0, 1.5, 13, 14.5, 26, 27.5]
    assert [(w.at, w.busy, w.delay) for w in log if w.loop == "grading"] == [
        (0, 3.0, 10.0),
        (13, 3.0, 10.0),
        (26, 3.0, 10.0),
    ]


def test_a_grading_step_that_settles_something_ends_the_sync_loops_rest():
    """As the live sync thread waits on ``sync_wake``, the simulated one is woken."""
    env = simpy.Environment()
    clock = SimClock(env, T0)

    class Grades:
        bot_type = "team"
        sync_wake = threading.Event()

        def grading_step(self, now):
            if clock.t >= 100:
                self.sync_wake.set()
            return StepResult("grading", 70.0, CLEAN)

        def sync_step(self, now):
            return StepResult("sync", 600.0, CLEAN)

    log = drive(env, clock, [Grades()])
    env.run(until=800)
    assert [w.at for w in log if w.loop == "sync"] == [
        0,
        140,
        210,
        280,
        350,
        420,
        490,
        560,
        630,
        700,
        770,
    ]
