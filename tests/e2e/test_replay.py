"""``replay verify`` on the project's fixtures and on the published samples."""

from __future__ import annotations

import csv
import json

from replay.cli import main
from tests.conftest import FIXTURES, shared_path


def test_project_fixtures_verify(tmp_path, capsys):
    assert main(["verify", "--fixtures", str(FIXTURES / "fotmob"), "--alerts",
                 str(FIXTURES / "alerts.jsonl"), "--report", str(tmp_path)]) == 0
    assert "53 alerts, 53 match, 0 mismatch" in capsys.readouterr().out
    with (tmp_path / "report.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == 53
    assert (tmp_path / "report.md").read_text().startswith("# Replay report")


def test_hand_written_alerts_on_the_shared_samples(capsys):
    assert main(["verify", "--fixtures", str(shared_path("fotmob")), "--alerts",
                 str(FIXTURES / "shared_alerts.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "skipped team_9825_Arsenal_2025-26.json: not a match payload" in out
    assert "matches_20240224.json" not in out        # a day list: read, not skipped


def test_a_mismatch_and_a_missing_payload_exit_1(tmp_path, capsys):
    alerts = tmp_path / "alerts.jsonl"
    alerts.write_text("\n".join(json.dumps(a) for a in [
        {"alert_id": "x1", "match_id": "9000001", "market": "btts", "selection": "yes",
         "odds": 2, "expected": {"status": "lost"}},
        {"alert_id": "x2", "match_id": "777", "market": "btts", "selection": "yes",
         "expected": {"status": "won"}},
    ]) + "\n")
    assert main(["verify", "--fixtures", str(FIXTURES / "fotmob"), "--alerts", str(alerts),
                 "--report", str(tmp_path / "r"), "--only-mismatches"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH x1 (btts): status: expected 'lost', got 'won'" in out
    assert "MISMATCH x2" in out and "no recorded payload for match 777" in out


def test_bad_input_exits_2(tmp_path, capsys):
    assert main(["verify", "--fixtures", str(tmp_path / "none"), "--alerts", "a.jsonl"]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_missing_alerts_file_exits_2_with_one_line(tmp_path, capsys):
    assert main(["verify", "--fixtures", str(FIXTURES / "fotmob"), "--alerts",
                 str(tmp_path / "none.jsonl")]) == 2
    assert capsys.readouterr().err.startswith("replay: error: cannot read alerts")
