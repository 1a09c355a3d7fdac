"""``replay verify``: regrade alerts against a folder of recorded payloads, compare with
``expected``, print a summary by market and status and every mismatch, and write a report.

Exit codes: 0 everything matches, 1 any mismatch, 2 bad input.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from grading.alerts import Alert, Grade
from grading.errors import GradingError
from grading.sources import DirectorySource
from grading.verify import differences, read_alerts, regrade


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="replay", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    verify = commands.add_parser("verify", help="regrade alerts and compare with expected")
    verify.add_argument("--fixtures", type=Path, required=True, help="folder of payloads")
    verify.add_argument("--alerts", type=Path, required=True, help="alerts, one JSON per line")
    verify.add_argument("--report", type=Path, help="write report.csv and report.md here")
    verify.add_argument("--only-mismatches", action="store_true")
    args = parser.parse_args(argv)
    if not args.fixtures.is_dir():
        print(f"replay: error: no such folder: {args.fixtures}", file=sys.stderr)
        return 2
    try:
        return _verify(args)
    except GradingError as exc:
        print(f"replay: error: {exc}", file=sys.stderr)
        return 2


def _verify(args: argparse.Namespace) -> int:
    source = DirectorySource(args.fixtures)
    results, bad = [], 0
    for line_no, alert in read_alerts(args.alerts):
        if isinstance(alert, str):
            print(f"replay: {args.alerts}:{line_no}: {alert}", file=sys.stderr)
            bad += 1
            continue
        grade = regrade(source, alert)
        results.append((alert, grade, differences(alert, grade)))
    for path, reason in sorted(source.skipped.items()):
        print(f"skipped {path.name}: {reason}")
    _print_summary(results)
    if args.report:
        _write_report(args.report, results, args.only_mismatches)
    mismatches = sum(1 for _, _, diff in results if diff)
    print(f"{len(results)} alerts, {len(results) - mismatches} match, {mismatches} mismatch")
    return 2 if bad else (1 if mismatches else 0)


def _print_summary(results: list[tuple[Alert, Grade, list[str]]]) -> None:
    by_market = Counter((str(a.market), g.status) for a, g, _ in results)
    print(f"{'market':28} {'status':12} {'alerts':>6}")
    for (market, status), count in sorted(by_market.items()):
        print(f"{market[:28]:28} {status:12} {count:6}")
    for alert, grade, diff in results:
        if diff:
            print(f"MISMATCH {alert.alert_id} ({alert.market}): {'; '.join(diff)} "
                  f"[{grade.reason}]")


def _write_report(folder: Path, results: list[tuple[Alert, Grade, list[str]]],
                  only_mismatches: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [(a, g, d) for a, g, d in results if d or not only_mismatches]
    with (folder / "report.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["alert_id", "match_id", "market", "selection", "line", "status",
                         "actual_value", "returns", "reason", "expected", "mismatch"])
        for alert, grade, diff in rows:
            out = grade.to_json()
            writer.writerow([alert.alert_id, alert.match_id, alert.market, alert.selection,
                             alert.line, out["status"], out["actual_value"], out["returns"],
                             out["reason"], json.dumps(alert.expected), "; ".join(diff)])
    lines = ["# Replay report", "", "| alert | market | status | returns | mismatch |",
             "|---|---|---|---|---|"]
    lines += [f"| {a.alert_id} | {a.market} | {g.status} | {g.to_json()['returns'] or ''} | "
              f"{'; '.join(d)} |" for a, g, d in rows]
    (folder / "report.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
