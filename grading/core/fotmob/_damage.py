"""What a payload showed to be damaged, part by part (docs/rules/fotmob.md §8).

A damaged part never becomes a settled grade: the markets that read it are ``ungradeable``
with the reason, and the other markets settle as usual. Parts: ``lineup``, ``events``,
``shotmap`` and ``team_stats.<stat>``; a player's own stat line is damaged on his
PlayerFacts (``damaged``).
"""

from __future__ import annotations


class Damage:
    """Part -> the first reason found (later ones add nothing a reader needs)."""

    def __init__(self) -> None:
        self.parts: dict[str, str] = {}

    def __call__(self, part: str, reason: str) -> None:
        self.parts.setdefault(part, reason)

    def __contains__(self, part: object) -> bool:
        return part in self.parts
