"""The daemon as a separate process, for the end-to-end tests: started with its data under
``tmp_path``, finished with its output (a daemon that does not end fails the test)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.standins.sheets import SheetsStandIn


def start(tmp_path, env: dict[str, str], *args: str) -> subprocess.Popen:
    """``grading run *args`` in ``tmp_path``, ``env`` over this process's environment."""
    environment = {
        **os.environ,
        "GRADING_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "grading.app.cli", "run", *args],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_mid_pass(process: subprocess.Popen, fotmob, requests: int) -> None:
    """Kill the daemon (SIGKILL: no clean shutdown) once FotMob has had ``requests``."""
    while len(fotmob.log) < requests:
        time.sleep(0.05)
    process.kill()
    process.communicate()


def finish(process: subprocess.Popen, timeout: float) -> str:
    """The daemon's standard output once it has exited 0."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"daemon still running after {timeout} s:\n{out}\n{err[-3000:]}")
    assert process.returncode == 0, err[-3000:]
    return out


def serve_sheet(httpserver, key: str, title: str) -> SheetsStandIn:
    """A spreadsheet ``title`` with one empty tab on the Sheets API stand-in, answering
    every ``/v4/`` request of ``httpserver``, for a daemon to mirror its grades into."""
    stand_in = SheetsStandIn(clock=time.monotonic)
    stand_in.create(key, title, {"Sheet1": []})
    httpserver.expect_request(re.compile(r"^/v4/.*")).respond_with_handler(stand_in)
    return stand_in
