"""Where each schema's documents live in MongoDB, and the queries that find them.

* native: ``alerts`` (with ``bot_type``), ``bets`` (one document per bet), ``leases``;
* proppr (docs/rules/proppr.md §1): one alert collection per bot, bets inside
  ``user_tracked_bets`` containers settled by positional updates, leases in
  ``grading_leases``.

Both answer the same questions for :class:`grading.edges.store.mongo.MongoAlertStore`:
which collections hold a bot's alerts, what "pending" and "settled" are as queries, how
an alert id is filtered, and how bets are found, inserted and settled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from bson import ObjectId
from pymongo import ASCENDING
from pymongo.database import Database

from grading.core.documents import RESULT_STATUSES
from grading.core.schemas import Schema
from grading.core.schemas.native import NATIVE
from grading.core.schemas.proppr import COLLECTIONS as PROPPR_COLLECTIONS
from grading.core.schemas.proppr import PENDING_STATUSES, PROPPR


class NativeLayout:
    schema: Schema = NATIVE
    id_field = "alert_id"
    leases = "leases"
    # Only a known grade is settled; anything else (null, missing, "pending", or an object a
    # foreign writer left there) is pending, so it is graded and its grade overwrites it.
    pending: ClassVar[dict[str, Any]] = {"result_tracking.status": {"$nin": list(RESULT_STATUSES)}}
    settled: ClassVar[dict[str, Any]] = {"result_tracking.status": {"$in": list(RESULT_STATUSES)}}
    hidden: ClassVar[dict[str, Any]] = {"_id": 0, "sync_claim": 0}  # store internals never shown

    bets = "bets"

    def alert_collections(self, bot_type: str | None) -> list[tuple[str, str | None]]:
        return [("alerts", None)]

    def collection_for(self, bot_type: str | None) -> str:
        return "alerts"

    def bot_query(self, bot_type: str | None) -> dict[str, Any]:
        return {} if bot_type is None else {"bot_type": bot_type}

    def ids_query(self, alert_ids: Iterable[str]) -> dict[str, Any]:
        return {"alert_id": {"$in": list(alert_ids)}}

    def unlocated(self) -> dict[str, Any]:
        return {"match_id": None}

    def prepared(self, doc: Mapping[str, Any], alert_id: str) -> dict[str, Any]:
        return {k: v for k, v in doc.items() if k != "_id"} | {"alert_id": alert_id}

    def ensure_indexes(self, db: Database) -> None:
        alerts = db["alerts"]
        alerts.create_index("alert_id", unique=True)
        alerts.create_index(
            [
                ("bot_type", ASCENDING),
                ("result_tracking.status", ASCENDING),
                ("result_tracking.next_check_at", ASCENDING),
            ]
        )
        alerts.create_index(
            [
                ("bot_type", ASCENDING),
                ("result_tracking.status", ASCENDING),
                ("last_sync_check", ASCENDING),
            ]
        )
        db["bets"].create_index([("alert_id", ASCENDING), ("status", ASCENDING)])

    # -- bets: one document each ------------------------------------------------------
    def insert_bets(self, db: Database, docs: Iterable[Mapping[str, Any]]) -> list[dict]:
        return [
            {**bet, "_id": self.schema.bet_id(bet)}
            for doc in docs
            for bet, _owner in self.schema.bets_in(doc)
        ]

    def bets_for(self, db: Database, view: Mapping[str, Any]) -> list[dict[str, Any]]:
        bets = db["bets"].find({"alert_id": str(view["alert_id"])}).sort("_id", ASCENDING)
        return [self.schema.bet_view(bet, {}) for bet in bets]

    def settle_bet(
        self,
        db: Database,
        bet_id: str,
        record: Mapping[str, Any],
        now: datetime,
        correcting: bool = False,
    ) -> None:
        bets = db["bets"]
        condition = {} if correcting else {"status": self.pending["result_tracking.status"]}
        bet = bets.find_one({"_id": bet_id, **condition})
        if bet is not None:
            sets = (
                self.schema.bet_corrected(bet, record, now)
                if correcting
                else self.schema.bet_settled(bet, record, now)
            )
            bets.update_one({"_id": bet_id, **condition}, {"$set": sets})


class PropprLayout:
    schema: Schema = PROPPR
    id_field = "_id"
    leases = "grading_leases"
    pending: ClassVar[dict[str, Any]] = {
        "result_tracking.result_status": {"$in": list(PENDING_STATUSES)}
    }
    settled: ClassVar[dict[str, Any]] = {
        "result_tracking.result_status": {"$nin": list(PENDING_STATUSES)}
    }
    hidden: ClassVar[dict[str, Any]] = {"sync_claim": 0}
    _open_bet: ClassVar[dict[str, Any]] = {
        "status": {"$in": list(PENDING_STATUSES)},
        "manual_override": {"$ne": True},
    }

    def __init__(self, collections: Mapping[str, str] | None = None) -> None:
        self.names = {**PROPPR_COLLECTIONS, **(collections or {})}
        self.bets = self.names["bets"]

    def collection_for(self, bot_type: str | None) -> str:
        """Where a new alert of ``bot_type`` goes: PROPPR's documents carry no bot type."""
        if bot_type is None:
            raise ValueError(
                "PROPPR alerts carry no bot type: say which bot they are for (player or team)"
            )
        return self.alert_collections(bot_type)[0][0]

    def alert_collections(self, bot_type: str | None) -> list[tuple[str, str | None]]:
        bots = ("player", "team") if bot_type is None else (bot_type,)
        unknown = [bot for bot in bots if bot not in self.names or bot == "bets"]
        if unknown:
            raise ValueError(
                f"no PROPPR collection for bot {unknown[0]!r} (bots: player, "
                "team; or name one in [store.collections])"
            )
        return [(self.names[bot], bot) for bot in bots]

    def bot_query(self, bot_type: str | None) -> dict[str, Any]:
        return {}

    def ids_query(self, alert_ids: Iterable[str]) -> dict[str, Any]:
        """An id as PROPPR stores it: an ObjectId, or text when that is what was stored."""
        ids: list[Any] = []
        for alert_id in alert_ids:
            ids += [ObjectId(alert_id), alert_id] if ObjectId.is_valid(alert_id) else [alert_id]
        return {"_id": {"$in": ids}}

    def unlocated(self) -> dict[str, Any]:
        return {"fotmob_match_id": None}

    def prepared(self, doc: Mapping[str, Any], alert_id: str) -> dict[str, Any]:
        return dict(doc)

    def ensure_indexes(self, db: Database) -> None:
        for name, _bot in self.alert_collections(None):
            db[name].create_index(
                [
                    ("result_tracking.result_status", ASCENDING),
                    ("result_tracking.next_check_at", ASCENDING),
                ]
            )
            db[name].create_index(
                [("result_tracking.result_status", ASCENDING), ("last_sync_check", ASCENDING)]
            )
        db[self.names["bets"]].create_index("bets.alert_id")
        db[self.names["bets"]].create_index("bets.bet_id")

    # -- bets: inside users' containers (docs/rules/proppr.md §5) -----------------------
    def insert_bets(self, db: Database, docs: Iterable[Mapping[str, Any]]) -> list[dict]:
        containers = []
        for doc in docs:
            self.schema.bets_in(doc)  # ValueError when it is not one
            containers.append(dict(doc))
        return containers

    def bets_for(self, db: Database, view: Mapping[str, Any]) -> list[dict[str, Any]]:
        alert_id, ref = str(view["alert_id"]), self.schema.alert_ref(view)
        bets = db[self.names["bets"]]
        found: dict[str, dict[str, Any]] = {}
        raw = (view.get("fixture") or {}).get("raw")
        queries = [{"bets.alert_id": self.ids_query([alert_id])["_id"]}]
        if raw is not None:  # bets tracked without an alert id name the same match
            queries.append({"bets.match": raw})
        for query in queries:
            for container in bets.find(query):
                owner = {"user_id": container.get("user_id")}
                for bet in container.get("bets") or []:
                    # a bet without a bet_id cannot be updated in place: left to a person
                    if (
                        isinstance(bet, Mapping)
                        and bet.get("bet_id") not in (None, "")
                        and (
                            self.schema.bet_alert_id(bet) == alert_id
                            or (ref is not None and self.schema.bet_ref(bet) == ref)
                        )
                    ):
                        view_of = self.schema.bet_view(bet, owner)
                        found[view_of["bet_id"]] = view_of
        return [found[bet_id] for bet_id in sorted(found)]

    def settle_bet(
        self,
        db: Database,
        bet_id: str,
        record: Mapping[str, Any],
        now: datetime,
        correcting: bool = False,
    ) -> None:
        """One positional ``$set`` whose filter is the bet still open (or, correcting,
        not manual): it cannot settle a bet twice, or one another writer settled."""
        bets = db[self.names["bets"]]
        match = {
            "bet_id": bet_id,
            **({"manual_override": {"$ne": True}} if correcting else self._open_bet),
        }
        container = bets.find_one({"bets": {"$elemMatch": match}})
        bet = next(
            (
                b
                for b in (container or {}).get("bets") or []
                if isinstance(b, Mapping) and str(b.get("bet_id")) == bet_id
            ),
            None,
        )
        if container is None or bet is None:
            return
        sets = (
            self.schema.bet_corrected(bet, record, now)
            if correcting
            else self.schema.bet_settled(bet, record, now)
        )
        if sets:
            bets.update_one(
                {"_id": container["_id"], "bets": {"$elemMatch": match}},
                {"$set": {f"bets.$.{key}": value for key, value in sets.items()}},
            )


Layout = NativeLayout | PropprLayout


def layout_for(schema: Schema, collections: Mapping[str, str] | None = None) -> Layout:
    return PropprLayout(collections) if schema.name == "proppr" else NativeLayout()
