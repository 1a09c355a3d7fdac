"""The FotMob client with real ``requests`` against a local server that plays FotMob."""

from __future__ import annotations

import json
import socket
import struct
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from grading.core.errors import BadPayload, RateLimited, SourceUnavailable
from grading.core.http import Failure, retry_after_seconds
from grading.edges.cache import SettledCache
from grading.edges.clock import ManualClock
from grading.edges.fotmob_client import FotMobClient, FotMobSettings
from grading.edges.recorded import DirectorySource
from tests.conftest import FIXTURES
from tests.standins.fotmob import Fault, FotMobStandIn, load_payloads

T0 = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
FINISHED, NOT_STARTED = "9000001", "9000007"


@pytest.fixture(scope="module")
def payloads():
    return load_payloads(FIXTURES / "fotmob")


@pytest.fixture
def fotmob(httpserver, payloads):
    return FotMobStandIn(httpserver, payloads)


@pytest.fixture
def clock():
    return ManualClock(T0)


def client_for(fotmob, clock, **settings) -> FotMobClient:
    return FotMobClient(FotMobSettings(base_url=fotmob.base_url, **settings), clock=clock)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        (format_datetime(T0 + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(T0 - timedelta(seconds=90), usegmt=True), 0.0),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header, seconds):
    assert retry_after_seconds(header, T0) == seconds


def test_a_finished_fixture_is_fetched_once_and_then_served_from_cache(fotmob, clock):
    cached = SettledCache(client_for(fotmob, clock))  # as the wiring places it
    first = cached.fetch(FINISHED)
    assert first.status == "finished" and cached.fetch(FINISHED) is first
    assert fotmob.requests_for(FINISHED) == 1 and cached.hits == 1


def test_an_unfinished_fixture_is_fetched_again(fotmob, clock):
    cached = SettledCache(client_for(fotmob, clock))
    assert cached.fetch(NOT_STARTED).status == "not_started"
    cached.fetch(NOT_STARTED)
    assert fotmob.requests_for(NOT_STARTED) == 2


def test_bots_can_share_an_unfinished_answer_for_a_while(fotmob, clock):
    cached = SettledCache(client_for(fotmob, clock), clock=clock, fresh_s=60)
    assert [cached.fetch(NOT_STARTED).status for _ in range(2)] == ["not_started"] * 2
    clock.advance(60)
    cached.fetch(NOT_STARTED)
    assert fotmob.requests_for(NOT_STARTED) == 2 and cached.hits == 1


def test_requests_look_like_a_browser_and_carry_provided_headers(fotmob, clock):
    seen = []
    client = FotMobClient(
        FotMobSettings(base_url=fotmob.base_url),
        clock=clock,
        header_provider=lambda path: seen.append(path) or {"x-mas": "token"},
    )
    client.fetch(FINISHED)
    assert seen == [f"/api/data/matchDetails?matchId={FINISHED}"]
    headers = fotmob.log[0][2]
    assert headers["X-Mas"] == "token" and headers["Referer"] == fotmob.base_url + "/"
    assert headers["User-Agent"].startswith("Mozilla/5.0")


def test_a_token_never_follows_a_redirect_to_another_host(httpserver, payloads, clock):
    from werkzeug import Response

    seen = {}

    def elsewhere(request):
        seen.update(request.headers)
        return Response(json.dumps(payloads[FINISHED]), 200, content_type="application/json")

    port = httpserver.port
    httpserver.expect_request("/api/data/matchDetails").respond_with_response(
        Response(status=302, headers={"Location": f"http://localhost:{port}/elsewhere"})
    )
    httpserver.expect_request("/elsewhere").respond_with_handler(elsewhere)
    client = FotMobClient(
        FotMobSettings(base_url=f"http://127.0.0.1:{port}"),
        clock=clock,
        header_provider=lambda path: {"x-mas": "signed-token"},
    )
    assert client.fetch(FINISHED).status == "finished"
    assert "X-Mas" not in seen and seen["User-Agent"].startswith("Mozilla/5.0")


def test_a_failing_header_provider_is_a_source_failure(fotmob, clock):
    def broken(path):
        raise RuntimeError("token service down")

    client = FotMobClient(
        FotMobSettings(base_url=fotmob.base_url), clock=clock, header_provider=broken
    )
    with pytest.raises(SourceUnavailable, match="token service down"):
        client.fetch(FINISHED)


def test_429_with_retry_after_blocks_every_caller_until_then(fotmob, clock):
    fotmob.script(Fault("429", retry_after="30"))
    client = client_for(fotmob, clock)
    with pytest.raises(RateLimited) as limited:
        client.fetch(FINISHED)
    assert limited.value.retry_after == 30.0
    clock.advance(10)
    with pytest.raises(RateLimited) as still:
        client.fetch(NOT_STARTED)
    assert still.value.retry_after == 20.0 and len(fotmob.log) == 1
    clock.advance(20)
    assert client.fetch(FINISHED).status == "finished"


def test_an_absurd_retry_after_blocks_the_client_an_hour_at_most(fotmob, clock):
    fotmob.script(Fault("429", retry_after="10000000000"))
    client = client_for(fotmob, clock)
    with pytest.raises(RateLimited) as limited:
        client.fetch(FINISHED)
    assert limited.value.retry_after == 1e10  # the policy caps its own wait
    clock.advance(3600)
    assert client.fetch(FINISHED).status == "finished"


