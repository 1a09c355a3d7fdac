"""Alerts in and grades out: the JSON Lines contract of docs/design.md. Pure.

Seed field names are accepted as aliases: ``threshold`` (line), ``direction`` (selection),
``fotmob_match_id`` (match_id), ``player_name`` / ``player_id`` (player), ``_id`` (alert_id).
Fields the reader does not know are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from grading.core.documents import PENDING, bet_id_of, bet_status, first, match_id_of
from grading.core.money import UNIT, read_odds, read_stake

UNGRADEABLE = "ungradeable"
__all__ = ["PENDING", "UNGRADEABLE", "Alert", "Basis", "Grade", "PlayerRef"]


@dataclass(frozen=True, slots=True)
class PlayerRef:
    name: str | None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """One tip (or one user's bet on it): what to settle, on which fixture, at what price.

    ``stake`` defaults to one unit when the document has none (``stake_given`` says which);
    ``odds`` is None when the document gives no price, and the grade then carries a status
    but no returns. A stake or a price that is given but unusable is never replaced:
    ``problem`` says what is wrong, and the alert is ungradeable; ``written`` then keeps the
    (odds, stake) as given, which :meth:`shown_price` shows people instead of the unit stake
    standing in.
    """

    alert_id: str
    market: Any
    match_id: str | None = None
    selection: str | None = None
    line: Any = None
    team: str | None = None
    player: PlayerRef | None = None
    odds: Decimal | None = None
    stake: Decimal = UNIT
    rules: Mapping[str, Any] = field(default_factory=dict)
    bot_type: str | None = None
    expected: Mapping[str, Any] | None = None
    stake_given: bool = True
    problem: str | None = None
    # PROPPR's (stat_type, api_type_id, api_location): settles a market whose name is
    # unknown (docs/rules/proppr.md §4)
    market_stat: tuple[Any, Any, Any] | None = None
    written: tuple[Any, Any] | None = None  # (odds, stake) as given, when either is unusable

    @classmethod
    def from_json(cls, data: Any) -> Alert:
        """Read one alert object; ValueError with a one-line reason when it has no identity."""
        if not isinstance(data, Mapping):
            raise ValueError("an alert must be a JSON object")
        alert_id = first(data, "alert_id", "_id", "id")
        if alert_id is None or str(alert_id).strip() == "":
            raise ValueError("alert has no alert_id")
        rules = data.get("rules")
        expected = data.get("expected")
        stake, odds, problem = _price(data.get("stake"), data.get("odds"), UNIT, None)
        return cls(
            alert_id=str(alert_id),
            market=data.get("market"),
            match_id=_text(match_id_of(data)),
            selection=_text(first(data, "selection", "direction")),
            line=first(data, "line", "threshold"),
            team=_text(data.get("team")),
            player=_player(data),
            odds=odds,
            stake=stake,
            rules=dict(rules) if isinstance(rules, Mapping) else {},
            bot_type=_text(data.get("bot_type")),
            expected=dict(expected) if isinstance(expected, Mapping) else None,
            stake_given=data.get("stake") is not None,
            problem=problem,
            market_stat=_market_stat(data),
            written=_as_written(data.get("odds"), data.get("stake"), odds, stake)
            if problem
            else None,
        )

    def shown_price(self) -> tuple[Any, Any]:
        """(odds, stake) for a sheet or a report: as written when either is unusable, never
        the unit stake that stands in for it."""
        return self.written or (self.odds, self.stake)

    def as_bets(self, bets: Sequence[Mapping[str, Any]], pending_only: bool = True) -> list[Alert]:
        """This alert as each of users' ``bets`` (store views: ``bet_id, stake, odds``, and a
        ``problem`` when the store found one), the pending ones unless ``pending_only`` is
        false: what settles them at their own stake and odds."""
        return [
            self.priced(bet_id_of(bet), bet.get("stake"), bet.get("odds"), bet.get("problem"))
            for bet in bets
            if not pending_only or bet_status(bet) == PENDING
        ]

    def priced(
        self, bet_id: str, stake: Any = None, odds: Any = None, problem: str | None = None
    ) -> Alert:
        """This alert as a user's bet at the bet's own stake and odds (None keeps the
        alert's). A stake or price the bet gives but that is unusable is never replaced
        by the alert's: the bet is ungradeable with the reason (as with ``problem``, what a
        store found wrong with the bet)."""
        bet_stake, bet_odds, price_problem = _price(stake, odds, self.stake, self.odds)
        written = None
        if price_problem or self.written:
            shown_odds, shown_stake = self.shown_price()
            written = _as_written(odds, stake, shown_odds, shown_stake)
        return replace(
            self,
            alert_id=bet_id,
            stake=bet_stake,
            odds=bet_odds,
            stake_given=self.stake_given or stake is not None,
            problem=problem or price_problem or self.problem,
            written=written,
        )


@dataclass(frozen=True, slots=True)
class Basis:
    """What a grade was measured on, for stores that record it (PROPPR's
    ``result_tracking``: docs/rules/proppr.md §3): the catalogue market, the stat counted,
    where (``home``, ``away``, ``total`` or ``player``), the side a team market is on, the
    measured pair as "2-1" where there is one, and a player's part in the match."""

    market: str
    stat: str
    location: str
    side: str | None = None
    actual_result: str | None = None
    lineup: str | None = None


