"""The hand-computed case tables in fixtures_data/ (market_cases.csv, timeline_cases.csv):
reading them, and each row as an alert and its expected grade. Shared by the case tests
and bench/grade_bench.py."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

from grading.core.alerts import Alert, Grade
from grading.core.settlement.markets import MAPPER
from tests.conftest import FIXTURES

_RULE_FIELD = {
    "Y1R2": "card_convention",
    "Y1R1_max2": "card_convention",
    "skip": "own_goal_rule",
    "own_goal": "own_goal_rule",
}


def read_cases(table: str) -> list[dict[str, str]]:
    with (FIXTURES / table).open(newline="") as handle:
        return list(csv.DictReader(handle))


def case_alert(case: dict[str, str], **extra: Any) -> Alert:
    """The row as an alert: a stake of 10 at 2.00 unless ``extra`` says otherwise."""
    rules = case.get("rules")
    return Alert.from_json(
        {
            "alert_id": case["case_id"],
            "market": case["market"],
            "selection": case["selection"],
            "line": case["line"] or None,
            "team": case["team"] or None,
            "player": case["player"] or None,
            "rules": {_RULE_FIELD[rules]: rules} if rules else None,
            "odds": "2.00",
            "stake": "10",
            **extra,
        }
    )


def expected(case: dict[str, str]) -> tuple[str, Decimal | None]:
    returns = case["expected_returns"]
    return case["expected_status"], Decimal(returns) if returns else None


def got(grade: Grade) -> tuple[str, Decimal | None]:
    return grade.status, grade.returns


def cases_by_market(rows: list[dict[str, str]]) -> dict[str, int]:
    """How many rows each catalogue market has; every row must name a market."""
    counts: dict[str, int] = {}
    for case in rows:
        spec = MAPPER.map(case["market"])
        assert spec is not None, case
        counts[spec.key] = counts.get(spec.key, 0) + 1
    return counts
