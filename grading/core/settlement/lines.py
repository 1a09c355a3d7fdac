"""Lines in integer quarter units, and the split-stake algebra of Asian lines. Pure.

docs/rules/settlement.md §0 and §1.1: a .25/.75 line is two half-stakes on its neighbouring lines;
each half is won, pushed or lost; WW won, LL lost, W+P half_win, L+P half_loss. Keeping lines in
quarter units (x4) avoids float equality entirely.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

WON, LOST, REFUND, HALF_WIN, HALF_LOSS = "won", "lost", "refund", "half_win", "half_loss"
SETTLED = (WON, LOST, REFUND, HALF_WIN, HALF_LOSS)
CENT = Decimal("0.01")
MAX_LINE = 1000  # booking-point lines reach about 100; no market comes near this

_FRACTIONS = {"½": ".5", "¼": ".25", "¾": ".75"}


def parse_line(value: Any) -> int:
    """A line as quarter units: ``-0.25`` -> -1, ``"0,-0.5"`` -> -1, ``2.5`` -> 10.

    Split notation ("0,-0.5", "0/-0.5") is the average of its two lines (docs/rules/settlement.md
    §1.1). Raises ValueError with a one-line reason for anything that is not a multiple of 0.25.
    """
    # Only plain numbers and text are read (and cached): a list or dict from a JSON alert
    # must be refused with a reason, not raise TypeError from the cache.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"line {value!r} is not a number")
    return _parse_line(value)


@functools.lru_cache(maxsize=1024, typed=True)  # typed: 1 and 1.0 keep their own entries
def _parse_line(value: str | int | float) -> int:
    text = str(value).strip().replace(" ", "")
    for glyph, decimal in _FRACTIONS.items():
        text = text.replace(glyph, decimal)
    text = text.replace("-.", "-0.").replace("+.", "+0.")
    if text.startswith("."):
        text = "0" + text
    for sep in (",", "/"):
        if sep in text.lstrip("+-"):
            left, right = text.rsplit(sep, 1)
            first, second = _parse_line(left), _parse_line(right)
            if abs(first - second) != 2:
                raise ValueError(f"split line {value!r} must join two lines 0.5 apart")
            return (first + second) // 2
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"line {str(value)[:30]!r} is not a number") from None
    # Sized before any arithmetic: "1e100000" is refused at once, not after a second of CPU.
    if not number.is_finite() or number.adjusted() > 3 or abs(number) > MAX_LINE:
        raise ValueError(f"line {str(value)[:30]!r} is not a line (at most {MAX_LINE})")
    quarters = number * 4
    if quarters != quarters.to_integral_value():
        raise ValueError(f"line {value!r} is not a multiple of 0.25")
    return int(quarters)


def format_line(quarters: int) -> str:
    """Quarter units back to text: -1 -> "-0.25", 10 -> "2.5"."""
    text = format(Decimal(quarters) / 4, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def split(quarters: int) -> tuple[int, ...]:
    """The lines a stake is spread over: a quarter line splits into its two neighbours."""
    return (quarters - 1, quarters + 1) if quarters % 2 else (quarters,)


_WHOLE = {1: WON, 0: REFUND, -1: LOST}
_SPLIT = {
    (1, 1): WON,
    (-1, -1): LOST,
    (0, 1): HALF_WIN,
    (1, 0): HALF_WIN,
    (-1, 0): HALF_LOSS,
    (0, -1): HALF_LOSS,
}


def combine(signs: Iterable[int]) -> str:
    """Per-half results (+1 win, 0 push, -1 loss) -> one status."""
    halves = tuple(signs)
    if len(halves) == 1:
        return _WHOLE[halves[0]]
    pair = (halves[0], halves[1]) if len(halves) == 2 else None
    if pair not in _SPLIT:  # adjacent lines can never split W+L or P+P
        raise AssertionError(f"impossible half results {halves}")
    return _SPLIT[pair]


def sign(value: int) -> int:
    return (value > 0) - (value < 0)


def over(value: int, quarters: int) -> str:
    """Over ``line`` with a count of ``value``."""
    return combine(sign(4 * value - q) for q in split(quarters))


def under(value: int, quarters: int) -> str:
    return combine(sign(q - 4 * value) for q in split(quarters))


def handicap(margin: int, quarters: int) -> str:
    """The selected side's goal difference ``margin`` with its handicap ``line``."""
    return combine(sign(4 * margin + q) for q in split(quarters))


@functools.lru_cache(maxsize=4096)  # bets repeat a few stakes and prices
def returns(status: str, stake: Decimal, odds: Decimal) -> Decimal:
    """What the bettor gets back, exact to the cent (round half up).

    docs/rules/settlement.md §0: won S*O; half_win S*(O+1)/2; refund S; half_loss S/2; lost 0.
    """
    if status == WON:
        gross = stake * odds
    elif status == HALF_WIN:
        gross = stake * (odds + 1) / 2
    elif status == REFUND:
        gross = stake
    elif status == HALF_LOSS:
        gross = stake / 2
    elif status == LOST:
        gross = Decimal(0)
    else:
        raise ValueError(f"no returns for status {status!r}")
    return gross.quantize(CENT, rounding=ROUND_HALF_UP)
