"""MatchFacts: the normalized outcome of one fixture, the boundary between providers and settlement.

The JSON form is a contract (docs/design.md, ``"schema": 1``). Compatible extensions are
documented here and ignored by readers that do not know them:

* ``damaged`` (object, default empty): parts of the source payload found damaged, part ->
  reason (``lineup``, ``events``, ``shotmap``, ``team_stats.<stat>``); markets that read a
  damaged part are ungradeable (docs/rules/fotmob.md §8).
* ``lineup_complete`` (bool, default true): both sides list eleven starters, so a player
  absent from the lineup did not take part.
* ``players[].damaged`` (text or null): why that player's stat line cannot be trusted.

* ``players[].unavailable`` (bool, default false): listed by the source as injured or
  suspended; such a player is never ``in_squad``.
* ``players[].left_minute`` (int or null): the minute the player left the pitch before the
  end (substituted off or sent off). Settlement of an abandoned match needs it: the stat
  line of a player who had already left can no longer change.
* ``players[].entered_minute`` (int or null): the minute a substitute came on (first
  goalscorer voids a player who came on after the first goal).
* ``timeline`` and ``team_stats_halves``: goals and counted cards with their minutes, and
  team stats per half (grading.core.timeline).
* ``live_minute`` (int or null): the minute a match in play has reached (45 at half-time).
* ``pending_var`` (bool, default false): a VAR check was under way when the payload was
  taken (FotMob's ``hasPendingVAR``): nothing is settled in play from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from grading.core.errors import BadPayload
from grading.core.timeline import Timeline, halves_json

SCHEMA = 1

STATUSES = (
    "not_started",
    "in_play",
    "finished",
    "postponed",
    "cancelled",
    "abandoned",
    "awarded",
)
# After these nothing more will happen to a fixture: it can be settled (or voided).
TERMINAL_STATUSES = frozenset({"finished", "postponed", "cancelled", "abandoned", "awarded"})

# Per-player counting stats, by the names the contract uses.
PLAYER_STATS = (
    "goals",
    "assists",
    "shots",
    "shots_on_target",
    "tackles",
    "passes",
    "fouls_committed",
    "saves",
    "yellow_cards",
    "red_cards",
    "own_goals",
)

# Team stats (regulation time, [home, away]); a stat the source lacks is absent.
TEAM_STATS = (
    "corners",
    "yellow_cards",
    "second_yellow_cards",
    "straight_red_cards",
    "shots",
    "shots_on_target",
    "fouls",
    "offsides",
    "saves",
    "shots_outside_box",
    "throw_ins",
    "tackles",
)

Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Team:
    id: str | None
    name: str


@dataclass(frozen=True, slots=True)
class Score:
    """Regulation score (90 minutes + stoppage), extra time and shootout apart."""

    regulation: Pair | None
    after_extra_time: Pair | None = None
    penalties: Pair | None = None


@dataclass(frozen=True, slots=True)
class PlayerFacts:
    """One player's participation and stat lines.

    ``full`` is the provider's whole-match line (extra time included, shootout excluded);
    ``regulation`` holds the 90-minute values that could be derived from timed events.
    """

    id: str | None
    name: str
    side: str
    in_squad: bool
    started: bool
    minutes: int
    regulation: Mapping[str, int] = field(default_factory=dict)
    full: Mapping[str, int] = field(default_factory=dict)
    unavailable: bool = False
    left_minute: int | None = None
    damaged: str | None = None  # why this player's stat line cannot be trusted
    entered_minute: int | None = None

    @property
    def appeared(self) -> bool:
        """Took any part: started, or came on (a substitute's minutes are at least 1)."""
        return self.started or self.minutes > 0


@dataclass(frozen=True, slots=True)
class MatchFacts:
    match_id: str
    status: str
    home: Team
    away: Team
    score: Score
    kickoff_utc: str | None = None
    abandon_minute: int | None = None
    team_stats: Mapping[str, Pair] = field(default_factory=dict)
    players: tuple[PlayerFacts, ...] = ()
    source: str = "fotmob"
    damaged: Mapping[str, str] = field(default_factory=dict)
    lineup_complete: bool = True
    timeline: Timeline | None = None
    # "1st" / "2nd" -> team stats of that half; empty when the source splits no period
    half_stats: Mapping[str, Mapping[str, Pair]] = field(default_factory=dict)
    live_minute: int | None = None
    pending_var: bool = False

    @property
    def is_over(self) -> bool:
        """Nothing more will happen: finished, or void for good."""
        return self.status in TERMINAL_STATUSES

    @property
    def extra_time_played(self) -> bool:
        return self.score.after_extra_time is not None

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object (key order as in docs/design.md)."""
        return {
            "schema": SCHEMA,
            "source": self.source,
            "match_id": self.match_id,
            "kickoff_utc": self.kickoff_utc,
            "status": self.status,
            "abandon_minute": self.abandon_minute,
            "home": {"id": self.home.id, "name": self.home.name},
            "away": {"id": self.away.id, "name": self.away.name},
            "score": {
                "regulation": _list(self.score.regulation),
                "after_extra_time": _list(self.score.after_extra_time),
                "penalties": _list(self.score.penalties),
            },
            "team_stats": {k: list(v) for k, v in self.team_stats.items()},
            "players": [_player_json(p) for p in self.players],
            **({"damaged": dict(self.damaged)} if self.damaged else {}),
            **({} if self.lineup_complete else {"lineup_complete": False}),
            **({} if self.timeline is None else {"timeline": self.timeline.to_json()}),
            **(
                {"team_stats_halves": halves_json({k: dict(v) for k, v in self.half_stats.items()})}
                if self.half_stats
                else {}
            ),
            **({} if self.live_minute is None else {"live_minute": self.live_minute}),
            **({"pending_var": True} if self.pending_var else {}),
        }

    @classmethod
    def from_json(cls, data: Any) -> MatchFacts:
        """Read the contract's JSON object; raise BadPayload with a one-line reason."""
        try:
            return _facts_from_json(data)
        except BadPayload:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BadPayload(f"not a MatchFacts object: {_describe(exc)}") from None


def _list(pair: Pair | None) -> list[int] | None:
    return None if pair is None else [pair[0], pair[1]]


def _player_json(p: PlayerFacts) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "side": p.side,
        "in_squad": p.in_squad,
        "started": p.started,
        "minutes": p.minutes,
        "regulation": dict(p.regulation),
        "full": dict(p.full),
    }
    if p.unavailable:
        out["unavailable"] = True
    if p.left_minute is not None:
        out["left_minute"] = p.left_minute
    if p.damaged is not None:
        out["damaged"] = p.damaged
    if p.entered_minute is not None:
        out["entered_minute"] = p.entered_minute
    return out


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _pair(value: Any, what: str) -> Pair | None:
    if value is None:
        return None
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise ValueError(f"{what} must be [home, away]")
    return (_count(value[0], what), _count(value[1], what))


