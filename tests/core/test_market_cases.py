"""Hand-computed cases for the team and match stat markets, correct score and odd / even
(docs/rules/settlement.md §1.9), through the public API: a MatchFacts contract object and
alert documents. fixtures_data/market_cases.csv says why each result is what it is.

Every case is the same match: 2-1 in regulation; corners 6-5, shots 14-9, on target 5-3,
fouls 11-13, offsides 2-4, saves 2-4, outside the box 7-2, throw-ins 20-17, tackles 15-19;
cards: home 3 yellows and a straight red, away 1 yellow and a second yellow. A stake of 10
at 2.00: won 20, half won 15, refund 10, half lost 5, lost 0.
"""

from __future__ import annotations

import pytest

from grading.core.facts import MatchFacts
from grading.core.settlement.settle import settle
from tests.cases import case_alert, cases_by_market, expected, got, read_cases

STATS = {
    "corners": [6, 5],
    "shots": [14, 9],
    "shots_on_target": [5, 3],
    "fouls": [11, 13],
    "offsides": [2, 4],
    "saves": [2, 4],
    "shots_outside_box": [7, 2],
    "throw_ins": [20, 17],
    "tackles": [15, 19],
    "yellow_cards": [3, 1],
    "second_yellow_cards": [0, 1],
    "straight_red_cards": [1, 0],
}
PLAYER = {
    "id": "p1",
    "name": "Case Player",
    "side": "home",
    "in_squad": True,
    "started": True,
    "minutes": 90,
    "regulation": {"shots": 4, "saves": 1},
    "full": {"shots": 4, "saves": 1},
}


def cases() -> list[dict[str, str]]:
    return read_cases("market_cases.csv")


def facts(without: str) -> MatchFacts:
    return MatchFacts.from_json(
        {
            "schema": 1,
            "match_id": "1",
            "status": "finished",
            "home": {"id": "1", "name": "Home FC"},
            "away": {"id": "2", "name": "Away FC"},
            "score": {"regulation": [2, 1]},
            "team_stats": {k: v for k, v in STATS.items() if k != without},
            "players": [PLAYER],
        }
    )


@pytest.mark.parametrize("case", cases(), ids=lambda case: case["case_id"])
def test_case(case: dict[str, str]) -> None:
    grade = settle(case_alert(case), facts(case["without"]))
    assert got(grade) == expected(case), grade.reason


def test_every_new_market_has_three_cases_or_more() -> None:
    counts = cases_by_market(cases())
    new = [
        key
        for key in counts
        if key.startswith(("total_", "team_"))
        or key
        in (
            "corners_1x2",
            "cards_1x2",
            "cards_handicap",
            "booking_points_handicap",
            "correct_score",
            "goals_odd_even",
            "corners_odd_even",
        )
    ]
    assert all(counts[key] >= 3 for key in new), counts
