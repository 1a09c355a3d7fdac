"""The SQLite store's tables and rows: what the store writes, as plain functions."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from grading.core.documents import (
    alert_status,
    bet_id_of,
    bet_status,
    match_id_of,
    storable_alert_id,
)
from grading.core.tracking import aware, stamp
from grading.edges.store._json import dumps, loads

SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    alert_id TEXT PRIMARY KEY, bot_type TEXT, match_id TEXT, status TEXT NOT NULL,
    next_check_at TEXT, last_sync_check TEXT, sync_owner TEXT, sync_until TEXT,
    doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alerts_due ON alerts (status, bot_type, next_check_at);
CREATE INDEX IF NOT EXISTS alerts_rotation ON alerts (bot_type, last_sync_check)
    WHERE status <> 'pending';
CREATE TABLE IF NOT EXISTS bets (
    bet_id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bets_alert ON bets (alert_id, status);
CREATE TABLE IF NOT EXISTS leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL, until TEXT NOT NULL);
"""


def bot_filter(condition: str, bot_type: str | None) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause with the bot filter spelled out, so SQLite can use the index."""
    if bot_type is None:
        return condition, ()
    return f"{condition} AND bot_type=?", (bot_type,)


def one(conn: sqlite3.Connection, sql: str, key: str) -> dict[str, Any] | None:
    row = conn.execute(sql, (key,)).fetchone()
    return None if row is None else loads(row[0])


def alert_row(doc: Mapping[str, Any]) -> tuple[Any, ...]:
    full = {**doc, "alert_id": storable_alert_id(doc)}
    tracking = full.get("result_tracking") or {}
    return (full["alert_id"], full.get("bot_type"), match_id_of(full), alert_status(full),
            _stamp_any(tracking.get("next_check_at")), _stamp_any(full.get("last_sync_check")),
            dumps(full))


def _stamp_any(value: Any) -> str | None:
    return stamp(aware(value)) if isinstance(value, datetime) else None


def write_alert(conn: sqlite3.Connection, doc: Mapping[str, Any]) -> None:
    alert_id, _bot, _match, status, next_check, last_sync, text = alert_row(doc)
    conn.execute("UPDATE alerts SET status=?, next_check_at=?, last_sync_check=?, doc=?"
                 " WHERE alert_id=?", (status, next_check, last_sync, text, alert_id))


def write_bet(conn: sqlite3.Connection, bet: Mapping[str, Any]) -> None:
    conn.execute("UPDATE bets SET status=?, doc=? WHERE bet_id=?",
                 (bet_status(bet), dumps(bet), bet_id_of(bet)))

