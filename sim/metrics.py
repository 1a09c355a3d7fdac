"""What a run measured, as pandas DataFrames and one summary dict (the ``--json`` keys)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from grading.edges.store.memory import MemoryAlertStore
from grading.loops.early_watch import RECHECK
from grading.loops.scheduler import BotScheduler
from sim.driver import Wake
from sim.fotmob import SyntheticFotMob
from sim.sheets import SyntheticSheets
from sim.workloads import Workload

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


@dataclass
class RunMetrics:
    summary: dict[str, Any]
    alerts: pd.DataFrame  # one row per alert: whistle, graded, synced, latencies
    wakes: pd.DataFrame  # the interval and batch-size traces (sim.driver.Wake)


def whistle_s(workload: Workload, match_id: str) -> float:
    """When the fixture became settleable: the final whistle, or the postponement notice."""
    fixture = workload.fixtures[match_id]
    if fixture.final.status in ("postponed", "cancelled"):
        return fixture.kickoff_s if fixture.announced_s is None else fixture.announced_s
    return fixture.end_s


def decided_s(workload: Workload, match_id: str, minute: int) -> float:
    """When the ticker reached the minute a market settled in play was decided."""
    fixture = workload.fixtures[match_id]
    clock = fixture.clock
    return fixture.kickoff_s + (clock.minute_start_s(minute) if clock else (minute - 1) * 60)


def _reversed(tracking: dict[str, Any]) -> bool:
    return any(entry.get("by") == RECHECK for entry in tracking.get("audit") or ())


def created_s(workload: Workload) -> dict[str, float]:
    """When each alert appeared: an alert posted after its fixture's notice could not be
    graded before it existed, so its latency counts from its creation."""
    return {doc["alert_id"]: at for at, doc in workload.alerts}


def alert_frame(
    workload: Workload, store: MemoryAlertStore, sheets: SyntheticSheets
) -> pd.DataFrame:
    start = workload.start
    docs = list(store.settled_alerts(None)) + store.due_alerts(None, FAR_FUTURE)
    created = created_s(workload)
    rows = []
    for doc in docs:
        tracking = doc.get("result_tracking") or {}
        graded_at = tracking.get("graded_at")
        graded_s = (graded_at - start).total_seconds() if graded_at else None
        synced_s = sheets.first_written.get(doc["alert_id"])
        whistle = max(whistle_s(workload, doc["match_id"]), created[doc["alert_id"]])
        early = tracking.get("decided_minute") is not None
        if early:  # settled in play: its latency counts from the deciding minute
            whistle = decided_s(workload, doc["match_id"], tracking["decided_minute"])
        rows.append(
            {
                "alert_id": doc["alert_id"],
                "bot": doc["bot_type"],
                "match_id": doc["match_id"],
                "status": tracking.get("status", "pending"),
                "fixture_status": workload.fixtures[doc["match_id"]].final.status,
                "early": early,
                "reversed": _reversed(tracking),
                "whistle_s": whistle,
                "graded_s": graded_s,
                "synced_s": synced_s,
                "latency_s": None if graded_s is None else graded_s - whistle,
                "sync_lag_s": None if graded_s is None or synced_s is None else synced_s - graded_s,
            }
        )
    return pd.DataFrame(rows).sort_values("alert_id", ignore_index=True)


def collect(
    workload: Workload,
    policy: str,
    seed: int,
    store: MemoryAlertStore,
    source: SyntheticFotMob,
    sheets: SyntheticSheets,
    wakes: Sequence[Wake],
    schedulers: Sequence[BotScheduler],
    started: float,
) -> RunMetrics:
    """The run's frames and summary; ``wall_seconds`` counts from ``started`` (a
    ``time.perf_counter()`` reading) to the end of this work, metrics included."""
    alerts = alert_frame(workload, store, sheets)
    graded = alerts[alerts["graded_s"].notna()]
    fixtures_used = alerts["match_id"].nunique()
    day_lists = source.calls_by_fixture["day list"]
    called_off = graded["fixture_status"].isin(("postponed", "cancelled"))
    summary = {
        "scenario": workload.name,
        "policy": policy,
        "seed": seed,
        "fixtures": fixtures_used,
        "alerts": len(alerts),
        "graded": len(graded),
        "api_calls": source.calls,
        "api_calls_per_fixture": round(source.calls / max(1, fixtures_used), 3),
        "wasted_calls": source.wasted,
        "rate_limited_responses": source.rate_limited,
        "forbidden_responses": source.forbidden,
        "latency_p50_s": _quantile(graded["latency_s"], 0.5),
        "latency_p95_s": _quantile(graded["latency_s"], 0.95),
        "latency_max_s": _quantile(graded["latency_s"], 1.0),
        # by kind of request, and the postponed fixtures' alerts apart (the notice is
        # their "whistle": docs/rules/timings.md §1 does not apply to them)
        "day_list_calls": day_lists,
        "detail_calls": source.calls - day_lists,
        "day_list_calls_per_fixture": round(day_lists / max(1, fixtures_used), 3),
        "latency_p95_played_s": _quantile(graded[~called_off]["latency_s"], 0.95),
        "latency_p95_postponed_s": _quantile(graded[called_off]["latency_s"], 0.95),
        # settled in play (from the deciding minute) and at full time, apart
        "early_graded": int(graded["early"].sum()),
        "early_reversed": int(graded["reversed"].sum()),
        "latency_p95_early_s": _quantile(graded[graded["early"]]["latency_s"], 0.95),
        "latency_p95_full_time_s": _quantile(graded[~graded["early"]]["latency_s"], 0.95),
        "sheet_requests": sheets.requests,
        "sheet_rate_limited": sheets.rate_limited,
        "sync_lag_p95_s": _quantile(alerts["sync_lag_s"].dropna(), 0.95),
        "unsynced": int(alerts["synced_s"].isna().sum()),
        "rotation_staleness_p95_s": _staleness_p95(sheets, workload.horizon_s),
        "sim_seconds": workload.horizon_s,
        "wall_seconds": None,
        "grading_429_hits": sum(s.loops["grading"].rate_limit_hits for s in schedulers),
    }
    # plain tuples: asdict deep-copies every field of hundreds of thousands of wakes
    columns = list(Wake.__dataclass_fields__)
    trace = pd.DataFrame([tuple(getattr(w, c) for c in columns) for w in wakes], columns=columns)
    summary["wall_seconds"] = round(time.perf_counter() - started, 3)
    return RunMetrics(summary, alerts, trace)


def _staleness_p95(sheets: SyntheticSheets, end_s: float) -> float | None:
    """How long ago the sheet last rewrote its rows, at the end (p95 over rows): the seed's
    rotation keeps this near one cycle; write-once rows age from their first write, since
    the default re-queues a row only when its grade changes (an audit fix)."""
    ages = pd.Series([end_s - t for t in sheets.last_written.values()], dtype=float)
    return _quantile(ages, 0.95)


def _quantile(values: pd.Series, q: float) -> float | None:
    values = pd.to_numeric(values, errors="coerce").dropna()
    return None if values.empty else round(float(values.quantile(q)), 1)
