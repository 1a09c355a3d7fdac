"""Benchmark: the SimPy testbench's speed, and the policy goal.

Targets (issues: SimPy testbench; cost that grows with the work): ``matchday`` under 2 s
wall, ``season`` under 25 s including metrics (60 s before); on
``matchday-throttled``, the ``default`` policy grades every alert with at most half the
seed's p95 latency and at most a third of its API calls, at no more than 1.5 calls per
fixture. Figures come from one run each (seed 1); the machines are noisy. The other
throttled scenarios are printed beside it for information (no targets).

With ``--targets`` it also prints the latency targets of the match-timing issue, per seed and
as means over seeds 1-5: on ``matchday-throttled`` and ``matchday-big`` the ``default``
policy grades every alert with p95 whistle-to-graded at most 180 s and at most 1.5 FotMob
calls a fixture on every seed, the seed policy beside it (``--policies`` adds policy files).

Run: .venv/bin/python bench/sim_bench.py [--skip-season] [--targets [--seeds 5]]
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
    print(
        f"{scenario:20} {policy.name:8} {wall:8.2f} s wall  "
        f"{summary['sim_seconds'] / wall:10,.0f}x virtual/wall  target < {target_s:g} s "
        f"{verdict}  ({summary['alerts']:,} alerts, {summary['graded']:,} graded)"
    )


def season_growth() -> None:
    """``season`` at 10 and 38 weeks: wall seconds including metrics, and per week."""
    from sim.workloads import season

    per_week = []
    for weeks in (10, 38):
        summary = simulate(season(1, weeks=weeks), DEFAULT, 1).summary
        per_week.append(summary["wall_seconds"] / weeks)
        target = (
            "  target < 25 s " + ("ok" if summary["wall_seconds"] < 25 else "OVER")
            if weeks == 38
            else ""
        )
        print(
            f"season {weeks:2} weeks  default  {summary['wall_seconds']:8.2f} s wall "
            f"(metrics included), {per_week[-1]:.2f} s a week{target}  "
            f"({summary['alerts']:,} alerts, {summary['graded']:,} graded)"
        )
    print(f"season growth 10 -> 38 weeks: wall a week x{per_week[1] / per_week[0]:.2f}")


def goal(scenario: str = "matchday-throttled") -> None:
    workload = SCENARIOS[scenario](1)
    seed, default = (simulate(workload, p, 1).summary for p in (SEED, DEFAULT))
    checks = [
        ("default grades every alert", default["graded"] == default["alerts"]),
        ("p95 latency <= half the seed's", default["latency_p95_s"] <= seed["latency_p95_s"] / 2),
        ("API calls <= a third of the seed's", default["api_calls"] <= seed["api_calls"] / 3),
        ("<= 1.5 calls per fixture", default["api_calls_per_fixture"] <= 1.5),
    ]
    print(
        f"\n{scenario}: seed graded {seed['graded']}/{seed['alerts']}, p95 "
        f"{seed['latency_p95_s']} s, {seed['api_calls']} calls; default graded "
        f"{default['graded']}/{default['alerts']}, p95 {default['latency_p95_s']} s, "
        f"{default['api_calls']} calls ({default['api_calls_per_fixture']} per fixture)"
    )
    for label, met in checks:
        print(f"  {'met    ' if met else 'NOT MET'}  {label}")


def targets(scenarios: tuple[str, ...], policies: list, seeds: int) -> None:
    """Per seed and mean: graded, p95 (all, played, postponed), calls a fixture."""
    for scenario in scenarios:
        print(
            f"\n{scenario}, seeds 1-{seeds}: p95 all / played / postponed (s), calls a "
            "fixture (of them day lists)"
        )
        for policy in policies:
            rows = [
                simulate(SCENARIOS[scenario](seed), policy, seed).summary
                for seed in range(1, seeds + 1)
            ]
            for row in rows:
                print(
                    f"  {policy.name:24} seed {row['seed']}: graded {row['graded']:,}/"
                    f"{row['alerts']:,}  p95 {row['latency_p95_s']} / "
                    f"{row['latency_p95_played_s']} / {row['latency_p95_postponed_s']}  "
                    f"{row['api_calls_per_fixture']} ({row['day_list_calls_per_fixture']})"
                )
            mean_p95 = sum(r["latency_p95_s"] for r in rows) / len(rows)
            met = (
                all(r["graded"] == r["alerts"] and r["api_calls_per_fixture"] <= 1.5 for r in rows)
                and mean_p95 <= 180
            )
            print(
                f"  {policy.name:24} mean p95 {mean_p95:.0f} s, mean calls "
                f"{sum(r['api_calls_per_fixture'] for r in rows) / len(rows):.2f} a "
                f"fixture: target (p95 <= 180 s, <= 1.5 calls on every seed) "
                f"{'met' if met else 'NOT MET'}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-season", action="store_true")
    parser.add_argument("--targets", action="store_true")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument(
        "--policies",
        nargs="*",
        default=[],
        type=Path,
        help="policy TOML files to measure beside seed and default",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # thousands of virtual 429s are not news
    speed("matchday", SEED, 2.0)
    speed("matchday", DEFAULT, 2.0)
    if not args.skip_season:
        season_growth()
    speed("matchday-big", DEFAULT, 10.0)
    goal()
    for scenario in ("matchday-starved", "outage", "access-change"):
        goal(scenario)
    if args.targets:
        from grading.edges.policy_files import load_policy

        extra = [load_policy(str(path)) for path in args.policies]
        targets(("matchday-throttled", "matchday-big"), [DEFAULT, *extra, SEED], args.seeds)


if __name__ == "__main__":
    main()
