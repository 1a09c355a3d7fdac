"""PROPPR's alerts, read and written exactly (docs/rules/proppr.md §2, §3). Pure.

An alert is ``{_id, Match: "Home vs Away", Date, Time, League, Country, Player, Team,
Market, Threshold, market_direction, Odds, result_tracking, last_sync_check, ...}``. The
daemon writes targeted ``result_tracking.<field>`` paths and the few top-level fields of
docs/rules/proppr.md §3; nothing else of the document is touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from grading.core.documents import usable_match_id
from grading.core.money import read_odds
from grading.core.schemas._paths import Sets
from grading.core.schemas._proppr_bets import PropprBets, read_status, tracking_fields
from grading.core.settlement.lines import returns as returns_for
from grading.core.tracking import utc

# docs/rules/proppr.md §1: where PROPPR keeps its documents (renamed by settings).
COLLECTIONS = {
    "player": "all_positive_alerts",
    "team": "all_positive_team_alerts",
    "bets": "user_tracked_bets",
}
_RT = "result_tracking."
PENDING_STATUSES = (None, "", "pending")  # what a pending alert's result_status holds
_VS = re.compile(r"\s+vs\.?\s+", re.IGNORECASE)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def split_match(text: Any) -> tuple[str, str] | None:
    """("Liverpool", "Man City") from "Liverpool vs Man City"; None when it is not one
    home and one away name."""
    if not isinstance(text, str):
        return None
    parts = [part.strip() for part in _VS.split(text.strip())]
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def read_kickoff(day: Any, clock: Any) -> tuple[date | None, datetime | None]:
    """(the date, the UTC kickoff) from ``Date`` and ``Time``; the kickoff is None when
    the time is missing or PROPPR's "00:00" placeholder for "unknown"."""
    if isinstance(day, datetime):
        day = day.date()
    elif isinstance(day, str):
        try:
            day = date.fromisoformat(day.strip()[:10])
        except ValueError:
            return None, None
    if not isinstance(day, date):
        return None, None
    found = _TIME.fullmatch(clock.strip()) if isinstance(clock, str) else None
    if found is None:
        return day, None
    hour, minute, second = (int(part or 0) for part in found.groups())
    if (hour, minute, second) == (0, 0, 0) or hour > 23 or minute > 59 or second > 59:
        return day, None
    return day, datetime.combine(day, time(hour, minute, second), tzinfo=UTC)


