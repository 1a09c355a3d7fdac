"""The market catalogue and UnifiedMarketMapper: market text -> what to settle and how. Pure.

Market keys and selections are the alert contract's (docs/design.md). Each market maps
to a settlement ``kind``, a ``subject`` (match / team / player), the ``stat`` it counts
and a legacy numeric ``api_type_id`` that older bot documents carry instead of a key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

_OU = frozenset({"over", "under"})
_YES_NO = frozenset({"yes", "no"})
_SIDES = frozenset({"home", "away"})
_PLAYER = _OU | _YES_NO  # yes / no stand for over / under 0.5
_ODD_EVEN = frozenset({"odd", "even"})
# Team stats a match or team total counts (docs/rules/fotmob.md §3.8).
_COUNTED = ("shots", "shots_on_target", "fouls", "offsides", "saves", "shots_outside_box",
            "throw_ins", "tackles")
_MARGINS = frozenset({"home_1", "home_2", "home_3+", "away_1", "away_2", "away_3+",
                      "score_draw", "no_goal", "draw"})


@dataclass(frozen=True, slots=True)
class MarketSpec:
    """What one market settles on. ``line``/``selection`` are set when an alias implies them."""

    key: str
    kind: str
    subject: str
    stat: str
    api_type_id: int
    selections: frozenset[str]
    needs_line: bool
    line: str | None = None
    selection: str | None = None
    side: str | None = None        # "Team Total Home": the side the market name implies
    # "Total Shots" on a player's alert is that player's shots; "Goalkeeper Saves" on a
    # team's alert is that team's saves (docs/rules/settlement.md §1.9).
    player_variant: str | None = None
    team_variant: str | None = None


def _spec(key: str, kind: str, subject: str, stat: str, api_id: int,
          selections: frozenset[str], needs_line: bool) -> MarketSpec:
    return MarketSpec(key, kind, subject, stat, api_id, selections, needs_line)


CATALOGUE: dict[str, MarketSpec] = {s.key: s for s in (
    _spec("match_result_1x2", "result", "match", "goals", 1, frozenset({"1", "X", "2"}), False),
    _spec("asian_handicap", "handicap", "match", "goals", 2, _SIDES, True),
    _spec("total_goals", "total", "match", "goals", 3, _OU, True),
    _spec("team_total_goals", "team_total", "team", "goals", 4, _OU, True),
    _spec("btts", "btts", "match", "goals", 5, _YES_NO, False),
    _spec("double_chance", "double_chance", "match", "goals", 6,
          frozenset({"1X", "X2", "12"}), False),
    _spec("draw_no_bet", "draw_no_bet", "match", "goals", 7, _SIDES, False),
    _spec("winning_margin", "winning_margin", "match", "goals", 8, _MARGINS, False),
    _spec("clean_sheet", "clean_sheet", "team", "goals", 9, _YES_NO, False),
    _spec("win_to_nil", "win_to_nil", "team", "goals", 10, _SIDES, False),
    _spec("total_corners", "total", "match", "corners", 11, _OU, True),
    _spec("corners_handicap", "handicap", "match", "corners", 12, _SIDES, True),
    _spec("total_cards", "total", "match", "cards", 13, _OU, True),
    _spec("booking_points", "total", "match", "booking_points", 14, _OU, True),
    _spec("player_shots", "player_total", "player", "shots", 101, _PLAYER, True),
    _spec("player_shots_on_target", "player_total", "player", "shots_on_target", 102, _PLAYER,
          True),
    _spec("player_goals", "player_total", "player", "goals", 103, _PLAYER, True),
    _spec("player_assists", "player_total", "player", "assists", 104, _PLAYER, True),
    _spec("player_tackles", "player_total", "player", "tackles", 105, _PLAYER, True),
    _spec("player_passes", "player_total", "player", "passes", 106, _PLAYER, True),
    _spec("player_fouls_committed", "player_total", "player", "fouls_committed", 107, _PLAYER,
          True),
    _spec("player_saves", "player_total", "player", "saves", 108, _PLAYER, True),
    _spec("player_card", "player_total", "player", "cards", 109, _PLAYER, False),
    # docs/rules/settlement.md §1.9: team and match stats (regulation time, the source's
    # figures), correct score, odd / even.
    *(_spec(f"total_{stat}", "total", "match", stat, 15 + n, _OU, True)
      for n, stat in enumerate(_COUNTED)),
    *(_spec(f"team_{stat}", "team_total", "team", stat, 30 + n, _OU, True)
      for n, stat in enumerate(("corners", "cards", "booking_points", *_COUNTED))),
    _spec("corners_1x2", "result", "match", "corners", 50, frozenset({"1", "X", "2"}), False),
    _spec("cards_1x2", "result", "match", "cards", 51, frozenset({"1", "X", "2"}), False),
    _spec("cards_handicap", "handicap", "match", "cards", 52, _SIDES, True),
    _spec("booking_points_handicap", "handicap", "match", "booking_points", 53, _SIDES, True),
    _spec("correct_score", "correct_score", "match", "goals", 54, frozenset(), False),
    _spec("goals_odd_even", "odd_even", "match", "goals", 55, _ODD_EVEN, False),
    _spec("corners_odd_even", "odd_even", "match", "corners", 56, _ODD_EVEN, False),
)}

# Human names, normalized (lower case, words only). Values: key, or (key, selection, line),
# or (key, selection, line, side).
_Implied = tuple[str, str | None, str | None] | tuple[str, str | None, str | None, str]
_ALIASES: dict[str, str | _Implied] = {
    "1x2": "match_result_1x2", "match result": "match_result_1x2",
    "full time result": "match_result_1x2", "ft result": "match_result_1x2",
    "match winner": "match_result_1x2", "3 way": "match_result_1x2",
    "moneyline": "match_result_1x2", "result": "match_result_1x2",
    "ah": "asian_handicap", "handicap": "asian_handicap",
    "over under": "total_goals", "o u": "total_goals",
    "goals over under": "total_goals", "totals": "total_goals", "goal line": "total_goals",
    "team total": "team_total_goals", "team goals": "team_total_goals",
    "both teams to score": "btts", "gg ng": "btts",
    "dc": "double_chance",
    "dnb": "draw_no_bet",
    "shutout win": "win_to_nil",
    "corners": "total_corners",
    "corners over under": "total_corners", "corner handicap": "corners_handicap",
    "asian corners": "total_corners",
    "cards": "total_cards", "cards over under": "total_cards",
    "total bookings": "total_cards",
    "booking pts": "booking_points",
    "player sot": "player_shots_on_target",
    "goals": "player_goals",
    "anytime goalscorer": ("player_goals", "over", "0.5"),
    "anytime scorer": ("player_goals", "over", "0.5"),
    "to score": ("player_goals", "over", "0.5"),
    "player to score": ("player_goals", "over", "0.5"),
    "to score 2 or more": ("player_goals", "over", "1.5"),
    "assists": "player_assists",
    "to assist": ("player_assists", "over", "0.5"),
    "tackles": "player_tackles",
    "passes": "player_passes",
    "player passes attempted": "player_passes", "player_passes_attempted": "player_passes",
    "player fouls": "player_fouls_committed",
    "fouls committed": "player_fouls_committed",
    # PROPPR's names for these markets (docs/rules/proppr.md §4); a catalogue key written
    # with spaces ("team shots on target", "correct score") needs no entry
    "team corners home": ("team_corners", None, None, "home"),
    "team corners away": ("team_corners", None, None, "away"),
    "home team corners": ("team_corners", None, None, "home"),
    "away team corners": ("team_corners", None, None, "away"),
    "corner match bet": "corners_1x2", "corners match bet": "corners_1x2",
    "most corners": "corners_1x2", "team to get most corners": "corners_1x2",
    "most cards": "cards_1x2",
    "card handicap": "cards_handicap",
    "asian handicap cards": "cards_handicap", "bookings spread": "booking_points_handicap",
    "team bookings": "team_booking_points",
    "match shots on target": "total_shots_on_target", "match shots": "total_shots",
    "match fouls": "total_fouls",
    "match offsides": "total_offsides",
    "offsides": "total_offsides",
    "match tackles": "total_tackles", "throw ins": "total_throw_ins",
    "throw-ins": "total_throw_ins",
    "total throw-ins": "total_throw_ins", "team throw-ins": "team_throw_ins",
    "shots outside box": "total_shots_outside_box",
    "final score": "correct_score",
    "odd even": "goals_odd_even",
    "total goals odd even": "goals_odd_even",
    "match goals": "total_goals", "alternative goal lines": "total_goals",
    "alternative total goals": "total_goals",
    "team total home": ("team_total_goals", None, None, "home"),
    "team total away": ("team_total_goals", None, None, "away"),
    "home team total": ("team_total_goals", None, None, "home"),
    "away team total": ("team_total_goals", None, None, "away"),
    "corners totals": "total_corners", "match corners": "total_corners",
    "alternative corners": "total_corners", "corner spread": "corners_handicap",
    "corners spread": "corners_handicap", "number of cards in match": "total_cards",
    "asian total cards": "total_cards", "total cards yellow red": "total_cards",
    "bookings totals": "booking_points",
    "player shots total": "player_shots", "player total shots": "player_shots",
    "player to assist": ("player_assists", "over", "0.5"),
    "player score 2+ goals": ("player_goals", "over", "1.5"),
    "player score 3+ goals": ("player_goals", "over", "2.5"),
    "player cards": "player_card",
    "player to be booked": "player_card",
    "to be booked": "player_card", "player booked": "player_card", "to be carded": "player_card",
    "player to be carded": "player_card",
}

# Names whose market depends on the alert: a player's, a team's, or the match's.
_VARIANTS: dict[str, tuple[str, str | None, str | None]] = {
    "total shots": ("total_shots", "player_shots", None),
    "shots": ("total_shots", "player_shots", None),
    "shots on target": ("total_shots_on_target", "player_shots_on_target", None),
    "sot": ("total_shots_on_target", "player_shots_on_target", None),
    "goalkeeper saves": ("total_saves", "player_saves", "team_saves"),
    "saves": ("total_saves", "player_saves", "team_saves"),
}

_NUMBER = r"([+-]?\d+(?:\.\d+)?(?:\s*[,/]\s*[+-]?\d+(?:\.\d+)?)?)"
_WITH_LINE = re.compile(rf"^(?P<name>.*?)\s*{_NUMBER}$")
_OVER_UNDER = re.compile(rf"^(?P<sel>over|under)\s*{_NUMBER}\s*(?P<stat>goals|corners|cards)?$")
_OU_STAT = {"goals": "total_goals", "corners": "total_corners", "cards": "total_cards",
            None: "total_goals"}


@functools.lru_cache(maxsize=4096)
def normalize_text(text: str) -> str:
    """Lower case, accents stripped, words separated by single spaces."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"(?<=[a-z])/(?=[a-z])", " ", folded)  # "Over/Under", "O/U"
    return " ".join(re.sub(r"[^a-z0-9.+\-,/_]+", " ", folded).split())


