"""The alias table for finding matches by name: the packaged one, plus the operator's.

The packaged table (grading/data/aliases.json) holds names no score can match ("Spurs" is
Tottenham Hotspur) and FotMob's country codes. An operator adds their own in a file of the
same form, ``{"teams": {fotmob name: [aliases]}, "countries": {code: [names]}}``, named by
``[fixtures] aliases_file``; their entries are added to the packaged ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from grading.core.fixtures import Aliases

_SECTIONS = ("teams", "countries")


def load_aliases(extra: Path | None = None) -> Aliases:
    """The packaged aliases plus those of ``extra``; ValueError with one line when the
    operator's file cannot be used."""
    packaged = json.loads(
        resources.files("grading").joinpath("data/aliases.json").read_text(encoding="utf-8")
    )
    tables = {section: dict(packaged[section]) for section in _SECTIONS}
    if extra is not None:
        for section, entries in _read(extra).items():
            for name, aliases in entries.items():
                tables[section][name] = [*tables[section].get(name, []), *aliases]
    return Aliases(tables["teams"], tables["countries"])


def _read(path: Path) -> dict[str, dict[str, list[str]]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read aliases file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"aliases file {path} is not JSON: {exc}") from None
    if not isinstance(raw, Mapping) or not set(raw) & set(_SECTIONS):
        raise ValueError(f'aliases file {path} must be an object with "teams" and/or "countries"')
    return {section: _entries(path, section, raw.get(section) or {}) for section in _SECTIONS}


def _entries(path: Path, section: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, Mapping) or not all(
        isinstance(name, str)
        and isinstance(aliases, list)
        and all(isinstance(alias, str) for alias in aliases)
        for name, aliases in value.items()
    ):
        raise ValueError(f'aliases file {path}: "{section}" must map names to lists of names')
    return {name: list(aliases) for name, aliases in value.items()}
