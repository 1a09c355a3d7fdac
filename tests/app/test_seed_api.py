"""The seed's public API stays importable from ``grading``; the pure core stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import grading
from tests.conftest import ROOT

SEED_NAMES = ["ImmediateBetGrader", "UnifiedGradingScheduler", "UnifiedMarketMapper",
              "UnifiedResultProcessor", "UnifiedSheetsSync", "create_scheduler"]


def test_the_seed_names_are_importable_from_the_package():
    assert sorted(grading.__all__) == SEED_NAMES
    assert all(callable(getattr(grading, name)) for name in SEED_NAMES)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        grading.nothing  # noqa: B018


def test_importing_the_core_loads_no_driver_and_no_thread_machinery():
    probe = ("import sys, grading.core.settlement.settle, grading.core.fotmob.parse, "
             "grading.core.pacing.transitions; "
             "print(sorted(m for m in ('requests', 'pymongo', 'gspread', 'sqlite3', 'simpy') "
             "if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert run.stdout.strip() == "[]"
