"""The daemon checks its settings and dependencies before its loops start."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from grading.app.settings import SettingsError, load_settings
from grading.app.startup import check_dependencies, check_settings
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.sheets.gspread_sink import GspreadSink
from grading.edges.store.sqlite import SqliteAlertStore
from grading.ports import Edges
from tests.conftest import ROOT
from tests.fakes import T0, FailingStore, ScriptedSource
from tests.standins.sheets import SheetsStandIn, redirect

KEY = {
    "type": "service_account",
    "client_email": "grader@example.iam",
    "private_key": "k",
    "token_uri": "https://oauth2.example/token",
}


def settings_with(tmp_path, **sheets):
    text = "[sheets]\n" + "".join(f"{k} = {json.dumps(str(v))}\n" for k, v in sheets.items())
    (tmp_path / "g.toml").write_text(text)
    return load_settings(tmp_path / "g.toml", {})


@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        ({"spreadsheet": "Graded"}, "sheets.spreadsheet is set but sheets.credentials_path is not"),
        ({"credentials_path": "KEY"}, "sheets.credentials_path is set but sheets.spreadsheet"),
        ({"spreadsheet": "Graded", "credentials_path": "missing.json"}, "No such file"),
        ({"spreadsheet": "Graded", "credentials_path": "text"}, "is not JSON"),
        (
            {"spreadsheet": "Graded", "credentials_path": "other"},
            "not a Google service-account key",
        ),
    ],
)
def test_settings_that_cannot_work_are_refused_before_anything_starts(tmp_path, sheets, message):
    (tmp_path / "KEY").write_text(json.dumps(KEY))
    (tmp_path / "text").write_text("not json")
    (tmp_path / "other").write_text(json.dumps({"type": "authorized_user"}))
    resolved = {k: (tmp_path / v if k == "credentials_path" else v) for k, v in sheets.items()}
    with pytest.raises(SettingsError, match=re.escape(message)):
        check_settings(settings_with(tmp_path, **resolved))


def edges(store, sheet) -> Edges:
    from grading.edges.clock import ManualClock

    return Edges(ScriptedSource(), store, sheet, ManualClock(T0))


def test_a_store_that_is_down_at_start_is_waited_for(tmp_path):
    store = FailingStore(SqliteAlertStore(tmp_path / "a.db"))
    pauses = []

    def sleep(seconds):
        pauses.append(seconds)
        store.down = len(pauses) < 2  # back after the second pause

    check_dependencies(edges(store, CsvSink(tmp_path)), ["team"], sleep)
    assert pauses == [1.0, 2.0]


def test_a_store_that_never_answers_is_given_up_in_one_line(tmp_path):
    store, pauses = FailingStore(SqliteAlertStore(tmp_path / "a.db")), []
    with pytest.raises(SettingsError, match="the store is unreachable after 5 tries: MongoDB"):
        check_dependencies(edges(store, CsvSink(tmp_path)), ["team"], pauses.append)
    assert pauses == [1.0, 2.0, 4.0, 8.0]


def test_a_spreadsheet_we_may_not_open_is_a_settings_error_at_once(tmp_path, httpserver):
    stand_in = SheetsStandIn(clock=lambda: 0.0)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(stand_in)
    base = httpserver.url_for("/").rstrip("/")

    def client():
        import gspread
        from google.auth.credentials import AnonymousCredentials

        made = gspread.Client(auth=AnonymousCredentials(), http_client=gspread.HTTPClient)
        redirect(made.http_client.session, base)
        return made

    sink = GspreadSink("1NoSuchSpreadsheet_0123456789abcdefghij", client)
    pauses = []
    with pytest.raises(SettingsError, match="not accessible"):
        check_dependencies(
            edges(SqliteAlertStore(tmp_path / "a.db"), sink), ["team"], pauses.append
        )
    assert pauses == []


def test_the_run_command_says_what_is_wrong_in_one_line_and_exits_2(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "grading.app.cli", "run", "--until-idle"],
        cwd=tmp_path,
        env={
            "PYTHONPATH": str(ROOT),
            "GRADING_SPREADSHEET": "Graded",
            "GRADING_SHEETS_CREDENTIALS": str(tmp_path / "nope.json"),
            "PATH": "/usr/bin",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    assert (
        run.stderr.strip().splitlines()[-1]
        == f"grading: error: sheets.credentials_path {tmp_path / 'nope.json'}: No such file or "
        "directory"
    )
    assert "Traceback" not in run.stderr
