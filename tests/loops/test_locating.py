"""Finding matches by name inside a grading pass (docs/rules/fixtures.md), on a manual
clock, PROPPR's documents in the in-memory store and the recorded day lists."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from grading.core.pacing.outcomes import Ending
from grading.core.schemas.proppr import PROPPR
from grading.edges.cache import SettledCache
from grading.edges.store.memory import MemoryAlertStore
from grading.loops.grading_pass import GradingPass
from grading.loops.locating import RETRY, Finding, MatchFinder
from tests.fakes import ScriptedSource

KICKOFF = datetime(2025, 3, 1, 15, 0, tzinfo=UTC)
AFTER = KICKOFF + timedelta(hours=4)


def alert(
    n: int,
    match: str = "Northbridge Town vs Eastport Utd",
    time: str = "15:00:00",
    day: str = "2025-03-01",
    **extra,
) -> dict:
    return {
        "_id": f"a{n:03d}",
        "Match": match,
        "Date": day,
        "Time": time,
        "Market": "Match Goals",
        "Threshold": 2.5,
        "market_direction": "over",
        "Odds": 1.9,
        **extra,
    }


def setup(*docs: dict, script: str = "") -> tuple[MemoryAlertStore, ScriptedSource]:
    store = MemoryAlertStore(PROPPR)
    store.add_alerts(docs, bot_type="team")
    return store, ScriptedSource(script)


def run(store, source, now=AFTER, deadline=timedelta(days=3)):
    finder = MatchFinder(store, source, Finding(deadline=deadline))
    return GradingPass(store, source, "team", owner="t", finder=finder).run(now)


def tracking(store, n: int) -> dict:
    return store.get_alert(f"a{n:03d}")["result_tracking"]


def test_a_match_found_by_name_is_written_and_graded_in_the_same_pass():
    store, source = setup(alert(1))
    report = run(store, source)
    assert (report.graded, report.outcome.ending) == (1, Ending.CLEAN)
    doc = store._alerts["a001"]
    assert doc["fotmob_match_id"] == "9000001"
    assert doc["fotmob_match"]["score"] == 100.0 and doc["fotmob_match"]["found_at"] == AFTER
    assert doc["result_tracking"]["result_status"] == "won"
    assert dict(source.day_lists) == {"20250301": 1}


def test_one_day_list_request_serves_every_alert_of_the_date():
    store, source = setup(*[alert(n) for n in range(40)])
    assert run(store, SettledCache(source)).graded == 40
    assert dict(source.day_lists) == {"20250301": 1} and source.fetches["9000001"] == 1


def test_an_unknown_time_reads_the_neighbouring_dates_too():
    store, source = setup(alert(1, match="Ashford vs Brookvale", time="00:00", day="2025-08-27"))
    assert run(store, source, now=datetime(2025, 9, 1, tzinfo=UTC)).graded == 1
    assert sorted(source.day_lists) == ["20250826", "20250827", "20250828"]
    assert tracking(store, 1)["status"] == "lost"  # 1-1: over 2.5 lost


def test_a_swapped_fixture_waits_with_its_reason_then_is_ungradeable_after_the_deadline():
    store, source = setup(alert(1, match="Eastport Utd vs Northbridge Town"))
    report = run(store, source)
    assert (report.graded, report.deferred) == (0, 1)
    waiting = tracking(store, 1)
    assert waiting["status"] == "pending" and waiting["next_check_at"] == AFTER + RETRY
    assert waiting["reason"].startswith(
        "no FotMob match for Eastport Utd v Northbridge Town: only Northbridge v Eastport "
        "fits, with home and away the other way round; closest: "
    )
    late = KICKOFF + timedelta(days=3, minutes=1)
    assert run(store, source, now=late).graded == 1
    assert tracking(store, 1)["status"] == "ungradeable"
    assert store._alerts["a001"].get("fotmob_match_id") is None


def test_the_decoys_of_the_day_are_never_taken():
    store, source = setup(
        alert(1, match="Northbridge vs Eastport", time="11:00"),
        alert(2, match="Northbridge Town U18 vs Eastport United U18", time="11:00"),
    )
    run(store, source)
    assert tracking(store, 1)["status"] == "pending"  # only the U18s then
    assert store._alerts["a002"]["fotmob_match_id"] == "9100011"


def test_a_missing_day_list_makes_the_alert_wait_and_a_bad_match_text_is_ungradeable():
    store, source = setup(
        alert(1, day="2024-01-01", time="13:00"), alert(2, match="Northbridge Town - Eastport Utd")
    )
    report = run(store, source, now=datetime(2024, 1, 2, tzinfo=UTC))
    assert tracking(store, 1)["reason"] == "day list 20240101: no recorded day list for 20240101"
    assert report.failures == {"alert a001": tracking(store, 1)["reason"]}
    assert tracking(store, 2)["status"] == "ungradeable"
    assert (
        tracking(store, 2)["reason"]
        == "Match 'Northbridge Town - Eastport Utd' does not name a home and an away side"
    )


@pytest.mark.parametrize(
    ("step", "ending"), [("429:60", Ending.RATE_LIMITED), ("403", Ending.ACCESS_DENIED)]
)
def test_a_refused_day_list_stops_the_pass_and_touches_nothing(step, ending):
    store, _ = setup(alert(1), alert(2))
    report = run(store, ScriptedSource(step))
    assert report.outcome.ending is ending and report.graded == 0
    assert tracking(store, 1)["status"] == "pending"
    assert store._alerts["a001"].get("result_tracking") is None


def test_a_fixture_that_cannot_have_finished_costs_no_day_list():
    store, source = setup(alert(1, match="Fernhill vs Glenmoor", day="2031-06-01", time="12:00"))
    report = run(store, source)
    assert report.deferred == 1 and not source.day_lists
    assert json.dumps(tracking(store, 1)["reason"]) == '"fixture cannot have finished yet"'


def test_a_date_that_is_not_one_is_ungradeable_and_a_bug_on_one_alert_defers_only_it():
    store, source = setup(alert(1, day="24/02/2025"), alert(2))

    class Broken(ScriptedSource):
        def day_list(self, date):
            raise KeyError("a bug")

    run(store, source)
    assert tracking(store, 1)["status"] == "ungradeable"
    assert tracking(store, 1)["reason"] == "Date '24/02/2025' is not a date (YYYY-MM-DD)"
    store2, _ = setup(alert(3))
    report = run(store2, Broken())
    assert report.outcome.ending is Ending.CLEAN and report.deferred == 1
    assert (
        store2.get_alert("a003")["result_tracking"]["reason"]
        == "day list 20250301: KeyError: 'a bug'"
    )
