"""The settlement algebra as properties (hypothesis) and a table of worked lines."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from grading.core.settlement import lines

counts = st.integers(min_value=0, max_value=30)
margins = st.integers(min_value=-10, max_value=10)
quarter_lines = st.integers(min_value=-40, max_value=40)
stakes = st.integers(min_value=2, max_value=100_000).map(lambda cents: Decimal(cents) / 100)
odds = st.integers(min_value=101, max_value=5000).map(lambda cents: Decimal(cents) / 100)


def half_stake_returns(status: str, stake: Decimal, price: Decimal) -> Decimal:
    return lines.returns(status, stake / 2, price)


@given(margins, quarter_lines.filter(lambda q: q % 2), stakes, odds)
def test_a_quarter_handicap_is_two_half_stakes_on_its_neighbours(margin, q, stake, price):
    whole = lines.returns(lines.handicap(margin, q), stake, price)
    halves = sum(
        half_stake_returns(lines.handicap(margin, n), stake, price) for n in (q - 1, q + 1)
    )
    assert abs(whole - halves) <= Decimal("0.01")  # each side rounds to the cent once


@given(counts, quarter_lines.filter(lambda q: q % 2 and q > 0), stakes, odds)
def test_a_quarter_total_is_two_half_stakes_on_its_neighbours(goals, q, stake, price):
    whole = lines.returns(lines.over(goals, q), stake, price)
    halves = sum(half_stake_returns(lines.over(goals, n), stake, price) for n in (q - 1, q + 1))
    assert abs(whole - halves) <= Decimal("0.01")


@given(counts, st.integers(min_value=0, max_value=20).map(lambda n: 4 * n + 2))
def test_over_and_under_complement_on_half_lines(goals, q):
    assert {lines.over(goals, q), lines.under(goals, q)} == {lines.WON, lines.LOST}


@given(counts, st.integers(min_value=0, max_value=20).map(lambda n: 4 * n))
def test_whole_lines_push_exactly_on_the_line(goals, q):
    expected = lines.REFUND if 4 * goals == q else None
    assert (lines.over(goals, q) == lines.REFUND) == (expected is not None)


@given(margins, quarter_lines)
def test_handicap_sides_mirror(margin, q):
    mirror = {
        lines.WON: lines.LOST,
        lines.LOST: lines.WON,
        lines.REFUND: lines.REFUND,
        lines.HALF_WIN: lines.HALF_LOSS,
        lines.HALF_LOSS: lines.HALF_WIN,
    }
    assert lines.handicap(-margin, -q) == mirror[lines.handicap(margin, q)]


@given(st.sampled_from(lines.SETTLED), stakes, odds)
@example(lines.WON, Decimal("0.05"), Decimal("20.5"))
def test_returns_lie_between_nothing_and_stake_times_odds(status, stake, price):
    # The bound is rounded the way returns are (half up: 0.05 x 20.5 = 1.025 -> 1.03).
    assert (
        Decimal(0)
        <= lines.returns(status, stake, price)
        <= (stake * price).quantize(lines.CENT, rounding=ROUND_HALF_UP)
    )


@given(quarter_lines)
def test_line_text_round_trips(q):
    assert lines.parse_line(lines.format_line(q)) == q


@pytest.mark.parametrize(
    ("text", "quarters"),
    [
        ("-0.25", -1),
        (-0.25, -1),
        ("0,-0.5", -1),
        ("0/-0.5", -1),
        ("+1.75", 7),
        ("2.5", 10),
        ("-¼", -1),
        ("1½", 6),
        (3, 12),
        ("-1.5,-2", -7),
    ],
)
def test_line_notations(text, quarters):
    assert lines.parse_line(text) == quarters


@pytest.mark.parametrize("text", ["0.3", "abc", "", None, True, "0,-1", [2.5], {"v": 1}])
def test_bad_lines_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="line"):
        lines.parse_line(text)


# docs/rules/settlement.md §1.1 worked outcomes: selected side's goal difference d.
@pytest.mark.parametrize(
    ("line", "margin", "status"),
    [
        ("-0.25", 1, "won"),
        ("-0.25", 0, "half_loss"),
        ("-0.25", -1, "lost"),
        ("+0.25", 0, "half_win"),
        ("-0.75", 2, "won"),
        ("-0.75", 1, "half_win"),
        ("+0.75", -1, "half_loss"),
        ("-1.25", 1, "half_loss"),
        ("+1.25", -1, "half_win"),
        ("-1.75", 2, "half_win"),
        ("+1.75", -2, "half_loss"),
        ("0", 0, "refund"),
    ],
)
def test_worked_handicap_outcomes(line, margin, status):
    assert lines.handicap(margin, lines.parse_line(line)) == status


def test_returns_round_half_up_to_the_cent():
    # 0.05 * 1.95 = 0.0975 -> 0.10; 0.03 * (1.85 + 1) / 2 = 0.04275 -> 0.04
    assert lines.returns("won", Decimal("0.05"), Decimal("1.95")) == Decimal("0.10")
    assert lines.returns("half_win", Decimal("0.03"), Decimal("1.85")) == Decimal("0.04")
    assert lines.returns("half_loss", Decimal("0.05"), Decimal("2")) == Decimal("0.03")
