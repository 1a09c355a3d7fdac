"""Benchmark: PROPPR's documents: finding matches by name, and the embedded store's hot paths.

Targets (issue: run on PROPPR's own documents):
* resolving 2,000 alerts against a 500-match day list: time per alert, and requests made,
  which must be one per date (FotMob's real list of 24 February 2024, 516 matches; the
  alerts name its matches the bookmakers' way);
* with 100,000 PROPPR alerts and 20,000 tracked bets in the embedded store, the pending query
  and one bet settlement (an alert graded with the bets on it, positional in spirit: the bet
  rows of its containers) each under 50 ms. Printed at two sizes, to show how cost grows.

Run: .venv/bin/python -u bench/proppr_bench.py [--alerts 2000] [--stored 100000] [--bets 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.store_bench import timed  # noqa: E402
from grading.core.fotmob.day_list import DayList, parse_day_list  # noqa: E402
from grading.core.schemas.proppr import PROPPR  # noqa: E402
from grading.edges.alias_files import load_aliases  # noqa: E402
from grading.edges.recorded import read_payload  # noqa: E402
from grading.edges.store.memory import MemoryAlertStore  # noqa: E402
from grading.edges.store.sqlite import SqliteAlertStore  # noqa: E402
from grading.loops.locating import Finding, MatchFinder  # noqa: E402

NOW = datetime(2024, 2, 26, 12, 0, tzinfo=UTC)
DAY_LIST = ROOT.parent / "shared" / "fotmob" / "matches_20240224.json"
WON = {
    "status": "won",
    "actual_value": 3,
    "returns": "1.90",
    "reason": "goals 3",
    "market": "total_goals",
    "stat": "goals",
    "location": "total",
    "side": None,
    "actual_result": "2-1",
    "lineup": None,
}


class CountingDayLists:
    """FotMob's list of 24 February 2024 (it holds the evening of the 23rd too: a list's
    date is a local one) for both dates, empty lists for others; every request counted."""

    def __init__(self, day: DayList) -> None:
        self.day, self.requests = day, Counter[str]()

    def day_list(self, date: str) -> DayList:
        self.requests[date] += 1
        return self.day if date in ("20240223", "20240224") else DayList(date, ())

    def fetch(self, match_id: str, pages=()):  # not used: the bench only finds matches
        raise AssertionError("the bench never fetches a match")


def bookmaker(name: str, rng: random.Random) -> str:
    """How a bookmaker might write a FotMob long name."""
    variants = [
        name,
        name.replace("United", "Utd"),
        f"{name} FC",
        name.replace("&", "and"),
        name.replace("Saint", "St"),
        name.upper(),
        name.lower(),
    ]
    return rng.choice(variants)


def alerts(day: DayList, count: int, rng: random.Random) -> list[dict]:
    rows = [row for row in day.rows if row.kickoff is not None]
    docs = []
    for n in range(count):
        row = rng.choice(rows)
        kickoff = row.kickoff
        assert kickoff is not None
        docs.append(
            {
                "_id": f"b{n:06d}",
                "Match": f"{bookmaker(row.home[-1], rng)} vs {bookmaker(row.away[-1], rng)}",
                "Date": kickoff.date().isoformat(),
                "Time": kickoff.strftime("%H:%M:%S"),
                "Market": "Match Goals",
                "Threshold": 2.5,
                "market_direction": "over",
                "Odds": 1.9,
                "expected": row.match_id,
            }
        )
    return docs


def bench_resolving(count: int) -> None:
    day = parse_day_list(read_payload(DAY_LIST))
    docs = alerts(day, count, random.Random(7))
    store, source = MemoryAlertStore(PROPPR), CountingDayLists(day)
    store.add_alerts(docs, bot_type="team")
    views = store.due_alerts("team", NOW)
    finder = MatchFinder(store, source, Finding(aliases=load_aliases()))  # type: ignore[arg-type]
    start = time.perf_counter()
    located = finder.run(views, NOW)
    elapsed = time.perf_counter() - start
    found = {
        doc["alert_id"]: match_id for match_id, group in located.found.items() for doc in group
    }
    right = sum(found.get(doc["_id"]) == doc["expected"] for doc in docs)
    wrong = sum(1 for doc in docs if doc["_id"] in found and found[doc["_id"]] != doc["expected"])
    print(
        f"resolving {count} alerts against a {len(day.rows)}-match day list: "
        f"{elapsed * 1000 / count:.2f} ms per alert ({elapsed:.2f} s), "
        f"requests {dict(source.requests)} (one per date), "
        f"found {len(found)} (right {right}, wrong {wrong}), waiting {located.deferred}"
    )


def stored_alert(n: int, pending: bool) -> dict:
    doc = {
        "_id": f"c{n:07d}",
        "Match": f"Home {n // 40} vs Away {n // 40}",
        "Date": "2024-02-24",
        "Time": "15:00:00",
        "Market": "Match Goals",
        "Threshold": 2.5,
        "market_direction": "over",
        "Odds": 1.9,
        "fotmob_match_id": str(4_000_000 + n // 40),
    }
    if not pending:
        doc["result_tracking"] = {
            "result_status": "won",
            "actual_value": 3,
            "graded_at": NOW - timedelta(days=1),
        }
        doc["last_sync_check"] = NOW - timedelta(seconds=n)
    return doc


def bench_store(total: int, bets: int, pending: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteAlertStore(Path(folder) / "proppr.db", schema=PROPPR)
        store.ensure_indexes()
        start = time.perf_counter()
        for first in range(0, total, 10_000):
            store.add_alerts(
                (stored_alert(n, n < pending) for n in range(first, min(total, first + 10_000))),
                bot_type="team",
            )
        per_container = 50
        store.add_bets(
            {
                "user_id": u,
                "bets": [
                    {
                        "bet_id": f"bet-{u}-{k}",
                        "alert_id": f"c{(u * per_container + k) % total:07d}",
                        "units_staked": 2,
                        "odds": 1.95,
                        "status": "pending",
                    }
                    for k in range(per_container)
                ],
            }
            for u in range(bets // per_container)
        )
        loaded = time.perf_counter() - start
        pending_ms = timed(lambda: store.due_alerts("team", NOW), repeats)
        targets = iter(range(pending))

        def settle_one() -> None:
            view = store.get_alert(f"c{next(targets):07d}")
            assert view is not None
            found = store.bets_for(view)
            store.record_grade(
                view["alert_id"],
                WON,
                {bet["bet_id"]: {**WON, "returns": "3.90"} for bet in found},
                NOW,
            )

        settle_ms = timed(settle_one, min(repeats, pending))
        store.close()
    print(
        f"embedded store, {total:,} alerts ({pending:,} pending), {bets:,} bets "
        f"(loaded in {loaded:.1f} s): pending query median {pending_ms[0]:.1f} ms "
        f"(max {pending_ms[1]:.1f}), grading an alert with its bets median "
        f"{settle_ms[0]:.2f} ms (max {settle_ms[1]:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=2000)
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--bets", type=int, default=20_000)
    parser.add_argument("--pending", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    bench_resolving(args.alerts)
    for scale in (4, 1):
        bench_store(args.stored // scale, args.bets // scale, args.pending, args.repeats)


if __name__ == "__main__":
    main()
