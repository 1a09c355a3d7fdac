"""The native dialect: the JSON Lines contract of docs/design.md, stored as it is read.

The daemon owns ``result_tracking`` in this dialect, so a grade replaces it whole
(grading/core/tracking.py builds it); bets are documents of their own with ``bet_id``,
``alert_id``, ``stake``, ``odds`` and ``status``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from grading.core.documents import (
    PENDING,
    alert_id_of,
    alert_status,
    bet_id_of,
    bet_status,
    document_problems,
    match_id_of,
)
from grading.core.schemas._paths import Sets
from grading.core.tracking import (
    corrected_tracking,
    deferred_tracking,
    result_of,
    settled_bet,
    settled_tracking,
    utc,
)


class NativeSchema:
    name = "native"
    id_field = "alert_id"
    status_path = "result_tracking.status"

    def alert_id(self, doc: Mapping[str, Any]) -> str:
        return alert_id_of(doc)

    def problems(self, doc: Any) -> list[str]:
        return document_problems(doc)

    def status(self, doc: Mapping[str, Any]) -> str:
        return alert_status(doc)

    def next_check(self, doc: Mapping[str, Any]) -> datetime | None:
        tracking = doc.get("result_tracking")
        return tracking.get("next_check_at") if isinstance(tracking, Mapping) else None

    def last_sync(self, doc: Mapping[str, Any]) -> datetime | None:
        return doc.get("last_sync_check")

    def match_id(self, doc: Mapping[str, Any]) -> str | None:
        return match_id_of(doc)

    def bot_type(self, doc: Mapping[str, Any]) -> str | None:
        value = doc.get("bot_type")
        return None if value is None else str(value)

    def view(self, doc: Mapping[str, Any], bot_type: str | None) -> dict[str, Any]:
        view = {**doc, "alert_id": alert_id_of(doc)}
        if bot_type is not None and view.get("bot_type") is None:
            view["bot_type"] = bot_type
        return view

    def settled(self, doc: Mapping[str, Any], record: Mapping[str, Any], now: datetime) -> Sets:
        return {
            "result_tracking": settled_tracking(doc.get("result_tracking"), record, now),
            "last_sync_check": None,
        }  # settled: first in the sheet's rotation

    def deferred(self, doc: Mapping[str, Any], next_check_at: datetime, reason: str) -> Sets:
        return {
            "result_tracking": deferred_tracking(doc.get("result_tracking"), next_check_at, reason)
        }

    def corrected(
        self,
        doc: Mapping[str, Any],
        record: Mapping[str, Any],
        audit: Mapping[str, Any],
        now: datetime,
    ) -> Sets:
        return {
            "result_tracking": corrected_tracking(doc["result_tracking"], record, audit),
            "last_sync_check": None,
        }  # re-queue the sheet row

    def located(self, doc: Mapping[str, Any], found: Mapping[str, Any]) -> Sets:
        return {"match_id": found["match_id"], "fotmob_match": dict(found)}

    def synced(self, now: datetime) -> Sets:
        return {"last_sync_check": utc(now), "synced_at": utc(now)}

    # -- bets -------------------------------------------------------------------------
    def bets_in(self, doc: Mapping[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        if doc.get("alert_id") is None:
            raise ValueError(f"bet {str(doc.get('bet_id'))[:40]} has no alert_id")
        return [({**doc, "bet_id": bet_id_of(doc), "alert_id": str(doc["alert_id"])}, {})]

    def bet_id(self, bet: Mapping[str, Any]) -> str:
        return bet_id_of(bet)

    def bet_alert_id(self, bet: Mapping[str, Any]) -> str | None:
        return None if bet.get("alert_id") is None else str(bet["alert_id"])

    def bet_ref(self, bet: Mapping[str, Any]) -> str | None:
        return None

    def alert_ref(self, view: Mapping[str, Any]) -> str | None:
        return None

    def bet_status(self, bet: Mapping[str, Any]) -> str:
        return bet_status(bet)

    def bet_view(self, bet: Mapping[str, Any], owner: Mapping[str, Any]) -> dict[str, Any]:
        return dict(bet)

    def bet_settled(self, bet: Mapping[str, Any], record: Mapping[str, Any], now: datetime) -> Sets:
        return settled_bet(record, now)

    def bet_corrected(
        self, bet: Mapping[str, Any], record: Mapping[str, Any], now: datetime
    ) -> Sets:
        return result_of(record)


NATIVE = NativeSchema()
__all__ = ["NATIVE", "PENDING", "NativeSchema"]
