"""The sheet's row for one graded alert (pure). Column A is the alert id: the row's key.

``actual_value`` holds a measured number only (goals, corners, a player's shots) and
``actual_result`` the measured answer that is not one ("2-1", "X", a scorer's name, "1-0 /
2-1"), as PROPPR keeps them apart (docs/rules/proppr.md §3), so a spreadsheet or pandas reads
the first column as numbers. ``actual_result`` came last, after the columns sheets written
before it already have: their rows stay where they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from grading.core.alerts import Alert
from grading.core.tracking import readable

COLUMNS = (
    "alert_id",
    "bot_type",
    "match_id",
    "market",
    "selection",
    "line",
    "subject",
    "odds",
    "stake",
    "status",
    "actual_value",
    "returns",
    "reason",
    "graded_at",
    "synced_at",
    "actual_result",
)


def row_for(doc: Mapping[str, Any], synced_at: datetime) -> list[str]:
    """Every cell as text: the sheet is written RAW, so nothing is ever read as a formula;
    times are ISO 8601 in UTC (``2026-11-24T18:00:00Z``), as spreadsheets and pandas read
    them."""
    alert = Alert.from_json(doc)
    tracking = doc.get("result_tracking") or {}
    subject = alert.player.name if alert.player and alert.player.name else alert.team
    actual = tracking.get("actual_value")
    number = _is_number(actual)
    odds, stake = alert.shown_price()
    cells = (
        alert.alert_id,
        alert.bot_type,
        alert.match_id,
        alert.market,
        alert.selection,
        alert.line,
        subject,
        odds,
        stake,
        tracking.get("status"),
        actual if number else None,
        tracking.get("returns"),
        tracking.get("reason"),
        _when(tracking.get("graded_at")),
        _when(synced_at),
        tracking.get("actual_result") or (None if number else actual),
    )
    return [_text(cell) for cell in cells]


def _is_number(value: Any) -> bool:
    # Text never counts, even "1" or "2": those are 1X2 answers, not counts.
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _when(value: Any) -> Any:
    return readable(value) if isinstance(value, datetime) else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "-".join(str(part) for part in value)
    return str(value)
