"""Hand-computed cases for the half, timeline, scorer and new player-prop markets
(docs/rules/settlement.md §1.10, §1.11) through the public API: a MatchFacts contract
object (fixtures_data/timeline_match.json) and alert documents. Each row of
fixtures_data/timeline_cases.csv says why its result is what it is.

The match: Home FC 3-2 Away FC, half time 1-2. Goals: 10' own goal by Hugo Defender (for
away), 30' Harry Striker header (assist Henry Playmaker), 45+2' Adam Forward from outside
the box, 60' Harry Striker penalty, 90+3' Hector Supersub (on at 70'; the source does not
say where from). Cards: 20' Aaron Hothead (away) yellow then 20' Hal Booked (home) yellow,
50' Aaron Hothead second yellow, 80' Hank Sentoff red. Corners 7-3 (4-1, 3-2); shots by
half 6-4, 8-5. Hugh Bench never played; Arthur Late came on at 46'. A stake of 10 at 2.00.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts
from grading.core.settlement.catalogue import CATALOGUE
from grading.core.settlement.settle import settle
from tests.cases import case_alert, cases_by_market, expected, got, read_cases
from tests.conftest import FIXTURES


def cases() -> list[dict[str, str]]:
    return read_cases("timeline_cases.csv")


def match(variant: str) -> MatchFacts:
    data: dict[str, Any] = json.loads((FIXTURES / "timeline_match.json").read_text())
    if variant == "no_halves":
        del data["team_stats_halves"]
    elif variant == "no_timeline":
        del data["timeline"]
    elif variant == "all_goals_marked":
        for goal in data["timeline"]["goals"]:
            goal.setdefault("outside_box", False)
    else:
        assert variant == "", variant
    return MatchFacts.from_json(data)


@pytest.mark.parametrize("case", cases(), ids=lambda case: case["case_id"])
def test_case(case: dict[str, str]) -> None:
    grade = settle(case_alert(case), match(case["variant"]))
    assert got(grade) == expected(case), grade.reason


def test_every_new_market_has_three_cases_and_every_half_kind_one() -> None:
    counts = cases_by_market(cases())
    full_time_new = {
        key
        for key, spec in CATALOGUE.items()
        if spec.period == "ft" and (60 <= spec.legacy_id < 100 or spec.legacy_id >= 110)
    }
    assert {key: counts.get(key, 0) for key in full_time_new if counts.get(key, 0) < 3} == {}
    half_kinds = {
        (spec.kind, spec.stat)
        for key, spec in CATALOGUE.items()
        if spec.period != "ft" and key in counts
    }
    assert len(half_kinds) >= 12, half_kinds


def test_ungradeable_reasons_say_what_is_missing() -> None:
    reasons = {
        case["case_id"]: settle(case_alert(case), match(case["variant"])).reason
        for case in cases()
        if case["expected_status"] == "ungradeable"
    }
    assert reasons["t-043"].startswith("the payload has no goal and card timeline")
    assert "does not split corners by half" in reasons["t-130"]
    assert reasons["t-135"] == "corner order is not in the payload (both sides reached 3)"
    assert reasons["t-218"].startswith("FotMob does not carry corner events")
    assert (
        "does not say whether Hector Supersub's goals were from outside the box" in reasons["t-094"]
    )


def abandoned_at(minute: int) -> MatchFacts:
    """The same match, abandoned at ``minute``: only what happened by then."""
    data: dict[str, Any] = json.loads((FIXTURES / "timeline_match.json").read_text())
    timeline = data["timeline"]
    timeline["goals"] = [g for g in timeline["goals"] if g["minute"] <= minute]
    timeline["cards"] = [c for c in timeline["cards"] if c["minute"] <= minute]
    sides = [g["side"] for g in timeline["goals"]]
    data.update(
        status="abandoned",
        abandon_minute=minute,
        score={"regulation": [sides.count("home"), sides.count("away")]},
    )
    return MatchFacts.from_json(data)


# (abandoned at, market, selection, line, player, expected): docs/rules/settlement.md §1.7,
# §1.10. At 60' the score is 2-2 (1-2 at half time); at 30' it is 1-1.
ABANDONED = [
    (60, "first_half_match_result_1x2", "2", None, None, "won"),  # the half is over
    (60, "first_half_total_goals", "over", "2.5", None, "won"),
    (60, "second_half_total_goals", "over", "1.5", None, "refund"),  # 1 so far
    (60, "second_half_total_goals", "over", "0.5", None, "won"),  # already passed
    (60, "first_goalscorer", "yes", None, "Harry Striker", "won"),
    (60, "last_goalscorer", "yes", None, "Harry Striker", "refund"),
    (60, "team_to_score_first", "away", None, None, "won"),
    (60, "team_to_score_last", "home", None, None, "refund"),
    (60, "first_team_booked", "away", None, None, "won"),
    (60, "player_booked_first", "yes", None, "Aaron Hothead", "won"),
    (60, "ht_ft", "2/1", None, None, "refund"),
    (60, "win_either_half", "away", None, None, "won"),
    (60, "win_both_halves", "home", None, None, "lost"),
    (60, "highest_scoring_half", "1st", None, None, "refund"),
    (60, "exact_goals", "5+", None, None, "refund"),
    (60, "player_score_1st_half", "yes", None, "Adam Forward", "won"),
    (30, "first_half_match_result_1x2", "X", None, None, "refund"),  # the half was not over
    (30, "first_half_total_goals", "over", "1.5", None, "won"),  # already passed
    (30, "player_score_1st_half", "yes", None, "Harry Striker", "won"),
    (30, "first_goalscorer", "none", None, None, "lost"),
    (5, "first_goalscorer", "none", None, None, "refund"),  # no goal yet
    (5, "team_to_score_first", "home", None, None, "refund"),
]


@pytest.mark.parametrize(("minute", "market", "selection", "line", "player", "expected"), ABANDONED)
def test_abandoned_matches(
    minute: int, market: str, selection: str, line: str | None, player: str | None, expected: str
) -> None:
    alert = Alert.from_json(
        {
            "alert_id": "a",
            "market": market,
            "selection": selection,
            "line": line,
            "player": player,
            "odds": 2,
            "stake": 10,
        }
    )
    grade = settle(alert, abandoned_at(minute))
    assert grade.status == expected, grade.reason
