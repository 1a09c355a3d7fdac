"""Small pure readers for FotMob's mixed-type values (docs/rules/fotmob.md §3.6-3.8).

Stat values come as ints, floats, ``"2.82"``, ``"364 (83%)"``, ``"69/88 (78%)"``, ``"-"``,
``{"value": 46, "total": 53}`` or null. Every reader returns ints or None (unreadable),
never guesses, and its callers treat None as damage, never as 0.
"""

from __future__ import annotations

import re
from typing import Any

# No count in a football match comes near this; a larger one is damage, not data.
MAX_COUNT = 10_000
_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)")
_LEADING_INT = re.compile(r"^\s*(\d+)(?:\.0+)?\s*(?:\(|$)")
_PLAYER_URL = re.compile(r"/players/(\d+)")
_TEAM_URL = re.compile(r"/teams/(\d+)")


def count(value: Any) -> int | None:
    """A count from any FotMob representation: ``"-"`` and ``""`` read as 0 (how the
    legacy shapes write a zero); None when the value is not a count: null, a bool, a
    negative, fractional or absurd number, a list, text that is not a number
    (docs/rules/fotmob.md §1). A caller never turns None into 0."""
    if isinstance(value, dict):
        return count(value.get("value"))
    if value == "-" or value == "":
        return 0
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_COUNT else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 <= value <= MAX_COUNT else None
    if isinstance(value, str):
        fraction = _FRACTION.match(value)
        leading = fraction or _LEADING_INT.match(value)
        return _bounded(int(leading.group(1))) if leading else None
    return None


def total(value: Any) -> int | None:
    """The attempted part of made/attempted: ``{"value": 46, "total": 53}`` or ``"46/53"``;
    None when the value has no attempted part, or it is not a count."""
    if isinstance(value, dict):
        if value.get("total") is not None:
            return count(value["total"])
        return total(value.get("value"))
    if isinstance(value, str):
        fraction = _FRACTION.match(value)
        return _bounded(int(fraction.group(2))) if fraction else None
    return None


def readable(value: Any) -> bool:
    """A stat value the readers understand: a count, or made/attempted with both parts."""
    if isinstance(value, dict) and value.get("total") is not None and total(value) is None:
        return False
    return count(value) is not None


def _bounded(number: int) -> int | None:
    return number if number <= MAX_COUNT else None


def table(parent: Any, key: str) -> dict[str, Any]:
    """``parent[key]`` when both are JSON objects, else an empty one: a part that is missing
    or of the wrong type reads as absent, never as a crash."""
    value = parent.get(key) if isinstance(parent, dict) else None
    return value if isinstance(value, dict) else {}


def id_str(value: Any) -> str | None:
    """A FotMob id (int or str) as a string; None for null, NaN or empty."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text if text.isdigit() else None


def id_from_url(url: Any, kind: str = "player") -> str | None:
    """The id inside ``/players/169200/kevin-de-bruyne`` (2020 shape) or ``/teams/8602/...``."""
    if not isinstance(url, str):
        return None
    found = (_PLAYER_URL if kind == "player" else _TEAM_URL).search(url)
    return found.group(1) if found else None


def pair(values: Any) -> tuple[int, int] | None:
    """A ``[home, away]`` team-stat row as counts; None when either side is unreadable."""
    if not isinstance(values, list | tuple) or len(values) != 2:
        return None
    home, away = count(values[0]), count(values[1])
    if home is None or away is None:
        return None
    return (home, away)
