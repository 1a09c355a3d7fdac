"""The one regrade path of ``replay verify``, ``replay audit`` and ``grading demo``: settle
an alert against a recorded payload, and say how the grade differs from what was expected."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grading.core.alerts import UNGRADEABLE, Alert, Grade
from grading.core.errors import GradingError
from grading.core.facts import MatchFacts
from grading.core.settlement.settle import settle
from grading.ports import FixtureSource

COMPARED = ("status", "returns", "actual_value")


def facts_or_reason(source: FixtureSource, match_id: str | None) -> MatchFacts | str:
    """The recorded match, or why it cannot be had (a missing or broken payload)."""
    try:
        return source.fetch(match_id or "")
    except GradingError as exc:
        return str(exc)


def regrade(alert: Alert, facts: MatchFacts | str) -> Grade:
    """Settle ``alert`` on its recorded match; a match that could not be read is a grade."""
    if isinstance(facts, str):
        return Grade(alert.alert_id, UNGRADEABLE, reason=facts)
    return settle(alert, facts)


def differences(expected: Mapping[str, Any] | None, grade: Grade) -> list[str]:
    """How ``grade`` differs from ``expected`` (only in the fields it gives)."""
    expected, got = expected or {}, grade.to_json()
    return [
        f"{key}: expected {expected[key]!r}, got {got[key]!r}"
        for key in COMPARED
        if key in expected and expected[key] != got[key]
    ]
