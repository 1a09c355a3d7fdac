"""PROPPR's tracked bets, read and settled in place (docs/rules/proppr.md §5). Pure.

``user_tracked_bets`` holds containers ``{user_id, bets: [...]}``; a bet names its alert by
``alert_id``, or, tracked without one, by the same ``match, market, threshold,
market_direction, player_name``. Stake is ``actual_stake``, else ``units_staked``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from grading.core.alerts import UNGRADEABLE
from grading.core.documents import PENDING
from grading.core.money import read_stake
from grading.core.schemas._paths import Sets
from grading.core.settlement.catalogue import SPORTMONKS
from grading.core.tracking import utc

GRADING_SOURCE = "grading-daemon"
# docs/rules/proppr.md §3: the statistic type ids PROPPR's market mapper writes.
# docs/rules/proppr.md §2: the statuses read on alerts and bets, in the native spelling.
_STATUS = {
    None: PENDING,
    "": PENDING,
    "pending": PENDING,
    "won": "won",
    "win": "won",
    "lost": "lost",
    "loss": "lost",
    "refund": "refund",
    "void": "refund",
    "half_win": "half_win",
    "half_won": "half_win",
    "half_loss": "half_loss",
    "half_lost": "half_loss",
    "ungradeable": "ungradeable",
}
MANUAL = "manual_override"


def read_status(value: Any) -> str:
    """A stored status in the native spelling; an unknown text is kept as it is (someone
    else settled it: not pending, left alone)."""
    if isinstance(value, str | type(None)):
        return _STATUS.get(value.strip().lower() if isinstance(value, str) else None, str(value))
    return str(value)


def tracking_fields(
    doc: Mapping[str, Any], record: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """The ``result_tracking`` fields of a grade (docs/rules/proppr.md §3), for an alert
    and for the bets on it. Fields the grade does not know are left out, not nulled."""
    status = record["status"]
    fields: dict[str, Any] = {
        "result_status": status,
        "actual_value": record.get("actual_value"),
        "graded_at": utc(now),
        "calculated_at": utc(now),
        "stat_source": "fotmob",
        "grading_source": GRADING_SOURCE,
        "grading_reason": record.get("reason") or "",
    }
    optional = {
        "actual_result": record.get("actual_result"),
        "expected_threshold": doc.get("Threshold", doc.get("threshold")),
        "market_direction": doc.get("market_direction"),
        "stat_type": record.get("stat"),
        "api_type_id": SPORTMONKS.get(str(record.get("stat"))),
        "api_location": record.get("location"),
        "side": record.get("side"),
        "lineup_status": record.get("lineup"),
        "decided_minute": record.get("decided_minute"),
        "refund_reason": record.get("reason") if status == "refund" else None,
    }
    fields.update((key, value) for key, value in optional.items() if value is not None)
    return fields


def _text_key(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def reference(match: Any, market: Any, threshold: Any, direction: Any, player: Any) -> str:
    """The key that ties a bet tracked without an alert id to its alert: the same match,
    market, threshold, direction and player (spacing and case aside)."""
    return json.dumps(
        [_text_key(v) for v in (match, market, threshold, direction, player)], default=str
    )


class PropprBets:
    """The bet half of the ``proppr`` schema."""

    def bets_in(self, doc: Mapping[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        bets = doc.get("bets")
        if "user_id" not in doc or not isinstance(bets, list):
            raise ValueError("a user_tracked_bets document needs user_id and a bets list")
        owner = {"user_id": doc["user_id"]}
        return [(dict(bet), owner) for bet in bets if isinstance(bet, Mapping)]

    def bet_id(self, bet: Mapping[str, Any]) -> str:
        value = bet.get("bet_id")
        if value is None or str(value).strip() == "":
            raise ValueError("bet has no bet_id")
        return str(value)

    def bet_alert_id(self, bet: Mapping[str, Any]) -> str | None:
        value = bet.get("alert_id")
        return None if value is None or str(value).strip() == "" else str(value)

    def bet_ref(self, bet: Mapping[str, Any]) -> str | None:
        if self.bet_alert_id(bet) is not None:
            return None
        return reference(
            bet.get("match"),
            bet.get("market"),
            bet.get("threshold"),
            bet.get("market_direction"),
            bet.get("player_name"),
        )

    def alert_ref(self, view: Mapping[str, Any]) -> str | None:
        fixture = view.get("fixture") or {}
        return reference(
            fixture.get("raw"),
            view.get("market"),
            view.get("line"),
            view.get("selection"),
            view.get("player"),
        )

    def bet_status(self, bet: Mapping[str, Any]) -> str:
        if bet.get("manual_override") is True:
            return MANUAL
        return read_status(bet.get("status"))

    def bet_view(self, bet: Mapping[str, Any], owner: Mapping[str, Any]) -> dict[str, Any]:
        stake = bet.get("actual_stake")
        stake = bet.get("units_staked") if stake is None else stake
        tracking = bet.get("result_tracking")
        tracking = tracking if isinstance(tracking, Mapping) else {}
        returns = bet.get("returns")
        return {
            "bet_id": self.bet_id(bet),
            "alert_id": self.bet_alert_id(bet),
            "user_id": owner.get("user_id"),
            "stake": stake,
            "odds": bet.get("odds"),
            "status": self.bet_status(bet),
            "actual_value": bet.get("actual_value"),
            "returns": _cents(returns),
            "reason": tracking.get("grading_reason"),
            "problem": None
            if stake is not None
            else "the bet gives neither actual_stake nor units_staked",
        }

    def bet_settled(self, bet: Mapping[str, Any], record: Mapping[str, Any], now: datetime) -> Sets:
        if bet.get("manual_override") is True:  # never touched (docs/rules/proppr.md §5)
            return {}
        tracking = tracking_fields(bet, record, now)
        money = _money(bet, record)
        if record["status"] == UNGRADEABLE or money is None:
            # docs/rules/proppr.md §5: not settled; its result_tracking says why.
            why = (
                record.get("reason")
                if record["status"] == UNGRADEABLE
                else f"{record['status']} but returns unknown: {record.get('reason')}"
            )
            return {
                "result_tracking": {
                    "result_status": UNGRADEABLE,
                    "grading_reason": why,
                    "graded_at": utc(now),
                    "grading_source": GRADING_SOURCE,
                }
            }
        returns, profit = money
        sets: Sets = {
            "status": record["status"],
            "returns": returns,
            "profit_loss": profit,
            "settled_at": utc(now),
            "actual_value": record.get("actual_value"),
            "result_tracking": tracking,
            "grading_source": GRADING_SOURCE,
        }
        for field, key in (
            ("actual_result", "actual_result"),
            ("stat_type", "stat_type"),
            ("api_type_id", "api_type_id"),
            ("api_location", "api_location"),
        ):
            if key in tracking:
                sets[field] = tracking[key]
        return sets

    def bet_corrected(
        self, bet: Mapping[str, Any], record: Mapping[str, Any], now: datetime
    ) -> Sets:
        sets = self.bet_settled(bet, record, now)
        if "status" in sets:
            sets["result_tracking"].update(
                result_changed_from=bet.get("status"), result_changed_at=utc(now)
            )
        return sets


def _cents(value: Any) -> str | None:
    """A stored amount as "12.34" text, as grades report returns."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return f"{Decimal(str(value)):.2f}"
    except ArithmeticError:
        return None


def _money(bet: Mapping[str, Any], record: Mapping[str, Any]) -> tuple[float, float] | None:
    """(returns, profit_loss) to the cent, as numbers; None when either is unknown."""
    if record.get("returns") is None:
        return None
    stake = bet.get("actual_stake")
    try:
        stake = read_stake(bet.get("units_staked") if stake is None else stake)
    except ValueError:
        return None
    returns = Decimal(str(record["returns"]))
    return float(returns), float(returns - stake)
