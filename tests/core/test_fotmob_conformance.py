"""Parser conformance on every file in ../shared/fotmob.

Every expected value here was checked by hand against the raw events of the payload
(goal minutes, card events and their descriptions, substitution swaps, shot maps).
"""

from __future__ import annotations

import pytest

from grading.core.errors import BadPayload
from grading.core.facts import MatchFacts, PlayerFacts
from grading.edges.recorded import read_payload, to_facts
from tests.conftest import shared_path

MATCH_FILES = [
    "3370572_Argentina_France.json",
    "3370572_Argentina_France.nextdata_raw.json",
    "3411368_Wolves_ManCity_2020shape.json",
    "3609929_Brentford_Arsenal.json",
    "4193696_Liverpool_ManUnited.json",
    "4506508_Liverpool_ManUnited.json",
    "4506747_Mallorca_RealMadrid.json",
    "4535454_Inter_Genoa.json",
    "4582241_RealMadrid_Barcelona.json",
    "4813415_Bournemouth_Newcastle.json",
    "5104961_Fredrikstad_Sandefjord_notstarted.json",
]
OTHER_FILES = {
    "matches_20200920.json": "a day list of matches",
    "matches_20240224.json": "a day list of matches",
    "team_9825_Arsenal_2025-26.json": "a team or league page",
    "team_191716_PhiladelphiaUnion_2020shape.json": "a team or league page",
    "league_130_MLS_2020shape.json": "a team or league page",
}


def facts(name: str) -> MatchFacts:
    return to_facts(read_payload(shared_path("fotmob", name)))


def player(match: MatchFacts, name: str) -> PlayerFacts:
    (found,) = [p for p in match.players if p.name == name]
    return found


# (file, status, regulation, after extra time, penalties, home id, away id)
SCORES = [
    ("3370572_Argentina_France.json", "finished", (2, 2), (3, 3), (4, 2), "6706", "6723"),
    ("3411368_Wolves_ManCity_2020shape.json", "finished", (1, 3), None, None, "8602", "8456"),
    ("3609929_Brentford_Arsenal.json", "finished", (2, 0), None, None, "9937", "9825"),
    ("4193696_Liverpool_ManUnited.json", "finished", (0, 0), None, None, "8650", "10260"),
    ("4506508_Liverpool_ManUnited.json", "finished", (2, 2), None, None, "8650", "10260"),
    ("4506747_Mallorca_RealMadrid.json", "finished", (1, 1), None, None, "8661", "8633"),
    ("4535454_Inter_Genoa.json", "finished", (1, 0), None, None, "8636", "10233"),
    ("4582241_RealMadrid_Barcelona.json", "finished", (2, 5), None, None, "8633", "8634"),
    ("4813415_Bournemouth_Newcastle.json", "finished", (0, 0), None, None, "8678", "10261"),
    (
        "5104961_Fredrikstad_Sandefjord_notstarted.json",
        "not_started",
        None,
        None,
        None,
        "8417",
        "8609",
    ),
]


@pytest.mark.parametrize(
    ("name", "status", "regulation", "aet", "pens", "home", "away"),
    SCORES,
    ids=[row[0][:12] for row in SCORES],
)
def test_status_and_scores(name, status, regulation, aet, pens, home, away):
    match = facts(name)
    assert (
        match.status,
        match.score.regulation,
        match.score.after_extra_time,
        match.score.penalties,
    ) == (status, regulation, aet, pens)
    assert (match.home.id, match.away.id) == (home, away)


def test_world_cup_final_players_split_regulation_from_extra_time():
    final = facts("3370572_Argentina_France.json")
    messi, mbappe = player(final, "Lionel Messi"), player(final, "Kylian Mbappé")
    assert (messi.full["goals"], messi.regulation["goals"], messi.minutes) == (2, 1, 120)
    assert (mbappe.full["goals"], mbappe.regulation["goals"]) == (3, 2)
    # Shot map periods FirstHalf/SecondHalf only; shootout kicks are never shots.
    assert (messi.full["shots"], messi.regulation["shots"]) == (5, 3)
    assert (messi.full["shots_on_target"], messi.regulation["shots_on_target"]) == (4, 2)
    # Tackles cannot be split by period: left out of regulation, never guessed.
    assert "tackles" in messi.full and "tackles" not in messi.regulation
    # Montiel's yellow came at 116': in the full line, not in regulation.
    montiel = player(final, "Gonzalo Montiel")
    assert (montiel.full["yellow_cards"], montiel.regulation["yellow_cards"]) == (1, 0)
    # Martínez was booked during the shootout (121'): no card at all.
    assert player(final, "Emiliano Martínez").full["yellow_cards"] == 0


def test_world_cup_final_team_stats_are_regulation_only():
    final = facts("3370572_Argentina_France.json")
    # FirstHalf + SecondHalf; the All period (6-5 corners) includes extra time.
    assert final.team_stats["corners"] == (4, 3)
    # Argentina: Enzo 45+7, Acuña 90+8. France: Rabiot 55, Thuram 87; Giroud's 90+5 card
    # was shown on the bench ("not_on_pitch") and does not count.
    assert final.team_stats["yellow_cards"] == (2, 2)
    assert player(final, "Olivier Giroud").full["yellow_cards"] == 0


