"""Sheet sync: real gspread against the Sheets stand-in, and the sync pass on the CSV sheet."""

from __future__ import annotations

import csv
import random
import re
from datetime import UTC, datetime
from decimal import Decimal

import gspread
import pytest
from google.auth.credentials import AnonymousCredentials

from grading.core.pacing.outcomes import Ending
from grading.core.sheet_rows import COLUMNS, row_for
from grading.edges.clock import ManualClock
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.sheets.gspread_sink import GspreadSink
from grading.edges.store.sqlite import SqliteAlertStore
from grading.loops.sync_pass import SyncPass
from tests.standins.sheets import SheetsStandIn, redirect

T0 = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
KEY = "1GradedAlertsSheetStandIn_0123456789abcdef"


def graded(n: int, status: str = "won") -> tuple[dict, dict]:
    alert = {
        "alert_id": f"a-{n:03d}",
        "bot_type": "team",
        "match_id": "9000001",
        "market": "asian_handicap",
        "selection": "home",
        "line": -0.25,
        "odds": 1.9,
        "stake": 10,
    }
    return alert, {
        "status": status,
        "actual_value": [2, 1],
        "returns": "19.00",
        "reason": "2-1, line -0.25",
    }


@pytest.fixture
def clock():
    return ManualClock(T0)


@pytest.fixture
def store(tmp_path, clock):
    store = SqliteAlertStore(tmp_path / "alerts.db")
    store.ensure_indexes()
    for n in range(6):
        alert, result = graded(n)
        store.add_alerts([alert])
        store.record_grade(alert["alert_id"], result, {}, clock.now())
    yield store
    store.close()


@pytest.fixture
def sheets(httpserver, clock):
    stand_in = SheetsStandIn(clock=lambda: clock.now().timestamp())
    stand_in.create(KEY, "Graded alerts", {"Sheet1": []})
    httpserver.expect_request(re.compile(".*")).respond_with_handler(stand_in)
    stand_in.base_url = httpserver.url_for("/").rstrip("/")
    return stand_in


class Syncing:
    """A sync pass on the test's clock; ``sync_batch`` answers (synced, rate limited)."""

    def __init__(self, store, sink, clock, **kw) -> None:
        self.sync, self.clock = SyncPass(store, sink, "team", owner="s", **kw), clock

    def sync_batch(self, size: int) -> tuple[int, bool]:
        report = self.run(size)
        assert report.outcome.ending is not Ending.FAILED, report.outcome.reason
        return report.synced, report.outcome.ending is Ending.RATE_LIMITED

    def run(self, size: int):
        return self.sync.run(size, self.clock.now())


def gspread_sink(sheets: SheetsStandIn) -> GspreadSink:
    def client() -> gspread.Client:
        gc = gspread.Client(auth=AnonymousCredentials(), http_client=gspread.HTTPClient)
        redirect(gc.http_client.session, sheets.base_url)
        gc.set_timeout(5)
        return gc

    return GspreadSink(KEY, client)


def test_rows_are_text_keyed_by_alert_id():
    alert, result = graded(7)
    doc = {**alert, "result_tracking": {**result, "graded_at": T0}}
    assert dict(zip(COLUMNS, row_for(doc, T0), strict=True)) == {
        "alert_id": "a-007",
        "bot_type": "team",
        "match_id": "9000001",
        "market": "asian_handicap",
        "selection": "home",
        "line": "-0.25",
        "subject": "",
        "odds": "1.9",
        "stake": "10",
        "status": "won",
        "actual_value": "",
        "returns": "19.00",
        "reason": "2-1, line -0.25",
        "graded_at": "2026-11-24T18:00:00Z",
        "synced_at": "2026-11-24T18:00:00Z",
        "actual_result": "2-1",
    }


@pytest.mark.parametrize(
    ("tracking", "value", "result"),
    [
        ({"actual_value": 3}, "3", ""),  # goals, corners: a number
        ({"actual_value": 2.5}, "2.5", ""),
        ({"actual_value": Decimal("0.75")}, "0.75", ""),
        ({"actual_value": "2-1"}, "", "2-1"),  # a pair: the result
        ({"actual_value": "1"}, "", "1"),  # a 1X2 answer, not a count
        ({"actual_value": "X"}, "", "X"),
        ({"actual_value": [1, 0]}, "", "1-0"),
        ({"actual_value": True}, "", "True"),  # never a number
        ({"actual_value": 4, "actual_result": "3-1"}, "4", "3-1"),  # PROPPR keeps both
        ({"actual_value": None}, "", ""),  # refunded: nothing measured
    ],
)
def test_actual_value_holds_numbers_and_actual_result_the_rest(tracking, value, result):
    alert, grade = graded(7)
    doc = {**alert, "result_tracking": {**grade, **tracking, "graded_at": T0}}
    cells = dict(zip(COLUMNS, row_for(doc, T0), strict=True))
    assert (cells["actual_value"], cells["actual_result"]) == (value, result)


