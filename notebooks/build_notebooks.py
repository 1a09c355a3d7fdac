"""Writes the notebooks of this folder, executed, with their outputs; run after editing.

Keeping the cells here, as Python, keeps them reviewable and linted. The notebooks are stored
executed on their defaults (the project's fixtures, the full backoff grid), so a reader on
the web sees tables and plots without running anything; `--no-execute` writes the cells
alone. Tests execute the notebooks again and check their cells equal this script's.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

REPLAY_AUDIT = [
    new_markdown_cell("""# Replay audit: what a replay report says

Loads a `replay verify` report (`report.csv`), then shows the mismatches, the status mix and
the return on investment by market. Point `REPLAY_REPORT` at a report to study it; without
it the notebook regrades the project's own `fixtures_data/` first. Market names are read
through the settlement catalogue, so "AH -0.25" and `asian_handicap` are one market. Each
chart is its own figure, shown here and saved to `REPLAY_PLOTS` (default: a temporary
folder)."""),
    new_code_cell("""import json, os, subprocess, sys, tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from grading.core.settlement.markets import MAPPER

ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
report = os.environ.get("REPLAY_REPORT")
if report is None:
    folder = Path(tempfile.mkdtemp()) / "report"
    subprocess.run([sys.executable, "-m", "replay.cli", "verify", "--no-progress",
                    "--fixtures", str(ROOT / "fixtures_data" / "fotmob"),
                    "--alerts", str(ROOT / "fixtures_data" / "alerts.jsonl"),
                    "--report", str(folder)], check=False, capture_output=True, cwd=ROOT)
    report = folder / "report.csv"
plots = Path(os.environ.get("REPLAY_PLOTS") or tempfile.mkdtemp())
plots.mkdir(parents=True, exist_ok=True)
df = pd.read_csv(report, dtype={"alert_id": str, "match_id": str, "mismatch": str})


def market_key(name):
    \"\"\"The catalogue's key for a market name or alias (the name itself when unknown).\"\"\"
    spec = MAPPER.map(name)
    return spec.key if spec is not None else str(name)


df["market"] = df["market"].map(market_key)
print(f"{len(df)} alerts from {Path(report).name}, {df['market'].nunique()} markets")"""),
    new_markdown_cell("## Mismatches (grade differs from `expected`)"),
    new_code_cell("""mismatches = df[df["mismatch"].fillna("") != ""]
print(f"{len(mismatches)} mismatches")
mismatches[["alert_id", "market", "status", "returns", "mismatch"]]"""),
    new_markdown_cell("## Status mix by market"),
    new_code_cell("""status_mix = pd.crosstab(df["market"], df["status"])
fig, ax = plt.subplots(figsize=(8, 6))
status_mix.plot.barh(stacked=True, ax=ax)
ax.set(title="Status mix by market", xlabel="alerts", ylabel="market")
fig.tight_layout()
fig.savefig(plots / "status_mix.png")
plt.show()
status_mix"""),
    new_markdown_cell("""## Return on investment by market

Settled alerts only (`won`, `lost`, `refund`, `half_win`, `half_loss`) with known returns:
ROI = (returns - stakes) / stakes."""),
    new_code_cell("""SETTLED = ["won", "lost", "refund", "half_win", "half_loss"]
settled = df[df["status"].isin(SETTLED) & df["returns"].notna()].copy()
settled["profit"] = settled["returns"] - settled["stake"]
roi = (settled.groupby("market")[["stake", "returns", "profit"]].sum()
       .assign(roi=lambda t: t["profit"] / t["stake"]).sort_values("roi"))
fig, ax = plt.subplots(figsize=(8, 6))
roi["roi"].plot.barh(ax=ax)
ax.axvline(0, color="black", linewidth=0.8)
ax.set(title="ROI by market (settled alerts)", xlabel="(returns - stakes) / stakes",
       ylabel="market")
fig.tight_layout()
fig.savefig(plots / "roi_by_market.png")
plt.show()
summary = {"alerts": len(df), "mismatches": len(mismatches), "settled": len(settled),
           "roi": round(float(settled["profit"].sum() / settled["stake"].sum()), 4)}
print(json.dumps(summary))
roi"""),
]


TUNE_BACKOFF = [
    new_markdown_cell("""# Tune the backoff constants

Runs a sweep of the **production** scheduler in the SimPy testbench over a grid of policy
constants, shows the mean figures per grid point, plots API calls per fixture against p95
whistle-to-graded latency with the Pareto front, and picks the constants to ship: every alert
graded on every seed, at most `TUNE_MAX_CALLS` calls per fixture, then the lowest p95.

Parameters (environment variables): `TUNE_SCENARIO` (default `matchday-big`), `TUNE_GRID`
(default `sim/grids/day_list.toml`, the grid behind the default policy), `TUNE_SEEDS`
(default: the grid's), `TUNE_WORKERS` (2), `TUNE_MAX_CALLS` (1.5), `TUNE_OUT` (where plots
and `chosen.toml` go; default a temporary folder). The same sweep runs from the shell with
`sim sweep`."""),
    new_code_cell("""import itertools, json, logging, os, sys, tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
