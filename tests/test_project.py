"""Project hygiene: lint, types, the layering contracts, a pure core, fixtures that match
their generator."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

sys.path.insert(0, str(FIXTURES))
import build_fixtures

# What the pure core may never import (docs/design.md, "Layers"), and the clock reads and
# global random draws it may never make: it takes `now` and a random.Random as arguments.
OUTER_LAYERS = ("grading.edges", "grading.loops", "grading.app", "grading.ports")
IO_MODULES = {
    "requests",
    "pymongo",
    "gspread",
    "sqlite3",
    "threading",
    "socket",
    "gzip",
    "time",
    "os",
    "subprocess",
    "urllib",
    "http",
    "logging",
    "tomllib",
    "simpy",
    "asyncio",
    "shutil",
    "tempfile",
    "io",
    "pathlib",
    "uuid",
}
CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "monotonic"),
}


def tool(name: str) -> str:
    """The tool installed beside this Python (the project's test extra), not any other."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["lint-imports"], ["mypy"]],
    ids=["ruff", "ruff-format", "import-linter", "mypy"],
)
def test_static_checks_pass(command):
    run = subprocess.run(
        [tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


def core_violations(source: str) -> list[str]:
    """I/O imports, clock reads and global-random draws in one module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _outside_the_core(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if _outside_the_core(node.module):
                found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in CLOCK_READS:
                found.append(f"{node.value.id}.{node.attr}")
            elif node.value.id == "random" and node.attr != "Random":
                found.append(f"random.{node.attr} (the global random source)")
    return found


def _outside_the_core(module: str) -> bool:
    return module.split(".")[0] in IO_MODULES or module.startswith(OUTER_LAYERS)


def test_the_core_reads_no_clock_does_no_io_and_draws_no_global_random():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / "grading" / "core").rglob("*.py"))
        if (found := core_violations(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "snippet",
    [
        "import threading",
        "from time import sleep",
        "import grading.edges.clock",
        "from datetime import datetime\nx = datetime.now()",
        "import random\nx = random.random()",
    ],
)
def test_the_core_check_catches_each_kind_of_violation(snippet):
    assert core_violations(snippet)


def test_committed_fixtures_are_what_the_generator_writes():
    for name, payload in build_fixtures.all_fixtures().items():
        committed = json.loads((FIXTURES / "fotmob" / name).read_text())
        assert committed == payload, name


CITATION = re.compile(r"docs/[\w/.-]+\.md(?: §(\d+(?:\.\d+)?)(?:-§?(\d+(?:\.\d+)?))?)?")


def test_every_citation_in_the_code_resolves_inside_the_repository():
    """Comments cite the project's own docs (docs/design.md, docs/rules, docs/adr), never a
    file a clone does not have; a cited § must be a heading of the cited file."""
    unresolved = []
    for path in sorted(
        p
        for folder in ("grading", "sim", "replay", "tests", "bench")
        for p in (ROOT / folder).rglob("*.py")
    ):
        text = path.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            cited = ROOT / match.group(0).split(" ")[0]
            if not cited.is_file():
                unresolved.append(f"{path.name}: {match.group(0)}")
                continue
            headings = cited.read_text(encoding="utf-8")
            for section in filter(None, match.groups()):
                if not re.search(rf"^#+ §{re.escape(section)}\b", headings, re.MULTILINE):
                    unresolved.append(f"{path.name}: {match.group(0)}")
        unresolved += [
            f"{path.name}: {m}"
            for m in re.findall(
                r"\b(?:FOTMOB|DESIGN|SETTLEMENT|SHEETS|MONGO|MARKETS|PROPPR|TIMINGS)\.md", text
            )
        ]
    assert unresolved == []


def test_docs_layout_names_every_module():
    """docs/layout.md is where a reader finds what a module holds: it names every one."""
    layout = (ROOT / "docs" / "layout.md").read_text()
    modules = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "grading").rglob("*.py")
        if path.name != "__init__.py"
    )
    assert [module for module in modules if Path(module).name not in layout] == []
