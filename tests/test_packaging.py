"""A wheel carries everything its commands read: the sample fixtures, the sweep grids and
the alias table (``pip install .`` without ``-e`` must give working commands)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_the_wheel_ships_fixtures_grids_and_aliases(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("grading-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "fixtures_data/__init__.py",
        "fixtures_data/alerts.jsonl",
        "fixtures_data/fotmob/9000001_own_goal_cards.json",
        "fixtures_data/proppr/all_positive_alerts.jsonl",
        "sim/grids/backoff.toml",
        "sim/grids/day_list.toml",
        "grading/data/aliases.json",
    ):
        assert needed in names, needed
