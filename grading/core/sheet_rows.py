"""The sheet's row for one graded alert (pure). Column A is the alert id: the row's key."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from grading.core.alerts import Alert

COLUMNS = ("alert_id", "bot_type", "match_id", "market", "selection", "line", "subject",
           "odds", "stake", "status", "actual_value", "returns", "reason", "graded_at",
           "synced_at")


def row_for(doc: Mapping[str, Any], synced_at: datetime) -> list[str]:
    """Every cell as text: the sheet is written RAW, so nothing is ever read as a formula;
    times are ISO 8601 in UTC (``2026-11-24T18:00:00Z``), as spreadsheets and pandas read
    them."""
    alert = Alert.from_json(doc)
    tracking = doc.get("result_tracking") or {}
    subject = alert.player.name if alert.player and alert.player.name else alert.team
    cells = (alert.alert_id, alert.bot_type, alert.match_id, alert.market, alert.selection,
             alert.line, subject, alert.odds, alert.stake, tracking.get("status"),
             tracking.get("actual_value"), tracking.get("returns"), tracking.get("reason"),
             _when(tracking.get("graded_at")), _when(synced_at))
    return [_text(cell) for cell in cells]


def _when(value: Any) -> Any:
    if not isinstance(value, datetime):
        return value
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value.tzinfo else \
        value.strftime("%Y-%m-%dT%H:%M:%SZ")      # pymongo's naive datetimes mean UTC


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "-".join(str(part) for part in value)
    return str(value)
