"""``grading run``: the grading daemon, one scheduler per bot, all sharing one FotMob client.

Settings come from ``--config`` (TOML) and ``GRADING_*`` variables (grading/settings.py);
with none, the embedded SQLite store and CSV sheet under ``grading-data/`` are used.
``--source DIR`` plays recorded payloads instead of FotMob; ``--until-idle`` stops once
nothing is due and everything settled is synced, and prints a summary. SIGTERM and Ctrl-C
stop gracefully: both loops of every bot end between fixtures, within seconds.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from grading.app import logs
from grading.app.bootstrap import fotmob_client, sheet_for, store_for
from grading.app.settings import Settings, SettingsError, load_settings, redacted
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval
from grading.core.pacing.policies import PolicySet, load_policy
from grading.edges.clock import SystemClock
from grading.edges.recorded import DirectorySource
from grading.edges.sheets import SheetSink
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.store import AlertStore
from grading.loops.scheduler import UnifiedGradingScheduler
from grading.loops.sync_pass import CLAIM_SECONDS

log = logging.getLogger("grading.app.daemon")
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
# --until-idle is a batch run: pass after pass without the live daemon's minutes of rest,
# failing fixtures retried within seconds, and given up after GIVE_UP_AFTER failures in a row
# (a refusal of access too: counted per fixture, so a batch run ends instead of probing).
BATCH_PACE = AdaptiveInterval(initial_s=0.5, min_s=0.2, max_s=30.0)
BATCH_FIXTURES = FixturePolicy(failure_base_s=0.5, failure_max_s=5.0, lease_s=10.0,
                               stop_on_access_denied=False)
BATCH_CLAIM_S = 15.0
GIVE_UP_AFTER = 5


def add_parser(commands: Any) -> None:
    run = commands.add_parser("run", help="run the grading daemon (both loops, every bot)")
    run.add_argument("--bot", action="append", choices=("player", "team"),
                     help="bot to run (repeatable; default: the config's, else both)")
    run.add_argument("--config", type=Path, help="TOML settings file")
    run.add_argument("--source", type=Path, help="play recorded payloads from DIR, not FotMob")
    run.add_argument("--load-alerts", type=Path, metavar="FILE",
                     help="add the alerts of a JSON Lines file to the store first")
    run.add_argument("--until-idle", action="store_true",
                     help="exit when nothing is due and everything settled is synced")
    run.add_argument("--status-port", type=int, help="serve /status and /metrics on PORT")
    run.add_argument("--log-format", choices=("plain", "json"), default="plain")
    run.add_argument("--log-level", default="INFO")
    run.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    logs.configure(args.log_format, args.log_level.upper())
    settings = load_settings(args.config, os.environ)
    bots = tuple(args.bot or settings.bots)
    clock = SystemClock()
    policy = live_policy(settings)
    if args.source is not None and not args.source.is_dir():
        raise FileNotFoundError(f"--source {args.source} is not a folder")
    source = DirectorySource(args.source) if args.source else fotmob_client(
        settings, clock, share_unfinished_s=policy.share_unfinished_s)
    store, sheet = store_for(settings), sheet_for(settings)
    store.ensure_indexes()
    if args.load_alerts:
        log.info("loaded %d new alerts from %s", _load(store, args.load_alerts),
                 args.load_alerts)
    log.info("store %s, sheet %s, bots %s, policy %s", redacted(settings.store.location),
             type(sheet).__name__, ", ".join(bots), policy.name)
    if args.until_idle:
        policy = replace(policy, grading=BATCH_PACE, sync=BATCH_PACE, fixtures=BATCH_FIXTURES)
    schedulers = [UnifiedGradingScheduler(bot_type=bot, source=source, store=store,
                                          sheet=sheet, clock=clock,
                                          grading_policy=policy.grading,
                                          sync_policy=policy.sync, batch_sizer=policy.batch,
                                          fixture_policy=policy.fixtures,
                                          sync_refresh_s=policy.sync_refresh_s,
                                          sync_claim_s=BATCH_CLAIM_S if args.until_idle
                                          else CLAIM_SECONDS)
                  for bot in bots]
    stop = _stop_on_signals()
    server = None
    if args.status_port is not None:
        from grading.app.status_server import serve_status

        server = serve_status(args.status_port, lambda: [s.get_status() for s in schedulers])
    for scheduler in schedulers:
        scheduler.start()
    try:
        while not stop.wait(0.25):
            if args.until_idle and all(_idle(s, store) for s in schedulers):
                break
    finally:
        stopped = all(scheduler.stop() for scheduler in schedulers)
        if server is not None:
            server.shutdown()
    _summary(schedulers, store, sheet)
    return 0 if stopped else 1


def live_policy(settings: Settings) -> PolicySet:
    """The configured policy set; ``[schedule]``'s numbers, when given, override both loops'
    intervals (``sync_initial_interval_s`` the sync loop's start)."""
    schedule = settings.schedule
    try:
        policy = load_policy(str(schedule.policy))
    except ValueError as exc:
        raise SettingsError(f"schedule.policy: {exc}") from None
    interval = {key: value for key, value in (
        ("initial_s", schedule.initial_interval_s), ("min_s", schedule.min_interval_s),
        ("max_s", schedule.max_interval_s), ("jitter", schedule.jitter)) if value is not None}
    sync = {k: v for k, v in interval.items() if k != "initial_s"}
    if schedule.sync_initial_interval_s is not None:
        sync["initial_s"] = schedule.sync_initial_interval_s
    try:
        return replace(policy, grading=replace(policy.grading, **interval),
                       sync=replace(policy.sync, **sync))
    except ValueError as exc:
        raise SettingsError(f"[schedule]: {exc}") from None


def _load(store: AlertStore, path: Path) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FileNotFoundError(f"cannot read alerts {path}: {exc.strerror}") from None
    docs = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                log.error("%s line %d skipped: not JSON (%s)", path, number, exc.msg)
    return store.add_alerts(docs)


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def handler(signum: int, frame: Any) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop


def _idle(scheduler: UnifiedGradingScheduler, store: AlertStore) -> bool:
    """Nothing due, nothing unsynced, and no fixture still worth retrying."""
    if min(scheduler.passes.values()) < 1:
        return False
    failures = scheduler.processor.fixture_failures.values()
    if any(count < GIVE_UP_AFTER for count in failures):
        return False
    bot = scheduler.bot_type
    return not store.due_alerts(bot, datetime.now(UTC)) and store.counts(bot)["unsynced"] == 0


def _summary(schedulers: list[UnifiedGradingScheduler], store: AlertStore,
             sheet: SheetSink) -> None:
    header = ("bot", "pending", "settled", "unsynced", "graded", "rows written",
              "429s", "last error")
    rows = []
    for scheduler in schedulers:
        status = scheduler.get_status()
        stats, totals = status["sheet_stats"], status["totals"]
        rows.append((status["bot_type"], stats["pending"], stats["settled"], stats["unsynced"],
                     totals["graded"], totals["synced"], sum(status["rate_limit_hits"].values()),
                     status["last_error"] or "-"))
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
    for scheduler in schedulers:
        for doc in store.due_alerts(scheduler.bot_type, FAR_FUTURE):
            tracking = doc.get("result_tracking") or {}
            when = tracking.get("next_check_at")
            print(f"waiting: {doc['alert_id']} ({scheduler.bot_type}, match "
                  f"{doc.get('match_id')}): {tracking.get('reason') or 'not checked yet'}"
                  + (f", next check {when:%Y-%m-%d %H:%M} UTC" if when else ""))
    if isinstance(sheet, CsvSink):
        print(f"sheet: {sheet.directory}/<bot>.csv")
