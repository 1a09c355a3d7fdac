"""Finding the alert's player: a table of real spelling pairs (docs/rules/players.md).

Each row is how a bookmaker or a tip bot writes a player, the match, and what the grader
must do: find that FotMob player, or refuse (``None``: ungradeable, never a refund and never
another player). The names on the right are FotMob's own, from the recorded payloads.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from grading.core.alerts import Alert, PlayerRef
from grading.core.facts import MatchFacts, PlayerFacts, Score, Team
from grading.core.settlement.roster import AmbiguousPlayer, PlayerNotFound, find_player
from grading.core.settlement.settle import settle
from grading.edges.recorded import read_payload
from tests.conftest import shared_path

WC_FINAL, CLASICO, NORTH_WEST = "3370572", "4582241", "4506508"
FILES = {
    WC_FINAL: "3370572_Argentina_France.json",
    CLASICO: "4582241_RealMadrid_Barcelona.json",
    NORTH_WEST: "4506508_Liverpool_ManUnited.json",
}

SPELLINGS = [
    # (match, as written by a bookmaker or a bot, FotMob's player or None)
    (WC_FINAL, "Lionel Messi", "Lionel Messi"),
    (WC_FINAL, "Lionel Mesi", "Lionel Messi"),  # a typo
    (WC_FINAL, "Messi", "Lionel Messi"),
    (WC_FINAL, "L. Messi", "Lionel Messi"),  # an initial
    (WC_FINAL, "Emiliano Martinez", "Emiliano Martínez"),  # accents
    (WC_FINAL, "E. Martinez", "Emiliano Martínez"),
    (WC_FINAL, "Emi Martinez", "Emiliano Martínez"),  # a short form
    (WC_FINAL, "Martinez", None),  # three Martínez: ambiguous
    (WC_FINAL, "L. Martinez", None),  # Lautaro or Lisandro
    (WC_FINAL, "Lautaro", "Lautaro Martínez"),
    (WC_FINAL, "Kylian Mbappe", "Kylian Mbappé"),
    (WC_FINAL, "MBAPPE", "Kylian Mbappé"),
    (WC_FINAL, "Angel Di Maria", "Ángel Di Maria"),
    (WC_FINAL, "Di Maria", "Ángel Di Maria"),
    (WC_FINAL, "Alexis MacAllister", "Alexis Mac Allister"),  # joined words
    (WC_FINAL, "Julian Alvarez", "Julián Álvarez"),
    (WC_FINAL, "Rodrigo de Paul", "Rodrigo De Paul"),
    (WC_FINAL, "Aurelien Tchouameni", "Aurélien Tchouaméni"),
    (WC_FINAL, "Randal Kolo-Muani", "Randal Kolo Muani"),  # a hyphen
    (WC_FINAL, "Cristiano Ronaldo", None),  # not in this match
    (CLASICO, "Vinicius Junior", "Vinicius Junior"),
    (CLASICO, "Vinícius Júnior", "Vinicius Junior"),
    (CLASICO, "Vinicius Jr", "Vinicius Junior"),  # "Jr"
    (CLASICO, "Vini Jr.", "Vinicius Junior"),  # a nickname that is a prefix
    (CLASICO, "Rodrygo Goes", "Rodrygo"),  # FotMob's single name
    (CLASICO, "Luka Modrić", "Luka Modric"),
    (CLASICO, "Robert Lewandowski", "Robert Lewandowski"),
    (CLASICO, "R. Lewandowski", "Robert Lewandowski"),
    (CLASICO, "Marc-André ter Stegen", "Marc-Andre ter Stegen"),
    (CLASICO, "ter Stegen", "Marc-Andre ter Stegen"),
    (CLASICO, "Frenkie De Jong", "Frenkie de Jong"),
    (CLASICO, "Inaki Pena", "Inaki Pena"),
    (CLASICO, "Iñaki Peña", "Inaki Pena"),
    (CLASICO, "Raphael Dias Belloli", None),  # "Raphinha": no rule knows
    (CLASICO, "Pedro Gonzalez Lopez", None),  # "Pedri": no rule knows
    (NORTH_WEST, "Trent Alexander Arnold", "Trent Alexander-Arnold"),
    (NORTH_WEST, "Alexander-Arnold", "Trent Alexander-Arnold"),
    (NORTH_WEST, "Mo Salah", "Mohamed Salah"),
    (NORTH_WEST, "Mohamed Salah", "Mohamed Salah"),
    (NORTH_WEST, "Darwin Núñez", "Darwin Nunez"),
    (NORTH_WEST, "Virgil Van Dijk", "Virgil van Dijk"),
    (NORTH_WEST, "Rasmus Hojlund", "Rasmus Højlund"),
    (NORTH_WEST, "B. Fernandes", "Bruno Fernandes"),
    (NORTH_WEST, "Joe Gomez", None),  # FotMob: Joseph Gomez
    (NORTH_WEST, "Lisandro Martinez", "Lisandro Martinez"),
]


@pytest.fixture(scope="module")
def matches() -> dict[str, MatchFacts]:
    from grading.core.fotmob.payloads import to_facts

    return {
        match_id: to_facts(read_payload(shared_path("fotmob", name)))
        for match_id, name in FILES.items()
    }


@pytest.mark.parametrize(("match_id", "written", "fotmob"), SPELLINGS)
def test_a_spelling_finds_its_player_or_is_refused(matches, match_id, written, fotmob):
    players = matches[match_id].players
    if fotmob is None:
        with pytest.raises((PlayerNotFound, AmbiguousPlayer)):
            find_player(players, PlayerRef(written))
    else:
        assert find_player(players, PlayerRef(written)).name == fotmob


def test_no_spelling_in_the_table_ever_finds_another_player(matches):
    wrong = []
    for match_id, written, fotmob in SPELLINGS:
        try:
            found = find_player(matches[match_id].players, PlayerRef(written))
        except (PlayerNotFound, AmbiguousPlayer):
            continue
        if found is None or found.name != fotmob:
            wrong.append((written, found and found.name))
    assert wrong == []


PLAYERS = (
    PlayerFacts("1", "Son Heung-Min", "home", True, True, 90),
    PlayerFacts("2", "Neymar", "home", True, True, 90),
    PlayerFacts("3", "Kim Min-Jae", "away", True, True, 90),
    PlayerFacts("4", "Min-Jae Kim", "home", True, False, 0),
)


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Heung-Min Son", "1"),  # given name first
        ("Son Heung Min", "1"),
        ("Neymar Jr", "2"),
        ("Neymar Junior", "2"),
    ],
)
def test_name_order_and_suffixes_do_not_matter(written, found):
    assert find_player(PLAYERS, PlayerRef(written)).id == found


def test_the_alerts_team_narrows_the_search():
    with pytest.raises(AmbiguousPlayer):
        find_player(PLAYERS, PlayerRef("Kim Min-Jae"))
    assert find_player(PLAYERS, PlayerRef("Kim Min-Jae"), side="away").id == "3"


def test_an_id_absent_from_a_complete_lineup_took_no_part_and_a_name_proves_nothing():
    ghost = PlayerRef("Nobody Known", id="999")
    assert find_player(PLAYERS, ghost, complete=True) is None
    with pytest.raises(PlayerNotFound, match="closest"):
        find_player(PLAYERS, ghost, complete=False)
    with pytest.raises(PlayerNotFound):
        find_player(PLAYERS, PlayerRef("Nobody Known"), complete=True)


def facts_with(players: tuple[PlayerFacts, ...], complete: bool) -> MatchFacts:
    return MatchFacts(
        "1",
        "finished",
        Team("10", "Home"),
        Team("20", "Away"),
        Score((1, 0)),
        players=tuple(replace(p, full={"shots": 2}, regulation={"shots": 2}) for p in players),
        lineup_complete=complete,
    )


@pytest.mark.parametrize(
    ("player", "complete", "status", "reason"),
    [
        ({"name": "Lionel Mesi"}, True, "won", "Son"),  # see below
        ({"name": "Nobody Known"}, True, "ungradeable", "closest: "),
        ({"name": "Nobody Known", "id": "999"}, True, "refund", "not_in_squad"),
        ({"name": "Nobody Known", "id": "999"}, False, "ungradeable", "no player"),
        ({"name": "Min-Jae Kim"}, True, "refund", "not_in_squad"),  # unused substitute
    ],
)
def test_what_a_player_alert_settles_to(player, complete, status, reason):
    players = (
        *PLAYERS[:2],
        replace(PLAYERS[3], started=False, minutes=0),
        PlayerFacts("5", "Lionel Messi", "away", True, True, 90),
    )
    alert = Alert.from_json(
        {
            "alert_id": "a",
            "market": "player_shots",
            "selection": "over",
            "line": 0.5,
            "player": player,
            "odds": 2,
            "stake": 10,
        }
    )
    grade = settle(alert, facts_with(players, complete))
    assert grade.status == status
    assert reason in grade.reason or (status == "won" and "Lionel Messi" in grade.reason)
