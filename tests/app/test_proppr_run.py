"""``grading run --schema proppr`` on the project's PROPPR documents, embedded store: every
alert and bet graded as fixtures_data/proppr/expected.jsonl says, nothing graded twice."""

from __future__ import annotations

import json

import pytest

from grading.app.cli import main
from grading.app.loading import LoadError, plan_loads
from grading.app.settings import SettingsError, load_settings
from grading.core.schemas.native import NATIVE
from grading.core.schemas.proppr import PROPPR
from grading.edges.store._json import loads
from grading.edges.store.sqlite import SqliteAlertStore
from tests.conftest import FIXTURES, RUN_ON_FIXTURES

EXPECTED = [
    json.loads(line) for line in (FIXTURES / "proppr" / "expected.jsonl").read_text().splitlines()
]


def run(tmp_path, monkeypatch, *extra: str) -> int:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADING_DATA_DIR", str(tmp_path / "data"))
    return main([*RUN_ON_FIXTURES, *extra])


def stored(tmp_path) -> tuple[dict[str, dict], dict[str, dict]]:
    store = SqliteAlertStore(tmp_path / "data" / "proppr.db", schema=PROPPR)
    conn = store._conn()
    alerts = {a: loads(d) for a, d in conn.execute("SELECT alert_id, doc FROM alerts")}
    bets = {b: loads(d) for b, d in conn.execute("SELECT bet_id, doc FROM bets")}
    store.close()
    return alerts, bets


def test_proppr_documents_are_graded_as_expected_and_only_once(tmp_path, monkeypatch):
    assert run(tmp_path, monkeypatch) == 0
    alerts, bets = stored(tmp_path)
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
            )
    first = alerts["65e1a0000000000000000001"]
    assert first["fotmob_match_id"] == "9000001"
    assert first["fotmob_match"]["asked"] == "Northbridge Town v Eastport Utd"
    assert first["Match"] == "Northbridge Town vs Eastport Utd"  # theirs, untouched
    graded_at = {a: (d.get("result_tracking") or {}).get("graded_at") for a, d in alerts.items()}
    assert run(tmp_path, monkeypatch) == 0  # again: nothing new
    again, _ = stored(tmp_path)
    assert {
        a: (d.get("result_tracking") or {}).get("graded_at") for a, d in again.items()
    } == graded_at


def test_a_proppr_file_of_no_known_collection_needs_one_bot(tmp_path):
    other = tmp_path / "export.jsonl"
    other.write_text("{}\n")
    with pytest.raises(LoadError, match="carry no bot type"):
        plan_loads([other], [], PROPPR, ("player", "team"))
    assert plan_loads([other], [], PROPPR, ("team",)).alerts == [(other, "team")]
    assert plan_loads([other], [], NATIVE, ("player", "team")).alerts == [(other, None)]
    named = plan_loads([FIXTURES / "proppr"], [], PROPPR, ("player", "team"))
    assert [(path.name, bot) for path, bot in named.alerts] == [
        ("all_positive_alerts.jsonl", "player"),
        ("all_positive_team_alerts.jsonl", "team"),
    ]
    assert [path.name for path in named.bets] == ["user_tracked_bets.jsonl"]


def test_proppr_settings_and_its_environment_names(tmp_path):
    settings = load_settings(
        None,
        {
            "MONGO_CONNECTION_STRING": "mongodb://h/",
            "MONGO_DATABASE": "Cerebro",
            "GRADING_SCHEMA": "proppr",
        },
    )
    assert (settings.store.uri, settings.store.database_name, settings.store.schema) == (
        "mongodb://h/",
        "Cerebro",
        "proppr",
    )
    assert load_settings(None, {"GRADING_SCHEMA": "proppr"}).store.database_name == "Cerebro"
    assert load_settings(None, {}).store.database_name == "grading"
    assert (
        load_settings(None, {"MONGO_DATABASE": "a", "GRADING_DATABASE": "b"}).store.database == "b"
    )  # ours wins
    config = tmp_path / "c.toml"
    config.write_text(
        '[store]\nschema = "proppr"\n[store.collections]\nplayer = "p"\n'
        '[fixtures]\ndeadline_days = 2\naliases_file = "a.json"\n'
    )
    settings = load_settings(config, {})
    assert settings.store.collections == {"player": "p"}
    assert (settings.fixtures.deadline_days, settings.fixtures.aliases_file) == (2.0, "a.json")
    for text, message in [
        ('[store]\nschema = "propr"', "did you mean proppr"),
        ('[store.collections]\nplayers = "p"', "did you mean setting store.collections.player"),
        ("[fixtures]\ndeadline_days = 0", "must be positive"),
    ]:
        config.write_text(text)
        with pytest.raises(SettingsError, match=message):
            load_settings(config, {})


def resolved(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_resolve_prints_each_alerts_match_or_why_not(capsys):
    assert (
        main(
            [
                "resolve",
                "--source",
                str(FIXTURES / "fotmob"),
                "--schema",
                "proppr",
                "--alerts",
                str(FIXTURES / "proppr" / "all_positive_team_alerts.jsonl"),
            ]
        )
        == 0
    )
    lines = {line["alert_id"][-2:]: line for line in resolved(capsys)}
    assert lines["01"] == {
        "alert_id": "65e1a0000000000000000001",
        "match_id": "9000001",
        "home": "Northbridge Town",
        "away": "Eastport United",
        "kickoff": "2025-03-01T15:00:00+00:00",
        "score": 100.0,
        "reason": "Northbridge v Eastport (Premier Division), score 100",
    }
    assert lines["11"]["match_id"] is None and "other way round" in lines["11"]["reason"]
    assert lines["09"]["match_id"] == "9000006"  # "00:00": time unknown


def test_resolve_live_asks_fotmob_once_per_date(httpserver, monkeypatch, capsys):
    from tests.standins.fotmob import FotMobStandIn, load_day_lists, load_payloads

    fotmob = FotMobStandIn(
        httpserver, load_payloads(FIXTURES / "fotmob"), load_day_lists(FIXTURES / "fotmob")
    )
    monkeypatch.setenv("GRADING_FOTMOB_BASE_URL", fotmob.base_url)
    assert (
        main(
            [
                "resolve",
                "--live",
                "--schema",
                "proppr",
                "--alerts",
                str(FIXTURES / "proppr" / "all_positive_team_alerts.jsonl"),
            ]
        )
        == 0
    )
    assert len(resolved(capsys)) == 13
    dates = [path for path, _, _ in fotmob.log if "date=" in path]
    assert len(dates) == len(set(dates))


def test_resolve_without_the_proppr_schema_says_so(tmp_path, capsys):
    alerts = tmp_path / "a.jsonl"
    alerts.write_text('{"alert_id": "x", "market": "btts"}\n')
    assert main(["resolve", "--source", str(FIXTURES / "fotmob"), "--alerts", str(alerts)]) == 0
    assert "need --schema proppr" in resolved(capsys)[0]["reason"]
    with pytest.raises(SystemExit) as bad:
        main(["resolve", "--source", "x", "--alerts", str(alerts), "--date", "1 March"])
    assert bad.value.code == 2
