"""Settlement is total: any JSON value in any field of an alert gives a grade, never an
exception, and a settled grade always carries exact money (docs/rules/settlement.md §0)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from grading.core.alerts import Alert
from grading.core.settlement.lines import SETTLED
from grading.core.settlement.settle import settle
from grading.edges.recorded import DirectorySource
from tests.conftest import FIXTURES

SOURCE = DirectorySource(FIXTURES / "fotmob")
MATCHES = [SOURCE.fetch(match_id) for match_id in ("9000001", "9000002", "9000004")]
BASES = [
    {"market": "asian_handicap", "selection": "home", "line": -0.25},
    {"market": "total_goals", "selection": "over", "line": 2.5},
    {"market": "btts", "selection": "yes"},
    {"market": "total_cards", "selection": "under", "line": 4.5},
    {"market": "player_shots", "selection": "over", "line": 0.5, "player": {"name": "Eli Striker"}},
    {"market": "player_card", "selection": "yes", "player": {"name": "Jon Defender"}},
    {"market": "win_to_nil", "selection": "yes", "team": "home"},
]
FIELDS = (
    "market",
    "selection",
    "line",
    "threshold",
    "direction",
    "team",
    "player",
    "player_name",
    "player_id",
    "odds",
    "stake",
    "rules",
    "match_id",
    "bot_type",
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(
    base=st.sampled_from(BASES),
    field=st.sampled_from(FIELDS),
    value=JSON,
    match=st.sampled_from(MATCHES),
)
def test_any_value_in_any_field_gives_a_grade_never_an_exception(base, field, value, match):
    alert = Alert.from_json({"alert_id": "p", "odds": 2.5, "stake": 10, **base, field: value})
    grade = settle(alert, match)
    assert grade.status in (*SETTLED, "pending", "ungradeable")
    if grade.status in SETTLED and grade.returns is not None:
        assert grade.returns == grade.returns.quantize(Decimal("0.01"))
        assert Decimal(0) <= grade.returns <= alert.stake * alert.odds
    if grade.status == "ungradeable":
        assert grade.returns is None and grade.reason


@settings(max_examples=200, deadline=None)
@given(stake=JSON, odds=JSON)
def test_a_bets_own_price_of_any_kind_gives_a_grade(stake, odds):
    alert = Alert.from_json({"alert_id": "p", "odds": 2.5, "stake": 10, **BASES[1]})
    grade = settle(alert.priced("b", stake, odds), MATCHES[0])
    assert grade.status in (*SETTLED, "ungradeable")