def _count(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must hold non-negative integers, got {value!r}")
    return value


def _stat_line(raw: Any, what: str) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise ValueError(f"{what} must be an object")
    return {str(k): _count(v, f"{what}.{k}") for k, v in raw.items()}


def _team(raw: Any) -> Team:
    ident = raw.get("id")
    return Team(id=None if ident is None else str(ident), name=str(raw["name"]))


def _facts_from_json(data: Any) -> MatchFacts:
    if not isinstance(data, dict):
        raise BadPayload("not a MatchFacts object: expected a JSON object")
    if data.get("schema") != SCHEMA:
        raise BadPayload(f"unsupported MatchFacts schema {data.get('schema')!r} (expected 1)")
    status = data["status"]
    if status not in STATUSES:
        raise BadPayload(f"unknown MatchFacts status {status!r}")
    score = data["score"]
    abandon = data.get("abandon_minute")
    return MatchFacts(
        match_id=str(data["match_id"]),
        source=str(data.get("source", "unknown")),
        kickoff_utc=data.get("kickoff_utc"),
        status=status,
        abandon_minute=None if abandon is None else _count(abandon, "abandon_minute"),
        home=_team(data["home"]),
        away=_team(data["away"]),
        score=Score(
            regulation=_pair(score.get("regulation"), "score.regulation"),
            after_extra_time=_pair(score.get("after_extra_time"), "score.after_extra_time"),
            penalties=_pair(score.get("penalties"), "score.penalties"),
        ),
        team_stats={
            k: pair
            for k, v in (data.get("team_stats") or {}).items()
            if (pair := _pair(v, f"team_stats.{k}")) is not None
        },
        players=tuple(_player_from_json(p) for p in data.get("players") or ()),
        damaged={str(k): str(v) for k, v in (data.get("damaged") or {}).items()},
        lineup_complete=data.get("lineup_complete", True) is not False,
        timeline=None if data.get("timeline") is None else Timeline.from_json(data["timeline"]),
        live_minute=None
        if data.get("live_minute") is None
        else _count(data["live_minute"], "live_minute"),
        pending_var=data.get("pending_var") is True,
        half_stats={
            str(period): {
                k: _pair_of(v, f"team_stats_halves.{period}.{k}") for k, v in stats.items()
            }
            for period, stats in (data.get("team_stats_halves") or {}).items()
        },
    )


def _pair_of(value: Any, what: str) -> Pair:
    found = _pair(value, what)
    if found is None:
        raise ValueError(f"{what} must be [home, away]")
    return found


def _player_from_json(raw: dict[str, Any]) -> PlayerFacts:
    side = raw["side"]
    if side not in ("home", "away"):
        raise ValueError(f"player side must be home or away, got {side!r}")
    ident = raw.get("id")
    left = raw.get("left_minute")
    entered = raw.get("entered_minute")
    return PlayerFacts(
        id=None if ident is None else str(ident),
        name=str(raw["name"]),
        side=side,
        in_squad=bool(raw.get("in_squad", True)),
        started=bool(raw.get("started", False)),
        minutes=_count(raw.get("minutes", 0), "minutes"),
        regulation=_stat_line(raw.get("regulation") or {}, "regulation"),
        full=_stat_line(raw.get("full") or {}, "full"),
        unavailable=bool(raw.get("unavailable", False)),
        left_minute=None if left is None else _count(left, "left_minute"),
        damaged=None if raw.get("damaged") is None else str(raw["damaged"]),
        entered_minute=None if entered is None else _count(entered, "entered_minute"),
    )
