"""The SQLite store's tables and rows: what the store writes, as plain functions.

Documents are kept in their schema's dialect (grading/core/schemas); the fields a query
filters or sorts on are columns beside them, computed through the same schema. The file
remembers its schema, so a store of PROPPR documents is never read as native ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from grading.core.schemas import Schema
from grading.core.tracking import aware, stamp
from grading.edges.store._json import dumps, loads

TABLES = """
CREATE TABLE IF NOT EXISTS alerts (
    alert_id TEXT PRIMARY KEY, bot_type TEXT, match_id TEXT, status TEXT NOT NULL,
    next_check_at TEXT, last_sync_check TEXT, sync_owner TEXT, sync_until TEXT,
    doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alerts_due ON alerts (status, bot_type, next_check_at);
CREATE INDEX IF NOT EXISTS alerts_rotation ON alerts (bot_type, last_sync_check)
    WHERE status <> 'pending';
CREATE TABLE IF NOT EXISTS bets (
    bet_id TEXT PRIMARY KEY, alert_id TEXT, status TEXT NOT NULL, doc TEXT NOT NULL,
    ref TEXT, owner TEXT);
CREATE INDEX IF NOT EXISTS bets_alert ON bets (alert_id, status);
CREATE TABLE IF NOT EXISTS leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL, until TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# Columns added after the first release: added to an older file when it is opened.
_ADDED = {"bets": ("ref TEXT", "owner TEXT")}

# Per-bot counts kept by triggers in the writing transaction itself, so the status page and
# the idle check read three numbers instead of scanning every alert (and two processes
# writing one file keep them right). An alert counts as pending, settled, and settled but
# never mirrored (unsynced). The empty text stands for "no bot".
_COUNT = (
    "(?.status = 'pending'), (?.status <> 'pending'), "
    "(?.status <> 'pending' AND ?.last_sync_check IS NULL)"
)


def _counted(row: str, sign: str) -> str:
    pending, settled, unsynced = _COUNT.replace("?", row).split(", ", 2)
    key = f"IFNULL({row}.bot_type, '')"
    return (
        f"INSERT OR IGNORE INTO alert_counts VALUES ({key}, 0, 0, 0);"
        f" UPDATE alert_counts SET pending = pending {sign} {pending},"
        f" settled = settled {sign} {settled}, unsynced = unsynced {sign} {unsynced}"
        f" WHERE bot = {key};"
    )


COUNTS = f"""
CREATE TABLE alert_counts (bot TEXT PRIMARY KEY, pending INTEGER NOT NULL,
    settled INTEGER NOT NULL, unsynced INTEGER NOT NULL);
CREATE TRIGGER alert_counts_insert AFTER INSERT ON alerts BEGIN {_counted("NEW", "+")} END;
CREATE TRIGGER alert_counts_delete AFTER DELETE ON alerts BEGIN {_counted("OLD", "-")} END;
CREATE TRIGGER alert_counts_update AFTER UPDATE OF status, last_sync_check, bot_type ON alerts
BEGIN {_counted("OLD", "-")} {_counted("NEW", "+")} END;
INSERT INTO alert_counts SELECT IFNULL(bot_type, ''), SUM(status = 'pending'),
    SUM(status <> 'pending'), SUM(status <> 'pending' AND last_sync_check IS NULL)
    FROM alerts GROUP BY IFNULL(bot_type, '');
"""


def create(conn: sqlite3.Connection, schema: Schema, path: str) -> None:
    """Tables, indexes and the schema mark (a file of another schema is refused)."""
    conn.executescript(TABLES)
    for table, columns in _ADDED.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    conn.execute("CREATE INDEX IF NOT EXISTS bets_ref ON bets (ref) WHERE ref IS NOT NULL")
    _create_counts(conn)
    # A file from before the mark holds native documents, whatever the settings say now.
    older = (
        conn.execute("SELECT 1 FROM meta").fetchone() is None
        and conn.execute("SELECT 1 FROM alerts LIMIT 1").fetchone() is not None
    )
    conn.execute(
        "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", ("native" if older else schema.name,)
    )
    (held,) = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    if held != schema.name:
        raise ValueError(
            f"store {path} holds {held} documents, not {schema.name} "
            f'(set [store] schema = "{held}" or use another file)'
        )


def _create_counts(conn: sqlite3.Connection) -> None:
    """The count table and its triggers, filled from the alerts already stored (a file from
    before them), in one transaction so that no other writer slips in between."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name='alert_counts'").fetchone() is None:
            for statement in COUNTS.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def bot_filter(condition: str, bot_type: str | None) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause with the bot filter spelled out, so SQLite can use the index."""
    if bot_type is None:
        return condition, ()
    return f"{condition} AND bot_type=?", (bot_type,)


def one(conn: sqlite3.Connection, sql: str, key: str) -> tuple[str | None, dict[str, Any]] | None:
    """(bot_type or owner, document) of the first row, or None."""
    row = conn.execute(sql, (key,)).fetchone()
    return None if row is None else (row[0], loads(row[1]))


def alert_row(schema: Schema, doc: Mapping[str, Any], bot: str | None) -> tuple[Any, ...]:
    alert_id = schema.alert_id(doc)
    full = {**doc, "alert_id": alert_id} if schema.id_field == "alert_id" else dict(doc)
    return (
        alert_id,
        bot,
        schema.match_id(full),
        schema.status(full),
        _stamp_any(schema.next_check(full)),
        _stamp_any(schema.last_sync(full)),
        dumps(full),
    )


def _stamp_any(value: Any) -> str | None:
    return stamp(aware(value)) if isinstance(value, datetime) else None


def write_alert(conn: sqlite3.Connection, schema: Schema, doc: Mapping[str, Any]) -> None:
    alert_id, _bot, match_id, status, next_check, last_sync, text = alert_row(schema, doc, None)
    conn.execute(
        "UPDATE alerts SET match_id=?, status=?, next_check_at=?, last_sync_check=?,"
        " doc=? WHERE alert_id=?",
        (match_id, status, next_check, last_sync, text, alert_id),
    )


def bet_rows(schema: Schema, doc: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            schema.bet_id(bet),
            schema.bet_alert_id(bet),
            schema.bet_status(bet),
            dumps(bet),
            schema.bet_ref(bet),
            dumps(owner),
        )
        for bet, owner in schema.bets_in(doc)
    ]


def write_bet(conn: sqlite3.Connection, schema: Schema, bet: Mapping[str, Any]) -> None:
    conn.execute(
        "UPDATE bets SET status=?, doc=? WHERE bet_id=?",
        (schema.bet_status(bet), dumps(bet), schema.bet_id(bet)),
    )
