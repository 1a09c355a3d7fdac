"""One contract, every store: the embedded SQLite default and pymongo over the wire."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest

T0 = datetime(2026, 11, 21, 17, 0, tzinfo=UTC)
WON = {"status": "won", "actual_value": 3, "returns": "21.00", "reason": "3 > 2.5"}


def alert(n: int, bot: str = "team", **extra) -> dict:
    return {
        "alert_id": f"a-{n:03d}",
        "bot_type": bot,
        "match_id": "9000001",
        "market": "total_goals",
        "selection": "over",
        "line": 2.5,
        "odds": 2.1,
        "stake": 10,
        **extra,
    }


def settle_all(store, count: int, bot: str = "team") -> list[str]:
    store.add_alerts(alert(n, bot) for n in range(count))
    ids = [f"a-{n:03d}" for n in range(count)]
    for alert_id in ids:
        assert store.record_grade(alert_id, WON, {}, T0)
    return ids


def test_alert_ids_are_unique_and_adding_is_idempotent(store):
    assert store.add_alerts([alert(1), alert(2)]) == 2
    assert store.add_alerts([alert(2, market="btts"), alert(3)]) == 1
    assert store.get_alert("a-002")["market"] == "total_goals"
    assert store.get_alert("a-404") is None
    with pytest.raises(ValueError, match="no alert_id"):
        store.add_alerts([{"market": "btts"}])


def test_due_alerts_are_pending_ones_whose_next_check_has_come(store):
    store.add_alerts(
        [
            alert(1),
            alert(2),
            alert(3, bot="player"),
            alert(4, result_tracking={"status": "won"}),
            alert(
                5, result_tracking={"status": "pending", "next_check_at": T0 + timedelta(hours=1)}
            ),
        ]
    )
    due = [doc["alert_id"] for doc in store.due_alerts("team", T0)]
    assert due == ["a-001", "a-002"]
    assert [doc["alert_id"] for doc in store.due_alerts(None, T0 + timedelta(hours=1))] == [
        "a-001",
        "a-002",
        "a-003",
        "a-005",
    ]
    assert store.next_due_at("team") == T0 + timedelta(hours=1)
    assert store.counts("team") == {"pending": 3, "settled": 1, "unsynced": 1}


def test_a_grade_is_written_once_with_bets_at_their_own_price(store):
    store.add_alerts([alert(1)])
    store.add_bets(
        [
            {"bet_id": "b-1", "alert_id": "a-001", "stake": 4, "odds": 2.0},
            {"bet_id": "b-2", "alert_id": "a-001", "stake": 5, "odds": 3.0},
        ]
    )
    bet_results = {"b-1": {**WON, "returns": "8.00"}, "b-2": {**WON, "returns": "15.00"}}
    assert store.record_grade("a-001", WON, bet_results, T0)
    assert not store.record_grade("a-001", {**WON, "status": "lost"}, {}, T0)
    tracking = store.get_alert("a-001")["result_tracking"]
    assert tracking["status"] == "won" and tracking["returns"] == "21.00"
    assert tracking["graded_at"] == T0 and tracking["attempts"] == 1
    bets = store.bets_for({"alert_id": "a-001"})
    assert [(b["bet_id"], b["status"], b["returns"]) for b in bets] == [
        ("b-1", "won", "8.00"),
        ("b-2", "won", "15.00"),
    ]
    assert store.due_alerts("team", T0) == []


def test_a_bet_settled_before_a_crash_is_not_settled_again(store):
    store.add_alerts([alert(1)])
    store.add_bets(
        [
            {
                "bet_id": "b-1",
                "alert_id": "a-001",
                "stake": 4,
                "odds": 2.0,
                "status": "won",
                "returns": "8.00",
            }
        ]
    )
    assert store.record_grade("a-001", WON, {"b-1": {**WON, "returns": "999.00"}}, T0)
    assert store.bets_for({"alert_id": "a-001"})[0]["returns"] == "8.00"


def test_defer_counts_attempts_and_hides_the_alert_until_its_next_check(store):
    store.add_alerts([alert(1), alert(2)])
    later = T0 + timedelta(minutes=30)
    assert store.defer(["a-001", "a-404"], later, "fixture in play") == 1
    assert [doc["alert_id"] for doc in store.due_alerts("team", T0)] == ["a-002"]
    assert store.next_due_at("team") == later
    store.defer(["a-001"], later, "fixture in play")
    tracking = store.get_alert("a-001")["result_tracking"]
    assert (tracking["status"], tracking["attempts"], tracking["next_check_at"]) == (
        "pending",
        2,
        later,
    )
    assert store.record_grade("a-001", WON, {}, later)
    assert store.get_alert("a-001")["result_tracking"]["attempts"] == 3


def test_times_come_back_tz_aware_as_the_same_instant(store):
    paris = timezone(timedelta(hours=2))
    store.add_alerts([alert(1, kickoff_utc=datetime(2026, 6, 1, 20, 0, tzinfo=paris))])
    kickoff = store.get_alert("a-001")["kickoff_utc"]
    assert kickoff.utcoffset() == timedelta(0) and kickoff == datetime(
        2026, 6, 1, 18, 0, tzinfo=UTC
    )


def test_leases_exclude_other_owners_until_they_expire(store):
    assert store.acquire_lease("fixture:1", "daemon-a", T0, 60)
    assert not store.acquire_lease("fixture:1", "daemon-b", T0 + timedelta(seconds=30), 60)
    assert store.acquire_lease("fixture:1", "daemon-a", T0 + timedelta(seconds=30), 60)
    assert not store.acquire_lease("fixture:1", "daemon-b", T0 + timedelta(seconds=80), 60)
    assert store.acquire_lease("fixture:1", "daemon-b", T0 + timedelta(seconds=91), 60)
    store.release_lease("fixture:1", "daemon-a")  # not the owner: no effect
    assert not store.acquire_lease("fixture:1", "daemon-a", T0 + timedelta(seconds=92), 60)
    store.release_lease("fixture:1", "daemon-b")
    assert store.acquire_lease("fixture:1", "daemon-a", T0 + timedelta(seconds=92), 60)


def test_sync_rotation_takes_never_synced_then_oldest_and_claims_exclusively(store):
    ids = settle_all(store, 6)
    first = store.claim_sync_batch("team", "s1", T0, 4, 60)
    assert [doc["alert_id"] for doc in first] == ids[:4]
    assert [doc["alert_id"] for doc in store.claim_sync_batch("team", "s2", T0, 4, 60)] == ids[4:]
    assert store.claim_sync_batch("team", "s3", T0, 4, 60) == []
    assert store.mark_synced(ids[:2], "s1", T0 + timedelta(seconds=1)) == 2
    assert store.mark_synced(ids[2:4], "s2", T0) == 0  # not s2's claim
    assert store.release_sync(ids[2:4], "s1") == 2
    store.release_sync(ids[4:], "s2")
    synced = store.get_alert(ids[0])
    assert synced["last_sync_check"] == synced["synced_at"] == T0 + timedelta(seconds=1)
    assert store.counts("team")["unsynced"] == 4
    rotation = store.claim_sync_batch("team", "s1", T0 + timedelta(seconds=2), 6, 60)
    assert [doc["alert_id"] for doc in rotation] == ids[2:] + ids[:2]


def test_an_expired_sync_claim_can_be_taken_over(store):
    ids = settle_all(store, 2)
    store.claim_sync_batch("team", "s1", T0, 2, 60)
    taken = store.claim_sync_batch("team", "s2", T0 + timedelta(seconds=61), 2, 60)
    assert [doc["alert_id"] for doc in taken] == ids
    assert store.mark_synced(ids, "s1", T0 + timedelta(seconds=62)) == 0


def run_threads(target, count: int = 4) -> None:
    threads = [threading.Thread(target=target, args=(f"w{i}",)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_racing_threads_never_claim_or_grade_the_same_alert_twice(store):
    ids = settle_all(store, 40)
    store.add_alerts(alert(n) for n in range(100, 130))
    claims: Counter = Counter()
    graded: Counter = Counter()
    lock = threading.Lock()

    def claimer(name: str) -> None:
        while batch := store.claim_sync_batch("team", name, T0, 3, 600):
            with lock:
                claims.update(doc["alert_id"] for doc in batch)

    def grader(name: str) -> None:
        for n in range(100, 130):
            if store.record_grade(f"a-{n:03d}", WON, {}, T0):
                with lock:
                    graded[n] += 1

    run_threads(claimer)
    run_threads(grader)
    assert sorted(claims) == ids and set(claims.values()) == {1}
    assert sorted(graded) == list(range(100, 130)) and set(graded.values()) == {1}


def test_a_correction_keeps_an_audit_trail_and_requeues_the_sheet_row(store):
    ids = settle_all(store, 1)
    store.add_bets(
        [
            {
                "bet_id": "b-1",
                "alert_id": ids[0],
                "stake": 4,
                "odds": 2.0,
                "status": "won",
                "returns": "8.00",
            }
        ]
    )
    store.claim_sync_batch("team", "s1", T0, 1, 60)
    store.mark_synced(ids, "s1", T0)
    lost = {"status": "lost", "actual_value": 2, "returns": "0.00", "reason": "2 < 2.5"}
    audit = {"at": T0, "previous": WON, "reason": "regraded from recorded payload"}
    assert store.correct_grade(ids[0], lost, {"b-1": lost}, audit)
    corrected = store.get_alert(ids[0])
    assert corrected["result_tracking"]["status"] == "lost"
    assert corrected["result_tracking"]["audit"] == [audit]
    assert corrected["last_sync_check"] is None
    assert store.bets_for({"alert_id": ids[0]})[0]["returns"] == "0.00"
    assert not store.correct_grade("a-404", lost, {}, audit)
    assert [doc["alert_id"] for doc in store.settled_alerts("team")] == ids


def test_an_unreachable_mongo_is_one_line_without_the_password():
    from grading.edges.store import StoreUnavailable
    from grading.edges.store.mongo import MongoAlertStore

    store = MongoAlertStore(
        "mongodb://grader:s3cr3t@127.0.0.1:1/", "x", server_selection_timeout_ms=300
    )
    with pytest.raises(StoreUnavailable) as failed:
        store.counts(None)
    message = str(failed.value)
    assert message.startswith("MongoDB: 127.0.0.1:1:") and "\n" not in message
    assert "s3cr3t" not in message and "Topology" not in message
    store.close()


def test_a_refresh_age_leaves_recently_synced_rows_alone(store):
    ids = settle_all(store, 4)
    first = store.claim_sync_batch("team", "s", T0, 2, 60)
    store.mark_synced([doc["alert_id"] for doc in first], "s", T0)
    fresh = store.claim_sync_batch("team", "t", T0, 10, 60, stale_before=T0)
    assert [doc["alert_id"] for doc in fresh] == ids[2:]
    store.release_sync(ids[2:], "t")
    later = T0 + timedelta(seconds=1)
    assert len(store.claim_sync_batch("team", "u", later, 10, 60, stale_before=later)) == 4


def test_a_status_that_is_not_a_grade_is_pending_and_graded_over(store):
    """An object left in result_tracking.status by a foreign writer is no grade: the alert
    stays visible as pending (never "settled", never hidden) and a real grade replaces it."""
    forged = alert(90)
    forged["result_tracking"] = {"status": {"$ne": "pending"}}
    store.add_alerts([forged])
    assert store.counts("team")["pending"] == 1
    assert [doc["alert_id"] for doc in store.due_alerts("team", T0)] == [forged["alert_id"]]
    assert store.record_grade(
        forged["alert_id"],
        {"status": "lost", "actual_value": 0, "returns": "0.00", "reason": "r"},
        {},
        T0,
    )
    assert store.get_alert(forged["alert_id"])["result_tracking"]["status"] == "lost"


@pytest.mark.parametrize("field", ["bot_type", "alert_id", "match_id"])
def test_an_object_where_a_query_reads_a_value_is_refused(store, field):
    with pytest.raises(ValueError, match="is not text"):
        store.add_alerts([{**alert(91), field: {"$ne": None}}])
