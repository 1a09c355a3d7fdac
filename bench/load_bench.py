"""Load a large alerts file into the embedded store: time and peak memory at two sizes.

    .venv/bin/python bench/load_bench.py [--megabytes 50 200]

Each size runs in a fresh process (peak memory is per process): it writes a JSON Lines file
of that size, loads it with the daemon's loader (grading/app/loading.py: streamed, in
batches) into a new SQLite store, and prints seconds and peak RSS. Target: memory does not
grow with the file (the loader holds one batch of 1,000 alerts).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LINE = {
    "bot_type": "team",
    "match_id": "9000001",
    "market": "total_goals",
    "selection": "over",
    "line": 2.5,
    "odds": 1.95,
    "stake": 10,
    "kickoff_utc": "2026-11-28T15:00:00Z",
    "note": "x" * 80,
}


def one(megabytes: int) -> None:
    from grading.app.loading import load_alerts
    from grading.edges.store.sqlite import SqliteAlertStore

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "alerts.jsonl"
        with path.open("w") as out:
            n = 0
            while out.tell() < megabytes * 1_000_000:
                out.write(json.dumps({**LINE, "alert_id": f"a-{n}"}) + "\n")
                n += 1
        store = SqliteAlertStore(Path(folder) / "alerts.db")
        store.ensure_indexes()
        started = time.perf_counter()
        added = load_alerts(store, path)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{megabytes:>5} MB file, {added:,} alerts: {seconds:.1f} s "
            f"({added / seconds:,.0f} alerts/s), peak RSS {peak_mb:.0f} MB"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        one(args.one)
        return 0
    for size in args.megabytes:
        subprocess.run([sys.executable, __file__, "--one", str(size)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