sys.path.insert(0, str(ROOT))
import pandas as pd
from IPython.display import Image, display

from grading.core.pacing.policies import NAMED
from grading.edges.policy_files import load_policy
from sim.plots import latency_cdfs, pareto_plot, point_label
from sim.run import simulate
from sim.sweep import policy_toml, read_grid, recommend, summarize, sweep, with_overrides
from sim.workloads import SCENARIOS

SCENARIO = os.environ.get("TUNE_SCENARIO", "matchday-big")
GRID = Path(os.environ.get("TUNE_GRID", ROOT / "sim" / "grids" / "day_list.toml"))
SEEDS = int(os.environ["TUNE_SEEDS"]) if os.environ.get("TUNE_SEEDS") else None
WORKERS = int(os.environ.get("TUNE_WORKERS", "2"))
MAX_CALLS = float(os.environ.get("TUNE_MAX_CALLS", "1.5"))
OUT = Path(os.environ.get("TUNE_OUT") or tempfile.mkdtemp())
OUT.mkdir(parents=True, exist_ok=True)
logging.getLogger("grading").setLevel(logging.ERROR)   # each virtual 429 is logged otherwise
base, grid, _ = read_grid(GRID)
names = sorted(grid)
print(f"{SCENARIO}: {len(list(itertools.product(*grid.values())))} points over "
      f"{', '.join(names)}")"""),
    new_markdown_cell("## The sweep: mean figures per grid point, fastest first"),
    new_code_cell("""with ProcessPoolExecutor(WORKERS) as pool:
    runs = sweep(SCENARIO, GRID, SEEDS, pool, progress=False)
runs.to_csv(OUT / "runs.csv", index=False)
table = summarize(runs, names)
display(table.head(12))"""),
    new_markdown_cell("""## Calls against latency

Grey: every grid point. Blue: the points no other point beats on both axes. The dashed line
is the physical floor, one call per finished fixture. The star is the recommendation."""),
    new_code_cell("""chosen = recommend(table, MAX_CALLS)
figure = pareto_plot(table, names, chosen, f"{SCENARIO}: calls against latency")
figure.savefig(OUT / "pareto.png", dpi=110)
display(Image(OUT / "pareto.png"))
print("recommended:", point_label(chosen, names))"""),
    new_markdown_cell("""## The recommendation against the seed and the shipped default

One run each on seed 1 of the scenario; the chosen constants are written as a policy file
(`chosen.toml`) that `sim run --policy` and `sim compare --policies` accept."""),
    new_code_cell("""overrides = {name: chosen[name].item() for name in names}
candidate = with_overrides(load_policy(base), overrides)
workload = SCENARIOS[SCENARIO](1)
compared = {name: simulate(workload, policy, 1)
            for name, policy in (("seed", NAMED["seed"]), ("default", NAMED["default"]),
                                 ("chosen", candidate))}
figure = latency_cdfs({name: run.alerts for name, run in compared.items()},
                      f"{SCENARIO}: grading latency")
figure.savefig(OUT / "latency_cdf.png", dpi=110)
display(Image(OUT / "latency_cdf.png"))
(OUT / "chosen.toml").write_text(policy_toml(base, overrides))
figures = ["graded", "api_calls", "api_calls_per_fixture", "latency_p95_s",
           "rate_limited_responses"]
display(pd.DataFrame({name: {k: run.summary[k] for k in figures}
                      for name, run in compared.items()}))
print(json.dumps({"scenario": SCENARIO, "points": len(table), "runs": len(runs),
                  "chosen": overrides, "pareto_points": int(table["pareto"].sum()),
                  "chosen_summary": {k: compared["chosen"].summary[k] for k in figures}}))"""),
]


def build() -> dict[str, nbformat.NotebookNode]:
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    for cells in (REPLAY_AUDIT, TUNE_BACKOFF):
        for number, cell in enumerate(cells):
            cell.id = f"cell-{number}"  # not nbformat's random ids: a rebuild changes no line
    return {
        "replay_audit.ipynb": new_notebook(cells=REPLAY_AUDIT, metadata=metadata),
        "tune_backoff.ipynb": new_notebook(cells=TUNE_BACKOFF, metadata=metadata),
    }


def execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run top to bottom on a real kernel from this folder, on the notebooks' defaults (no
    parameter variables: theirs would be stored) and without per-cell timings (they would
    change the file on every run)."""
    saved = {
        name: os.environ.pop(name)
        for name in list(os.environ)
        if name.startswith(("REPLAY_", "TUNE_"))
    }
    try:
        NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(HERE)}},
        ).execute()
    finally:
        os.environ.update(saved)
    return notebook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-execute",
        action="store_true",
        help="write the cells without running them (default: run and store the outputs)",
    )
    args = parser.parse_args()
    for name, notebook in build().items():
        nbformat.write(notebook if args.no_execute else execute(notebook), HERE / name)
        print(f"wrote {name}: {(HERE / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
