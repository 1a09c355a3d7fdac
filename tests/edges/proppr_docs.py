"""PROPPR's documents as the tests build and read them: alerts, users' bets, and the stored
document itself as PROPPR's own tools would read it from each store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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


def aid(n: int) -> str:
    return f"65f00000000000000000{n:04d}"


def alert(n: int, **extra) -> dict:
    """A Team Bot alert as PROPPR stores it (no FotMob id, a bookmaker's names)."""
    return {
        "_id": aid(n),
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
