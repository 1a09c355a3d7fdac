"""The PROPPR schema on every store: PROPPR's own documents read, graded and written back
exactly as docs/rules/proppr.md says, and nothing else of them touched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

T0 = datetime(2026, 11, 21, 17, 0, tzinfo=UTC)
WON = {
    "status": "won",
    "actual_value": 3,
    "returns": "2.10",
    "reason": "goals 3 in regulation",
    "market": "total_goals",
    "stat": "goals",
    "location": "total",
    "side": None,
    "actual_result": "2-1",
    "lineup": None,
}


def alert(n: int, **extra) -> dict:
    """A Team Bot alert as PROPPR stores it (no FotMob id, a bookmaker's names)."""
    return {
        "_id": f"65f00000000000000000{n:04d}",
        "Match": "Man Utd vs Fulham",
        "Date": "2024-02-24",
        "Time": "15:00:00",
        "League": "Premier League",
        "Country": "England",
        "Team": None,
        "Market": "Match Goals",
        "Threshold": 2.5,
        "market_direction": "over",
        "Odds": 2.1,
        "fixture_id": 19134567,
        "created_at": T0 - timedelta(days=1),
        **extra,
    }


def aid(n: int) -> str:
    return f"65f00000000000000000{n:04d}"


def bet(bet_id: str, alert_n: int | None, **extra) -> dict:
    return {
        "bet_id": bet_id,
        "alert_id": None if alert_n is None else aid(alert_n),
        "player_name": None,
        "market": "Match Goals",
        "match": "Man Utd vs Fulham",
        "date": "2024-02-24",
        "threshold": 2.5,
        "market_direction": "over",
        "odds": 2.0,
        "units_staked": 2,
        "unit_size": 5,
        "status": "pending",
        **extra,
    }


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


def test_bets_in_every_container_are_settled_at_their_own_stake(proppr_store):
    proppr_store.add_alerts([alert(1)], bot_type="team")
    proppr_store.add_bets(
        [
            {"user_id": 11, "bets": [bet("b-1", 1, actual_stake=10, odds=2.05), bet("b-x", 2)]},
            {"user_id": 11, "bets": [bet("b-2", 1)]},  # a second container
            {
                "user_id": "12",
                "bets": [
                    bet("b-3", None, match="Man Utd  vs Fulham"),  # no alert_id
                    bet("b-4", 1, manual_override=True),
                    bet("b-5", 1, status="won", returns=99.0),
                    bet("b-6", 1, units_staked=None),
                ],
            },
        ]
    )
    views = {b["bet_id"]: b for b in proppr_store.bets_for(proppr_store.get_alert(aid(1)))}
    assert sorted(views) == ["b-1", "b-2", "b-3", "b-4", "b-5", "b-6"]
    assert views["b-4"]["status"] == "manual_override"
    assert views["b-6"]["problem"] == "the bet gives neither actual_stake nor units_staked"
    results = {
        "b-1": {**WON, "returns": "20.50"},
        "b-2": {**WON, "returns": "4.00"},
        "b-3": {**WON, "returns": "4.00"},
        "b-4": {**WON, "returns": "4.00"},
        "b-5": {**WON, "returns": "4.00"},
        "b-6": {
            "status": "ungradeable",
            "actual_value": None,
            "returns": None,
            "reason": "the bet gives neither actual_stake nor units_staked",
        },
    }
    assert proppr_store.record_grade(aid(1), WON, results, T0)
    bets = raw_bets(proppr_store)
    assert money(bets["b-1"]) == ("won", 20.5, 10.5)
    assert money(bets["b-2"]) == ("won", 4.0, 2.0) == money(bets["b-3"])
    assert bets["b-1"]["settled_at"] == T0
    assert bets["b-1"]["result_tracking"]["result_status"] == "won"
    assert (bets["b-1"]["actual_value"], bets["b-1"]["actual_result"]) == (3, "2-1")
    assert (bets["b-1"]["stat_type"], bets["b-1"]["api_type_id"]) == ("goals", 52)
    assert "returns" not in bets["b-4"] and bets["b-4"]["status"] == "pending"  # manual
    assert money(bets["b-5"]) == ("won", 99.0, None)  # settled before
    assert bets["b-6"]["status"] == "pending"
    assert (
        bets["b-6"]["result_tracking"]["grading_reason"]
        == "the bet gives neither actual_stake nor units_staked"
    )
    assert bets["b-x"] == bet("b-x", 2)  # another alert's


def test_a_bet_without_a_bet_id_is_refused_or_left_alone(proppr_store):
    """It cannot be updated in place: the embedded stores refuse it when it is loaded, and
    in PROPPR's database (where someone else put it) it is left to a person."""
    from grading.edges.store.mongo import MongoAlertStore

    proppr_store.add_alerts([alert(1)], bot_type="team")
    container = {"user_id": 5, "bets": [{**bet("x", 1), "bet_id": None}, bet("b-1", 1)]}
    if isinstance(proppr_store, MongoAlertStore):
        proppr_store._col("user_tracked_bets").insert_one(container)
    else:
        with pytest.raises(ValueError, match="bet has no bet_id"):
            proppr_store.add_bets([container])
        proppr_store.add_bets([{"user_id": 5, "bets": [bet("b-1", 1)]}])
    views = proppr_store.bets_for(proppr_store.get_alert(aid(1)))
    assert [view["bet_id"] for view in views] == ["b-1"]


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


def money(bet_doc: dict) -> tuple:
    return bet_doc["status"], bet_doc.get("returns"), bet_doc.get("profit_loss")


def raw(store, alert_id: str) -> dict:
    """The stored document itself, as PROPPR's own tools would read it."""
    from grading.edges.store.memory import MemoryAlertStore
    from grading.edges.store.mongo import MongoAlertStore
    from grading.edges.store.sqlite import SqliteAlertStore

    if isinstance(store, MemoryAlertStore):
        return store._alerts[alert_id]
    if isinstance(store, SqliteAlertStore):
        from grading.edges.store._json import loads

        (text,) = (
            store._conn().execute("SELECT doc FROM alerts WHERE alert_id=?", (alert_id,)).fetchone()
        )
        return loads(text)
    assert isinstance(store, MongoAlertStore)
    for name in ("all_positive_alerts", "all_positive_team_alerts"):
        doc = store._col(name).find_one(store.layout.ids_query([alert_id]))
        if doc is not None:
            return doc
    raise AssertionError(alert_id)


def raw_bets(store) -> dict[str, dict]:
    from grading.edges.store.memory import MemoryAlertStore
    from grading.edges.store.mongo import MongoAlertStore
    from grading.edges.store.sqlite import SqliteAlertStore

    if isinstance(store, MemoryAlertStore):
        return dict(store._bets)
    if isinstance(store, SqliteAlertStore):
        from grading.edges.store._json import loads

        return {
            bet_id: loads(text)
            for bet_id, text in store._conn().execute("SELECT bet_id, doc FROM bets")
        }
    assert isinstance(store, MongoAlertStore)
    return {
        b["bet_id"]: b
        for container in store._col("user_tracked_bets").find()
        for b in container["bets"]
    }
