"""Sweeps over policy constants: processes, a local Dask cluster, and bad grids."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from grading.core.pacing.policies import DEFAULT
from grading.edges.policy_files import load_policy
from sim.cli import main
from sim.plots import point_label
from sim.sweep import policy_toml, sweep, with_overrides
from tests.conftest import argv

GRID = """base = "default"
[grid]
"grading.max_s" = [300, 600]
share_unfinished_s = [0, 60]
"""


@pytest.fixture
def grid(tmp_path):
    path = tmp_path / "grid.toml"
    path.write_text(GRID)
    return path


def test_overrides_reach_the_policy_objects():
    policy = with_overrides(
        DEFAULT,
        {
            "grading.max_s": 600,
            "batch.steady": 40,
            "fixtures.first_look_s": 7000,
            "share_unfinished_s": 0,
        },
    )
    assert (
        policy.grading.max_s,
        policy.batch.size,
        policy.fixtures.first_look_s,
        policy.share_unfinished_s,
    ) == (600, 40, 7000, 0.0)
    assert policy.sync == DEFAULT.sync
    for bad in ({"grading.nope": 1}, {"nope": 1}, {"fixtures": 1}):
        with pytest.raises(ValueError, match="unknown constant"):
            with_overrides(DEFAULT, bad)


def test_a_chosen_point_is_written_as_a_policy_file_that_loads(tmp_path):
    import numpy as np

    chosen = pd.Series(
        {
            "fixtures.day_list_first": np.False_,
            "fixtures.first_look_s": np.int64(6900),
            "grading.max_s": np.float64(240.0),
            "share_unfinished_s": 30,
        }
    )
    text = policy_toml("default", chosen.to_dict())
    assert text == (
        'base = "default"\nshare_unfinished_s = 30\n[fixtures]\n'
        "day_list_first = false\nfirst_look_s = 6900\n[grading]\nmax_s = 240.0\n"
    )
    (tmp_path / "chosen.toml").write_text(text)
    policy = load_policy(str(tmp_path / "chosen.toml"))
    assert (
        policy.fixtures.day_list_first,
        policy.fixtures.first_look_s,
        policy.grading.max_s,
        policy.share_unfinished_s,
    ) == (False, 6900, 240, 30)
    assert (
        point_label(chosen, list(chosen.index))
        == "day_list_first=False, first_look_s=6900, max_s=240, share_unfinished_s=30"
    )


def test_a_sweep_runs_every_point_and_seed_identically_anywhere(grid):
    with ThreadPoolExecutor(2) as threads:
        runs = sweep("matchday-small", grid, 2, threads, progress=False)
    assert len(runs) == 8 and set(runs["seed"]) == {1, 2}
    assert (runs["graded"] == runs["alerts"]).all()
    again = sweep("matchday-small", grid, 2, ThreadPoolExecutor(1), progress=False)
    columns = [c for c in runs.columns if c != "wall_seconds"]
    pd.testing.assert_frame_equal(runs[columns], again[columns])


def test_sim_sweep_on_processes_writes_every_run(grid, tmp_path, capsys):
    out = tmp_path / "runs.csv"
    assert (
        main(
            argv("sweep --scenario matchday-small --grid", grid, "--seeds 1 --workers 2 --out", out)
        )
        == 0
    )
    assert len(pd.read_csv(out)) == 4
    assert "4 runs written" in capsys.readouterr().out


@pytest.mark.slow
def test_sim_sweep_on_a_local_dask_cluster(grid, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        out = tmp_path / "runs.csv"
        assert (
            main(
                argv(
                    "sweep --scenario matchday-small --grid",
                    grid,
                    "--seeds 1 --out",
                    out,
                    "--dask",
                    cluster.scheduler_address,
                )
            )
            == 0
        )
    assert len(pd.read_csv(out)) == 4


def test_a_bad_grid_is_a_one_line_error(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('[grid]\n"grading.nope" = [1]\n')
    assert (
        main(argv("sweep --scenario matchday-small --grid", path, "--out", tmp_path / "x.csv")) == 2
    )
    assert "unknown constant 'grading.nope'" in capsys.readouterr().err
