"""Money in: stakes and prices read exactly, validated, never coerced (docs/rules/settlement.md §0).

A stake is a positive amount, a price a decimal price above 1.0 (at 1.0 or below a "won" bet
would return no more than its stake). Both are finite and bounded, and their size is checked
before any arithmetic, so "1e400000" is refused at once. Anything else is a ValueError with
one line naming the value; the caller makes that alert or bet ``ungradeable``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

MAX_STAKE = Decimal("1000000000")
MAX_ODDS = Decimal("10000")
UNIT = Decimal(1)  # the stake of an alert that gives none (docs/design.md)


def read_stake(value: Any) -> Decimal:
    return _read(value, "stake", above=Decimal(0), at_most=MAX_STAKE, what="a positive amount")


def read_odds(value: Any) -> Decimal:
    return _read(
        value, "odds", above=Decimal(1), at_most=MAX_ODDS, what="a decimal price above 1.0"
    )


def _read(value: Any, name: str, above: Decimal, at_most: Decimal, what: str) -> Decimal:
    shown = repr(value) if isinstance(value, str) else str(value)
    refusal = ValueError(f"{name} {shown[:30]} is not {what}")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise refusal
    text = str(value).strip()
    if not text or len(text) > 40:
        raise refusal
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise refusal from None
    if not amount.is_finite() or amount.adjusted() > 12 or not above < amount <= at_most:
        raise refusal
    return amount
