"""The daemon end to end, as separate processes: ``grading run`` against the FotMob and
Sheets stand-ins and a real Mongo-wire server (or the embedded store), with 429 bursts, 5xx,
SIGTERM and SIGKILL mid-pass, and two daemons sharing one store."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import uuid
from collections import Counter

import pytest

from grading.edges.store.mongo import MongoAlertStore
from grading.edges.store.sqlite import SqliteAlertStore
from tests.conftest import FIXTURES
from tests.e2e import daemons
from tests.standins.fotmob import Fault, FotMobStandIn, load_payloads

pytestmark = pytest.mark.slow
ALERTS = [json.loads(line) for line in (FIXTURES / "alerts.jsonl").read_text().splitlines()]
SETTLEABLE = {a["alert_id"]: a["expected"] for a in ALERTS if a["expected"]["status"] != "pending"}
KEY = "1GradedAlertsSheetStandIn_0123456789abcdef"


@pytest.fixture
def fotmob(httpserver):
    return FotMobStandIn(httpserver, load_payloads(FIXTURES / "fotmob"))


@pytest.fixture
def sheets(httpserver, fotmob):
    return daemons.serve_sheet(httpserver, KEY, "Graded alerts")


def start(tmp_path, env: dict[str, str], *args: str) -> subprocess.Popen:
    """The daemon on the project's native alerts."""
    return daemons.start(tmp_path, env, "--load-alerts", str(FIXTURES / "alerts.jsonl"), *args)


def finish(process: subprocess.Popen, timeout: float = 60) -> str:
    return daemons.finish(process, timeout)


def assert_settled_as_expected(store) -> None:
    for alert_id, expected in SETTLEABLE.items():
        tracking = store.get_alert(alert_id)["result_tracking"]
        assert {k: tracking.get(k) for k in expected} == expected, (alert_id, tracking)
    assert store.get_alert("g-001")["result_tracking"]["status"] == "pending"


def sheet_ids(rows: list[list[str]]) -> Counter:
    return Counter(row[0] for row in rows)


def test_the_daemon_grades_and_mirrors_everything_through_429s_and_5xx(
    tmp_path, fotmob, sheets, httpserver, secantus_uri
):
    fotmob.script(Fault("429", retry_after="1"), Fault("503"), Fault("429"), Fault("html"))
    sheets.inject(429, count=2, kind="write")
    sheets.inject(503, count=1, kind="write")
    database = f"e2e_{uuid.uuid4().hex[:8]}"
    base = httpserver.url_for("/").rstrip("/")
    out = finish(
        start(
            tmp_path,
            {
                "GRADING_MONGO_URI": secantus_uri,
                "GRADING_DATABASE": database,
                "GRADING_FOTMOB_BASE_URL": base,
                "GRADING_SHEETS_ENDPOINT": base,
                "GRADING_SPREADSHEET": KEY,
            },
            "--until-idle",
        )
    )
    store = MongoAlertStore(secantus_uri, database)
    try:
        assert_settled_as_expected(store)
        for bot in ("player", "team"):
            ids = sheet_ids(sheets.values(KEY, bot)[1:])
            assert set(ids.values()) == {1}
            assert set(ids) == {
                a["alert_id"]
                for a in ALERTS
                if a["bot_type"] == bot and a["alert_id"] in SETTLEABLE
            }
            assert store.counts(bot)["unsynced"] == 0
    finally:
        store.close()
    assert "waiting: g-001" in out
    assert [
        fetches
        for fetches in Counter(
            path.split("=")[-1] for path, status, _ in fotmob.log if status == 200
        ).values()
        if fetches > 2
    ] == []  # finished fixtures fetched once per bot at most


def test_sigterm_mid_pass_stops_cleanly_and_a_restart_finishes(tmp_path, fotmob):
    fotmob.delay_s = 0.4
    env = {"GRADING_FOTMOB_BASE_URL": fotmob.base_url}
    process = start(tmp_path, env, "--bot", "team")
    while len(fotmob.log) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    stopped_at = time.monotonic()
    finish(process, timeout=10)
    assert time.monotonic() - stopped_at < 5
    store = SqliteAlertStore(tmp_path / "data" / "alerts.db")
    assert store.counts("team")["pending"] > 1  # stopped before the pass ended
    fotmob.delay_s = 0
    finish(start(tmp_path, env, "--bot", "team", "--until-idle"))
    team = {
        a: e
        for a, e in SETTLEABLE.items()
        if a in {x["alert_id"] for x in ALERTS if x["bot_type"] == "team"}
    }
    for alert_id, expected in team.items():
        assert store.get_alert(alert_id)["result_tracking"]["status"] == expected["status"]
    rows = (tmp_path / "data" / "sheets" / "team.csv").read_text().splitlines()[1:]
    assert sorted(line.split(",")[0] for line in rows) == sorted(team)
    store.close()


def test_a_kill_mid_pass_loses_nothing_and_grades_nothing_twice(tmp_path, fotmob):
    fotmob.delay_s = 0.3
    env = {"GRADING_FOTMOB_BASE_URL": fotmob.base_url}
    # --until-idle for its short leases and claims: a killed daemon's claims must expire
    # before another takes its work (2 and 5 minutes in the live daemon).
    process = start(tmp_path, env, "--until-idle")
    daemons.kill_mid_pass(process, fotmob, 3)
    fotmob.delay_s = 0
    out = finish(start(tmp_path, env, "--until-idle"))
    store = SqliteAlertStore(tmp_path / "data" / "alerts.db")
    assert_settled_as_expected(store)
    graded_after_restart = sum(int(line.split()[4]) for line in out.splitlines()[1:3])
    settled_before = len(SETTLEABLE) - graded_after_restart
    assert 0 <= settled_before < len(SETTLEABLE)
    store.close()


def test_two_daemons_on_one_store_never_grade_or_sync_an_alert_twice(tmp_path, fotmob):
    fotmob.delay_s = 0.05
    env = {"GRADING_FOTMOB_BASE_URL": fotmob.base_url}
    first = start(tmp_path, env, "--until-idle")
    second = start(tmp_path, env, "--until-idle")
    outputs = [finish(first), finish(second)]
    graded = sum(int(line.split()[4]) for out in outputs for line in out.splitlines()[1:3])
    assert graded == len(SETTLEABLE)  # each alert graded by one daemon
    store = SqliteAlertStore(tmp_path / "data" / "alerts.db")
    assert_settled_as_expected(store)
    store.close()
    for bot in ("player", "team"):
        rows = (tmp_path / "data" / "sheets" / f"{bot}.csv").read_text().splitlines()[1:]
        ids = Counter(line.split(",")[0] for line in rows)
        assert set(ids.values()) == {1} and len(ids) == sum(
            1 for a in ALERTS if a["bot_type"] == bot and a["alert_id"] in SETTLEABLE
        )
