"""A player's stat line as the provider gives it, read with every value checked.

docs/rules/fotmob.md §3.7: stats come in labelled sections; some appear only when non-zero,
so an absent count is 0. That rule is only safe when the line itself is intact, so a
present value that is not a count, an entry or section of the wrong shape, or (2024+ shape)
a key every player who took part always has, missing, is a problem of that player's line:
his props are then ungradeable, never read as 0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grading.core.fotmob._values import count, readable, total

Reader = Callable[[Any], "int | None"]

# Our stat name -> where each shape keeps it, in order of preference. Keys are the new
# shapes' stat keys; capitalised names are the 2020 shape's labels (docs/rules/fotmob.md
# §3.7).
STAT_SOURCES: dict[str, tuple[tuple[str, Reader], ...]] = {
    "goals": (("goals", count), ("Goals", count)),
    "assists": (("assists", count), ("Assists", count)),
    "shots": (("total_shots", count), ("Total shots", count)),
    # "Shot accuracy" is shots on target over shots: its numerator is the count.
    "shots_on_target": (("ShotsOnTarget", count), ("shot_accuracy", count),
                        ("Shot on target", count)),
    # Opta's tackles count tackles won and lost: "Tackles won 2/3" means 3 tackles.
    "tackles": (("matchstats.headers.tackles", count), ("tackles_succeeded", total),
                ("Tackles attempted", count)),
    # Passes are attempted passes: "Accurate passes 46/53" means 53 attempted.
    "passes": (("accurate_passes", total), ("Passes", count)),
    "fouls_committed": (("fouls", count), ("Fouls", count)),
    "saves": (("saves", count), ("Saves", count)),
}
_READ_KEYS = {key for sources in STAT_SOURCES.values() for key, _ in sources} | {
    "minutes_played", "Minutes played"}
# Keys the 2024+ shape gives every player who took part (measured over every recorded
# payload: 233 of 233 outfield players, 17 of 17 goalkeepers); tackles are under one of two.
_ALWAYS_OUTFIELD = (("goals",), ("assists",), ("accurate_passes",), ("fouls",),
                    ("matchstats.headers.tackles", "tackles_succeeded"))
_ALWAYS_KEEPER = (("accurate_passes",), ("saves",))


def provider_stats(flat: dict[str, Any]) -> tuple[dict[str, int], list[str]]:
    """Our named counts from a flat ``key or label -> value`` dict (absent counts are 0),
    and the problems of the values we read."""
    out, problems = {}, []
    for key in sorted(_READ_KEYS & flat.keys()):
        if not readable(flat[key]):
            problems.append(f"{key} value {_show(flat[key])} is not a count")
    for name, sources in STAT_SOURCES.items():
        value = None
        for key, reader in sources:
            if key in flat and (value := reader(flat[key])) is not None:
                break
        out[name] = value or 0
    return out, problems


def missing_keys(flat: dict[str, Any], keeper: bool) -> list[str]:
    """Keys a 2024+ line of a player who took part always has, that this one lacks."""
    expected = _ALWAYS_KEEPER if keeper else _ALWAYS_OUTFIELD
    return [" or ".join(keys) for keys in expected if not any(k in flat for k in keys)]


def flatten_sections(sections: Any, value_key: str) -> tuple[dict[str, Any], list[str]]:
    """``[{key, stats: {label: {key, <value_key>}}}]`` -> ``{key: value}`` (first wins),
    and the problems of its shape: a section or an entry that is not an object, an entry
    without its value or with a key that is not text."""
    if sections is None:
        return {}, []
    if not isinstance(sections, list):
        return {}, [f"stats is {_show(sections)}, not a list of sections"]
    flat: dict[str, Any] = {}
    problems = []
    for index, section in enumerate(sections):
        entries = section.get("stats") if isinstance(section, dict) else None
        if not isinstance(entries, dict):
            problems.append(f"stat section {index} is damaged")
            continue
        for label, entry in entries.items():
            key = entry.get("key") if isinstance(entry, dict) else None
            if not isinstance(entry, dict) or value_key not in entry or \
                    not isinstance(key, str | None):
                problems.append(f"stat {_show(label)} is damaged")
            elif key:
                flat.setdefault(key, entry[value_key])
    return flat, problems


def legacy_sections(stats: Any) -> tuple[dict[str, Any], list[str]]:
    """The 2020 shape's ``{"0": {label: value}, ...}`` -> ``{label: value}``."""
    if not isinstance(stats, dict):
        return {}, [] if stats is None else [f"stats is {_show(stats)}"]
    flat: dict[str, Any] = {}
    problems = []
    for name, section in stats.items():
        if isinstance(section, dict):
            flat.update(section)
        else:
            problems.append(f"stat section {_show(name)} is damaged")
    return flat, problems


def _show(value: Any) -> str:
    return "null" if value is None else repr(value)[:24]