class PropprSchema(PropprBets):
    name = "proppr"
    id_field = "_id"
    status_path = "result_tracking.result_status"

    def alert_id(self, doc: Mapping[str, Any]) -> str:
        value = doc.get("_id")
        if value is None or str(value).strip() == "":
            raise ValueError("alert has no _id")
        return str(value)

    def problems(self, doc: Any) -> list[str]:
        if not isinstance(doc, Mapping):
            return ["not a JSON object"]
        problems = [] if doc.get("_id") not in (None, "") else ["alert has no _id"]
        if isinstance(doc.get("_id"), Mapping | list | bool | float):
            problems.append(f"_id {str(doc['_id'])[:30]} is not an id")
        tracking = doc.get("result_tracking")
        if tracking is not None and not isinstance(tracking, Mapping):
            problems.append("result_tracking is not an object")
        elif isinstance(tracking, Mapping) and not isinstance(
            tracking.get("result_status"), str | type(None)
        ):
            problems.append("result_tracking.result_status is not text")
        if (
            doc.get("fotmob_match_id") is not None
            and usable_match_id(doc.get("fotmob_match_id")) is None
        ):
            problems.append(
                f"fotmob_match_id {str(doc['fotmob_match_id'])[:30]} is not a FotMob id"
            )
        return problems

    def status(self, doc: Mapping[str, Any]) -> str:
        return read_status(_tracking(doc).get("result_status"))

    def next_check(self, doc: Mapping[str, Any]) -> datetime | None:
        value = _tracking(doc).get("next_check_at")
        return value if isinstance(value, datetime) else None

    def last_sync(self, doc: Mapping[str, Any]) -> datetime | None:
        value = doc.get("last_sync_check")
        return value if isinstance(value, datetime) else None

    def match_id(self, doc: Mapping[str, Any]) -> str | None:
        return usable_match_id(doc.get("fotmob_match_id"))

    def bot_type(self, doc: Mapping[str, Any]) -> str | None:
        return None

    def view(self, doc: Mapping[str, Any], bot_type: str | None) -> dict[str, Any]:
        tracking = _tracking(doc)
        status = self.status(doc)
        day, kickoff = read_kickoff(doc.get("Date"), doc.get("Time"))
        sides = split_match(doc.get("Match"))
        return {
            "alert_id": self.alert_id(doc),
            "bot_type": bot_type,
            "match_id": self.match_id(doc),
            "market": doc.get("Market"),
            "selection": doc.get("market_direction"),
            **{
                key: doc.get(key, tracking.get(key))
                for key in ("stat_type", "api_type_id", "api_location")
            },
            "line": doc.get("Threshold"),
            "team": doc.get("Team"),
            "player": doc.get("Player"),
            "odds": doc.get("Odds"),
            "stake": 1,
            "kickoff_utc": kickoff,
            "fixture": {
                "raw": doc.get("Match"),
                "raw_date": doc.get("Date"),
                "home": sides and sides[0],
                "away": sides and sides[1],
                "date": day and day.isoformat(),
                "kickoff": kickoff,
                "league": doc.get("League"),
                "country": doc.get("Country"),
            },
            "result_tracking": {
                "status": status,
                "actual_value": tracking.get("actual_value"),
                "returns": _unit_returns(status, doc.get("Odds")),
                "reason": tracking.get("grading_reason")
                or tracking.get("refund_reason")
                or tracking.get("pending_reason"),
                "graded_at": tracking.get("graded_at"),
                "attempts": tracking.get("grading_attempts"),
                "next_check_at": self.next_check(doc),
                "decided_minute": tracking.get("decided_minute"),
                "changed_reason": tracking.get("result_changed_reason"),
            },
            "last_sync_check": self.last_sync(doc),
            "fotmob_match": doc.get("fotmob_match"),
        }

    def settled(self, doc: Mapping[str, Any], record: Mapping[str, Any], now: datetime) -> Sets:
        fields = tracking_fields(doc, record, now)
        fields.update(
            grading_attempts=int(_tracking(doc).get("grading_attempts") or 0) + 1,
            next_check_at=None,
            pending_reason=None,
        )
        return {**_tracking_sets(doc, fields), "last_sync_check": None}

    def deferred(self, doc: Mapping[str, Any], next_check_at: datetime, reason: str) -> Sets:
        attempts = int(_tracking(doc).get("grading_attempts") or 0) + 1
        return _tracking_sets(
            doc,
            {
                "result_status": "pending",
                "next_check_at": utc(next_check_at),
                "pending_reason": reason,
                "grading_attempts": attempts,
            },
        )

    def corrected(
        self,
        doc: Mapping[str, Any],
        record: Mapping[str, Any],
        audit: Mapping[str, Any],
        now: datetime,
    ) -> Sets:
        fields = tracking_fields(doc, record, now)
        fields.update(
            result_changed_from=_tracking(doc).get("result_status"),
            result_changed_reason=str(audit.get("reason") or "replay audit"),
            result_changed_at=utc(now),
        )
        return {**_tracking_sets(doc, fields), "last_sync_check": None}

    def located(self, doc: Mapping[str, Any], found: Mapping[str, Any]) -> Sets:
        return {"fotmob_match_id": found["match_id"], "fotmob_match": dict(found)}

    def synced(self, now: datetime) -> Sets:
        return {"last_sync_check": utc(now)}


def _tracking(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    tracking = doc.get("result_tracking")
    return tracking if isinstance(tracking, Mapping) else {}


def _tracking_sets(doc: Mapping[str, Any], fields: Mapping[str, Any]) -> Sets:
    """Targeted ``result_tracking.<field>`` paths; the whole object only when the document
    has none (or a null one, where MongoDB refuses a path)."""
    if isinstance(doc.get("result_tracking"), Mapping):
        return {_RT + key: value for key, value in fields.items()}
    return {"result_tracking": dict(fields)}


def _unit_returns(status: str, odds: Any) -> str | None:
    """What one unit returned, for the sheet (PROPPR's alerts carry no stake)."""
    try:
        return f"{returns_for(status, Decimal(1), read_odds(odds)):.2f}"
    except ValueError:
        return None


PROPPR = PropprSchema()
