"""Backlog-aware sync pacing (docs/rules/sheets.md §4): in the testbench's Sheets quota
model, a 3,000-row backlog over two bots on one account is mirrored in under a minute
without a 429, and a loop with nothing to write rests."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
import simpy

from grading.core.pacing.policies import DEFAULT, SEED
from grading.edges.store.memory import MemoryAlertStore
from grading.loops.wiring import wire
from grading.ports import Edges
from sim.clock import SimClock
from sim.driver import drive
from sim.sheets import SyntheticSheets
from sim.workloads import SHEETS_LATENCY

START = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)
WON = {"status": "won", "actual_value": 3, "returns": "19.00", "reason": "goals 3"}


def backlog(policy, rows: int = 3000, seconds: float = 60.0):
    env = simpy.Environment()
    clock = SimClock(env, START)
    store = MemoryAlertStore()
    store.add_alerts(
        {
            "alert_id": f"b-{n:05d}",
            "bot_type": ("team", "player")[n % 2],
            "match_id": "1",
            "market": "btts",
            "selection": "yes",
            "odds": 1.9,
            "stake": 10,
        }
        for n in range(rows)
    )
    for n in range(rows):
        store.record_grade(f"b-{n:05d}", WON, {}, START)
    sheets = SyntheticSheets(clock, latency=SHEETS_LATENCY, latency_rng=random.Random(3))
    schedulers = wire(
        ("player", "team"),
        Edges(None, store, sheets, clock),
        policy,
        rng_for=lambda bot: random.Random(bot),
        owner_for=lambda bot: bot,
    )
    wakes = drive(env, clock, schedulers, loops=("sync",))
    env.run(until=seconds)
    return store, sheets, wakes


def test_a_3000_row_backlog_is_mirrored_within_a_minute_without_a_429():
    store, sheets, wakes = backlog(DEFAULT)
    assert store.counts(None)["unsynced"] == 0
    assert sheets.rate_limited == 0
    assert sum(len(rows) for rows in sheets.rows.values()) == 3000
    last_write = max(sheets.first_written.values())
    assert last_write < 60
    # drained in batches of 500, then back to 100 and resting
    assert {w.batch_size for w in wakes if w.done == 500} == {500}
    assert wakes[-1].delay >= 60 and wakes[-1].done == 0


@pytest.mark.parametrize("policy", [SEED])
def test_without_draining_the_same_backlog_takes_many_minutes(policy):
    store, _, _ = backlog(policy)
    assert store.counts(None)["unsynced"] > 2000
