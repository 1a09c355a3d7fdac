"""Alert files (JSON Lines, docs/design.md, "Alerts in and grades out"), read line by line.

A line that cannot be used is reported with its number and skipped; the rest are read. The
file is streamed, so its size does not bound what the reader can take.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

from bson import json_util
from bson.json_util import JSONOptions

from grading.core.alerts import Alert
from grading.core.errors import GradingError


class AlertsUnreadable(GradingError):
    """The alerts file itself cannot be opened."""


# MongoDB's extended JSON, as mongoexport writes it: {"$oid": ...}, {"$date": ...}.
_EXTENDED = functools.partial(
    json_util.object_hook, json_options=JSONOptions(tz_aware=True, tzinfo=UTC)
)


def read_documents(
    path: Path,
    extended: bool = False,
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, JSON object) per non-blank line, or (line number, reason). With
    ``extended``, MongoDB's extended JSON is read as the values it stands for (an
    ObjectId, a UTC datetime), as in an export of PROPPR's collections."""
    hook = _EXTENDED if extended else None
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise AlertsUnreadable(f"cannot read alerts {path}: {exc.strerror}") from None
    with handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line, object_hook=hook)
            except json.JSONDecodeError as exc:
                yield line_no, f"not JSON ({exc.msg})"
                continue
            except (TypeError, ValueError) as exc:  # a malformed {"$oid": ...}
                yield line_no, f"not extended JSON ({str(exc)[:80]})"
                continue
            yield (
                (line_no, doc)
                if isinstance(doc, dict)
                else (line_no, f"not a JSON object (a {type(doc).__name__})")
            )


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
