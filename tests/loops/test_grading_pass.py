"""GradingPass: one grading pass, reported as a value, specified on a manual clock."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.outcomes import Ending
from grading.core.settlement.settle import settle
from grading.edges.recorded import DirectorySource
from grading.loops.grading_pass import GradingPass
from tests.conftest import FIXTURES
from tests.fakes import T0, FailingStore, ScriptedSource

ALERTS = [json.loads(line) for line in (FIXTURES / "alerts.jsonl").read_text().splitlines()]
BY_MATCH = {
    "9000001": 34,
    "9000002": 8,
    "9000003": 2,
    "9000004": 5,
    "9000005": 1,
    "9000006": 2,
    "9000007": 1,
}


def grading_pass(store, source, bot=None, **policy) -> GradingPass:
    return GradingPass(store, source, bot, owner="test", policy=replace(FixturePolicy(), **policy))


def test_a_pass_settles_every_finished_fixture_exactly_as_expected(store):
    store.add_alerts(ALERTS)
    source = ScriptedSource()
    report = grading_pass(store, source).run(T0)
    assert report.outcome.ending is Ending.CLEAN
    assert report.graded == len(ALERTS) - 1  # g-001's match has not started
    assert set(source.fetches.values()) == {1}  # one fetch per fixture
    for alert in ALERTS:
        tracking = store.get_alert(alert["alert_id"])["result_tracking"]
        for key, value in alert["expected"].items():
            assert tracking[key] == value, (alert["alert_id"], key)
    assert grading_pass(store, source).run(T0).graded == 0


def test_each_bot_grades_only_its_own_alerts(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    assert grading_pass(sqlite_store, ScriptedSource(), bot="team").run(T0).graded == 30
    assert sqlite_store.counts("player") == {"pending": 22, "settled": 0, "unsynced": 0}


def test_bets_are_settled_at_their_own_price(sqlite_store):
    sqlite_store.add_alerts([a for a in ALERTS if a["alert_id"] == "a-001"])  # won at 2.1
    sqlite_store.add_bets(
        [
            {"bet_id": "b-1", "alert_id": "a-001", "stake": 4, "odds": 3.5},
            {"bet_id": "b-2", "alert_id": "a-001", "stake": 5},
            {"bet_id": "b-3", "alert_id": "a-001", "stake": 5, "odds": "n/a"},
        ]
    )
    grading_pass(sqlite_store, ScriptedSource()).run(T0)
    bets = {
        b["bet_id"]: (b["status"], b["returns"])
        for b in sqlite_store.bets_for({"alert_id": "a-001"})
    }
    assert bets == {
        "b-1": ("won", "14.00"),
        "b-2": ("won", "10.50"),
        "b-3": ("ungradeable", None),
    }  # odds "n/a": refused, never guessed


def test_a_fixture_is_not_polled_before_kickoff_plus_105_minutes(sqlite_store, clock):
    kickoff = T0 - timedelta(minutes=30)
    sqlite_store.add_alerts([{**ALERTS[0], "kickoff_utc": kickoff.isoformat()}])
    source = ScriptedSource()
    graded = grading_pass(sqlite_store, source)
    assert graded.run(clock.now()).graded == 0 and not source.fetches
    assert sqlite_store.next_due_at("team") == kickoff + timedelta(minutes=105)
    clock.set(kickoff + timedelta(minutes=104))
    assert graded.run(clock.now()).graded == 0 and not source.fetches
    clock.set(kickoff + timedelta(minutes=105))
    assert graded.run(clock.now()).graded == 1 and source.fetches["9000001"] == 1


def test_an_unfinished_fixture_waits_for_its_own_next_check(sqlite_store, clock):
    sqlite_store.add_alerts([a for a in ALERTS if a["match_id"] == "9000007"])
    source = ScriptedSource()
    graded = grading_pass(sqlite_store, source)
    for _ in range(3):
        graded.run(clock.now())
        clock.advance(600)
    assert source.fetches["9000007"] == 1  # kickoff is in 2031
    tracking = sqlite_store.get_alert("g-001")["result_tracking"]
    assert tracking["next_check_at"] == datetime(2031, 6, 1, 13, 45, tzinfo=UTC)
    assert tracking["reason"] == "fixture not finished (not_started)"


def test_the_seed_policy_polls_every_pending_fixture_on_every_pass(sqlite_store, clock):
    sqlite_store.add_alerts([a for a in ALERTS if a["match_id"] == "9000007"])
    source = ScriptedSource()
    seed = GradingPass(sqlite_store, source, None, owner="t", policy=FixturePolicy.seed())
    for _ in range(3):
        seed.run(clock.now())
        clock.advance(600)
    assert source.fetches["9000007"] == 3


def test_a_429_stops_the_pass_and_keeps_what_was_graded(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    source = ScriptedSource(per_match={"9000003": "429:30"})
    graded = grading_pass(sqlite_store, source)
    report = graded.run(T0)
    assert (report.outcome.ending, report.outcome.retry_after) == (Ending.RATE_LIMITED, 30)
    assert report.graded == 34 + 8 and "stopped after 42 graded" in report.outcome.reason
    assert sorted(source.fetches) == ["9000001", "9000002", "9000003"]
    assert sqlite_store.counts(None) == {"pending": 11, "settled": 42, "unsynced": 42}
    assert graded.run(T0).graded == 10  # the rest on the next pass


@pytest.mark.parametrize("status", ["401", "403"])
def test_a_refusal_of_access_stops_the_pass_without_blaming_a_fixture(sqlite_store, status):
    sqlite_store.add_alerts(ALERTS)
    source = ScriptedSource(per_match={"9000002": status})
    graded = grading_pass(sqlite_store, source)
    report = graded.run(T0)
    assert (report.outcome.ending, report.graded) == (Ending.ACCESS_DENIED, 34)
    assert sorted(source.fetches) == ["9000001", "9000002"]
    assert graded.failures.retrying() == [] and report.failures == {}
    assert graded.run(T0).graded == 18  # access is back: the rest


def test_the_seed_policy_blames_each_fixture_for_a_refusal_and_goes_on(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    source = ScriptedSource(per_match={"9000002": "403"})
    seed = GradingPass(sqlite_store, source, None, owner="t", policy=FixturePolicy.seed())
    report = seed.run(T0)
    assert report.outcome.ending is Ending.CLEAN and report.graded == 34 + 10
    assert seed.failures.retrying() == ["fixture 9000002"]


def test_other_failures_are_counted_per_fixture_and_backed_off(sqlite_store, clock):
    sqlite_store.add_alerts(ALERTS)
    source = ScriptedSource(per_match={"9000001": "503 503", "9000002": "html"})
    graded = grading_pass(sqlite_store, source)
    report = graded.run(clock.now())
    assert report.outcome.ending is Ending.CLEAN and report.graded == 53 - 1 - 34 - 8
    assert report.failures == {
        "fixture 9000001": "FotMob answered 503",
        "fixture 9000002": "an HTML page, not match JSON",
    }
    assert sqlite_store.next_due_at("team") == T0 + timedelta(seconds=60)
    clock.advance(60)
    assert graded.run(clock.now()).graded == 8  # 9000001 fails a second time
    assert graded.failures.count("fixture 9000001") == 2
    clock.advance(119)
    assert graded.run(clock.now()).graded == 0  # backed off for 120 s now
    clock.advance(1)
    assert graded.run(clock.now()).graded == 34 and graded.failures.retrying() == []


def test_a_parser_crash_on_one_fixture_never_holds_up_the_others(sqlite_store, clock):
    """A bug (not a GradingError) on the first fixture: every other fixture is graded in the
    same pass, the bad one retries on its own and is quarantined after five in a row."""
    sqlite_store.add_alerts(ALERTS)
    source = ScriptedSource(per_match={"9000001": "boom " * 6})
    graded = grading_pass(sqlite_store, source, failure_base_s=1, failure_max_s=1)
    report = graded.run(clock.now())
    assert report.outcome.ending is Ending.CLEAN
    assert report.graded == sum(BY_MATCH.values()) - BY_MATCH["9000001"] - 1
    assert report.failures == {"fixture 9000001": "KeyError: 'a bug'"}
    for _ in range(4):
        clock.advance(1)
        report = graded.run(clock.now())
    assert report.quarantined == ["fixture 9000001"]
    [quarantined] = graded.failures.quarantined()
    assert (quarantined.key, quarantined.failures) == ("fixture 9000001", 5)
    tracking = sqlite_store.get_alert("a-001")["result_tracking"]
    assert tracking["reason"] == "quarantined after 5 failures in a row: KeyError: 'a bug'"
    assert tracking["next_check_at"] == clock.now() + timedelta(hours=1)
    clock.advance(3600)
    assert graded.run(clock.now()).graded == 0 and source.fetches["9000001"] == 6
    clock.advance(3600)  # the payload is fixed
    assert graded.run(clock.now()).graded == 34 and graded.failures.quarantined() == []


def test_an_alert_that_crashes_settlement_fails_alone(sqlite_store, clock, monkeypatch):
    import grading.loops.grading_pass as module

    def buggy(alert, facts, rules):
        if alert.alert_id == "x-odd":
            raise ZeroDivisionError("a bug in settlement")
        return settle(alert, facts, rules)

    monkeypatch.setattr(module, "settle", buggy)
    sqlite_store.add_alerts([{**ALERTS[0], "alert_id": "x-odd"}, ALERTS[1]])
    graded = grading_pass(sqlite_store, ScriptedSource())
    report = graded.run(clock.now())
    assert report.graded == 1 and list(report.failures) == ["alert x-odd"]
    assert sqlite_store.get_alert("x-odd")["result_tracking"]["status"] == "pending"


def test_an_alert_without_a_usable_match_id_is_ungradeable(sqlite_store):
    sqlite_store.add_alerts(
        [
            {**ALERTS[0], "alert_id": "x-1", "match_id": None},
            {**ALERTS[0], "alert_id": "x-2", "match_id": "../3"},
        ]
    )
    assert grading_pass(sqlite_store, ScriptedSource()).run(T0).graded == 2
    tracking = sqlite_store.get_alert("x-2")["result_tracking"]
    assert tracking["status"] == "ungradeable" and "'../3'" in tracking["reason"]


def test_a_fixture_leased_by_another_daemon_is_left_to_it(sqlite_store, clock):
    sqlite_store.add_alerts(ALERTS[:1])
    assert sqlite_store.acquire_lease("fixture:all:9000001", "other", T0, 120)
    graded = grading_pass(sqlite_store, ScriptedSource())
    assert graded.run(clock.now()).leased_elsewhere == 1
    clock.advance(121)
    assert graded.run(clock.now()).graded == 1


def test_a_store_outage_ends_the_pass_as_failed(sqlite_store):
    sqlite_store.add_alerts(ALERTS)
    report = grading_pass(FailingStore(sqlite_store), ScriptedSource()).run(T0)
    assert report.outcome.ending is Ending.FAILED
    assert report.outcome.reason == "MongoDB: connection refused (test)"


@pytest.mark.parametrize(
    ("status", "minutes_after_kickoff", "next_check_minutes"),
    [
        ("not_started", -60, 105),  # before kickoff: not before the earliest full time
        ("in_play", 106, 111),  # overdue: look again in 5 minutes
        ("in_play", 122, 148),  # extra time: look when it should be over
        ("in_play", 149, 154),  # and every 5 minutes after that
    ],
)
def test_next_checks_follow_the_match_clock(status, minutes_after_kickoff, next_check_minutes):
    kickoff = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    facts = replace(
        DirectorySource(FIXTURES / "fotmob").fetch("9000001"),
        status=status,
        kickoff_utc="2026-11-28T15:00:00Z",
    )
    now = kickoff + timedelta(minutes=minutes_after_kickoff)
    assert FixturePolicy().next_check(facts, now) == kickoff + timedelta(minutes=next_check_minutes)


def test_a_payload_of_another_match_is_that_fixtures_failure(sqlite_store):
    class Swapped(ScriptedSource):
        def fetch(self, match_id, pages=()):
            return super().fetch("9000002" if match_id == "9000001" else match_id, pages)

    sqlite_store.add_alerts(ALERTS)
    report = grading_pass(sqlite_store, Swapped()).run(T0)
    assert report.failures == {
        "fixture 9000001": "asked for match 9000001, the payload is match 9000002"
    }
    assert report.graded == 53 - 1 - 34
