"""Benchmark: the store's hot paths with 100,000 alerts stored, both implementations.

Targets (issues: live edges; cost that grows with the work): with 100,000 alerts stored, a
grade write and the grading pass's pending read (a page of 500: FixturePolicy.page_size)
each under 50 ms at 500 and at 10,000 due alerts, and the counts the status page reads
without a scan; the growth from 500 to 10,000 due is printed. The Mongo figures are for
whatever server is given with ``--mongo``; without it the bench starts SecantusDB
in-process (the test server: docs/rules/stores.md §3 notes it has no index-backed sort, so
its figures say little about a real mongod). SecantusDB scans for every claim, so against
it the bench loads ``--secantus-alerts`` (default 10,000) alerts.

Run: .venv/bin/python -u bench/store_bench.py [--alerts 100000] [--pending 500 10000]
     [--mongo mongodb://host/ | --secantus-alerts 10000 | --skip-mongo]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grading.edges.store.mongo import MongoAlertStore  # noqa: E402
from grading.edges.store.sqlite import SqliteAlertStore  # noqa: E402

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
WON = {"status": "won", "actual_value": 3, "returns": "19.00", "reason": "3 > 2.5"}


def documents(total: int, pending: int):
    """``total`` alerts over 2 bots; all but ``pending`` already settled and synced."""
    for n in range(total):
        doc = {
            "alert_id": f"a-{n:07d}",
            "bot_type": ("team", "player")[n % 2],
            "match_id": str(4_000_000 + n // 40),
            "market": "total_goals",
            "selection": "over",
            "line": 2.5,
            "odds": 1.9,
            "stake": 10,
            "kickoff_utc": NOW - timedelta(hours=3),
        }
        if n >= pending:
            doc["result_tracking"] = {**WON, "graded_at": NOW, "attempts": 1, "next_check_at": None}
            doc["last_sync_check"] = doc["synced_at"] = NOW - timedelta(seconds=n)
        yield doc


def timed(fn, repeats: int) -> tuple[float, float]:
    """(median, max) milliseconds over ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def bench(name: str, store, total: int, pending: int, repeats: int) -> dict[str, float]:
    store.ensure_indexes()
    start = time.perf_counter()
    batch: list[dict] = []
    for doc in documents(total, pending):
        batch.append(doc)
        if len(batch) == 5000:
            store.add_alerts(batch)
            batch = []
    store.add_alerts(batch)
    load_s = time.perf_counter() - start
    counts = store.counts(None)
    assert counts["pending"] == pending and counts["settled"] == total - pending, counts
    to_grade = iter(f"a-{n:07d}" for n in range(0, pending, 2))
    rows = [
        (
            "pending page of 500 (the pass's read)",
            timed(lambda: store.due_alerts("team", NOW, limit=500), repeats),
        ),
        ("pending query (one bot, all due)", timed(lambda: store.due_alerts("team", NOW), repeats)),
        ("counts (status page, idle check)", timed(lambda: store.counts("team"), repeats)),
        (
            "grade write (record_grade)",
            timed(lambda: store.record_grade(next(to_grade), WON, {}, NOW), repeats),
        ),
        (
            "sync claim, batch of 50",
            timed(lambda: store.claim_sync_batch("team", uuid.uuid4().hex, NOW, 50, 300), repeats),
        ),
    ]
    print(f"\n{name}: {total:,} alerts ({pending:,} pending) loaded in {load_s:.1f} s")
    print(f"  {'operation':38} {'median ms':>10} {'max ms':>8}  target < 50 ms")
    for label, (median, worst) in rows:
        verdict = "ok" if median < 50 else "OVER"
        if label.startswith("pending query"):
            verdict = "(no target: the pass reads pages)"
        print(f"  {label:38} {median:10.2f} {worst:8.2f}  {verdict}")
    return {label: median for label, (median, _) in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--pending", type=int, nargs="+", default=[500, 10_000])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--mongo", help="a MongoDB URI (default: SecantusDB in-process)")
    parser.add_argument("--secantus-alerts", type=int, default=10_000)
    parser.add_argument("--skip-mongo", action="store_true")
    args = parser.parse_args()
    figures = []
    for pending in args.pending:
        with tempfile.TemporaryDirectory() as folder:
            store = SqliteAlertStore(Path(folder) / "bench.db")
            figures.append(
                bench("SQLite (embedded default)", store, args.alerts, pending, args.repeats)
            )
            store.close()
    if len(figures) > 1:
        print(f"\nSQLite growth {args.pending[0]:,} -> {args.pending[-1]:,} due:")
        for label in figures[0]:
            print(f"  {label:38} x{figures[-1][label] / figures[0][label]:.2f}")
    if args.skip_mongo:
        return
    server, uri, total = None, args.mongo, args.alerts
    if uri is None:
        total = min(args.alerts, args.secantus_alerts)
        from secantus import SecantusDBServer

        server = SecantusDBServer(host="127.0.0.1", port=0, storage_path=":memory:")
        server.start()
        uri = server.uri
    store = MongoAlertStore(uri, f"bench_{uuid.uuid4().hex[:8]}")
    try:
        label = "MongoDB at --mongo" if args.mongo else "MongoDB wire: SecantusDB 0.7.0b3"
        bench(label, store, total, min(args.pending[-1], total), args.repeats)
    finally:
        store._col("alerts").database.client.drop_database(store.database)
        store.close()
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
