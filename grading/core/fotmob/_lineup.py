"""Players from FotMob's three lineup shapes, with the provider's whole-match stat lines.

docs/rules/fotmob.md §3.6: the 2024+ shape (``homeTeam/awayTeam`` with
``starters/subs/unavailable``, stats in ``content.playerStats``), the late-2023 shape
(``lineup.lineup[].players[][]``, stats inside each player) and the 2020 shape (the same rows,
stats keyed "0".."3" by label).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from grading.core.fotmob._values import count, id_from_url, id_str, table, total

SIDES = ("home", "away")


@dataclass(frozen=True, slots=True)
class LineupPlayer:
    id: str | None
    name: str
    side: str
    started: bool
    in_squad: bool
    unavailable: bool
    minutes: int | None  # as the provider states it; None when it does not
    sub_on: int | None
    sub_off: int | None
    stats: dict[str, int] | None  # provider's whole-match line; None when it has none


@dataclass(frozen=True, slots=True)
class Lineups:
    players: tuple[LineupPlayer, ...]
    coach_ids: frozenset[str]
    team_ids: tuple[str | None, str | None]


Reader = Callable[[Any], "int | None"]

# Our stat name -> where each shape keeps it, in order of preference. Keys are the new
# shapes' stat keys; capitalised names are the 2020 shape's labels (docs/rules/fotmob.md §3.7).
STAT_SOURCES: dict[str, tuple[tuple[str, Reader], ...]] = {
    "goals": (("goals", count), ("Goals", count)),
    "assists": (("assists", count), ("Assists", count)),
    "shots": (("total_shots", count), ("Total shots", count)),
    # "Shot accuracy" is shots on target over shots: its numerator is the count.
    "shots_on_target": (("ShotsOnTarget", count), ("shot_accuracy", count),
                        ("Shot on target", count)),
    # Opta's tackles count tackles won and lost: "Tackles won 2/3" means 3 tackles.
    "tackles": (("matchstats.headers.tackles", count), ("tackles_succeeded", total),
                ("Tackles attempted", count)),
    # Passes are attempted passes: "Accurate passes 46/53" means 53 attempted.
    "passes": (("accurate_passes", total), ("Passes", count)),
    "fouls_committed": (("fouls", count), ("Fouls", count)),
    "saves": (("saves", count), ("Saves", count)),
}


def read_lineups(content: dict[str, Any]) -> Lineups:
    """Every player FotMob lists for the match (starters, bench, unavailable)."""
    lineup = content.get("lineup")
    if not isinstance(lineup, dict):
        return Lineups((), frozenset(), (None, None))
    if isinstance(lineup.get("homeTeam"), dict):
        return _modern(lineup, content.get("playerStats") or {})
    if isinstance(lineup.get("lineup"), list):
        return _legacy(lineup)
    return Lineups((), frozenset(), (None, None))


def provider_stats(flat: dict[str, Any]) -> dict[str, int]:
    """Our named counts from a flat ``key or label -> value`` dict; absent counts are 0."""
    out = {}
    for name, sources in STAT_SOURCES.items():
        value = None
        for key, reader in sources:
            if key in flat:
                value = reader(flat[key])
                if value is not None:
                    break
        out[name] = value or 0
    return out


# ---- 2024+ shape ---------------------------------------------------------------------

def _modern(lineup: dict[str, Any], player_stats: dict[str, Any]) -> Lineups:
    players, coaches, team_ids = [], set(), []
    for side, key in zip(SIDES, ("homeTeam", "awayTeam"), strict=True):
        team = lineup.get(key) or {}
        team_ids.append(id_str(team.get("id")))
        coach = team.get("coach")
        for c in coach if isinstance(coach, list) else [coach]:
            if isinstance(c, dict) and (coach_id := id_str(c.get("id"))) is not None:
                coaches.add(coach_id)
        for raw, started, in_squad in _modern_groups(team):
            players.append(_modern_player(raw, side, started, in_squad, player_stats))
    return Lineups(tuple(players), frozenset(coaches), (team_ids[0], team_ids[1]))


def _modern_groups(team: dict[str, Any]) -> Iterable[tuple[dict[str, Any], bool, bool]]:
    for group, started, in_squad in (("starters", True, True), ("subs", False, True),
                                     ("unavailable", False, False)):
        for raw in team.get(group) or ():
            if isinstance(raw, dict):
                yield raw, started, in_squad


def _modern_player(raw: dict[str, Any], side: str, started: bool, in_squad: bool,
                   player_stats: dict[str, Any]) -> LineupPlayer:
    pid = id_str(raw.get("id"))
    performance = raw.get("performance") or {}
    sub_times = {e.get("type"): e.get("time") for e in performance.get("substitutionEvents") or ()
                 if isinstance(e, dict)}
    entry = player_stats.get(pid) if pid else None
    flat = _flatten_sections((entry or {}).get("stats"), value_key="stat")
    return LineupPlayer(
        id=pid,
        name=str(raw.get("name") or ""),
        side=side,
        started=started,
        in_squad=in_squad,
        unavailable=not in_squad,
        minutes=count(flat["minutes_played"]) if "minutes_played" in flat else None,
        sub_on=_int(sub_times.get("subIn")),
        sub_off=_int(sub_times.get("subOut")),
        stats=provider_stats(flat) if flat else None,
    )


# ---- late-2023 and 2020 shapes -------------------------------------------------------

def _legacy(lineup: dict[str, Any]) -> Lineups:
    teams = [t for t in lineup["lineup"] if isinstance(t, dict)][:2]
    bench_arr = (lineup.get("bench") or {})
    na_arr = (lineup.get("naPlayers") or {}).get("naPlayersArr") or []
    players, team_ids = [], []
    for index, (side, team) in enumerate(zip(SIDES, teams, strict=False)):
        team_ids.append(id_str(team.get("teamId")))
        starters = [p for row in team.get("players") or () for p in _as_list(row)]
        bench = team.get("bench")
        if bench is None and isinstance(bench_arr, list) and len(bench_arr) > index:
            bench = bench_arr[index]  # 2020: lineup.bench = [home_bench, away_bench]
        unavailable = na_arr[index] if len(na_arr) > index else []
        for raw in starters:
            players.append(_legacy_player(raw, side, started=True, in_squad=True))
        for raw in _as_list(bench):
            players.append(_legacy_player(raw, side, started=False, in_squad=True))
        for raw in _as_list(unavailable):
            players.append(_legacy_player(raw, side, started=False, in_squad=False))
    while len(team_ids) < 2:
        team_ids.append(None)
    return Lineups(tuple(players), _legacy_coaches(lineup), (team_ids[0], team_ids[1]))


def _legacy_player(raw: dict[str, Any], side: str, started: bool,
                   in_squad: bool) -> LineupPlayer:
    name = raw.get("name")
    if isinstance(name, dict):
        name = name.get("fullName") or " ".join(
            str(name.get(k) or "") for k in ("firstName", "lastName")).strip()
    events = table(raw, "events")
    sub = table(events, "sub")
    stats = raw.get("stats")
    if isinstance(stats, list):  # late-2023: sections of {label: {key, value}}
        flat = _flatten_sections(stats, value_key="value")
    elif isinstance(stats, dict):  # 2020: {"0": {label: value}, ...}
        flat = {k: v for section in stats.values() if isinstance(section, dict)
                for k, v in section.items()}
    else:
        flat = {}
    minutes = raw.get("minutesPlayed", flat.get("minutes_played", flat.get("Minutes played")))
    sub_on = raw.get("timeSubbedOn", sub.get("subbedIn"))
    sub_off = raw.get("timeSubbedOff")
    if "time" in sub:  # 2020: {"sub": {"time": 78, "isOut": true}}
        sub_on, sub_off = (None, sub["time"]) if sub.get("isOut") else (sub["time"], None)
    return LineupPlayer(
        id=id_str(raw.get("id")) or id_from_url(raw.get("pageUrl")),
        name=str(name or ""),
        side=side,
        started=started,
        in_squad=in_squad,
        unavailable=not in_squad,
        minutes=None if minutes is None else count(minutes),
        sub_on=_int(sub_on),
        sub_off=_int(sub_off),
        stats=provider_stats(flat) if flat else None,
    )


def _legacy_coaches(lineup: dict[str, Any]) -> frozenset[str]:
    coaches = lineup.get("coaches")
    if isinstance(coaches, dict):
        coaches = coaches.get("coachesArr")
    ids = (id_str(c.get("id")) for c in _as_list(coaches) if isinstance(c, dict))
    return frozenset(i for i in ids if i)


# ---- helpers -------------------------------------------------------------------------

def _flatten_sections(sections: Any, value_key: str) -> dict[str, Any]:
    """``[{key, stats: {label: {key, <value_key>}}}]`` -> ``{key: value}``, first wins."""
    flat: dict[str, Any] = {}
    for section in sections or ():
        if not isinstance(section, dict) or not isinstance(section.get("stats"), dict):
            continue
        for entry in section["stats"].values():
            if isinstance(entry, dict) and entry.get("key"):
                flat.setdefault(entry["key"], entry.get(value_key))
    return flat


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [v for item in value for v in (item if isinstance(item, list) else [item])]
    return []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
