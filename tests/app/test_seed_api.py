"""The seed's public API stays importable from ``grading``; the pure core stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import grading
from tests.conftest import ROOT

SEED_NAMES = [
    "ImmediateBetGrader",
    "UnifiedGradingScheduler",
    "UnifiedMarketMapper",
    "UnifiedResultProcessor",
    "UnifiedSheetsSync",
    "create_scheduler",
]


def test_the_seed_names_are_importable_from_the_package():
    assert sorted(grading.__all__) == SEED_NAMES
    assert all(callable(getattr(grading, name)) for name in SEED_NAMES)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        grading.nothing  # noqa: B018


def test_importing_the_core_loads_no_driver_and_no_thread_machinery():
    probe = (
        "import sys, grading.core.settlement.settle, grading.core.fotmob.parse, "
        "grading.core.pacing.transitions; "
        "print(sorted(m for m in ('requests', 'pymongo', 'gspread', 'sqlite3', 'simpy') "
        "if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


def test_the_immediate_grader_takes_and_gives_proppr_shapes():
    from datetime import UTC, datetime

    from grading.core.errors import SourceUnavailable
    from grading.edges.alert_files import read_documents
    from grading.edges.clock import ManualClock
    from grading.edges.recorded import DirectorySource
    from grading.loops.grader import ImmediateBetGrader
    from tests.conftest import FIXTURES

    now = datetime(2026, 12, 1, tzinfo=UTC)
    grader = ImmediateBetGrader(DirectorySource(FIXTURES / "fotmob"), clock=ManualClock(now))
    alerts = [
        doc
        for _, doc in read_documents(
            FIXTURES / "proppr" / "all_positive_team_alerts.jsonl", extended=True
        )
    ]
    containers = [
        doc
        for _, doc in read_documents(FIXTURES / "proppr" / "user_tracked_bets.jsonl", extended=True)
    ]
    fixture = grader.fetch_fixture_data(alerts[0])  # found by name
    assert fixture.match_id == "9000001"
    graded = grader.grade_alert_with_fixture(alerts[0], fixture)
    assert {
        key: graded[key]
        for key in (
            "result_status",
            "actual_value",
            "actual_result",
            "graded_at",
            "graded_immediately",
        )
    } == {
        "result_status": "won",
        "actual_value": 3,
        "actual_result": "2-1",
        "graded_at": now,
        "graded_immediately": True,
    }
    bet = grader.grade_bet_from_fixture_data(containers[0]["bets"][1], fixture, alerts[4])
    assert (bet["result_status"], bet["returns"], bet["profit_loss"]) == ("half_win", 3.0, 1.0)
    assert grader.fetch_fixture_data(9000002).match_id == "9000002"
    with pytest.raises(SourceUnavailable, match="other way round"):
        grader.fetch_fixture_data(alerts[10])
    native = grader.grade_bet_from_fixture_data(
        {"stake": 10}, fixture, {"alert_id": "a", "market": "btts", "selection": "yes", "odds": 1.7}
    )
    assert native == {
        "status": "won",
        "actual_value": "2-1",
        "returns": "17.00",
        "reason": "goals 2-1 in regulation",
    }
