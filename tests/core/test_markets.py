"""The market catalogue and UnifiedMarketMapper."""

from __future__ import annotations

import pytest

from grading.core.settlement.markets import CATALOGUE, MAPPER

SETTLEMENT_README_KEYS = {
    "match_result_1x2",
    "asian_handicap",
    "total_goals",
    "team_total_goals",
    "btts",
    "double_chance",
    "draw_no_bet",
    "winning_margin",
    "clean_sheet",
    "win_to_nil",
    "total_corners",
    "corners_handicap",
    "total_cards",
    "booking_points",
    "player_shots",
    "player_shots_on_target",
    "player_goals",
    "player_assists",
    "player_tackles",
    "player_passes",
    "player_fouls_committed",
    "player_saves",
    "player_card",
    # docs/rules/settlement.md §1.9
    *(
        f"total_{stat}"
        for stat in (
            "shots",
            "shots_on_target",
            "fouls",
            "offsides",
            "saves",
            "shots_outside_box",
            "throw_ins",
            "tackles",
        )
    ),
    *(
        f"team_{stat}"
        for stat in (
            "corners",
            "cards",
            "booking_points",
            "shots",
            "shots_on_target",
            "fouls",
            "offsides",
            "saves",
            "shots_outside_box",
            "throw_ins",
            "tackles",
        )
    ),
    "corners_1x2",
    "cards_1x2",
    "cards_handicap",
    "booking_points_handicap",
    "correct_score",
    "goals_odd_even",
    "corners_odd_even",
    # docs/rules/settlement.md §1.10
    "ht_ft",
    "win_either_half",
    "win_both_halves",
    "score_in_both_halves",
    "highest_scoring_half",
    "exact_goals",
    "team_to_score_first",
    "team_to_score_last",
    "first_team_booked",
    "total_red_cards",
    "team_red_cards",
    "race_to_corners",
    "total_headed_shots",
    "team_headed_shots",
    "total_headed_sot",
    "team_headed_sot",
    "total_headed_goals",
    "total_goals_outside_box",
    "total_penalty_goals",
    "first_goalscorer",
    "last_goalscorer",
    "player_booked_first",
    "player_score_1st_half",
    "player_score_2nd_half",
    "player_header_goal",
    "player_goal_outside_box",
    "player_penalty_goal",
    "player_score_or_assist",
    "player_yellow_card",
    "player_red_card",
    *(
        f"player_{stat}"
        for stat in (
            "fouls_won",
            "offsides",
            "key_passes",
            "crosses",
            "interceptions",
            "clearances",
            "blocks",
            "dribbles",
            "touches_in_box",
            "aerials_won",
            "accurate_passes",
            "shots_outside_box",
            "sot_outside_box",
            "headed_shots",
            "headed_sot",
            "set_piece_shots",
            "set_piece_sot",
            "free_kick_shots",
            "fast_break_shots",
        )
    ),
}
HALVABLE = {
    "match_result_1x2",
    "asian_handicap",
    "total_goals",
    "team_total_goals",
    "btts",
    "double_chance",
    "draw_no_bet",
    "correct_score",
    "goals_odd_even",
    "clean_sheet",
    "total_corners",
    "corners_handicap",
    "corners_1x2",
    "team_corners",
    "total_cards",
    "team_cards",
    "booking_points",
    "team_booking_points",
    "cards_1x2",
    "cards_handicap",
    "corners_odd_even",
    *(
        f"{kind}_{stat}"
        for kind in ("total", "team")
        for stat in (
            "shots",
            "shots_on_target",
            "fouls",
            "offsides",
            "saves",
            "shots_outside_box",
            "throw_ins",
            "tackles",
        )
    ),
}


def test_catalogue_holds_every_market_of_the_settlement_readme_and_its_halves():
    halves = {f"{half}_half_{key}" for half in ("first", "second") for key in HALVABLE}
    assert set(CATALOGUE) == SETTLEMENT_README_KEYS | halves
    assert {CATALOGUE[key].period for key in halves} == {"1st", "2nd"}


def test_every_market_maps_by_key_and_by_legacy_id():
    ids = [spec.legacy_id for spec in CATALOGUE.values()]
    assert len(set(ids)) == len(ids)
    for key, spec in CATALOGUE.items():
        assert MAPPER.map(key) == spec
        assert MAPPER.map(spec.legacy_id) == spec
        assert MAPPER.map(str(spec.legacy_id)) == spec


# (market text, key, implied selection, implied line)
ALIASES = [
    ("Player Shots On Target", "player_shots_on_target", None, None),
    ("Over/Under 2.5", "total_goals", None, "2.5"),
    ("O/U 3", "total_goals", None, "3"),
    ("Over 2.5 Goals", "total_goals", "over", "2.5"),
    ("Under 9.5 corners", "total_corners", "under", "9.5"),
    ("Asian Handicap -0.25", "asian_handicap", None, "-0.25"),
    ("AH -0.25", "asian_handicap", None, "-0.25"),
    ("AH 0,-0.5", "asian_handicap", None, "0,-0.5"),
    ("BTTS", "btts", None, None),
    ("Both Teams To Score", "btts", None, None),
    ("Anytime Goalscorer", "player_goals", "over", "0.5"),
    ("1X2", "match_result_1x2", None, None),
    ("Draw No Bet", "draw_no_bet", None, None),
    ("Player To Be Booked", "player_card", None, None),
    ("player passes attempted", "player_passes", None, None),
    ("Goalkeeper Saves", "total_saves", None, None),
    ("Booking Points", "booking_points", None, None),
    ("  total_goals ", "total_goals", None, None),
]


