"""Finding the alert's player among a match's players. Pure.

Bookmakers and tip bots spell players differently from FotMob ("Vinicius Jr", "E. Martinez",
"Heung-Min Son"), so a name that matches no one is the common case, not an edge case; and a
player not found is not a player who did not play. The rules (docs/rules/players.md):

1. the alert's id, when it is the id of a listed player;
2. the name, transliterated and cut into words (accents, case, hyphens, dots and suffixes
   such as "Jr" do not matter), matching one player's words in any order, each word whole,
   a prefix (an initial, "Mo", "Vini") or the same; or the player's words all being among
   the alert's ("Rodrygo" for "Rodrygo Goes");
3. a fuzzy score (rapidfuzz's token sort ratio) of at least :data:`CONFIDENT`, ahead of the
   runner-up by at least :data:`MARGIN`, with every written word like a distinct word of
   the player's (a ratio of :data:`WORD_ALIKE` or a prefix): "Lionel Mesi" is Lionel Messi,
   but "Emiliano Martinez" (82 against Lisandro Martínez) is nobody.

Only the alert's team is searched when the alert names one. Several players fitting a rule
is ambiguous; none fitting is :class:`PlayerNotFound` with the closest candidates. Neither is
ever guessed. A player is taken to have played no part only when the alert gives his id and
it is absent from a complete lineup (eleven starters a side).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process
from unidecode import unidecode

from grading.core.alerts import PlayerRef
from grading.core.facts import PlayerFacts

CONFIDENT = 85.0
MARGIN = 10.0
WORD_ALIKE = 80.0
_SUFFIXES = frozenset({"jr", "junior", "jnr", "sr", "snr", "ii", "iii"})
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


class AmbiguousPlayer(LookupError):
    """The name fits more than one player of the match."""


class PlayerNotFound(LookupError):
    """No player of the match fits the name with confidence; the message names the closest."""


@functools.lru_cache(maxsize=8192)
def name_words(name: str) -> tuple[str, ...]:
    """Transliterated, lower-case words of a name, suffixes such as "Jr" left out."""
    words = _NOT_LETTERS.sub(" ", unidecode(name).lower()).split()
    return tuple(w for w in words if w not in _SUFFIXES) or tuple(words)


def find_player(
    players: Sequence[PlayerFacts], ref: PlayerRef, side: str | None = None, complete: bool = False
) -> PlayerFacts | None:
    """The player the alert names; None when he demonstrably took no part (his id is absent
    from a complete lineup). Raises AmbiguousPlayer or PlayerNotFound otherwise.

    A match's alerts name the same players again and again: each answer is kept with the
    match's index."""
    answers = _index(players).answers
    key = (ref.id, ref.name, side, complete)
    answer = answers.get(key, _UNSEEN)
    if answer is _UNSEEN:
        try:
            answer = _find(players, ref, side, complete)
        except LookupError as exc:  # kept as (kind, message): a fresh one each time
            answer = (type(exc), str(exc))
        answers[key] = answer
    if isinstance(answer, tuple):
        raise answer[0](answer[1])
    return answer if isinstance(answer, PlayerFacts) else None


_UNSEEN = object()


def _find(
    players: Sequence[PlayerFacts], ref: PlayerRef, side: str | None, complete: bool
) -> PlayerFacts | None:
    if ref.id:
        for player in players:
            if player.id == ref.id:
                return player
    if ref.name:
        found = _by_words(players, side, ref.name)
        if found is not None:
            return found
    candidates = [p for p in players if side is None or p.side == side]
    if ref.name:
        found = _by_score(candidates, ref.name)
        if found is not None:
            return found
    if ref.id and complete:
        return None
    raise PlayerNotFound(f"no player of this match is {_named(ref)}{_closest(candidates, ref)}")


class _Index:
    """A match's players by the keys of the exact rules, built once per match."""

    def __init__(self, players: Sequence[PlayerFacts]) -> None:
        self.words = [(p, name_words(p.name)) for p in players]
        self.by_key: dict[tuple[str, object], list[PlayerFacts]] = {}
        self.answers: dict[tuple[object, ...], object] = {}
        for player, words in self.words:
            for key in (("same words", tuple(sorted(words))), ("same letters", "".join(words))):
                self.by_key.setdefault(key, []).append(player)


