"""Reading alert files and regrading them against recorded payloads (demo and replay)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from grading.core.alerts import UNGRADEABLE, Alert, Grade
from grading.core.errors import GradingError
from grading.core.settlement.settle import settle
from grading.edges.recorded import DirectorySource

COMPARED = ("status", "returns", "actual_value")


class AlertsUnreadable(GradingError):
    """The alerts file itself cannot be opened."""


def read_alerts(path: Path) -> Iterator[tuple[int, Alert | str]]:
    """(line number, Alert) per line, or (line number, reason) for a line that is unusable."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise AlertsUnreadable(f"cannot read alerts {path}: {exc.strerror}") from None
    with handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield line_no, Alert.from_json(json.loads(line))
            except json.JSONDecodeError as exc:
                yield line_no, f"not JSON ({exc.msg})"
            except ValueError as exc:
                yield line_no, str(exc)


def regrade(source: DirectorySource, alert: Alert) -> Grade:
    """Settle ``alert`` on its recorded match; a missing or broken payload is a grade too."""
    try:
        return settle(alert, source.fetch(alert.match_id or ""))
    except GradingError as exc:
        return Grade(alert.alert_id, UNGRADEABLE, reason=str(exc))


def differences(alert: Alert, grade: Grade) -> list[str]:
    """How ``grade`` differs from the alert's ``expected`` (only the fields it gives)."""
    expected, got = alert.expected or {}, grade.to_json()
    return [f"{key}: expected {expected[key]!r}, got {got[key]!r}"
            for key in COMPARED if key in expected and expected[key] != got[key]]
