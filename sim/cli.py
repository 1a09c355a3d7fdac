"""The ``sim`` command: run the production scheduler on a synthetic workload.

* ``sim run --scenario NAME --policy NAME [--seed N] [--json] [--plots DIR]``: one run.
* ``sim compare --scenario NAME --policies seed,default [--seed N] [--plots DIR]``: side
  by side.
* ``sim sweep --scenario NAME --grid FILE.toml [--seeds K] [--workers N] --out FILE.csv
  [--dask ADDRESS] [--plots DIR]``: a grid over the constants (sim/sweep.py), on processes
  or Dask.
Policies are ``seed``, ``default`` or a TOML file (grading/policies.py). ``--plots DIR`` writes
PNGs and a report.md / report.html there (sim/plots.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from grading.app.argtypes import add_version, output_folder, plain
from grading.edges.policy_files import load_policy
from sim.workloads import SCENARIOS

GRIDS = Path(__file__).resolve().parent / "grids"
RESEARCH_EXTRA = "the testbench needs the research extra: pip install 'grading[research]'"


def grid_file(text: str) -> Path:
    """A grid TOML: a path, or the name of one shipped in sim/grids (``backoff``)."""
    path = Path(text)
    if path.is_file():
        return path
    shipped = GRIDS / (text if text.endswith(".toml") else f"{text}.toml")
    if shipped.is_file():
        return shipped
    names = ", ".join(sorted(p.stem for p in GRIDS.glob("*.toml")))
    raise argparse.ArgumentTypeError(f"no grid file {text} (shipped grids: {names})")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The production code logs every refused request; in a run of thousands they are noise.
    logging.basicConfig(
        level=logging.WARNING if args.verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return _run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sim", description=plain(__doc__.splitlines()[0]))
    add_version(parser)
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show the daemon's warnings (each 429, 403, failed fetch)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="one simulation run")
    run.add_argument(
        "--policy", default="default", help="seed, default, or a policy TOML (default: %(default)s)"
    )
    run.add_argument("--json", action="store_true", help="print one JSON object")
    compare = commands.add_parser("compare", help="several policies on one workload")
    compare.add_argument(
        "--policies", default="seed,default", help="comma-separated policies (default: %(default)s)"
    )
    grid = commands.add_parser("sweep", help="a grid over policy constants")
    grid.add_argument(
        "--grid",
        type=grid_file,
        required=True,
        metavar="TOML",
        help="grid TOML (sim/sweep.py), or a shipped grid's name: "
        + ", ".join(sorted(p.stem for p in GRIDS.glob("*.toml"))),
    )
    grid.add_argument("--seeds", type=int, help="seeds per point (default: the grid's, or 1)")
    grid.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    grid.add_argument("--out", type=Path, required=True, help="CSV of every run")
    grid.add_argument("--dask", metavar="ADDRESS", help="run on this Dask scheduler")
    for sub in (run, compare, grid):
        sub.add_argument(
            "--scenario",
            required=True,
            choices=sorted(SCENARIOS),
            metavar="NAME",
            help="the workload: " + ", ".join(sorted(SCENARIOS)),
        )
        sub.add_argument(
            "--plots",
            type=output_folder,
            metavar="DIR",
            help="write PNG plots and report.md / report.html into this folder (default: none)",
        )
    for sub in (run, compare):
        sub.add_argument(
            "--seed",
            type=int,
            default=1,
            help="the random seed of the workload and the run (default: 1)",
        )
    return parser


def _run(args: argparse.Namespace) -> int:
    try:  # pandas and matplotlib come with the research extra
        import pandas  # noqa: F401
    except ModuleNotFoundError as exc:
        print(f"sim: error: {RESEARCH_EXTRA} ({exc})", file=sys.stderr)
        return 2
    if args.command == "sweep":
        return _sweep(args)
    try:
        names = [args.policy] if args.command == "run" else args.policies.split(",")
        policies = [load_policy(name.strip()) for name in names]
    except (ValueError, TypeError) as exc:
        print(f"sim: error: {exc}", file=sys.stderr)
        return 2
    from sim.run import simulate

    workload = SCENARIOS[args.scenario](args.seed)
    runs = [simulate(workload, policy, args.seed) for policy in policies]
    summaries = [run.summary for run in runs]
    if args.command == "run" and args.json:
        print(json.dumps(summaries[0]))
    else:
        _table(summaries)
    if args.plots:
        from sim.plots import runs_report

        print(f"report: {runs_report(args.plots, runs)}", file=sys.stderr)
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from sim.sweep import read_grid, summarize, sweep

    try:
        _, grid, _ = read_grid(args.grid)
        with _executor(args) as executor:
            runs = sweep(args.scenario, args.grid, args.seeds, executor)
    except (OSError, ValueError, TypeError) as exc:
        print(f"sim: error: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    runs.to_csv(args.out, index=False)
    table = summarize(runs, sorted(grid))
    print(table.to_string(index=False))
    print(f"{len(runs)} runs written to {args.out}")
    _print_recommendation(table, sorted(grid))
    if args.plots:
        from sim.plots import sweep_report

        try:
            print(f"report: {sweep_report(args.plots, args.scenario, table, sorted(grid))}")
        except ValueError as exc:  # no point graded everything: say so, keep the CSV
            print(f"sim: no report: {exc}", file=sys.stderr)
            return 1
    return 0


def _print_recommendation(table: Any, grid_names: list[str]) -> None:
    from sim.plots import point_label
    from sim.sweep import recommend

    try:
        chosen = recommend(table)
    except ValueError as exc:
        print(f"no recommendation: {exc}")
        return
    ci95, ahead = chosen.get("latency_p95_s_ci95", math.nan), chosen["beats_next_by_s"]
    if math.isnan(ci95):  # one seed a point: no spread to judge by
        print(
            f"recommended: {point_label(chosen, grid_names)} (p95 "
            f"{chosen['latency_p95_s']:.0f} s, {chosen['api_calls_per_fixture_max']:.2f} "
            "calls a fixture; one seed a point: no spread, so no verdict against the next; "
            "use --seeds 3 or more)"
        )
        return
    verdict = (
        "beyond the noise"
        if chosen["clear"]
        else "within the noise: a tie"
        if not math.isnan(ahead)
        else "no verdict"
    )
    print(
        f"recommended: {point_label(chosen, grid_names)} (mean p95 "
        f"{chosen['latency_p95_s']:.0f} s +- {ci95:.0f}, "
        f"{chosen['api_calls_per_fixture_max']:.2f} calls a fixture at most; ahead of the "
        f"next by {ahead:.0f} s, {verdict})"
    )


def _executor(args: argparse.Namespace) -> AbstractContextManager[Executor]:
    if args.dask:
        from distributed import Client  # the optional "dask" extra

        return _DaskExecutor(Client(args.dask))
    return ProcessPoolExecutor(max_workers=max(1, args.workers))


class _DaskExecutor:
    """A Dask client's concurrent.futures executor that closes the client when done."""

    def __init__(self, client: Any) -> None:
        self.client, self.executor = client, client.get_executor()

    def __enter__(self) -> Executor:
        return self.executor

    def __exit__(self, *exc: object) -> None:
        self.executor.shutdown()
        self.client.close()


def _table(summaries: list[dict]) -> None:
    width = max(len(key) for key in summaries[0])
    print(f"{'':{width}}  " + "  ".join(f"{s['policy']:>14}" for s in summaries))
    for key in summaries[0]:
        if key in ("policy",):
            continue
        print(f"{key:{width}}  " + "  ".join(f"{s[key]!s:>14}" for s in summaries))


if __name__ == "__main__":
    sys.exit(main())
