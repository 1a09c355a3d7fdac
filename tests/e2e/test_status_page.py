"""The status page a person opens (``/`` on the status port), rendered by headless
Chromium (Debian's package): a real scheduler that has graded, its loops, counts and latest
grades; the screenshot is kept in ``test-artifacts/status_page.png``."""

from __future__ import annotations

import random
import subprocess

import pytest

from grading.app.status_server import serve_status
from grading.core.pacing.policies import DEFAULT
from grading.edges.store.sqlite import SqliteAlertStore
from grading.loops.scheduler import BotScheduler
from grading.ports import Edges
from tests.conftest import ROOT, required_tool
from tests.fakes import RecordingSheet, ScriptedSource

ARTIFACTS = ROOT / "test-artifacts"


def browse(browser: str, url: str, *flags: str) -> str:
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *flags, url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_the_status_page_shows_loops_counts_and_the_latest_grades(tmp_path, clock):
    browser = required_tool("chromium", "chromium-browser", package="chromium")
    store = SqliteAlertStore(tmp_path / "alerts.db")
    store.ensure_indexes()
    store.add_alerts(
        [
            {
                "alert_id": "page-1",
                "bot_type": "team",
                "match_id": "9000001",
                "market": "btts",
                "selection": "yes",
                "odds": 2,
                "stake": 10,
            }
        ]
    )
    scheduler = BotScheduler(
        "team",
        Edges(ScriptedSource(), store, RecordingSheet(), clock),
        DEFAULT,
        rng=random.Random(1),
        owner="page",
    )
    scheduler.grading_step(clock.now())
    scheduler.sync_step(clock.now())
    server = serve_status(0, lambda: [scheduler.get_status()], clock=clock)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        dom = browse(browser, url, "--dump-dom")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "status_page.png"
        shot.unlink(missing_ok=True)
        browse(browser, url, "--window-size=1200,900", f"--screenshot={shot}")
    finally:
        server.shutdown()
        store.close()
    assert "<h1>grading daemon</h1>" in dom and "<h2>team bot</h2>" in dom
    assert "<td>page-1</td><td>btts</td><td>won</td><td>20.00</td>" in dom
    assert "<script" not in dom
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
