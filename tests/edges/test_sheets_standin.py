"""The Sheets stand-in answers in the shapes of real Sheets API v4 traffic.

Every Sheets request recorded in ../shared/sheets_cassettes (gspread's own cassettes) is
replayed, in order, against the stand-in; responses must match the recording exactly for
values endpoints and error bodies, and key for key for metadata and structure replies.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from tests.conftest import SHARED, shared_path
from tests.standins.a1 import Grid
from tests.standins.sheets import SheetsStandIn

CASSETTES = sorted(p.name for p in (SHARED / "sheets_cassettes").glob("*.json")) or ["none"]
SHEETS_API = "https://sheets.googleapis.com"


@pytest.fixture
def standin(httpserver):
    stand_in = SheetsStandIn(clock=lambda: 0.0)
    stand_in.limits = dict.fromkeys(stand_in.limits, 10_000)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(stand_in)
    return stand_in


def _create_from(standin: SheetsStandIn, key: str, metadata: dict) -> None:
    standin.create(key, metadata["properties"]["title"], {})
    for sheet in metadata["sheets"]:
        props = sheet["properties"]
        grid = Grid.of(
            [], props["gridProperties"]["rowCount"], props["gridProperties"]["columnCount"]
        )
        grid.sheet_id = props["sheetId"]
        standin.spreadsheets[key].sheets[props["title"]] = grid


def _masked(body: dict) -> dict:
    return json.loads(re.sub(r'"sheetId": \d+', '"sheetId": 0', json.dumps(body)))


def _adopt_sheet_ids(book, reply: dict) -> None:
    """Google picks new sheet ids at random: take the recorded ones for later requests."""
    for item in reply["replies"]:
        props = item.get("addSheet", {}).get("properties")
        if props:
            book.sheets[props["title"]].sheet_id = props["sheetId"]


@pytest.mark.parametrize("name", CASSETTES)
def test_the_stand_in_answers_like_the_recorded_api(name, standin, httpserver):
    cassette = json.loads(shared_path("sheets_cassettes", name).read_text())
    compared = 0
    for interaction in cassette["interactions"]:
        request, recorded = interaction["request"], interaction["response"]
        if not request["uri"].startswith(SHEETS_API):
            continue  # Drive calls: not used by the sink
        path = request["uri"][len(SHEETS_API) :]
        key = re.match(r"/v4/spreadsheets/([^/:?]+)", path).group(1)
        expected = json.loads(recorded["body"]["string"]) if recorded["body"]["string"] else None
        if (
            key not in standin.spreadsheets
            and recorded["status"]["code"] == 200
            and request["method"] == "GET"
            and "/values" not in path
        ):
            _create_from(standin, key, expected)
        ours = requests.request(
            request["method"],
            httpserver.url_for(path),
            data=request["body"] or None,
            headers={"Content-Type": "application/json"},
        )
        assert ours.status_code == recorded["status"]["code"], (path, ours.text)
        body = ours.json()
        if "/values" in path or ours.status_code != 200:
            assert body == expected, path
        elif path.endswith(":batchUpdate"):
            assert _masked(body) == _masked(expected)
            _adopt_sheet_ids(standin.spreadsheets[key], expected)
        else:
            assert set(body) <= set(expected)
            for mine, real in zip(body["sheets"], expected["sheets"], strict=True):
                assert mine["properties"] == {k: real["properties"][k] for k in mine["properties"]}
        compared += 1
    assert compared >= 2