def test_next_data_wrapper_gives_the_same_facts():
    assert facts("3370572_Argentina_France.nextdata_raw.json") == facts(
        "3370572_Argentina_France.json"
    )


def test_2020_shape_reads_ids_from_profile_urls_and_stats_by_label():
    match = facts("3411368_Wolves_ManCity_2020shape.json")
    assert match.kickoff_utc is None  # only a local date string with no zone
    assert match.team_stats["yellow_cards"] == (0, 3)  # Jesus, Mendy, Rodri
    assert match.team_stats["corners"] == (4, 6)
    jesus = player(match, "Gabriel Jesus")  # his goal came at 90+5: still regulation
    assert (jesus.regulation["goals"], jesus.regulation["yellow_cards"]) == (1, 1)
    podence = player(match, "Daniel Podence")
    assert (podence.full["assists"], podence.full["passes"], podence.full["tackles"]) == (1, 22, 3)
    dendoncker = player(match, "Leander Dendoncker")  # came on at 78'
    assert (dendoncker.started, dendoncker.minutes) == (False, 12)
    ruddy = player(match, "John Ruddy")  # unused substitute
    assert (ruddy.in_squad, ruddy.appeared, ruddy.full) == (True, False, {})


def test_late_2023_shape_second_yellow_and_stats_inside_the_lineup():
    match = facts("4193696_Liverpool_ManUnited.json")
    # Away: 5 Yellow events (Dalot's first among them) and Dalot's YellowRed at 90+4.
    assert match.team_stats["yellow_cards"] == (2, 5)
    assert match.team_stats["second_yellow_cards"] == (0, 1)
    dalot = player(match, "Diogo Dalot")
    assert (dalot.full["yellow_cards"], dalot.full["red_cards"], dalot.left_minute) == (1, 1, 90)
    trent = player(match, "Trent Alexander-Arnold")  # "69/88" passes, "2/3" tackles won
    assert (
        trent.full["passes"],
        trent.full["tackles"],
        trent.full["shots"],
        trent.full["shots_on_target"],
    ) == (88, 3, 4, 0)
    thiago = player(match, "Thiago Alcántara")
    assert (thiago.side, thiago.in_squad, thiago.unavailable) == ("home", False, True)


def test_coach_card_and_stoppage_time_red():
    match = facts("4506747_Mallorca_RealMadrid.json")
    # Arrasate (coach) 45', Maffeo 45'; Mendy straight red at 90+7.
    assert match.team_stats["yellow_cards"] == (1, 0)
    assert match.team_stats["straight_red_cards"] == (0, 1)
    mendy = player(match, "Ferland Mendy")
    assert (mendy.regulation["red_cards"], mendy.left_minute) == (1, 90)


def test_not_on_pitch_cards_and_player_stats_without_ids():
    clasico = facts("4582241_RealMadrid_Barcelona.json")
    # Barcelona: Lewandowski, Araujo count; Iñigo Martínez and Raphinha were on the bench.
    assert clasico.team_stats["yellow_cards"] == (5, 2)
    assert player(clasico, "Wojciech Szczesny").regulation["red_cards"] == 1
    inter = facts("4535454_Inter_Genoa.json")  # playerStats entries carry no id/teamId
    lautaro = player(inter, "Lautaro Martinez")
    assert (lautaro.side, lautaro.full["goals"], lautaro.full["shots"]) == ("home", 1, 5)


def test_penalty_goal_counts_and_unavailable_players_are_listed():
    match = facts("4506508_Liverpool_ManUnited.json")
    assert player(match, "Mohamed Salah").regulation["goals"] == 1  # 70' penalty
    bajcetic = player(match, "Stefan Bajcetic")
    assert (bajcetic.in_squad, bajcetic.unavailable) == (False, True)


def test_not_started_fixture_has_no_result():
    match = facts("5104961_Fredrikstad_Sandefjord_notstarted.json")
    assert match.team_stats == {}
    assert match.kickoff_utc == "2026-08-01T14:00:00Z"


@pytest.mark.parametrize("name", MATCH_FILES[:-1])
def test_players_goals_add_up_to_the_regulation_score(name):
    match = facts(name)
    for index, side in enumerate(("home", "away")):
        other = "away" if side == "home" else "home"
        scored = sum(p.regulation.get("goals", 0) for p in match.players if p.side == side)
        own = sum(p.regulation.get("own_goals", 0) for p in match.players if p.side == other)
        assert scored + own == match.score.regulation[index]


@pytest.mark.parametrize("name", MATCH_FILES)
def test_facts_json_round_trip(name):
    match = facts(name)
    assert MatchFacts.from_json(match.to_json()) == match


@pytest.mark.parametrize(("name", "reason"), sorted(OTHER_FILES.items()))
def test_files_that_are_not_matches_are_bad_payloads(name, reason):
    with pytest.raises(BadPayload, match=reason):
        facts(name)