@pytest.mark.parametrize(("text", "key", "selection", "line"), ALIASES)
def test_human_names(text, key, selection, line):
    spec = MAPPER.map(text)
    assert spec is not None
    assert (spec.key, spec.selection, spec.line) == (key, selection, line)


@pytest.mark.parametrize("text", ["Tiddlywinks", "", None, 999, "3rd Half Goals", ["x"], True])
def test_unknown_markets_map_to_none(text):
    assert MAPPER.map(text) is None


def test_stat_type_and_api_type_id():
    assert MAPPER.stat_type("Player Shots On Target") == "shots_on_target"
    assert MAPPER.api_type_id("BTTS") == 52  # Sportmonks: goals
    assert MAPPER.api_type_id("Team Corners Home") == 34
    assert MAPPER.api_type_id("HT/FT") == 52
    assert MAPPER.api_type_id("Player Key Passes") is None
    assert MAPPER.stat_type("Tiddlywinks") is None


# PROPPR's names for the markets the catalogue settles (docs/rules/proppr.md §4):
# (Market as PROPPR's bots write it, key, implied selection, implied line, implied side)
PROPPR_NAMES = [
    ("Player Shots On Target", "player_shots_on_target", None, None, None),
    ("Player Goals", "player_goals", None, None, None),
    ("Player Shots Total", "player_shots", None, None, None),
    ("Player Tackles", "player_tackles", None, None, None),
    ("Player Passes", "player_passes", None, None, None),
    ("Player Fouls Committed", "player_fouls_committed", None, None, None),
    ("Goalkeeper Saves", "total_saves", None, None, None),
    ("Total Shots", "total_shots", None, None, None),
    ("Match Shots On Target", "total_shots_on_target", None, None, None),
    ("Team Corners Home", "team_corners", None, None, "home"),
    ("Team Corners", "team_corners", None, None, None),
    ("Corners Match Bet", "corners_1x2", None, None, None),
    ("Team To Get Most Corners", "corners_1x2", None, None, None),
    ("Card Handicap", "cards_handicap", None, None, None),
    ("Bookings Spread", "booking_points_handicap", None, None, None),
    ("Team Cards", "team_cards", None, None, None),
    ("Total Fouls", "total_fouls", None, None, None),
    ("Team Offsides", "team_offsides", None, None, None),
    ("Throw-ins", "total_throw_ins", None, None, None),
    ("Shots Outside Box", "total_shots_outside_box", None, None, None),
    ("Correct Score", "correct_score", None, None, None),
    ("Player Cards", "player_card", None, None, None),
    ("Player Score 2+ Goals", "player_goals", "over", "1.5", None),
    ("Player To Assist", "player_assists", "over", "0.5", None),
    ("Anytime Goalscorer", "player_goals", "over", "0.5", None),
    ("Team Total Home", "team_total_goals", None, None, "home"),
    ("Team Total Away", "team_total_goals", None, None, "away"),
    ("Team Goals", "team_total_goals", None, None, None),
    ("Match Goals", "total_goals", None, None, None),
    ("Goal Line", "total_goals", None, None, None),
    ("Alternative Goal Lines", "total_goals", None, None, None),
    ("Total Goals", "total_goals", None, None, None),
    ("Corners Totals", "total_corners", None, None, None),
    ("Total Corners", "total_corners", None, None, None),
    ("Match Corners", "total_corners", None, None, None),
    ("Corner Spread", "corners_handicap", None, None, None),
    ("Total Cards", "total_cards", None, None, None),
    ("Number of Cards In Match", "total_cards", None, None, None),
    ("Bookings Totals", "booking_points", None, None, None),
]


@pytest.mark.parametrize(("text", "key", "selection", "line", "side"), PROPPR_NAMES)
def test_proppr_market_names(text, key, selection, line, side):
    spec = MAPPER.map(text)
    assert spec is not None, text
    assert (spec.key, spec.selection, spec.line, spec.side) == (key, selection, line, side)


@pytest.mark.parametrize(
    ("text", "player", "team", "key"),
    [
        ("Total Shots", False, False, "total_shots"),
        ("Total Shots", False, True, "total_shots"),  # on a team alert: the match stat
        ("Total Shots", True, True, "player_shots"),
        ("Shots On Target", True, False, "player_shots_on_target"),
        ("Goalkeeper Saves", True, True, "player_saves"),
        ("Goalkeeper Saves", False, True, "team_saves"),
        ("Goalkeeper Saves", False, False, "total_saves"),
        ("Team Shots", True, True, "team_shots"),  # a team market stays one
    ],
)
def test_a_name_that_fits_several_subjects_is_read_from_the_alert(text, player, team, key):
    from grading.core.settlement.markets import for_alert

    spec = MAPPER.map(text)
    assert spec is not None and for_alert(spec, player, team).key == key
