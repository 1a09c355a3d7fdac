"""UnifiedGradingScheduler: step functions on a manual clock, and the live thread driver."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from grading.core.errors import RateLimited, SourceUnavailable
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval
from grading.edges.clock import ManualClock, SystemClock
from grading.edges.recorded import DirectorySource
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.store.sqlite import SqliteAlertStore
from grading.loops.scheduler import UnifiedGradingScheduler
from tests.conftest import FIXTURES

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
NOT_STARTED = {"alert_id": "g-001", "bot_type": "team", "match_id": "9000007",
               "market": "total_goals", "selection": "over", "line": 2.5, "odds": 1.9}


class ScriptedSource:
    """Answers from recorded payloads; ``script`` says what each fetch does: "ok", "429",
    "429:N" (Retry-After N s), "503", "403" (access refused), "boom" (a bug), or "slow"
    (1 s)."""

    def __init__(self, script: str = "") -> None:
        self.recorded = DirectorySource(FIXTURES / "fotmob")
        self.script = script.split()
        self.calls = 0

    def fetch(self, match_id: str):
        step = self.script[self.calls] if self.calls < len(self.script) else "ok"
        self.calls += 1
        if step.startswith("429"):
            raise RateLimited("429", float(step[4:]) if ":" in step else None)
        if step in ("503", "403"):
            raise SourceUnavailable(f"FotMob answered {step}",
                                    "transient" if step == "503" else step)
        if step == "boom":
            raise KeyError("a bug")
        if step == "slow":
            time.sleep(1)
        return self.recorded.fetch(match_id)


class StoppingClock(ManualClock):
    """A manual clock that sets the driver's stop event after ``limit`` waits."""

    def __init__(self, start: datetime, limit: int) -> None:
        super().__init__(start)
        self.limit = limit

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        if len(self.waits) >= self.limit:
            stop.set()
        return super().wait(seconds, stop)


@pytest.fixture
def store(tmp_path):
    store = SqliteAlertStore(tmp_path / "alerts.db")
    store.ensure_indexes()
    store.add_alerts([NOT_STARTED])
    yield store
    store.close()


def scheduler(store, tmp_path, source, clock, **kw) -> UnifiedGradingScheduler:
    return UnifiedGradingScheduler(bot_type="team", source=source, store=store,
                                   sheet=CsvSink(tmp_path / "sheets"), clock=clock,
                                   fixture_policy=FixturePolicy.seed(), owner="test", **kw)


SCRIPT = "ok ok ok ok ok ok 429 ok ok ok 429:5000 429 ok ok ok"
EXPECTED = [300, 300, 150, 150, 150, 75, 150, 150, 150, 75, 5000, 300, 300, 300, 150]


def test_grading_steps_follow_the_seed_table_with_retry_after(store, tmp_path):
    clock = ManualClock(T0)
    sched = scheduler(store, tmp_path, ScriptedSource(SCRIPT), clock)
    delays = []
    for _ in EXPECTED:
        delays.append(sched.grading_step(clock.now()))
        clock.advance(delays[-1])
    assert delays == EXPECTED
    assert sched.get_status()["rate_limit_hits"] == {"grading": 3, "sync": 0}


def test_the_live_driver_waits_exactly_what_the_steps_decide(store, tmp_path):
    clock = StoppingClock(T0, limit=len(EXPECTED) + 1)
    sched = scheduler(store, tmp_path, ScriptedSource(SCRIPT), clock)
    sched._loop(sched.grading_step)
    assert clock.waits == [0.0, *EXPECTED]


def test_a_failure_or_a_bug_never_kills_the_loop(store, tmp_path):
    clock = ManualClock(T0)
    sched = scheduler(store, tmp_path, ScriptedSource("503 boom ok"), clock)
    assert [sched.grading_step(clock.now()) for _ in range(3)] == [300, 300, 300]
    status = sched.get_status()
    assert status["passes"]["grading"] == 3
    assert status["last_error"] == "2026-11-24T12:00:00+00:00 grading: KeyError: 'a bug'"


def test_a_refusal_of_access_backs_off_like_a_429_and_says_so(store, tmp_path):
    clock = ManualClock(T0)
    sched = UnifiedGradingScheduler(
        bot_type="team", source=ScriptedSource("403 403 ok"), store=store,
        sheet=CsvSink(tmp_path / "sheets"), clock=clock, owner="test",
        fixture_policy=replace(FixturePolicy.seed(), stop_on_access_denied=True))
    delays = []
    for _ in range(3):
        delays.append(sched.grading_step(clock.now()))
        clock.advance(delays[-1])
    assert delays == [600, 1200, 1200]
    status = sched.get_status()
    assert status["rate_limit_hits"]["grading"] == 0
    assert "source refused access (403)" in status["last_error"]


def test_status_has_the_seed_keys_and_the_sync_pacing(store, tmp_path):
    clock = ManualClock(T0)
    sched = scheduler(store, tmp_path, ScriptedSource(), clock)
    sched.grading_step(clock.now())
    sched.sync_step(clock.now())
    status = sched.get_status()
    assert {"bot_type", "running", "grading_interval", "last_grade", "last_sync",
            "sheet_stats"} <= set(status)
    assert status["sheet_stats"] == {"pending": 1, "settled": 0, "unsynced": 0}
    assert (status["sync_interval"], status["batch_size"]) == (300, 55)
    assert status["last_grade"]["deferred"] == 1 and status["running"] is False


def test_stop_ends_both_threads_within_5_seconds_even_mid_wait(store, tmp_path):
    sched = scheduler(store, tmp_path, ScriptedSource(), SystemClock())
    sched.start()
    time.sleep(0.3)
    assert sched.get_status()["running"]
    started = time.monotonic()
    assert sched.stop(timeout_s=5)
    assert time.monotonic() - started < 1


def test_stop_mid_pass_ends_between_fixtures(tmp_path):
    store = SqliteAlertStore(tmp_path / "alerts.db")
    store.ensure_indexes()
    store.add_alerts([{**NOT_STARTED, "alert_id": f"g-{n}", "match_id": str(9100000 + n)}
                      for n in range(20)])
    sched = scheduler(store, tmp_path, ScriptedSource("slow " * 20), SystemClock())
    sched.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert sched.stop(timeout_s=5)
    assert time.monotonic() - started < 2
    assert store.counts("team")["pending"] == 20


def test_a_custom_policy_plugs_in(store, tmp_path):
    clock = ManualClock(T0)
    fast = AdaptiveInterval(initial_s=10, min_s=5, max_s=40)
    sched = scheduler(store, tmp_path, ScriptedSource("429 429 429"), clock,
                      grading_policy=fast)
    assert [sched.grading_step(clock.now()) for _ in range(3)] == [20, 40, 40]
