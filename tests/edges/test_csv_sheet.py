"""The embedded CSV sheet on its own: no formula ever written, appends that cost nothing,
no row lost or doubled by a full disk, a crash or a second writer."""

from __future__ import annotations

import pytest

from grading.core.errors import SheetUnavailable
from grading.edges.sheets.csv_sink import CsvSink


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "+1"),
        ("+1.25", "+1.25"),
        ("+1+cmd", "'+1+cmd"),
        ("@sum", "'@sum"),
        ("-0.25", "-0.25"),
        ("-x", "'-x"),
        ("Over 2.5", "Over 2.5"),
        ("12", "12"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ('-1+HYPERLINK("http://x")', '\'-1+HYPERLINK("http://x")'),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1.5", "-1.5"),
        ("1.5e3", "1.5e3"),
    ],
)
def test_the_csv_sheet_never_writes_a_formula(tmp_path, cell, written):
    sink = CsvSink(tmp_path)
    sink.upsert_rows("team", [["a-1", cell]])
    assert sink.read("team") == [["a-1", written]]


def test_an_id_that_looks_like_a_formula_is_one_row_however_often_it_is_synced(tmp_path):
    sink = CsvSink(tmp_path)
    for status in ("won", "won", "lost"):
        sink.upsert_rows("team", [["=1+1", status], ["-2+3", status]])
    assert sink.read("team") == [["'=1+1", "lost"], ["'-2+3", "lost"]]


def test_a_failed_write_leaves_no_temporary_file_and_no_half_row(tmp_path, monkeypatch):
    import os

    sink = CsvSink(tmp_path)
    sink.upsert_rows("team", [["a-1", "won"]])
    before = sink.path("team").read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)  # an append (a new row)
    with pytest.raises(SheetUnavailable, match="No space left on device"):
        sink.upsert_rows("team", [["a-2", "won"]])
    assert sink.path("team").read_bytes() == before
    monkeypatch.undo()
    monkeypatch.setattr(os, "replace", full_disk)  # a rewrite (an updated row)
    with pytest.raises(SheetUnavailable, match="No space left on device"):
        sink.upsert_rows("team", [["a-1", "lost"]])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.csv", "team.csv.lock"]
    assert sink.read("team") == [["a-1", "won"]]


def test_new_rows_are_appended_without_reading_or_rewriting_the_sheet(tmp_path, monkeypatch):
    sink = CsvSink(tmp_path)
    sink.upsert_rows("team", [[f"a-{n}", "won"] for n in range(1000)])
    inode = sink.path("team").stat().st_ino
    monkeypatch.setattr(CsvSink, "read", lambda self, bot: pytest.fail("read the sheet"))
    assert sink.upsert_rows("team", [["b-1", "won"], ["b-2", "lost"]]) == (0, 2)
    assert sink.path("team").stat().st_ino == inode  # appended in place
    monkeypatch.undo()
    assert sink.read("team")[-2:] == [["b-1", "won"], ["b-2", "lost"]]
    assert sink.upsert_rows("team", [["b-1", "lost"], ["c-1", "won"]]) == (1, 1)
    assert sink.path("team").stat().st_ino != inode  # an update rewrites
    assert len(sink.read("team")) == 1003


def test_two_writers_sharing_a_sheet_never_duplicate_or_lose_a_row(tmp_path):
    """Two processes' sinks: each notices the other's appends before writing."""
    first, second = CsvSink(tmp_path), CsvSink(tmp_path)
    first.upsert_rows("team", [["a-1", "won"]])
    second.upsert_rows("team", [["a-2", "won"]])
    assert first.upsert_rows("team", [["a-2", "lost"], ["a-3", "won"]]) == (1, 1)
    assert second.upsert_rows("team", [["a-4", "won"]]) == (0, 1)
    assert first.read("team") == [["a-1", "won"], ["a-2", "lost"], ["a-3", "won"], ["a-4", "won"]]


def test_an_append_cut_short_by_a_crash_is_cut_off_before_the_next(tmp_path):
    sink = CsvSink(tmp_path)
    sink.upsert_rows("team", [["a-1", "won"]])
    with sink.path("team").open("ab") as handle:
        handle.write(b"a-2,lo")  # the crash
    assert CsvSink(tmp_path).upsert_rows("team", [["a-3", "won"]]) == (0, 1)
    assert sink.read("team") == [["a-1", "won"], ["a-3", "won"]]
