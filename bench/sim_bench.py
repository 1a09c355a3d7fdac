"""Benchmark: the SimPy testbench's speed, and the policy goal.

Targets (issue: SimPy testbench): ``matchday`` under 2 s wall, ``season`` under 60 s; on
``matchday-throttled``, the ``default`` policy grades every alert with at most half the
seed's p95 latency and at most a third of its API calls, at no more than 1.5 calls per
fixture. Figures come from one run each (seed 1); the machines are noisy. The other
throttled scenarios are printed beside it for information (no targets).

Run: .venv/bin/python bench/sim_bench.py [--skip-season]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grading.core.pacing.policies import DEFAULT, SEED  # noqa: E402
from sim.run import simulate  # noqa: E402
from sim.workloads import SCENARIOS  # noqa: E402


def speed(scenario: str, policy, target_s: float) -> None:
    summary = simulate(SCENARIOS[scenario](1), policy, 1).summary
    wall = summary["wall_seconds"]
    verdict = "ok" if wall < target_s else "OVER"
    print(f"{scenario:20} {policy.name:8} {wall:8.2f} s wall  "
          f"{summary['sim_seconds'] / wall:10,.0f}x virtual/wall  target < {target_s:g} s "
          f"{verdict}  ({summary['alerts']:,} alerts, {summary['graded']:,} graded)")


def goal(scenario: str = "matchday-throttled") -> None:
    workload = SCENARIOS[scenario](1)
    seed, default = (simulate(workload, p, 1).summary for p in (SEED, DEFAULT))
    checks = [
        ("default grades every alert", default["graded"] == default["alerts"]),
        ("p95 latency <= half the seed's",
         default["latency_p95_s"] <= seed["latency_p95_s"] / 2),
        ("API calls <= a third of the seed's", default["api_calls"] <= seed["api_calls"] / 3),
        ("<= 1.5 calls per fixture", default["api_calls_per_fixture"] <= 1.5),
    ]
    print(f"\n{scenario}: seed graded {seed['graded']}/{seed['alerts']}, p95 "
          f"{seed['latency_p95_s']} s, {seed['api_calls']} calls; default graded "
          f"{default['graded']}/{default['alerts']}, p95 {default['latency_p95_s']} s, "
          f"{default['api_calls']} calls ({default['api_calls_per_fixture']} per fixture)")
    for label, met in checks:
        print(f"  {'met    ' if met else 'NOT MET'}  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-season", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)   # thousands of virtual 429s are not news
    speed("matchday", SEED, 2.0)
    speed("matchday", DEFAULT, 2.0)
    if not args.skip_season:
        speed("season", DEFAULT, 60.0)
    goal()
    for scenario in ("matchday-starved", "outage", "access-change"):
        goal(scenario)


if __name__ == "__main__":
    main()
