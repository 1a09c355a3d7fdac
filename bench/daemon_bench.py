"""Benchmark: the daemon's ``--until-idle`` run at two backlogs, CPU seconds and growth.

Target (issue: cost that grows with the work): from 5,000 to 50,000 alerts the CPU time
grows at most 12x (it grew 29x when every sheet batch rewrote the CSV and every idle
check counted the whole store). Each size runs ``grading run --source fixtures_data/fotmob
--load-alerts FILE --until-idle`` in a fresh folder (embedded SQLite store, CSV sheet): the
project's 53 sample alerts, repeated with new ids, graded and mirrored until idle.

Run: .venv/bin/python bench/daemon_bench.py [--alerts 5000 50000]
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
SAMPLES = ROOT / "fixtures_data" / "alerts.jsonl"


def write_alerts(path: Path, count: int) -> None:
    samples = [json.loads(line) for line in SAMPLES.read_text().splitlines()]
    with path.open("w") as out:
        for n in range(count):
            doc = dict(samples[n % len(samples)])
            doc["alert_id"] = f"{doc['alert_id']}-{n:06d}"
            doc.pop("expected", None)
            out.write(json.dumps(doc) + "\n")


def run(count: int) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit code) of one run."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        write_alerts(folder / "alerts.jsonl", count)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "grading.app.cli",
                "run",
                "--source",
                str(ROOT / "fixtures_data" / "fotmob"),
                "--load-alerts",
                str(folder / "alerts.jsonl"),
                "--until-idle",
                "--log-level",
                "ERROR",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"},
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            print(done.stderr[-800:])
        return cpu, wall, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, nargs="+", default=[5000, 50000])
    args = parser.parse_args()
    figures = []
    for count in args.alerts:
        cpu, wall, code = run(count)
        figures.append(cpu)
        print(
            f"--until-idle on {count:,} alerts: {cpu:.2f} s CPU, {wall:.2f} s wall, "
            f"{1000 * cpu / count:.3f} ms CPU an alert, exit {code}"
        )
    if len(figures) > 1:
        growth = figures[-1] / figures[0]
        size = args.alerts[-1] / args.alerts[0]
        print(
            f"growth {args.alerts[0]:,} -> {args.alerts[-1]:,} alerts (x{size:g}): CPU "
            f"x{growth:.2f} (target at most x12): {'met' if growth <= 12 else 'NOT MET'}"
        )


if __name__ == "__main__":
    main()
