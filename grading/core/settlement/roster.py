"""Finding the alert's player among a match's players. Pure.

docs/design.md: match by id when the alert has one, else by normalized name. A name matches
when it equals the player's normalized name, or when all its words are words of exactly
one player's name ("Messi" finds "Lionel Messi"); a name that fits several players is
ambiguous and never guessed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from grading.core.alerts import PlayerRef
from grading.core.facts import PlayerFacts
from grading.core.settlement.markets import normalize_text


class AmbiguousPlayer(LookupError):
    """The name fits more than one player of the match."""


@functools.lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    return tuple(normalize_text(name.replace("-", " ").replace(".", " ")).split())


def find_player(players: Iterable[PlayerFacts], ref: PlayerRef) -> PlayerFacts | None:
    """The player the alert names, or None when he is not listed for the match."""
    listed = list(players)
    if ref.id:
        for player in listed:
            if player.id == ref.id:
                return player
    if not ref.name:
        return None
    wanted = _words(ref.name)
    exact = [p for p in listed if _words(p.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise AmbiguousPlayer(f"player name {ref.name!r} fits {len(exact)} players")
    partial = [p for p in listed if wanted and set(wanted) <= set(_words(p.name))]
    if len(partial) > 1:
        names = ", ".join(sorted(p.name for p in partial))
        raise AmbiguousPlayer(f"player name {ref.name!r} fits several players ({names})")
    return partial[0] if partial else None