_INDEXES: dict[int, tuple[Sequence[PlayerFacts], _Index]] = {}


def _index(players: Sequence[PlayerFacts]) -> _Index:
    """The index of these players (kept for the last few matches settled)."""
    found = _INDEXES.get(id(players))
    if found is not None and found[0] is players:
        return found[1]
    if len(_INDEXES) >= 64:
        _INDEXES.clear()
    index = _Index(players)
    _INDEXES[id(players)] = (players, index)
    return index


def _by_words(players: Sequence[PlayerFacts], side: str | None, name: str) -> PlayerFacts | None:
    wanted = name_words(name)
    if not wanted:
        return None
    index = _index(players)
    exact = (("same words", tuple(sorted(wanted))), ("same letters", "".join(wanted)))
    for key in exact:
        fits = [p for p in index.by_key.get(key, ()) if side is None or p.side == side]
        if fits:
            return _one_of(fits, name)
    for rule in (_abbreviated, _player_words_among):
        fits = [
            p
            for p, words in index.words
            if (side is None or p.side == side) and rule(wanted, words)
        ]
        if fits:
            return _one_of(fits, name)
    return None


def _one_of(fits: list[PlayerFacts], name: str) -> PlayerFacts | None:
    """The one player fitting a rule; AmbiguousPlayer when several do."""
    if len(fits) > 1:
        names = ", ".join(sorted(p.name for p in fits))
        raise AmbiguousPlayer(f"player name {name!r} fits several players ({names})")
    return fits[0] if fits else None


def _abbreviated(wanted: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Every wanted word is a word of the player's, or a prefix of one (an initial, "Mo",
    "Vini"), each used once; at least one is a whole word of three letters or more, or the
    name is one word of four letters or more ("Messi", "Vini")."""
    if not any(len(w) >= 3 and w in words for w in wanted) and not (
        len(wanted) == 1 and len(wanted[0]) >= 4
    ):
        return False
    free = list(words)
    for word in sorted(wanted, key=len, reverse=True):  # whole words first
        match = next((w for w in free if w == word), None) or next(
            (w for w in free if w.startswith(word)), None
        )
        if match is None:
            return False
        free.remove(match)
    return True


def _player_words_among(wanted: tuple[str, ...], words: tuple[str, ...]) -> bool:
    return bool(words) and all(w in wanted for w in words) and len(" ".join(words)) >= 4


def _by_score(candidates: Sequence[PlayerFacts], name: str) -> PlayerFacts | None:
    scored = _scores(candidates, name)
    if not scored:
        return None
    best_score, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if (
        best_score >= CONFIDENT
        and best_score - runner_up >= MARGIN
        and _words_alike(name_words(name), name_words(best.name))
    ):
        return best
    return None


def _words_alike(wanted: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Every wanted word resembles a distinct word of the player's, or begins it."""
    free = list(words)
    for word in sorted(wanted, key=len, reverse=True):
        match = next(
            (w for w in free if w.startswith(word) or fuzz.ratio(word, w) >= WORD_ALIKE), None
        )
        if match is None:
            return False
        free.remove(match)
    return True


def _scores(candidates: Sequence[PlayerFacts], name: str) -> list[tuple[float, PlayerFacts]]:
    choices = {index: " ".join(name_words(p.name)) for index, p in enumerate(candidates)}
    found = process.extract(
        " ".join(name_words(name)), choices, scorer=fuzz.token_sort_ratio, limit=3
    )
    return [(score, candidates[index]) for _, score, index in found]


def _closest(candidates: Sequence[PlayerFacts], ref: PlayerRef) -> str:
    if not ref.name or not candidates:
        return ""
    near = ", ".join(f"{p.name} {score:.0f}" for score, p in _scores(candidates, ref.name))
    return f" (closest: {near})"


def _named(ref: PlayerRef) -> str:
    return " with ".join(
        part
        for part in (repr(ref.name) if ref.name else "", f"id {ref.id}" if ref.id else "")
        if part
    )
