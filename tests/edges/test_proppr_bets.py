"""Users' bets in PROPPR's ``user_tracked_bets`` containers, on every store: each settled at
its own stake and odds, and a bet without an id refused or left alone."""

from __future__ import annotations

import pytest

from tests.edges.proppr_docs import T0, WON, aid, alert, bet, money, raw_bets


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
