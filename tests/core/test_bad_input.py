"""Bad input gets one clear line and loses nothing: payloads, alerts, rules, players."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grading.core.alerts import Alert
from grading.core.errors import BadPayload
from grading.core.facts import MatchFacts, PlayerFacts, Score, Team
from grading.core.fotmob.parse import loads, parse_match
from grading.core.settlement.settle import settle

MATCH = MatchFacts(
    match_id="1",
    status="finished",
    home=Team("10", "Alpha City"),
    away=Team("20", "Beta Town"),
    score=Score((1, 0)),
    players=(
        PlayerFacts("7", "Tom Smith", "home", True, True, 90, {"shots": 2}, {"shots": 2}),
        PlayerFacts("8", "Tim Smith", "away", True, True, 90, {"shots": 1}, {"shots": 1}),
    ),
)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<!DOCTYPE html><html><head><title>Just a moment...</title>", "HTML page"),
        ('{"header": {"teams": [', "broken or truncated JSON"),
        ('{"error": "Unauthorized"}', "error object"),
        ("[1, 2]", "a JSON list"),
        ('{"header": {"teams": []}}', "header.teams"),
        (
            '{"header": {"teams": [{}, {}], '
            '"status": {"finished": true, "reason": {"short": "ZZ"}}}}',
            "unknown FotMob status 'ZZ'",
        ),
    ],
)
def test_bad_payloads_raise_one_line(body, reason):
    with pytest.raises(BadPayload, match=reason) as caught:
        loads(body)
    assert "\n" not in str(caught.value)


def test_a_payload_without_match_id_is_bad():
    payload = {"header": {"teams": [{"name": "A"}, {"name": "B"}], "status": {}}}
    with pytest.raises(BadPayload, match="no match id"):
        parse_match(payload)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"schema": 2}, "unsupported MatchFacts schema"),
        ({"schema": 1, "status": "won"}, "unknown MatchFacts status"),
        ({"schema": 1, "status": "finished", "match_id": "1"}, "missing field 'score'"),
    ],
)
def test_bad_facts_files(data, reason):
    with pytest.raises(BadPayload, match=reason):
        MatchFacts.from_json(data)


def grade(**fields):
    return settle(Alert.from_json({"alert_id": "x", "odds": 2, "stake": 10, **fields}), MATCH)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"market": "Tiddlywinks", "selection": "1-0"}, "unknown market 'Tiddlywinks'"),
        ({"market": "total_goals", "selection": "over"}, "needs a line"),
        ({"market": "total_goals", "selection": "over", "line": "2.3"}, "not a multiple of 0.25"),
        ({"market": "total_goals", "selection": "sideways", "line": 2.5}, "selection 'sideways'"),
        ({"market": "asian_handicap", "selection": "Gamma", "line": 0}, "neither team"),
        ({"market": "team_total_goals", "selection": "over", "line": 0.5}, "needs a team"),
        ({"market": "player_shots", "selection": "over", "line": 0.5}, "needs a player"),
        (
            {
                "market": "player_shots",
                "selection": "over",
                "line": 0.5,
                "player": {"name": "Smith"},
            },
            "fits several players",
        ),
        (
            {
                "market": "player_tackles",
                "selection": "over",
                "line": 0.5,
                "player": {"name": "Tom Smith"},
            },
            "tackles in regulation time is not in the payload",
        ),
        ({"market": "total_corners", "selection": "over", "line": 9.5}, "corners"),
        (
            {
                "market": "total_goals",
                "selection": "over",
                "line": 0.5,
                "rules": {"card_convention": "Y9"},
            },
            "card_convention='Y9'",
        ),
    ],
)
def test_ungradeable_alerts_say_why(fields, reason):
    result = grade(**fields)
    assert result.status == "ungradeable"
    assert reason in result.reason


def test_teams_by_name_and_players_by_id_or_unique_surname():
    assert grade(market="asian_handicap", selection="Alpha City", line=-0.5).status == "won"
    assert grade(market="match_result_1x2", selection="Beta Town").status == "lost"
    by_id = grade(
        market="player_shots", selection="over", line=1.5, player={"name": "Smith", "id": "7"}
    )
    assert (by_id.status, by_id.actual_value) == ("won", 2)


def test_an_alert_without_odds_is_graded_without_returns():
    result = settle(Alert.from_json({"alert_id": "x", "market": "btts", "selection": "no"}), MATCH)
    assert (result.status, result.returns) == ("won", None)
    assert "no odds" in result.reason


def test_seed_field_names_are_aliases():
    alert = Alert.from_json(
        {
            "_id": "abc",
            "market": "total_goals",
            "direction": "under",
            "threshold": 1.5,
            "fotmob_match_id": 1,
            "player_name": "Tom Smith",
            "unknown_field": 1,
        }
    )
    assert (alert.alert_id, alert.selection, alert.line, alert.match_id, alert.player.name) == (
        "abc",
        "under",
        1.5,
        "1",
        "Tom Smith",
    )


@pytest.mark.parametrize("data", [{}, {"alert_id": ""}, [1]])
def test_alerts_without_identity_are_refused(data):
    with pytest.raises(ValueError):
        Alert.from_json(data)


MONEY = {
    "alert_id": "m",
    "match_id": "1",
    "market": "total_goals",
    "selection": "over",
    "line": 0.5,
}


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("stake", "ten", "stake 'ten' is not a positive amount"),
        ("stake", 0, "stake 0 is not a positive amount"),
        ("stake", -10, "stake -10 is not a positive amount"),
        ("stake", "NaN", "stake 'NaN' is not a positive amount"),
        ("stake", True, "stake True is not a positive amount"),
        ("stake", "1e309", "stake '1e309' is not a positive amount"),
        ("stake", float("inf"), "stake inf is not a positive amount"),
        ("stake", "1e400000", "stake '1e400000' is not a positive amount"),
        ("stake", [10], "stake [10] is not a positive amount"),
        ("odds", 0.5, "odds 0.5 is not a decimal price above 1.0"),
        ("odds", "1e-30", "odds '1e-30' is not a decimal price above 1.0"),
        ("odds", 1, "odds 1 is not a decimal price above 1.0"),
        ("odds", "1e400000", "odds '1e400000' is not a decimal price above 1.0"),
        ("odds", {"price": 2}, "odds {'price': 2} is not a decimal price above 1.0"),
        ("line", "1e100000", "line '1e100000' is not a line (at most 1000)"),
        ("line", 1e308, "is not a line (at most 1000)"),
    ],
)
def test_money_that_is_not_money_is_ungradeable_never_coerced(field, value, reason):
    alert = Alert.from_json({**MONEY, "odds": 2.0, "stake": 10, field: value})
    grade = settle(alert, MATCH)
    assert (grade.status, grade.returns) == ("ungradeable", None)
    assert reason in grade.reason


def test_a_missing_stake_is_one_unit_and_the_reason_says_so():
    grade = settle(Alert.from_json({**MONEY, "odds": 3.4}), MATCH)
    assert (grade.status, str(grade.returns)) == ("won", "3.40")
    assert grade.reason.endswith("no stake given: 1 unit")


def test_a_bets_own_bad_price_is_never_replaced_by_the_alerts():
    alert = Alert.from_json({**MONEY, "odds": 2.0, "stake": 10})
    assert (
        settle(alert.priced("b", stake="ten"), MATCH).reason
        == "stake 'ten' is not a positive amount"
    )
    assert settle(alert.priced("b", odds=0.9), MATCH).status == "ungradeable"
    assert settle(alert.priced("b", stake=4), MATCH).returns == Decimal("8.00")


@pytest.mark.parametrize(
    ("price", "bet", "shown"),
    [
        ({"odds": 2.0, "stake": 10}, None, (Decimal("2.0"), Decimal("10"))),
        ({"odds": 2.0, "stake": "ten"}, None, (2.0, "ten")),  # never the unit standing in
        ({"odds": "evens"}, None, ("evens", Decimal("1"))),  # no stake given: one unit
        ({"odds": 2.0, "stake": 10}, {"stake": "ten"}, (Decimal("2.0"), "ten")),
        ({"odds": 2.0, "stake": "ten"}, {"odds": 3.0}, (3.0, "ten")),
        ({"odds": 2.0, "stake": 10}, {"stake": 4}, (Decimal("2.0"), Decimal("4"))),
    ],
)
def test_an_unusable_price_is_shown_as_written(price, bet, shown):
    alert = Alert.from_json({**MONEY, **price})
    priced = alert if bet is None else alert.priced("b", **bet)
    assert priced.shown_price() == shown


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"selection": "home"}, "won"),  # Alpha City won 1-0
        ({"selection": "yes", "team": "home"}, "won"),
        ({"selection": "Yes", "team": "Alpha City"}, "won"),
        ({"selection": "no", "team": "home"}, "lost"),
        ({"selection": "yes", "team": "away"}, "lost"),
        ({"selection": "no", "team": "Beta Town"}, "won"),
    ],
)
def test_win_to_nil_reads_a_side_or_yes_no_on_a_team(fields, status):
    alert = Alert.from_json(
        {
            "alert_id": "w",
            "match_id": "1",
            "market": "win_to_nil",
            "odds": 2.0,
            "stake": 10,
            **fields,
        }
    )
    assert settle(alert, MATCH).status == status


def test_win_to_nil_yes_without_a_team_says_so():
    alert = Alert.from_json({"alert_id": "w", "market": "win_to_nil", "selection": "yes"})
    assert "needs a team" in settle(alert, MATCH).reason
