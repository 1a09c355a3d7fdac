"""``--status-port``: ``/status`` (JSON of every bot's ``get_status()``) and ``/metrics``
(Prometheus text format, built at scrape time by a prometheus-client collector)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

Statuses = Callable[[], Sequence[dict[str, Any]]]


class SchedulerCollector(Collector):
    def __init__(self, statuses: Statuses) -> None:
        self.statuses = statuses

    def collect(self) -> Iterator[Any]:
        gauges = {
            "grading_interval_seconds": GaugeMetricFamily(
                "grading_interval_seconds", "Current grading loop interval", labels=["bot"]),
            "grading_sync_interval_seconds": GaugeMetricFamily(
                "grading_sync_interval_seconds", "Current sync loop interval", labels=["bot"]),
            "grading_sync_batch_size": GaugeMetricFamily(
                "grading_sync_batch_size", "Current sync batch size", labels=["bot"]),
            "grading_alerts": GaugeMetricFamily(
                "grading_alerts", "Alerts by state", labels=["bot", "state"]),
            "grading_loop_alive": GaugeMetricFamily(
                "grading_loop_alive", "1 while the loop's thread runs", labels=["bot", "loop"]),
            "grading_loop_consecutive_failures": GaugeMetricFamily(
                "grading_loop_consecutive_failures", "Passes in a row that failed as a whole",
                labels=["bot", "loop"]),
            "grading_quarantined": GaugeMetricFamily(
                "grading_quarantined", "Fixtures and alerts set aside", labels=["bot"]),
        }
        limits = CounterMetricFamily("grading_rate_limited", "429 answers received",
                                     labels=["bot", "loop"])
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
                    [bot, loop], health["consecutive_failures"])
            gauges["grading_quarantined"].add_metric([bot], len(status.get("quarantined", [])))
            for loop, hits in status["rate_limit_hits"].items():
                limits.add_metric([bot, loop], hits)
        yield from gauges.values()
        yield limits


def serve_status(port: int, statuses: Statuses, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Start the status server in a daemon thread; ``shutdown()`` it when done."""
    registry = CollectorRegistry()
    registry.register(SchedulerCollector(statuses))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/status":
                body = json.dumps(list(statuses()), default=str, indent=2).encode()
                kind = "application/json"
            elif self.path == "/metrics":
                body, kind = generate_latest(registry), "text/plain; version=0.0.4"
            else:
                self.send_error(404, "try /status or /metrics")
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:   # scrapes are not news
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="status").start()
    return server
