"""Where alerts, bets, grades and leases live: the ``AlertStore`` protocol and its two homes.

* :class:`~grading.edges.store.sqlite.SqliteAlertStore`: the embedded default, stdlib ``sqlite3``
  with JSON documents. docs/rules/stores.md §1 records that every pymongo-like embedded library
  available here (montydb, mongita, tinymongo, ...) wrong on atomic claims, unique indexes or
  tz-aware dates, or 100-300x slower on claims; plain SQLite in WAL mode was right and fastest.
* :class:`~grading.edges.store.mongo.MongoAlertStore`: pymongo against MongoDB (``tz_aware=True``).

Both keep the same documents (docs/design.md): alerts with ``result_tracking`` {status,
actual_value, returns, reason, graded_at, attempts, next_check_at}, ``last_sync_check`` and
``synced_at``; bets with stake, odds, status, returns. Every write that settles something is
conditional on it still being pending, so a crash or a second daemon never grades twice.
"""

from __future__ import annotations

from collections.abc import Mapping

from grading.core.errors import StoreUnavailable
from grading.core.schemas import Schema
from grading.core.schemas.native import NATIVE
from grading.ports import AlertStore

__all__ = ["AlertStore", "StoreUnavailable", "open_store"]


def open_store(
    uri: str,
    database: str = "grading",
    schema: Schema = NATIVE,
    collections: Mapping[str, str] | None = None,
) -> AlertStore:
    """A store from a URI: ``mongodb://`` / ``mongodb+srv://`` for MongoDB, anything else is
    a SQLite file path (``sqlite:///path`` or a plain path), holding documents in
    ``schema``'s dialect. Opens nothing until first use."""
    if uri.startswith(("mongodb://", "mongodb+srv://")):
        from grading.edges.store.mongo import MongoAlertStore

        return MongoAlertStore(uri, database, schema=schema, collections=collections)
    from grading.edges.store.sqlite import SqliteAlertStore

    return SqliteAlertStore(uri.removeprefix("sqlite:///").removeprefix("sqlite://"), schema=schema)
