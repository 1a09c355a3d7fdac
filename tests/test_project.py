"""Project hygiene: lint, and project fixtures that match their generator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

sys.path.insert(0, str(FIXTURES))
import build_fixtures


def test_ruff_is_clean():
    # The ruff installed beside this Python (the project's pinned extra), not any other.
    beside = Path(sys.executable).parent / "ruff"
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    assert ruff, "ruff is not installed: pip install -e '.[test]'"
    run = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout


def test_committed_fixtures_are_what_the_generator_writes():
    for name, payload in build_fixtures.all_fixtures().items():
        committed = json.loads((FIXTURES / "fotmob" / name).read_text())
        assert committed == payload, name
