"""A local HTTP server that plays FotMob from recorded payloads, with scripted failures.

Serves ``/api/data/matchDetails?matchId=N`` (JSON) and ``/match/N`` (an HTML page embedding
the match in ``__NEXT_DATA__``), on pytest-httpserver. Faults are queued with ``script()``
and served in order before normal answers resume; ``endpoint_status`` makes the JSON
endpoint answer one status for good (docs/rules/fotmob.md §5: the 2026 Turnstile 403s).
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

from grading.edges.recorded import DirectorySource, read_payload


@dataclass(frozen=True)
class Fault:
    """One scripted answer: ``kind`` is an HTTP status ("429", "503", ...), "html" (a 200
    error page), "broken" (truncated JSON) or "slow" (answer after ``delay_s``)."""

    kind: str
    retry_after: str | None = None
    delay_s: float = 0.0
    path: str = "api"          # "api", "page" or "any"


def load_payloads(directory) -> dict[str, Any]:
    """Match id -> payload of every recorded match in ``directory``."""
    source = DirectorySource(directory)
    return {match_id: read_payload(path) for match_id, path in source.index().items()}


class FotMobStandIn:
    def __init__(self, server: HTTPServer, payloads: dict[str, Any]) -> None:
        self.server = server
        self.payloads = dict(payloads)
        self.endpoint_status: int | None = None
        # A match page is per pair of clubs and may render another of their meetings
        # (docs/rules/fotmob.md §2): match id -> the id whose payload its page holds.
        self.page_holds: dict[str, str] = {}
        self.delay_s = 0.0                 # added to every answer (a slow FotMob)
        self.log: list[tuple[str, int, dict[str, str]]] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        server.expect_request(re.compile(r"^/api/data/matchDetails$")) \
            .respond_with_handler(self._details)
        server.expect_request(re.compile(r"^/match/\d+$")).respond_with_handler(self._page)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def script(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def requests_for(self, match_id: str) -> int:
        return sum(1 for path, _, _ in self.log if path.endswith(f"={match_id}")
                   or path.endswith(f"/{match_id}"))

    def _next_fault(self, path_kind: str) -> Fault | None:
        with self._lock:
            if self._faults and self._faults[0].path in (path_kind, "any"):
                return self._faults.popleft()
        return None

    def _answer(self, request: Request, path_kind: str, match_id: str | None,
                render) -> Response:
        time.sleep(self.delay_s)
        fault = self._next_fault(path_kind)
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay_s)
            fault = None
        if fault is not None:
            response = _fault_response(fault)
        elif path_kind == "api" and self.endpoint_status is not None:
            response = _fault_response(Fault(str(self.endpoint_status)))
        elif match_id not in self.payloads:
            response = Response('{"error":"Not found"}', 404, content_type="application/json")
        else:
            response = render(self.payloads[match_id])
        self.log.append((request.full_path.rstrip("?"), response.status_code,
                         dict(request.headers)))
        return response

    def _details(self, request: Request) -> Response:
        return self._answer(request, "api", request.args.get("matchId"), lambda payload:
                            Response(json.dumps(payload), 200, content_type="application/json"))

    def _page(self, request: Request) -> Response:
        match_id = request.path.rsplit("/", 1)[-1]
        return self._answer(request, "page", self.page_holds.get(match_id, match_id),
                            _match_page)


def _match_page(payload: Any) -> Response:
    embedded = json.dumps({"props": {"pageProps": payload}, "buildId": "stand-in"})
    embedded = embedded.replace("</", "<\\/")   # a JSON string may not close the script
    html = ("<!DOCTYPE html><html><head><title>Match - FotMob</title></head><body>"
            '<script id="__NEXT_DATA__" type="application/json">'
            f"{embedded}</script></body></html>")
    return Response(html, 200, content_type="text/html")


def _fault_response(fault: Fault) -> Response:
    if fault.kind == "html":
        return Response("<html><head><title>Just a moment...</title></head></html>", 200,
                        content_type="text/html")
    if fault.kind == "broken":
        return Response('{"header": {"teams": [', 200, content_type="application/json")
    status = int(fault.kind)
    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
    if status in (403, 503):   # Cloudflare-style HTML error pages
        return Response(f"<html><head><title>{status}</title></head><body>blocked</body></html>",
                        status, headers=headers, content_type="text/html")
    return Response(json.dumps({"error": f"status {status}"}), status, headers=headers,
                    content_type="application/json")
