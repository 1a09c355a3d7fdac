"""Damaged payloads never move money and never raise (docs/rules/fotmob.md §8).

A seeded, bounded fuzz over every recorded payload (tests/fuzzing.py), and the damage cases
seen in the field as a table: each must leave every settled grade as it was, or make it
ungradeable, or refuse the payload, and never raise anything but BadPayload.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from grading.core.errors import BadPayload
from grading.core.fotmob.decoding import decode
from grading.core.fotmob.parse import parse_match
from grading.edges.recorded import DirectorySource
from tests.conftest import FIXTURES, SHARED, shared_path
from tests.fuzzing import Fuzzer, FuzzReport, alerts_for, grades

MUTANTS_PER_PAYLOAD = 40


def payload_files() -> list[Path]:
    shared_path("fotmob")
    return sorted(SHARED.glob("fotmob/[0-9]*.json")) + sorted(FIXTURES.glob("fotmob/[0-9]*.json"))


def test_seeded_fuzz_moves_no_money_and_raises_nothing():
    report, rng = FuzzReport(), random.Random(2026)
    for path in payload_files():
        Fuzzer(path.name, path.read_text(encoding="utf-8")).run(rng, MUTANTS_PER_PAYLOAD, report)
    assert report.mutants == MUTANTS_PER_PAYLOAD * len(payload_files())
    assert (report.moved, report.tracebacks) == (0, 0), (
        report.moved_examples[:5] + report.traceback_examples[:5]
    )
    assert report.rejected > 0 and report.noticed > 0  # the damage was really there


WC_FINAL = "3370572_Argentina_France.json"


def damage(path: str, mutate) -> tuple[list, list]:
    """Grades of the broad alert set before and after ``mutate(payload)``."""
    text = shared_path("fotmob", path).read_text(encoding="utf-8")
    facts = parse_match(decode(text))
    alerts = alerts_for(facts)
    payload = json.loads(text)
    mutate(payload["content"] if "content" in payload else payload["pageProps"]["content"])
    try:
        after = grades(parse_match(payload), alerts)
    except BadPayload:
        after = []
    return grades(facts, alerts), after


def lineup(content):
    return content["lineup"]


CASES = {
    "a null among the starters": lambda c: lineup(c)["homeTeam"]["starters"].__setitem__(3, None),
    "an empty away lineup": lambda c: lineup(c).__setitem__("awayTeam", {}),
    "no event list": lambda c: c["matchFacts"]["events"].__setitem__("events", None),
    "a stat of -3": lambda c: _first_stat(c, "goals").__setitem__("value", -3),
    "a stat of 1e308": lambda c: _first_stat(c, "total_shots").__setitem__("value", 1e308),
    "a stat that is a list": lambda c: _first_stat(c, "fouls").__setitem__("value", [1]),
    "a stat that is a bool": lambda c: _first_stat(c, "assists").__setitem__("value", True),
    "an event type true": lambda c: _first_event(c, "Card").__setitem__("type", True),
    "a goal minute as text": lambda c: _first_event(c, "Goal").__setitem__("time", "23"),
    "a goal with no side": lambda c: _first_event(c, "Goal").__setitem__("isHome", None),
    "a team stat of null in the whole match": lambda c: _team_row(c, "corners").__setitem__(
        "stats", [None, 5]
    ),
}


def _first_stat(content, key):
    for entry in content["playerStats"].values():
        for section in entry.get("stats") or []:
            for stat in section["stats"].values():
                if stat.get("key") == key and stat["stat"].get("value"):
                    return stat["stat"]
    raise AssertionError(f"no {key} stat")


def _first_event(content, kind):
    return next(e for e in content["matchFacts"]["events"]["events"] if e["type"] == kind)


def _team_row(content, key):
    for section in content["stats"]["Periods"]["All"]["stats"]:
        for row in section["stats"]:
            if row["key"] == key:
                return row
    raise AssertionError(f"no {key} row")


@pytest.mark.parametrize("case", sorted(CASES))
def test_damage_seen_in_the_field_is_noticed_never_settled(case):
    before, after = damage(WC_FINAL, CASES[case])
    if not after:
        return  # refused as a BadPayload
    settled = {"won", "lost", "refund", "half_win", "half_loss"}
    moved = [
        (b.alert_id, b.status, a.status)
        for b, a in zip(before, after, strict=True)
        if a.status in settled and (a.status, a.returns) != (b.status, b.returns)
    ]
    assert moved == []
    assert any(a.status == "ungradeable" for a in after)  # the damage was seen


def test_a_bom_changes_nothing_and_gzip_garbage_is_refused(tmp_path):
    text = shared_path("fotmob", WC_FINAL).read_text(encoding="utf-8")
    assert parse_match(decode(b"\xef\xbb\xbf" + text.encode())) == parse_match(decode(text))
    folder = tmp_path / "recorded"
    folder.mkdir()
    good = gzip.compress(text.encode())
    (folder / "3370572_a.json.gz").write_bytes(good[:40] + b"\x00" * 30 + good[70:])
    (folder / "3370572_b.json.gz").write_bytes(b"\x1f\x8b not gzip at all")
    source = DirectorySource(folder)
    assert source.index() == {}
    assert sorted(reason.split(":")[0] for reason in source.skipped.values()) == [
        "3370572_a.json.gz",
        "3370572_b.json.gz",
    ]


def test_absurd_nesting_is_refused_in_one_line():
    with pytest.raises(BadPayload, match="nested too deep"):
        decode("[" * 100_000 + "]" * 100_000)
