"""``replay audit`` on the stores a CLI can open: disagreements listed, read-only unless
--fix."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from grading.app.seed import UnifiedResultProcessor
from grading.edges.clock import ManualClock
from grading.edges.recorded import DirectorySource
from grading.edges.store.sqlite import SqliteAlertStore
from replay.cli import main
from tests.conftest import FIXTURES

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ALERTS = [json.loads(line) for line in (FIXTURES / "alerts.jsonl").read_text().splitlines()]
WRONG = {"status": "lost", "actual_value": 1, "returns": "0.00", "reason": "bad old grader"}


def graded_store(store):
    """The project's alerts graded, then three grades spoiled as an old grader might have."""
    store.add_alerts(ALERTS)
    store.add_bets([{"bet_id": "b-1", "alert_id": "a-001", "stake": 4, "odds": 3.5}])
    UnifiedResultProcessor(
        store, DirectorySource(FIXTURES / "fotmob"), None, ManualClock(T0), owner="t"
    ).process_all_alerts()
    store.correct_grade("a-001", WRONG, {"b-1": WRONG}, {"reason": "old grader"})
    store.correct_grade("a-017", WRONG, {}, {"reason": "old grader"})
    store.add_alerts([{**ALERTS[0], "alert_id": "x-404", "match_id": "9999999"}])
    store.record_grade("x-404", WRONG, {}, T0)
    return store


def cli_args(store) -> list[str]:
    if isinstance(store, SqliteAlertStore):
        return ["--store", store.path]
    return ["--mongo", store.uri, "--db", store.database]


def audit(store, *extra: str) -> int:
    return main(
        ["audit", *cli_args(store), "--fixtures", str(FIXTURES / "fotmob"), "--no-progress", *extra]
    )


def test_audit_lists_disagreements_and_changes_nothing(shared_store, capsys):
    store = shared_store
    graded_store(store)
    assert audit(store) == 1
    out = capsys.readouterr().out
    assert out.count("DISAGREE") == 2 and "skipped x-404: no recorded payload" in out
    assert (
        "DISAGREE a-001 (team, match 9000001, match_result_1x2): status stored "
        '"lost", regraded "won"'
        in out
        and 'bet b-1 returns stored "0.00", regraded "14.00"' in out
    )
    assert out.rstrip().endswith("53 audited, 50 agree, 2 disagree (0 fixed), 1 skipped")
    assert store.get_alert("a-001")["result_tracking"]["status"] == "lost"


def test_audit_fix_corrects_with_a_trail_and_requeues_the_rows(shared_store, capsys):
    store = shared_store
    graded_store(store)
    batch = store.claim_sync_batch(None, "s", T0, 100, 60)
    store.mark_synced([doc["alert_id"] for doc in batch], "s", T0)
    assert audit(store, "--fix") == 0
    assert capsys.readouterr().out.count("FIXED") == 2
    fixed = store.get_alert("a-001")
    tracking = fixed["result_tracking"]
    assert (tracking["status"], tracking["returns"]) == ("won", "21.00")
    trail = tracking["audit"][-1]
    assert trail["by"] == "replay audit" and trail["previous"]["status"] == "lost"
    assert trail["reason"].startswith('regraded from recorded payload: status stored "lost"')
    assert fixed["last_sync_check"] is None
    assert store.bets_for({"alert_id": "a-001"})[0]["returns"] == "14.00"
    assert store.counts("team")["unsynced"] == 1 and store.counts("player")["unsynced"] == 1
    assert audit(store) == 0


def test_a_regrade_that_is_not_a_settlement_is_never_written(shared_store, capsys):
    store = shared_store
    store.add_alerts([a for a in ALERTS if a["alert_id"] == "g-001"])  # kicks off in 2031
    store.record_grade("g-001", WRONG, {}, T0)
    assert audit(store, "--fix") == 1
    assert "DISAGREE (not fixable: regrade not settled) g-001" in capsys.readouterr().out
    assert store.get_alert("g-001")["result_tracking"]["status"] == "lost"


def test_a_missing_store_is_bad_input(tmp_path, capsys):
    assert (
        main(
            ["audit", "--store", str(tmp_path / "none.db"), "--fixtures", str(FIXTURES / "fotmob")]
        )
        == 2
    )
    assert "no such store" in capsys.readouterr().err
