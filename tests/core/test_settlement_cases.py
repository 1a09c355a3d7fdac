"""All 120 rows of ../shared/settlement/cases.csv through the public settlement API.

Each row becomes a MatchFacts (the contract object) and an Alert; the grade must match the
row's status and returns to the cent. ``info*`` keys only explain a case and are ignored.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts, PlayerFacts, Score, Team
from grading.core.settlement.settle import settle
from tests.conftest import shared_path

_STATUS = {
    "finished": "finished",
    "abandoned": "abandoned",
    "postponed": "postponed",
    "awarded": "awarded",
    "walkover": "awarded",
}
_PLAYER_STATS = {
    "player_shots": "shots",
    "player_shots_on_target": "shots_on_target",
    "player_goals": "goals",
    "player_assists": "assists",
    "player_tackles": "tackles",
    "player_passes_attempted": "passes",
    "player_fouls_committed": "fouls_committed",
    "player_saves": "saves",
    "player_yellow": "yellow_cards",
    "player_red": "red_cards",
    "player_own_goals": "own_goals",
}


def _rows() -> list[dict[str, str]]:
    with shared_path("settlement", "cases.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def facts_from_row(row: dict[str, str]) -> MatchFacts:
    extra = json.loads(row["extra"] or "{}")
    regulation = None
    if row["home_goals_90"] != "":
        regulation = (int(row["home_goals_90"]), int(row["away_goals_90"]))
    elif extra.get("match_status", "finished") in ("finished", "abandoned"):
        regulation = (0, 0)  # rows on corners and cards give no score
    after_et = None
    if extra.get("went_to_extra_time") and "home_goals_aet" in extra:
        after_et = (extra["home_goals_aet"], extra["away_goals_aet"])
    team_stats = {}
    if "home_corners" in extra:
        team_stats["corners"] = (extra["home_corners"], extra["away_corners"])
    if "yellow" in extra:
        # The rows give match totals; which side holds them does not change a match total.
        team_stats["yellow_cards"] = (extra["yellow"], 0)
        team_stats["second_yellow_cards"] = (extra["second_yellow"], 0)
        team_stats["straight_red_cards"] = (extra["straight_red"], 0)
    # A lineup always exists; the case player is in it only when the row says so.
    players: tuple[PlayerFacts, ...] = (
        PlayerFacts(
            id="p9", name="Other Player", side="away", in_squad=True, started=True, minutes=90
        ),
    )
    if extra.get("player_in_squad"):
        line = {stat: extra[key] for key, stat in _PLAYER_STATS.items() if key in extra}
        line.setdefault("yellow_cards", 0)
        line.setdefault("red_cards", 0)
        players += (
            PlayerFacts(
                id="p1",
                name="Case Player",
                side="home",
                in_squad=True,
                started=extra.get("player_started", False),
                minutes=extra.get("player_minutes", 0),
                regulation=line,
                full=line,
                left_minute=extra["player_minutes"]
                if extra.get("player_left_field_before_abandonment")
                else None,
            ),
        )
    return MatchFacts(
        match_id=row["case_id"],
        status=_STATUS[extra.get("match_status", "finished")],
        home=Team("1", "Home FC"),
        away=Team("2", "Away FC"),
        score=Score(regulation, after_et, None),
        abandon_minute=extra.get("abandon_minute"),
        team_stats=team_stats,
        players=players,
    )


def alert_from_row(row: dict[str, str]) -> Alert:
    extra = json.loads(row["extra"] or "{}")
    rules = {k: extra[k] for k in ("card_convention", "participation_rule") if k in extra}
    return Alert.from_json(
        {
            "alert_id": row["case_id"],
            "match_id": row["case_id"],
            "market": row["market"],
            "selection": row["selection"],
            "line": row["line"] or None,
            "team": extra.get("team"),
            "player": {"name": "Case Player", "id": "p1"},
            "odds": row["odds"],
            "stake": row["stake"],
            "rules": rules,
        }
    )


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["case_id"])
def test_case(row: dict[str, str]) -> None:
    grade = settle(alert_from_row(row), facts_from_row(row))
    assert (grade.status, grade.returns) == (
        row["expected_status"],
        Decimal(row["expected_returns"]),
    ), grade.reason


def test_every_case_was_read() -> None:
    assert len(_rows()) == 120


def _liverpool_united():
    from grading.core.fotmob.payloads import to_facts
    from grading.edges.recorded import read_payload
    from tests.conftest import shared_path

    return to_facts(read_payload(shared_path("fotmob", "4506508_Liverpool_ManUnited.json")))


@pytest.mark.parametrize(
    ("doc", "status", "basis"),
    [
        # (alert, status, (market, stat, location, side, actual_result, lineup))
        (
            {"market": "Team Total Away", "selection": "over", "line": 1.5},
            "won",
            ("team_total_goals", "goals", "away", "away", "2-2", None),
        ),
        (
            {"market": "Team Total Home", "selection": "under", "line": 2.5, "team": "Liverpool"},
            "won",
            ("team_total_goals", "goals", "home", "home", "2-2", None),
        ),
        (
            {"market": "Team Goals", "selection": "over", "line": 1.5, "team": "Man Utd"},
            "won",
            ("team_total_goals", "goals", "away", "away", "2-2", None),
        ),
        (
            {"market": "Match Goals", "selection": "over", "line": 3.5},
            "won",
            ("total_goals", "goals", "total", None, "2-2", None),
        ),
        (
            {"market": "Player Goals", "selection": "over", "line": 0.5, "player": "Mo Salah"},
            "won",
            ("player_goals", "goals", "player", None, None, "started"),
        ),
        (
            {"market": "Player Goals", "selection": "over", "line": 0.5, "player": "Joseph Gomez"},
            "refund",
            ("player_goals", "goals", "player", None, None, "not_in_squad"),
        ),
    ],
)
def test_a_grade_says_what_it_was_measured_on(doc, status, basis):
    grade = settle(Alert.from_json({"alert_id": "a", "odds": 2, **doc}), _liverpool_united())
    assert grade.status == status, grade.reason
    assert grade.basis is not None
    assert (
        grade.basis.market,
        grade.basis.stat,
        grade.basis.location,
        grade.basis.side,
        grade.basis.actual_result,
        grade.basis.lineup,
    ) == basis


def test_a_team_that_names_the_other_side_of_a_home_market_is_ungradeable():
    alert = Alert.from_json(
        {
            "alert_id": "a",
            "market": "Team Total Home",
            "selection": "over",
            "line": 1.5,
            "team": "Manchester United",
            "odds": 2,
        }
    )
    grade = settle(alert, _liverpool_united())
    assert grade.status == "ungradeable"
    assert grade.reason == "market team_total_goals home is on Liverpool, not 'Manchester United'"
