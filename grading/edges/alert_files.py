"""Alert files (JSON Lines, docs/design.md, "Alerts in and grades out"), read line by line.

A line that cannot be used is reported with its number and skipped; the rest are read. The
file is streamed, so its size does not bound what the reader can take.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grading.core.alerts import Alert
from grading.core.errors import GradingError


class AlertsUnreadable(GradingError):
    """The alerts file itself cannot be opened."""


def read_documents(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, JSON object) per non-blank line, or (line number, reason)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise AlertsUnreadable(f"cannot read alerts {path}: {exc.strerror}") from None
    with handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                yield line_no, f"not JSON ({exc.msg})"
                continue
            yield (line_no, doc) if isinstance(doc, dict) else \
                (line_no, f"not a JSON object (a {type(doc).__name__})")


def read_alerts(path: Path) -> Iterator[tuple[int, Alert | str]]:
    """(line number, Alert) per line, or (line number, reason) for a line that is unusable."""
    for line_no, doc in read_documents(path):
        if isinstance(doc, str):
            yield line_no, doc
            continue
        try:
            yield line_no, Alert.from_json(doc)
        except ValueError as exc:
            yield line_no, str(exc)
