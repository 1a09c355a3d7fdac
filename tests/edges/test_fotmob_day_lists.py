"""Day lists and the 2026 page-only FotMob, with real ``requests`` against the stand-in."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest

from grading.core.errors import BadPayload, RateLimited, SourceUnavailable
from grading.core.http import Failure
from grading.edges.cache import DAY_LIST_FRESH_S, SettledCache
from grading.edges.clock import ManualClock
from grading.edges.fotmob_client import FotMobClient, FotMobSettings
from grading.edges.fotmob_pages import league_path, page_path
from tests.conftest import FIXTURES
from tests.standins.fotmob import Fault, FotMobStandIn, load_day_lists, load_payloads

T0 = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def recorded():
    return load_payloads(FIXTURES / "fotmob"), load_day_lists(FIXTURES / "fotmob")


@pytest.fixture
def fotmob(httpserver, recorded):
    return FotMobStandIn(httpserver, *recorded)


@pytest.fixture
def clock():
    return ManualClock(T0)


def client_for(fotmob, clock, **settings) -> FotMobClient:
    return FotMobClient(FotMobSettings(base_url=fotmob.base_url, **settings), clock=clock)


def day_requests(fotmob) -> list[str]:
    return [path for path, _, _ in fotmob.log if "matches?date=" in path]


def test_a_day_list_is_one_request_for_every_match_of_the_date(fotmob, clock):
    days = client_for(fotmob, clock).day_list("20250301")
    assert [row.match_id for row in days.rows] == ["9000001", "9100013", "9100011", "9100012"]
    row = days.rows[0]
    assert (row.home, row.away, row.state) == (
        ("Northbridge", "Northbridge Town"),
        ("Eastport", "Eastport United"),
        "finished",
    )
    assert day_requests(fotmob) == ["/api/data/matches?date=20250301"]


def test_the_cache_keeps_a_finished_date_for_good_and_a_live_one_for_a_minute(fotmob, clock):
    cached = SettledCache(client_for(fotmob, clock), clock=clock)
    for _ in range(3):
        cached.day_list("20250301")  # every match over: kept
    cached.day_list("20310601")  # not started: a minute
    cached.day_list("20310601")
    clock.advance(DAY_LIST_FRESH_S + 1)
    cached.day_list("20310601")
    cached.day_list("20250301")
    assert day_requests(fotmob) == [
        "/api/data/matches?date=20250301",
        "/api/data/matches?date=20310601",
        "/api/data/matches?date=20310601",
    ]


def test_a_missing_date_is_not_found_and_a_bad_date_is_refused(fotmob, clock):
    client = client_for(fotmob, clock)
    with pytest.raises(SourceUnavailable) as missing:
        client.day_list("19990101")
    assert missing.value.kind is Failure.NOT_FOUND
    assert day_requests(fotmob) == [
        "/api/data/matches?date=19990101",
        "/api/matches?date=19990101",
    ]  # the older route
    with pytest.raises(BadPayload, match="not a date"):
        client.day_list("2025-03-01")


def test_a_day_list_429_blocks_like_any_other_request(fotmob, clock):
    fotmob.script(Fault("429", retry_after="30", path="day"))
    client = client_for(fotmob, clock)
    with pytest.raises(RateLimited):
        client.day_list("20250301")
    with pytest.raises(RateLimited, match="still in force"):
        client.fetch("9000001")


def test_2026_a_match_is_read_from_the_slug_page_its_day_list_row_names(fotmob, clock):
    fotmob.play_2026()
    client = client_for(fotmob, clock)
    with pytest.raises(SourceUnavailable) as refused:  # no page known yet
        client.fetch("9000001")
    assert refused.value.kind is Failure.NOT_FOUND
    client.day_list("20250301")  # rows carry pageUrl
    assert client.fetch("9000001").status == "finished"
    assert [path for path, status, _ in fotmob.log][-2:] == [
        "/api/data/matchDetails?matchId=9000001",
        "/matches/pair-001/c9000001",
    ]


def test_2026_a_page_the_caller_knows_is_tried_and_another_meeting_refused(fotmob, clock):
    fotmob.play_2026()
    fotmob.slug_holds["/matches/pair-001/c9000001"] = "9100014"  # the reverse fixture
    fotmob.payloads["9100014"] = {**fotmob.payloads["9000002"]}  # any other match
    client = client_for(fotmob, clock)
    with pytest.raises(SourceUnavailable, match="page /matches/pair-001/c9000001 holds match"):
        client.fetch("9000001", ["/matches/pair-001/c9000001#9000001"])
    assert (
        client.fetch("9000002", ["https://www.fotmob.com/matches/pair-002/c9000002"]).match_id
        == "9000002"
    )


def test_2026_a_league_fixture_list_names_the_page_when_day_list_rows_do_not(fotmob, clock):
    fotmob.play_2026()
    fotmob.rows_name_pages = False
    client = client_for(fotmob, clock)
    days = client.day_list("20250301")
    assert days.rows[0].page_url is None and days.rows[0].league_id == "9900"
    assert client.fetch("9000001").status == "finished"
    paths = [path for path, _, _ in fotmob.log]
    assert paths[-2:] == ["/api/data/leagues?id=9900", "/matches/pair-001/c9000001"]
    fresh = client_for(fotmob, clock)  # a restart: the alert keeps the route
    assert fresh.fetch("9000001", ["/api/data/leagues?id=9900"]).match_id == "9000001"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/matches/milan-vs-arsenal/2sobu0#4771847", "/matches/milan-vs-arsenal/2sobu0"),
        ("https://www.fotmob.com/matches/a-vs-b/x1", "/matches/a-vs-b/x1"),
        ("https://evil.example/matches/a-vs-b/x1", None),
        ("/api/data/leagues?id=47", None),
        ("/matches/../admin", None),
    ],
)
def test_only_fotmob_match_pages_are_followed(url, path):
    assert page_path(url) == path


def test_record_mode_keeps_day_lists_a_folder_source_reads_back(fotmob, clock, tmp_path):
    from grading.edges.recorded import DirectorySource

    client = client_for(fotmob, clock, record_dir=str(tmp_path))
    client.day_list("20250301")
    (recorded,) = tmp_path.glob("day_20250301_*.json.gz")
    assert json.loads(gzip.decompress(recorded.read_bytes()))["date"] == "20250301"
    assert len(DirectorySource(tmp_path).day_list("20250301").rows) == 4


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/data/leagues?id=47", "/api/data/leagues?id=47"),
        ("https://www.fotmob.com/api/data/leagues?id=9900", "/api/data/leagues?id=9900"),
        ("/api/data/leagues?id=47&season=2024", None),
        ("https://evil.example/api/data/leagues?id=47", None),
        ("/matches/a-vs-b/x1", None),
    ],
)
def test_only_fotmob_league_routes_are_read_for_pages(url, path):
    assert league_path(url) == path
