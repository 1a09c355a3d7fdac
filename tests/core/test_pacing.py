"""Pacing: the seed's table, exactly, what the project adds to it, and the one transition
table that maps a pass's outcome to the next pace."""

from __future__ import annotations

import random
import re

import pytest

from grading.core.pacing.batch import BatchSizer, SteadyBatch
from grading.core.pacing.interval import AdaptiveInterval
from grading.core.pacing.outcomes import CLEAN, Ending, Outcome
from grading.core.pacing.policies import DEFAULT, policy_from_mapping
from grading.core.pacing.transitions import TRANSITIONS, Pace, next_pace, start_pace

SEED = AdaptiveInterval()


def intervals(policy: AdaptiveInterval, outcomes: str) -> list[float]:
    """Interval after each outcome: S success, R rate limit, F other failure."""
    state, out = policy.start(), []
    for outcome in outcomes:
        state = {"S": policy.on_success, "R": policy.on_rate_limit, "F": policy.on_failure}[
            outcome
        ](state)
        out.append(state.interval_s)
    return out


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ("SSS", [300, 300, 150]),  # 3 successes halve
        ("SSSSSS", [300, 300, 150, 150, 150, 75]),
        ("SSSSSSSSS", [300, 300, 150, 150, 150, 75, 75, 75, 60]),  # clamped at min 60
        ("R", [600]),  # a 429 doubles
        ("RRRRRR", [600, 1200, 2400, 3600, 3600, 3600]),  # clamped at max 3600
        ("SSRSSS", [300, 300, 600, 600, 600, 300]),  # a 429 resets the streak
        ("SSFSSS", [300, 300, 600, 600, 600, 300]),  # a failed pass backs off too
    ],
)
def test_the_seed_interval_table(outcomes, expected):
    assert intervals(SEED, outcomes) == expected


def test_without_jitter_the_delay_is_the_interval_unless_retry_after_is_longer():
    state, rng = SEED.start(), random.Random(1)
    assert SEED.delay(state, rng) == 300
    assert SEED.delay(state, rng, retry_after=30) == 300
    assert SEED.delay(state, rng, retry_after=900) == 900  # never wake before it
    assert AdaptiveInterval(honor_retry_after=False).delay(state, rng, 900) == 300


def test_jitter_spreads_delays_deterministically_for_a_seed():
    policy = AdaptiveInterval(jitter=0.2)
    draws = [policy.delay(policy.start(), random.Random(7)) for _ in range(2)]
    assert draws[0] == draws[1]
    spread = [policy.delay(policy.start(), rng) for rng in [random.Random(9)] for _ in range(500)]
    assert 240 <= min(spread) < 250 and 350 < max(spread) <= 360


@pytest.mark.parametrize(
    "bad", [dict(min_s=0), dict(min_s=100, max_s=50), dict(jitter=1.0), dict(backoff_factor=0.5)]
)
def test_nonsense_policies_are_refused(bad):
    with pytest.raises(ValueError):
        AdaptiveInterval(**bad)


def test_the_seed_batch_sizes():
    sizer, size, sizes = BatchSizer(), BatchSizer().start(), []
    for outcome in "SSRSSSSSSSSSSSSSSSSSSSS":
        size = sizer.on_success(size) if outcome == "S" else sizer.on_rate_limit(size)
        sizes.append(size)
    assert sizes[:6] == [55, 60, 10, 15, 20, 25] and sizes[-1] == 100 and max(sizes) == 100


def test_a_steady_batch_does_not_shrink_on_429():
    assert SteadyBatch(80).on_rate_limit(80) == SteadyBatch(80).on_success(80) == 80


@pytest.mark.parametrize(
    ("next_due_in", "retry_after", "expected"),
    [
        (None, None, 300),  # after a 429 or a failure: the interval
        (45, None, 45),  # something is due in 45 s: wake then
        (0, None, 1.0),  # already due: one second, never a busy loop
        (float("inf"), None, 600),  # nothing waits: rest, at most idle_max_s
        (86400, None, 600),
        (45, 900, 900),  # a Retry-After still wins
    ],
)
def test_following_the_work(next_due_in, retry_after, expected):
    policy = AdaptiveInterval(follow_due=True, idle_max_s=600)
    assert policy.delay(policy.start(), random.Random(1), retry_after, next_due_in) == expected
    assert SEED.delay(SEED.start(), random.Random(1), None, next_due_in) == 300


def test_a_retry_after_is_honoured_up_to_the_cap():
    state, rng = SEED.start(), random.Random(1)
    assert SEED.delay(state, rng, retry_after=3599) == 3599
    assert SEED.delay(state, rng, retry_after=1e10) == 3600
    assert AdaptiveInterval(max_retry_after_s=60).delay(state, rng, 1e10) == 300


RATE_LIMITED = Outcome.rate_limited(900, "429")
DENIED, FAILED = Outcome.access_denied("403"), Outcome.failed("store down")


@pytest.mark.parametrize(
    ("outcome", "interval", "batch", "delay"),
    [
        (CLEAN, 300, 55, 300),  # the streak grows, the batch grows
        (RATE_LIMITED, 600, 10, 900),  # doubled, shrunk, never before the Retry-After
        (DENIED, 600, 50, 600),  # a backed-off probe; the batch is kept
        (FAILED, 600, 50, 600),
    ],
)
def test_the_transition_table_for_the_seed(outcome, interval, batch, delay):
    pace = start_pace(SEED, BatchSizer())
    decision = next_pace(SEED, pace, outcome, random.Random(1), next_due_in=5, batch=BatchSizer())
    assert (decision.pace.interval.interval_s, decision.pace.batch_size, decision.delay) == (
        interval,
        batch,
        delay,
    )


@pytest.mark.parametrize(
    ("outcome", "follows_the_work"),
    [(CLEAN, True), (RATE_LIMITED, False), (DENIED, False), (FAILED, False)],
)
def test_only_a_clean_pass_follows_the_work(outcome, follows_the_work):
    policy = AdaptiveInterval(initial_s=300, follow_due=True)
    decision = next_pace(policy, Pace(policy.start()), outcome, random.Random(1), 7.0)
    assert (decision.delay == 7.0) is follows_the_work


def test_every_ending_has_a_transition():
    assert set(TRANSITIONS) == set(Ending)


def test_a_capped_retry_after_is_flagged_so_the_scheduler_can_say_so():
    decision = next_pace(
        SEED, Pace(SEED.start()), Outcome.rate_limited(1e10, "429"), random.Random(1)
    )
    assert decision.delay == 3600 and decision.retry_after_capped


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"grdaing": {}}, "unknown policy key 'grdaing' (did you mean 'grading'?)"),
        ({"zzz": 1}, "unknown policy key 'zzz' (known: base, batch, fixtures"),
        ({"base": "fast"}, "base must be one of seed, default"),
        ({"grading": {"initial": 5}}, "unexpected keyword argument 'initial'"),
        ({"grading": 5}, "[grading] must be a table"),
    ],
)
def test_a_policy_mapping_with_a_mistake_is_refused_in_one_line(raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        policy_from_mapping("p", raw)


def test_a_policy_mapping_changes_only_what_it_names():
    policy = policy_from_mapping("p", {"grading": {"max_s": 900}, "batch": {"steady": 60}})
    assert policy.grading.max_s == 900 and policy.batch == SteadyBatch(60)
    assert policy.sync == DEFAULT.sync and policy.fixtures == DEFAULT.fixtures
