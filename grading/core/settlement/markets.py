"""UnifiedMarketMapper: market text, legacy ids and PROPPR's stat fields -> a MarketSpec. Pure.

Market keys and selections are the alert contract's (docs/design.md); the catalogue is
grading.core.settlement.catalogue, the names grading.core.settlement.names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import replace
from typing import Any

from grading.core.settlement.catalogue import (
    CATALOGUE,
    HALVABLE,
    NOT_CARRIED,
    PERIODS,
    MarketSpec,
)
from grading.core.settlement.names import ALIASES, VARIANTS

__all__ = [
    "CATALOGUE",
    "MAPPER",
    "MarketSpec",
    "UnifiedMarketMapper",
    "for_alert",
    "normalize_text",
]

_NUMBER = r"([+-]?\d+(?:\.\d+)?(?:\s*[,/]\s*[+-]?\d+(?:\.\d+)?)?)"
_WITH_LINE = re.compile(rf"^(?P<name>.*?)\s*{_NUMBER}$")
_OVER_UNDER = re.compile(rf"^(?P<sel>over|under)\s*{_NUMBER}\s*(?P<stat>goals|corners|cards)?$")
_OU_STAT = {
    "goals": "total_goals",
    "corners": "total_corners",
    "cards": "total_cards",
    None: "total_goals",
}


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
        self._by_id = {spec.legacy_id: spec for spec in CATALOGUE.values()}
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

    def from_stat(self, stat_type: Any, api_type_id: Any, location: Any) -> MarketSpec | None:
        """The market PROPPR's stat fields describe (``stat_type`` / ``api_type_id`` and
        ``api_location``), for an alert whose name is unknown; None when they describe
        none (docs/rules/proppr.md §4)."""
        written = normalize_text(str(stat_type)).replace(" ", "_") if stat_type else ""
        stat = _STAT_NAMES.get(written)
        if stat is None and isinstance(api_type_id, int | str) and str(api_type_id).isdigit():
            stat = _BY_SPORTMONKS.get(int(api_type_id))
        place = normalize_text(str(location)) if location else "total"
        if stat is None:
            return None
        if place == "player":
            key = _PLAYER_STATS.get(written) or _PLAYER_STATS.get(stat) or f"player_{stat}"
            return CATALOGUE.get(key)
        if place in ("home", "away", "team based", "team_based", "team"):
            spec = CATALOGUE.get("team_total_goals" if stat == "goals" else f"team_{stat}")
            side = place if place in ("home", "away") else None
            return replace(spec, side=side) if spec is not None else None
        return CATALOGUE.get(f"total_{stat}")

    def _from_text(self, text: str) -> MarketSpec | None:
        found = self._alias(text)
        if found:
            return found
        if text in NOT_CARRIED:
            return MarketSpec(
                text.replace(" ", "_"),
                "not_carried",
                "match",
                NOT_CARRIED[text],
                0,
                frozenset(),
                False,
            )
        halved = _half(text)
        if halved is not None:
            period, rest = halved
            return _in_period(self._from_text(rest), period)
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
        variant = VARIANTS.get(text)
        if variant is not None:
            key, player, team = variant
            return replace(CATALOGUE[key], player_variant=player, team_variant=team)
        target = ALIASES.get(text)
        if target is None:
            return CATALOGUE.get(text.replace(" ", "_"))
        if isinstance(target, str):
            return CATALOGUE[target]
        key, selection, line, *side = target
        return replace(
            CATALOGUE[key], selection=selection, line=line, side=side[0] if side else None
        )


@functools.lru_cache(maxsize=4096)
def for_alert(spec: MarketSpec, has_player: bool, has_team: bool) -> MarketSpec:
    """The market a name means on this alert: a player's variant when the alert names a
    player, a team's when it names a team (docs/rules/settlement.md §1.9)."""
    if spec.player_variant is None and spec.team_variant is None:
        return spec
    key = (
        spec.player_variant
        if has_player and spec.player_variant
        else spec.team_variant
        if has_team and spec.team_variant
        else None
    )
    if key is None:
        return spec
    return replace(CATALOGUE[key], line=spec.line, selection=spec.selection)


MAPPER = UnifiedMarketMapper()


_STAT_NAMES = {spec.stat: spec.stat for spec in CATALOGUE.values()} | {
    "fouls_committed": "fouls",
    "yellow_cards": "cards",
    "bookings": "cards",
    "shots_total": "shots",
    "total_shots": "shots",
    "sot": "shots_on_target",
}
_BY_SPORTMONKS = {
    52: "goals",
    34: "corners",
    84: "cards",
    83: "red_cards",
    42: "shots",
    86: "shots_on_target",
    78: "tackles",
    51: "offsides",
    56: "fouls",
    57: "saves",
    80: "passes",
    81: "accurate_passes",
    100: "interceptions",
    50: "shots_outside_box",
}
# a player's stat as PROPPR names it -> the player market (the others are player_<stat>)
_PLAYER_STATS = {
    "cards": "player_card",
    "yellow_cards": "player_yellow_card",
    "red_cards": "player_red_card",
    "fouls": "player_fouls_committed",
    "fouls_committed": "player_fouls_committed",
}
_HALF = re.compile(r"\b(?:(?P<first>1st|first|1h)|(?P<second>2nd|second|2h))(?: half)?\b")


def _half(text: str) -> tuple[str, str] | None:
    """("1st", the name without its half) for "1st half corners", "team corners 2nd half"."""
    found = _HALF.search(text)
    if found is None or ("half" not in text and found.group(0) not in ("1h", "2h")):
        return None
    rest = " ".join((text[: found.start()] + " " + text[found.end() :]).split())
    return ("1st" if found.group("first") else "2nd"), rest


def _in_period(spec: MarketSpec | None, period: str) -> MarketSpec | None:
    """The half's version of a full-time market, its implied selection, line, side and
    variants kept; None when the market has no half version."""
    if spec is None or spec.period != "ft":
        return None
    if spec.subject == "player":
        if spec.stat != "goals" or spec.kind != "player_total":
            return None
        return replace(CATALOGUE[f"player_score_{period}_half"], selection=spec.selection)
    if spec.key not in HALVABLE:
        return None
    prefix = PERIODS[period]
    team = prefix + spec.team_variant if spec.team_variant in HALVABLE else None
    player = f"player_score_{period}_half" if spec.player_variant == "player_goals" else None
    return replace(
        CATALOGUE[prefix + spec.key],
        line=spec.line,
        selection=spec.selection,
        side=spec.side,
        team_variant=team,
        player_variant=player,
    )
