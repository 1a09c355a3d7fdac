"""Synthetic 429 models: exact decisions for scripted request times."""

from __future__ import annotations

import random

import pytest

from sim.limits import (
    AnyOf,
    Decision,
    FixedWindow,
    MarkovOutage,
    ScriptedTrace,
    TimeOfDay,
    TokenBucket,
    Unlimited,
)


def run(model, times: list[float], seed: int = 1) -> list[Decision]:
    state, rng, out = model.start(), random.Random(seed), []
    for t in times:
        decision, state = model.decide(state, t, rng)
        out.append(decision)
    return out


OK, NO = Decision(True), Decision(False)


def test_a_fixed_window_admits_n_per_minute_and_says_when_it_resets():
    assert run(FixedWindow(2), [0, 10, 20, 59, 60, 61, 62]) == [
        OK,
        OK,
        Decision(False, 40.0),
        Decision(False, 1.0),
        OK,
        OK,
        Decision(False, 58.0),
    ]
    assert run(FixedWindow(1, send_retry_after=False), [0, 1]) == [OK, NO]


def test_a_token_bucket_allows_a_burst_then_its_rate():
    assert run(TokenBucket(rate_per_s=0.5, burst=2), [0, 0, 0, 1, 2, 4]) == [
        OK,
        OK,
        Decision(False, 2.0),
        Decision(False, 1.0),
        OK,
        OK,
    ]


def test_a_markov_outage_is_the_same_for_the_same_seed():
    times = [t * 10.0 for t in range(2000)]
    first, again = run(MarkovOutage(600, 120), times, 7), run(MarkovOutage(600, 120), times, 7)
    assert first == again
    down = sum(not d.allowed for d in first) / len(first)
    assert 0.08 < down < 0.28  # long-run share 120 / 720 = 0.17
    assert run(MarkovOutage(600, 120), times, 8) != first


def test_time_of_day_follows_the_hour():
    model = TimeOfDay(limits=(5,) * 18 + (1,) * 6, start_hour=17.5)  # 18:00-24:00 tight
    before = run(model, [0, 1, 2])  # 17:30: five a minute
    evening = run(model, [1800, 1801])  # 18:00: one a minute
    assert before == [OK, OK, OK] and evening == [OK, Decision(False, 59.0)]


def test_a_scripted_trace_reads_csv(tmp_path):
    trace = tmp_path / "trace.csv"
    trace.write_text("start_s,end_s\n100,160\n300,301.5\n")
    model = ScriptedTrace.from_csv(trace)
    assert run(model, [99, 100, 159.5, 160, 301]) == [
        OK,
        Decision(False, 60.0),
        Decision(False, 0.5),
        OK,
        Decision(False, 0.5),
    ]


def test_models_combine():
    model = AnyOf((FixedWindow(1), ScriptedTrace(((5, 50),), send_retry_after=False)))
    assert run(model, [0, 10, 70]) == [OK, Decision(False, 50.0), OK]
    assert run(AnyOf((Unlimited(),)), [0, 0, 0]) == [OK, OK, OK]


def test_an_access_episode_answers_403_and_outranks_a_429():
    forbidden = Decision(False, None, 403)
    episode = ScriptedTrace(((10, 20),), status=403)
    assert run(episode, [5, 10, 19.9, 20]) == [OK, forbidden, forbidden, OK]
    assert run(AnyOf((FixedWindow(1), episode)), [0, 10, 11]) == [OK, forbidden, forbidden]
    assert (
        run(MarkovOutage(60, 30, status=403), [t * 5.0 for t in range(100)]).count(forbidden) > 10
    )


@pytest.mark.parametrize(
    "model",
    [
        FixedWindow(3),
        TokenBucket(1, 3),
        MarkovOutage(60, 30),
        TimeOfDay((2,) * 24),
        ScriptedTrace(((0, 1),)),
    ],
)
def test_every_model_is_deterministic(model):
    times = [t * 0.7 for t in range(300)]
    assert run(model, times, 3) == run(model, times, 3)
