"""Seeded, deterministic workloads: fixtures on a timeline, alerts, FotMob's rate limit.

Final states come from the project's recorded matches (``fixtures_data/fotmob``: a 2-1 with
own goal and cards, an extra-time match, an abandonment, a postponement), re-keyed per
fixture; player alerts name players who started in the template.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from fixtures_data import HERE
from grading.core.facts import MatchFacts
from grading.edges.recorded import DirectorySource
from sim.clock import Latency
from sim.fotmob import Fixture
from sim.limits import AnyOf, FixedWindow, MarkovOutage, RateModel, ScriptedTrace, Unlimited
from sim.timings import CALIBRATED, MatchTimings

RECORDED = HERE / "fotmob"  # from a checkout or an installed wheel
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
WAVES_H = (2.5, 5.0, 7.5, 10.0)  # kickoffs 12:30, 15:00, 17:30, 20:00 UTC
MarketLine = tuple[str, str, float | None]  # market, selection, line
TEAM_MARKETS: tuple[MarketLine, ...] = (
    ("total_goals", "over", 2.5),
    ("btts", "yes", None),
    ("match_result_1x2", "1", None),
    ("asian_handicap", "home", -0.25),
    ("total_goals", "over", 3.5),
)
PLAYER_MARKETS: tuple[MarketLine, ...] = (
    ("player_shots", "over", 0.5),
    ("player_shots_on_target", "over", 0.5),
)
# A matchDetails answer is ~470 KB of JSON (docs/rules/fotmob.md §7): about a third of a second,
# with a tail; a Sheets request about a quarter (docs/rules/sheets.md §4).
FOTMOB_LATENCY = Latency(median_s=0.35, sigma=0.6)
SHEETS_LATENCY = Latency(median_s=0.25, sigma=0.4)


@dataclass(frozen=True)
class Workload:
    name: str
    start: datetime
    fixtures: dict[str, Fixture]
    alerts: list[tuple[float, dict[str, Any]]]  # (virtual second it appears, document)
    fotmob_limits: RateModel = field(default_factory=Unlimited)
    horizon_s: float = 0.0
    fotmob_latency: Latency = FOTMOB_LATENCY
    sheets_latency: Latency = SHEETS_LATENCY


@cache
def _template(match_id: str) -> MatchFacts:
    return DirectorySource(RECORDED).fetch(match_id)


def _fixture(
    rng: random.Random,
    match_id: str,
    kickoff_s: float,
    kind: str,
    timings: MatchTimings = CALIBRATED,
    league: str = "synthetic",
) -> Fixture:
    """A fixture ending as the recorded template of ``kind``; its clock drawn from the
    fitted ``timings`` (docs/rules/timings.md)."""
    template = {
        "finished": "9000001",
        "extra_time": "9000002",
        "abandoned": "9000004",
        "postponed": "9000003",
    }[kind]
    final = replace(_template(template), match_id=match_id)
    extra = kind == "extra_time"
    clock = timings.draw(rng, extra)
    announced: float | None = kickoff_s - 2 * 3600 if kind == "postponed" else None
    return Fixture.timed(
        final, kickoff_s, clock, announced_s=announced, league=league, disallowed=_disallowed(rng)
    )


def _disallowed(rng: random.Random) -> tuple[int, str, int] | None:
    """One match in five shows a goal that VAR takes back after a 1-4 minute review (the
    trap early settlement must not fall into: docs/rules/settlement.md §1.12)."""
    if rng.random() >= 0.2:
        return None
    return rng.randint(5, 88), rng.choice(("home", "away")), rng.randint(1, 4)


def _alerts(
    rng: random.Random, fixture: Fixture, start: datetime, count: int, serial: int
) -> list[tuple[float, dict[str, Any]]]:
    kickoff = start + timedelta(seconds=fixture.kickoff_s)
    players = _prop_players(fixture.final)
    out = []
    for k in range(count):
        doc: dict[str, Any] = {
            "alert_id": f"s{serial}-{k}",
            "match_id": fixture.final.match_id,
            "odds": round(rng.uniform(1.5, 3.5), 2),
            "stake": 10,
            "kickoff_utc": kickoff.isoformat(),
        }
        if k % 2:
            market, selection, line = PLAYER_MARKETS[k // 2 % len(PLAYER_MARKETS)]
            doc.update(bot_type="player", player={"name": rng.choice(players)})
        else:
            market, selection, line = TEAM_MARKETS[k // 2 % len(TEAM_MARKETS)]
            doc["bot_type"] = "team"
        doc.update(market=market, selection=selection, line=line)
        created = max(0.0, fixture.kickoff_s - rng.uniform(0.5, 3) * 3600)
        out.append((created, doc))
    return out


def _prop_players(final: MatchFacts) -> list[str]:
    """The players of this match a tip bot would post props on: starters with a provider stat
    line (a template's invented fillers have none); any starter when no one has one (a match
    called off: its props are refunded whoever they name)."""
    starters = [p for p in final.players if p.started]
    rated = [p.name for p in starters if "shots" in p.full]
    return rated or [p.name for p in starters]


def _round(
    rng: random.Random,
    start: datetime,
    offset_s: float,
    fixtures: int,
    alerts_per_fixture: int,
    first_id: int,
) -> tuple[dict[str, Fixture], list]:
    kinds = ["postponed", "abandoned", "extra_time", "extra_time"] + ["finished"] * (fixtures - 4)
    rng.shuffle(kinds)
    out_fixtures, out_alerts = {}, []
    for n, kind in enumerate(kinds):
        match_id = str(first_id + n)
        kickoff_s = offset_s + WAVES_H[n % len(WAVES_H)] * 3600
        fixture = _fixture(rng, match_id, kickoff_s, kind)
        out_fixtures[match_id] = fixture
        out_alerts += _alerts(rng, fixture, start, alerts_per_fixture, first_id + n)
    return out_fixtures, out_alerts


def matchday(
    seed: int,
    limits: RateModel | None = None,
    name: str = "matchday",
    fixtures_count: int = 50,
    alerts_per_fixture: int = 40,
) -> Workload:
    """A Saturday: 50 fixtures in four kickoff waves, 2,000 alerts over both bots."""
    rng = random.Random(seed)
    fixtures, alerts = _round(rng, SATURDAY, 0.0, fixtures_count, alerts_per_fixture, 7_000_000)
    alerts.sort(key=lambda item: item[0])
    return Workload(
        name, SATURDAY, fixtures, alerts, limits or Unlimited(), horizon_s=(WAVES_H[-1] + 5) * 3600
    )


def matchday_big(
    seed: int, limits: RateModel | None = None, name: str = "matchday-big"
) -> Workload:
    """A big Saturday on real match timings: 300 fixtures over 40 leagues, a kickoff every
    15 minutes from 11:00 to 21:00 UTC, 12,000 alerts; 6 postponed, 3 abandoned, 12 to
    extra time."""
    rng = random.Random(seed)
    kinds = ["postponed"] * 6 + ["abandoned"] * 3 + ["extra_time"] * 12 + ["finished"] * 279
    rng.shuffle(kinds)
    fixtures: dict[str, Fixture] = {}
    alerts: list[tuple[float, dict[str, Any]]] = []
    for n, kind in enumerate(kinds):
        match_id = str(8_000_000 + n)
        kickoff_s = 3600 + (n % 41) * 900  # 11:00, 11:15, ... 21:00
        fixture = _fixture(rng, match_id, kickoff_s, kind, league=f"League {n % 40}")
        fixtures[match_id] = fixture
        alerts += _alerts(rng, fixture, SATURDAY, 40, 8_000_000 + n)
    alerts.sort(key=lambda item: item[0])
    return Workload(
        name, SATURDAY, fixtures, alerts, limits or Unlimited(), horizon_s=(11 + 5) * 3600
    )


def season(seed: int, weeks: int = 38) -> Workload:
    """38 weekly rounds of 50 fixtures (1,900) and about 100,000 alerts."""
    rng = random.Random(seed)
    fixtures: dict[str, Fixture] = {}
    alerts: list[tuple[float, dict[str, Any]]] = []
    for week in range(weeks):
        more, more_alerts = _round(rng, SATURDAY, week * 7 * 86400, 50, 53, 7_000_000 + week * 100)
        fixtures.update(more)
        alerts += more_alerts
    alerts.sort(key=lambda item: item[0])
    return Workload(
        "season",
        SATURDAY,
        fixtures,
        alerts,
        horizon_s=((weeks - 1) * 7 * 24 + WAVES_H[-1] + 5) * 3600,
    )


def _throttled(per_minute: int, name: str, retry_after: bool = False):
    """FotMob admits ``per_minute`` requests a minute (by default without Retry-After, as
    FotMob has never been seen sending one), plus 429 bursts: five minutes down per half hour
    up on average."""
    return lambda seed: matchday(
        seed,
        AnyOf(
            (
                FixedWindow(per_minute, 60.0, send_retry_after=retry_after),
                MarkovOutage(mean_up_s=1800, mean_down_s=300, send_retry_after=retry_after),
            )
        ),
        name,
    )


# On the unthrottled matchday the seed asks about 30 requests a minute (27,000 in 15 hours),
# and about 50 at the kickoff waves' ends.
SCENARIOS = {
    "matchday": lambda seed: matchday(seed),
    # 8 fixtures, 48 alerts: for smoke tests, notebooks and quick looks.
    "matchday-small": lambda seed: matchday(
        seed, name="matchday-small", fixtures_count=8, alerts_per_fixture=6
    ),
    # Limited below demand: half the seed's mean rate, a third of its peak, with bursts.
    "matchday-throttled": _throttled(15, "matchday-throttled"),
    # Starved: 6 a minute, less than the 12 fixtures of one wave that end together.
    "matchday-starved": _throttled(6, "matchday-starved"),
    # The throttled day with a Retry-After on every 429 (the window's or the outage's end).
    "matchday-retry-after": _throttled(15, "matchday-retry-after", retry_after=True),
    # Long 429 episodes: 20 minutes down for every hour up, on average.
    "outage": lambda seed: matchday(seed, MarkovOutage(mean_up_s=3600, mean_down_s=1200), "outage"),
    # FotMob changes its access rules as the 15:00 wave ends (16:50-18:20 UTC): every
    # request gets a 403 until the client is fixed 90 minutes later.
    "access-change": lambda seed: matchday(
        seed, ScriptedTrace(((24_600, 30_000),), status=403), "access-change"
    ),
    "season": season,
    # 300 fixtures, 12,000 alerts, kickoffs every 15 minutes, real match timings.
    "matchday-big": lambda seed: matchday_big(seed),
}
