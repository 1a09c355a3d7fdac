"""Half, timeline and scorer markets on real payloads in ../shared/fotmob, every expected
value checked by hand against the payload's raw events and period stats.

* 2022 World Cup final (Argentina 3-3 France after extra time, 2-2 in regulation): Messi
  penalty 23', Di María 36' (half time 2-0), Mbappé penalty 80' and 81'; Messi 108' and
  Mbappé penalty 118' in extra time never count. Cards: Enzo Fernández 45', Rabiot 55',
  Thuram 87', Acuña 90' (then Paredes 114', Montiel 116' in extra time).
* Real Madrid 2-5 Barcelona (Supercopa final, January 2025): Mbappé 5', Lamine Yamal 22',
  Lewandowski penalty 36', Raphinha header 39', Balde 45+ (half time 1-4), Raphinha 48',
  Rodrygo 60'; Szczęsny sent off 56'; first card Camavinga 35'. Corners 4-5 and 5-0.
* Liverpool 2-2 Manchester United (January 2025): 0-0 at half time; Lisandro Martínez 52',
  Gakpo 59' (inside the box), Salah penalty 70', Amad 80'. Corners 2-2 and 4-7.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts
from grading.edges.recorded import read_payload, to_facts
from tests.conftest import shared_path

FINAL = "3370572_Argentina_France.json"
CLASICO = "4582241_RealMadrid_Barcelona.json"
LIVERPOOL = "4506508_Liverpool_ManUnited.json"

# (file, market, selection, line, team, player, expected status)
CASES = [
    (FINAL, "Half Time Correct Score", "2-0", None, None, None, "won"),
    (FINAL, "HT/FT", "1/X", None, None, None, "won"),
    (FINAL, "First Goalscorer", "yes", None, None, "Lionel Messi", "won"),
    (FINAL, "Last Goalscorer", "yes", None, None, "Kylian Mbappé", "won"),  # 81', not 118'
    (FINAL, "Last Goalscorer", "yes", None, None, "Lionel Messi", "lost"),  # 108' is ET
    (FINAL, "Team To Score Last", "away", None, None, None, "won"),
    (FINAL, "Player To Score In 1st Half", "yes", None, None, "Ángel Di María", "won"),
    (FINAL, "player_penalty_goal", "yes", None, None, "Lionel Messi", "won"),
    (FINAL, "player_penalty_goal", "over", "1.5", None, "Kylian Mbappé", "lost"),  # 118' ET
    (FINAL, "First Team To Be Booked", "home", None, None, None, "won"),
    (FINAL, "2nd Half Cards", "over", "2.5", None, None, "won"),  # 55', 87', 90'
    (FINAL, "second_half_total_cards", "under", "3.5", None, None, "won"),  # not 114', 116'
    (FINAL, "Exact Goals", "4", None, None, None, "won"),
    (CLASICO, "HT/FT", "2/2", None, None, None, "won"),
    (CLASICO, "first_half_correct_score", "1-4", None, None, None, "won"),
    (CLASICO, "Player Red Card", "yes", None, None, "Wojciech Szczesny", "won"),
    (CLASICO, "Sending Off", "yes", None, None, None, "won"),
    (CLASICO, "Team Red Cards", "over", "0.5", "Barcelona", None, "won"),
    (CLASICO, "First Goalscorer", "yes", None, None, "Kylian Mbappé", "won"),
    (CLASICO, "To Win Both Halves", "away", None, None, None, "lost"),  # 2nd half 1-1
    (CLASICO, "To Win Either Half", "away", None, None, None, "won"),
    (CLASICO, "Highest Scoring Half", "1st", None, None, None, "won"),  # 5 against 2
    (CLASICO, "Player Header Goal", "yes", None, None, "Raphinha", "won"),
    (CLASICO, "player_score_2nd_half", "yes", None, None, "Rodrygo", "won"),
    (CLASICO, "Player Booked First", "yes", None, None, "Eduardo Camavinga", "won"),
    (CLASICO, "1st Half Corners", "over", "8.5", None, None, "won"),  # 4+5
    (CLASICO, "Team Corners Away 2nd Half", "under", "0.5", None, None, "won"),
    (LIVERPOOL, "1st Half Result", "X", None, None, None, "won"),
    (LIVERPOOL, "2nd Half BTTS", "yes", None, None, None, "won"),
    (LIVERPOOL, "player_penalty_goal", "yes", None, None, "Mohamed Salah", "won"),
    (LIVERPOOL, "Player Goal From Outside Box", "yes", None, None, "Cody Gakpo", "lost"),
    (LIVERPOOL, "2nd Half Corners", "over", "10.5", None, None, "won"),  # 4+7
    (LIVERPOOL, "first_half_corners_handicap", "home", "0", None, None, "refund"),
    (LIVERPOOL, "First Team to Score", "away", None, None, None, "won"),
]
_FACTS: dict[str, MatchFacts] = {}


def facts(name: str) -> MatchFacts:
    if name not in _FACTS:
        _FACTS[name] = to_facts(read_payload(shared_path("fotmob", name)))
    return _FACTS[name]


@pytest.mark.parametrize(
    ("name", "market", "selection", "line", "team", "player", "expected"),
    CASES,
    ids=[f"{c[0][:9]}-{c[1]}-{c[5] or c[2]}" for c in CASES],
)
def test_real_payload_markets(name, market, selection, line, team, player, expected):
    from grading.core.settlement.settle import settle

    alert = Alert.from_json(
        {
            "alert_id": "x",
            "market": market,
            "selection": selection,
            "line": line,
            "team": team,
            "player": player,
            "odds": "2.00",
            "stake": "10",
        }
    )
    grade = settle(alert, facts(name))
    returns = {"won": "20.00", "lost": "0.00", "refund": "10.00"}[expected]
    assert (grade.status, grade.returns) == (expected, Decimal(returns)), grade.reason