@dataclass(frozen=True, slots=True)
class Grade:
    """One settled (or not yet settleable) alert."""

    alert_id: str
    status: str
    actual_value: Any = None
    returns: Decimal | None = None
    reason: str = ""
    basis: Basis | None = None
    decided_minute: int | None = None  # settled in play: the minute it was decided

    def to_json(self) -> dict[str, Any]:
        return {"alert_id": self.alert_id, **self.result()}

    def record(self) -> dict[str, Any]:
        """What a store is given to write: :meth:`result` and, when known, the basis
        (``market, stat, location, side, actual_result, lineup``)."""
        basis = (
            {}
            if self.basis is None
            else {
                "market": self.basis.market,
                "stat": self.basis.stat,
                "location": self.basis.location,
                "side": self.basis.side,
                "actual_result": self.basis.actual_result,
                "lineup": self.basis.lineup,
            }
        )
        early = {} if self.decided_minute is None else {"decided_minute": self.decided_minute}
        return {**self.result(), **basis, **early}

    def result(self) -> dict[str, Any]:
        """What is stored for the alert or bet: status, actual value, returns ("12.34"),
        reason."""
        return {
            "status": self.status,
            "actual_value": self.actual_value,
            "returns": None if self.returns is None else f"{self.returns:.2f}",
            "reason": self.reason,
        }


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, Mapping):
        return None
    text = str(value).strip()
    return text or None


def _player(data: Mapping[str, Any]) -> PlayerRef | None:
    raw = data.get("player")
    if isinstance(raw, Mapping):
        name, ident = _text(raw.get("name")), _text(raw.get("id"))
    else:
        name, ident = _text(raw), None
    name = name or _text(data.get("player_name"))
    ident = ident or _text(data.get("player_id"))
    return PlayerRef(name, ident) if name or ident else None


def _price(
    stake: Any, odds: Any, default_stake: Decimal, default_odds: Decimal | None
) -> tuple[Decimal, Decimal | None, str | None]:
    """(stake, odds, the first problem) from a document's values; None keeps a default."""
    problems = []
    try:
        stake = default_stake if stake is None else read_stake(stake)
    except ValueError as exc:
        stake, problems = default_stake, [str(exc)]
    try:
        odds = default_odds if odds is None else read_odds(odds)
    except ValueError as exc:
        odds, problems = default_odds, [*problems, str(exc)]
    return stake, odds, "; ".join(problems) or None


def _as_written(odds: Any, stake: Any, default_odds: Any, default_stake: Any) -> tuple[Any, Any]:
    """(odds, stake) as a document gives them; a default where it gives none."""
    return (default_odds if odds is None else odds, default_stake if stake is None else stake)


def _market_stat(data: Mapping[str, Any]) -> tuple[Any, Any, Any] | None:
    """(stat_type, api_type_id, api_location) from the alert, else its result_tracking."""
    tracking = data.get("result_tracking")
    for source in (data, tracking if isinstance(tracking, Mapping) else {}):
        fields = tuple(source.get(key) for key in ("stat_type", "api_type_id", "api_location"))
        if fields[0] is not None or fields[1] is not None:
            return (fields[0], fields[1], fields[2])
    return None
