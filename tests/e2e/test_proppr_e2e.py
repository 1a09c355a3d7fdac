"""The daemon on PROPPR's own database, end to end and as separate processes: PROPPR's
documents inserted through pymongo into ``all_positive_alerts``, ``all_positive_team_alerts``
and ``user_tracked_bets`` of a Mongo-wire server (several users, one with two containers, a
manual bet, a bet tracked without an alert id), FotMob played as in 2026 (the JSON endpoint
404, matches only on the slug pages day-list rows name; decoy U18 and women's matches of
the same clubs, the fixture reversed the next day), the Sheets stand-in; and a kill in the
middle that loses and doubles nothing."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections import Counter

import pytest
from pymongo import MongoClient

from grading.edges.alert_files import read_documents
from tests.conftest import FIXTURES
from tests.e2e import daemons
from tests.standins.fotmob import FotMobStandIn, load_day_lists, load_payloads

pytestmark = pytest.mark.slow
KEY = "1PropprTrackerSheetStandIn_0123456789abcdef"
EXPECTED = [
    json.loads(line) for line in (FIXTURES / "proppr" / "expected.jsonl").read_text().splitlines()
]
COLLECTIONS = {"player": "all_positive_alerts", "team": "all_positive_team_alerts"}


@pytest.fixture
def fotmob(httpserver):
    stand_in = FotMobStandIn(
        httpserver, load_payloads(FIXTURES / "fotmob"), load_day_lists(FIXTURES / "fotmob")
    )
    stand_in.play_2026()
    return stand_in


@pytest.fixture
def sheets(httpserver, fotmob):
    return daemons.serve_sheet(httpserver, KEY, "PropprBotTracker")


@pytest.fixture
def cerebro(secantus_uri):
    """A fresh database holding the project's PROPPR documents, inserted as PROPPR's own
    code would (ObjectIds, BSON dates), through pymongo."""
    client = MongoClient(secantus_uri, tz_aware=True)
    database = client[f"cerebro_{uuid.uuid4().hex[:8]}"]
    for name in (*COLLECTIONS.values(), "user_tracked_bets"):
        docs = [
            doc for _, doc in read_documents(FIXTURES / "proppr" / f"{name}.jsonl", extended=True)
        ]
        database[name].insert_many(docs)
    yield database
    client.drop_database(database.name)
    client.close()


def start(tmp_path, env: dict[str, str], *args: str) -> subprocess.Popen:
    """The daemon on PROPPR's documents."""
    return daemons.start(tmp_path, {"GRADING_SCHEMA": "proppr", **env}, *args)


def finish(process: subprocess.Popen, timeout: float = 90) -> str:
    return daemons.finish(process, timeout)


def mongo_env(cerebro, fotmob) -> dict[str, str]:
    client = cerebro.client
    host, port = client.address
    return {
        "MONGO_CONNECTION_STRING": f"mongodb://{host}:{port}",
        "MONGO_DATABASE": cerebro.name,
        "GRADING_FOTMOB_BASE_URL": fotmob.base_url,
    }


def assert_graded_as_expected(cerebro) -> None:
    alerts = {str(doc["_id"]): doc for name in COLLECTIONS.values() for doc in cerebro[name].find()}
    bets = {
        bet["bet_id"]: bet
        for container in cerebro["user_tracked_bets"].find()
        for bet in container["bets"]
    }
    for expected in EXPECTED:
        if "_id" in expected:
            tracking = alerts[expected["_id"]].get("result_tracking") or {}
            assert (tracking.get("result_status") or "pending") == expected["result_status"], (
                expected,
                tracking,
            )
            if "actual_value" in expected:
                assert tracking["actual_value"] == expected["actual_value"]
        else:
            bet = bets[expected["bet_id"]]
            assert (bet["status"], bet.get("returns"), bet.get("profit_loss")) == (
                expected["status"],
                expected["returns"],
                expected["profit_loss"],
            ), bet
    first = alerts["65e1a0000000000000000001"]
    assert (
        first["fotmob_match_id"] == "9000001"
        and first["Match"] == "Northbridge Town vs Eastport Utd"
    )
    assert first["result_tracking"]["graded_at"].tzinfo is not None
    manual = bets["7b1c0c8e-0005"]
    assert "settled_at" not in manual and "result_tracking" not in manual


def test_the_daemon_grades_proppr_documents_in_place_on_2026_fotmob(
    tmp_path, fotmob, sheets, httpserver, cerebro
):
    base = httpserver.url_for("/").rstrip("/")
    out = finish(
        start(
            tmp_path,
            {
                **mongo_env(cerebro, fotmob),
                "GRADING_SHEETS_ENDPOINT": base,
                "GRADING_SPREADSHEET": KEY,
            },
            "--until-idle",
        )
    )
    assert_graded_as_expected(cerebro)
    first = cerebro["all_positive_team_alerts"].find_one({"fotmob_match_id": "9000001"})
    assert first["fotmob_match"]["pages"] == [
        "/matches/pair-001/c9000001#9000001",
        "/api/data/leagues?id=9900",
    ]
    for bot in ("player", "team"):
        ids = Counter(row[0] for row in sheets.values(KEY, bot)[1:])
        assert set(ids.values()) == {1}
        graded = {
            e["_id"] for e in EXPECTED if e.get("bot") == bot and e["result_status"] != "pending"
        }
        assert set(ids) == graded
    dates = Counter(path for path, _, _ in fotmob.log if "matches?date=" in path)
    assert set(dates.values()) == {1}  # one request per date
    assert not any(
        path.startswith("/match/") for path, status, _ in fotmob.log if status == 200
    )  # pages by slug only
    assert "waiting: 65e1a0000000000000000010" in out


def test_a_folder_of_recordings_serves_a_proppr_database(tmp_path, cerebro, fotmob):
    finish(
        start(
            tmp_path,
            mongo_env(cerebro, fotmob),
            "--source",
            str(FIXTURES / "fotmob"),
            "--until-idle",
        )
    )
    assert_graded_as_expected(cerebro)
    assert fotmob.log == []


def test_a_kill_mid_pass_loses_and_doubles_nothing(tmp_path, fotmob, cerebro):
    fotmob.delay_s = 0.3
    env = mongo_env(cerebro, fotmob)
    process = start(tmp_path, env, "--until-idle")
    daemons.kill_mid_pass(process, fotmob, 4)
    fotmob.delay_s = 0
    finish(start(tmp_path, env, "--until-idle"))
    assert_graded_as_expected(cerebro)
    attempts = [
        doc["result_tracking"].get("grading_attempts")
        for name in COLLECTIONS.values()
        for doc in cerebro[name].find()
        if (doc.get("result_tracking") or {}).get("result_status") == "won"
    ]
    assert attempts and set(attempts) <= {1, 2}  # a deferral at most, never two grades