class UnifiedMarketMapper:
    """Maps market keys, human names and legacy numeric ids to a MarketSpec.

    ``map`` never raises: an unknown market is None, which settlement turns into an
    ``ungradeable`` grade with a reason.
    """

    def __init__(self) -> None:
        self._by_id = {spec.api_type_id: spec for spec in CATALOGUE.values()}
        # Alerts repeat a handful of market names: remember what each one maps to.
        self._cached_text = functools.lru_cache(maxsize=4096)(self._from_text)

    def map(self, market: object) -> MarketSpec | None:
        if isinstance(market, int) and not isinstance(market, bool):
            return self._by_id.get(market)
        if not isinstance(market, str) or not market.strip():
            return None
        raw = market.strip()
        if raw in CATALOGUE:
            return CATALOGUE[raw]
        if raw.isdigit():
            return self._by_id.get(int(raw))
        return self._cached_text(normalize_text(raw.replace("_", " ")))

    def stat_type(self, market: object) -> str | None:
        spec = self.map(market)
        return spec.stat if spec else None

    def api_type_id(self, market: object) -> int | None:
        spec = self.map(market)
        return spec.api_type_id if spec else None

    def _from_text(self, text: str) -> MarketSpec | None:
        found = self._alias(text)
        if found:
            return found
        over_under = _OVER_UNDER.match(text)
        if over_under:
            spec = CATALOGUE[_OU_STAT[over_under.group("stat")]]
            return replace(spec, selection=over_under.group("sel"), line=over_under.group(2))
        with_line = _WITH_LINE.match(text)
        if with_line and with_line.group("name"):
            named = self._alias(with_line.group("name").strip())
            if named and named.needs_line and named.line is None:
                return replace(named, line=with_line.group(2).replace(" ", ""))
        return None

    @staticmethod
    def _alias(text: str) -> MarketSpec | None:
        """The market a name means: a name of several subjects, an alias, or a catalogue
        key written with spaces ("team shots on target")."""
        variant = _VARIANTS.get(text)
        if variant is not None:
            key, player, team = variant
            return replace(CATALOGUE[key], player_variant=player, team_variant=team)
        target = _ALIASES.get(text)
        if target is None:
            return CATALOGUE.get(text.replace(" ", "_"))
        if isinstance(target, str):
            return CATALOGUE[target]
        key, selection, line, *side = target
        return replace(CATALOGUE[key], selection=selection, line=line,
                       side=side[0] if side else None)


def for_alert(spec: MarketSpec, has_player: bool, has_team: bool) -> MarketSpec:
    """The market a name means on this alert: a player's variant when the alert names a
    player, a team's when it names a team (docs/rules/settlement.md §1.9)."""
    if spec.player_variant is None and spec.team_variant is None:
        return spec
    key = spec.player_variant if has_player and spec.player_variant else \
        spec.team_variant if has_team and spec.team_variant else None
    if key is None:
        return spec
    return replace(CATALOGUE[key], line=spec.line, selection=spec.selection)


MAPPER = UnifiedMarketMapper()
