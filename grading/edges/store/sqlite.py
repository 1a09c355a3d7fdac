"""The embedded default store: stdlib ``sqlite3``, one JSON document per row.

Why this shape (docs/rules/stores.md §1): WAL mode and a busy timeout let the grading thread, the
sync thread and other processes share one file; claims are one ``UPDATE ... RETURNING``
statement, so they are atomic across threads and processes (16 workers, 0 double claims in
the research run); the fields that are filtered or sorted on are real columns kept beside the
document, with fixed-width UTC text that sorts like the instants it names.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from grading.core.errors import StoreUnavailable
from grading.core.schemas import Schema, apply_sets, bot_of, storable_id
from grading.core.schemas.native import NATIVE
from grading.core.tracking import audit_time, stamp, unstamp
from grading.edges.store._json import dumps, loads
from grading.edges.store._sqlite_conn import Connections, translated
from grading.edges.store._sqlite_rows import (
    alert_row,
    bet_rows,
    bot_filter,
    create,
    one,
    write_alert,
    write_bet,
)


class SqliteAlertStore(Connections):
    """:class:`grading.edges.store.AlertStore` in one SQLite file (``":memory:"`` is refused: the
    daemon's threads need to share the file), documents in ``schema``'s dialect."""

    def __init__(
        self, path: str | Path, busy_timeout_s: float = 30.0, schema: Schema = NATIVE
    ) -> None:
        super().__init__(path, busy_timeout_s)
        self.schema = schema

    @translated
    def ensure_indexes(self) -> None:
        create(self._conn(), self.schema, self.path)

    # -- inserting ------------------------------------------------------------------------
    @translated
    def add_alerts(self, docs: Iterable[Mapping[str, Any]], bot_type: str | None = None) -> int:
        rows = []
        for doc in docs:
            storable_id(self.schema, doc)
            rows.append(alert_row(self.schema, doc, bot_of(self.schema, doc, bot_type)))
        return self._changed(
            "INSERT OR IGNORE INTO alerts (alert_id, bot_type, match_id,"
            " status, next_check_at, last_sync_check, doc)"
            " VALUES (?,?,?,?,?,?,?)",
            rows,
        )

    @translated
    def add_bets(self, docs: Iterable[Mapping[str, Any]]) -> int:
        rows = [row for doc in docs for row in bet_rows(self.schema, doc)]
        return self._changed(
            "INSERT OR IGNORE INTO bets (bet_id, alert_id, status, doc, ref,"
            " owner) VALUES (?,?,?,?,?,?)",
            rows,
        )

    def _changed(self, sql: str, rows: list[tuple[Any, ...]]) -> int:
        """Run ``sql`` over ``rows`` in one transaction; how many rows it changed (inserts:
        how many were new)."""
        with self._transaction() as conn:
            # the statements' own changes (total_changes would add the count triggers')
            return max(0, conn.executemany(sql, rows).rowcount) if rows else 0

    # -- reading --------------------------------------------------------------------------
    @translated
    def get_alert(self, alert_id: str) -> dict[str, Any] | None:
        row = (
            self._conn()
            .execute("SELECT bot_type, doc FROM alerts WHERE alert_id=?", (alert_id,))
            .fetchone()
        )
        return None if row is None else self._view(row)

    @translated
    def bets_for(self, alert: Mapping[str, Any]) -> list[dict[str, Any]]:
        rows = self._conn().execute(
            "SELECT owner, doc FROM bets WHERE alert_id=? OR (ref IS NOT NULL AND ref=?)"
            " ORDER BY bet_id",
            (str(alert["alert_id"]), self.schema.alert_ref(alert)),
        )
        return [
            self.schema.bet_view(loads(doc), loads(owner) if owner else {}) for owner, doc in rows
        ]

    def _view(self, row: tuple[str | None, str]) -> dict[str, Any]:
        return self.schema.view(loads(row[1]), row[0])

    @translated
    def due_alerts(
        self, bot_type: str | None, now: datetime, limit: int | None = None
    ) -> list[dict[str, Any]]:
        where, args = bot_filter("status='pending'", bot_type)
        rows = self._conn().execute(
            f"SELECT bot_type, doc FROM alerts WHERE {where} AND "
            "(next_check_at IS NULL OR next_check_at <= ?) ORDER BY alert_id LIMIT ?",
            (*args, stamp(now), -1 if limit is None else limit),
        )
        return [self._view(row) for row in rows]

    @translated
    def next_due_at(self, bot_type: str | None) -> datetime | None:
        where, args = bot_filter("status='pending'", bot_type)
        row = (
            self._conn()
            .execute(f"SELECT MIN(next_check_at) FROM alerts WHERE {where}", args)
            .fetchone()
        )
        return unstamp(row[0])

    def settled_alerts(self, bot_type: str | None) -> Iterator[dict[str, Any]]:
        where, args = bot_filter("status <> 'pending'", bot_type)
        try:
            cursor = self._conn().execute(
                f"SELECT bot_type, doc FROM alerts WHERE {where} ORDER BY alert_id", args
            )
            while rows := cursor.fetchmany(500):
                yield from (self._view(row) for row in rows)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"SQLite store {self.path}: {exc}") from None

    @translated
    def counts(self, bot_type: str | None) -> dict[str, int]:
        # kept by triggers (_sqlite_rows.COUNTS): three numbers, not a scan
        where, args = ("1", ()) if bot_type is None else ("bot=?", (bot_type,))
        pending, settled, unsynced = (
            self._conn()
            .execute(
                "SELECT COALESCE(SUM(pending),0), COALESCE(SUM(settled),0),"
                f" COALESCE(SUM(unsynced),0) FROM alert_counts WHERE {where}",
                args,
            )
            .fetchone()
        )
        return {"pending": pending, "settled": settled, "unsynced": unsynced}

    # -- grading --------------------------------------------------------------------------
    @translated
    def record_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        now: datetime,
    ) -> bool:
        with self._transaction() as conn:
            found = one(
                conn,
                "SELECT bot_type, doc FROM alerts WHERE alert_id=? AND status='pending'",
                alert_id,
            )
            if found is None:
                return False
            for bet_id, bet_result in bet_results.items():
                bet = one(
                    conn, "SELECT owner, doc FROM bets WHERE bet_id=? AND status='pending'", bet_id
                )
                if bet is not None:
                    write_bet(
                        conn,
                        self.schema,
                        apply_sets(bet[1], self.schema.bet_settled(bet[1], bet_result, now)),
                    )
            doc = found[1]
            write_alert(conn, self.schema, apply_sets(doc, self.schema.settled(doc, result, now)))
            return True

    @translated
    def record_match(self, alert_id: str, found: Mapping[str, Any]) -> bool:
        with self._transaction() as conn:
            row = one(
                conn,
                "SELECT bot_type, doc FROM alerts WHERE alert_id=?"
                " AND status='pending' AND match_id IS NULL",
                alert_id,
            )
            if row is None:
                return False
            write_alert(conn, self.schema, apply_sets(row[1], self.schema.located(row[1], found)))
            return True

    @translated
    def defer(self, alert_ids: Sequence[str], next_check_at: datetime, reason: str) -> int:
        deferred = 0
        with self._transaction() as conn:
            for alert_id in alert_ids:
                found = one(
                    conn,
                    "SELECT bot_type, doc FROM alerts WHERE alert_id=? AND status='pending'",
                    alert_id,
                )
                if found is not None:
                    doc = found[1]
                    write_alert(
                        conn,
                        self.schema,
                        apply_sets(doc, self.schema.deferred(doc, next_check_at, reason)),
                    )
                    deferred += 1
        return deferred

    @translated
    def correct_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        audit: Mapping[str, Any],
    ) -> bool:
        now = audit_time(audit)
        with self._transaction() as conn:
            found = one(
                conn,
                "SELECT bot_type, doc FROM alerts WHERE alert_id=? AND status<>'pending'",
                alert_id,
            )
            if found is None:
                return False
            for bet_id, bet_result in bet_results.items():
                bet = one(conn, "SELECT owner, doc FROM bets WHERE bet_id=?", bet_id)
                if bet is not None:
                    write_bet(
                        conn,
                        self.schema,
                        apply_sets(bet[1], self.schema.bet_corrected(bet[1], bet_result, now)),
                    )
            doc = found[1]
            write_alert(
                conn, self.schema, apply_sets(doc, self.schema.corrected(doc, result, audit, now))
            )
            return True

    # -- leases and sync claims -----------------------------------------------------------
    @translated
    def acquire_lease(self, key: str, owner: str, now: datetime, seconds: float) -> bool:
        until = stamp(now + timedelta(seconds=seconds))
        row = (
            self._conn()
            .execute(
                "INSERT INTO leases VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET"
                " owner=excluded.owner, until=excluded.until"
                " WHERE leases.owner=excluded.owner OR leases.until < ? RETURNING owner",
                (key, owner, until, stamp(now)),
            )
            .fetchone()
        )
        return row is not None

    @translated
    def release_lease(self, key: str, owner: str) -> None:
        self._conn().execute("DELETE FROM leases WHERE key=? AND owner=?", (key, owner))

    @translated
    def claim_sync_batch(
        self,
        bot_type: str | None,
        owner: str,
        now: datetime,
        limit: int,
        seconds: float,
        stale_before: datetime | None = None,
    ) -> list[dict[str, Any]]:
        where, args = bot_filter("status <> 'pending'", bot_type)
        if stale_before is not None:
            where, args = (
                f"{where} AND (last_sync_check IS NULL OR last_sync_check < ?)",
                (*args, stamp(stale_before)),
            )
        rows = self._conn().execute(
            "UPDATE alerts SET sync_owner=?, sync_until=? WHERE alert_id IN ("
            f" SELECT alert_id FROM alerts WHERE {where} AND"
            " (sync_until IS NULL OR sync_until < ?) ORDER BY last_sync_check, alert_id LIMIT ?)"
            " RETURNING last_sync_check, alert_id, bot_type, doc",
            (owner, stamp(now + timedelta(seconds=seconds)), *args, stamp(now), limit),
        )
        # RETURNING has no defined order: restore the rotation order (NULL first, like Mongo).
        claimed = sorted(
            rows.fetchall(), key=lambda row: (row[0] is not None, row[0] or "", row[1])
        )
        return [self._view((bot, doc)) for _, _, bot, doc in claimed]

    @translated
    def mark_synced(self, alert_ids: Sequence[str], owner: str, now: datetime) -> int:
        # One json_set of the schema's fields ("last_sync_check", and "synced_at" natively).
        sets = self.schema.synced(now)
        paths = ", ".join(f"'$.{path}', json(?)" for path in sets)
        values = [dumps(value) for value in sets.values()]
        return self._changed(
            "UPDATE alerts SET last_sync_check=?, sync_owner=NULL, sync_until=NULL,"
            f" doc=json_set(doc, {paths}) WHERE alert_id=? AND sync_owner=?",
            [(stamp(now), *values, alert_id, owner) for alert_id in alert_ids],
        )

    @translated
    def release_sync(self, alert_ids: Sequence[str], owner: str) -> int:
        return self._changed(
            "UPDATE alerts SET sync_owner=NULL, sync_until=NULL WHERE alert_id=? AND sync_owner=?",
            [(alert_id, owner) for alert_id in alert_ids],
        )
