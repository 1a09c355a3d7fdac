"""``grading run``: the grading daemon, one scheduler per bot, all wired by the one wiring.

Settings come from ``--config`` (TOML) and ``GRADING_*`` variables (grading/app/settings.py);
with none, the embedded SQLite store and CSV sheet in the XDG data directory are used.
``--source DIR`` plays recorded payloads instead of FotMob; ``--until-idle`` stops once
nothing left can progress and prints a summary, exiting 1 when it gave up on anything
(quarantined fixtures or alerts, a store, sheet or source that stayed unreachable). SIGTERM
and Ctrl-C stop gracefully: both loops of every bot end between fixtures, within seconds.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from grading.app import logs
from grading.app.bootstrap import daemon_edges, finding_for
from grading.app.idle import BATCH_CLAIM_S, batch_policy, verdict
from grading.app.loading import LoadError, load_alerts, load_bets, plan_loads
from grading.app.settings import SCHEMAS, Settings, SettingsError, load_settings, redacted
from grading.app.startup import check_dependencies, check_settings
from grading.app.summary import print_summary
from grading.core.pacing.policies import PolicySet
from grading.core.schemas import schema_named
from grading.edges.identity import new_owner
from grading.edges.policy_files import load_policy
from grading.loops.sync_pass import CLAIM_SECONDS
from grading.loops.wiring import wire
from grading.ports import AlertStore

log = logging.getLogger("grading.daemon")


def add_parser(commands: Any) -> None:
    run = commands.add_parser("run", help="run the grading daemon (both loops, every bot)")
    run.add_argument(
        "--bot",
        action="append",
        choices=("player", "team"),
        help="bot to run (repeatable; default: the config's, else both)",
    )
    run.add_argument("--config", type=Path, help="TOML settings file")
    run.add_argument("--source", type=Path, help="play recorded payloads from DIR, not FotMob")
    run.add_argument(
        "--schema",
        choices=SCHEMAS,
        help="the documents' dialect (default: the config's, else native)",
    )
    run.add_argument(
        "--load-alerts",
        type=Path,
        metavar="PATH",
        action="append",
        default=[],
        help="add the alerts of a JSON Lines file (or of every file of a folder "
        "named after a collection) to the store first (repeatable)",
    )
    run.add_argument(
        "--load-bets",
        type=Path,
        metavar="FILE",
        action="append",
        default=[],
        help="add users' bets (PROPPR: user_tracked_bets containers) first",
    )
    run.add_argument(
        "--import-results",
        action="store_true",
        help="the native --load-alerts file is a trusted export: keep its grades",
    )
    run.add_argument(
        "--until-idle",
        action="store_true",
        help="exit when nothing left can progress (1 if anything was given up)",
    )
    run.add_argument(
        "--status-port",
        type=_port,
        metavar="PORT",
        help="serve /status and /metrics on PORT (1-65535; default: none)",
    )
    run.add_argument(
        "--status-host",
        default="127.0.0.1",
        metavar="HOST",
        help="address the status server listens on (default: 127.0.0.1; "
        "0.0.0.0 for a container or a remote scrape)",
    )
    run.add_argument(
        "--log-format",
        choices=("plain", "json"),
        default="plain",
        help="plain lines or one JSON object a line (default: plain)",
    )
    run.add_argument(
        "--log-level",
        default="INFO",
        type=str.upper,
        choices=LOG_LEVELS,
        help="the least severe level logged (default: INFO)",
    )
    run.set_defaults(run=run_command)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _port(text: str) -> int:
    """A TCP port for argparse: a one-line usage error instead of an OverflowError."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1-65535, not {port}")
    return port


