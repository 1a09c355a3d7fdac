"""UnifiedResultProcessor: one grading pass, specified on a manual clock."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from grading.core.errors import (
    AccessDeniedException,
    BadPayload,
    RateLimited,
    RateLimitException,
    SourceUnavailable,
)
from grading.core.pacing.fixtures import FixturePolicy
from grading.edges.clock import ManualClock
from grading.edges.recorded import DirectorySource
from grading.edges.store.sqlite import SqliteAlertStore
from grading.loops.grading_pass import UnifiedResultProcessor
from tests.conftest import FIXTURES

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ALERTS = [json.loads(line) for line in (FIXTURES / "alerts.jsonl").read_text().splitlines()]


class CountingSource:
    """Recorded payloads, with scripted failures per match id and a count of fetches."""

    def __init__(self, failures: dict[str, list[Exception]] | None = None) -> None:
        self.recorded = DirectorySource(FIXTURES / "fotmob")
        self.failures = failures or {}
        self.fetches: Counter[str] = Counter()

    def fetch(self, match_id: str):
        self.fetches[match_id] += 1
        pending = self.failures.get(match_id)
        if pending:
            raise pending.pop(0)
        return self.recorded.fetch(match_id)


def processor(store, source, clock, bot=None, **kw) -> UnifiedResultProcessor:
    store.ensure_indexes()
    return UnifiedResultProcessor(store, source, bot, clock=clock, owner="test", **kw)


@pytest.fixture
def sqlite_store(tmp_path):
    store = SqliteAlertStore(tmp_path / "a.db")
    store.ensure_indexes()
    yield store
    store.close()


def test_a_pass_settles_every_finished_fixture_exactly_as_expected(store):
    store.add_alerts(ALERTS)
    source = CountingSource()
    graded = processor(store, source, ManualClock(T0)).process_all_alerts()
    assert graded == len(ALERTS) - 1                         # g-001's match has not started
    assert set(source.fetches.values()) == {1}               # one fetch per fixture
    for alert in ALERTS:
        tracking = store.get_alert(alert["alert_id"])["result_tracking"]
        for key, value in alert["expected"].items():
            assert tracking[key] == value, (alert["alert_id"], key)
    assert processor(store, source, ManualClock(T0)).process_all_alerts() == 0


def test_each_bot_grades_only_its_own_alerts(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    team = processor(sqlite_store, CountingSource(), ManualClock(T0), bot="team")
    assert team.process_all_alerts() == 30
    assert sqlite_store.counts("player") == {"pending": 22, "settled": 0, "unsynced": 0}


def test_bets_are_settled_at_their_own_price(sqlite_store):
    sqlite_store.add_alerts([a for a in ALERTS if a["alert_id"] == "a-001"])   # won at 2.1
    sqlite_store.add_bets([{"bet_id": "b-1", "alert_id": "a-001", "stake": 4, "odds": 3.5},
                           {"bet_id": "b-2", "alert_id": "a-001", "stake": 5},
                           {"bet_id": "b-3", "alert_id": "a-001", "stake": 5, "odds": "n/a"}])
    processor(sqlite_store, CountingSource(), ManualClock(T0)).process_all_alerts()
    bets = {b["bet_id"]: (b["status"], b["returns"]) for b in sqlite_store.bets_for("a-001")}
    assert bets == {"b-1": ("won", "14.00"), "b-2": ("won", "10.50"), "b-3": ("won", None)}


def test_a_fixture_is_not_polled_before_kickoff_plus_105_minutes(sqlite_store):
    kickoff = T0 - timedelta(minutes=30)
    sqlite_store.add_alerts([{**ALERTS[0], "kickoff_utc": kickoff.isoformat()}])
    clock, source = ManualClock(T0), CountingSource()
    proc = processor(sqlite_store, source, clock)
    assert proc.process_all_alerts() == 0 and source.fetches == Counter()
    assert sqlite_store.next_due_at("team") == kickoff + timedelta(minutes=105)
    clock.set(kickoff + timedelta(minutes=104))
    assert proc.process_all_alerts() == 0 and source.fetches == Counter()
    clock.set(kickoff + timedelta(minutes=105))
    assert proc.process_all_alerts() == 1 and source.fetches["9000001"] == 1


def test_an_unfinished_fixture_waits_for_its_own_next_check(sqlite_store):
    sqlite_store.add_alerts([a for a in ALERTS if a["match_id"] == "9000007"])
    clock, source = ManualClock(T0), CountingSource()
    proc = processor(sqlite_store, source, clock)
    for _ in range(3):
        proc.process_all_alerts()
        clock.advance(600)
    assert source.fetches["9000007"] == 1                   # kickoff is in 2031
    tracking = sqlite_store.get_alert("g-001")["result_tracking"]
    assert tracking["next_check_at"] == datetime(2031, 6, 1, 13, 45, tzinfo=UTC)
    assert tracking["reason"] == "fixture not finished (not_started)"


def test_the_seed_policy_polls_every_pending_fixture_on_every_pass(sqlite_store):
    sqlite_store.add_alerts([a for a in ALERTS if a["match_id"] == "9000007"])
    clock, source = ManualClock(T0), CountingSource()
    proc = processor(sqlite_store, source, clock, policy=FixturePolicy.seed())
    for _ in range(3):
        proc.process_all_alerts()
        clock.advance(600)
    assert source.fetches["9000007"] == 3


def test_a_429_stops_the_pass_and_keeps_what_was_graded(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    source = CountingSource({"9000003": [RateLimited("429", retry_after=30)]})
    proc = processor(sqlite_store, source, ManualClock(T0))
    with pytest.raises(RateLimitException) as stopped:
        proc.process_all_alerts()
    assert stopped.value.retry_after == 30 and stopped.value.graded == 34 + 8
    assert sorted(source.fetches) == ["9000001", "9000002", "9000003"]
    assert sqlite_store.counts(None) == {"pending": 11, "settled": 42, "unsynced": 42}
    assert proc.process_all_alerts() == 10                  # the rest on the next pass


@pytest.mark.parametrize("kind", ["401", "403"])
def test_a_refusal_of_access_stops_the_pass_without_blaming_a_fixture(sqlite_store, kind):
    sqlite_store.add_alerts(ALERTS)
    source = CountingSource({"9000002": [SourceUnavailable("changed rules", kind=kind)]})
    proc = processor(sqlite_store, source, ManualClock(T0))
    with pytest.raises(AccessDeniedException) as stopped:
        proc.process_all_alerts()
    assert (stopped.value.kind, stopped.value.graded) == (kind, 34)
    assert sorted(source.fetches) == ["9000001", "9000002"]
    assert proc.fixture_failures == Counter()
    assert proc.process_all_alerts() == 18                  # access is back: the rest


def test_the_seed_policy_blames_each_fixture_for_a_refusal_and_goes_on(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    source = CountingSource({"9000002": [SourceUnavailable("changed rules", kind="403")]})
    proc = processor(sqlite_store, source, ManualClock(T0), policy=FixturePolicy.seed())
    assert proc.process_all_alerts() == 34 + 10
    assert proc.fixture_failures == Counter({"9000002": 1})


def test_other_failures_are_counted_per_fixture_and_backed_off(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    failures = {"9000001": [SourceUnavailable("503"), SourceUnavailable("503")],
                "9000002": [BadPayload("an HTML page, not match JSON")]}
    clock, source = ManualClock(T0), CountingSource(failures)
    proc = processor(sqlite_store, source, clock)
    assert proc.process_all_alerts() == 53 - 1 - 34 - 8
    assert proc.last_pass.failures == {"9000001": "503",
                                       "9000002": "an HTML page, not match JSON"}
    assert sqlite_store.next_due_at("team") == T0 + timedelta(seconds=60)
    clock.advance(60)
    assert proc.process_all_alerts() == 8                   # 9000001 fails a second time
    assert proc.fixture_failures == Counter({"9000001": 2})
    clock.advance(119)
    assert proc.process_all_alerts() == 0                   # backed off for 120 s now
    clock.advance(1)
    assert proc.process_all_alerts() == 34 and proc.fixture_failures == Counter()


def test_an_alert_without_a_usable_match_id_is_ungradeable(sqlite_store):
    sqlite_store.add_alerts([{**ALERTS[0], "alert_id": "x-1", "match_id": None},
                             {**ALERTS[0], "alert_id": "x-2", "match_id": "../3"}])
    assert processor(sqlite_store, CountingSource(), ManualClock(T0)).process_all_alerts() == 2
    tracking = sqlite_store.get_alert("x-2")["result_tracking"]
    assert tracking["status"] == "ungradeable" and "'../3'" in tracking["reason"]


def test_a_fixture_leased_by_another_daemon_is_left_to_it(sqlite_store):
    sqlite_store.add_alerts(ALERTS[:1])
    assert sqlite_store.acquire_lease("fixture:all:9000001", "other", T0, 120)
    clock, source = ManualClock(T0), CountingSource()
    proc = processor(sqlite_store, source, clock)
    assert proc.process_all_alerts() == 0 and proc.last_pass.leased_elsewhere == 1
    clock.advance(121)
    assert proc.process_all_alerts() == 1


@pytest.mark.parametrize(("status", "minutes_after_kickoff", "next_check_minutes"), [
    ("not_started", -60, 105),      # before kickoff: not before the earliest full time
    ("in_play", 106, 111),          # overdue: look again in 5 minutes
    ("in_play", 122, 148),          # extra time: look when it should be over
    ("in_play", 149, 154),          # and every 5 minutes after that
])
def test_next_checks_follow_the_match_clock(status, minutes_after_kickoff,
                                            next_check_minutes):
    from dataclasses import replace

    kickoff = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    facts = replace(DirectorySource(FIXTURES / "fotmob").fetch("9000001"), status=status,
                    kickoff_utc="2026-11-28T15:00:00Z")
    now = kickoff + timedelta(minutes=minutes_after_kickoff)
    assert FixturePolicy().next_check(facts, now) == \
        kickoff + timedelta(minutes=next_check_minutes)
