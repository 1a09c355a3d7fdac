"""Regulation-time team stats from ``content.stats`` (docs/rules/fotmob.md §3.8).

Without extra time a stat is ``Periods.All``; after extra time it is ``FirstHalf`` plus
``SecondHalf``. A null is 0 inside a half (FotMob writes zeros that way) but never in
``All``; a row that cannot be read, or halves that do not add up to ``All`` (checked on
every recorded payload), damage that stat: it is left out, with the reason, never read as 0.
"""

from __future__ import annotations

from typing import Any

from grading.core.fotmob._damage import Damage
from grading.core.fotmob._values import pair, table

Pair = tuple[int, int]
# Our name -> (row key of the new shapes, row title of the 2020 shape).
TEAM_STAT_KEYS = {
    "corners": ("corners", "Corners"),
    "shots": ("total_shots", "Total shots"),
    "shots_on_target": ("ShotsOnTarget", "Shots on target"),
    "fouls": ("fouls", "Fouls"),
    "offsides": ("Offsides", "Offsides"),
    "saves": ("keeper_saves", "Saves"),
    "shots_outside_box": ("shots_outside_box", "Shots outside box"),
    "throw_ins": ("player_throws", "Throws"),
    # only this key counts every tackle; "tackles_succeeded" (some payloads) counts won ones
    "tackles": ("matchstats.headers.tackles", "Tackles"),
}
_HALVES = ("FirstHalf", "SecondHalf")
_EXTRA = ("FirstExtraHalf", "SecondExtraHalf")


def team_stats(
    content: dict[str, Any], extra_time: bool, damage: Damage
) -> tuple[dict[str, Pair], dict[str, dict[str, Pair]]]:
    """Regulation team stats, and each half's (``1st``, ``2nd``) where the payload splits
    them; a stat the payload lacks (or damages) is absent."""
    stats = table(content, "stats")
    if "Periods" not in stats:  # 2020 shape: stats.stats[] by title, no periods
        return ({} if extra_time else _rows(stats.get("stats"), "title", True, damage)), {}
    periods = table(stats, "Periods")
    rows = {
        name: _rows(table(periods, name).get("stats"), "key", name == "All", damage)
        for name in ("All", *_HALVES, *_EXTRA)
    }
    out = {}
    halves: dict[str, dict[str, Pair]] = {"1st": {}, "2nd": {}}
    for stat in TEAM_STAT_KEYS:
        value = _regulation(stat, rows, extra_time, damage)
        if value is not None:
            out[stat] = value
        first, second = (rows[name].get(stat) for name in _HALVES)
        if first is not None and second is not None and f"team_stats.{stat}" not in damage:
            halves["1st"][stat], halves["2nd"][stat] = first, second
    return out, {half: split for half, split in halves.items() if split}


def _regulation(
    stat: str, rows: dict[str, dict[str, Pair]], extra_time: bool, damage: Damage
) -> Pair | None:
    whole = rows["All"].get(stat)
    halves = [rows[name].get(stat) for name in _HALVES]
    extra = [rows[name].get(stat) for name in _EXTRA]
    parts = halves + extra if extra_time else halves
    if whole is not None and all(p is not None for p in parts) and _sum(parts) != whole:
        damage(
            f"team_stats.{stat}",
            f"{stat}: the periods ({_show(_sum(parts))}) do not add "
            f"up to the whole match ({_show(whole)})",
        )
        return None
    if not extra_time:
        return whole
    first, second = halves
    return None if first is None or second is None else _sum([first, second])


def _rows(sections: Any, field: str, whole: bool, damage: Damage) -> dict[str, Pair]:
    """``{our name: (home, away)}`` from a period's sections, first row of a name wins."""
    wanted = {names[0 if field == "key" else 1]: ours for ours, names in TEAM_STAT_KEYS.items()}
    out: dict[str, Pair] = {}
    for section in sections if isinstance(sections, list) else ():
        rows = section.get("stats") if isinstance(section, dict) else None
        for row in rows if isinstance(rows, list) else ():
            name = wanted.get(str(row.get(field))) if isinstance(row, dict) else None
            if name is None or name in out:
                continue
            values = row.get("stats")
            if not whole and isinstance(values, list):  # a half writes 0 as null
                values = [0 if v is None else v for v in values]
            counts = pair(values)
            if counts is None:
                damage(f"team_stats.{name}", f"{name}: {str(values)[:30]} is not a count")
            else:
                out[name] = counts
    return out


def _sum(parts: list[Pair | None]) -> Pair:
    return (sum(p[0] for p in parts if p), sum(p[1] for p in parts if p))


def _show(counts: Pair) -> str:
    return f"{counts[0]}-{counts[1]}"