def run_command(args: argparse.Namespace) -> int:
    logs.configure(args.log_format, args.log_level.upper())
    settings = load_settings(args.config, os.environ)
    if args.schema is not None:
        settings = replace(settings, store=replace(settings.store, schema=args.schema))
    bots = tuple(args.bot or settings.bots)
    policy = live_policy(settings)
    if args.source is not None and not args.source.is_dir():
        raise FileNotFoundError(f"--source {args.source} is not a folder")
    if args.until_idle:
        policy = batch_policy(policy)
    check_settings(settings)
    edges = daemon_edges(settings, args.source, policy.grading.max_retry_after_s)
    check_dependencies(edges, bots)
    _load(args, settings, edges.store, bots)
    log.info(
        "store %s, sheet %s, bots %s, policy %s",
        redacted(settings.store.location),
        type(edges.sheet).__name__,
        ", ".join(bots),
        policy.name,
    )
    for warning in settings.warnings:
        log.warning("%s", warning)
    owner = new_owner()
    schedulers = wire(
        bots,
        edges,
        policy,
        rng_for=lambda bot: random.Random(),
        owner_for=lambda bot: owner,
        claim_s=BATCH_CLAIM_S if args.until_idle else CLAIM_SECONDS,
        finding=finding_for(settings),
    )
    stop = _stop_on_signals()
    server = None
    if args.status_port is not None:
        from grading.app.status_server import serve_status

        try:
            server = serve_status(
                args.status_port,
                lambda: [s.get_status() for s in schedulers],
                args.status_host,
                edges.clock,
                _answers(edges),
            )
        except OSError as exc:  # the port is taken, or the address is not this host's
            raise SettingsError(
                f"cannot serve status on {args.status_host}:"
                f"{args.status_port}: {exc.strerror or exc}"
            ) from None
    for scheduler in schedulers:
        scheduler.start()
    given_up: list[str] = []
    try:
        while not stop.wait(0.25):
            if args.until_idle:
                done, given_up = verdict(schedulers, edges.store, edges.clock.now())
                if done:
                    break
    finally:
        stopped = all(scheduler.stop() for scheduler in schedulers)
        if server is not None:
            server.shutdown()
    print_summary(schedulers, edges.store, edges.sheet, given_up)
    return 0 if stopped and not given_up else 1


def _answers(edges: Any) -> Callable[[], dict[str, dict[str, int]]]:
    """The answers FotMob (under the settled-fixture cache) and Google Sheets gave, by
    status, for /metrics; an edge that keeps no count (recorded payloads, the CSV sheet)
    is left out."""
    source = getattr(edges.source, "source", edges.source)
    counted = {
        "fotmob": getattr(source, "responses", None),
        "sheets": getattr(edges.sheet, "responses", None),
    }
    return lambda: {to: dict(found) for to, found in counted.items() if found is not None}


def _load(
    args: argparse.Namespace, settings: Settings, store: AlertStore, bots: tuple[str, ...]
) -> None:
    """``--load-alerts`` and ``--load-bets``, in the store's schema (grading/app/loading.py)."""
    schema = schema_named(settings.store.schema)
    try:
        plan = plan_loads(
            args.load_alerts, args.load_bets, schema, bots, settings.store.collections
        )
    except LoadError as exc:
        raise SettingsError(str(exc)) from None
    for path, bot in plan.alerts:
        added = load_alerts(store, path, args.import_results, schema, bot)
        log.info("loaded %d new alerts from %s%s", added, path, f" ({bot} bot)" if bot else "")
    for path in plan.bets:
        log.info("loaded %d new bets from %s", load_bets(store, path, schema), path)


def live_policy(settings: Settings) -> PolicySet:
    """The configured policy set; ``[schedule]``'s numbers, when given, override both loops'
    intervals (``sync_initial_interval_s`` the sync loop's start)."""
    schedule = settings.schedule
    try:
        policy = load_policy(str(schedule.policy))
    except ValueError as exc:
        raise SettingsError(f"schedule.policy: {exc}") from None
    interval: dict[str, Any] = {
        key: value
        for key, value in (
            ("initial_s", schedule.initial_interval_s),
            ("min_s", schedule.min_interval_s),
            ("max_s", schedule.max_interval_s),
            ("jitter", schedule.jitter),
        )
        if value is not None
    }
    sync = {k: v for k, v in interval.items() if k != "initial_s"}
    if schedule.sync_initial_interval_s is not None:
        sync["initial_s"] = schedule.sync_initial_interval_s
    try:
        return replace(
            policy, grading=replace(policy.grading, **interval), sync=replace(policy.sync, **sync)
        )
    except ValueError as exc:
        raise SettingsError(f"[schedule]: {exc}") from None


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def handler(signum: int, frame: Any) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop
