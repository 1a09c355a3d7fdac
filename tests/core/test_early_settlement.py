"""Settling in play (docs/rules/settlement.md §1.12): only what no later play can change,
only behind the guards against a goal taken back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts
from grading.core.settlement.early import in_play_blocker, settle_in_play
from grading.core.timeline import GoalEvent
from grading.edges.recorded import DirectorySource
from tests.fakes import in_play

FINAL = DirectorySource(Path(__file__).parents[2] / "fixtures_data" / "fotmob").fetch("9000001")
# 9000001 ends 2-1: home 12', home 38', away 75'.


def at(minute: int, extra: tuple[GoalEvent, ...] = (), var: bool = False) -> MatchFacts:
    return in_play(FINAL, minute, extra, var)


def alert(market: str, selection: str, line: float | None = None, **more) -> Alert:
    return Alert.from_json(
        {
            "alert_id": "a",
            "match_id": "9000001",
            "market": market,
            "selection": selection,
            "line": line,
            "odds": 2,
            "stake": 10,
            **more,
        }
    )


@pytest.mark.parametrize(
    ("market", "selection", "line", "minute", "status", "decided"),
    [
        ("total_goals", "over", 1.5, 60, "won", 38),  # two goals: over 1.5 passed at 38'
        ("total_goals", "over", 2.5, 60, None, None),  # one more goal needed
        ("total_goals", "over", 2.5, 80, "won", 75),
        ("total_goals", "under", 3.5, 80, None, None),  # an under waits for full time
        ("btts", "yes", None, 80, "won", 75),
        ("btts", "no", None, 80, "lost", 75),
        ("btts", "yes", None, 60, None, None),
        ("match_result_1x2", "1", None, 89, None, None),  # a late goal can still change it
        ("asian_handicap", "home", -0.25, 89, None, None),
        ("first_team_to_score", "home", None, 30, "won", 12),
        ("1st_half_goals", "over", 1.5, 50, "won", 38),  # a closed half decided it
        ("1st_half_goals", "under", 2.5, 45, None, None),  # 45 is still the 1st half (or HT)
        ("1st_half_goals", "under", 2.5, 50, "won", 46),
        ("player_shots", "over", 0.5, 80, None, None),  # stat lines carry no event times
    ],
)
def test_only_what_no_later_play_can_change_is_settled(
    market, selection, line, minute, status, decided
):
    grade = settle_in_play(alert(market, selection, line), at(minute), 3)
    assert (grade and grade.status, grade and grade.decided_minute) == (status, decided)


@pytest.mark.parametrize(
    ("facts", "blocker"),
    [
        (at(80, var=True), "a VAR check is under way"),
        (at(77), "the latest goal is under 3 minutes old"),
        (replace(at(80), live_minute=95), "regulation time is over or its minute unknown"),
        (FINAL, "the match is finished"),
    ],
)
def test_guards_against_a_goal_taken_back(facts, blocker):
    assert in_play_blocker(facts, 3) == blocker
    assert settle_in_play(alert("total_goals", "over", 2.5), facts, 3) is None


def test_a_goal_under_review_is_not_settled_on_but_an_old_enough_one_is():
    phantom = GoalEvent(50, "away", None, "disallowed")
    assert (
        settle_in_play(alert("total_goals", "over", 2.5), at(52, (phantom,), var=True), 3) is None
    )
    # without the VAR flag and the age guard the phantom would decide it: the trap
    assert settle_in_play(alert("total_goals", "over", 2.5), at(50, (phantom,)), 0) is not None


def test_a_bet_without_stake_or_odds_settles_as_its_alert_does():
    grade = settle_in_play(alert("btts", "yes", odds=None), at(80), 3)
    assert grade is not None and grade.status == "won" and "no odds" in grade.reason