@pytest.mark.parametrize(
    ("price", "shown"),
    [
        ({"odds": 1.9, "stake": 10}, ("1.9", "10")),
        ({"odds": 1.9, "stake": "ten"}, ("1.9", "ten")),  # not a stake: never "1"
        ({"odds": "evens", "stake": 10}, ("evens", "10")),
        ({"odds": 1.9, "stake": None}, ("1.9", "1")),  # no stake given: the unit stake
        ({"odds": "evens", "stake": None}, ("evens", "1")),
    ],
)
def test_an_unusable_price_is_shown_as_written(price, shown):
    alert, _ = graded(7)
    reason = "stake 'ten' is not a positive amount"
    tracking = {"status": "ungradeable", "returns": None, "reason": reason}
    row = row_for({**alert, **price, "result_tracking": tracking}, T0)
    cells = dict(zip(COLUMNS, row, strict=True))
    assert (cells["odds"], cells["stake"]) == shown


def test_a_pass_appends_new_rows_then_updates_them_in_place(store, sheets, clock):
    sync = Syncing(store, gspread_sink(sheets), clock)
    assert sync.sync_batch(4) == (4, False)
    clock.advance(60)
    assert sync.sync_batch(4) == (4, False)  # 2 new, then the 2 oldest again
    rows = sheets.values(KEY, "team")
    assert rows[0] == list(COLUMNS)
    assert [row[0] for row in rows[1:]] == [f"a-{n:03d}" for n in range(6)]
    synced_at = COLUMNS.index("synced_at")
    assert rows[1][synced_at] == "2026-11-24T18:01:00Z"  # a-000 rewritten by the rotation
    assert rows[3][synced_at] == rows[4][synced_at] == "2026-11-24T18:00:00Z"  # wait
    second_pass = sheets.log[-3:]
    assert [
        (method, path.split("/values")[-1].split("?")[0]) for method, path, _ in second_pass
    ] == [("GET", "/'team'!A:A"), ("POST", ":batchUpdate"), ("POST", "/'team'!A1:append")]
    assert store.counts("team")["unsynced"] == 0
    sink = sync.sync.sink
    assert sum(sink.responses.values()) == len(sheets.log)  # counted for /metrics
    assert set(sink.responses) == {"200"}


def test_a_429_keeps_the_batch_at_the_head_of_the_rotation(store, sheets, clock):
    sync = Syncing(store, gspread_sink(sheets), clock)
    sheets.limits[("write", "user")] = 3  # header + first append + 1 spare
    assert sync.sync_batch(2) == (2, False)
    assert sync.sync_batch(2) == (0, True)  # the append is refused
    assert store.counts("team")["unsynced"] == 4
    clock.advance(61)
    assert sync.sync_batch(2) == (2, False)
    assert {row[0] for row in sheets.values(KEY, "team")[1:]} == {
        "a-000",
        "a-001",
        "a-002",
        "a-003",
    }


def test_a_proxy_429_in_html_is_still_a_rate_limit(store, sheets, clock):
    sync = Syncing(store, gspread_sink(sheets), clock)
    sync.sync_batch(1)
    sheets.inject(429, kind="write", body="<html><title>Too Many Requests</title></html>")
    assert sync.sync_batch(1) == (0, True)


def test_a_5xx_is_raised_and_a_retry_never_duplicates_rows(store, sheets, clock):
    sync = Syncing(store, gspread_sink(sheets), clock)
    sync.sync_batch(2)
    sheets.inject(503, kind="write")
    failed = sync.run(6)
    assert failed.outcome.ending is Ending.FAILED and "503" in failed.outcome.reason
    assert store.counts("team")["unsynced"] == 4
    for _ in range(3):
        clock.advance(60)
        assert sync.sync_batch(6) == (6, False)
    ids = [row[0] for row in sheets.values(KEY, "team")[1:]]
    assert sorted(ids) == [f"a-{n:03d}" for n in range(6)] and len(ids) == 6


def test_rows_another_writer_appended_are_updated_not_duplicated(store, sheets, clock):
    sink = gspread_sink(sheets)
    sync = Syncing(store, sink, clock)
    sync.sync_batch(1)
    other = gspread_sink(sheets)
    alert, result = graded(3, "lost")
    other.upsert_rows("team", [row_for({**alert, "result_tracking": result}, T0)])
    clock.advance(60)
    sync.sync_batch(6)
    ids = [row[0] for row in sheets.values(KEY, "team")[1:]]
    assert ids == ["a-000", "a-003", "a-001", "a-002", "a-004", "a-005"]


