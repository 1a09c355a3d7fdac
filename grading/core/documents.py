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
_MATCH_ID = re.compile(r"[0-9]{1,12}")
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
    ``status`` means something else); an alert nobody has graded yet is pending."""
    tracking = doc.get("result_tracking")
    return (tracking.get("status") if isinstance(tracking, Mapping) else None) or PENDING


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
