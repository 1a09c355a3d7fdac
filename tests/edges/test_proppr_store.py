"""The PROPPR schema on every store: PROPPR's own documents read, graded and written back
exactly as docs/rules/proppr.md says, and nothing else of them touched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.edges.proppr_docs import T0, WON, aid, alert, bet, money, raw, raw_bets


def test_pending_is_a_missing_result_tracking_or_a_pending_status(proppr_store):
    proppr_store.add_alerts(
        [
            alert(1),
            alert(2, result_tracking={"result_status": "pending"}),
            alert(3, result_tracking={"result_status": "won"}),
            alert(4, result_tracking={"result_status": "loss"}),
            alert(
                5,
                result_tracking={
                    "result_status": "pending",
                    "next_check_at": T0 + timedelta(hours=1),
                },
            ),
        ],
        bot_type="team",
    )
    assert [v["alert_id"] for v in proppr_store.due_alerts("team", T0)] == [aid(1), aid(2)]
    assert proppr_store.due_alerts("player", T0) == []
    assert proppr_store.counts("team") == {"pending": 3, "settled": 2, "unsynced": 2}
    assert proppr_store.get_alert(aid(4))["result_tracking"]["status"] == "lost"


def test_an_alert_reads_as_the_view_the_loops_grade(proppr_store):
    proppr_store.add_alerts(
        [alert(1), alert(2, Time="00:00", Match="Wolves  VS. Spurs")], bot_type="team"
    )
    view = proppr_store.get_alert(aid(1))
    assert (view["market"], view["selection"], view["line"], view["odds"], view["bot_type"]) == (
        "Match Goals",
        "over",
        2.5,
        2.1,
        "team",
    )
    assert view["match_id"] is None
    assert view["kickoff_utc"] == datetime(2024, 2, 24, 15, 0, tzinfo=UTC)
    assert view["fixture"]["home"] == "Man Utd" and view["fixture"]["away"] == "Fulham"
    unknown = proppr_store.get_alert(aid(2))
    assert unknown["kickoff_utc"] is None and unknown["fixture"]["date"] == "2024-02-24"
    assert (unknown["fixture"]["home"], unknown["fixture"]["away"]) == ("Wolves", "Spurs")


def test_a_grade_writes_proppr_fields_and_leaves_the_rest_alone(proppr_store):
    proppr_store.add_alerts(
        [
            alert(
                1,
                result_tracking={
                    "result_status": "pending",
                    "reset_reason": "kept",
                    "api_response_id": 7,
                },
                note="not ours",
            )
        ],
        bot_type="team",
    )
    assert proppr_store.record_grade(aid(1), WON, {}, T0)
    assert not proppr_store.record_grade(aid(1), {**WON, "status": "lost"}, {}, T0)
    doc = raw(proppr_store, aid(1))
    tracking = doc["result_tracking"]
    assert {
        key: tracking[key]
        for key in (
            "result_status",
            "actual_value",
            "actual_result",
            "expected_threshold",
            "market_direction",
            "stat_type",
            "api_type_id",
            "api_location",
            "graded_at",
            "calculated_at",
            "stat_source",
            "grading_source",
            "grading_attempts",
            "reset_reason",
            "api_response_id",
        )
    } == {
        "result_status": "won",
        "actual_value": 3,
        "actual_result": "2-1",
        "expected_threshold": 2.5,
        "market_direction": "over",
        "stat_type": "goals",
        "api_type_id": 52,
        "api_location": "total",
        "graded_at": T0,
        "calculated_at": T0,
        "stat_source": "fotmob",
        "grading_source": "grading-daemon",
        "grading_attempts": 1,
        "reset_reason": "kept",
        "api_response_id": 7,
    }
    assert "refund_reason" not in tracking and "side" not in tracking
    assert doc["note"] == "not ours" and doc["Match"] == "Man Utd vs Fulham"
    assert doc["last_sync_check"] is None
    assert proppr_store.get_alert(aid(1))["result_tracking"]["returns"] == "2.10"  # per unit


def test_a_refund_says_why_and_an_ungradeable_alert_is_terminal(proppr_store):
    proppr_store.add_alerts([alert(1), alert(2)], bot_type="team")
    proppr_store.record_grade(
        aid(1), {**WON, "status": "refund", "returns": "1.00", "reason": "match postponed"}, {}, T0
    )
    proppr_store.record_grade(
        aid(2),
        {
            "status": "ungradeable",
            "actual_value": None,
            "returns": None,
            "reason": "unknown market 'X'",
        },
        {},
        T0,
    )
    assert raw(proppr_store, aid(1))["result_tracking"]["refund_reason"] == "match postponed"
    second = raw(proppr_store, aid(2))["result_tracking"]
    assert (second["result_status"], second["grading_reason"]) == (
        "ungradeable",
        "unknown market 'X'",
    )
    assert proppr_store.due_alerts("team", T0 + timedelta(days=9)) == []


def test_defer_writes_the_wait_under_result_tracking(proppr_store):
    proppr_store.add_alerts([alert(1)], bot_type="team")
    later = T0 + timedelta(minutes=30)
    assert proppr_store.defer([aid(1)], later, "fixture in play") == 1
    tracking = raw(proppr_store, aid(1))["result_tracking"]
    assert (
        tracking["result_status"],
        tracking["next_check_at"],
        tracking["pending_reason"],
        tracking["grading_attempts"],
    ) == ("pending", later, "fixture in play", 1)
    assert proppr_store.due_alerts("team", T0) == []
    assert proppr_store.next_due_at("team") == later
    assert [v["alert_id"] for v in proppr_store.due_alerts("team", later)] == [aid(1)]


def test_the_match_found_is_written_once(proppr_store):
    proppr_store.add_alerts([alert(1)], bot_type="team")
    found = {"match_id": "4193788", "home": "Man United", "away": "Fulham", "score": 100.0}
    assert proppr_store.record_match(aid(1), found)
    assert not proppr_store.record_match(aid(1), {**found, "match_id": "1"})
    doc = raw(proppr_store, aid(1))
    assert doc["fotmob_match_id"] == "4193788" and doc["fotmob_match"]["home"] == "Man United"
    assert proppr_store.get_alert(aid(1))["match_id"] == "4193788"


def test_a_correction_records_what_it_changed(proppr_store):
    proppr_store.add_alerts([alert(1)], bot_type="team")
    proppr_store.add_bets([{"user_id": 1, "bets": [bet("b-1", 1)]}])
    proppr_store.record_grade(aid(1), WON, {"b-1": {**WON, "returns": "4.00"}}, T0)
    lost = {**WON, "status": "lost", "actual_value": 2, "returns": "0.00"}
    at = T0 + timedelta(days=1)
    assert proppr_store.correct_grade(
        aid(1), lost, {"b-1": lost}, {"at": at, "reason": "regraded: goals 2"}
    )
    tracking = raw(proppr_store, aid(1))["result_tracking"]
    assert (
        tracking["result_status"],
        tracking["result_changed_from"],
        tracking["result_changed_reason"],
        tracking["result_changed_at"],
    ) == ("lost", "won", "regraded: goals 2", at)
    assert money(raw_bets(proppr_store)["b-1"]) == ("lost", 0.0, -2.0)


def test_syncing_sets_last_sync_check_only(proppr_store):
    proppr_store.add_alerts([alert(1), alert(2)], bot_type="team")
    for n in (1, 2):
        proppr_store.record_grade(aid(n), WON, {}, T0)
    claimed = proppr_store.claim_sync_batch("team", "s1", T0, 10, 60)
    assert [v["alert_id"] for v in claimed] == [aid(1), aid(2)]
    assert proppr_store.mark_synced([aid(1)], "s1", T0) == 1
    doc = raw(proppr_store, aid(1))
    assert doc["last_sync_check"] == T0 and "synced_at" not in doc and "sync_claim" not in doc
    assert proppr_store.counts("team")["unsynced"] == 1


def test_player_and_team_alerts_are_kept_apart(proppr_store):
    proppr_store.add_alerts(
        [alert(1, Market="Player Goals", Player="Bruno Fernandes")], bot_type="player"
    )
    proppr_store.add_alerts([alert(2)], bot_type="team")
    assert [v["alert_id"] for v in proppr_store.due_alerts("player", T0)] == [aid(1)]
    assert [v["alert_id"] for v in proppr_store.due_alerts(None, T0)] == [aid(1), aid(2)]
    with pytest.raises(ValueError, match="no bot type"):
        proppr_store.add_alerts([alert(3)])
