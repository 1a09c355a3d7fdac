"""Sweeps over policy constants: processes, a local Dask cluster, and bad grids."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from grading.core.pacing.policies import DEFAULT
from sim.cli import main
from sim.sweep import sweep, with_overrides

GRID = '''base = "default"
[grid]
"grading.max_s" = [300, 600]
share_unfinished_s = [0, 60]
'''


@pytest.fixture
def grid(tmp_path):
    path = tmp_path / "grid.toml"
    path.write_text(GRID)
    return path


def test_overrides_reach_the_policy_objects():
    policy = with_overrides(DEFAULT, {"grading.max_s": 600, "batch.steady": 40,
                                      "fixtures.first_look_s": 7000,
                                      "share_unfinished_s": 0})
    assert (policy.grading.max_s, policy.batch.size, policy.fixtures.first_look_s,
            policy.share_unfinished_s) == (600, 40, 7000, 0.0)
    assert policy.sync == DEFAULT.sync
    for bad in ({"grading.nope": 1}, {"nope": 1}, {"fixtures": 1}):
        with pytest.raises(ValueError, match="unknown constant"):
            with_overrides(DEFAULT, bad)


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
    assert main(["sweep", "--scenario", "matchday-small", "--grid", str(grid), "--seeds", "1",
                 "--workers", "2", "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == 4
    assert "4 runs written" in capsys.readouterr().out


@pytest.mark.slow
def test_sim_sweep_on_a_local_dask_cluster(grid, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "runs.csv"
        assert main(["sweep", "--scenario", "matchday-small", "--grid", str(grid),
                     "--seeds", "1", "--out", str(out), "--dask", cluster.scheduler_address]) == 0
    assert len(pd.read_csv(out)) == 4


def test_a_bad_grid_is_a_one_line_error(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('[grid]\n"grading.nope" = [1]\n')
    assert main(["sweep", "--scenario", "matchday-small", "--grid", str(path), "--out",
                 str(tmp_path / "x.csv")]) == 2
    assert "unknown constant 'grading.nope'" in capsys.readouterr().err
