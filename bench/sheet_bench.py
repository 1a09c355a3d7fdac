"""Benchmark: the embedded CSV sheet's cost per batch of 100 rows, at two sheet sizes.

Target (issue: cost that grows with the work): appending a batch of new rows costs the same
whatever the sheet's size; updating rows (an audit fix) rewrites the file, so it grows.

Run: .venv/bin/python bench/sheet_bench.py [--sizes 3000 30000] [--batches 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grading.core.sheet_rows import COLUMNS  # noqa: E402
from grading.edges.sheets.csv_sink import CsvSink  # noqa: E402


def row(key: str) -> list[str]:
    return [key, *(f"{name} of {key}" for name in COLUMNS[1:])]


def per_batch_ms(sink: CsvSink, batches: list[list[list[str]]]) -> float:
    times = []
    for batch in batches:
        start = time.perf_counter()
        sink.upsert_rows("team", batch)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000])
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            sink = CsvSink(folder)
            sink.upsert_rows("team", [row(f"a-{n}") for n in range(size)])
            new = [[row(f"b-{b}-{n}") for n in range(100)] for b in range(args.batches)]
            append = per_batch_ms(sink, new)
            again = [[[*r[:1], "changed", *r[2:]] for r in batch] for batch in new[:5]]
            update = per_batch_ms(sink, again)
            print(
                f"sheet of {size:>7,} rows: append 100 new rows {append:7.2f} ms (median of "
                f"{args.batches}), update 100 rows {update:8.2f} ms (median of 5)"
            )


if __name__ == "__main__":
    main()
