"""Counts without scans (docs/rules/stores.md §1): every store's counts stay what a scan of
its alerts would say through any sequence of adds, grades, syncs, corrections and claims."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from grading.edges.store.sqlite import SqliteAlertStore

T0 = datetime(2026, 11, 21, 17, 0, tzinfo=UTC)
WON = {"status": "won", "actual_value": 3, "returns": "21.00", "reason": "3 > 2.5"}
LOST = {**WON, "status": "lost", "returns": "0.00"}


def scanned(store, bot):
    settled = list(store.settled_alerts(bot))
    pending = store.due_alerts(bot, datetime.max.replace(tzinfo=UTC))
    return {
        "pending": len(pending),
        "settled": len(settled),
        "unsynced": sum(1 for doc in settled if doc.get("last_sync_check") is None),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_follow_every_write(store, seed):
    rng = random.Random(seed)
    now = T0
    ids = []
    for _ in range(120):
        now += timedelta(seconds=30)
        action = rng.choice(("add", "add", "grade", "grade", "sync", "correct", "defer"))
        if action == "add":
            n = len(ids)
            bot = rng.choice(("team", "player", None))
            store.add_alerts(
                [
                    {
                        "alert_id": f"c-{n}",
                        "bot_type": bot,
                        "match_id": "1",
                        "market": "btts",
                        "selection": "yes",
                        "odds": 2,
                    }
                ]
            )
            ids.append(f"c-{n}")
        elif action == "grade" and ids:
            store.record_grade(rng.choice(ids), WON, {}, now)
        elif action == "defer" and ids:
            store.defer([rng.choice(ids)], now + timedelta(minutes=5), "later")
        elif action == "sync":
            claimed = store.claim_sync_batch(None, "s", now, rng.randint(1, 4), 60)
            store.mark_synced([doc["alert_id"] for doc in claimed], "s", now)
        elif action == "correct" and ids:
            store.correct_grade(rng.choice(ids), LOST, {}, {"at": now, "reason": "test"})
    for bot in ("team", "player", None):
        assert store.counts(bot) == scanned(store, bot), (seed, bot)


def test_an_sqlite_file_from_before_the_counts_gets_them_filled(tmp_path):
    path = tmp_path / "old.db"
    store = SqliteAlertStore(path)
    store.ensure_indexes()
    store.add_alerts(
        [
            {
                "alert_id": f"o-{n}",
                "bot_type": "team",
                "match_id": "1",
                "market": "btts",
                "selection": "yes",
            }
            for n in range(5)
        ]
    )
    store.record_grade("o-1", WON, {}, T0)
    store.close()
    with sqlite3.connect(path) as conn:  # what a file written before them looks like
        for trigger in ("insert", "delete", "update"):
            conn.execute(f"DROP TRIGGER alert_counts_{trigger}")
        conn.execute("DROP TABLE alert_counts")
    reopened = SqliteAlertStore(path)
    reopened.ensure_indexes()
    assert reopened.counts("team") == {"pending": 4, "settled": 1, "unsynced": 1}
    reopened.record_grade("o-2", WON, {}, T0)
    assert reopened.counts(None) == {"pending": 3, "settled": 2, "unsynced": 2}
    reopened.close()
