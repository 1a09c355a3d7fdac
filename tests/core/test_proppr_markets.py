"""Every market name PROPPR's bots post (their Player Bot and Team Bot menus and tracker
names, docs/rules/proppr.md §4) maps to a catalogue market, or to a named "FotMob does not
carry" reason (docs/rules/settlement.md §1.11); and alerts whose name is unknown are settled
from PROPPR's stat fields."""

from __future__ import annotations

import pytest

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts, Score, Team
from grading.core.settlement.markets import MAPPER, for_alert
from grading.core.settlement.settle import settle

# name -> the market key (on an alert without a player or team unless the name says so)
PLAYER_BOT = {
    "Player Goals": "player_goals",
    "Player Score 2+ Goals": "player_goals",
    "Player Score 3+ Goals": "player_goals",
    "Anytime Goalscorer": "player_goals",
    "First Goalscorer": "first_goalscorer",
    "First Goal Scorer": "first_goalscorer",
    "Last Goalscorer": "last_goalscorer",
    "Player Goal or Assist": "player_score_or_assist",
    "Player Score or Assist": "player_score_or_assist",
    "Player To Score or Assist": "player_score_or_assist",
    "Player To Assist": "player_assists",
    "Player Assists": "player_assists",
    "Player Header Goal": "player_header_goal",
    "Player Goal From Header": "player_header_goal",
    "Player Goal From Outside Box": "player_goal_outside_box",
    "Player Shots Total": "player_shots",
    "Player Shots On Target": "player_shots_on_target",
    "Player Shots Outside Box": "player_shots_outside_box",
    "Player Shots From Outside Box": "player_shots_outside_box",
    "Player SOT Outside Box": "player_sot_outside_box",
    "Player Headed Shots": "player_headed_shots",
    "Player Headed Shots On Target": "player_headed_sot",
    "Player Set Piece Shots": "player_set_piece_shots",
    "Player Set Piece SOT": "player_set_piece_sot",
    "Player Free Kick Shots": "player_free_kick_shots",
    "Player Fast Break Shots": "player_fast_break_shots",
    "Player Passes": "player_passes",
    "Player Accurate Passes": "player_accurate_passes",
    "Player Key Passes": "player_key_passes",
    "Player Crosses": "player_crosses",
    "Player Tackles": "player_tackles",
    "Player Interceptions": "player_interceptions",
    "Player Clearances": "player_clearances",
    "Player Blocks": "player_blocks",
    "Player Aerial Duels Won": "player_aerials_won",
    "Player Dribbles": "player_dribbles",
    "Player Touches in Box": "player_touches_in_box",
    "Player Yellow Card": "player_yellow_card",
    "Player Red Card": "player_red_card",
    "Player Cards": "player_card",
    "Player Booked First": "player_booked_first",
    "Player Fouls Committed": "player_fouls_committed",
    "Player Fouls Won": "player_fouls_won",
    "Player Offsides": "player_offsides",
}
TEAM_BOT = {
    "Total Goals": "total_goals",
    "Match Goals": "total_goals",
    "Goal Line": "total_goals",
    "Alternative Goal Lines": "total_goals",
    "Team Total Home": "team_total_goals",
    "Team Total Away": "team_total_goals",
    "Team Goals": "team_total_goals",
    "First Team to Score": "team_to_score_first",
    "To Score First": "team_to_score_first",
    "Total Corners": "total_corners",
    "Corners Totals": "total_corners",
    "Match Corners": "total_corners",
    "Alternative Corners": "total_corners",
    "Team Corners": "team_corners",
    "Team Corners Home": "team_corners",
    "Team Corners Away": "team_corners",
    "Team Corners 1st Half": "first_half_team_corners",
    "Team Corners 2nd Half": "second_half_team_corners",
    "Corner Spread": "corners_handicap",
    "Corner Handicap": "corners_handicap",
    "Corners Spread": "corners_handicap",
    "Corners Match Bet": "corners_1x2",
    "Corner Match Bet": "corners_1x2",
    "Corners 2-Way": "corners_handicap",
    "Most Corners": "corners_1x2",
    "Team To Get Most Corners": "corners_1x2",
    "Total Cards": "total_cards",
    "Number of Cards In Match": "total_cards",
    "Asian Total Cards": "total_cards",
    "Total Cards (Yellow + Red)": "total_cards",
    "Bookings Totals": "booking_points",
    "Bookings Spread": "booking_points_handicap",
    "Team Cards": "team_cards",
    "Team Red Cards": "team_red_cards",
    "Total Red Cards": "total_red_cards",
    "Card Handicap": "cards_handicap",
    "First Team To Be Booked": "first_team_booked",
    "To Be Booked First": "first_team_booked",
    "Total Shots": "total_shots",
    "Match Shots": "total_shots",
    "Team Shots": "team_shots",
    "Total Shots On Target": "total_shots_on_target",
    "Match Shots On Target": "total_shots_on_target",
    "Team Shots On Target": "team_shots_on_target",
    "Shots Outside Box": "total_shots_outside_box",
    "Team Shots Outside Box": "team_shots_outside_box",
    "Headed Shots": "total_headed_shots",
    "Headed Shots On Target": "total_headed_sot",
    "Total Fouls": "total_fouls",
    "Team Fouls": "team_fouls",
    "Total Tackles": "total_tackles",
    "Team Tackles": "team_tackles",
    "Total Offsides": "total_offsides",
    "Team Offsides": "team_offsides",
    "Match Offsides": "total_offsides",
    "Throw-ins": "total_throw_ins",
    "Team Throw-ins": "team_throw_ins",
    "Total Saves": "total_saves",
    "Team Saves": "team_saves",
    "Goalkeeper Saves": "total_saves",
    "Headed Goals": "total_headed_goals",
    "Goals Outside Box": "total_goals_outside_box",
    "Total Penalties": "total_penalty_goals",
}
NOT_CARRIED = {
    "First Team To Take Corner": "corner events",
    "Free Kicks": "free kicks",
    "Goal Kicks": "goal kicks",
    "First Corner": "corner events",
    "Last Corner": "corner events",
    "Team Free Kicks": "free kicks",
}
FINISHED = MatchFacts(
    match_id="1",
    status="finished",
    home=Team("1", "Home FC"),
    away=Team("2", "Away FC"),
    score=Score(regulation=(1, 0)),
)


