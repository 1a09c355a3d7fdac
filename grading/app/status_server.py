"""``--status-port``: ``/status`` (JSON of every bot's ``get_status()``), ``/metrics``
(Prometheus text format, built at scrape time by a prometheus-client collector) and
``/healthz`` (200 "ok", or 503 with one reason a line) and ``/``, a page for a person
(grading/app/status_page.py)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from grading.app.status_page import render
from grading.edges.clock import SystemClock
from grading.ports import Clock

Statuses = Callable[[], Sequence[dict[str, Any]]]
# A loop rests at most 10 minutes between passes (the default policy's idle cap); three
# rests without a clean pass means it is stuck (a store down, a sheet refusing writes, a
# source answering 429 for half an hour), not merely idle.
STALE_AFTER = timedelta(minutes=30)


def health(
    statuses: Sequence[dict[str, Any]], now: datetime, stale_after: timedelta = STALE_AFTER
) -> list[str]:
    """Why the daemon is not healthy, one reason a loop (empty: healthy): a loop whose
    thread has stopped, or whose last clean pass is older than ``stale_after`` (a loop
    that has not finished its first pass yet is starting, not stale)."""
    reasons = []
    for status in statuses:
        for loop, state in status.get("loops", {}).items():
            where = f"{status['bot_type']} {loop}"
            if not state["alive"]:
                reasons.append(f"{where}: loop not running")
            elif state["passes"] and (
                state["last_success"] is None
                or now - datetime.fromisoformat(state["last_success"]) > stale_after
            ):
                since = state["last_success"] or "start"
                reasons.append(
                    f"{where}: no clean pass since {since} (last error: {state['last_error']})"
                )
    return reasons


# Answers by status from the edges that talk to the world: {"fotmob": {"200": 12, ...}}.
Requests = Callable[[], Mapping[str, Mapping[str, int]]]


class SchedulerCollector(Collector):
    def __init__(self, statuses: Statuses, requests: Requests | None = None) -> None:
        self.statuses = statuses
        self.requests = requests or dict

    def collect(self) -> Iterator[Any]:
        gauges = {
            "grading_interval_seconds": GaugeMetricFamily(
                "grading_interval_seconds", "Current grading loop interval", labels=["bot"]
            ),
            "grading_sync_interval_seconds": GaugeMetricFamily(
                "grading_sync_interval_seconds", "Current sync loop interval", labels=["bot"]
            ),
            "grading_sync_batch_size": GaugeMetricFamily(
                "grading_sync_batch_size", "Current sync batch size", labels=["bot"]
            ),
            "grading_alerts": GaugeMetricFamily(
                "grading_alerts", "Alerts by state", labels=["bot", "state"]
            ),
            "grading_loop_alive": GaugeMetricFamily(
                "grading_loop_alive", "1 while the loop's thread runs", labels=["bot", "loop"]
            ),
            "grading_loop_consecutive_failures": GaugeMetricFamily(
                "grading_loop_consecutive_failures",
                "Passes in a row that failed as a whole",
                labels=["bot", "loop"],
            ),
            "grading_quarantined": GaugeMetricFamily(
                "grading_quarantined", "Fixtures and alerts set aside", labels=["bot"]
            ),
        }
        limits = CounterMetricFamily(
            "grading_rate_limited", "429 answers received", labels=["bot", "loop"]
        )
        counters = {
            "graded": CounterMetricFamily(
                "grading_graded", "Alerts graded, by result", labels=["bot", "status"]
            ),
            "synced": CounterMetricFamily(
                "grading_synced", "Alerts mirrored to the sheet", labels=["bot"]
            ),
            "passes": CounterMetricFamily(
                "grading_passes", "Passes, by how they ended", labels=["bot", "loop", "ending"]
            ),
            "early": CounterMetricFamily(
                "grading_early",
                "Alerts settled in play, and early grades reversed at full time",
                labels=["bot", "kind"],
            ),
            "requests": CounterMetricFamily(
                "grading_requests",
                "Answers from FotMob and Google Sheets, by status",
                labels=["to", "status"],
            ),
        }
        last_success = GaugeMetricFamily(
            "grading_loop_last_success_timestamp_seconds",
            "When the loop's last clean pass ended (Unix time)",
            labels=["bot", "loop"],
        )
        for status in self.statuses():
            bot = status["bot_type"]
            gauges["grading_interval_seconds"].add_metric([bot], status["grading_interval"])
            gauges["grading_sync_interval_seconds"].add_metric([bot], status["sync_interval"])
            gauges["grading_sync_batch_size"].add_metric([bot], status["batch_size"])
            for state, count in (status["sheet_stats"] or {}).items():
                gauges["grading_alerts"].add_metric([bot, state], count)
            for loop, health in status.get("loops", {}).items():
                gauges["grading_loop_alive"].add_metric([bot, loop], int(health["alive"]))
                gauges["grading_loop_consecutive_failures"].add_metric(
                    [bot, loop], health["consecutive_failures"]
                )
                for ending, count in health.get("endings", {}).items():
                    counters["passes"].add_metric([bot, loop, ending], count)
                if health.get("last_success"):
                    last_success.add_metric(
                        [bot, loop], datetime.fromisoformat(health["last_success"]).timestamp()
                    )
            totals = status.get("totals", {})
            for result, count in totals.get("graded_by_status", {}).items():
                counters["graded"].add_metric([bot, result], count)
            counters["synced"].add_metric([bot], totals.get("synced", 0))
            for kind in ("graded", "reversed"):
                counters["early"].add_metric([bot, kind], totals.get(f"early_{kind}", 0))
            gauges["grading_quarantined"].add_metric([bot], len(status.get("quarantined", [])))
            for loop, hits in status["rate_limit_hits"].items():
                limits.add_metric([bot, loop], hits)
        for to, answers in self.requests().items():
            for answer, count in answers.items():
                counters["requests"].add_metric([to, answer], count)
        yield from gauges.values()
        yield limits
        yield last_success
        yield from counters.values()


def serve_status(
    port: int,
    statuses: Statuses,
    host: str = "127.0.0.1",
    clock: Clock | None = None,
    requests: Requests | None = None,
) -> ThreadingHTTPServer:
    """Start the status server in a daemon thread; ``shutdown()`` it when done."""
    now = (clock or SystemClock()).now
    registry = CollectorRegistry()
    registry.register(SchedulerCollector(statuses, requests))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/status":
                body = json.dumps(list(statuses()), default=str, indent=2).encode()
                kind = "application/json"
            elif self.path == "/metrics":
                body, kind = generate_latest(registry), "text/plain; version=0.0.4"
            elif self.path in ("/", "/index.html"):
                shown = statuses()
                body = render(shown, health(shown, now())).encode()
                kind = "text/html; charset=utf-8"
            elif self.path == "/healthz":
                reasons = health(statuses(), now())
                body, kind = ("\n".join(reasons) or "ok").encode() + b"\n", "text/plain"
                self._answer(503 if reasons else 200, body, kind)
                return
            else:
                self.send_error(404, "try /, /status, /metrics or /healthz")
                return
            self._answer(200, body, kind)

        def _answer(self, code: int, body: bytes, kind: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:  # scrapes are not news
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="status").start()
    return server
