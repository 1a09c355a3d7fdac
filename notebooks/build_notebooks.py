"""Writes the notebooks of this folder (cells as source, no outputs); run after editing.

Keeping the cells here, as Python, keeps them reviewable and linted; tests execute the
written notebooks and check that they equal this script's output.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

REPLAY_AUDIT = [
    new_markdown_cell("""# Replay audit: what a replay report says

Loads a `replay verify` report (`report.csv`), then shows the mismatches, the status mix and
the return on investment by market. Point `REPLAY_REPORT` at a report to study it; without
it the notebook regrades the project's own `fixtures_data/` first. Plots are written to
`REPLAY_PLOTS` (default: a temporary folder)."""),
    new_code_cell("""import json, os, subprocess, sys, tempfile
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

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
df = pd.read_csv(report, dtype={"alert_id": str, "match_id": str})
print(f"{len(df)} alerts from {report}")"""),
    new_markdown_cell("## Mismatches (grade differs from `expected`)"),
    new_code_cell("""mismatches = df[df["mismatch"].fillna("") != ""]
print(f"{len(mismatches)} mismatches")
mismatches[["alert_id", "market", "status", "returns", "mismatch"]]"""),
    new_markdown_cell("## Status mix by market"),
    new_code_cell("""status_mix = pd.crosstab(df["market"], df["status"])
ax = status_mix.plot.barh(stacked=True, figsize=(8, 6), title="Status mix by market")
ax.set_xlabel("alerts")
plt.tight_layout()
plt.savefig(plots / "status_mix.png")
status_mix"""),
    new_markdown_cell("""## Return on investment by market

Settled alerts only (`won`, `lost`, `refund`, `half_win`, `half_loss`) with known returns:
ROI = (returns - stakes) / stakes."""),
    new_code_cell("""SETTLED = ["won", "lost", "refund", "half_win", "half_loss"]
settled = df[df["status"].isin(SETTLED) & df["returns"].notna()].copy()
settled["profit"] = settled["returns"] - settled["stake"]
roi = (settled.groupby("market")[["stake", "returns", "profit"]].sum()
       .assign(roi=lambda t: t["profit"] / t["stake"]).sort_values("roi"))
ax = roi["roi"].plot.barh(figsize=(8, 6), title="ROI by market")
ax.axvline(0, color="black", linewidth=0.8)
plt.tight_layout()
plt.savefig(plots / "roi_by_market.png")
summary = {"alerts": len(df), "mismatches": len(mismatches), "settled": len(settled),
           "roi": round(float(settled["profit"].sum() / settled["stake"].sum()), 4)}
print(json.dumps(summary))
roi"""),
]


def build() -> dict[str, nbformat.NotebookNode]:
    notebook = new_notebook(cells=REPLAY_AUDIT, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    return {"replay_audit.ipynb": notebook}


def main() -> None:
    for name, notebook in build().items():
        nbformat.write(notebook, HERE / name)


if __name__ == "__main__":
    main()
