"""Alerts in and grades out: the JSON Lines contract of docs/design.md. Pure.

Seed field names are accepted as aliases: ``threshold`` (line), ``direction`` (selection),
``fotmob_match_id`` (match_id), ``player_name`` / ``player_id`` (player), ``_id`` (alert_id).
Fields the reader does not know are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from grading.core.documents import PENDING, first, match_id_of

UNGRADEABLE = "ungradeable"
__all__ = ["PENDING", "UNGRADEABLE", "Alert", "Grade", "PlayerRef"]


@dataclass(frozen=True, slots=True)
class PlayerRef:
    name: str | None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """One tip (or one user's bet on it): what to settle, on which fixture, at what price.

    ``stake`` defaults to one unit when the document has none; ``odds`` is None when the
    document has no usable price, and the grade then carries a status but no returns.
    """

    alert_id: str
    market: Any
    match_id: str | None = None
    selection: str | None = None
    line: Any = None
    team: str | None = None
    player: PlayerRef | None = None
    odds: Decimal | None = None
    stake: Decimal = Decimal(1)
    rules: Mapping[str, Any] = field(default_factory=dict)
    bot_type: str | None = None
    expected: Mapping[str, Any] | None = None

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
        return cls(
            alert_id=str(alert_id),
            market=data.get("market"),
            match_id=_text(match_id_of(data)),
            selection=_text(first(data, "selection", "direction")),
            line=first(data, "line", "threshold"),
            team=_text(data.get("team")),
            player=_player(data),
            odds=_decimal(data.get("odds")),
            stake=_decimal(data.get("stake")) or Decimal(1),
            rules=dict(rules) if isinstance(rules, Mapping) else {},
            bot_type=_text(data.get("bot_type")),
            expected=dict(expected) if isinstance(expected, Mapping) else None,
        )

    def priced(self, bet_id: str, stake: Any = None, odds: Any = None) -> Alert:
        """This alert as a user's bet at the bet's own stake and odds (None keeps the
        alert's). A price the bet gives but that is unreadable is not replaced by the
        alert's: the odds become unknown, so the grade carries no returns."""
        bet_stake, bet_odds = _decimal(stake), _decimal(odds)
        unreadable = (stake is not None and bet_stake is None) or \
            (odds is not None and bet_odds is None)
        return replace(self, alert_id=bet_id, stake=bet_stake or self.stake,
                       odds=None if unreadable else (bet_odds or self.odds))


@dataclass(frozen=True, slots=True)
class Grade:
    """One settled (or not yet settleable) alert."""

    alert_id: str
    status: str
    actual_value: Any = None
    returns: Decimal | None = None
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"alert_id": self.alert_id, **self.result()}

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


def _decimal(value: Any) -> Decimal | None:
    """A positive money amount or price from a number or string; floats read via str()."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount > 0 else None
