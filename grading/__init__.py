"""Grading daemon for football betting tips: FotMob facts, exact settlement, adaptive pacing.

The package is layered (docs/design.md): ``grading.core`` is pure (facts, settlement,
pacing), ``grading.edges`` talks to the world (FotMob, MongoDB, SQLite, Sheets, clocks),
``grading.loops`` runs passes and steps, ``grading.app`` is settings, CLI and daemon. The
seed's public names are importable from here; they load on first use, so importing the pure
core never pulls in an HTTP or database driver.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "UnifiedGradingScheduler": "grading.app.seed",
    "create_scheduler": "grading.app.seed",
    "UnifiedResultProcessor": "grading.app.seed",
    "UnifiedSheetsSync": "grading.app.seed",
    "ImmediateBetGrader": "grading.loops.grader",
    "UnifiedMarketMapper": "grading.core.settlement.markets",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'grading' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)
