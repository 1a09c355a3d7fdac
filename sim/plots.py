"""Plots of simulation runs and sweeps (matplotlib), and a Markdown + HTML report.

Figures are built on ``matplotlib.figure.Figure`` directly, not pyplot: no global state,
safe in worker processes, and shown as is by a notebook. Three views:

* ``interval_trace``: each loop's chosen delay over the day, 429s marked, sync batch size;
* ``latency_cdfs``: whistle-to-graded latency, one curve per policy;
* ``pareto_plot``: a sweep's calls per fixture against p95 latency, the front joined.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.metrics import RunMetrics

HOUR = 3600.0


def interval_trace(wakes: pd.DataFrame, title: str = "") -> Figure:
    """Delay chosen after each pass (minutes, log scale) per bot and loop; a red x where the
    pass met a 429; below, the sync batch size."""
    fig = Figure(figsize=(11, 5.5), layout="constrained")
    delays, batches = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
    for (bot, loop), trace in wakes.groupby(["bot", "loop"], sort=True):
        hours = trace["at"] / HOUR
        delays.step(hours, trace["delay"] / 60, where="post", lw=1, label=f"{bot} {loop}")
        limited = trace[trace["rate_limited"]]
        delays.scatter(
            limited["at"] / HOUR,
            limited["delay"] / 60,
            marker="x",
            color="red",
            zorder=3,
            label=None,
        )
        if loop == "sync":
            batches.step(hours, trace["batch_size"], where="post", lw=1, label=bot)
    delays.scatter([], [], marker="x", color="red", label="429")
    delays.set(yscale="log", ylabel="next pass in (min)", title=title or "interval trace")
    delays.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    batches.set(xlabel="hours since start", ylabel="sync batch")
    return fig


def latency_cdfs(alerts_by_policy: Mapping[str, pd.DataFrame], title: str = "") -> Figure:
    """Share of alerts graded within x minutes of the final whistle, per policy; alerts
    never graded keep their curve below 1."""
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    ax = fig.subplots()
    for policy, alerts in alerts_by_policy.items():
        minutes = np.sort(alerts["latency_s"].dropna().to_numpy(dtype=float) / 60)
        share = np.arange(1, len(minutes) + 1) / max(1, len(alerts))
        ax.step(np.maximum(minutes, 0.1), share, where="post", label=policy)
    ax.axhline(0.95, color="grey", lw=0.5, ls="--")
    ax.set(
        xscale="log",
        xlabel="whistle to graded (min)",
        ylabel="share of alerts",
        ylim=(0, 1.02),
        title=title or "grading latency",
    )
    ax.legend(loc="lower right")
    return fig


def pareto_plot(
    table: pd.DataFrame,
    grid_names: Sequence[str],
    chosen: pd.Series | None = None,
    title: str = "",
    x: str = "api_calls_per_fixture",
    y: str = "latency_p95_s",
    budget: float = 1.5,
) -> Figure:
    """Every grid point (mean over seeds, its range over seeds as a bar); the Pareto front
    joined and labelled with the constants that vary over the grid; the call budget as a
    line; ``chosen`` starred."""
    fig = Figure(figsize=(9, 5.5), layout="constrained")
    ax = fig.subplots()
    ax.scatter(table[x], table[y], color="lightgrey", label="grid point")
    if f"{y}_min" in table:  # each point's range over its seeds
        ax.errorbar(
            table[x],
            table[y],
            yerr=[table[y] - table[f"{y}_min"], table[f"{y}_max"] - table[y]],
            fmt="none",
            ecolor="lightgrey",
            elinewidth=0.8,
            label="range over seeds",
        )
    front = table[table["pareto"]].sort_values(x)
    ax.plot(front[x], front[y], "o-", color="tab:blue", label="Pareto front")
    varying = [name for name in grid_names if table[name].nunique() > 1] or list(grid_names)
    for _, row in front.iterrows():  # a constant held over the whole grid says nothing
        ax.annotate(
            point_label(row, varying),
            (row[x], row[y]),
            fontsize=7,
            xytext=(4, 4),
            textcoords="offset points",
        )
    if chosen is not None:
        ax.scatter(
            [chosen[x]],
            [chosen[y]],
            marker="*",
            s=250,
            color="tab:orange",
            zorder=3,
            label="recommended",
        )
    ax.axvline(1.0, color="grey", lw=0.5, ls="--")  # one call per fixture: the floor
    ax.axvline(budget, color="tab:red", lw=0.8, ls=":", label=f"budget ({budget:g} a fixture)")
    ax.set(
        xlabel="API calls per fixture",
        ylabel="p95 whistle-to-graded latency (s)",
        title=title or "calls against latency",
    )
    ax.legend(loc="best", fontsize=8)
    return fig


def point_label(row: pd.Series, grid_names: Sequence[str]) -> str:
    """``key=value, ...`` for a grid point: numbers as %g, anything else (a flag) as is."""
    return ", ".join(f"{name.split('.')[-1]}={_shown(row[name])}" for name in grid_names)


def _shown(value: Any) -> str:
    plain = value.item() if hasattr(value, "item") else value
    return (
        f"{plain:g}"
        if isinstance(plain, int | float) and not isinstance(plain, bool)
        else str(plain)
    )


def write_report(
    out_dir: Path,
    title: str,
    table: pd.DataFrame,
    figures: Mapping[str, Figure],
    notes: Sequence[str] = (),
) -> Path:
    """Save each figure as ``NAME.png`` and a ``report.md`` and ``report.html`` that show
    the table and the figures; returns the Markdown path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, fig in figures.items():
        fig.savefig(out_dir / f"{name}.png", dpi=110)
    markdown = [f"# {title}", "", *notes, "", markdown_table(table), ""]
    markdown += [f"![{name}]({name}.png)\n" for name in figures]
    (out_dir / "report.md").write_text("\n".join(markdown), encoding="utf-8")
    page = [
        f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>",
        f"<h1>{html.escape(title)}</h1>",
        *(f"<p>{html.escape(n)}</p>" for n in notes),
        table.to_html(index=False, na_rep=""),
    ]
    page += [f"<p><img src='{name}.png' alt='{name}'></p>" for name in figures]
    (out_dir / "report.html").write_text("\n".join(page), encoding="utf-8")
    return out_dir / "report.md"


