"""Policy sets by name or from a TOML file (the daemon's ``[schedule] policy``, ``sim
--policy``): the same objects either way, so what the testbench tunes is what runs live."""

from __future__ import annotations

import tomllib
from pathlib import Path

from grading.core.pacing.policies import NAMED, PolicySet, policy_from_mapping


def load_policy(name: str) -> PolicySet:
    """``seed``, ``default``, or the path of a policy TOML (grading/core/pacing/policies.py
    documents its form); ValueError with one line when it cannot be used."""
    if name in NAMED:
        return NAMED[name]
    path = Path(name)
    if not path.is_file():
        raise ValueError(f"unknown policy {name!r} (known: {', '.join(NAMED)}, or a .toml)")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"policy {path} is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read policy {path}: {exc}") from None
    try:
        return policy_from_mapping(path.stem, raw)
    except ValueError as exc:
        raise ValueError(f"policy {path}: {exc}") from None