@pytest.mark.parametrize(("name", "key"), sorted({**PLAYER_BOT, **TEAM_BOT}.items()))
def test_every_proppr_name_is_a_market(name: str, key: str) -> None:
    spec = MAPPER.map(name)
    assert spec is not None, name
    assert for_alert(spec, name in PLAYER_BOT and name != "Goalkeeper Saves", False).key == key


@pytest.mark.parametrize(("name", "what"), sorted(NOT_CARRIED.items()))
def test_markets_fotmob_cannot_settle_say_so(name: str, what: str) -> None:
    grade = settle(
        Alert.from_json({"alert_id": "x", "market": name, "selection": "home", "line": 10.5}),
        FINISHED,
    )
    assert grade.status == "ungradeable"
    assert grade.reason.startswith(f"FotMob does not carry {what}"), grade.reason


@pytest.mark.parametrize(
    ("fields", "key", "side"),
    [
        ({"stat_type": "corners", "api_location": "home"}, "team_corners", "home"),
        ({"api_type_id": 52, "api_location": "total"}, "total_goals", None),
        ({"api_type_id": 52, "api_location": "away"}, "team_total_goals", "away"),
        ({"api_type_id": 86, "api_location": "player"}, "player_shots_on_target", None),
        ({"stat_type": "shots_on_target", "api_location": "total"}, "total_shots_on_target", None),
        (
            {"result_tracking": {"stat_type": "goals", "api_type_id": 52, "api_location": "home"}},
            "team_total_goals",
            "home",
        ),
        (
            {"stat_type": "fouls_committed", "api_location": "player"},
            "player_fouls_committed",
            None,
        ),
        ({"api_type_id": 56, "api_location": "player"}, "player_fouls_committed", None),
        ({"stat_type": "yellow_cards", "api_location": "player"}, "player_yellow_card", None),
        ({"api_type_id": 84, "api_location": "total"}, "total_cards", None),
        ({"api_type_id": 83, "api_location": "away"}, "team_red_cards", "away"),
    ],
)
def test_an_unknown_name_is_settled_from_proppr_stat_fields(fields, key, side) -> None:
    alert = Alert.from_json({"alert_id": "x", "market": "Goals Galore (Special)", **fields})
    assert alert.market_stat is not None
    spec = MAPPER.from_stat(*alert.market_stat)
    assert spec is not None and (spec.key, spec.side) == (key, side)


def test_stat_fields_grade_a_team_total_end_to_end() -> None:
    alert = Alert.from_json(
        {
            "alert_id": "x",
            "market": "Home Goals Special",
            "selection": "over",
            "line": 0.5,
            "odds": 2,
            "stake": 10,
            "stat_type": "goals",
            "api_location": "home",
        }
    )
    grade = settle(alert, FINISHED)
    assert (grade.status, str(grade.returns)) == ("won", "20.00"), grade.reason


def test_unknown_name_and_unusable_stat_fields_stay_unknown() -> None:
    alert = Alert.from_json(
        {
            "alert_id": "x",
            "market": "Tiddlywinks",
            "stat_type": "tiddles",
            "api_type_id": 9999,
            "api_location": "total",
        }
    )
    assert settle(alert, FINISHED).reason == "unknown market 'Tiddlywinks'"


def test_the_sportmonks_ids_read_and_written_agree() -> None:
    from grading.core.settlement.catalogue import SPORTMONKS
    from grading.core.settlement.markets import _BY_SPORTMONKS

    assert all(SPORTMONKS[stat] == number for number, stat in _BY_SPORTMONKS.items())
