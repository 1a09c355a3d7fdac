"""How settling, deferring and correcting change an alert's ``result_tracking`` and a bet. Pure.

Every store applies the same transforms (docs/design.md, "Theory of operation"); times are
kept tz-aware UTC, and ``stamp`` is the fixed-width text form that sorts like the instant.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, overload

from grading.core.documents import PENDING

# Fields of a settled result kept in ``result_tracking`` (and on a settled bet).
RESULT_FIELDS = ("status", "actual_value", "returns", "reason")


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is refused (it would be a silent bug)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the store only takes tz-aware times")
    return moment.astimezone(UTC)


@overload
def stamp(moment: datetime) -> str: ...
@overload
def stamp(moment: None) -> None: ...
def stamp(moment: datetime | None) -> str | None:
    """Fixed-width UTC text that sorts like the instant it names (SQLite columns)."""
    return None if moment is None else utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def readable(moment: datetime) -> str:
    """The one form people read a time in, in sheets, /status and the status page: ISO 8601
    in UTC to the second (``2026-11-24T18:00:00Z``), which spreadsheets and pandas parse. A
    naive datetime means UTC (pymongo's convention)."""
    return aware(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unstamp(text: str | None) -> datetime | None:
    return (
        None
        if text is None
        else datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    )


def aware(value: datetime) -> datetime:
    """pymongo's convention: a naive datetime in a document already means UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def result_of(grade: Mapping[str, Any]) -> dict[str, Any]:
    """The settled-result fields of a grade, a ``result_tracking`` or a bet."""
    return {key: grade.get(key) for key in RESULT_FIELDS}


def settled_tracking(
    previous: Mapping[str, Any] | None, result: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """The ``result_tracking`` of a freshly settled alert; attempts carry over."""
    tracking = result_of(result)
    tracking["graded_at"] = utc(now)
    tracking["attempts"] = int((previous or {}).get("attempts") or 0) + 1
    tracking["next_check_at"] = None
    if result.get("decided_minute") is not None:  # settled in play
        tracking["decided_minute"] = result["decided_minute"]
    return tracking


def deferred_tracking(
    previous: Mapping[str, Any] | None, next_check_at: datetime, reason: str
) -> dict[str, Any]:
    """The ``result_tracking`` of an alert that stays pending until ``next_check_at``."""
    tracking = dict(previous or {})
    tracking.update(
        status=PENDING,
        reason=reason,
        next_check_at=utc(next_check_at),
        attempts=int(tracking.get("attempts") or 0) + 1,
    )
    return tracking


def settled_bet(result: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The fields set on a bet when its alert is settled (its own stake and odds)."""
    return {**result_of(result), "graded_at": utc(now)}


def corrected_tracking(
    previous: Mapping[str, Any], result: Mapping[str, Any], audit: Mapping[str, Any]
) -> dict[str, Any]:
    """A settled grade replaced by an audit: the trail keeps what it was and why it changed."""
    tracking = dict(previous)
    trail = list(tracking.get("audit") or [])
    trail.append(dict(audit))
    tracking.update(result_of(result))
    tracking["audit"] = trail
    return tracking


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def audit_time(audit: Mapping[str, Any]) -> datetime:
    """When an audit fix happened: its ``at`` (UTC), else the epoch. The native trail keeps
    the entry as it is; PROPPR's ``result_changed_at`` needs the instant."""
    value = audit.get("at")
    return utc(aware(value)) if isinstance(value, datetime) else _EPOCH
