"""Fit the testbench's match timings to real matches and draw the fit against the data.

    .venv/bin/python bench/fit_timings.py [--csv ../shared/research/match_timings.csv]
                                          [--plot docs/img/timings_fit.png] [--draws 20000]

Reads the 47 matches that ended in 90 minutes, fits each phase (docs/rules/timings.md §2),
prints the fitted constants beside the ones in sim/timings.py, the final whistle's
quantiles in the data, the fitted model and the first world, and the Kolmogorov-Smirnov
distance of each model to the data; draws both models' distribution over the data's.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.timings import CALIBRATED, legacy_clock  # noqa: E402

Phases = dict[str, list[float]]


def read_phases(path: Path) -> Phases:
    """Minutes of each phase of every match that ended in 90 minutes."""
    out: Phases = {
        "delay": [],
        "first_stoppage": [],
        "half_time": [],
        "second_stoppage": [],
        "whistle": [],
    }
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["reason"] != "FT":
                continue
            start, first_end, second_start, second_end = (
                float(row[key])
                for key in (
                    "first_half_started_min",
                    "first_half_ended_min",
                    "second_half_started_min",
                    "second_half_ended_min",
                )
            )
            out["delay"].append(start)
            out["first_stoppage"].append(first_end - start - 45)
            out["half_time"].append(second_start - first_end)
            out["second_stoppage"].append(second_end - second_start - 45)
            out["whistle"].append(float(row["game_ended_min"]))
    return out


def fit(phases: Phases) -> dict[str, tuple[float, float]]:
    """(mean, sd) of the normal phases; (mu, sigma) of the log of the lognormal ones."""
    logs = {
        name: [math.log(x) for x in phases[name]] for name in ("first_stoppage", "second_stoppage")
    }
    return {
        "delay": _mean_sd(phases["delay"]),
        "half_time": _mean_sd(phases["half_time"]),
        **{name: _mean_sd(values) for name, values in logs.items()},
    }


def _mean_sd(values: list[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.stdev(values)


def model_whistles(draws: int, seed: int = 1, legacy: bool = False) -> list[float]:
    rng = random.Random(seed)
    clocks = (legacy_clock(rng, False) if legacy else CALIBRATED.draw(rng) for _ in range(draws))
    return sorted(clock.whistle_s / 60 for clock in clocks)


def ks_distance(data: list[float], model: list[float]) -> float:
    """The largest gap between the data's empirical distribution and the model's."""
    data = sorted(data)
    worst = 0.0
    for index, value in enumerate(data):
        below = _share_below(model, value)
        worst = max(worst, abs(below - index / len(data)), abs(below - (index + 1) / len(data)))
    return worst


def _share_below(sorted_values: list[float], value: float) -> float:
    import bisect

    return bisect.bisect_right(sorted_values, value) / len(sorted_values)


def quantiles(values: list[float]) -> list[float]:
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, int(p * len(ordered)))] for p in (0.0, 0.5, 0.9, 0.99)]


def plot(data: list[float], fitted: list[float], legacy: list[float], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    ordered = sorted(data)
    ax.step(
        ordered,
        [(n + 1) / len(ordered) for n in range(len(ordered))],
        where="post",
        color="black",
        label=f"{len(data)} real matches (match_timings.csv)",
    )
    for values, label, style in (
        (fitted, "fitted model (sim/timings.py)", "-"),
        (legacy, "first world: 105 + U(3, 12)", "--"),
    ):
        ax.plot(values, [(n + 1) / len(values) for n in range(len(values))], style, label=label)
    ax.set_xlim(104, 142)
    ax.set_xlabel("final whistle, minutes after the scheduled kickoff")
    ax.set_ylabel("share of matches ended")
    ax.set_title("When matches end: data against the testbench's models")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--csv", type=Path, default=ROOT.parent / "shared" / "research" / "match_timings.csv"
    )
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "img" / "timings_fit.png")
    parser.add_argument("--draws", type=int, default=20_000)
    args = parser.parse_args()
    phases = read_phases(args.csv)
    fitted = fit(phases)
    model = CALIBRATED
    in_code = {
        "delay": (model.kickoff_delay.mean_min, model.kickoff_delay.sd_min),
        "half_time": (model.half_time.mean_min, model.half_time.sd_min),
        "first_stoppage": (model.first_stoppage.mu, model.first_stoppage.sigma),
        "second_stoppage": (model.second_stoppage.mu, model.second_stoppage.sigma),
    }
    print(f"{len(phases['whistle'])} matches ended in 90 minutes")
    for name, (a, b) in fitted.items():
        print(
            f"  {name:16} fitted {a:8.4f} {b:8.4f}   in sim/timings.py {in_code[name][0]:8.4f} "
            f"{in_code[name][1]:8.4f}"
        )
    ours, first = model_whistles(args.draws), model_whistles(args.draws, legacy=True)
    for label, values in (
        ("data", phases["whistle"]),
        ("fitted model", ours),
        ("first world", first),
    ):
        q = quantiles(values)
        print(
            f"  {label:12} whistle min {q[0]:6.1f} median {q[1]:6.1f} p90 {q[2]:6.1f} "
            f"p99 {q[3]:6.1f}"
            + ("" if label == "data" else f"   KS {ks_distance(phases['whistle'], values):.3f}")
        )
    plot(phases["whistle"], ours, first, args.plot)
    print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
