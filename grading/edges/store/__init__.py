"""Where alerts, bets, grades and leases live: the ``AlertStore`` protocol and its two homes.

* :class:`~grading.edges.store.sqlite.SqliteAlertStore`: the embedded default, stdlib ``sqlite3``
  with JSON documents. MONGO.md measured every pymongo-like embedded library available here
  (montydb, mongita, tinymongo, ...) wrong on atomic claims, unique indexes or tz-aware
  dates, or 100-300x slower on claims; plain SQLite in WAL mode was right and fastest.
* :class:`~grading.edges.store.mongo.MongoAlertStore`: pymongo against MongoDB (``tz_aware=True``).

Both keep the same documents (DESIGN.md): alerts with ``result_tracking`` {status,
actual_value, returns, reason, graded_at, attempts, next_check_at}, ``last_sync_check`` and
``synced_at``; bets with stake, odds, status, returns. Every write that settles something is
conditional on it still being pending, so a crash or a second daemon never grades twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from grading.core.errors import GradingError


class StoreUnavailable(GradingError):
    """The store cannot be reached or refused an operation; the message is one line."""


class AlertStore(Protocol):
    """What the processor, the sync and the audit need from a store (all times tz-aware UTC)."""

    def ensure_indexes(self) -> None:
        """Create the indexes (idempotent); called once at start-up."""

    def add_alerts(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Insert alerts whose ``alert_id`` is new; existing ids are left as they are."""

    def add_bets(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Insert users' bets (``bet_id`` or ``_id``, ``alert_id``, stake, odds); idempotent."""

    def get_alert(self, alert_id: str) -> dict[str, Any] | None: ...

    def bets_for(self, alert_id: str) -> list[dict[str, Any]]: ...

    def due_alerts(self, bot_type: str | None, now: datetime) -> list[dict[str, Any]]:
        """Pending alerts whose ``next_check_at`` is unset or not after ``now``."""

    def next_due_at(self, bot_type: str | None) -> datetime | None:
        """The earliest ``next_check_at`` set on a pending alert (None when none has one)."""

    def record_grade(self, alert_id: str, result: Mapping[str, Any],
                     bet_results: Mapping[str, Mapping[str, Any]], now: datetime) -> bool:
        """Settle one alert and its pending bets. Bets are written first and the alert last,
        each conditional on still being pending: the alert's status is the commit mark, so a
        crash in between is repaired by the next pass. False when it was already settled."""

    def defer(self, alert_ids: Sequence[str], next_check_at: datetime, reason: str) -> int:
        """Leave pending alerts pending until ``next_check_at``; counts the attempt."""

    def acquire_lease(self, key: str, owner: str, now: datetime, seconds: float) -> bool:
        """Take or renew the lease ``key`` unless another owner holds an unexpired one."""

    def release_lease(self, key: str, owner: str) -> None: ...

    def claim_sync_batch(self, bot_type: str | None, owner: str, now: datetime,
                         limit: int, seconds: float,
                         stale_before: datetime | None = None) -> list[dict[str, Any]]:
        """Up to ``limit`` settled alerts to mirror, oldest ``last_sync_check`` first (never
        synced first), claimed for ``seconds`` so that no other syncer takes them. With
        ``stale_before``, only alerts never synced or last synced before it."""

    def mark_synced(self, alert_ids: Sequence[str], owner: str, now: datetime) -> int:
        """Set ``last_sync_check`` and ``synced_at`` and drop the claim."""

    def release_sync(self, alert_ids: Sequence[str], owner: str) -> int:
        """Drop the claim without touching the rotation order (the write failed)."""

    def settled_alerts(self, bot_type: str | None) -> Iterator[dict[str, Any]]:
        """Every settled alert, for audits; streamed."""

    def correct_grade(self, alert_id: str, result: Mapping[str, Any],
                      bet_results: Mapping[str, Mapping[str, Any]],
                      audit: Mapping[str, Any]) -> bool:
        """Replace a settled grade (and its bets'), append ``audit`` to the alert's trail and
        re-queue its sheet row. False when the alert is not settled."""

    def counts(self, bot_type: str | None) -> dict[str, int]:
        """{"pending", "settled", "unsynced"} for status reports."""

    def close(self) -> None: ...


def open_store(uri: str, database: str = "grading") -> AlertStore:
    """A store from a URI: ``mongodb://`` / ``mongodb+srv://`` for MongoDB, anything else is
    a SQLite file path (``sqlite:///path`` or a plain path). Opens nothing until first use."""
    if uri.startswith(("mongodb://", "mongodb+srv://")):
        from grading.edges.store.mongo import MongoAlertStore

        return MongoAlertStore(uri, database)
    from grading.edges.store.sqlite import SqliteAlertStore

    return SqliteAlertStore(uri.removeprefix("sqlite:///").removeprefix("sqlite://"))
