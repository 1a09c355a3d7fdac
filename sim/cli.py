"""The ``sim`` command: run the production scheduler on a synthetic workload.

* ``sim run --scenario NAME --policy NAME [--seed N] [--json]``: one run, its summary.
* ``sim compare --scenario NAME --policies seed,default [--seed N]``: side by side.
Policies are ``seed``, ``default`` or a TOML file (sim/policies.py). Sweeps, plots and the
tuning notebook come later (issue: SimPy testbench).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from sim.policies import load_policy
from sim.run import simulate
from sim.workloads import SCENARIOS


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sim", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="one simulation run")
    run.add_argument("--policy", default="default")
    run.add_argument("--json", action="store_true", help="print one JSON object")
    compare = commands.add_parser("compare", help="several policies on one workload")
    compare.add_argument("--policies", default="seed,default")
    for sub in (run, compare):
        sub.add_argument("--scenario", required=True, choices=sorted(SCENARIOS))
        sub.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        names = [args.policy] if args.command == "run" else args.policies.split(",")
        policies = [load_policy(name.strip()) for name in names]
    except (ValueError, TypeError) as exc:
        print(f"sim: error: {exc}", file=sys.stderr)
        return 2
    workload = SCENARIOS[args.scenario](args.seed)
    summaries = [simulate(workload, policy, args.seed).summary for policy in policies]
    if args.command == "run" and args.json:
        print(json.dumps(summaries[0]))
    else:
        _table(summaries)
    return 0


def _table(summaries: list[dict]) -> None:
    width = max(len(key) for key in summaries[0])
    print(f"{'':{width}}  " + "  ".join(f"{s['policy']:>14}" for s in summaries))
    for key in summaries[0]:
        if key in ("policy",):
            continue
        print(f"{key:{width}}  " + "  ".join(f"{s[key]!s:>14}" for s in summaries))


if __name__ == "__main__":
    sys.exit(main())
