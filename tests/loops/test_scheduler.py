"""BotScheduler: step functions on a manual clock, and the live thread driver."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from grading.app.seed import UnifiedGradingScheduler
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval
from grading.core.pacing.outcomes import CLEAN, Ending
from grading.core.pacing.policies import DEFAULT, SEED, PolicySet
from grading.edges.clock import SystemClock
from grading.edges.store.sqlite import SqliteAlertStore
from grading.loops.scheduler import BotScheduler, StepResult
from grading.loops.threads import run_loop
from grading.ports import Edges
from tests.fakes import T0, FailingStore, RecordingSheet, ScriptedSource, StoppingClock

NOT_STARTED = {
    "alert_id": "g-001",
    "bot_type": "team",
    "match_id": "9000007",
    "market": "total_goals",
    "selection": "over",
    "line": 2.5,
    "odds": 1.9,
}
FINISHED = {**NOT_STARTED, "alert_id": "a-1", "match_id": "9000001"}


@pytest.fixture
def store(tmp_path):
    store = SqliteAlertStore(tmp_path / "alerts.db")
    store.ensure_indexes()
    store.add_alerts([NOT_STARTED])
    yield store
    store.close()


def scheduler(store, source, clock, policy: PolicySet = SEED) -> BotScheduler:
    return BotScheduler(
        "team",
        Edges(source, store, RecordingSheet(), clock),
        policy,
        rng=__import__("random").Random(1),
        owner="test",
    )


def fast(policy: PolicySet) -> PolicySet:
    """The policy with intervals in tens of milliseconds, for tests on real threads."""
    pace = {"initial_s": 0.05, "min_s": 0.02, "max_s": 0.1, "idle_max_s": 0.1}
    return replace(
        policy, grading=replace(policy.grading, **pace), sync=replace(policy.sync, **pace)
    )


SCRIPT = "ok ok ok ok ok ok 429 ok ok ok 429:3000 429 ok ok ok"
EXPECTED = [300, 300, 150, 150, 150, 75, 150, 150, 150, 75, 3000, 300, 300, 300, 150]


def test_grading_steps_follow_the_seed_table_with_retry_after(store, clock):
    sched = scheduler(store, ScriptedSource(SCRIPT), clock)
    results = []
    for _ in EXPECTED:
        results.append(sched.grading_step(clock.now()))
        clock.advance(results[-1].delay)
    assert [r.delay for r in results] == EXPECTED
    assert [r.outcome.ending is Ending.RATE_LIMITED for r in results] == [
        step.startswith("429") for step in SCRIPT.split()
    ]
    assert sched.get_status()["rate_limit_hits"] == {"grading": 3, "sync": 0}


def test_the_live_driver_waits_exactly_what_the_steps_decide(store):
    clock = StoppingClock(T0, limit=len(EXPECTED) + 1)
    sched = scheduler(store, ScriptedSource(SCRIPT), clock)
    run_loop(
        sched.grading_step,
        clock,
        threading.Event(),
        lambda now, exc: sched.on_crash("grading", now, exc),
    )
    assert clock.waits == [0.0, *EXPECTED]


def test_a_fixture_failure_or_bug_is_the_fixtures_and_the_pass_stays_clean(store, clock):
    sched = scheduler(store, ScriptedSource("503 boom ok"), clock)
    results = [sched.grading_step(clock.now()) for _ in range(3)]
    assert [r.outcome.ending for r in results] == [Ending.CLEAN] * 3
    assert [r.delay for r in results] == [300, 300, 150]
    assert sched.get_status()["last_grade"]["fixture_failures"] == 0  # the third: fine


def test_a_refusal_of_access_backs_off_like_a_429_and_says_so(store, clock):
    policy = replace(SEED, fixtures=replace(FixturePolicy.seed(), stop_on_access_denied=True))
    sched = scheduler(store, ScriptedSource("403 403 ok"), clock, policy)
    delays = []
    for _ in range(3):
        delays.append(sched.grading_step(clock.now()).delay)
        clock.advance(delays[-1])
    assert delays == [600, 1200, 1200]
    status = sched.get_status()
    assert status["rate_limit_hits"]["grading"] == 0
    assert "source refused access: FotMob answered 403" in status["last_error"]


def test_a_retry_after_of_ten_billion_seconds_is_capped_at_an_hour(store, caplog):
    clock = StoppingClock(T0, limit=3)
    sched = scheduler(store, ScriptedSource("429:10000000000 ok"), clock, DEFAULT)
    run_loop(
        sched.grading_step,
        clock,
        threading.Event(),
        lambda now, exc: sched.on_crash("grading", now, exc),
    )
    assert clock.waits[:2] == [0.0, 3600.0]
    assert "Retry-After of 1e+10 s capped to 3600 s" in caplog.text
    assert sched.loops["grading"].passes == len(clock.waits) == 3


def test_status_has_the_seed_keys_the_sync_pacing_and_each_loops_health(store, clock):
    sched = scheduler(store, ScriptedSource(), clock)
    sched.grading_step(clock.now())
    sched.sync_step(clock.now())
    status = sched.get_status()
    assert {
        "bot_type",
        "running",
        "grading_interval",
        "last_grade",
        "last_sync",
        "sheet_stats",
    } <= set(status)
    assert status["sheet_stats"] == {"pending": 1, "settled": 0, "unsynced": 0}
    assert (status["sync_interval"], status["batch_size"]) == (300, 55)
    assert status["last_grade"]["deferred"] == 1 and status["running"] is False
    assert status["loops"]["grading"] == {
        "alive": False,
        "passes": 1,
        "last_success": "2026-11-24T12:00:00Z",
        "consecutive_failures": 0,
        "rate_limit_hits": 0,
        "last_error": None,
        "endings": {"clean": 1},
    }


def test_a_store_read_for_pacing_that_fails_is_a_failed_pass_not_a_dead_thread(store, clock):
    class NoNextDue(FailingStore):
        def __getattr__(self, name):
            return (
                FailingStore.__getattr__(self, name)
                if name == "next_due_at"
                else getattr(self.inner, name)
            )

    sched = scheduler(NoNextDue(store), ScriptedSource(), clock, DEFAULT)
    result = sched.grading_step(clock.now())
    assert result.outcome.ending is Ending.FAILED
    assert result.outcome.reason == "MongoDB: connection refused (test)"


def test_a_store_down_on_every_call_keeps_both_threads_alive_and_says_so(store):
    """The default policy follows the work (it asks the store when the next fixture is due);
    with MongoDB gone both loops go on at a backed-off pace, ``/status`` says what is wrong,
    and both pick up the work when the store returns."""
    store.add_alerts([FINISHED])
    down = FailingStore(store)
    sched = scheduler(down, ScriptedSource(), SystemClock(), fast(DEFAULT))
    sched.start()
    try:
        _until(lambda: all(loop.consecutive_failures >= 2 for loop in sched.loops.values()))
        status = sched.get_status()
        assert [status["loops"][loop]["alive"] for loop in ("grading", "sync")] == [True] * 2
        assert status["sheet_stats"] is None
        assert status["store_error"] == "MongoDB: connection refused (test)"
        assert "connection refused" in status["loops"]["sync"]["last_error"]
        down.down = False
        _until(
            lambda: (
                {key: sched.get_status()["totals"][key] for key in ("graded", "synced")}
                == {"graded": 1, "synced": 1}
            )
        )
        status = sched.get_status()
        assert all(
            status["loops"][loop]["consecutive_failures"] == 0 for loop in ("grading", "sync")
        )
    finally:
        assert sched.stop(timeout_s=5)
    assert [sched.get_status()["loops"][loop]["alive"] for loop in ("grading", "sync")] == [
        False,
        False,
    ]


def test_a_step_that_raises_is_logged_once_and_the_loop_goes_on(store, clock, caplog):
    sched = scheduler(store, ScriptedSource(), clock)
    calls = []

    def step(now):
        calls.append(now)
        if len(calls) <= 3:
            raise RuntimeError("a bug in the step")
        return sched.grading_step(now)

    stopping = StoppingClock(T0, limit=5)
    run_loop(
        step, stopping, threading.Event(), lambda now, exc: sched.on_crash("grading", now, exc)
    )
    assert len(calls) == 5 and stopping.waits == [0.0, 600.0, 1200.0, 2400.0, 2400.0]
    crashes = [r for r in caplog.records if "a bug in the step" in r.getMessage()]
    assert [r.exc_info is not None for r in crashes] == [True, False, False]


def test_stop_ends_both_threads_within_5_seconds_even_mid_wait(store):
    sched = scheduler(store, ScriptedSource(), SystemClock())
    sched.start()
    time.sleep(0.3)
    assert sched.get_status()["running"]
    started = time.monotonic()
    assert sched.stop(timeout_s=5)
    assert time.monotonic() - started < 1


def test_stop_mid_pass_ends_between_fixtures(tmp_path):
    store = SqliteAlertStore(tmp_path / "alerts.db")
    store.ensure_indexes()
    store.add_alerts(
        [{**NOT_STARTED, "alert_id": f"g-{n}", "match_id": str(9100000 + n)} for n in range(20)]
    )
    sched = scheduler(store, ScriptedSource("slow " * 20), SystemClock())
    sched.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert sched.stop(timeout_s=5)
    assert time.monotonic() - started < 2
    assert store.counts("team")["pending"] == 20


def test_the_seed_constructor_takes_its_policies_one_by_one(store, clock):
    fast_pace = AdaptiveInterval(initial_s=10, min_s=5, max_s=40)
    sched = UnifiedGradingScheduler(
        bot_type="team",
        source=ScriptedSource("429 429 429"),
        store=store,
        sheet=RecordingSheet(),
        clock=clock,
        grading_policy=fast_pace,
        owner="t",
        fixture_policy=FixturePolicy.seed(),
    )
    assert [sched.grading_step(clock.now()).delay for _ in range(3)] == [20, 40, 40]
    assert sched.run_grading_logic() is True and sched.run_sync_logic() == (0, False)


def _until(condition, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_a_loop_given_a_wake_event_ends_its_rest_when_it_is_set():
    stop, wake, steps = threading.Event(), threading.Event(), []

    def step(now):
        steps.append(now)
        return StepResult("sync", 600.0, CLEAN)

    thread = threading.Thread(
        target=run_loop, args=(step, SystemClock(), stop, lambda now, exc: None, wake)
    )
    thread.start()
    deadline = time.monotonic() + 5
    while not steps and time.monotonic() < deadline:
        time.sleep(0.01)
    wake.set()  # a grading pass settled something
    while len(steps) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(steps) == 2  # long before the 600 s rest
    stop.set()
    wake.set()  # BotScheduler.stop sets both
    thread.join(5)
    assert not thread.is_alive() and len(steps) == 2


def test_one_line_a_pass_info_when_it_did_something_warning_on_a_429(store, clock, caplog):
    store.add_alerts(
        [
            {
                "alert_id": "l-1",
                "bot_type": "team",
                "match_id": "9000001",
                "market": "btts",
                "selection": "yes",
                "odds": 2,
                "stake": 10,
            }
        ]
    )
    sched = scheduler(
        store,
        ScriptedSource("429:60 ok"),
        clock,
        replace(
            DEFAULT, fixtures=replace(DEFAULT.fixtures, gate_on_kickoff=False, day_list_first=False)
        ),
    )
    with caplog.at_level("DEBUG", logger="grading.loops.scheduler"):
        clock.advance(sched.grading_step(clock.now()).delay)
        sched.grading_step(clock.now())
        sched.sync_step(clock.now())
        sched.sync_step(clock.now())
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert lines[0][0] == "WARNING" and lines[0][1].startswith(
        "team grading pass rate_limited: FotMob rate limit (429:60)"
    )
    assert lines[1][0] == "INFO" and lines[1][1].startswith(  # and NOT_STARTED waits
        "team grading pass: graded 1, fetched 2, deferred 1; next pass in "
    )
    assert lines[2][0] == "INFO" and lines[2][1].startswith("team sync pass: synced 1; ")
    assert lines[3][0] == "DEBUG" and "nothing to do" in lines[3][1]
