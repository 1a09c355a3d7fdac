"""Synthetic FotMob answers as the fixture looks at the virtual moment; a small simulation
runs the production scheduler end to end on it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import simpy

from grading.app.seed import UnifiedGradingScheduler
from grading.core.errors import RateLimited
from grading.core.http import Failure
from grading.core.pacing.fixtures import FixturePolicy
from grading.edges.recorded import DirectorySource
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.store.memory import MemoryAlertStore
from sim.clock import SimClock
from sim.driver import drive
from sim.fotmob import Fixture, SyntheticFotMob
from sim.limits import FixedWindow
from tests.conftest import FIXTURES

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
RECORDED = DirectorySource(FIXTURES / "fotmob")
SEED_CALLS = 1338  # 6 fixtures polled on every pass; the interval falls to 60 s


def final(match_id: str, template: str = "9000001"):
    return replace(RECORDED.fetch(template), match_id=match_id)


def test_a_fixture_reads_as_it_would_at_each_moment():
    env = simpy.Environment()
    clock = SimClock(env, T0)
    source = SyntheticFotMob(
        clock, {"1": Fixture(final("1"), kickoff_s=3600)}, limits=FixedWindow(1)
    )
    statuses = []
    for t in (0, 4000, 3600 + 6900):
        if t:
            env.run(until=t)
        statuses.append(source.fetch("1").status)
    assert statuses == ["not_started", "in_play", "finished"]
    with pytest.raises(RateLimited) as limited:
        source.fetch("1")
    assert limited.value.retry_after == 60 - (10500 % 60)
    assert (source.calls, source.wasted, source.rate_limited) == (4, 2, 1)
    assert source.fixtures["1"].facts_at(0, clock).kickoff_utc == "2026-11-28T13:00:00Z"


def test_postponements_are_announced_and_abandonments_end_early():
    env = simpy.Environment()
    clock = SimClock(env, T0)
    postponed = Fixture(replace(final("2"), status="postponed"), kickoff_s=7200, announced_s=3600)
    abandoned = Fixture(final("3", "9000004"), kickoff_s=0)
    assert [postponed.facts_at(t, clock).status for t in (0, 3600)] == ["not_started", "postponed"]
    minute = abandoned.final.abandon_minute
    assert abandoned.facts_at(minute * 60 + 899, clock).status == "in_play"
    assert abandoned.facts_at(minute * 60 + 900, clock).status == "abandoned"


def simulate(policy: FixturePolicy, tmp_path) -> tuple[SyntheticFotMob, MemoryAlertStore]:
    env = simpy.Environment()
    clock = SimClock(env, T0)
    fixtures = {str(n): Fixture(final(str(n)), kickoff_s=3600 * (1 + n % 3)) for n in range(1, 7)}
    store = MemoryAlertStore()
    store.add_alerts(
        {
            "alert_id": f"a-{n}-{k}",
            "bot_type": "team",
            "match_id": str(n),
            "market": "total_goals",
            "selection": "over",
            "line": 2.5,
            "odds": 2.0,
            "stake": 10,
        }
        for n in fixtures
        for k in range(5)
    )
    source = SyntheticFotMob(clock, fixtures)
    scheduler = UnifiedGradingScheduler(
        bot_type="team",
        source=source,
        store=store,
        sheet=CsvSink(tmp_path / policy.__repr__()[:8]),
        clock=clock,
        fixture_policy=policy,
        owner="sim",
    )
    drive(env, clock, [scheduler])
    env.run(until=8 * 3600)
    return source, store


def test_the_production_scheduler_grades_a_synthetic_day(tmp_path):
    seed_source, seed_store = simulate(FixturePolicy.seed(), tmp_path)
    gated_source, gated_store = simulate(FixturePolicy(), tmp_path)
    for store in (seed_store, gated_store):
        assert store.counts("team") == {"pending": 0, "settled": 30, "unsynced": 0}
        for doc in store.settled_alerts("team"):
            n = int(doc["match_id"])
            whistle = T0 + timedelta(seconds=3600 * (1 + n % 3) + 6900)
            assert doc["result_tracking"]["graded_at"] >= whistle
            assert doc["result_tracking"]["status"] == "won"  # 2-1: over 2.5
    # Gated: one look at t=0 (the alerts carry no kickoff), then kickoff + 105, 110 and 115
    # minutes: 4 calls a fixture. The seed polls every pending fixture on every pass.
    assert (gated_source.calls, gated_source.wasted) == (24, 18)
    assert (seed_source.calls, seed_source.wasted) == (SEED_CALLS, SEED_CALLS - 6)


def test_bots_share_an_in_play_answer_for_a_while():
    from grading.edges.cache import SettledCache

    env = simpy.Environment()
    clock = SimClock(env, T0)
    source = SyntheticFotMob(clock, {"1": Fixture(final("1"), kickoff_s=0)})
    shared = SettledCache(source, clock=clock, fresh_s=60)
    assert [shared.fetch("1").status for _ in range(2)] == ["in_play", "in_play"]
    env.run(until=60)
    shared.fetch("1")
    env.run(until=7000)
    assert [shared.fetch("1").status for _ in range(3)] == ["finished"] * 3
    assert source.calls == 3 and shared.hits == 3


def test_an_access_episode_answers_403_and_requests_take_time():
    from grading.core.errors import SourceUnavailable
    from sim.clock import Latency
    from sim.limits import ScriptedTrace

    env = simpy.Environment()
    clock = SimClock(env, T0)
    source = SyntheticFotMob(
        clock,
        {"1": Fixture(final("1"), kickoff_s=0)},
        limits=ScriptedTrace(((0.1, 10),), status=403),
        latency=Latency(0.4, sigma=0.3),
    )
    assert source.fetch("1").status == "in_play"  # asked at t = 0
    with pytest.raises(SourceUnavailable) as denied:  # asked after the first answer came
        source.fetch("1")
    assert denied.value.kind is Failure.ACCESS_DENIED
    assert (source.calls, source.forbidden, source.rate_limited) == (2, 1, 0)
    assert 0.2 < clock.take_busy() < 2.5 and clock.t == 0


def test_sheets_meter_requests_per_user_and_per_project():
    from grading.core.errors import SheetRateLimited
    from sim.limits import FixedWindow
    from sim.sheets import SyntheticSheets

    env = simpy.Environment()
    clock = SimClock(env, T0)
    quotas = {
        "read/user": FixedWindow(2, send_retry_after=False),
        "write/user": FixedWindow(10, send_retry_after=False),
        "read/project": FixedWindow(3, send_retry_after=False),
        "write/project": FixedWindow(10, send_retry_after=False),
    }
    sheets = SyntheticSheets(clock, quotas, accounts={"player": "p", "team": "t"})
    row = ["a-1", "won"]
    assert sheets.upsert_rows("player", [row]) == (0, 1)  # 1 read, 1 write
    assert sheets.upsert_rows("player", [row]) == (1, 0)  # 2nd read: user at 2
    with pytest.raises(SheetRateLimited, match="per user"):
        sheets.upsert_rows("player", [row])
    assert sheets.upsert_rows("team", [row]) == (0, 1)  # its own account: 3rd read
    with pytest.raises(SheetRateLimited, match="per project"):
        sheets.upsert_rows("team", [row])
    env.run(until=60)  # quotas refill each minute
    assert sheets.upsert_rows("team", [["b-1", "lost"]]) == (0, 1)
    assert (sheets.requests, sheets.rate_limited) == (10, 2)
    assert sheets.first_written == {"a-1": 0, "b-1": 60}


def test_shared_in_play_answers_are_forgotten_once_stale():
    from grading.edges.cache import SettledCache

    env = simpy.Environment()
    clock = SimClock(env, T0)
    source = SyntheticFotMob(
        clock, {str(n): Fixture(final(str(n)), kickoff_s=0) for n in range(1, 5)}
    )
    shared = SettledCache(source, size=2, clock=clock, fresh_s=60)
    for match_id in "123":
        shared.fetch(match_id)
    assert sorted(shared._recent) == ["1", "2", "3"]
    env.run(until=61)
    shared.fetch("4")
    assert sorted(shared._recent) == ["4"]
