"""Players from FotMob's three lineup shapes, with the provider's whole-match stat lines.

docs/rules/fotmob.md §3.6: the 2024+ shape (``homeTeam/awayTeam`` with
``starters/subs/unavailable``, stats in ``content.playerStats``), the late-2023 shape
(``lineup.lineup[].players[][]``, stats inside each player) and the 2020 shape (the same
rows, stats keyed "0".."3" by label). A group or an entry of the wrong shape, or a player
without an id or a name, damages the part ``lineup``: who took part can no longer be told.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from grading.core.fotmob._damage import Damage
from grading.core.fotmob._stat_lines import (
    flatten_sections,
    legacy_sections,
    line_problems,
    missing_keys,
    provider_stats,
)
from grading.core.fotmob._values import count, id_from_url, id_str, table

SIDES = ("home", "away")
STARTERS = 11


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
    problems: tuple[str, ...] = ()  # what is wrong with this player's stat line
    unknown: frozenset[str] = frozenset()  # sparse counts listed but unreadable


@dataclass(frozen=True, slots=True)
class Lineups:
    players: tuple[LineupPlayer, ...]
    coach_ids: frozenset[str]
    team_ids: tuple[str | None, str | None]
    starters: tuple[int, int] = (0, 0)

    @property
    def complete(self) -> bool:
        """Both sides list eleven starters: a player missing from it did not take part."""
        return self.starters == (STARTERS, STARTERS)


NO_LINEUP = Lineups((), frozenset(), (None, None))


def read_lineups(content: dict[str, Any], damage: Damage) -> Lineups:
    """Every player FotMob lists for the match (starters, bench, unavailable)."""
    lineup = content.get("lineup")
    if lineup is None:
        return NO_LINEUP
    if isinstance(lineup, dict) and ("homeTeam" in lineup or "awayTeam" in lineup):
        return _modern(lineup, content.get("playerStats"), damage)
    if isinstance(lineup, dict) and isinstance(lineup.get("lineup"), list):
        return _legacy(lineup, damage)
    damage("lineup", "the lineup is not in any known shape")
    return NO_LINEUP


# ---- 2024+ shape ---------------------------------------------------------------------


def _modern(lineup: dict[str, Any], player_stats: Any, damage: Damage) -> Lineups:
    if player_stats is not None and not isinstance(player_stats, dict):
        damage("lineup", "playerStats is not an object")
    stats_by_id = player_stats if isinstance(player_stats, dict) else {}
    players, coaches, team_ids, starters = [], set(), [], []
    for side, key in zip(SIDES, ("homeTeam", "awayTeam"), strict=True):
        team = lineup.get(key)
        if not isinstance(team, dict):
            damage("lineup", f"{key} is not an object")
            team = {}
        team_ids.append(id_str(team.get("id")))
        coach = team.get("coach")
        for c in coach if isinstance(coach, list) else [coach]:
            if isinstance(c, dict) and (coach_id := id_str(c.get("id"))) is not None:
                coaches.add(coach_id)
        group_sizes = []
        for group, raws, started, in_squad in _modern_groups(team, key, damage):
            group_sizes.append(len(raws) if started else 0)
            for index, raw in enumerate(raws):
                if _entry_ok(raw, f"{key}.{group}[{index}]", damage):
                    players.append(
                        _modern_player(raw, side, started, in_squad, stats_by_id, damage)
                    )
        starters.append(sum(group_sizes))
    return Lineups(
        tuple(players), frozenset(coaches), (team_ids[0], team_ids[1]), (starters[0], starters[1])
    )


def _modern_groups(
    team: dict[str, Any], key: str, damage: Damage
) -> Iterable[tuple[str, list[Any], bool, bool]]:
    for group, started, in_squad in (
        ("starters", True, True),
        ("subs", False, True),
        ("unavailable", False, False),
    ):
        raws = team.get(group)
        if raws is None and group != "starters":
            continue
        if not isinstance(raws, list):
            damage("lineup", f"{key}.{group} is not a list")
            continue
        yield group, raws, started, in_squad


def _modern_player(
    raw: dict[str, Any],
    side: str,
    started: bool,
    in_squad: bool,
    stats_by_id: dict[str, Any],
    damage: Damage,
) -> LineupPlayer:
    pid = id_str(raw.get("id"))
    sub_times = _substitutions(raw, damage)
    entry = stats_by_id.get(pid) if pid else None
    flat: dict[str, Any] = {}
    problems: list[str] = []
    if entry is not None:
        if isinstance(entry, dict):
            flat, problems = flatten_sections(entry.get("stats"), value_key="stat")
        else:
            problems = ["its playerStats entry is not an object"]
    stats, value_problems, unknown = provider_stats(flat) if flat else (None, [], frozenset())
    minutes = count(flat["minutes_played"]) if "minutes_played" in flat else None
    if minutes:
        problems += [
            f"{key} is missing"
            for key in missing_keys(
                flat, keeper=entry.get("isGoalkeeper") is True if isinstance(entry, dict) else False
            )
        ]
    if stats is not None:
        problems += line_problems(stats, flat)
    return LineupPlayer(
        id=pid,
        name=str(raw["name"]),
        side=side,
        started=started,
        in_squad=in_squad,
        unavailable=not in_squad,
        minutes=minutes,
        sub_on=_int(sub_times.get("subIn")),
        sub_off=_int(sub_times.get("subOut")),
        stats=stats,
        problems=tuple(problems + value_problems),
        unknown=unknown,
    )


def _substitutions(raw: dict[str, Any], damage: Damage) -> dict[str, Any]:
    performance = raw.get("performance")
    if performance is None:
        return {}
    events = performance.get("substitutionEvents") if isinstance(performance, dict) else 0
    if events is None:
        return {}
    if not isinstance(events, list) or not all(
        isinstance(e, dict)
        and e.get("type") in ("subIn", "subOut")
        and _int(e.get("time")) is not None
        for e in events
    ):
        damage("lineup", f"{raw.get('name')}: substitutions are damaged")
        return {}
    return {e["type"]: e["time"] for e in events}


# ---- late-2023 and 2020 shapes -------------------------------------------------------


def _legacy(lineup: dict[str, Any], damage: Damage) -> Lineups:
    teams = lineup["lineup"]
    if len(teams) != 2 or not all(isinstance(t, dict) for t in teams):
        damage("lineup", "lineup.lineup is not two teams")
        return NO_LINEUP
    bench_arr = lineup.get("bench")
    na_arr = table(lineup, "naPlayers").get("naPlayersArr") or []
    players, team_ids, starters = [], [], []
    for index, (side, team) in enumerate(zip(SIDES, teams, strict=True)):
        team_ids.append(id_str(team.get("teamId")))
        bench = team.get("bench")
        if bench is None and isinstance(bench_arr, list) and len(bench_arr) > index:
            bench = bench_arr[index]  # 2020: lineup.bench = [home_bench, away_bench]
        unavailable = na_arr[index] if isinstance(na_arr, list) and len(na_arr) > index else []
        groups = (
            ("players", team.get("players"), True, True),
            ("bench", bench, False, True),
            ("unavailable", unavailable, False, False),
        )
        listed = 0
        for group, raws, started, in_squad in groups:
            for position, raw in enumerate(_rows(raws, f"{side} {group}", damage)):
                if _entry_ok(raw, f"{side} {group}[{position}]", damage, legacy=True):
                    players.append(_legacy_player(raw, side, started, in_squad))
                    listed += started
        starters.append(listed)
    return Lineups(
        tuple(players),
        _legacy_coaches(lineup),
        (team_ids[0], team_ids[1]),
        (starters[0], starters[1]),
    )


def _legacy_player(raw: dict[str, Any], side: str, started: bool, in_squad: bool) -> LineupPlayer:
    sub = table(table(raw, "events"), "sub")
    stats = raw.get("stats")
    flat, problems = (
        flatten_sections(stats, "value") if not isinstance(stats, dict) else legacy_sections(stats)
    )
    minutes = raw.get("minutesPlayed", flat.get("minutes_played", flat.get("Minutes played")))
    sub_on = raw.get("timeSubbedOn", sub.get("subbedIn"))
    sub_off = raw.get("timeSubbedOff")
    if "time" in sub:  # 2020: {"sub": {"time": 78, "isOut": true}}
        sub_on, sub_off = (None, sub["time"]) if sub.get("isOut") else (sub["time"], None)
    stat_line, value_problems, unknown = provider_stats(flat) if flat else (None, [], frozenset())
    problems += [
        f"substitution minute {time!r:.20} is not a minute"
        for time in (sub_on, sub_off)
        if time is not None and _int(time) is None
    ]
    if minutes is not None and count(minutes) is None:
        problems.append(f"minutes {minutes!r:.20} is not a count")
    if count(minutes):
        keeper = "saves" in flat or "Saves" in flat
        shape = "2020" if isinstance(stats, dict) else "2024"
        problems += [f"{key} is missing" for key in missing_keys(flat, keeper, shape)]
    if stat_line is not None:
        problems += line_problems(stat_line, flat)
    return LineupPlayer(
        id=id_str(raw.get("id")) or id_from_url(raw.get("pageUrl")),
        name=_legacy_name(raw),
        side=side,
        started=started,
        in_squad=in_squad,
        unavailable=not in_squad,
        minutes=None if minutes is None else count(minutes),
        sub_on=_int(sub_on),
        sub_off=_int(sub_off),
        stats=stat_line,
        problems=tuple(problems + value_problems),
        unknown=unknown,
    )


def _legacy_name(raw: dict[str, Any]) -> str:
    name = raw.get("name")
    if isinstance(name, dict):
        name = (
            name.get("fullName")
            or " ".join(str(name.get(k) or "") for k in ("firstName", "lastName")).strip()
        )
    return name if isinstance(name, str) else ""


def _legacy_coaches(lineup: dict[str, Any]) -> frozenset[str]:
    coaches = lineup.get("coaches")
    if isinstance(coaches, dict):
        coaches = coaches.get("coachesArr")
    ids = (id_str(c.get("id")) for c in _flat_list(coaches) if isinstance(c, dict))
    return frozenset(i for i in ids if i)


# ---- helpers -------------------------------------------------------------------------


def _entry_ok(raw: Any, where: str, damage: Damage, legacy: bool = False) -> bool:
    """A lineup entry the grader can trust: an object with an id and a name."""
    if not isinstance(raw, dict):
        damage("lineup", f"{where} is not a player")
        return False
    ident = id_str(raw.get("id")) or (id_from_url(raw.get("pageUrl")) if legacy else None)
    name = _legacy_name(raw) if legacy else raw.get("name")
    if ident is None or not isinstance(name, str) or not name.strip():
        damage("lineup", f"{where} has no id or no name")
        return False
    return True


def _rows(value: Any, where: str, damage: Damage) -> list[Any]:
    """A legacy group: a list, or rows of lists (formation lines); anything else is damage."""
    if value is None:
        return []
    if not isinstance(value, list):
        damage("lineup", f"{where} is not a list")
        return []
    return _flat_list(value)


def _flat_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [v for item in value for v in (item if isinstance(item, list) else [item])]
    return []


def _int(value: Any) -> int | None:
    """A minute (0-130), else None."""
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 130
        else None
    )
