"""Shared test helpers: where ../shared is, and how tests that need it skip or fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "fixtures_data"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip when it is absent, fail when CI is set (CI must have it)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: tests that read ../shared need it beside the project"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message, allow_module_level=True)   # also when read at collection
    return path


pytest_plugins = ["tests.stores", "tests.fakes"]
