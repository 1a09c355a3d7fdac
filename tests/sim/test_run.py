"""Whole simulation runs: deterministic for a seed, and the summary the CLI prints."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from grading.core.pacing.policies import DEFAULT, SEED
from grading.edges.policy_files import load_policy
from sim.cli import main
from sim.run import simulate
from sim.workloads import SCENARIOS, matchday

KEYS = {
    "scenario",
    "policy",
    "seed",
    "fixtures",
    "alerts",
    "graded",
    "api_calls",
    "api_calls_per_fixture",
    "wasted_calls",
    "rate_limited_responses",
    "latency_p50_s",
    "latency_p95_s",
    "latency_max_s",
    "sheet_requests",
    "sheet_rate_limited",
    "sync_lag_p95_s",
    "sim_seconds",
    "wall_seconds",
    "forbidden_responses",
    "rotation_staleness_p95_s",
    "day_list_calls",
    "detail_calls",
    "day_list_calls_per_fixture",
    "latency_p95_played_s",
    "latency_p95_postponed_s",
}


def small(seed: int):
    return matchday(seed, fixtures_count=8, alerts_per_fixture=6)


def without_wall(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "wall_seconds"}


@pytest.mark.parametrize("policy", [SEED, DEFAULT])
def test_the_same_seed_gives_the_same_run(policy):
    first, again = simulate(small(3), policy, 3), simulate(small(3), policy, 3)
    assert without_wall(first.summary) == without_wall(again.summary)
    assert first.alerts.equals(again.alerts) and first.wakes.equals(again.wakes)
    assert first.summary["graded"] == first.summary["alerts"] == 48
    assert set(first.summary) >= KEYS


def test_a_grade_never_comes_before_its_fixture_could_be_settled():
    run = simulate(small(5), DEFAULT, 5)
    assert (run.alerts["latency_s"] >= 0).all()
    assert (run.alerts["sync_lag_s"] >= 0).all()


def test_policies_load_from_toml(tmp_path):
    path = tmp_path / "fast.toml"
    path.write_text('base = "seed"\n[grading]\ninitial_s = 120\n[batch]\nsteady = 80\n')
    policy = load_policy(str(path))
    assert (policy.name, policy.grading.initial_s, policy.batch.start()) == ("fast", 120, 80)
    assert policy.fixtures == SEED.fixtures
    with pytest.raises(ValueError, match="unknown policy"):
        load_policy("nope")


def test_sim_run_prints_one_json_object(capsys, monkeypatch):
    monkeypatch.setitem(__import__("sim.cli").cli.SCENARIOS, "matchday", small)
    assert main(["run", "--scenario", "matchday", "--policy", "seed", "--seed", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) >= KEYS and summary["policy"] == "seed" and summary["seed"] == 2
    assert main(["compare", "--scenario", "matchday", "--policies", "seed,nope"]) == 2


def test_an_access_change_is_waited_out_without_blaming_fixtures():
    run = simulate(SCENARIOS["access-change"](1), DEFAULT, 1)
    summary, graded_s = run.summary, run.alerts["graded_s"]
    assert summary["graded"] == summary["alerts"] == 2000
    assert not graded_s.between(24_600, 30_000, inclusive="left").any()  # the 403 spell
    # Probing: one refused request per bot per backed-off pass, not one per fixture.
    probe_s = DEFAULT.grading.max_s * (1 - DEFAULT.grading.jitter)
    assert 0 < summary["forbidden_responses"] <= 2 * (30_000 - 24_600) / probe_s + 4
    first_after = graded_s[graded_s >= 30_000].min()
    assert first_after - 30_000 <= 600 + 60  # at most one max interval late


def test_the_seeds_rotation_keeps_rows_fresh_where_the_default_writes_once():
    seed, default = (simulate(small(4), policy, 4).summary for policy in (SEED, DEFAULT))
    assert seed["rotation_staleness_p95_s"] < 1800 < default["rotation_staleness_p95_s"]
    assert default["sheet_requests"] < seed["sheet_requests"] / 10


def test_a_retry_after_spares_the_default_its_blind_retries():
    blind, told = (
        simulate(SCENARIOS[name](1), DEFAULT, 1).summary
        for name in ("matchday-throttled", "matchday-retry-after")
    )
    assert told["graded"] == blind["graded"] == 2000
    assert told["rate_limited_responses"] < blind["rate_limited_responses"]


@pytest.mark.slow
def test_early_grades_survive_disallowed_goals_only_behind_the_guards():
    """One match in five shows a goal VAR takes back (docs/rules/settlement.md §1.12): the
    guards keep every early grade right; without the age guard some are reversed at full
    time, corrected with the audit trail."""
    looks_every_pass = replace(SEED, fixtures=replace(SEED.fixtures, settle_in_play=True))
    careless = replace(
        looks_every_pass, fixtures=replace(looks_every_pass.fixtures, in_play_min_age_min=0)
    )
    safe = simulate(SCENARIOS["matchday"](2), looks_every_pass, 2).summary
    unsafe = simulate(SCENARIOS["matchday"](2), careless, 2).summary
    assert safe["early_graded"] > 300 and safe["early_reversed"] == 0
    assert unsafe["early_reversed"] > 0 and unsafe["graded"] == unsafe["alerts"]


@pytest.mark.parametrize("scenario", ["matchday", "matchday-small"])
def test_synthetic_player_props_name_players_of_their_own_match(scenario):
    """Props on every kind of fixture (finished, extra time, abandoned, called off) can be
    settled: none is left ungradeable for a name its match does not have."""
    workload = SCENARIOS[scenario](3)
    for _, doc in workload.alerts:
        if doc["bot_type"] == "player":
            players = {p.name for p in workload.fixtures[doc["match_id"]].final.players}
            assert doc["player"]["name"] in players, doc


def test_every_synthetic_alert_is_settled_by_the_rules():
    statuses = simulate(SCENARIOS["matchday-small"](1), DEFAULT, 1).alerts["status"]
    assert set(statuses) <= {"won", "lost", "refund", "half_win", "half_loss"}
