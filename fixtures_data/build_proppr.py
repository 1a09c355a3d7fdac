"""Writes the project's PROPPR-shaped documents and FotMob day lists.

* ``fotmob/day_YYYYMMDD.json``: FotMob day lists (docs/rules/fotmob.md §4) for the dates of
  the project's recorded matches, with decoys: the same clubs' U18 and women's sides the same
  day, the fixture the other way round the next day, other matches.
* ``proppr/all_positive_alerts.jsonl``, ``all_positive_team_alerts.jsonl``,
  ``user_tracked_bets.jsonl``: PROPPR's documents as ``mongoexport`` writes them (MongoDB
  extended JSON), with bookmaker-style team names and no FotMob id (docs/rules/proppr.md).
* ``proppr/expected.jsonl``: what grading them must give, alert by alert and bet by bet.

Every name and id is invented. Run: python fixtures_data/build_proppr.py (files committed)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
FINISHED = {"short": "FT", "shortKey": "fulltime_short", "long": "Full-Time",
            "longKey": "finished"}
REASONS = {"FT": FINISHED,
           "AET": {"short": "AET", "shortKey": "afterextratime_short",
                   "long": "After extra time", "longKey": "afterextra"},
           "Pen": {"short": "Pen", "shortKey": "penalties_short", "long": "Pen 5 - 4",
                   "longKey": "afterpenalties"},
           "PP": {"short": "PP", "shortKey": "postponed_short", "long": "Postponed",
                  "longKey": "postponed"},
           "Ab": {"short": "Ab", "shortKey": "aborted_short", "long": "Abandoned",
                  "longKey": "aborted"},
           "AW": {"short": "AW", "shortKey": "", "long": "Awarded win",
                  "longKey": "awarded_win"}}


def row(match_id: int, home: tuple[str, str], away: tuple[str, str], kickoff: str,
        code: str | None, score: str = "") -> dict[str, Any]:
    """One day-list match; ``code`` None: not started."""
    status: dict[str, Any] = {"utcTime": kickoff, "started": code not in (None, "PP"),
                              "finished": code is not None, "cancelled": code in ("PP", "Ab")}
    if code is not None:
        status.update(reason=REASONS[code], scoreStr=score)
    goals = [int(part) for part in score.split(" - ")] if score else [0, 0]
    return {"id": match_id, "leagueId": 9900, "time": kickoff,
            "home": {"id": match_id * 10 + 1, "name": home[0], "longName": home[1],
                     "score": goals[0]},
            "away": {"id": match_id * 10 + 2, "name": away[0], "longName": away[1],
                     "score": goals[1]},
            "statusId": 6 if code else 1, "status": status}


def day(date: str, *leagues: tuple[str, str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"leagues": [{"id": 9900 + n, "primaryId": 9900 + n, "name": name, "ccode": ccode,
                         "matches": matches} for n, (name, ccode, matches) in enumerate(leagues)],
            "date": date}


NORTH, EAST = ("Northbridge", "Northbridge Town"), ("Eastport", "Eastport United")


def day_lists() -> dict[str, dict[str, Any]]:
    return {
        "day_20250301.json": day("20250301", (
            "Premier Division", "ENG", [
                row(9000001, NORTH, EAST, "2025-03-01T15:00:00.000Z", "FT", "2 - 1"),
                row(9100013, ("Westfield", "Westfield Athletic"), ("Southgate", "Southgate"),
                    "2025-03-01T15:00:00.000Z", "FT", "0 - 0")]), (
            "U18 Premier League", "ENG", [
                row(9100011, ("Northbridge U18", "Northbridge Town U18"),
                    ("Eastport U18", "Eastport United U18"), "2025-03-01T11:00:00.000Z", "FT",
                    "4 - 4")]), (
            "Women's Super League", "ENG", [
                row(9100012, ("Northbridge (W)", "Northbridge Town (W)"),
                    ("Eastport (W)", "Eastport United (W)"), "2025-03-01T13:30:00.000Z", "FT",
                    "0 - 3")])),
        "day_20250302.json": day("20250302", (
            "Cup", "ENG", [row(9100014, EAST, NORTH, "2025-03-02T15:00:00.000Z", "FT",
                               "1 - 1")])),
        "day_20250410.json": day("20250410", (
            "Cup", "ENG", [row(9000002, ("Riverside", "Riverside Rovers"),
                               ("Hilltop", "Hilltop Athletic"), "2025-04-10T18:45:00.000Z",
                               "AET", "2 - 1")])),
        "day_20250118.json": day("20250118", (
            "Premier Division", "ENG", [row(9000003, ("Lakeside", "Lakeside"),
                                            ("Moorland", "Moorland FC"),
                                            "2025-01-18T15:00:00.000Z", "PP")])),
        "day_20250208.json": day("20250208", (
            "Premier Division", "ENG", [row(9000004, ("Seaview", "Seaview"),
                                            ("Dunmore", "Dunmore Rangers"),
                                            "2025-02-08T15:00:00.000Z", "Ab", "2 - 0")])),
        "day_20250503.json": day("20250503", (
            "Premier Division", "ENG", [row(9000005, ("Parkway", "Parkway"),
                                            ("Quarry", "Quarry Bank"),
                                            "2025-05-03T14:00:00.000Z", "AW", "3 - 0")])),
        "day_20250827.json": day("20250827", (
            "Cup", "ENG", [row(9000006, ("Ashford", "Ashford Town"), ("Brookvale", "Brookvale"),
                               "2025-08-27T18:30:00.000Z", "Pen", "1 - 1")])),
        "day_20310601.json": day("20310601", (
            "Premier Division", "ENG", [row(9000007, ("Fernhill", "Fernhill"),
                                            ("Glenmoor", "Glenmoor"),
                                            "2031-06-01T12:00:00.000Z", None)])),
    }


def oid(n: int) -> dict[str, str]:
    return {"$oid": f"65e1a0000000000000{n:06d}"}


def alert(n: int, match: str, date: str, time: str, market: str, threshold: Any,
          direction: str, odds: float, **extra: Any) -> dict[str, Any]:
    """A PROPPR alert as exported: capitalised and snake_case keys, no FotMob id."""
    return {"_id": oid(n), "Match": match, "Date": date, "Time": time,
            "League": "Premier Division", "Country": "England", "Market": market,
            "Threshold": threshold, "market_direction": direction, "Odds": odds,
            "fixture_id": 19000000 + n, "created_at": {"$date": f"{date}T09:00:00Z"},
            **extra}


NB = "Northbridge Town vs Eastport Utd"
# (alert, expected result_status, expected actual_value)
TEAM = [
    (alert(1, NB, "2025-03-01", "15:00:00", "Match Goals", 2.5, "over", 1.9), "won", 3),
    (alert(2, NB, "2025-03-01", "15:00:00", "Team Total Home", 1.5, "over", 2.2,
           Team="Northbridge Town"), "won", 2),
    (alert(3, NB, "2025-03-01", "15:00:00", "Team Total Away", 0.5, "under", 2.4), "lost", 1),
    (alert(4, NB, "2025-03-01", "15:00:00", "Corners Totals", 9.5, "over", 1.9), "won", None),
    (alert(5, NB, "2025-03-01", "15:00:00", "Goal Line", 2.75, "over", 2.0), "half_win", 3),
    (alert(6, "Riverside Rovers vs Hilltop", "2025-04-10", "18:45", "Match Goals", 2.5,
           "under", 1.9), "won", 2),
    (alert(7, "Lakeside vs Moorland", "2025-01-18", "15:00:00", "Match Goals", 2.5, "over",
           1.8), "refund", None),
    (alert(8, "Seaview FC vs Dunmore Rangers", "2025-02-08", "15:00:00", "Match Goals", 1.5,
           "over", 1.5), "won", 2),
    (alert(9, "Ashford vs Brookvale", "2025-08-27", "00:00", "Match Goals", 2.5, "under",
           1.7), "won", 2),
    (alert(10, "Fernhill vs Glenmoor", "2031-06-01", "12:00:00", "Match Goals", 2.5, "over",
           1.9), "pending", None),
    (alert(11, "Eastport Utd vs Northbridge Town", "2025-03-01", "15:00:00", "Match Goals",
           2.5, "over", 1.9), "ungradeable", None),
    (alert(12, "Parkway vs Quarry Bank", "2025-05-03", "14:00:00", "Match Goals", 2.5, "over",
           1.9), "refund", None),
    (alert(13, NB, "2025-03-01", "15:00:00", "First Team to Score", None, "home", 1.6),
     "ungradeable", None),
]
PLAYER = [
    (alert(101, NB, "2025-03-01", "15:00:00", "Player Shots Total", 3.5, "over", 2.2,
           Player="Eli Striker", Team="Northbridge Town"), "won", None),
    (alert(102, NB, "2025-03-01", "15:00:00", "Player Goals", 0.5, "over", 3.0,
           Player="Leo Forward", Team="Eastport Utd"), "won", None),
    (alert(103, NB, "2025-03-01", "15:00:00", "Player Shots Total", 0.5, "over", 1.5,
           Player="Hal Injured", Team="Northbridge Town"), "refund", None),
    (alert(104, "Riverside vs Hilltop Athletic", "2025-04-10", "18:45:00",
           "Player Shots On Target", 1.5, "over", 2.0, Player="Vic Volley", Team="Hilltop"),
     "lost", None),
    (alert(105, NB, "2025-03-01", "15:00:00", "Player Goals", 0.5, "over", 4.0,
           Player="Zed Nobody", Team="Northbridge Town"), "ungradeable", None),
]


def bet(bet_id: str, alert_n: int | None, match: str, market: str, threshold: Any,
        direction: str, odds: float, **extra: Any) -> dict[str, Any]:
    return {"bet_id": bet_id, "alert_id": None if alert_n is None else oid(alert_n)["$oid"],
            "tracked_at": {"$date": "2025-02-28T20:00:00Z"}, "player_name": None,
            "team": None, "market": market, "match": match, "date": "2025-03-01",
            "time": "15:00", "threshold": threshold, "market_direction": direction,
            "bookmaker": "bet365", "odds": odds, "unit_size": 10, "status": "pending",
            **extra}


# (user_id, bets) containers, and the expected (status, returns, profit_loss) per bet
CONTAINERS = [
    (101, [bet("7b1c0c8e-0001", 1, NB, "Match Goals", 2.5, "over", 1.95, actual_stake=25,
               units_staked=2.5),
           bet("7b1c0c8e-0002", 5, NB, "Goal Line", 2.75, "over", 2.0, units_staked=2)]),
    (101, [bet("7b1c0c8e-0003", 3, NB, "Team Total Away", 0.5, "under", 2.4,
               actual_stake=10.5)]),
    ("202", [bet("7b1c0c8e-0004", None, NB, "Match Goals", 2.5, "over", 1.8, units_staked=1),
             bet("7b1c0c8e-0005", 1, NB, "Match Goals", 2.5, "over", 1.9, actual_stake=50,
                 manual_override=True, status="lost", returns=0, profit_loss=-50),
             bet("7b1c0c8e-0006", 7, "Lakeside vs Moorland", "Match Goals", 2.5, "over", 1.8,
                 actual_stake=20)]),
]
EXPECTED_BETS = {
    "7b1c0c8e-0001": ("won", 48.75, 23.75), "7b1c0c8e-0002": ("half_win", 3.0, 1.0),
    "7b1c0c8e-0003": ("lost", 0.0, -10.5), "7b1c0c8e-0004": ("won", 1.8, 0.8),
    "7b1c0c8e-0005": ("lost", 0, -50), "7b1c0c8e-0006": ("refund", 20.0, 0.0),
}


def write_jsonl(path: Path, docs: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs))
    print(f"wrote {path}")


def main() -> None:
    for name, payload in day_lists().items():
        (ROOT / "fotmob" / name).write_text(json.dumps(payload, indent=1) + "\n")
        print(f"wrote {ROOT / 'fotmob' / name}")
    out = ROOT / "proppr"
    out.mkdir(exist_ok=True)
    write_jsonl(out / "all_positive_team_alerts.jsonl", [doc for doc, *_ in TEAM])
    write_jsonl(out / "all_positive_alerts.jsonl", [doc for doc, *_ in PLAYER])
    write_jsonl(out / "user_tracked_bets.jsonl",
                [{"_id": oid(900 + n), "user_id": user, "bets": bets,
                  "created_at": {"$date": "2025-02-01T00:00:00Z"}}
                 for n, (user, bets) in enumerate(CONTAINERS)])
    expected = [{"_id": doc["_id"]["$oid"], "bot": bot, "result_status": status,
                 **({} if value is None else {"actual_value": value})}
                for bot, rows in (("team", TEAM), ("player", PLAYER))
                for doc, status, value in rows]
    expected += [{"bet_id": bet_id, "status": status, "returns": returns,
                  "profit_loss": profit} for bet_id, (status, returns, profit)
                 in EXPECTED_BETS.items()]
    write_jsonl(out / "expected.jsonl", expected)


if __name__ == "__main__":
    main()