def test_the_csv_sheet_keeps_the_same_contract(store, clock, tmp_path):
    sink = CsvSink(tmp_path / "sheets")
    sync = Syncing(store, sink, clock)
    assert sync.sync_batch(4) == (4, False)
    clock.advance(60)
    assert sync.sync_batch(4) == (4, False)
    rows = sink.read("team")
    assert [row[0] for row in rows] == [f"a-{n:03d}" for n in range(6)]
    assert sink.path("team").read_text().splitlines()[0] == ",".join(COLUMNS)
    left = sorted(path.name for path in (tmp_path / "sheets").iterdir())
    assert left == ["team.csv", "team.csv.lock"]  # no temp files left


OLD_COLUMNS = COLUMNS[: COLUMNS.index("actual_result")]  # sheets written before it


def old_row(number: int) -> list[str]:
    alert, result = graded(number)
    cells = dict(zip(COLUMNS, row_for({**alert, "result_tracking": result}, T0), strict=True))
    return [cells[name] or f"old {name}" for name in OLD_COLUMNS]


def test_a_sheet_from_before_actual_result_gains_the_column(store, sheets, clock):
    sheets.create(
        KEY,
        "Graded alerts",
        {"team": [list(OLD_COLUMNS), old_row(9)]},
        column_count=len(OLD_COLUMNS),
    )  # as add_worksheet sized it then
    assert Syncing(store, gspread_sink(sheets), clock).sync_batch(6) == (6, False)
    rows = sheets.values(KEY, "team")
    assert rows[0] == list(COLUMNS)
    assert rows[1] == old_row(9)  # untouched, under the same names
    assert [len(row) for row in rows[2:]] == [len(COLUMNS)] * 6


def test_a_csv_sheet_in_other_columns_is_rewritten_in_the_current_ones(store, clock, tmp_path):
    sink = CsvSink(tmp_path / "sheets")
    shuffled = list(reversed(OLD_COLUMNS))
    sink.directory.mkdir()
    with sink.path("team").open("w", newline="") as handle:
        csv.writer(handle).writerows([shuffled, list(reversed(old_row(9)))])
    assert Syncing(store, sink, clock).sync_batch(6) == (6, False)
    assert sink.path("team").read_text().splitlines()[0] == ",".join(COLUMNS)
    rows = sink.read("team")
    assert rows[0] == [*old_row(9), ""]  # each cell moved by its name
    assert [row[0] for row in rows[1:]] == [f"a-{n:03d}" for n in range(6)]
    assert {len(row) for row in rows} == {len(COLUMNS)}


def test_a_3000_row_backlog_drains_within_a_minute_without_a_429(tmp_path, sheets, clock):
    """Backlog pacing (SteadyBatch.draining) against real gspread and the stand-in's
    Google quotas: two bots on one account, 1,500 graded rows each, the default policy's
    sync steps on a virtual clock."""
    from grading.core.pacing.policies import DEFAULT
    from grading.loops.scheduler import BotScheduler
    from grading.ports import Edges

    store = SqliteAlertStore(tmp_path / "backlog.db")
    store.ensure_indexes()
    for n in range(3000):
        alert, result = graded(n)
        alert.update(alert_id=f"b-{n:04d}", bot_type=("team", "player")[n % 2])
        store.add_alerts([alert])
        store.record_grade(alert["alert_id"], result, {}, clock.now())
    edges = Edges(None, store, gspread_sink(sheets), clock)
    bots = {
        bot: BotScheduler(bot, edges, DEFAULT, rng=random.Random(bot), owner=bot)
        for bot in ("team", "player")
    }
    due, elapsed = {"team": 0.0, "player": 0.5}, 0.0
    while store.counts(None)["unsynced"] and elapsed < 60:
        bot = min(due, key=due.__getitem__)
        clock.advance(due[bot] - elapsed)
        elapsed = due[bot]
        step = bots[bot].sync_step(clock.now())
        assert step.outcome.ending is Ending.CLEAN, step.outcome.reason
        due[bot] = elapsed + step.delay
    assert store.counts(None)["unsynced"] == 0 and elapsed < 30, elapsed
    assert len(sheets.values(KEY, "team")) == len(sheets.values(KEY, "player")) == 1501
    assert not [entry for entry in sheets.log if entry[2] == 429]
    store.close()
