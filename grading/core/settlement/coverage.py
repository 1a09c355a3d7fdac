"""The coverage report: every market, its names, ids, what it reads and how exactly it
settles (docs/rules/settlement.md §1.9-§1.11). Pure; ``grading markets`` prints it."""

from __future__ import annotations

from typing import Any

from grading.core.settlement.catalogue import (
    CATALOGUE,
    LINE_COUNTS,
    NOT_CARRIED,
    SHOT_MAP_COUNTS,
    TIMELINE_KINDS,
    MarketSpec,
)
from grading.core.settlement.names import ALIASES, VARIANTS

_EVENTS = "matchFacts.events (Goal: time, newScore, ownGoal)"
_CARDS = "matchFacts.events (Card, cardDescription), lineup"
_SHOT_MAP = "shotmap.shots (shotType, situation, isFromInsideBox, period)"
_PLAYER_LINE = "lineup + playerStats[id] (whole-match stat line)"
_WHOLE_MATCH = "whole-match figure: ungradeable in regulation after extra time"
_ORDER = {
    "first_scorer": "own goals skipped or an outcome (rule own_goal_rule); late substitute void",
    "last_scorer": "own goals skipped or an outcome (rule own_goal_rule)",
    "first_booked": "cards in the same minute in the order shown, no dead heat",
    "first_card": "cards in the same minute in the order shown",
    "scorer_how": "only goals the source marks; an unmarked goal of his: ungradeable",
    "goal_count": "only goals the source marks; one unmarked goal: ungradeable",
    "race": "ungradeable when both sides reached N (corner order is not in the payload)",
}


def coverage() -> list[dict[str, Any]]:
    """One row per market (catalogue order), then the markets FotMob cannot settle."""
    names = _names()
    rows = [_row(spec, names.get(key, [])) for key, spec in CATALOGUE.items()]
    for name, what in NOT_CARRIED.items():
        rows.append(
            {
                "market": name.replace(" ", "_"),
                "aliases": [name],
                "kind": "none",
                "subject": "match",
                "period": "ft",
                "legacy_id": None,
                "api_type_id": None,
                "api_location": None,
                "reads": [],
                "settles": "no",
                "note": f"FotMob does not carry {what}",
            }
        )
    return rows


def _row(spec: MarketSpec, aliases: list[str]) -> dict[str, Any]:
    settles, note = _exactness(spec)
    return {
        "market": spec.key,
        "aliases": sorted(aliases),
        "kind": spec.kind,
        "subject": spec.subject,
        "period": spec.period,
        "legacy_id": spec.legacy_id,
        "api_type_id": spec.api_type_id,
        "api_location": spec.location,
        "reads": _reads(spec),
        "settles": settles,
        "note": note,
    }


def _names() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, target in ALIASES.items():
        out.setdefault(target if isinstance(target, str) else target[0], []).append(name)
    for name, (key, player, team) in VARIANTS.items():
        for found in filter(None, (key, player, team)):
            out.setdefault(found, []).append(name)
    return out


def _reads(spec: MarketSpec) -> list[str]:
    if spec.subject == "player":
        if spec.kind in ("first_scorer", "last_scorer", "scorer_in"):
            return [_EVENTS, "lineup (substitutions)"]
        if spec.kind == "scorer_how":
            return [_EVENTS, "goal shotmapEvent / goalDescriptionKey"]
        if spec.kind == "first_booked":
            return [_CARDS]
        if spec.stat in SHOT_MAP_COUNTS:
            return [_PLAYER_LINE, _SHOT_MAP]
        if spec.stat in (
            "goals",
            "assists",
            "yellow_cards",
            "red_cards",
            "cards",
            "goals_or_assists",
        ):
            return [_EVENTS if "card" not in spec.stat else _CARDS, _PLAYER_LINE]
        return [_PLAYER_LINE]
    if spec.stat in ("cards", "booking_points", "red_cards"):
        return [_CARDS]
    if spec.stat == "goals" or spec.kind == "goal_count":
        if spec.period == "ft" and spec.kind not in TIMELINE_KINDS:
            return ["header.status (scoreStr), matchFacts.events when extra time was played"]
        return [_EVENTS] + (
            ["goal shotmapEvent / goalDescriptionKey"] if spec.kind == "goal_count" else []
        )
    if spec.stat in ("headed_shots", "headed_sot"):
        return [_SHOT_MAP, "stats.Periods.All (total_shots)"]
    period = {"ft": "All", "1st": "FirstHalf", "2nd": "SecondHalf"}[spec.period]
    return [f"stats.Periods.{period} ({spec.stat})"]


_LINE_STATS = frozenset(LINE_COUNTS) | {"passes", "tackles", "fouls_committed", "saves"}


def _exactness(spec: MarketSpec) -> tuple[str, str]:
    if spec.kind in _ORDER:
        return "caveat", _ORDER[spec.kind]
    if spec.subject == "player" and spec.stat in SHOT_MAP_COUNTS:
        return (
            "caveat",
            "from the shot map, when it holds all his shots (outside the box: 2024+ payloads)",
        )
    if spec.subject == "player" and spec.stat in _LINE_STATS:
        extra = {
            "crosses": "crosses attempted; ",
            "dribbles": "successful dribbles; ",
            "blocks": "shots blocked by the player; ",
        }.get(spec.stat, "")
        return "caveat", extra + _WHOLE_MATCH
    if spec.stat in ("assists", "goals_or_assists"):
        return "caveat", "FotMob's assist definition"
    if spec.period != "ft" and spec.stat not in ("goals", "cards", "booking_points"):
        return "caveat", "needs the payload's period split; ungradeable with only All"
    return "exact", ""
