"""Every error a user can hit on the command line is one line and exit code 2 (bad input),
never a traceback; a closed pipe ends a report quietly."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys

import pytest

from grading.app.cli import main as grading
from replay.cli import main as replay
from sim.cli import main as sim
from tests.conftest import FIXTURES, ROOT, argv

ALERTS = FIXTURES / "alerts.jsonl"
PAYLOADS = FIXTURES / "fotmob"
MATCH = PAYLOADS / "9000001_own_goal_cards.json"


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert "Traceback" not in "\n".join(err)
    return err[-1]


@pytest.mark.parametrize(
    ("run", "args", "says"),
    [
        (grading, argv("run --status-port 99999"), "a port is 1-65535, not 99999"),
        (grading, argv("run --status-port http"), "not a port number: 'http'"),
        (grading, argv("run --log-level LOUD"), "invalid choice: 'LOUD'"),
        (
            grading,
            argv("grade --fixture", MATCH, "--alerts", ALERTS, "--out", PAYLOADS),
            "is a folder, not a file",
        ),
        (
            replay,
            argv("verify --fixtures", PAYLOADS, "--alerts", ALERTS, "--report", ALERTS),
            "is a file, not a folder",
        ),
        (
            sim,
            argv("run --scenario matchday-small --plots", ALERTS),
            "is a file, not a folder",
        ),
    ],
)
def test_a_bad_argument_is_a_usage_error(run, args, says, capsys):
    with pytest.raises(SystemExit) as exit_:
        run(args)
    assert exit_.value.code == 2
    assert says in one_line_error(capsys)


def test_a_status_port_in_use_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert (
            grading(
                argv(
                    "run --source",
                    PAYLOADS,
                    "--load-alerts",
                    ALERTS,
                    "--until-idle --status-port",
                    port,
                )
            )
            == 2
        )
    assert f"cannot serve status on 127.0.0.1:{port}: Address already in use" in one_line_error(
        capsys
    )


def test_grade_out_leaves_no_temp_file_behind(tmp_path):
    out = tmp_path / "grades.jsonl"
    assert grading(
        argv(
            "grade --fixture",
            MATCH,
            "--alerts",
            ALERTS,
            "--out",
            out,
        )
    ) in (0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.jsonl"]


def test_a_report_piped_into_head_ends_quietly():
    verify = (
        f"{shlex.quote(sys.executable)} -m replay.cli verify --no-progress "
        f"--fixtures {shlex.quote(str(PAYLOADS))} --alerts {shlex.quote(str(ALERTS))}"
    )
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{verify} | head -1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.startswith("market") and done.stderr == ""
    assert done.returncode == 0  # every alert matched