def test_429_with_an_http_date_and_without_retry_after(fotmob, clock):
    fotmob.script(
        Fault("429", retry_after=format_datetime(T0 + timedelta(seconds=45), usegmt=True)),
        Fault("429"),
    )
    client = client_for(fotmob, clock)
    with pytest.raises(RateLimited) as dated:
        client.fetch(FINISHED)
    assert dated.value.retry_after == 45.0
    clock.advance(45)
    with pytest.raises(RateLimited) as bare:
        client.fetch(FINISHED)
    assert bare.value.retry_after is None
    assert client.fetch(FINISHED).status == "finished"  # no block without a Retry-After


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("401", Failure.ACCESS_DENIED),
        ("500", Failure.TRANSIENT),
        ("502", Failure.TRANSIENT),
        ("503", Failure.TRANSIENT),
    ],
)
def test_other_statuses_are_classified(fotmob, clock, status, kind):
    fotmob.script(Fault(status))
    with pytest.raises(SourceUnavailable) as failed:
        client_for(fotmob, clock, page_fallback=False).fetch(FINISHED)
    assert failed.value.kind == kind and "\n" not in str(failed.value)


def test_401_like_403_tries_the_match_page(fotmob, clock):
    fotmob.script(Fault("401"))
    assert client_for(fotmob, clock).fetch(FINISHED).status == "finished"
    assert [status for _, status, _ in fotmob.log[:2]] == [401, 200]


def test_403_on_the_endpoint_falls_back_to_the_match_page(fotmob, clock, payloads):
    fotmob.endpoint_status = 403
    facts = client_for(fotmob, clock).fetch(FINISHED)
    assert facts == client_for(fotmob, ManualClock(T0)).fetch(FINISHED)
    assert [status for _, status, _ in fotmob.log[:2]] == [403, 200]


def test_a_match_page_holding_another_meeting_is_refused(fotmob, clock):
    fotmob.endpoint_status = 404
    fotmob.page_holds[FINISHED] = "9000002"
    with pytest.raises(SourceUnavailable, match="page /match/9000001 holds match 9000002"):
        client_for(fotmob, clock).fetch(FINISHED)


def test_404_everywhere_is_an_access_change(fotmob, clock):
    fotmob.endpoint_status = 404
    fotmob.script(Fault("404", path="page"))
    with pytest.raises(
        SourceUnavailable, match="pages: FotMob refused match 9000001 page"
    ) as failed:
        client_for(fotmob, clock).fetch(FINISHED)
    assert failed.value.kind is Failure.NOT_FOUND


def test_without_fallback_403_is_reported_as_is(fotmob, clock):
    fotmob.endpoint_status = 403
    with pytest.raises(SourceUnavailable) as failed:
        client_for(fotmob, clock, page_fallback=False).fetch(FINISHED)
    assert failed.value.kind is Failure.ACCESS_DENIED and len(fotmob.log) == 1


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (Fault("html"), "HTML page"),
        (Fault("broken"), "broken or truncated JSON"),
    ],
)
def test_html_and_broken_json_are_bad_payloads(fotmob, clock, fault, message):
    fotmob.script(fault)
    with pytest.raises(BadPayload, match=message):
        client_for(fotmob, clock).fetch(FINISHED)


def test_a_slow_answer_times_out_as_a_transient_failure(fotmob, clock):
    fotmob.script(Fault("slow", delay_s=1.0))
    client = client_for(fotmob, clock, read_timeout_s=0.2)
    with pytest.raises(SourceUnavailable, match="timed out") as failed:
        client.fetch(FINISHED)
    assert failed.value.kind == "transient"
    assert client.responses == {"timeout": 1}  # counted for /metrics


def test_answers_are_counted_by_status_for_the_metrics(fotmob, clock):
    fotmob.endpoint_status = 403
    client = client_for(fotmob, clock, page_fallback=False)
    with pytest.raises(SourceUnavailable):
        client.fetch(FINISHED)
    fotmob.endpoint_status = None  # answers again
    client.fetch(FINISHED)
    assert client.responses == {"403": 1, "200": 1}


def test_an_unreachable_server_is_a_transient_failure(clock):
    client = FotMobClient(
        FotMobSettings(base_url="http://127.0.0.1:9", connect_timeout_s=1), clock=clock
    )
    with pytest.raises(SourceUnavailable, match="unreachable") as failed:
        client.fetch(FINISHED)
    assert failed.value.kind == "transient"


@pytest.mark.parametrize("bad_id", ["", "12a", "../admin", "1 OR 1", "²"])
def test_a_malformed_match_id_is_refused_without_a_request(fotmob, clock, bad_id):
    with pytest.raises(BadPayload, match="not a FotMob match id"):
        client_for(fotmob, clock).fetch(bad_id)
    assert fotmob.log == []


def test_record_mode_writes_gzip_payloads_that_replay_reads(fotmob, clock, tmp_path):
    client = client_for(fotmob, clock, record_dir=str(tmp_path / "rec"))
    live = {match_id: client.fetch(match_id) for match_id in (FINISHED, NOT_STARTED)}
    clock.advance(60)
    client.fetch(NOT_STARTED)
    names = sorted(path.name for path in (tmp_path / "rec").iterdir())
    assert len(names) == 3 and all(name.endswith(".json.gz") for name in names)
    replayed = DirectorySource(tmp_path / "rec")
    assert {match_id: replayed.fetch(match_id) for match_id in live} == live


def test_a_connection_reset_is_a_transient_failure(clock):
    listener = socket.create_server(("127.0.0.1", 0))

    def reset_every_connection() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # the listener was closed: the test is over
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()  # linger 0: the peer sees a reset

    threading.Thread(target=reset_every_connection, daemon=True).start()
    port = listener.getsockname()[1]
    client = FotMobClient(FotMobSettings(base_url=f"http://127.0.0.1:{port}"), clock=clock)
    with pytest.raises(SourceUnavailable, match="unreachable") as failed:
        client.fetch(FINISHED)
    assert failed.value.kind == "transient"
    listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept (Linux), then close
    listener.close()
