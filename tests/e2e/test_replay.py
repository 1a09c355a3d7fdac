"""``replay verify`` on the project's fixtures and on the published samples."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from replay.cli import main
from tests.conftest import FIXTURES, argv, shared_path


def test_project_fixtures_verify(tmp_path, capsys):
    assert (
        main(
            argv(
                "verify --fixtures",
                FIXTURES / "fotmob",
                "--alerts",
                FIXTURES / "alerts.jsonl",
                "--report",
                tmp_path,
            )
        )
        == 0
    )
    assert "53 alerts, 53 match, 0 mismatch" in capsys.readouterr().out
    with (tmp_path / "report.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 53
    assert (tmp_path / "report.md").read_text().startswith("# Replay report")


def test_hand_written_alerts_on_the_shared_samples(capsys):
    assert (
        main(
            argv(
                "verify --fixtures",
                shared_path("fotmob"),
                "--alerts",
                FIXTURES / "shared_alerts.jsonl",
            )
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "skipped team_9825_Arsenal_2025-26.json: not a match payload" in out
    assert "matches_20240224.json" not in out  # a day list: read, not skipped


def test_a_mismatch_and_a_missing_payload_exit_1(tmp_path, capsys):
    alerts = tmp_path / "alerts.jsonl"
    alerts.write_text(
        "\n".join(
            json.dumps(a)
            for a in [
                {
                    "alert_id": "x1",
                    "match_id": "9000001",
                    "market": "btts",
                    "selection": "yes",
                    "odds": 2,
                    "expected": {"status": "lost"},
                },
                {
                    "alert_id": "x2",
                    "match_id": "777",
                    "market": "btts",
                    "selection": "yes",
                    "expected": {"status": "won"},
                },
            ]
        )
        + "\n"
    )
    assert (
        main(
            argv(
                "verify --fixtures",
                FIXTURES / "fotmob",
                "--alerts",
                alerts,
                "--report",
                tmp_path / "r",
                "--only-mismatches",
            )
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "MISMATCH x1 (btts): status: expected 'lost', got 'won'" in out
    assert "MISMATCH x2" in out and "no recorded payload for match 777" in out


def test_bad_input_exits_2(tmp_path, capsys):
    assert main(["verify", "--fixtures", str(tmp_path / "none"), "--alerts", "a.jsonl"]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_missing_alerts_file_exits_2_with_one_line(tmp_path, capsys):
    assert (
        main(argv("verify --fixtures", FIXTURES / "fotmob", "--alerts", tmp_path / "none.jsonl"))
        == 2
    )
    assert capsys.readouterr().err.startswith("replay: error: cannot read alerts")


def _proppr_graded(tmp_path, wrong: dict[str, str]) -> Path:
    """The project's PROPPR team alerts as PROPPR's own grader left them: graded, no FotMob
    id; ``wrong`` gives some a wrong status."""
    expected = {
        line["_id"]: line
        for line in map(
            json.loads, (FIXTURES / "proppr" / "expected.jsonl").read_text().splitlines()
        )
        if "_id" in line
    }
    docs = []
    for line in (FIXTURES / "proppr" / "all_positive_team_alerts.jsonl").read_text().splitlines():
        doc = json.loads(line)
        truth = expected[doc["_id"]["$oid"]]
        status = wrong.get(doc["_id"]["$oid"][-2:], truth["result_status"])
        if truth["result_status"] not in ("pending", "ungradeable"):
            doc["result_tracking"] = {
                "result_status": {"won": "win", "lost": "loss"}.get(status, status),
                "actual_value": truth.get("actual_value"),
            }
        docs.append(doc)
    path = tmp_path / "all_positive_team_alerts.jsonl"
    path.write_text("".join(json.dumps(doc) + "\n" for doc in docs))
    return path


def test_verify_checks_proppr_documents_against_the_grade_proppr_stored(tmp_path, capsys):
    path = _proppr_graded(tmp_path, {"03": "won"})
    code = main(
        argv(
            "verify --fixtures",
            FIXTURES / "fotmob",
            "--alerts",
            path,
            "--schema proppr --no-progress",
        )
    )
    out = capsys.readouterr().out
    assert (
        "MISMATCH 65e1a0000000000000000003 (Team Total Away): status: expected 'won', "
        "got 'lost'" in out
    )
    assert "12 alerts, 11 match, 1 mismatch" in out  # the swapped one is unusable
    assert code == 2


def test_audit_fixes_a_wrong_grade_proppr_stored_in_its_own_fields(tmp_path, capsys):
    from grading.core.schemas.proppr import PROPPR
    from grading.edges.alert_files import read_documents
    from grading.edges.store.sqlite import SqliteAlertStore

    store = SqliteAlertStore(tmp_path / "p.db", schema=PROPPR)
    store.ensure_indexes()
    docs = [
        doc for _, doc in read_documents(_proppr_graded(tmp_path, {"01": "lost"}), extended=True)
    ]
    store.add_alerts(docs, bot_type="team")
    store.close()
    assert (
        main(
            argv(
                "audit --store",
                tmp_path / "p.db",
                "--schema proppr --fixtures",
                FIXTURES / "fotmob",
                "--fix --no-progress",
            )
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "FIXED 65e1a0000000000000000001" in out
    fixed = SqliteAlertStore(tmp_path / "p.db", schema=PROPPR)
    tracking = fixed.get_alert("65e1a0000000000000000001")["result_tracking"]
    assert tracking["status"] == "won"
    from grading.edges.store._json import loads

    (text,) = (
        fixed._conn()
        .execute("SELECT doc FROM alerts WHERE alert_id=?", ("65e1a0000000000000000001",))
        .fetchone()
    )
    stored = loads(text)["result_tracking"]
    assert (stored["result_status"], stored["result_changed_from"]) == ("won", "loss")
    assert stored["result_changed_reason"].startswith("regraded from recorded payload")


def test_the_report_shows_an_unusable_stake_as_written(tmp_path, capsys):
    alerts = tmp_path / "alerts.jsonl"
    bad = {"alert_id": "s1", "match_id": "9000001", "market": "btts", "selection": "yes"}
    alerts.write_text(json.dumps({**bad, "odds": 2, "stake": "ten"}) + "\n")
    args = argv("verify --fixtures", FIXTURES / "fotmob", "--alerts", alerts, "--report", tmp_path)
    assert main(args) == 0
    with (tmp_path / "report.csv").open() as handle:
        (row,) = csv.DictReader(handle)
    assert (row["status"], row["stake"], row["odds"]) == ("ungradeable", "ten", "2")
