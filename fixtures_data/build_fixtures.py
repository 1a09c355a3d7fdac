"""Writes the project's own FotMob-shaped payloads into fixtures_data/fotmob/.

These cover what the published samples in ../shared/fotmob lack (docs/rules/fotmob.md §7, "Gaps"):
an own goal, extra time without penalties, penalties straight after 90 minutes, and
postponed, abandoned and awarded matches. The shape is FotMob's 2024+ matchDetails
(docs/rules/fotmob.md §3); every team, player and id here is invented.

Run: python fixtures_data/build_fixtures.py   (the JSON files are committed)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "fotmob"

REASONS = {
    "FT": ("FT", "fulltime_short", "Full-Time", "finished"),
    "AET": ("AET", "afterextratime_short", "After extra time", "afterextra"),
    "Pen": ("Pen", "penalties_short", "Pen {pens}", "afterpenalties"),
    "PP": ("PP", "postponed_short", "Postponed", "postponed"),
    "Ab": ("Ab", "aborted_short", "Abandoned", "aborted"),
    "AW": ("AW", "", "Awarded win", "awarded_win"),
}


def status(code: str, kickoff: str, score: str | None, pens: list[int] | None = None,
           extra_time: bool = False, reds: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    short, key, long, long_key = REASONS[code]
    played = code not in ("PP",)
    out: dict[str, Any] = {
        "utcTime": kickoff, "numberOfHomeRedCards": reds[0], "numberOfAwayRedCards": reds[1],
        "halfs": {"firstExtraHalfStarted": "x" if extra_time else ""},
        "started": played, "finished": True,
        "cancelled": code in ("PP", "Ab"), "awarded": code == "AW",
        "reason": {"short": short, "shortKey": key, "long": long.format(
            pens=f"{pens[0]} - {pens[1]}" if pens else ""), "longKey": long_key},
        "whoLostOnPenalties": None, "whoLostOnAggregated": "",
    }
    if score is not None:
        out["scoreStr"] = score
    if pens:
        out["reason"]["penalties"] = pens
    return out


def player(pid: int, name: str, sub_in: int | None = None,
           sub_out: int | None = None) -> dict[str, Any]:
    subs = [{"time": t, "type": k, "reason": "tactical"}
            for t, k in ((sub_in, "subIn"), (sub_out, "subOut")) if t is not None]
    return {"id": pid, "name": name, "shirtNumber": str(pid % 100), "usualPlayingPositionId": 2,
            "performance": {"rating": 7.0, "substitutionEvents": subs}}


def team(tid: int, name: str, starters: list, subs: list, unavailable: list) -> dict[str, Any]:
    """A side; its starters are made up to eleven with invented players who do nothing (a
    real lineup always lists eleven, and the grader relies on it: docs/rules/fotmob.md §8)."""
    fillers = [player(tid * 100 + 60 + n, f"{name} Player {n}")
               for n in range(1, 12 - len(starters))]
    return {"id": tid, "name": name, "formation": "4-4-2",
            "coach": {"id": tid * 10, "name": f"{name} Coach", "isCoach": True},
            "starters": starters + fillers, "subs": subs,
            "unavailable": [{**p, "unavailability": {"type": "injury"}} for p in unavailable]}


def stats_entry(name: str, minutes: int, keeper: bool = False, **counts: int) -> dict[str, Any]:
    """A playerStats entry in the 2024+ layout (docs/rules/fotmob.md §3.7), with the keys a
    real line of a player who took part always has (0 unless given)."""
    always = ("saves",) if keeper else (
        "goals", "assists", "fouls", "matchstats.headers.tackles")
    counts = {**dict.fromkeys(always, 0), **counts}
    top = {"Minutes played": {"key": "minutes_played",
                              "stat": {"value": minutes, "type": "integer"}}}
    labels = {"goals": "Goals", "assists": "Assists", "total_shots": "Total shots",
              "ShotsOnTarget": "Shots on target", "fouls": "Fouls committed",
              "matchstats.headers.tackles": "Tackles", "saves": "Saves"}
    for key, label in labels.items():
        if key in counts:
            top[label] = {"key": key, "stat": {"value": counts[key], "type": "integer"}}
    passes = counts.get("passes", 0)
    top["Accurate passes"] = {"key": "accurate_passes", "stat": {
        "value": passes * 4 // 5, "total": passes, "type": "fractionWithPercentage"}}
    return {"name": name, "isGoalkeeper": keeper,
            "stats": [{"title": "Top stats", "key": "top_stats", "stats": top}]}


def goal(minute: int, side: str, pid: int, name: str, new_score: list[int],
         own_goal: bool = False, assist: int | None = None, added: int = 0) -> dict[str, Any]:
    # isHome gives the scorer's side (for an own goal, the conceding side): docs/rules/fotmob.md
    # §3.5.
    return {"type": "Goal", "time": minute, "overloadTime": added or None,
            "isHome": side == "home", "player": {"id": pid, "name": name},
            "newScore": new_score, "ownGoal": True if own_goal else None,
            "assistPlayerId": assist, "isPenaltyShootoutEvent": False}


def card(minute: int, side: str, pid: int, name: str, kind: str = "Yellow",
         context: str | None = None, added: int = 0) -> dict[str, Any]:
    return {"type": "Card", "time": minute, "overloadTime": added or None,
            "isHome": side == "home", "player": {"id": pid, "name": name}, "card": kind,
            "cardDescription": {"localizedKey": context} if context else None}


def sub(minute: int, side: str, on: tuple[int, str], off: tuple[int, str]) -> dict[str, Any]:
    return {"type": "Substitution", "time": minute, "isHome": side == "home",
            "player": {"id": None}, "swap": [{"id": str(on[0]), "name": on[1]},
                                            {"id": str(off[0]), "name": off[1]}]}


def half(marker: str, minute: int, score: list[int]) -> dict[str, Any]:
    return {"type": "Half", "time": minute, "halfStrShort": marker,
            "homeScore": score[0], "awayScore": score[1]}


def period(**rows: list[int]) -> dict[str, Any]:
    return {"stats": [{"title": "Top stats", "key": "top_stats", "stats": [
        {"title": key, "key": key, "stats": values, "type": "text"}
        for key, values in rows.items()]}]}


def shot(pid: int, minute: int, period_name: str, event: str, blocked: bool = False) -> dict:
    return {"playerId": pid, "min": minute, "period": period_name, "eventType": event,
            "isBlocked": blocked, "isOnTarget": event in ("Goal", "AttemptSaved"),
            "isOwnGoal": False}


def match(match_id: int, home: dict, away: dict, kickoff: str, status_obj: dict,
          events: list | None, stats: dict | None, player_stats: dict | None,
          shots: list | None = None, shown: str = "0 - 0") -> dict[str, Any]:
    score = status_obj.get("scoreStr", shown).split(" - ")
    return {
        "general": {"matchId": str(match_id), "matchTimeUTCDate": kickoff,
                    "homeTeam": {"id": home["id"], "name": home["name"]},
                    "awayTeam": {"id": away["id"], "name": away["name"]},
                    "started": status_obj["started"], "finished": status_obj["finished"]},
        "header": {"teams": [{"id": home["id"], "name": home["name"], "score": int(score[0])},
                             {"id": away["id"], "name": away["name"], "score": int(score[1])}],
                   "status": status_obj, "events": None},
        "content": {
            "matchFacts": {"matchId": match_id, "events": {
                "ongoing": False, "events": events or [], "penaltyShootoutEvents": None}},
            "stats": stats, "playerStats": player_stats,
            "shotmap": {"shots": shots or []},
            "lineup": {"matchId": match_id, "lineupType": "standard",
                       "homeTeam": home, "awayTeam": away},
        },
    }


def own_goal_match() -> dict[str, Any]:
    """FT 2-1: an own goal, a second yellow, a straight red, bench and coach cards."""
    home = team(9101, "Northbridge", [
        player(910101, "Alan Keeper"), player(910102, "Ben Back"), player(910103, "Carl Centre"),
        player(910104, "Dan Mid", sub_out=70), player(910105, "Eli Striker")],
        [player(910106, "Finn Bench", sub_in=70), player(910107, "Gus Unused")],
        [player(910108, "Hal Injured")])
    away = team(9102, "Eastport", [
        player(910201, "Ian Keeper"), player(910202, "Jon Defender"),
        player(910203, "Kai Winger", sub_out=85), player(910204, "Leo Forward"),
        player(910205, "Max Mid")], [player(910206, "Ned Late", sub_in=85),
                                     player(910207, "Oli Spare")], [])
    events = [
        goal(12, "home", 910105, "Eli Striker", [1, 0], assist=910104),
        card(30, "away", 910202, "Jon Defender"),
        goal(38, "away", 910202, "Jon Defender", [2, 0], own_goal=True),
        half("HT", 45, [2, 0]),
        card(55, "home", 910102, "Ben Back"),
        card(60, "away", 910205, "Max Mid", "Red"),
        sub(70, "home", (910106, "Finn Bench"), (910104, "Dan Mid")),
        goal(75, "away", 910204, "Leo Forward", [2, 1]),
        card(78, "away", 910202, "Jon Defender", "YellowRed"),
        card(80, "home", 910107, "Gus Unused", context="not_on_pitch"),
        sub(85, "away", (910206, "Ned Late"), (910203, "Kai Winger")),
        card(90, "home", 91010, "Northbridge Coach", context="coach", added=3),
        half("FT", 90, [2, 1]),
    ]
    stats = {"Periods": {"All": period(
        corners=[7, 3], total_shots=[12, 8], ShotsOnTarget=[5, 3], fouls=[10, 14],
        Offsides=[2, 1], yellow_cards=[2, 1], red_cards=[0, 2])}}
    player_stats = {
        "910101": stats_entry("Alan Keeper", 90, keeper=True, saves=2, passes=30),
        "910102": stats_entry("Ben Back", 90, fouls=2, passes=44, **{
            "matchstats.headers.tackles": 2}),
        "910103": stats_entry("Carl Centre", 90, total_shots=2, ShotsOnTarget=1, passes=52),
        "910104": stats_entry("Dan Mid", 70, assists=1, total_shots=1, ShotsOnTarget=0,
                              passes=50, fouls=2, **{"matchstats.headers.tackles": 3}),
        "910105": stats_entry("Eli Striker", 90, goals=1, total_shots=4, ShotsOnTarget=2,
                              passes=30, fouls=1),
        "910106": stats_entry("Finn Bench", 20, total_shots=1, passes=9),
        "910107": {"name": "Gus Unused", "isGoalkeeper": False, "stats": []},
        "910201": stats_entry("Ian Keeper", 90, keeper=True, saves=3, passes=25),
        "910202": stats_entry("Jon Defender", 78, goals=0, fouls=3, passes=40, **{
            "matchstats.headers.tackles": 4}),
        "910203": stats_entry("Kai Winger", 85, total_shots=2, ShotsOnTarget=0, passes=33),
        "910204": stats_entry("Leo Forward", 90, goals=1, total_shots=3, ShotsOnTarget=2,
                              passes=21),
        "910205": stats_entry("Max Mid", 60, passes=35, fouls=4),
        "910206": stats_entry("Ned Late", 5, passes=3),
        "910207": {"name": "Oli Spare", "isGoalkeeper": False, "stats": []},
    }
    return match(9000001, home, away, "2025-03-01T15:00:00.000Z",
                 status("FT", "2025-03-01T15:00:00.000Z", "2 - 1", reds=(0, 2)), events, stats,
                 player_stats)


def extra_time_match() -> dict[str, Any]:
    """AET 2-1 (1-1 after 90), no shootout: ET goal, ET card, ET shots and corners."""
    home = team(9201, "Riverside", [player(920101, "Pat Post"), player(920102, "Quin Quick"),
                                    player(920103, "Rob Runner", sub_out=95)],
                [player(920104, "Sam Super", sub_in=95)], [])
    away = team(9202, "Hilltop", [player(920201, "Tom Tall"), player(920202, "Uri Up"),
                                  player(920203, "Vic Volley")], [], [])
    events = [
        goal(20, "home", 920102, "Quin Quick", [1, 0]), half("HT", 45, [1, 0]),
        goal(70, "away", 920203, "Vic Volley", [1, 1]), card(88, "home", 920103, "Rob Runner"),
        half("FT", 90, [1, 1]), sub(95, "home", (920104, "Sam Super"), (920103, "Rob Runner")),
        goal(105, "home", 920102, "Quin Quick", [2, 1]), card(110, "away", 920202, "Uri Up"),
        half("AET", 120, [2, 1]),
    ]
    stats = {"Periods": {
        "All": period(corners=[6, 4], total_shots=[9, 5], fouls=[12, 11]),
        "FirstHalf": period(corners=[3, 2], total_shots=[4, 2], fouls=[5, 5]),
        "SecondHalf": period(corners=[2, None], total_shots=[3, 2], fouls=[4, 4]),
        "FirstExtraHalf": period(corners=[1, 1], total_shots=[1, 1], fouls=[2, 1]),
        "SecondExtraHalf": period(corners=[0, 1], total_shots=[1, 0], fouls=[1, 1]),
    }}
    shots = [shot(920102, 20, "FirstHalf", "Goal"), shot(920102, 60, "SecondHalf", "Miss"),
             shot(920102, 105, "FirstHalfExtra", "Goal"),
             shot(920102, 115, "SecondHalfExtra", "AttemptSaved", blocked=True),
             shot(920203, 70, "SecondHalf", "Goal"),
             shot(920203, 100, "FirstHalfExtra", "AttemptSaved")]
    player_stats = {
        "920102": stats_entry("Quin Quick", 120, goals=2, total_shots=4, ShotsOnTarget=2,
                              passes=40, **{"matchstats.headers.tackles": 1}),
        "920203": stats_entry("Vic Volley", 120, goals=1, total_shots=2, ShotsOnTarget=2,
                              passes=28),
    }
    return match(9000002, home, away, "2025-04-10T18:45:00.000Z",
                 status("AET", "2025-04-10T18:45:00.000Z", "2 - 1", extra_time=True),
                 events, stats, player_stats, shots)


def abandoned_match() -> dict[str, Any]:
    """Abandoned after 63 minutes at 2-0; one player had already been substituted."""
    home = team(9401, "Seaview", [player(940102, "Yan Early", sub_out=40),
                                  player(940103, "Xavi Star")],
                [player(940105, "Zed Sub", sub_in=40)], [])
    away = team(9402, "Dunmore", [player(940201, "Abe Away")], [], [])
    events = [goal(10, "home", 940103, "Xavi Star", [1, 0]),
              goal(35, "home", 940103, "Xavi Star", [2, 0]),
              sub(40, "home", (940105, "Zed Sub"), (940102, "Yan Early")),
              half("HT", 45, [2, 0]), card(63, "away", 940201, "Abe Away")]
    player_stats = {"940102": stats_entry("Yan Early", 40, total_shots=1, ShotsOnTarget=0),
                    "940103": stats_entry("Xavi Star", 63, goals=2, total_shots=3,
                                          ShotsOnTarget=2)}
    return match(9000004, home, away, "2025-02-08T15:00:00.000Z",
                 status("Ab", "2025-02-08T15:00:00.000Z", None), events, None, player_stats,
                 shown="2 - 0")


def simple_match(match_id: int, home: tuple[int, str], away: tuple[int, str], kickoff: str,
                 status_obj: dict[str, Any], events: list | None = None) -> dict[str, Any]:
    home_team = team(home[0], home[1], [player(home[0] * 100 + 1, f"{home[1]} Keeper")], [], [])
    away_team = team(away[0], away[1], [player(away[0] * 100 + 1, f"{away[1]} Keeper")], [], [])
    return match(match_id, home_team, away_team, kickoff, status_obj, events, None, None)


def not_started(match_id: int, kickoff: str) -> dict[str, Any]:
    payload = simple_match(match_id, (9701, "Fernhill"), (9702, "Glenmoor"), kickoff,
                           {"utcTime": kickoff, "started": False, "finished": False,
                            "cancelled": False, "halfs": {}})
    payload["content"]["lineup"]["lineupType"] = "lastStarting11"
    return payload


def all_fixtures() -> dict[str, dict[str, Any]]:
    return {
        "9000001_own_goal_cards.json": own_goal_match(),
        "9000002_extra_time_no_penalties.json": extra_time_match(),
        "9000003_postponed.json": simple_match(
            9000003, (9301, "Lakeside"), (9302, "Moorland"), "2025-01-18T15:00:00.000Z",
            status("PP", "2025-01-18T15:00:00.000Z", None)),
        "9000004_abandoned.json": abandoned_match(),
        "9000005_awarded.json": simple_match(
            9000005, (9501, "Parkway"), (9502, "Quarry"), "2025-05-03T14:00:00.000Z",
            status("AW", "2025-05-03T14:00:00.000Z", "3 - 0")),
        "9000006_penalties_after_90.json": simple_match(
            9000006, (9601, "Ashford"), (9602, "Brookvale"), "2025-08-27T18:30:00.000Z",
            status("Pen", "2025-08-27T18:30:00.000Z", "1 - 1", pens=[5, 4]),
            [goal(30, "home", 960101, "Ashford Keeper", [1, 0]),
             half("HT", 45, [1, 0]), goal(80, "away", 960201, "Brookvale Keeper", [1, 1]),
             half("FT", 90, [1, 1])]),
        "9000007_not_started.json": not_started(9000007, "2031-06-01T12:00:00.000Z"),
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, payload in all_fixtures().items():
        (OUT / name).write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
