"""The MongoDB store: pymongo, with clients created ``tz_aware=True`` (docs/rules/stores.md §2:
without it pymongo hands back naive datetimes even from a real mongod).

Documents are in a schema's dialect and live where that schema puts them
(grading/edges/store/_mongo_layouts.py): the native collections, or PROPPR's own. Each
settling write is one conditional ``update_one`` on the status still being pending, so two
daemons racing on one alert settle it once; PROPPR's users' bets are settled by positional
updates whose filter is the bet still open. Leases are the classic find-one-and-update
upsert: a held, unexpired lease does not match the filter, the upsert then collides with its
``_id`` and the duplicate-key error means "someone else has it".
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING, MongoClient
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError

from grading.core.schemas import Schema, storable_id
from grading.core.schemas.native import NATIVE
from grading.core.tracking import audit_time, utc
from grading.edges.store._mongo_driver import insert_new, not_after, translated, unavailable
from grading.edges.store._mongo_layouts import layout_for


class MongoAlertStore:
    """:class:`grading.ports.AlertStore` on MongoDB, documents in ``schema``'s dialect;
    ``collections`` renames PROPPR's (``player``, ``team``, ``bets``)."""

    def __init__(
        self,
        uri: str,
        database: str = "grading",
        client: MongoClient | None = None,
        server_selection_timeout_ms: int = 10_000,
        schema: Schema = NATIVE,
        collections: Mapping[str, str] | None = None,
    ) -> None:
        self.uri, self.database = uri, database
        self.schema = schema
        self.layout = layout_for(schema, collections)
        self._client = client
        self._timeout_ms = server_selection_timeout_ms
        self._lock = threading.Lock()

    def _db(self) -> Database:
        with self._lock:
            if self._client is None:  # created on first use: constructors open nothing
                self._client = MongoClient(
                    self.uri, tz_aware=True, serverSelectionTimeoutMS=self._timeout_ms
                )
        return self._client[self.database]

    def _col(self, name: str) -> Collection:
        return self._db()[name]

    def _alerts(self, bot_type: str | None) -> list[tuple[Collection, str | None]]:
        return [(self._col(name), bot) for name, bot in self.layout.alert_collections(bot_type)]

    def _view(self, doc: Mapping[str, Any], bot: str | None) -> dict[str, Any]:
        return self.schema.view(doc, bot)

    def _find_one(
        self,
        alert_id: str,
        condition: Mapping[str, Any],
    ) -> tuple[Collection, dict[str, Any]] | None:
        """The alert (in whichever of the schema's collections holds it) if it meets
        ``condition``."""
        for alerts, _bot in self._alerts(None):
            doc = alerts.find_one({**self.layout.ids_query([alert_id]), **condition})
            if doc is not None:
                return alerts, doc
        return None

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    @translated
    def ensure_indexes(self) -> None:
        self.layout.ensure_indexes(self._db())

    @translated
    def add_alerts(self, docs: Iterable[Mapping[str, Any]], bot_type: str | None = None) -> int:
        prepared: dict[str, list[dict[str, Any]]] = {}
        for doc in docs:
            alert_id = storable_id(self.schema, doc)
            name = self.layout.collection_for(self.schema.bot_type(doc) or bot_type)
            prepared.setdefault(name, []).append(self.layout.prepared(doc, alert_id))
        return sum(insert_new(self._col(name), batch) for name, batch in prepared.items())

    @translated
    def add_bets(self, docs: Iterable[Mapping[str, Any]]) -> int:
        return insert_new(self._col(self.layout.bets), self.layout.insert_bets(self._db(), docs))

    @translated
    def get_alert(self, alert_id: str) -> dict[str, Any] | None:
        for alerts, bot in self._alerts(None):
            doc = alerts.find_one(self.layout.ids_query([alert_id]), self.layout.hidden)
            if doc is not None:
                return self._view(doc, bot)
        return None

    @translated
    def bets_for(self, alert: Mapping[str, Any]) -> list[dict[str, Any]]:
        return self.layout.bets_for(self._db(), alert)

    @translated
    def due_alerts(
        self, bot_type: str | None, now: datetime, limit: int | None = None
    ) -> list[dict[str, Any]]:
        query = {
            **self.layout.pending,
            **self.layout.bot_query(bot_type),
            "result_tracking.next_check_at": not_after(now),
        }
        views: list[dict[str, Any]] = []
        for alerts, bot in self._alerts(bot_type):
            found = alerts.find(query, self.layout.hidden).sort(self.layout.id_field, ASCENDING)
            views += [
                self._view(doc, bot) for doc in (found if limit is None else found.limit(limit))
            ]
        return sorted(views, key=lambda view: view["alert_id"])[:limit]

    @translated
    def next_due_at(self, bot_type: str | None) -> datetime | None:
        query = {
            **self.layout.pending,
            **self.layout.bot_query(bot_type),
            "result_tracking.next_check_at": {"$ne": None},
        }
        times = []
        for alerts, _bot in self._alerts(bot_type):
            first = alerts.find_one(
                query,
                {"result_tracking.next_check_at": 1},
                sort=[("result_tracking.next_check_at", 1)],
            )
            if first is not None:
                times.append(first["result_tracking"]["next_check_at"])
        return min(times, default=None)

    def settled_alerts(self, bot_type: str | None) -> Iterator[dict[str, Any]]:
        try:
            for alerts, bot in self._alerts(bot_type):
                cursor = alerts.find(
                    {**self.layout.settled, **self.layout.bot_query(bot_type)},
                    self.layout.hidden,
                    batch_size=500,
                )
                for doc in cursor.sort(self.layout.id_field, ASCENDING):
                    yield self._view(doc, bot)
        except PyMongoError as exc:
            raise unavailable(exc) from None

    @translated
    def counts(self, bot_type: str | None) -> dict[str, int]:
        counts = {"pending": 0, "settled": 0, "unsynced": 0}
        settled = {**self.layout.settled, **self.layout.bot_query(bot_type)}
        for alerts, _bot in self._alerts(bot_type):
            counts["pending"] += alerts.count_documents(
                {**self.layout.pending, **self.layout.bot_query(bot_type)}
            )
            counts["settled"] += alerts.count_documents(settled)
            counts["unsynced"] += alerts.count_documents({**settled, "last_sync_check": None})
        return counts

    @translated
    def record_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        now: datetime,
    ) -> bool:
        found = self._find_one(alert_id, self.layout.pending)
        if found is None:
            return False
        alerts, doc = found
        for bet_id, bet_result in bet_results.items():
            self.layout.settle_bet(self._db(), bet_id, bet_result, now)
        written = alerts.update_one(
            {"_id": doc["_id"], **self.layout.pending},
            {"$set": self.schema.settled(doc, result, now)},
        )
        return written.modified_count == 1

    @translated
    def record_match(self, alert_id: str, found: Mapping[str, Any]) -> bool:
        condition = {**self.layout.pending, **self.layout.unlocated()}
        located = self._find_one(alert_id, condition)
        if located is None:
            return False
        alerts, doc = located
        return (
            alerts.update_one(
                {"_id": doc["_id"], **condition}, {"$set": self.schema.located(doc, found)}
            ).modified_count
            == 1
        )

    @translated
    def defer(self, alert_ids: Sequence[str], next_check_at: datetime, reason: str) -> int:
        deferred = 0
        for alerts, _bot in self._alerts(None):
            for doc in alerts.find({**self.layout.ids_query(alert_ids), **self.layout.pending}):
                deferred += alerts.update_one(
                    {"_id": doc["_id"], **self.layout.pending},
                    {"$set": self.schema.deferred(doc, next_check_at, reason)},
                ).modified_count
        return deferred

    @translated
    def correct_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        audit: Mapping[str, Any],
    ) -> bool:
        found = self._find_one(alert_id, self.layout.settled)
        if found is None:
            return False
        alerts, doc = found
        now = audit_time(audit)
        for bet_id, bet_result in bet_results.items():
            self.layout.settle_bet(self._db(), bet_id, bet_result, now, correcting=True)
        return (
            alerts.update_one(
                {"_id": doc["_id"]}, {"$set": self.schema.corrected(doc, result, audit, now)}
            ).modified_count
            == 1
        )

    @translated
    def acquire_lease(self, key: str, owner: str, now: datetime, seconds: float) -> bool:
        try:
            self._col(self.layout.leases).find_one_and_update(
                {"_id": key, "$or": [{"owner": owner}, {"until": {"$lt": utc(now)}}]},
                {"$set": {"owner": owner, "until": utc(now) + timedelta(seconds=seconds)}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False
        return True

    @translated
    def release_lease(self, key: str, owner: str) -> None:
        self._col(self.layout.leases).delete_one({"_id": key, "owner": owner})

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
        free = {"sync_claim.until": {"$not": {"$gte": utc(now)}}}  # none, or expired
        query = {**self.layout.settled, **self.layout.bot_query(bot_type), **free}
        if stale_before is not None:
            query["last_sync_check"] = {"$not": {"$gte": utc(stale_before)}}
        claim = {
            "$set": {"sync_claim": {"owner": owner, "until": utc(now) + timedelta(seconds=seconds)}}
        }
        key = self.layout.id_field
        claimed: list[dict[str, Any]] = []
        for alerts, bot in self._alerts(bot_type):
            candidates = (
                alerts.find(query, {key: 1})
                .sort([("last_sync_check", ASCENDING), (key, ASCENDING)])
                .limit(limit - len(claimed))
            )
            # one conditional claim each: a racer loses it
            ids = [
                c[key]
                for c in list(candidates)
                if alerts.update_one({key: c[key], **free}, claim).modified_count == 1
            ]
            docs = {doc[key]: doc for doc in alerts.find({key: {"$in": ids}}, self.layout.hidden)}
            claimed += [self._view(docs[i], bot) for i in ids if i in docs]
        return claimed

    @translated
    def mark_synced(self, alert_ids: Sequence[str], owner: str, now: datetime) -> int:
        return sum(
            alerts.update_many(
                {**self.layout.ids_query(alert_ids), "sync_claim.owner": owner},
                {"$set": self.schema.synced(now), "$unset": {"sync_claim": ""}},
            ).modified_count
            for alerts, _bot in self._alerts(None)
        )

    @translated
    def release_sync(self, alert_ids: Sequence[str], owner: str) -> int:
        return sum(
            alerts.update_many(
                {**self.layout.ids_query(alert_ids), "sync_claim.owner": owner},
                {"$unset": {"sync_claim": ""}},
            ).modified_count
            for alerts, _bot in self._alerts(None)
        )
