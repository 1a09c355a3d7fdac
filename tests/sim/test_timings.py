"""The testbench's match clock (docs/rules/timings.md): the fitted model against the real
matches, the live minute, what a match in play shows, the day list, and matchday-big."""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import simpy

from grading.core.fotmob.day_list import live_minute
from grading.edges.recorded import DirectorySource
from sim.clock import SimClock
from sim.fotmob import Fixture, SyntheticFotMob
from sim.timings import CALIBRATED, MatchClock, legacy_clock
from sim.workloads import SCENARIOS
from tests.conftest import FIXTURES, ROOT, shared_path

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
# 2 minutes late; first half 45 + 3; half-time 15; second half 45 + 5
CLOCK = MatchClock(120, 48 * 60, 15 * 60, 50 * 60)


@pytest.mark.parametrize(
    ("minutes_after_schedule", "shown"),
    [
        (1.9, None),  # not kicked off yet
        (2.0, 1),
        (2.5, 1),
        (3.0, 2),
        (46.9, 45),
        (49.9, 45),  # 1st half, its stoppage
        (50.0, 45),
        (64.9, 45),  # half-time
        (65.0, 46),
        (109.9, 90),
        (114.9, 90),  # 2nd half, its stoppage
        (115.0, None),  # the whistle
    ],
)
def test_the_live_minute_reads_like_fotmobs_ticker(minutes_after_schedule, shown):
    assert CLOCK.whistle_s == 115 * 60
    assert CLOCK.live_minute(minutes_after_schedule * 60) == shown


def test_extra_time_counts_on_from_91_after_the_break():
    clock = replace(CLOCK, extra_s=40 * 60)
    assert [clock.live_minute(m * 60) for m in (115, 119.9, 120, 134.9)] == [90, 90, 91, 105]


def test_the_model_is_seeded_and_stays_inside_its_bounds():
    draws = [CALIBRATED.draw(random.Random(7)) for _ in range(2)]
    assert draws[0] == draws[1]
    rng = random.Random(3)
    clocks = [CALIBRATED.draw(rng, extra_time=n % 10 == 0) for n in range(5000)]
    assert all(
        -90 <= c.delay_s <= 300
        and 13 * 60 <= c.half_time_s <= 19 * 60
        and 45 * 60 < c.first_half_s <= 80 * 60
        for c in clocks
    )
    assert all(c.extra_s > 30 * 60 for c in clocks[::10])
    whistles = sorted(c.whistle_s / 60 for c in clocks if not c.extra_s)
    assert 114 < whistles[len(whistles) // 2] < 116  # median
    assert whistles[int(0.99 * len(whistles))] > 125  # the tail is kept


def test_the_first_world_is_unchanged():
    """Scenarios tuned on it reproduce their figures: 105 minutes plus a uniform 3-12."""
    rng, again = random.Random(5), random.Random(5)
    clock = legacy_clock(rng, extra_time=True)
    assert clock.whistle_s == 105 * 60 + again.uniform(3, 12) * 60 + 35 * 60
    assert clock.delay_s == 0


def test_the_fit_matches_the_real_matches():
    csv_path = shared_path("research", "match_timings.csv")
    sys.path.insert(0, str(ROOT / "bench"))
    import fit_timings

    phases = fit_timings.read_phases(csv_path)
    assert len(phases["whistle"]) == 47
    fitted = fit_timings.fit(phases)
    assert fitted["first_stoppage"] == pytest.approx(
        (CALIBRATED.first_stoppage.mu, CALIBRATED.first_stoppage.sigma), abs=1e-4
    )
    assert fitted["delay"] == pytest.approx(
        (CALIBRATED.kickoff_delay.mean_min, CALIBRATED.kickoff_delay.sd_min), abs=1e-4
    )
    model = fit_timings.model_whistles(20_000)
    assert fit_timings.ks_distance(phases["whistle"], model) < 0.198  # 5 % critical value
    assert (
        fit_timings.ks_distance(phases["whistle"], fit_timings.model_whistles(20_000, legacy=True))
        > 0.3
    )


def template(match_id: str):
    return replace(DirectorySource(FIXTURES / "fotmob").fetch("9000001"), match_id=match_id)


def test_a_match_in_play_shows_only_what_has_happened():
    """9000001 ends 2-1: goals at 12' (home), 38' (an away player's own goal, for home)
    and 75' (away)."""
    env = simpy.Environment()
    clock = SimClock(env, T0)
    fixture = Fixture.timed(template("1"), kickoff_s=0, clock=CLOCK, league="League 3")
    source = SyntheticFotMob(clock, {"1": fixture})
    seen = []
    for minutes in (1, 30, 55, 100, 116):
        env.run(until=minutes * 60)
        facts = source.fetch("1")
        row = source.day_list("20261128").rows[0]
        seen.append(
            (
                facts.status,
                facts.live_minute,
                facts.score.regulation,
                row.state,
                row.live_minute,
                row.score,
                row.league,
            )
        )
    assert seen[0][:3] == ("not_started", None, None)
    assert seen[1][:6] == ("in_play", 29, (1, 0), "in_play", 29, (1, 0))
    assert seen[2][:3] == ("in_play", 45, (2, 0))  # half-time
    assert seen[3][:3] == ("in_play", 81, (2, 1))  # 100 - 2 - 48 - 15 = 35 into the 2nd
    assert seen[4][:2] == ("finished", None) and seen[4][3] == "finished"
    assert seen[1][6] == "League 3"
    in_play = fixture.facts_at(30 * 60, clock)
    assert in_play.team_stats == {} and all(not p.regulation for p in in_play.players)


def test_a_live_row_of_a_real_day_list_gives_its_minute():
    assert [
        live_minute({"liveTime": {"short": short}}) for short in ("67'", "45+2'", "HT", "", None)
    ] == [67, 45, 45, None, None]


def test_matchday_big_is_300_fixtures_over_40_leagues_every_15_minutes():
    workload = SCENARIOS["matchday-big"](1)
    fixtures = workload.fixtures.values()
    assert (len(workload.fixtures), len(workload.alerts)) == (300, 12_000)
    assert len({f.league for f in fixtures}) == 40
    kickoffs = sorted({f.kickoff_s for f in fixtures})
    assert (kickoffs[0], kickoffs[-1], len(kickoffs)) == (3600, 3600 + 40 * 900, 41)
    statuses = [f.final.status for f in fixtures]
    assert (statuses.count("postponed"), statuses.count("abandoned")) == (6, 3)
    assert sum(f.final.extra_time_played for f in fixtures) == 12
    assert all(f.clock is not None and f.clock.delay_s != 0 for f in fixtures)
