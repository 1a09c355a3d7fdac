"""The embedded default store: stdlib ``sqlite3``, one JSON document per row.

Why this shape (docs/rules/stores.md §1): WAL mode and a busy timeout let the grading thread, the
sync thread and other processes share one file; claims are one ``UPDATE ... RETURNING``
statement, so they are atomic across threads and processes (16 workers, 0 double claims in
the research run); the fields that are filtered or sorted on are real columns kept beside the
document, with fixed-width UTC text that sorts like the instants it names.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from grading.core.documents import (
    alert_status,
    bet_id_of,
    bet_status,
    match_id_of,
    storable_alert_id,
)
from grading.core.errors import StoreUnavailable
from grading.core.tracking import (
    aware,
    corrected_tracking,
    deferred_tracking,
    result_of,
    settled_bet,
    settled_tracking,
    stamp,
    unstamp,
    utc,
)
from grading.edges.store._json import dumps, loads

_SCHEMA = """
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


class SqliteAlertStore:
    """:class:`grading.edges.store.AlertStore` in one SQLite file (``":memory:"`` is refused: the
    daemon's threads need to share the file)."""

    def __init__(self, path: str | Path, busy_timeout_s: float = 30.0) -> None:
        self.path = str(path)
        if self.path in ("", ":memory:"):
            raise ValueError("the SQLite store needs a file path, not an in-memory database")
        self.busy_timeout_s = busy_timeout_s
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    # -- connections: one per thread, autocommit, WAL -------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=self.busy_timeout_s,
                                       isolation_level=None, check_same_thread=False)
                conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_s * 1000)}")
                self._wal(conn)
                conn.execute("PRAGMA synchronous=NORMAL")
            except (sqlite3.Error, OSError) as exc:
                raise StoreUnavailable(f"cannot open store {self.path}: {exc}") from None
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _wal(self, conn: sqlite3.Connection) -> None:
        """Switch to WAL. The switch needs the file to itself and SQLite answers "locked"
        at once, without the busy handler, when another process opens it at that moment."""
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def ensure_indexes(self) -> None:
        self._conn().executescript(_SCHEMA)

    # -- inserting ------------------------------------------------------------------------
    def add_alerts(self, docs: Iterable[Mapping[str, Any]]) -> int:
        rows = [_alert_row(doc) for doc in docs]
        with self._transaction() as conn:
            before = conn.total_changes
            conn.executemany("INSERT OR IGNORE INTO alerts (alert_id, bot_type, match_id, status,"
                             " next_check_at, last_sync_check, doc) VALUES (?,?,?,?,?,?,?)", rows)
            return conn.total_changes - before

    def add_bets(self, docs: Iterable[Mapping[str, Any]]) -> int:
        rows = [(bet_id_of(doc), str(doc["alert_id"]), bet_status(doc),
                 dumps({**doc, "bet_id": bet_id_of(doc)})) for doc in docs]
        with self._transaction() as conn:
            before = conn.total_changes
            conn.executemany("INSERT OR IGNORE INTO bets VALUES (?,?,?,?)", rows)
            return conn.total_changes - before

    # -- reading --------------------------------------------------------------------------
    def get_alert(self, alert_id: str) -> dict[str, Any] | None:
        row = self._conn().execute("SELECT doc FROM alerts WHERE alert_id=?",
                                   (alert_id,)).fetchone()
        return None if row is None else loads(row[0])

    def bets_for(self, alert_id: str) -> list[dict[str, Any]]:
        rows = self._conn().execute("SELECT doc FROM bets WHERE alert_id=? ORDER BY bet_id",
                                    (alert_id,))
        return [loads(doc) for (doc,) in rows]

    def due_alerts(self, bot_type: str | None, now: datetime) -> list[dict[str, Any]]:
        where, args = _bot("status='pending'", bot_type)
        rows = self._conn().execute(
            f"SELECT doc FROM alerts WHERE {where} AND "
            "(next_check_at IS NULL OR next_check_at <= ?) ORDER BY alert_id", (*args, stamp(now)))
        return [loads(doc) for (doc,) in rows]

    def next_due_at(self, bot_type: str | None) -> datetime | None:
        where, args = _bot("status='pending'", bot_type)
        row = self._conn().execute(f"SELECT MIN(next_check_at) FROM alerts WHERE {where}",
                                   args).fetchone()
        return unstamp(row[0])

    def settled_alerts(self, bot_type: str | None) -> Iterator[dict[str, Any]]:
        where, args = _bot("status <> 'pending'", bot_type)
        cursor = self._conn().execute(f"SELECT doc FROM alerts WHERE {where} ORDER BY alert_id",
                                      args)
        while rows := cursor.fetchmany(500):
            yield from (loads(doc) for (doc,) in rows)

    def counts(self, bot_type: str | None) -> dict[str, int]:
        where, args = _bot("1", bot_type)
        pending, settled, unsynced = self._conn().execute(
            "SELECT COALESCE(SUM(status='pending'),0), COALESCE(SUM(status<>'pending'),0),"
            " COALESCE(SUM(status<>'pending' AND last_sync_check IS NULL),0)"
            f" FROM alerts WHERE {where}", args).fetchone()
        return {"pending": pending, "settled": settled, "unsynced": unsynced}

    # -- grading --------------------------------------------------------------------------
    def record_grade(self, alert_id: str, result: Mapping[str, Any],
                     bet_results: Mapping[str, Mapping[str, Any]], now: datetime) -> bool:
        with self._transaction() as conn:
            doc = _one(conn, "SELECT doc FROM alerts WHERE alert_id=? AND status='pending'",
                       alert_id)
            if doc is None:
                return False
            for bet_id, bet_result in bet_results.items():
                bet = _one(conn, "SELECT doc FROM bets WHERE bet_id=? AND status='pending'",
                           bet_id)
                if bet is not None:
                    _write_bet(conn, {**bet, **settled_bet(bet_result, now)})
            doc["result_tracking"] = settled_tracking(doc.get("result_tracking"), result, now)
            doc["last_sync_check"] = None   # settled: first in the sheet's rotation
            _write_alert(conn, doc)
            return True

    def defer(self, alert_ids: Sequence[str], next_check_at: datetime, reason: str) -> int:
        deferred = 0
        with self._transaction() as conn:
            for alert_id in alert_ids:
                doc = _one(conn, "SELECT doc FROM alerts WHERE alert_id=? AND status='pending'",
                           alert_id)
                if doc is not None:
                    doc["result_tracking"] = deferred_tracking(doc.get("result_tracking"),
                                                               next_check_at, reason)
                    _write_alert(conn, doc)
                    deferred += 1
        return deferred

    def correct_grade(self, alert_id: str, result: Mapping[str, Any],
                      bet_results: Mapping[str, Mapping[str, Any]],
                      audit: Mapping[str, Any]) -> bool:
        with self._transaction() as conn:
            doc = _one(conn, "SELECT doc FROM alerts WHERE alert_id=? AND status<>'pending'",
                       alert_id)
            if doc is None:
                return False
            for bet_id, bet_result in bet_results.items():
                bet = _one(conn, "SELECT doc FROM bets WHERE bet_id=?", bet_id)
                if bet is not None:
                    _write_bet(conn, {**bet, **result_of(bet_result)})
            doc["result_tracking"] = corrected_tracking(doc["result_tracking"], result, audit)
            doc["last_sync_check"] = None   # re-queue the sheet row
            _write_alert(conn, doc)
            return True

    # -- leases and sync claims -----------------------------------------------------------
    def acquire_lease(self, key: str, owner: str, now: datetime, seconds: float) -> bool:
        until = stamp(now + timedelta(seconds=seconds))
        row = self._conn().execute(
            "INSERT INTO leases VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET"
            " owner=excluded.owner, until=excluded.until"
            " WHERE leases.owner=excluded.owner OR leases.until < ? RETURNING owner",
            (key, owner, until, stamp(now))).fetchone()
        return row is not None

    def release_lease(self, key: str, owner: str) -> None:
        self._conn().execute("DELETE FROM leases WHERE key=? AND owner=?", (key, owner))

    def claim_sync_batch(self, bot_type: str | None, owner: str, now: datetime,
                         limit: int, seconds: float,
                         stale_before: datetime | None = None) -> list[dict[str, Any]]:
        where, args = _bot("status <> 'pending'", bot_type)
        if stale_before is not None:
            where, args = f"{where} AND (last_sync_check IS NULL OR last_sync_check < ?)", \
                (*args, stamp(stale_before))
        rows = self._conn().execute(
            "UPDATE alerts SET sync_owner=?, sync_until=? WHERE alert_id IN ("
            f" SELECT alert_id FROM alerts WHERE {where} AND"
            " (sync_until IS NULL OR sync_until < ?) ORDER BY last_sync_check, alert_id LIMIT ?)"
            " RETURNING last_sync_check, alert_id, doc",
            (owner, stamp(now + timedelta(seconds=seconds)), *args, stamp(now), limit))
        # RETURNING has no defined order: restore the rotation order (NULL first, like Mongo).
        claimed = sorted(rows.fetchall(), key=lambda row: (row[0] is not None, row[0] or "",
                                                           row[1]))
        return [loads(doc) for _, _, doc in claimed]

    def mark_synced(self, alert_ids: Sequence[str], owner: str, now: datetime) -> int:
        when = dumps(utc(now))
        with self._transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "UPDATE alerts SET last_sync_check=?, sync_owner=NULL, sync_until=NULL,"
                " doc=json_set(doc, '$.last_sync_check', json(?), '$.synced_at', json(?))"
                " WHERE alert_id=? AND sync_owner=?",
                [(stamp(now), when, when, alert_id, owner) for alert_id in alert_ids])
            return conn.total_changes - before

    def release_sync(self, alert_ids: Sequence[str], owner: str) -> int:
        with self._transaction() as conn:
            before = conn.total_changes
            conn.executemany("UPDATE alerts SET sync_owner=NULL, sync_until=NULL"
                             " WHERE alert_id=? AND sync_owner=?",
                             [(alert_id, owner) for alert_id in alert_ids])
            return conn.total_changes - before


