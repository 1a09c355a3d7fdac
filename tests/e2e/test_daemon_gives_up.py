"""``grading run --until-idle`` when something cannot be graded: it grades everything else,
sets the bad thing aside with its reason, ends, and exits 1 (docs/adr/0006)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from collections import Counter

import pytest

from grading.edges.store.sqlite import SqliteAlertStore
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow
ALERTS = [json.loads(line) for line in (FIXTURES / "alerts.jsonl").read_text().splitlines()]
POISONED = "9000001"


def run(
    tmp_path, *args: str, env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    environment = {
        "GRADING_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        **(env or {}),
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "grading.app.cli",
            "run",
            "--load-alerts",
            str(FIXTURES / "alerts.jsonl"),
            "--until-idle",
            *args,
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def poisoned_folder(tmp_path, damage):
    """The project's recorded matches, one of them damaged by ``damage(payload)``."""
    folder = tmp_path / "fotmob"
    shutil.copytree(FIXTURES / "fotmob", folder)
    path = next(folder.glob(f"{POISONED}_*.json"))
    payload = json.loads(path.read_text())
    damage(payload)
    path.write_text(json.dumps(payload))
    return folder


def unreadable_score(payload):
    payload["header"]["status"]["scoreStr"] = "2 - x"


def broken_lineup(payload):
    payload["content"]["lineup"]["homeTeam"]["starters"][0]["performance"] = "x"


def test_a_payload_that_cannot_be_trusted_is_set_aside_and_the_rest_graded(tmp_path):
    done = run(tmp_path, "--source", str(poisoned_folder(tmp_path, unreadable_score)))
    assert done.returncode == 1, done.stderr[-3000:]
    gave_up = [line for line in done.stdout.splitlines() if line.startswith("gave up:")]
    assert sorted(gave_up) == [
        f"gave up: {bot} fixture {POISONED}: the score '2 - x' is not a score"
        for bot in ("player", "team")
    ]
    assert "Traceback" not in done.stderr
    store = SqliteAlertStore(tmp_path / "data" / "alerts.db")
    try:
        statuses = Counter(
            (
                alert["match_id"] == POISONED,
                store.get_alert(alert["alert_id"])["result_tracking"]["status"] != "pending",
            )
            for alert in ALERTS
        )
        poisoned = sum(1 for alert in ALERTS if alert["match_id"] == POISONED)
        assert statuses == {
            (True, False): poisoned,  # set aside, still pending
            (False, True): len(ALERTS) - poisoned - 1,  # all the rest graded
            (False, False): 1,
        }  # the 2031 fixture waits
        reason = store.get_alert("a-001")["result_tracking"]["reason"]
        assert reason.startswith("quarantined after 5 failures in a row: ")
    finally:
        store.close()


def test_a_damaged_lineup_costs_the_player_props_only(tmp_path):
    done = run(tmp_path, "--source", str(poisoned_folder(tmp_path, broken_lineup)))
    assert done.returncode == 0, done.stderr[-3000:]
    store = SqliteAlertStore(tmp_path / "data" / "alerts.db")
    try:
        grades = {
            a["alert_id"]: store.get_alert(a["alert_id"])["result_tracking"]
            for a in ALERTS
            if a["match_id"] == POISONED
        }
    finally:
        store.close()
    for alert in (a for a in ALERTS if a["match_id"] == POISONED):
        grade = grades[alert["alert_id"]]
        if alert["bot_type"] == "player" or alert["market"] in ("total_cards", "booking_points"):
            assert grade["status"] == "ungradeable", alert["alert_id"]
            assert grade["reason"].startswith("the payload's lineup is damaged")
        else:
            assert grade["status"] == alert["expected"]["status"], alert["alert_id"]


def test_an_unreachable_fotmob_ends_a_batch_run_with_exit_1(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    done = run(tmp_path, env={"GRADING_FOTMOB_BASE_URL": f"http://127.0.0.1:{closed}"})
    assert done.returncode == 1, done.stderr[-3000:]
    gave_up = [line for line in done.stdout.splitlines() if line.startswith("gave up:")]
    # Every fixture of every bot: even the 2031 one cannot be seen to be unstarted.
    fixtures = {(alert["bot_type"], alert["match_id"]) for alert in ALERTS}
    assert {
        (line.split()[2], line.split("fixture ")[1].split(":")[0]) for line in gave_up
    } == fixtures and len(gave_up) == len(fixtures)
    assert all("FotMob unreachable" in line for line in gave_up)
    assert "Traceback" not in done.stderr  # expected failures: one line