def markdown_table(table: pd.DataFrame) -> str:
    """A GitHub Markdown table (pandas' own needs the optional ``tabulate``)."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return (
                "" if np.isnan(value) else f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
            )
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(map(str, table.columns)) + " |", "|" + "---|" * len(table.columns)]
    lines += [
        "| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)
    ]
    return "\n".join(lines)


def runs_report(out_dir: Path, runs: Sequence[RunMetrics]) -> Path:
    """One scenario under one or more policies: the summaries side by side, the latency
    CDFs and each policy's interval trace."""
    scenario = runs[0].summary["scenario"]
    table = pd.DataFrame({run.summary["policy"]: run.summary for run in runs})
    table = table.drop(index="policy").rename_axis("figure").reset_index()
    figures = {
        "latency_cdf": latency_cdfs(
            {run.summary["policy"]: run.alerts for run in runs}, f"{scenario}: grading latency"
        )
    }
    for run in runs:
        figures[f"trace_{run.summary['policy']}"] = interval_trace(
            run.wakes, f"{scenario}, {run.summary['policy']}: interval trace"
        )
    return write_report(out_dir, f"sim: {scenario}", table, figures)


def sweep_report(
    out_dir: Path,
    scenario: str,
    table: pd.DataFrame,
    grid_names: Sequence[str],
    max_calls_per_fixture: float = 1.5,
) -> Path:
    """A sweep's mean figures per point, its Pareto front and the recommended point."""
    from sim.sweep import recommend

    chosen = recommend(table, max_calls_per_fixture)
    verdict = (
        ""
        if "clear" not in chosen
        else (
            f" It beats the next point by {chosen['beats_next_by_s']:.0f} s of mean p95, "
            + (
                "more than the noise (95 % confidence intervals apart)."
                if chosen["clear"]
                else "within the noise: a tie, more seeds are needed to tell them apart."
            )
        )
    )
    note = (
        f"Recommended ({max_calls_per_fixture} calls per fixture at most on every seed, "
        f"every alert graded, then lowest mean p95): {point_label(chosen, grid_names)}." + verdict
    )
    figure = pareto_plot(
        table,
        grid_names,
        chosen,
        f"{scenario}: calls against latency",
        budget=max_calls_per_fixture,
    )
    return write_report(out_dir, f"sweep: {scenario}", table, {"pareto": figure}, [note])
