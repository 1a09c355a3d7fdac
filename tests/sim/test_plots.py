"""Plots and reports: the Pareto front and the recommendation are exact; reports hold the
table and real PNGs; the CLI writes them."""

from __future__ import annotations

import pandas as pd
import pytest

from grading.core.pacing.policies import DEFAULT, SEED
from sim.cli import main
from sim.plots import interval_trace, markdown_table, runs_report
from sim.run import simulate
from sim.sweep import pareto_front, recommend
from sim.workloads import SCENARIOS
from tests.conftest import argv

PNG = b"\x89PNG\r\n\x1a\n"
#                   calls, p95,  graded  front?
POINTS = pd.DataFrame(
    [
        (1.2, 900.0, 100, True),  # fewest calls
        (1.4, 700.0, 100, True),
        (1.4, 800.0, 100, False),  # same calls, slower than the row above
        (1.6, 500.0, 100, True),
        (1.7, 500.0, 100, False),  # same latency, more calls
        (2.0, 400.0, 90, True),
    ],  # fastest, but missed alerts
    columns=["api_calls_per_fixture", "latency_p95_s", "graded", "front"],
)
POINTS["alerts"] = 100


def test_the_pareto_front_keeps_the_points_nothing_beats_on_both_axes():
    assert pareto_front(POINTS).tolist() == POINTS["front"].tolist()


@pytest.mark.parametrize(("budget", "chosen"), [(1.5, 1), (1.65, 3), (1.0, 0), (9.9, 3)])
def test_the_recommendation_is_the_fastest_complete_point_within_the_call_budget(budget, chosen):
    assert recommend(POINTS, budget).name == chosen


def test_no_recommendation_when_no_point_grades_everything():
    with pytest.raises(ValueError, match="no grid point graded every alert"):
        recommend(POINTS.assign(graded=50))


def test_a_runs_report_holds_the_table_and_every_plot(tmp_path):
    workload = SCENARIOS["matchday-small"](2)
    runs = [simulate(workload, policy, 2) for policy in (SEED, DEFAULT)]
    report = runs_report(tmp_path, runs)
    text = report.read_text()
    assert "| figure | seed | default |" in text
    assert f"| graded | {runs[0].summary['graded']} | 48 |" in text
    for name in ("latency_cdf", "trace_seed", "trace_default"):
        assert f"![{name}]({name}.png)" in text
        assert (tmp_path / f"{name}.png").read_bytes().startswith(PNG)
    assert "<img src='latency_cdf.png'" in (tmp_path / "report.html").read_text()


def test_the_interval_trace_marks_every_pass_that_met_a_429():
    wakes = pd.DataFrame(
        {
            "bot": "team",
            "loop": ["grading"] * 4 + ["sync"],
            "at": [0.0, 60, 180, 420, 0],
            "delay": [60.0, 120, 240, 120, 300],
            "busy": 0.0,
            "rate_limited": [False, True, True, False, False],
            "batch_size": [None] * 4 + [50],
        }
    )
    delays = interval_trace(wakes).axes[0]
    marked = [c.get_offsets() for c in delays.collections if len(c.get_offsets())]
    assert [list(map(tuple, offsets)) for offsets in marked] == [
        [(60 / 3600, 2.0), (180 / 3600, 4.0)]
    ]


def test_markdown_tables_escape_pipes_and_round_figures():
    table = pd.DataFrame({"name": ["a|b"], "p95": [12345.678], "share": [0.12345]})
    assert markdown_table(table).splitlines() == [
        "| name | p95 | share |",
        "|---|---|---|",
        "| a\\|b | 12,346 | 0.123 |",
    ]


def test_sim_run_and_sweep_write_their_reports(tmp_path, capsys):
    assert (
        main(["run", "--scenario", "matchday-small", "--json", "--plots", str(tmp_path / "run")])
        == 0
    )
    assert (tmp_path / "run" / "trace_default.png").read_bytes().startswith(PNG)
    grid = tmp_path / "grid.toml"
    grid.write_text('[grid]\n"grading.max_s" = [300, 600]\n')
    assert (
        main(
            argv(
                "sweep --scenario matchday-small --grid",
                grid,
                "--workers 1 --out",
                tmp_path / "runs.csv",
                "--plots",
                tmp_path / "sweep",
            )
        )
        == 0
    )
    report = (tmp_path / "sweep" / "report.md").read_text()
    assert "Recommended (1.5 calls per fixture at most" in report
    assert (tmp_path / "sweep" / "pareto.png").read_bytes().startswith(PNG)


def runs_of(point: str, p95s: list[float], calls: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "point": point,
            "seed": range(1, len(p95s) + 1),
            "alerts": 100,
            "graded": 100,
            "api_calls": 10,
            "api_calls_per_fixture": calls,
            "rate_limited_responses": 0,
            "latency_p50_s": 1.0,
            "latency_p95_s": p95s,
            "sheet_requests": 1,
            "sync_lag_p95_s": 1.0,
        }
    )


def test_a_sweep_summary_carries_each_points_spread_over_seeds():
    from sim.sweep import summarize, t_95

    table = summarize(pd.concat([runs_of("a", [100, 200, 300], [1.2, 1.4, 1.6])]), ["point"])
    row = table.iloc[0]
    assert (row["latency_p95_s"], row["latency_p95_s_sd"]) == (200, 100)
    assert (row["latency_p95_s_min"], row["latency_p95_s_max"]) == (100, 300)
    assert row["latency_p95_s_ci95"] == pytest.approx(4.303 * 100 / 3**0.5)
    assert row["api_calls_per_fixture_max"] == 1.6
    assert [t_95(n) for n in (2, 3, 11, 31, 100)] == [12.706, 4.303, 2.228, 2.042, 1.96]


@pytest.mark.parametrize(
    ("b_p95s", "clear"),
    [
        ([400, 410, 420], True),  # 200 s behind, both tight: a clear winner
        ([210, 300, 390], False),  # 100 s behind on average, but noisy: a tie
    ],
)
def test_the_recommendation_says_whether_it_wins_beyond_the_noise(b_p95s, clear):
    from sim.sweep import summarize

    runs = pd.concat(
        [
            runs_of("a", [200, 205, 210], [1.3] * 3),
            runs_of("b", b_p95s, [1.3] * 3),
            runs_of("c", [50, 60, 70], [1.4, 1.4, 1.6]),
        ]
    )  # over budget once
    chosen = recommend(summarize(runs, ["point"]), 1.5)
    assert chosen["point"] == "a"
    assert chosen["clear"] is clear
    assert chosen["beats_next_by_s"] == pytest.approx(sum(b_p95s) / 3 - 205)
