"""Fuzz every recorded payload at scale and print what happened to the money.

    .venv/bin/python bench/fuzz_payloads.py [--mutants 300] [--seed 1]

Each payload in ../shared/fotmob and fixtures_data/fotmob gets ``--mutants`` mutants with
one node damaged (or its text: truncation, a BOM, gzip garbage); a broad alert set is graded
on each (tests/fuzzing.py). Target: ``moved`` and ``tracebacks`` are 0.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import Fuzzer, FuzzReport  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=300, help="mutants per payload")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = sorted((ROOT.parent / "shared" / "fotmob").glob("[0-9]*.json")) + sorted(
        (ROOT / "fixtures_data" / "fotmob").glob("[0-9]*.json")
    )
    report, rng, started = FuzzReport(), random.Random(args.seed), time.perf_counter()
    for path in files:
        Fuzzer(path.name, path.read_text(encoding="utf-8")).run(rng, args.mutants, report)
    seconds = time.perf_counter() - started
    print(f"{len(files)} payloads, seed {args.seed}, {seconds:.0f} s")
    for name, value in report.counts().items():
        print(f"  {name:34} {value:>7,}")
    for example in report.moved_examples[:10] + report.traceback_examples[:10]:
        print("  !", example)
    return 1 if report.moved or report.tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
