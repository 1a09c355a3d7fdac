"""A folder of recorded payloads read once (docs/rules/fotmob.md §7): the index keeps the
facts of the matches it will be asked for, in one or several processes, and a later
recording of a match replaces an earlier one."""

from __future__ import annotations

import gzip
import shutil

import pytest

import grading.edges.recorded as recorded
from grading.core.errors import BadPayload
from grading.edges.recorded import DirectorySource
from tests.conftest import FIXTURES

PAYLOADS = sorted(p for p in (FIXTURES / "fotmob").glob("*.json*"))


@pytest.fixture
def folder(tmp_path):
    for path in PAYLOADS:
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def counting_reads(monkeypatch) -> list:
    reads = []
    original = recorded.read_payload

    def counted(path):
        reads.append(path.name)
        return original(path)

    monkeypatch.setattr(recorded, "read_payload", counted)
    return reads


def test_each_payload_is_read_once_when_its_match_is_wanted(folder, monkeypatch):
    reads = counting_reads(monkeypatch)
    source = DirectorySource(folder)
    wanted = ["9000001", "9000002"]
    source.index(wanted=wanted)
    assert len(reads) == len(list(recorded.payload_files(folder)))
    first = source.fetch("9000001")
    assert len(reads) == len(list(recorded.payload_files(folder)))  # from the index
    assert source.fetch("9000001") == first  # again: read from its file
    assert len(reads) == len(list(recorded.payload_files(folder))) + 1


def test_processes_give_the_index_and_facts_one_process_gives(folder):
    one, two = DirectorySource(folder), DirectorySource(folder)
    wanted = list(one.index())
    two_index = two.index(wanted=wanted, workers=2)
    assert two_index == one.index() and two.skipped == one.skipped
    assert all(two.fetch(match_id) == one.fetch(match_id) for match_id in wanted)


def test_a_later_recording_replaces_the_facts_kept(folder):
    (folder / "zz_9000001_later.json.gz").write_bytes(
        gzip.compress(
            (folder / "9000002_extra_time_no_penalties.json")
            .read_bytes()
            .replace(b'"9000002"', b'"9000001"')
            .replace(b"9000002", b"9000001")
        )
    )
    source = DirectorySource(folder)
    source.index(wanted=["9000001"])
    assert source.index()["9000001"].name == "zz_9000001_later.json.gz"
    assert source.fetch("9000001").score == DirectorySource(folder).fetch("9000001").score


def test_a_wanted_payload_that_cannot_be_parsed_fails_its_fetch_only(folder):
    (folder / "9000001_own_goal_cards.json").write_text(
        '{"general": {"matchId": "9000001"}, "header": {"teams": 3, "status": {}}}'
    )
    source = DirectorySource(folder)
    source.index(wanted=["9000001", "9000002"])
    with pytest.raises(BadPayload):
        source.fetch("9000001")
    assert source.fetch("9000002").match_id == "9000002"
