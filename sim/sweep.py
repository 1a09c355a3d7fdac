"""Sweeps: a grid over policy constants, several seeds each, on any executor.

A grid file (TOML) names a base policy set and the values to try, by dotted name::

    base = "default"
    seeds = 3                        # optional; --seeds wins
    [grid]
    "grading.max_s" = [300, 600]
    "fixtures.first_look_s" = [6900, 7080]
    share_unfinished_s = [0, 60]

Parts: ``grading``, ``sync`` (AdaptiveInterval fields), ``fixtures`` (FixturePolicy),
``batch`` (BatchSizer fields, or ``batch.steady``), and the top-level ``sync_refresh_s`` and
``share_unfinished_s``. Each point runs in a worker of a ``concurrent.futures`` executor
(processes by default, or a Dask cluster's executor), behind a progress bar.
"""

from __future__ import annotations

import itertools
import json
import tomllib
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from grading.core.pacing.batch import SteadyBatch
from grading.core.pacing.policies import PolicySet
from grading.edges.policy_files import load_policy
from sim.run import simulate
from sim.workloads import SCENARIOS

PARTS = ("grading", "sync", "fixtures", "batch")


def read_grid(path: Path) -> tuple[str, dict[str, list[Any]], int | None]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    grid = raw.get("grid")
    if not isinstance(grid, dict) or not grid:
        raise ValueError(f"{path}: a [grid] table of name = [values] is needed")
    for name, values in grid.items():
        if not isinstance(values, list) or not values:
            raise ValueError(f"{path}: grid.{name} must be a non-empty list")
    return raw.get("base", "default"), grid, raw.get("seeds")


def points(grid: dict[str, list[Any]]) -> Iterator[dict[str, Any]]:
    names = sorted(grid)
    for values in itertools.product(*(grid[name] for name in names)):
        yield dict(zip(names, values, strict=True))


def with_overrides(base: PolicySet, overrides: dict[str, Any]) -> PolicySet:
    """The base set with dotted overrides applied (a bad name raises ValueError)."""
    policy = base
    for name, value in overrides.items():
        part, _, field = name.partition(".")
        if part == "batch" and field == "steady":
            policy = replace(policy, batch=SteadyBatch(int(value)))
        elif part in PARTS and field:
            try:
                changed: dict[str, Any] = {part: replace(getattr(policy, part), **{field: value})}
                policy = replace(policy, **changed)
            except TypeError:
                raise ValueError(f"unknown constant {name!r}") from None
        elif part in ("sync_refresh_s", "share_unfinished_s") and not field:
            changes: dict[str, Any] = {part: float(value)}
            policy = replace(policy, **changes)
        else:
            raise ValueError(f"unknown constant {name!r}")
    return replace(policy, name=",".join(f"{k}={v}" for k, v in sorted(overrides.items())))


def run_point(scenario: str, base: str, overrides: dict[str, Any], seed: int) -> dict:
    """One simulation of one grid point (a top-level function: workers pickle it)."""
    policy = with_overrides(load_policy(base), overrides)
    summary = simulate(SCENARIOS[scenario](seed), policy, seed).summary
    return {**overrides, **summary}


def sweep(
    scenario: str, grid_path: Path, seeds: int | None, executor: Executor, progress: bool = True
) -> pd.DataFrame:
    """Every grid point x seed; one row per run, sorted by point and seed."""
    base, grid, grid_seeds = read_grid(grid_path)
    for point in points(grid):  # fail fast on a bad name, before any work is sent
        with_overrides(load_policy(base), point)
    runs = [
        (point, seed) for point in points(grid) for seed in range(1, (seeds or grid_seeds or 1) + 1)
    ]
    futures = [executor.submit(run_point, scenario, base, point, seed) for point, seed in runs]
    rows = [
        future.result()
        for future in tqdm(
            as_completed(futures),
            total=len(futures),
            unit="run",
            desc="sweep",
            disable=None if progress else True,
        )
    ]
    return pd.DataFrame(rows).sort_values([*sorted(grid), "seed"], ignore_index=True)


