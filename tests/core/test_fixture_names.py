"""Finding an alert's match by name: a table of bookmaker spellings against a real day list.

Each row is how a bookmaker-fed tip bot writes a match (PROPPR's ``Match``, ``Date`` and
``Time``) and what the grader must do with FotMob's day list of 24 February 2024 (516
matches, ../shared/fotmob/matches_20240224.json): find that match, or refuse (``None``: the
alert stays pending with the reason, never graded on another match). The decoys are real
rows of that day: U18, academy, women's and reserve sides of the same clubs, a fixture the
other way round, the same club a few hours away.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from grading.core.fixtures import (
    Aliases,
    MatchQuery,
    resolve,
    side_score,
    team,
)
from grading.core.fotmob.day_list import DayRow, parse_day_list
from grading.edges.alias_files import load_aliases
from grading.edges.recorded import read_payload
from tests.conftest import shared_path

SAT = "2024-02-24"
FRI = "2024-02-23"

SPELLINGS = [
    # (home as the alert writes it, away, date, "HH:MM" UTC or None, FotMob's id or None)
    ("Man Utd", "Fulham", SAT, "15:00", "4193788"),
    ("Manchester United", "Fulham FC", SAT, "15:00", "4193788"),
    ("Manchester Utd", "Fulham", SAT, None, "4193788"),  # "00:00": unknown time
    ("Aston Villa", "Nottingham Forest", SAT, "15:00", "4193783"),
    ("Aston Villa", "Nott'm Forest", SAT, "15:00", "4193783"),
    ("Brighton and Hove Albion", "Everton", SAT, "15:00", "4193784"),
    ("Brighton", "Everton", SAT, "15:00", "4193784"),
    ("Crystal Palace", "Burnley", SAT, "15:00", "4193786"),
    ("Chelsea", "Spurs", FRI, "20:00", "4193785"),  # an alias
    ("Chelsea FC", "Tottenham Hotspur", FRI, "20:00", "4193785"),
    ("Bayer 04 Leverkusen", "1. FSV Mainz 05", FRI, "19:30", "4222026"),
    ("Leverkusen", "Mainz", FRI, "19:30", "4222026"),
    ("1. FC Union Berlin", "1. FC Heidenheim 1846", SAT, "14:30", "4222025"),
    ("VfB Stuttgart", "FC Koln", SAT, "14:30", "4222031"),
    ("Stuttgart", "Cologne", SAT, "14:30", "4222031"),  # an alias
    ("Werder Bremen", "Darmstadt 98", SAT, "14:30", "4222029"),
    ("Borussia Monchengladbach", "VfL Bochum", SAT, "14:40", "4222028"),
    ("Gladbach", "Bochum", SAT, "14:40", "4222028"),  # an alias
    ("Bologna", "Verona", FRI, "19:45", "4230784"),
    ("Real Sociedad", "Villarreal CF", FRI, "20:00", "4205598"),
    ("Granada CF", "Valencia CF", SAT, "13:00", "4205599"),
    ("FC Barcelona", "Getafe", SAT, "15:15", "4205594"),
    ("Sheffield Wednesday", "Bristol City", SAT, "15:00", "4202663"),
    ("Sheffield Wed", "Bristol City", SAT, "15:00", "4202663"),
    ("QPR", "Rotherham United", SAT, "15:00", "4202603"),
    ("Queens Park Rangers", "Rotherham", SAT, "15:00", "4202603"),
    ("Hull City", "West Brom", SAT, "12:30", "4202607"),
    ("Hull", "West Bromwich Albion", SAT, "12:30", "4202607"),
    ("MK Dons", "Newport County", SAT, "15:00", "4203892"),
    ("Oxford United", "Leyton Orient", SAT, "15:00", "4203067"),
    ("Oxford Utd", "Leyton Orient", SAT, "15:00", "4203067"),
    ("Doncaster Rovers", "AFC Wimbledon", SAT, "15:00", "4203770"),
    ("Coventry City", "Preston North End", FRI, "19:45", "4202608"),
    ("Leeds United", "Leicester City", FRI, "20:00", "4202605"),
    ("Willem II", "Roda JC", FRI, "19:00", "4217069"),  # "II" is the club
    ("St Patrick's Athletic", "Bohemians", FRI, "19:45", "4381693"),
    ("AFC", "GVVV Veenendaal", SAT, "14:00", "4243740"),  # a name that is an affix
    ("AFC Amsterdam", "Veenendaal", SAT, "14:00", "4243740"),
    ("Everton U18", "Blackburn Rovers U18", SAT, "11:00", "4283976"),
    ("Wolves U18", "Nottingham Forest U18", SAT, "11:00", "4284004"),
    ("Uzbekistan Women", "Australia Women", SAT, "09:00", "4356891"),
    ("Uzbekistan (W)", "Australia (W)", SAT, "09:00", "4356891"),
    # refusals: the decoys
    ("Everton", "Blackburn Rovers", SAT, "11:00", None),  # only the U18s play then
    ("Wolves", "Nottingham Forest", SAT, "11:00", None),  # U18
    ("Uzbekistan", "Australia", SAT, "09:00", None),  # women's teams
    ("Aston Villa", "Stoke City", FRI, "19:00", None),  # academies
    ("Porto", "Leixoes", SAT, "15:30", None),  # FC Porto B
    ("Borussia Dortmund", "Unterhaching", SAT, "13:00", None),  # II, and reversed
    ("Real Madrid", "Real Murcia", SAT, "15:00", None),  # Real Madrid Castilla
    ("Fulham", "Man Utd", SAT, "15:00", None),  # home and away swapped
    ("Tottenham", "Chelsea", FRI, "20:00", None),  # swapped
    ("Man Utd", "Fulham", SAT, "20:00", None),  # five hours off
    ("Liverpool", "Man City", SAT, "15:00", None),  # not played that day
    ("Bristol", "Carlisle", SAT, "15:00", "4203047"),  # only Rovers meet Carlisle
    ("Bristol City", "Carlisle United", SAT, "15:00", None),  # Rovers do, not City
    ("Oxford City", "Leyton Orient", SAT, "15:00", None),  # Oxford United do
    ("Manchester City", "Fulham", SAT, "15:00", None),  # United do
    ("Sheffield United", "Bristol City", SAT, "15:00", None),  # Wednesday do
    ("Hamburger SV", "VfB Oldenburg", SAT, "12:00", None),  # Hamburger SV II
    ("Hertha Berlin", "FC Eilenburg", FRI, "18:00", None),  # Hertha Berlin II
    ("Olympiacos", "Kalamata", SAT, "13:00", None),  # the B side, away
    ("Celta Vigo", "Sestao", SAT, "15:00", None),  # Celta Vigo B
    ("Swansea City", "Sunderland", SAT, "15:00", None),  # swapped
]


@pytest.fixture(scope="module")
def day() -> list[DayRow]:
    return list(parse_day_list(read_payload(shared_path("fotmob", "matches_20240224.json"))).rows)


@pytest.fixture(scope="module")
def aliases() -> Aliases:
    return load_aliases()


def query(home: str, away: str, date: str, time: str | None) -> MatchQuery:
    kickoff = None if time is None else datetime.fromisoformat(f"{date}T{time}+00:00")
    return MatchQuery(home, away, kickoff)


@pytest.mark.parametrize(("home", "away", "date", "time", "expected"), SPELLINGS)
def test_a_match_is_found_by_its_bookmaker_names_or_refused(
    day: list[DayRow],
    aliases: Aliases,
    home: str,
    away: str,
    date: str,
    time: str | None,
    expected: str | None,
) -> None:
    found = resolve(query(home, away, date, time), day, aliases)
    assert found.match_id == expected, found.reason


def test_the_day_list_reads_every_row_with_both_name_forms(day: list[DayRow]) -> None:
    assert len(day) == 516
    row = next(row for row in day if row.match_id == "4193788")
    assert row.home == ("Man United", "Manchester United")
    assert row.away == ("Fulham",)
    assert row.kickoff == datetime(2024, 2, 24, 15, 0, tzinfo=UTC)
    assert (row.league, row.country, row.state) == ("Premier League", "ENG", "finished")


def test_a_swap_is_reported_with_the_fixture_that_fits() -> None:
    rows = [
        DayRow("1", ("Fulham",), ("Man United", "Manchester United"), None, "PL", "ENG", "finished")
    ]
    found = resolve(MatchQuery("Man Utd", "Fulham", None), rows)
    assert found.match_id is None
    assert found.reason == "only Fulham v Man United fits, with home and away the other way round"


def test_two_matches_that_fit_as_well_are_refused_unless_the_league_tells_them_apart() -> None:
    rows = [
        DayRow("1", ("Bristol City",), ("Leeds",), None, "Championship", "ENG", "finished"),
        DayRow("2", ("Bristol Rovers",), ("Leeds",), None, "League One", "ENG", "finished"),
    ]
    assert resolve(MatchQuery("Bristol", "Leeds", None), rows).reason == "2 matches fit as well"
    league = resolve(MatchQuery("Bristol", "Leeds", None, league="League One"), rows)
    assert league.match_id == "2"


def test_the_country_breaks_a_tie_the_league_leaves(aliases: Aliases) -> None:
    rows = [
        DayRow("1", ("Rangers",), ("Celtic",), None, "Premiership", "SCO", "finished"),
        DayRow("2", ("Rangers",), ("Celtic",), None, "Premiership", "NIR", "finished"),
    ]
    found = resolve(MatchQuery("Rangers", "Celtic", None, "Premiership", "Scotland"), rows, aliases)
    assert found.match_id == "1"


@pytest.mark.parametrize(
    ("name", "words", "markers"),
    [
        ("1. FC Köln", ("koln",), set()),
        ("AFC", ("afc",), set()),
        ("Wolves U18", ("wolves",), {"u18"}),
        ("Arsenal (W)", ("arsenal",), {"women"}),
        ("Arsenal Women", ("arsenal",), {"women"}),
        ("Borussia Dortmund II", ("borussia", "dortmund"), {"reserves"}),
        ("FC Porto B", ("porto",), {"reserves"}),
        ("Aston Villa Academy", ("aston", "villa"), {"academy"}),
        ("Man Utd", ("man", "united"), set()),
        ("St. Pauli", ("saint", "pauli"), set()),
        ("Brighton & Hove Albion", ("brighton", "hove", "albion"), set()),
        ("B36 Tórshavn", ("b36", "torshavn"), set()),
        ("TSG 1899 Hoffenheim", ("1899", "hoffenheim"), set()),
    ],
)
def test_a_name_is_read_as_words_and_the_kind_of_side(
    name: str, words: tuple[str, ...], markers: set[str]
) -> None:
    assert team(name).words == words
    assert team(name).markers == markers


def test_a_side_of_another_kind_never_scores() -> None:
    assert side_score(team("Wolves"), [team("Wolves U18")]) == 0.0
    assert side_score(team("Wolves U18"), [team("Wolves U18")]) == 100.0
    assert side_score(team("Man City"), [team("Manchester City")]) == 95.0


def test_the_operator_adds_aliases_to_the_packaged_ones(tmp_path) -> None:
    extra = tmp_path / "aliases.json"
    extra.write_text('{"teams": {"Fulham": ["The Cottagers"]}}', encoding="utf-8")
    rows = [DayRow("1", ("Man United",), ("Fulham",), None, "PL", "ENG", "finished")]
    found = resolve(MatchQuery("Man Utd", "The Cottagers", None), rows, load_aliases(extra))
    assert found.match_id == "1"
    assert resolve(MatchQuery("Spurs", "Fulham", None), rows, load_aliases(extra)).row is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[]", "must be an object"),
        ('{"teams": {"Fulham": "Cottagers"}}', "must map names to lists"),
        ("{", "is not JSON"),
    ],
)
def test_a_bad_aliases_file_is_one_line(tmp_path, content: str, message: str) -> None:
    extra = tmp_path / "aliases.json"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_aliases(extra)


def test_a_row_that_cannot_be_read_is_skipped_and_a_non_day_list_refused() -> None:
    from grading.core.errors import BadPayload

    payload = {
        "date": "20240224",
        "leagues": [
            {
                "name": "PL",
                "ccode": "ENG",
                "matches": [
                    {
                        "id": 1,
                        "home": {"name": "A"},
                        "away": {"name": "B"},
                        "status": {"utcTime": "2024-02-24T15:00:00Z", "finished": True},
                    },
                    {"id": 2, "home": {"name": ""}, "away": {"name": "B"}},  # no home name
                    {"id": None, "home": {"name": "C"}, "away": {"name": "D"}},  # no id
                    "not a row",
                    {
                        "id": 3,
                        "home": {"name": "E"},
                        "away": {"name": "F"},
                        "status": {
                            "utcTime": "yesterday",
                            "reason": {"shortKey": "postponed_short"},
                        },
                        "pageUrl": "/matches/e-vs-f/abc#3",
                    },
                ],
            },
            "not a league",
            {"name": "no matches"},
        ],
    }
    rows = parse_day_list(payload).rows
    assert [(row.match_id, row.state, row.kickoff is None) for row in rows] == [
        ("1", "finished", False),
        ("3", "void", True),
    ]
    assert rows[1].page_url == "/matches/e-vs-f/abc#3"
    for not_a_day_list in ({"leagues": {}}, [], {"date": "20240224"}, None):
        with pytest.raises(BadPayload):
            parse_day_list(not_a_day_list)
