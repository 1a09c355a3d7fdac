"""GradingPass with ``day_list_first``: one day-list request a date tells which fixtures are
over; only those are fetched in detail, and a live one is looked at again from its minute
(grading/core/pacing/fixtures.py, docs/rules/fotmob.md §4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from grading.core.fotmob.day_list import DayList, DayRow
from grading.core.pacing.fixtures import FixturePolicy
from grading.loops.grading_pass import GradingPass
from tests.fakes import ScriptedSource

KICKOFF = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
POLICY = FixturePolicy(day_list_first=True)


class DaySource(ScriptedSource):
    """Recorded matches, and a day list whose rows say what ``rows`` says."""

    def __init__(self, rows: dict[str, tuple[str, int | None]], script: str = "") -> None:
        super().__init__(script)
        self.rows = rows

    def day_list_answer(self, date: str) -> DayList:
        return DayList(
            date,
            tuple(
                DayRow(
                    match_id,
                    ("Home",),
                    ("Away",),
                    KICKOFF,
                    "League",
                    "ENG",
                    state,
                    live_minute=minute,
                )
                for match_id, (state, minute) in self.rows.items()
            ),
        )


def alerts(*match_ids: str) -> list[dict]:
    return [
        {
            "alert_id": f"x-{match_id}",
            "match_id": match_id,
            "market": "total_goals",
            "selection": "over",
            "line": 2.5,
            "odds": 2,
            "stake": 10,
            "kickoff_utc": KICKOFF.isoformat(),
        }
        for match_id in match_ids
    ]


def run(store, source, now: datetime, policy: FixturePolicy = POLICY):
    return GradingPass(store, source, None, owner="test", policy=policy).run(now)


def test_only_the_fixtures_the_day_list_shows_over_are_fetched(store):
    store.add_alerts(alerts("9000001", "9000002", "9000003"))
    source = DaySource(
        {"9000001": ("finished", None), "9000002": ("in_play", 80), "9000003": ("void", None)}
    )
    now = KICKOFF + timedelta(minutes=116)
    report = run(store, source, now)
    assert source.day_lists == {"20261128": 1}  # one request a date
    assert dict(source.fetches) == {"9000001": 1, "9000003": 1}  # not the live one
    assert report.graded == 2
    tracking = store.get_alert("x-9000002")["result_tracking"]
    # 80': ten minutes of regulation and five of stoppage to go
    assert tracking["next_check_at"] == now + timedelta(minutes=15)
    assert tracking["reason"] == "fixture not finished (in_play at 80', from the day list)"


@pytest.mark.parametrize(
    ("state", "minute", "wait_minutes"),
    [
        ("in_play", 30, 60 + 15 + 5),  # the rest of the first half, half-time, the second
        ("in_play", 45, 45 + 5),  # 45 may be half-time: look early rather than late
        ("in_play", 88, 2 + 5),
        ("in_play", 90, 2),  # in stoppage: the list is asked again in 2 minutes
        ("in_play", 105, 15 + 2.5),  # extra time
        ("in_play", None, 5),  # no minute: the in-play recheck
        ("not_started", None, 5),  # a late kickoff
    ],
)
def test_a_live_fixture_is_looked_at_again_from_its_minute(state, minute, wait_minutes):
    now = KICKOFF + timedelta(minutes=110)
    wait = POLICY.next_check_live(state, minute, now) - now
    assert max(wait, timedelta(seconds=POLICY.day_list_every_s)) == timedelta(minutes=wait_minutes)


def test_a_dates_list_is_asked_at_most_every_day_list_every_s(store):
    store.add_alerts(alerts("9000001", "9000002"))
    source = DaySource({"9000001": ("in_play", 90), "9000002": ("in_play", 90)})
    now = KICKOFF + timedelta(minutes=110)
    passes = GradingPass(store, source, None, owner="test", policy=POLICY)
    for minutes in (0, 1, 2, 3):
        passes.run(now + timedelta(minutes=minutes))
    assert source.day_lists == {"20261128": 2}  # at 0' and 2'
    assert not source.fetches


def test_without_the_day_list_each_fixture_is_fetched(store):
    store.add_alerts(alerts("9000001", "9000002"))
    source = DaySource({"9000001": ("finished", None), "9000002": ("in_play", 80)}, "503")
    report = run(store, source, KICKOFF + timedelta(minutes=116))
    assert dict(source.fetches) == {"9000001": 1, "9000002": 1}
    assert report.graded == 2


def test_a_fixture_missing_from_the_list_is_fetched_and_the_gate_still_holds(store):
    store.add_alerts(alerts("9000001"))
    source = DaySource({})
    assert run(store, source, KICKOFF + timedelta(minutes=60)).deferred == 1
    assert source.day_lists == {"20261128": 1}  # before 105': the kickoff check only
    assert not source.fetches
    assert run(store, source, KICKOFF + timedelta(minutes=116)).graded == 1
    assert source.fetches["9000001"] == 1


def test_a_429_on_the_day_list_stops_the_pass(store):
    store.add_alerts(alerts("9000001"))
    source = DaySource({"9000001": ("finished", None)}, "429:30")
    report = run(store, source, KICKOFF + timedelta(minutes=116))
    assert (report.outcome.retry_after, report.graded) == (30, 0)
    assert not source.fetches


def test_the_seed_and_the_default_never_ask_the_day_list(store):
    store.add_alerts(alerts("9000001"))
    source = DaySource({"9000001": ("in_play", 80)})
    report = run(
        store, source, KICKOFF + timedelta(minutes=116), replace(POLICY, day_list_first=False)
    )
    assert (report.graded, source.day_lists) == (1, {})


def test_a_dates_list_is_asked_once_a_kickoff_is_past_so_a_match_called_off_settles(store):
    store.add_alerts(alerts("9000003"))
    source = DaySource({"9000003": ("void", None)})
    report = run(store, source, KICKOFF + timedelta(minutes=1))
    assert (report.graded, source.day_lists) == (1, {"20261128": 1})
    assert store.get_alert("x-9000003")["result_tracking"]["status"] == "refund"


def test_a_fixture_called_off_is_settled_before_its_kickoff_from_the_list_at_hand(store):
    """9000003 is postponed; its alert waits for the gate in steps of ``void_check_s``, and
    is settled as soon as a day list asked for other fixtures shows it void."""
    store.add_alerts(alerts("9000003"))
    late = {
        "alert_id": "x-late",
        "match_id": "9000004",
        "market": "btts",
        "selection": "yes",
        "odds": 2,
        "stake": 10,
        "kickoff_utc": (KICKOFF - timedelta(hours=2)).isoformat(),
    }
    store.add_alerts([late])
    # 9000004 sorts after 9000003: only past-gate-first ordering lets its list count
    source = DaySource({"9000004": ("in_play", 88), "9000003": ("void", None)})
    passes = GradingPass(store, source, None, owner="test", policy=POLICY)
    early = KICKOFF - timedelta(hours=3)
    passes.run(early)  # nothing past its gate: no request at all
    assert (source.day_lists, dict(source.fetches)) == ({}, {})
    assert store.get_alert("x-9000003")["result_tracking"]["next_check_at"] == early + timedelta(
        seconds=POLICY.void_check_s
    )
    now = KICKOFF - timedelta(hours=2) + timedelta(minutes=110)  # the 13:00 one is due
    report = passes.run(now)
    assert source.day_lists == {"20261128": 1}
    assert store.get_alert("x-9000003")["result_tracking"]["status"] == "refund"
    assert report.graded == 1 and dict(source.fetches) == {"9000003": 1}
