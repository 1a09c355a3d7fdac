"""Reading fields of stored alert and bet documents: every alias, in one place. Pure.

Alerts written by other tools name the same thing differently (docs/design.md, "Alerts in
and grades out"): ``match_id`` or ``fotmob_match_id``, ``alert_id`` or ``_id``, a kickoff as
``kickoff_utc`` or ``match_time``. Everything that reads a document field goes through here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

PENDING = "pending"
# The statuses a stored grade may have; anything else in a document (a dict such as
# {"$ne": "pending"} included) is not a grade, so the alert is still pending.
RESULT_STATUSES = ("won", "lost", "refund", "half_win", "half_loss", "ungradeable")
# What the daemon writes while grading and mirroring: never taken from an input file unless
# the file is declared a trusted export (``--import-results``).
GRADING_STATE = ("result_tracking", "last_sync_check", "synced_at", "sync_claim")
_MATCH_ID = re.compile(r"[0-9]{1,12}")
_RETURNS = re.compile(r"[0-9]{1,12}\.[0-9]{2}")
_KICKOFF_FIELDS = ("kickoff_utc", "kickoff", "match_time", "commence_time", "match_date")


def first(doc: Mapping[str, Any], *keys: str) -> Any:
    """The value of the first of ``keys`` that is set (not None), else None."""
    for key in keys:
        if doc.get(key) is not None:
            return doc[key]
    return None


def alert_id_of(doc: Mapping[str, Any]) -> str:
    """An alert's id (``alert_id``, else ``_id``); ValueError when it has none."""
    value = first(doc, "alert_id", "_id")
    if value is None or str(value).strip() == "":
        raise ValueError("alert has no alert_id")
    return str(value)


def bet_id_of(doc: Mapping[str, Any]) -> str:
    value = first(doc, "bet_id", "_id")
    if value is None:
        raise ValueError("bet has neither bet_id nor _id")
    return str(value)


def match_id_of(doc: Mapping[str, Any]) -> str | None:
    value = first(doc, "match_id", "fotmob_match_id")
    return None if value is None else str(value)


def alert_status(doc: Mapping[str, Any]) -> str:
    """An alert's settlement status, from ``result_tracking`` only (a bot's own top-level
    ``status`` means something else); anything but a known grade is pending."""
    tracking = doc.get("result_tracking")
    status = tracking.get("status") if isinstance(tracking, Mapping) else None
    return status if isinstance(status, str) and status in RESULT_STATUSES else PENDING


def document_problems(doc: Any) -> list[str]:
    """Why an alert document cannot be stored: every field a store query reads must be a
    scalar of its type (an object there would be read as a query operator)."""
    if not isinstance(doc, Mapping):
        return ["not a JSON object"]
    problems = []
    try:
        alert_id_of(doc)
    except ValueError as exc:
        problems.append(str(exc))
    for key in ("alert_id", "_id", "match_id", "fotmob_match_id", "bot_type"):
        value = doc.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
            problems.append(f"{key} {str(value)[:30]} is not text")
    tracking = doc.get("result_tracking")
    if tracking is not None and not isinstance(tracking, Mapping):
        problems.append("result_tracking is not an object")
    return problems


def storable_alert_id(doc: Any) -> str:
    """The id of an alert document a store may take; ValueError with the first problem."""
    problems = document_problems(doc)
    if problems:
        raise ValueError(
            f"alert {str(first(doc, 'alert_id', '_id'))[:40]}: {problems[0]}"
            if isinstance(doc, Mapping)
            else problems[0]
        )
    return alert_id_of(doc)


def without_grading_state(doc: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """The document without what the daemon itself writes; True when it had some."""
    kept = {key: value for key, value in doc.items() if key not in GRADING_STATE}
    return kept, len(kept) != len(doc)


def imported_result_problems(doc: Mapping[str, Any]) -> list[str]:
    """Why a trusted export's grade cannot be taken as it is."""
    tracking = doc.get("result_tracking")
    if tracking is None:
        return []
    status = tracking.get("status")
    if status is not None and status != PENDING and status not in RESULT_STATUSES:
        return [f"result_tracking.status {str(status)[:30]} is not a grade"]
    returns = tracking.get("returns")
    if returns is not None and (
        not isinstance(returns, str) or _RETURNS.fullmatch(returns) is None
    ):
        return [f"result_tracking.returns {str(returns)[:30]} is not an amount"]
    return []


def bet_status(doc: Mapping[str, Any]) -> str:
    return doc.get("status") or PENDING


def kickoff_of(doc: Mapping[str, Any]) -> datetime | None:
    """An alert document's kickoff, from the first field that holds a readable time."""
    for name in _KICKOFF_FIELDS:
        moment = parse_time(doc.get(name))
        if moment is not None:
            return moment
    return None


def parse_time(value: Any) -> datetime | None:
    """A datetime or ISO 8601 text as tz-aware UTC (naive means UTC); None if unreadable."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def usable_match_id(value: Any) -> str | None:
    """A FotMob match id (ASCII digits) from a document field, or None."""
    text = None if value is None else str(value).strip()
    return text if text and _MATCH_ID.fullmatch(text) else None
