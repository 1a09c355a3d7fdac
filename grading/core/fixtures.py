"""Finding an alert's FotMob match by team names, date and kickoff. Pure.

PROPPR's alerts name a match the bookmakers' way ("Man Utd vs Spurs", a date and a UTC time)
and carry no FotMob id. FotMob's day list gives every match of a date with a short and a long
name per side (docs/rules/fotmob.md §4). The rules (docs/rules/fixtures.md):

* names are compared as words: transliterated, lower case, punctuation gone, club affixes
  (FC, AFC, CF, SC, 1., 04 ...) dropped, "Utd" read as United and "St" as Saint, an alias
  table applied ("Spurs" is Tottenham Hotspur);
* a side's score is 100 for the same words (either FotMob form), 95 when every word is a
  word or the start of one of the other's ("Man City"), else rapidfuzz's token sort ratio;
  a match's score is the lower of its two sides';
* youth, women's and reserve sides ("U18", "(W)", "II", "B", "Academy") are other teams:
  never matched to an alert that does not say so;
* the kickoff must be within the rules' tolerance of the alert's (an unknown "00:00"
  time checks nothing); the league, then the country, break a tie;
* confident: a score of :class:`MatchingRules` ``confident`` or more, ``margin`` ahead of
  the next match; a match whose sides only fit the other way round is reported, never
  taken.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz
from unidecode import unidecode

from grading.core.fotmob.day_list import DayRow

_AFFIXES = frozenset(
    {
        "fc",
        "afc",
        "cf",
        "sc",
        "ac",
        "cd",
        "ud",
        "sd",
        "fk",
        "sk",
        "bk",
        "if",
        "ssc",
        "sv",
        "fsv",
        "tsv",
        "tsg",
        "vfl",
        "vfb",
        "vfr",
        "rc",
        "calcio",
        "de",
        "the",
    }
)
_SPELLINGS = {"utd": "united", "st": "saint", "and": "", "&": ""}
_MARKERS = {
    "w": "women",
    "women": "women",
    "womens": "women",
    "ladies": "women",
    "femenino": "women",
    "feminino": "women",
    "femmes": "women",
    "ii": "reserves",
    "b": "reserves",
    "reserves": "reserves",
    "res": "reserves",
    "academy": "academy",
    "youth": "youth",
    "castilla": "reserves",
}  # Real Madrid Castilla, Real Madrid's reserve side
_AGE = re.compile(r"u(1[5-9]|2[0-3])")
_NOT_WORDS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class MatchingRules:
    """When a day-list row is taken as the alert's match: a score of ``confident`` or more,
    ``margin`` ahead of any other row, a kickoff within ``kickoff_tolerance``. The
    defaults are measured on the table of real name pairs (docs/rules/fixtures.md §4)."""

    confident: float = 85.0
    margin: float = 8.0
    kickoff_tolerance: timedelta = timedelta(hours=3)


RULES = MatchingRules()


@dataclass(frozen=True, slots=True)
class Team:
    """A team name as compared: its words, and what kind of side it is (senior: empty)."""

    words: tuple[str, ...]
    markers: frozenset[str]


class Aliases:
    """Names no score can match, and country names as FotMob's codes.

    ``teams`` maps the name FotMob uses to the other names of that club ("Wolverhampton
    Wanderers": ["Wolves"]); ``countries`` maps a FotMob country code to the names an alert
    may give ("ENG": ["England"]). Built from the packaged table plus the operator's own
    (grading/edges/alias_files.py)."""

    def __init__(
        self,
        teams: Mapping[str, Sequence[str]] | None = None,
        countries: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._to: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, aliases in (teams or {}).items():
            for alias in aliases:
                self._to[team(alias).words] = team(canonical).words
        self._codes = {
            _plain(name): code.upper()
            for code, names in (countries or {}).items()
            for name in (code, *names)
        }

    def canonical(self, name: Team) -> Team:
        words = self._to.get(name.words)
        return name if words is None else Team(words, name.markers)

    def country_code(self, country: str) -> str:
        """FotMob's code for a country name ("England": "ENG"); the name itself upper-cased
        when the table does not know it."""
        return self._codes.get(_plain(country), country.strip().upper())


def _plain(text: str) -> str:
    return " ".join(_NOT_WORDS.sub(" ", unidecode(text).lower()).split())


@functools.lru_cache(maxsize=16384)
def team(name: str) -> Team:
    """A name's words and markers: "1. FC Köln" is (koln,), "Wolves U18" (wolves,) u18."""
    text = unidecode(name).lower().replace("'", "")
    if "(w)" in text:
        text = text.replace("(w)", " women ")
    words: list[str] = []
    markers: set[str] = set()
    affixes: list[str] = []
    for word in _NOT_WORDS.sub(" ", text).split():
        word = _SPELLINGS.get(word, word)
        if _AGE.fullmatch(word):
            markers.add(word)
        elif word in _MARKERS and (word != "b" or words):
            markers.add(_MARKERS[word])
        elif word in _AFFIXES:
            affixes.append(word)
        elif word and not (word.isdigit() and len(word) <= 2):
            words.append(word)
    # A club whose whole name is an affix ("AFC", Amsterdam's) keeps it as its name.
    return Team(tuple(words or affixes), frozenset(markers))


def side_score(alert: Team, forms: Iterable[Team]) -> float:
    """How well an alert's side names a FotMob side (best of its name forms); 0 when they
    are different kinds of side (U18, women's, reserves)."""
    return max(
        (_score(alert, form) for form in forms if form.markers == alert.markers), default=0.0
    )


def _score(alert: Team, other: Team) -> float:
    if not alert.words or not other.words:
        return 0.0
    if sorted(alert.words) == sorted(other.words) or "".join(alert.words) == "".join(other.words):
        return 100.0
    if _abbreviates(alert.words, other.words) or _abbreviates(other.words, alert.words):
        return 95.0
    return float(fuzz.token_sort_ratio(" ".join(alert.words), " ".join(other.words)))


def _abbreviates(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every word of ``short`` is a word of ``long`` or begins one ("man" for manchester),
    each used once, with at least one whole word ("Man City", "Sheff Wed" does not)."""
    free = list(long)
    whole = False
    for word in short:
        match = next((w for w in free if w == word), None)
        whole |= match is not None
        match = match or next((w for w in free if len(word) >= 3 and w.startswith(word)), None)
        if match is None:
            return False
        free.remove(match)
    return whole


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """What an alert says of its match."""

    home: str
    away: str
    kickoff: datetime | None  # None: the time is unknown (a "00:00" placeholder)
    league: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    """The match found (``row``), or None with the reason; ``candidates`` are the closest
    rows as "Home v Away (id) score", best first."""

    row: DayRow | None
    score: float
    reason: str
    candidates: tuple[str, ...] = field(default=())

    @property
    def match_id(self) -> str | None:
        return None if self.row is None else self.row.match_id


def resolve(
    query: MatchQuery,
    rows: Sequence[DayRow],
    aliases: Aliases | None = None,
    rules: MatchingRules = RULES,
) -> Resolution:
    """The day-list row the query names, if exactly one fits with confidence."""
    aliases = aliases or Aliases()
    home, away = (aliases.canonical(team(name)) for name in (query.home, query.away))
    timely = [
        row
        for row in rows
        if query.kickoff is None
        or row.kickoff is None
        or abs(query.kickoff - row.kickoff) <= rules.kickoff_tolerance
    ]
    scored = sorted(
        ((_match_score(home, away, row, aliases), row) for row in timely), key=lambda pair: -pair[0]
    )
    closest = tuple(
        f"{row.home[0]} v {row.away[0]} ({row.match_id}) {score:.0f}"
        for score, row in scored[:3]
        if score > 0
    )
    best = scored[0][0] if scored else 0.0
    contenders = [
        row
        for score, row in scored
        if score >= rules.confident and (score == best or best - score < rules.margin)
    ]
    if len(contenders) > 1:
        contenders = _tie_broken(contenders, query, aliases)
    if len(contenders) == 1:
        row = contenders[0]
        return Resolution(
            row, best, f"{row.home[0]} v {row.away[0]} ({row.league}), score {best:.0f}", closest
        )
    if contenders:
        return Resolution(None, best, f"{len(contenders)} matches fit as well", closest)
    swapped = [row for row in timely if _match_score(away, home, row, aliases) >= rules.confident]
    if swapped:
        return Resolution(
            None,
            best,
            f"only {swapped[0].home[0]} v {swapped[0].away[0]} "
            "fits, with home and away the other way round",
            closest,
        )
    return Resolution(None, best, "no match of the day fits with confidence", closest)


def _tie_broken(rows: list[DayRow], query: MatchQuery, aliases: Aliases) -> list[DayRow]:
    """Among rows that fit as well, those in the alert's league, else its country: a
    tie-breaker, never a reason to match on its own."""
    if query.league:
        wanted = team(query.league).words
        same = [row for row in rows if team(row.league).words == wanted]
        if same:
            rows = same
    if query.country and len(rows) > 1:
        code = aliases.country_code(query.country)
        same = [row for row in rows if row.country.upper() == code]
        if same:
            rows = same
    return rows


def _match_score(home: Team, away: Team, row: DayRow, aliases: Aliases) -> float:
    forms_home = [aliases.canonical(team(name)) for name in row.home]
    forms_away = [aliases.canonical(team(name)) for name in row.away]
    return min(side_score(home, forms_home), side_score(away, forms_away))
