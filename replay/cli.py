"""The ``replay`` command: regrade recorded matches to verify an alert file or audit a store.

* ``replay verify``: regrade alerts against a folder of recorded payloads, compare with
  ``expected``, print a summary by market and status and every mismatch, write a report.
  Exit 0 everything matches, 1 any mismatch, 2 bad input.
* ``replay audit``: regrade a store's settled alerts and list every disagreement; ``--fix``
  writes corrected grades with an audit trail. Exit 0 when no disagreement is left, 1 when
  some are, 2 bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from grading.app.argtypes import add_version, output_folder, plain
from grading.core.errors import GradingError
from grading.core.schemas import SCHEMAS, schema_named
from grading.edges.clock import SystemClock
from grading.edges.recorded import DirectorySource
from grading.edges.store import open_store
from replay.audit import audit
from replay.report import Tally, print_summary
from replay.verify import Verification


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.fixtures.is_dir():
        print(f"replay: error: no such folder: {args.fixtures}", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except GradingError as exc:
        print(f"replay: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `replay verify | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return getattr(args, "verdict", 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="replay", description=plain(__doc__.splitlines()[0]))
    add_version(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("verify", help="regrade alerts and compare with expected")
    check.add_argument("--fixtures", type=Path, required=True, help="folder of payloads")
    check.add_argument("--alerts", type=Path, required=True, help="alerts, one JSON per line")
    check.add_argument(
        "--report",
        type=output_folder,
        metavar="DIR",
        help="write report.csv and report.md into this folder (default: none)",
    )
    check.add_argument(
        "--only-mismatches",
        action="store_true",
        help="the report lists only the alerts that did not match",
    )
    check.add_argument("--no-progress", action="store_true", help="no progress bar")
    check.add_argument(
        "--schema",
        choices=tuple(SCHEMAS),
        default="native",
        help="proppr: PROPPR's documents, checked against their stored grade (default: native)",
    )
    check.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="read and parse the payloads in N processes (default 1)",
    )
    check.set_defaults(run=_verify)
    store = commands.add_parser("audit", help="regrade a store's settled alerts")
    store.add_argument(
        "--mongo",
        "--store",
        dest="store",
        required=True,
        metavar="URI",
        help="mongodb:// URI, or the path of the embedded SQLite store",
    )
    store.add_argument("--db", help="Mongo database (default: grading, Cerebro with proppr)")
    store.add_argument(
        "--schema",
        choices=tuple(SCHEMAS),
        default="native",
        help="the store's documents: native, or PROPPR's own",
    )
    store.add_argument("--fixtures", type=Path, required=True, help="folder of payloads")
    store.add_argument("--bot", choices=("player", "team"), help="only this bot's alerts")
    store.add_argument("--fix", action="store_true", help="write corrected grades")
    store.add_argument("--no-progress", action="store_true", help="no progress bar")
    store.set_defaults(run=_audit)
    return parser


def _verify(args: argparse.Namespace) -> int:
    source = DirectorySource(args.fixtures)
    verification = Verification(
        source,
        args.alerts,
        progress=not args.no_progress,
        schema=schema_named(args.schema),
        workers=max(1, args.workers),
    )
    tally = Tally(args.report, args.only_mismatches).add_all(verification)
    mismatches = len(tally.mismatches)
    args.verdict = 2 if verification.unusable else (1 if mismatches else 0)
    for line_no, reason in verification.unusable:
        print(f"replay: {args.alerts}:{line_no}: {reason}", file=sys.stderr)
    for path, reason in sorted(source.skipped.items()):
        print(f"skipped {path.name}: {reason}")
    print_summary(tally)
    print(f"{tally.total} alerts, {tally.total - mismatches} match, {mismatches} mismatch")
    return int(args.verdict)


def _audit(args: argparse.Namespace) -> int:
    if not args.store.startswith("mongodb") and not Path(args.store).is_file():
        print(f"replay: error: no such store: {args.store}", file=sys.stderr)
        return 2
    database = args.db or ("Cerebro" if args.schema == "proppr" else "grading")
    store = open_store(args.store, database, schema_named(args.schema))
    try:
        report = audit(
            store,
            DirectorySource(args.fixtures),
            args.bot,
            args.fix,
            SystemClock().now(),
            progress=not args.no_progress,
        )
    finally:
        store.close()
    for item in report.disagreements:
        verdict = (
            "FIXED"
            if item.fixed
            else ("DISAGREE" if item.fixable else "DISAGREE (not fixable: regrade not settled)")
        )
        print(
            f"{verdict} {item.alert_id} ({item.what}): {'; '.join(item.changes)} "
            f"[{item.result['reason']}]"
        )
    for alert_id, reason in sorted(report.skipped.items()):
        print(f"skipped {alert_id}: {reason}")
    fixed = sum(1 for item in report.disagreements if item.fixed)
    print(
        f"{report.audited} audited, {report.agreed} agree, {len(report.disagreements)} "
        f"disagree ({fixed} fixed), {len(report.skipped)} skipped"
    )
    return 1 if len(report.disagreements) > fixed else 0


if __name__ == "__main__":
    sys.exit(main())
