"""Loading alerts never trusts results, and one bad line never stops the rest."""

from __future__ import annotations

import json
import logging

import pytest

from grading.app.loading import load_alerts

ALERT = {
    "alert_id": "a-1",
    "bot_type": "team",
    "match_id": "9000001",
    "market": "total_goals",
    "selection": "over",
    "line": 2.5,
    "odds": 2.0,
    "stake": 10,
}
FORGED = {
    **ALERT,
    "alert_id": "a-forged",
    "result_tracking": {"status": "won", "returns": "1000000.00"},
    "last_sync_check": "2026-01-01T00:00:00Z",
}


@pytest.fixture
def store(sqlite_store):
    return sqlite_store


def write(tmp_path, *lines) -> object:
    path = tmp_path / "alerts.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    return path


def test_grading_state_in_a_file_is_ignored_with_a_warning(store, tmp_path, caplog):
    assert load_alerts(store, write(tmp_path, ALERT, FORGED)) == 2
    forged = store.get_alert("a-forged")
    assert "result_tracking" not in forged and forged.get("last_sync_check") is None
    assert store.counts("team") == {"pending": 2, "settled": 0, "unsynced": 0}
    assert "1 alerts in" in caplog.text and "carried grading state" in caplog.text


def test_a_trusted_export_keeps_its_grades_when_they_are_grades(store, tmp_path, caplog):
    bad = {**FORGED, "alert_id": "a-bad", "result_tracking": {"status": {"$ne": "pending"}}}
    worse = {
        **FORGED,
        "alert_id": "a-worse",
        "result_tracking": {"status": "won", "returns": 1e309},
    }
    with caplog.at_level(logging.ERROR):
        assert load_alerts(store, write(tmp_path, FORGED, bad, worse), import_results=True) == 1
    assert store.get_alert("a-forged")["result_tracking"]["status"] == "won"
    assert "line 2 skipped: result_tracking.status {'$ne': 'pending'} is not a grade" in caplog.text
    assert "line 3 skipped: result_tracking.returns inf is not an amount" in caplog.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "not a JSON object (a list)"),
        ("{not json", "not JSON"),
        (json.dumps({**ALERT, "alert_id": None}), "alert has no alert_id"),
        (json.dumps({**ALERT, "bot_type": {"$ne": None}}), "bot_type {'$ne': None} is not text"),
        (json.dumps({**ALERT, "match_id": ["9000001"]}), "match_id ['9000001'] is not text"),
        (json.dumps({**ALERT, "result_tracking": "won"}), "result_tracking is not an object"),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_the_rest_load(
    store, tmp_path, caplog, line, reason
):
    other = {**ALERT, "alert_id": "a-2"}
    with caplog.at_level(logging.ERROR):
        assert load_alerts(store, write(tmp_path, ALERT, line, other)) == 2
    assert "line 2 skipped: " in caplog.text and reason in caplog.text