def summarize(runs: pd.DataFrame, grid_names: list[str]) -> pd.DataFrame:
    """Mean figures per grid point over its seeds, best p95 latency first, with the spread
    that decides whether a difference means anything: the p95's standard deviation, range
    and the half-width of a 95 % confidence interval of its mean (Student's t), the worst
    seed's calls per fixture, and the fewest alerts graded on a seed. ``pareto`` marks the
    points no other point beats on both mean calls per fixture and mean p95 latency."""
    figures = [
        "alerts",
        "graded",
        "api_calls",
        "api_calls_per_fixture",
        "rate_limited_responses",
        "latency_p50_s",
        "latency_p95_s",
        "sheet_requests",
        "sync_lag_p95_s",
    ]
    grouped = runs.groupby(grid_names)
    table = grouped[figures].mean()
    p95 = grouped["latency_p95_s"]
    table["seeds"] = grouped.size()
    table["latency_p95_s_sd"] = p95.std(ddof=1).fillna(0.0)
    table["latency_p95_s_min"] = p95.min()
    table["latency_p95_s_max"] = p95.max()
    table["latency_p95_s_ci95"] = [
        t_95(n) * sd / n**0.5
        for n, sd in zip(table["seeds"], table["latency_p95_s_sd"], strict=True)
    ]
    table["api_calls_per_fixture_max"] = grouped["api_calls_per_fixture"].max()
    table["graded_min"] = grouped["graded"].min()
    table = table.reset_index().sort_values(["latency_p95_s", "api_calls"], ignore_index=True)
    table["pareto"] = pareto_front(table)
    return table


# Student's t, two-sided 95 %, by degrees of freedom (1-10; the normal's 1.96 beyond 30).
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228)


def t_95(samples: int) -> float:
    """The factor of a 95 % confidence interval of a mean of ``samples`` values."""
    freedom = samples - 1
    if freedom < 1:
        return float("nan")
    if freedom <= len(_T95):
        return _T95[freedom - 1]
    return 2.042 if freedom <= 30 else 1.96


def pareto_front(
    table: pd.DataFrame, x: str = "api_calls_per_fixture", y: str = "latency_p95_s"
) -> pd.Series:
    """True for each row that no other row dominates (no worse on both, better on one)."""
    xs, ys = table[x].to_numpy(), table[y].to_numpy()
    return pd.Series(
        [
            not ((xs <= xs[i]) & (ys <= ys[i]) & ((xs < xs[i]) | (ys < ys[i]))).any()
            for i in range(len(table))
        ],
        index=table.index,
    )


def recommend(table: pd.DataFrame, max_calls_per_fixture: float = 1.5) -> pd.Series:
    """The point to ship: every alert graded on every seed, at most
    ``max_calls_per_fixture`` on every seed, then the lowest mean p95 latency (ties: fewer
    calls). When no point keeps the call budget, the complete point with the fewest calls.

    The answer says whether it wins beyond the noise: ``beats_next_by_s`` (its mean p95
    against the runner-up's) and ``clear`` (the two 95 % confidence intervals of the mean
    do not overlap). A point that is not clear is a tie: any of the tied points will do,
    and more seeds are needed to tell them apart."""
    graded = table["graded_min"] if "graded_min" in table else table["graded"]
    complete = table[graded >= table["alerts"]]
    if complete.empty:
        raise ValueError("no grid point graded every alert")
    calls = (
        complete["api_calls_per_fixture_max"]
        if "api_calls_per_fixture_max" in complete
        else complete["api_calls_per_fixture"]
    )
    within = complete[calls <= max_calls_per_fixture]
    if within.empty:  # nothing keeps the budget: the fewest calls, no verdict
        fewest = complete.sort_values(["api_calls_per_fixture", "latency_p95_s"]).iloc[0]
        fewest = fewest.copy()
        fewest["beats_next_by_s"], fewest["clear"] = float("nan"), False
        return fewest
    ranked = within.sort_values(["latency_p95_s", "api_calls_per_fixture"])
    best = ranked.iloc[0].copy()
    if len(ranked) < 2:
        best["beats_next_by_s"], best["clear"] = float("nan"), True
        return best
    runner_up = ranked.iloc[1]
    margin = float(runner_up["latency_p95_s"] - best["latency_p95_s"])
    noise = float(best.get("latency_p95_s_ci95", 0.0) + runner_up.get("latency_p95_s_ci95", 0.0))
    best["beats_next_by_s"] = margin
    best["clear"] = bool(margin > noise)
    return best


def policy_toml(base: str, overrides: Mapping[str, Any]) -> str:
    """A policy file (the form grading/core/pacing/policies.py documents) that is ``base``
    with ``overrides`` ("section.key" or a top-level key) applied: what ``sim run --policy``
    and the daemon's ``[schedule] policy`` read. Values may be numpy scalars (a sweep
    table's row); booleans are written as TOML's ``true`` / ``false``."""
    sections: dict[str, dict[str, Any]] = {}
    for name, value in overrides.items():
        part, _, key = name.rpartition(".")
        sections.setdefault(part, {})[key] = value
    lines = [f"base = {json.dumps(base)}"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in sections.pop("", {}).items()]
    for part, values in sections.items():
        lines += [f"[{part}]", *(f"{key} = {_toml_value(value)}" for key, value in values.items())]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    plain = value.item() if hasattr(value, "item") else value  # numpy scalars
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if isinstance(plain, int | float | str):
        return json.dumps(plain)  # a JSON number or string is a TOML one too
    raise ValueError(f"cannot write {value!r} in a policy file")
