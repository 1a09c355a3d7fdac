"""The notebooks are stored executed, run top to bottom on a real kernel and say what they
should."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from grading.edges.policy_files import load_policy
from replay.cli import main as replay
from tests.conftest import FIXTURES, ROOT, argv

pytestmark = pytest.mark.slow


def test_notebooks_are_what_their_builder_writes():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build", ROOT / "notebooks" / "build_notebooks.py"
    )
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    for name, expected in builder.build().items():
        path = ROOT / "notebooks" / name
        written = nbformat.read(path, as_version=4)
        assert [(c.id, c.source) for c in written.cells] == [
            (c.id, c.source) for c in expected.cells
        ], name
        code = [cell for cell in written.cells if cell.cell_type == "code"]
        assert all(cell.outputs for cell in code), f"{name}: stored without its outputs"
        kinds = {(out.output_type, out.get("name")) for cell in code for out in cell.outputs}
        assert kinds <= {("stream", "stdout"), ("display_data", None), ("execute_result", None)}, (
            f"{name}: warnings or errors stored"
        )
        assert path.stat().st_size < 250_000, f"{name}: outputs too large to keep"


def execute(name: str) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on a real kernel, from the notebooks folder."""
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()
    return notebook


def last_printed(notebook: nbformat.NotebookNode) -> str:
    printed = [
        out.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream"
    ]
    return printed[-1]


def test_replay_audit_notebook_reads_a_report_and_plots(tmp_path, monkeypatch):
    assert (
        replay(
            argv(
                "verify --fixtures",
                FIXTURES / "fotmob",
                "--alerts",
                FIXTURES / "alerts.jsonl",
                "--report",
                tmp_path / "report",
                "--no-progress",
            )
        )
        == 0
    )
    monkeypatch.setenv("REPLAY_REPORT", str(tmp_path / "report" / "report.csv"))
    monkeypatch.setenv("REPLAY_PLOTS", str(tmp_path / "plots"))
    summary = json.loads(last_printed(execute("replay_audit.ipynb")))
    assert summary["alerts"] == 53 and summary["mismatches"] == 0
    stored = nbformat.read(ROOT / "notebooks" / "replay_audit.ipynb", as_version=4)
    assert json.loads(last_printed(stored)) == summary  # what a reader sees is current
    assert summary["settled"] == 51  # 53 less 1 ungradeable and 1 pending
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == [
        "roi_by_market.png",
        "status_mix.png",
    ]


def test_tune_backoff_notebook_sweeps_plots_and_picks_constants(tmp_path, monkeypatch):
    monkeypatch.setenv("TUNE_SCENARIO", "matchday-small")
    monkeypatch.setenv("TUNE_GRID", str(ROOT / "sim" / "grids" / "smoke.toml"))
    monkeypatch.setenv("TUNE_SEEDS", "2")
    monkeypatch.setenv("TUNE_OUT", str(tmp_path))
    notebook = execute("tune_backoff.ipynb")
    summary = json.loads(last_printed(notebook))
    assert (summary["scenario"], summary["points"], summary["runs"]) == ("matchday-small", 2, 4)
    assert summary["chosen"]["fixtures.recheck_in_play_s"] in (180, 600)
    assert summary["chosen_summary"]["graded"] == 48
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chosen.toml",
        "latency_cdf.png",
        "pareto.png",
        "runs.csv",
    ]
    assert (tmp_path / "chosen.toml").read_text().startswith('base = "default"\n[fixtures]\n')
    chosen = load_policy(str(tmp_path / "chosen.toml"))
    assert chosen.fixtures.recheck_in_play_s == summary["chosen"]["fixtures.recheck_in_play_s"]
    images = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "image/png" in out.get("data", {})
    ]
    assert len(images) == 2  # Pareto plot and latency CDFs
