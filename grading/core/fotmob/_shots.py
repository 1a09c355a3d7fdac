"""Per-player and per-team shot counts from the shot map (``content.shotmap.shots``).

docs/rules/fotmob.md §3.9: a shot carries ``period``, ``eventType`` (Goal, AttemptSaved,
Miss, Post), ``isBlocked``, ``shotType`` (Header, ...), ``situation`` (RegularPlay,
FromCorner, SetPiece, FreeKick, FastBreak, ThrowInSetPiece, Penalty) and, in 2024+
payloads, ``isFromInsideBox``. On target is a goal or a save that was not a block
(docs/rules/settlement.md §1.6). A split is only used for a player whose shot-map total
equals his stat line's shots, so a shot map missing shots never reads as "no shots".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from grading.core.fotmob._damage import Damage
from grading.core.fotmob._values import id_str, table

REGULATION_PERIODS = ("FirstHalf", "SecondHalf")
MATCH_PERIODS = (*REGULATION_PERIODS, "FirstHalfExtra", "SecondHalfExtra")
# Opta's set pieces: corners, free kicks (direct or not) and throw-ins; penalties apart.
_SET_PIECES = frozenset({"FromCorner", "SetPiece", "FreeKick", "ThrowInSetPiece"})

Shot = dict[str, Any]


def _on_target(shot: Shot) -> bool:
    return shot.get("eventType") == "Goal" or (
        shot.get("eventType") == "AttemptSaved" and not shot.get("isBlocked")
    )


def _outside(shot: Shot) -> bool:
    return shot.get("isFromInsideBox") is False


def _headed(shot: Shot) -> bool:
    return shot.get("shotType") == "Header"


def _set_piece(shot: Shot) -> bool:
    return shot.get("situation") in _SET_PIECES


# stat -> which shots it counts; the outside-box ones need isFromInsideBox on every shot.
SPLITS: dict[str, Callable[[Shot], bool]] = {
    "shots": lambda shot: True,
    "shots_on_target": _on_target,
    "headed_shots": _headed,
    "headed_sot": lambda shot: _headed(shot) and _on_target(shot),
    "set_piece_shots": _set_piece,
    "set_piece_sot": lambda shot: _set_piece(shot) and _on_target(shot),
    "free_kick_shots": lambda shot: shot.get("situation") == "FreeKick",
    "fast_break_shots": lambda shot: shot.get("situation") == "FastBreak",
    "shots_outside_box": _outside,
    "sot_outside_box": lambda shot: _outside(shot) and _on_target(shot),
}
_NEEDS = {
    "shots_outside_box": ("box",),
    "sot_outside_box": ("box",),
    "headed_shots": ("body",),
    "headed_sot": ("body",),
    "set_piece_shots": ("situation",),
    "set_piece_sot": ("situation",),
    "free_kick_shots": ("situation",),
    "fast_break_shots": ("situation",),
}
# The splits a team total is offered on (docs/rules/settlement.md §1.9).
TEAM_SPLITS = ("headed_shots", "headed_sot")


class ShotCounts:
    """Shot-map counts by player id (and by side) for the whole match and regulation."""

    def __init__(self, content: dict[str, Any], damage: Damage) -> None:
        raw = table(content, "shotmap").get("shots")
        problem = shotmap_problem(raw)
        if problem is not None:
            damage("shotmap", problem)
            raw = []
        shots = [s for s in raw or () if not s.get("isOwnGoal")]
        self.available = bool(shots)
        # a split is made only when every shot says what it reads
        known = {
            "box": all(isinstance(s.get("isFromInsideBox"), bool) for s in shots),
            "body": all(_named(s.get("shotType")) for s in shots),
            "situation": all(_named(s.get("situation")) for s in shots),
        }
        self._stats = [s for s in SPLITS if all(known[need] for need in _NEEDS.get(s, ()))]
        self.full = self._count(shots, MATCH_PERIODS)
        self.regulation = self._count(shots, REGULATION_PERIODS)

    def _count(self, shots: list[Shot], periods: tuple[str, ...]) -> dict[str, Counter[str]]:
        chosen = [s for s in shots if s.get("period") in periods]
        return {
            stat: Counter(id_str(s.get("playerId")) or "" for s in chosen if SPLITS[stat](s))
            for stat in self._stats
        }

    def player_splits(
        self, player_id: str | None, shots: int | None, regulation: bool
    ) -> dict[str, int]:
        """A player's split counts, when the shot map holds all his shots (else none)."""
        if not self.available or player_id is None or shots != self.full["shots"][player_id]:
            return {}
        counts = self.regulation if regulation else self.full
        return {stat: counts[stat][player_id] for stat in self._stats}

    def team_splits(
        self, sides: dict[str, str], team_shots: tuple[int, int] | None
    ) -> dict[str, tuple[int, int]]:
        """Regulation team counts of :data:`TEAM_SPLITS`, when every shot's player is listed
        and the shot map's shots add up to the team stat's."""
        counts = self.regulation
        shooters = set(counts["shots"])
        if not self.available or team_shots is None or not shooters <= sides.keys():
            return {}
        if _by_side(counts["shots"], sides) != team_shots:
            return {}
        return {stat: _by_side(counts[stat], sides) for stat in TEAM_SPLITS if stat in counts}


def _by_side(counter: Counter[str], sides: dict[str, str]) -> tuple[int, int]:
    home = sum(n for pid, n in counter.items() if sides.get(pid) == "home")
    away = sum(n for pid, n in counter.items() if sides.get(pid) == "away")
    return (home, away)


def _named(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def shotmap_problem(shots: Any) -> str | None:
    """Why the shot map cannot be trusted, or None."""
    if shots is None:
        return None
    if not isinstance(shots, list):
        return "the shot list is not a list"
    for index, shot in enumerate(shots):
        if (
            not isinstance(shot, dict)
            or not isinstance(shot.get("period"), str)
            or not isinstance(shot.get("eventType"), str)
            or shot.get("isBlocked") not in (None, True, False)
            or shot.get("isOwnGoal") not in (None, True, False)
            or shot.get("isFromInsideBox") not in (None, True, False)
            or id_str(shot.get("playerId")) is None
        ):
            return f"shot {index} is damaged"
    return None