def _bot(condition: str, bot_type: str | None) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause with the bot filter spelled out, so SQLite can use the index."""
    if bot_type is None:
        return condition, ()
    return f"{condition} AND bot_type=?", (bot_type,)


def _one(conn: sqlite3.Connection, sql: str, key: str) -> dict[str, Any] | None:
    row = conn.execute(sql, (key,)).fetchone()
    return None if row is None else loads(row[0])


def _alert_row(doc: Mapping[str, Any]) -> tuple[Any, ...]:
    full = {**doc, "alert_id": storable_alert_id(doc)}
    tracking = full.get("result_tracking") or {}
    return (full["alert_id"], full.get("bot_type"), match_id_of(full), alert_status(full),
            _stamp_any(tracking.get("next_check_at")), _stamp_any(full.get("last_sync_check")),
            dumps(full))


def _stamp_any(value: Any) -> str | None:
    return stamp(aware(value)) if isinstance(value, datetime) else None


def _write_alert(conn: sqlite3.Connection, doc: Mapping[str, Any]) -> None:
    alert_id, _bot, _match, status, next_check, last_sync, text = _alert_row(doc)
    conn.execute("UPDATE alerts SET status=?, next_check_at=?, last_sync_check=?, doc=?"
                 " WHERE alert_id=?", (status, next_check, last_sync, text, alert_id))


def _write_bet(conn: sqlite3.Connection, bet: Mapping[str, Any]) -> None:
    conn.execute("UPDATE bets SET status=?, doc=? WHERE bet_id=?",
                 (bet_status(bet), dumps(bet), bet_id_of(bet)))

