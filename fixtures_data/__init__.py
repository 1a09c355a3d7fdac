"""The project's own fixtures: recorded matches and day lists (``fotmob/``), sample alerts
with their expected grades, PROPPR's documents (``proppr/``) and the market cases.

A package only so that a wheel ships them (``grading demo``, README command 1 and the
testbench read them from an installed copy too): :data:`HERE` is this folder.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
