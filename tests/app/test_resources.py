"""Resources: a full disk, a huge alerts file, a long summary: one line, bounded memory."""

from __future__ import annotations

import io
import json
import random
import sqlite3
from contextlib import redirect_stdout

import pytest

from grading.app.loading import load_alerts
from grading.app.summary import print_summary
from grading.core.errors import StoreUnavailable
from grading.core.pacing.policies import DEFAULT
from grading.edges.clock import ManualClock
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.store.memory import MemoryAlertStore
from grading.edges.store.sqlite import SqliteAlertStore
from grading.loops.scheduler import BotScheduler
from grading.ports import Edges
from tests.fakes import T0, ScriptedSource

ALERT = {
    "bot_type": "team",
    "match_id": "9000007",
    "market": "total_goals",
    "selection": "over",
    "line": 2.5,
    "odds": 2.0,
    "stake": 10,
}


def test_a_full_disk_is_one_line_from_the_sqlite_store(tmp_path, monkeypatch):
    store = SqliteAlertStore(tmp_path / "a.db")
    store.ensure_indexes()

    class FullDisk:
        def execute(self, *args):
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_conn", lambda: FullDisk())
    for call in (
        lambda: store.due_alerts("team", T0),
        lambda: store.add_alerts([]),
        lambda: list(store.settled_alerts("team")),
    ):
        with pytest.raises(StoreUnavailable) as failed:
            call()
        assert str(failed.value) == f"SQLite store {tmp_path / 'a.db'}: database or disk is full"


def test_a_recording_that_cannot_be_written_never_costs_the_grade(tmp_path, httpserver, caplog):
    from grading.edges.fotmob_client import FotMobClient, FotMobSettings
    from tests.conftest import FIXTURES
    from tests.standins.fotmob import FotMobStandIn, load_payloads

    fotmob = FotMobStandIn(httpserver, load_payloads(FIXTURES / "fotmob"))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    client = FotMobClient(
        FotMobSettings(base_url=fotmob.base_url, record_dir=str(blocked / "records")),
        clock=ManualClock(T0),
    )
    assert client.fetch("9000001").status == "finished"
    assert "could not record match 9000001" in caplog.text
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_the_summary_lists_a_screenful_and_counts_the_rest(tmp_path):
    store = MemoryAlertStore()
    store.add_alerts([{**ALERT, "alert_id": f"w-{n:03d}"} for n in range(65)])
    scheduler = BotScheduler(
        "team",
        Edges(ScriptedSource(), store, CsvSink(tmp_path), ManualClock(T0)),
        DEFAULT,
        rng=random.Random(1),
        owner="t",
    )
    out = io.StringIO()
    with redirect_stdout(out):
        print_summary([scheduler], store, CsvSink(tmp_path), [f"x{n}" for n in range(30)])
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("waiting: w-") for line in lines) == 20
    assert "waiting: ... and 45 more" in lines
    assert sum(line.startswith("gave up: x") for line in lines) == 20
    assert "gave up: ... and 10 more" in lines


def test_an_alerts_file_is_loaded_in_batches(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as out:
        for n in range(3500):
            out.write(json.dumps({**ALERT, "alert_id": f"b-{n}"}) + "\n")

    class Counting(MemoryAlertStore):
        def __init__(self):
            super().__init__()
            self.batches = []

        def add_alerts(self, docs, bot_type=None):
            docs = list(docs)
            self.batches.append(len(docs))
            return super().add_alerts(docs, bot_type)

    store = Counting()
    assert load_alerts(store, path) == 3500
    assert store.batches == [1000, 1000, 1000, 500]
