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
    "shots_on_target": (
        ("ShotsOnTarget", count),
        ("shot_accuracy", count),
        ("Shot on target", count),
    ),
    # Opta's tackles count tackles won and lost: "Tackles won 2/3" means 3 tackles.
    "tackles": (
        ("matchstats.headers.tackles", count),
        ("tackles_succeeded", total),
        ("Tackles attempted", count),
    ),
    # Passes are attempted passes: "Accurate passes 46/53" means 53 attempted.
    "passes": (("accurate_passes", total), ("Passes", count)),
    "fouls_committed": (("fouls", count), ("Fouls", count)),
    "saves": (("saves", count), ("Saves", count)),
}


def attempts(value: Any) -> int | None:
    """Attempts: the total of made/attempted, else the plain count."""
    attempted = total(value)
    return attempted if attempted is not None else count(value)


# Counts FotMob lists only for players who have some (docs/rules/fotmob.md §3.7): one is
# absent from a line when it is 0, but only a match that lists it for someone carries it
# at all (the 2020 shape never lists touches in the box, blocks or offsides).
SPARSE_SOURCES: dict[str, tuple[tuple[str, Reader], ...]] = {
    "fouls_won": (("was_fouled", count), ("Was fouled", count)),
    "offsides": (("Offsides", count),),
    "key_passes": (("chances_created", count), ("Key passes", count), ("Chances created", count)),
    "crosses": (("accurate_crosses", attempts), ("Crosses", attempts)),
    "interceptions": (("interceptions", count), ("Interceptions", count)),
    "clearances": (("clearances", count), ("Clearances", count)),
    "blocks": (("shot_blocks", count),),
    "dribbles": (("dribbles_succeeded", count), ("Dribbles succeeded", count)),
    "touches_in_box": (("touches_opp_box", count),),
    "aerials_won": (("aerials_won", count), ("Aerials won", count)),
    "accurate_passes": (("accurate_passes", count), ("Accurate passes", count)),
}
_READ_KEYS = {key for sources in STAT_SOURCES.values() for key, _ in sources} | {
    "minutes_played",
    "Minutes played",
}
# Keys the 2024+ shape gives every player who took part (measured over every recorded
# payload: 233 of 233 outfield players, 17 of 17 goalkeepers); tackles are under one of two.
_ALWAYS = {
    "2024": (
        (
            ("goals",),
            ("assists",),
            ("accurate_passes",),
            ("fouls",),
            ("matchstats.headers.tackles", "tackles_succeeded"),
        ),
        (("accurate_passes",), ("saves",)),
    ),
    # The 2020 shape lists four fixed sections for everyone who took part.
    "2020": (
        (
            ("Goals",),
            ("Assists",),
            ("Total shots",),
            ("Shot on target",),
            ("Passes",),
            ("Fouls",),
            ("Tackles attempted",),
        ),
        (("Saves",), ("Passes",)),
    ),
}


def provider_stats(flat: dict[str, Any]) -> tuple[dict[str, int], list[str], frozenset[str]]:
    """Our named counts from a flat ``key or label -> value`` dict, the problems of the
    values we read, and the sparse counts listed but unreadable. A count none of whose
    sources is present is 0 (FotMob leaves zeros out); one whose sources are present but
    give no count (a "won" figure without its attempts) is unknown and left out of the
    line, never 0."""
    out, problems = {}, []
    for key in sorted(_READ_KEYS & flat.keys()):
        if not readable(flat[key]):
            problems.append(f"{key} value {_show(flat[key])} is not a count")
    for name, sources in STAT_SOURCES.items():
        present = [(key, reader) for key, reader in sources if key in flat]
        if not present:
            out[name] = 0
            continue
        values = [value for key, reader in present if (value := reader(flat[key])) is not None]
        if values:
            out[name] = values[0]
    unknown = set()
    for name, sources in SPARSE_SOURCES.items():
        listed = [reader(flat[key]) for key, reader in sources if key in flat]
        if listed and listed[0] is not None:
            out[name] = listed[0]
        elif listed:  # listed but unreadable: unknown, never 0 (and the line stands)
            unknown.add(name)
    return out, problems, frozenset(unknown)


def missing_keys(flat: dict[str, Any], keeper: bool, shape: str = "2024") -> list[str]:
    """Keys every real line of a player who took part has, that this one lacks (the
    late-2023 shape uses the 2024+ keys)."""
    outfield, keepers = _ALWAYS[shape]
    return [
        " or ".join(keys)
        for keys in (keepers if keeper else outfield)
        if not any(k in flat for k in keys)
    ]


def line_problems(line: dict[str, int], flat: dict[str, Any]) -> list[str]:
    """Invariants every recorded line satisfies: shots on target and goals are shots, and
    the 2020 shape's shot accuracy is on target over total."""
    problems = []
    shots = line.get("shots")
    for part in ("shots_on_target", "goals"):
        if shots is not None and line.get(part, 0) > shots:
            problems.append(f"{line[part]} {part.replace('_', ' ')} out of {shots} shots")
    accuracy = flat.get("Shot accuracy")
    if isinstance(accuracy, str) and accuracy.endswith("%") and shots is not None:
        on = line.get("shots_on_target", 0)
        expected = f"{round(100 * on / shots)}%" if shots else "0%"
        if accuracy != expected:
            problems.append(f"shot accuracy {accuracy} is not {on} of {shots}")
    return problems


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
        if not isinstance(entries, dict) or not entries:  # no real section is empty
            problems.append(f"stat section {index} is damaged")
            continue
        for label, entry in entries.items():
            if _entry_problem(entry, value_key):
                problems.append(f"stat {_show(label)} is damaged")
            elif entry["key"]:
                flat.setdefault(entry["key"], entry[value_key])
    return flat, problems


def _entry_problem(entry: Any, value_key: str) -> bool:
    """A stat entry is ``{key, <value_key>}``; the key is text, or null only on a boolean
    entry ("Shotmap", the one such entry in every recorded payload); in the 2024+ shape the
    value is an object ``{value, total?, type}``."""
    if not isinstance(entry, dict) or value_key not in entry:
        return True
    key, value = entry.get("key"), entry[value_key]
    if value_key == "stat" and not isinstance(value, dict):
        return True
    if key is None:  # 2024+: {"type": "boolean", ...}; late 2023: the bare boolean
        return not (
            value.get("type") == "boolean" if isinstance(value, dict) else isinstance(value, bool)
        )
    return not isinstance(key, str) or not key.strip()


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
