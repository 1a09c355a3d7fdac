"""A local HTTP server that plays FotMob from recorded payloads, with scripted failures.

Serves ``/api/data/matchDetails?matchId=N`` (JSON), ``/match/N`` and slug pages
``/matches/home-vs-away/code`` (HTML pages embedding the match in ``__NEXT_DATA__``) and
day lists ``/api/data/matches?date=YYYYMMDD``, on pytest-httpserver. Faults are queued with
``script()`` and served in order before normal answers resume; ``endpoint_status`` makes
the JSON endpoint answer one status for good (docs/rules/fotmob.md §5: the 2026 Turnstile
403s); :meth:`play_2026` plays the 2026 page-only FotMob (docs/rules/fotmob.md §2): the
endpoint 404, no ``/match/N`` page, matches reachable only by the slug page a day-list row
names, and a slug page may hold another meeting of the same clubs.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from grading.core.fotmob.day_list import is_day_list
from grading.edges.recorded import DirectorySource, read_payload


@dataclass(frozen=True)
class Fault:
    """One scripted answer: ``kind`` is an HTTP status ("429", "503", ...), "html" (a 200
    error page), "broken" (truncated JSON) or "slow" (answer after ``delay_s``)."""

    kind: str
    retry_after: str | None = None
    delay_s: float = 0.0
    path: str = "api"  # "api", "page" or "any"


def load_payloads(directory) -> dict[str, Any]:
    """Match id -> payload of every recorded match in ``directory``."""
    source = DirectorySource(directory)
    return {match_id: read_payload(path) for match_id, path in source.index().items()}


def load_day_lists(directory) -> dict[str, Any]:
    """Date -> day-list payload of every recorded day list in ``directory``."""
    lists = {}
    for path in sorted(directory.glob("*.json")):
        payload = read_payload(path)
        if is_day_list(payload):
            lists[str(payload["date"])] = payload
    return lists


class FotMobStandIn:
    def __init__(
        self, server: HTTPServer, payloads: dict[str, Any], day_lists: dict[str, Any] | None = None
    ) -> None:
        self.server = server
        self.payloads = dict(payloads)
        self.days = dict(day_lists or {})
        self.endpoint_status: int | None = None
        self.id_pages = True  # /match/N answered (2026: 404)
        self.slugs: dict[str, str] = {}  # match id -> its slug page, given as pageUrl
        self.slug_holds: dict[str, str] = {}  # slug page -> the match id it renders
        self.rows_name_pages = True  # day-list rows carry pageUrl (else: leagues do)
        # A match page is per pair of clubs and may render another of their meetings
        # (docs/rules/fotmob.md §2): match id -> the id whose payload its page holds.
        self.page_holds: dict[str, str] = {}
        self.delay_s = 0.0  # added to every answer (a slow FotMob)
        self.log: list[tuple[str, int, dict[str, str]]] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        server.expect_request(re.compile(r"^/api/data/matchDetails$")).respond_with_handler(
            self._details
        )
        server.expect_request(re.compile(r"^/match/\d+$")).respond_with_handler(self._page)
        server.expect_request(re.compile(r"^/matches/[^/]+/[^/]+$")).respond_with_handler(
            self._slug_page
        )
        server.expect_request(re.compile(r"^/api/data/matches$")).respond_with_handler(self._day)
        server.expect_request(re.compile(r"^/api/data/leagues$")).respond_with_handler(self._league)
        # the pre-2025 routes: 404 HTML pages in 2026 (docs/rules/fotmob.md §2)
        server.expect_request(re.compile(r"^/api/(matches|matchDetails)$")).respond_with_handler(
            self._retired
        )

    def play_2026(self) -> None:
        """FotMob as 2026 reports describe it: the JSON endpoint 404, no /match/N page,
        every match on a slug page named by its day-list row."""
        self.endpoint_status, self.id_pages = 404, False
        for match_id in self.payloads:
            self.slugs.setdefault(match_id, f"/matches/pair-{match_id[-3:]}/c{match_id}")

    @property
    def base_url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def script(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def requests_for(self, match_id: str) -> int:
        return sum(
            1
            for path, _, _ in self.log
            if path.endswith(f"={match_id}") or path.endswith(f"/{match_id}")
        )

    def _next_fault(self, path_kind: str) -> Fault | None:
        with self._lock:
            if self._faults and self._faults[0].path in (path_kind, "any"):
                return self._faults.popleft()
        return None

    def _answer(
        self,
        request: Request,
        path_kind: str,
        match_id: str | None,
        render,
        known: set[str] | None = None,
    ) -> Response:
        time.sleep(self.delay_s)
        fault = self._next_fault(path_kind)
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay_s)
            fault = None
        if fault is not None:
            response = _fault_response(fault)
        elif path_kind == "api" and self.endpoint_status is not None:
            response = _fault_response(Fault(str(self.endpoint_status)))
        elif match_id not in (known or self.payloads):
            response = Response('{"error":"Not found"}', 404, content_type="application/json")
        else:
            response = render(self.payloads.get(match_id))
        self.log.append(
            (request.full_path.rstrip("?"), response.status_code, dict(request.headers))
        )
        return response

    def _details(self, request: Request) -> Response:
        return self._answer(
            request,
            "api",
            request.args.get("matchId"),
            lambda payload: Response(json.dumps(payload), 200, content_type="application/json"),
        )

    def _page(self, request: Request) -> Response:
        match_id = request.path.rsplit("/", 1)[-1]
        if not self.id_pages:
            match_id = "none"
        return self._answer(request, "page", self.page_holds.get(match_id, match_id), _match_page)

    def _league(self, request: Request) -> Response:
        """A league's data: its fixture list names each match's slug page (2026)."""
        league = request.args.get("id", "")
        matches = [
            {
                "id": row["id"],
                "home": row["home"],
                "away": row["away"],
                "status": row["status"],
                "pageUrl": f"{self.slugs.get(str(row['id']), '')}#{row['id']}",
            }
            for payload in self.days.values()
            for group in payload["leagues"]
            if str(group.get("primaryId", group.get("id"))) == league
            for row in group["matches"]
        ]
        body = {"details": {"id": league}, "fixtures": {"allMatches": matches}}
        return self._answer(
            request,
            "league",
            "league" if matches else None,
            lambda _: Response(json.dumps(body), 200, content_type="application/json"),
            known={"league"},
        )

    def _retired(self, request: Request) -> Response:
        response = Response("<html><body>404</body></html>", 404, content_type="text/html")
        self.log.append((request.full_path.rstrip("?"), 404, dict(request.headers)))
        return response

    def _slug_page(self, request: Request) -> Response:
        made_for = {path: match_id for match_id, path in self.slugs.items()}
        held = self.slug_holds.get(request.path, made_for.get(request.path, "none"))
        return self._answer(request, "page", held, _match_page)

    def _day(self, request: Request) -> Response:
        date = request.args.get("date", "")
        payload = self.days.get(date)
        if payload is not None:
            payload = json.loads(json.dumps(payload))
            for league in payload["leagues"]:
                for row in league["matches"]:
                    if str(row["id"]) in self.slugs and self.rows_name_pages:
                        row["pageUrl"] = f"{self.slugs[str(row['id'])]}#{row['id']}"
        return self._answer(
            request,
            "day",
            "day" if payload is not None else None,
            lambda _: Response(json.dumps(payload), 200, content_type="application/json"),
            known={"day"},
        )


def _match_page(payload: Any) -> Response:
    embedded = json.dumps({"props": {"pageProps": payload}, "buildId": "stand-in"})
    embedded = embedded.replace("</", "<\\/")  # a JSON string may not close the script
    html = (
        "<!DOCTYPE html><html><head><title>Match - FotMob</title></head><body>"
        '<script id="__NEXT_DATA__" type="application/json">'
        f"{embedded}</script></body></html>"
    )
    return Response(html, 200, content_type="text/html")


def _fault_response(fault: Fault) -> Response:
    if fault.kind == "html":
        return Response(
            "<html><head><title>Just a moment...</title></head></html>",
            200,
            content_type="text/html",
        )
    if fault.kind == "broken":
        return Response('{"header": {"teams": [', 200, content_type="application/json")
    status = int(fault.kind)
    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
    if status in (403, 503):  # Cloudflare-style HTML error pages
        return Response(
            f"<html><head><title>{status}</title></head><body>blocked</body></html>",
            status,
            headers=headers,
            content_type="text/html",
        )
    return Response(
        json.dumps({"error": f"status {status}"}),
        status,
        headers=headers,
        content_type="application/json",
    )
