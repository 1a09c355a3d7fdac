"""Shared test helpers: where ../shared is, and how tests that need it skip or fail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "fixtures_data"
# README command 1: the daemon on PROPPR's documents and the recorded matches, until idle.
RUN_ON_FIXTURES = [
    *("run", "--schema", "proppr", "--until-idle"),
    *("--source", str(FIXTURES / "fotmob"), "--load-alerts", str(FIXTURES / "proppr")),
]


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip when it is absent, fail when CI is set (CI must have it)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: tests that read ../shared need it beside the project"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message, allow_module_level=True)  # also when read at collection
    return path


def argv(*parts: object) -> list[str]:
    """A command line as a test writes it: text split on spaces, anything else (a path) one
    argument whole. ``argv("verify --alerts", path, "--no-progress")``."""
    return [
        word for part in parts for word in (part.split() if isinstance(part, str) else [str(part)])
    ]


def required_tool(*names: str, package: str) -> str:
    """The first of `names` on PATH; skip when none is, fail when CI is set (.ci/run installs
    Debian's `package`)."""
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return found
    message = f"{names[0]} is not installed (Debian: apt-get install {package})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _data_home(tmp_path_factory):
    """A daemon started by a test without a data directory writes under a temporary XDG data
    home, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data-home")))
        yield


pytest_plugins = ["tests.stores", "tests.fakes"]
