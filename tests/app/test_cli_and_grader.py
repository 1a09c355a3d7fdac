"""The command line and ImmediateBetGrader, end to end on files."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from grading.app.cli import main
from grading.core.errors import SourceUnavailable
from grading.edges.recorded import DirectorySource
from grading.loops.grader import ImmediateBetGrader
from tests.conftest import FIXTURES, shared_path

OWN_GOAL = FIXTURES / "fotmob" / "9000001_own_goal_cards.json"


def write_alerts(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "alerts.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_facts_prints_match_facts(capsys):
    assert main(["facts", str(shared_path("fotmob", "3370572_Argentina_France.json"))]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["score"] == {"regulation": [2, 2], "after_extra_time": [3, 3], "penalties": [4, 2]}


def test_grade_writes_json_lines(tmp_path, capsys):
    alerts = write_alerts(
        tmp_path,
        '{"alert_id": "a1", "match_id": "9000001", "market": "asian_handicap", '
        '"selection": "home", "line": -1.25, "odds": 1.95, "stake": 10}',
        '{"alert_id": "a2", "match_id": "123", "market": "btts", "selection": "yes"}',
        '{"alert_id": "a3", "market": "Correct Score", "selection": "2-1", "odds": 8}',
        '{"alert_id": "a4", "market": "Tiddlywinks", "selection": "yes"}',
    )
    out = tmp_path / "grades.jsonl"
    assert (
        main(["grade", "--fixture", str(OWN_GOAL), "--alerts", str(alerts), "--out", str(out)]) == 0
    )
    grades = [json.loads(line) for line in out.read_text().splitlines()]
    assert grades[0] == {
        "alert_id": "a1",
        "status": "half_loss",
        "actual_value": "2-1",
        "returns": "5.00",
        "reason": "goals 2-1 in regulation",
    }
    assert grades[1]["status"] == "ungradeable" and "match 123" in grades[1]["reason"]
    assert (grades[2]["status"], grades[2]["returns"]) == ("won", "8.00")  # 2-1
    assert grades[3]["status"] == "ungradeable"


def test_grade_from_a_facts_file(tmp_path, capsys):
    main(["facts", str(OWN_GOAL)])
    facts_file = tmp_path / "facts.json"
    facts_file.write_text(capsys.readouterr().out)
    alerts = write_alerts(
        tmp_path,
        '{"alert_id": "a1", "market": "total_goals", '
        '"selection": "over", "line": 2.5, "odds": 2, "stake": 5}',
    )
    for argv in (["--facts", str(facts_file)], ["--fixture", str(facts_file), "--facts"]):
        assert main(["grade", *argv, "--alerts", str(alerts)]) == 0
        assert json.loads(capsys.readouterr().out)["returns"] == "10.00"


def test_broken_alert_lines_are_reported_and_the_rest_graded(tmp_path, capsys):
    alerts = write_alerts(
        tmp_path,
        "{not json",
        '{"alert_id": "ok", "market": "btts", "selection": "yes", "odds": 2}',
        '{"market": "btts"}',
    )
    assert main(["grade", "--fixture", str(OWN_GOAL), "--alerts", str(alerts)]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["alert_id"] == "ok"
    assert "alerts.jsonl:1: not JSON" in captured.err
    assert "alerts.jsonl:3: alert has no alert_id" in captured.err


def test_bad_money_is_reported_and_every_good_grade_is_written(tmp_path, capsys):
    good = '{"alert_id": "ok", "market": "btts", "selection": "yes", "odds": 2, "stake": 10}'
    alerts = write_alerts(
        tmp_path,
        good,
        '{"alert_id": "huge", "market": "btts", "selection": "yes", "odds": "1e309"}',
        '{"alert_id": "vast", "market": "btts", "selection": "yes", "stake": "1e400000"}',
        '{"alert_id": "ten", "market": "btts", "selection": "yes", "stake": "ten"}',
        good.replace('"ok"', '"ok2"'),
    )
    out = tmp_path / "grades.jsonl"
    assert (
        main(["grade", "--fixture", str(OWN_GOAL), "--alerts", str(alerts), "--out", str(out)]) == 2
    )
    grades = {g["alert_id"]: g for g in map(json.loads, out.read_text().splitlines())}
    assert [grades[a]["status"] for a in ("ok", "huge", "vast", "ten", "ok2")] == [
        "won",
        "ungradeable",
        "ungradeable",
        "ungradeable",
        "won",
    ]
    err = capsys.readouterr().err
    assert "alerts.jsonl:2: odds '1e309' is not a decimal price above 1.0" in err
    assert "alerts.jsonl:3: stake '1e400000' is not a positive amount" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["facts", "missing.json"], "no such file: missing.json"),
        (["grade", "--alerts", "a.jsonl"], "give --fixture FILE or --facts FILE"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"grading: error: {message}"


def test_a_day_list_is_not_a_match(capsys):
    assert main(["facts", str(shared_path("fotmob", "matches_20240224.json"))]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "grading: error: not a match payload: a day list of matches"
    )


def test_html_file_is_refused_without_traceback(tmp_path):
    page = tmp_path / "page.json"
    page.write_text("<html><title>Access denied</title></html>")
    run = subprocess.run(
        [sys.executable, "-m", "grading.app.cli", "facts", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert (
        run.stderr.strip()
        == "grading: error: page.json: an HTML page, not match JSON (Access denied)"
    )


def test_console_script_answers_help():
    for argv in ([], ["facts"], ["grade"], ["demo"]):
        run = subprocess.run(
            [sys.executable, "-m", "grading.app.cli", *argv, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0 and "usage: grading" in run.stdout


def test_demo_grades_every_project_alert_as_expected(capsys):
    assert main(["demo"]) == 0
    assert "53 as expected, 0 mismatched" in capsys.readouterr().out


def test_grader_seed_api_with_bet_overrides():
    grader = ImmediateBetGrader(DirectorySource(FIXTURES / "fotmob"))
    fixture = grader.fetch_fixture_data(9000001)
    assert grader.is_fixture_finished(fixture)
    assert not grader.is_fixture_finished(grader.fetch_fixture_data("9000007"))
    alert = {
        "_id": "a",
        "market": "total_goals",
        "selection": "over",
        "line": 2.75,
        "odds": 2.0,
        "stake": 10,
    }
    bet = {"stake": 50, "odds": 1.9}
    assert grader.grade_bet_from_fixture_data(bet, fixture, alert) == {
        "status": "half_win",
        "actual_value": 3,
        "returns": "72.50",
        "reason": "goals 3 in regulation",
    }
    assert Decimal(grader.grade_bet_from_fixture_data(None, fixture, alert)["returns"]) == 15


def test_directory_source_lists_files_that_are_not_matches_and_reads_day_lists():
    source = DirectorySource(shared_path("fotmob"))
    assert "3370572" in source.index()
    assert "team_9825_Arsenal_2025-26.json" in {p.name for p in source.skipped}
    assert "matches_20240224.json" not in {p.name for p in source.skipped}
    assert len(source.day_list("20240224").rows) == 516
    with pytest.raises(SourceUnavailable, match="no recorded day list for 20240225"):
        source.day_list("20240225")


def test_markets_lists_every_market_with_what_it_reads_and_how_exactly(capsys):
    from grading.core.settlement.catalogue import CATALOGUE

    assert main(["markets", "--json"]) == 0
    rows = {row["market"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(CATALOGUE) <= rows.keys()
    assert rows["player_key_passes"]["settles"] == "caveat"
    assert rows["total_corners"]["reads"] == ["stats.Periods.All (corners)"]
    assert rows["first_half_total_corners"]["reads"] == ["stats.Periods.FirstHalf (corners)"]
    assert rows["total_corners"]["api_type_id"] == 34
    assert rows["total_headed_goals"]["reads"] == [
        "matchFacts.events (Goal: time, newScore, ownGoal)",
        "goal shotmapEvent / goalDescriptionKey",
    ]
    assert "first goal scorer" in rows["first_goalscorer"]["aliases"]
    assert rows["free_kicks"] == {
        **rows["free_kicks"],
        "settles": "no",
        "note": "FotMob does not carry free kicks",
    }
    assert main(["markets"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == [
        "market",
        "api_type_id",
        "settles",
        "reads",
        "names",
        "/",
        "note",
    ]
    assert table.rstrip().endswith("(FotMob does not carry what they need)")
