"""The ``grading`` command line (docs/design.md contract).

Every command answers ``--help``; a user mistake exits non-zero with one line on stderr,
never a traceback. Exit codes: 0 success, 1 grades disagree with ``expected`` (demo),
2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from fixtures_data import HERE
from grading.app import daemon, resolve
from grading.app.argtypes import add_version, output_file, plain
from grading.core.alerts import UNGRADEABLE, Alert, Grade
from grading.core.errors import BadPayload, GradingError
from grading.core.facts import MatchFacts
from grading.core.fotmob.payloads import to_facts
from grading.core.settlement.coverage import coverage
from grading.core.settlement.settle import settle
from grading.edges.alert_files import read_alerts
from grading.edges.recorded import DirectorySource, read_payload

FIXTURES = HERE  # the project's fixtures, from a checkout or an installed wheel


class UserError(Exception):
    """A mistake in the command line or its input files: reported in one line, exit 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (UserError, GradingError, FileNotFoundError) as exc:
        print(f"grading: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `grading ... | head`
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grading", description=plain(__doc__.splitlines()[0]))
    add_version(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    facts = commands.add_parser("facts", help="print the MatchFacts of a FotMob payload")
    facts.add_argument("file", type=Path, help="FotMob payload (.json or .json.gz)")
    facts.set_defaults(run=_cmd_facts)

    grade = commands.add_parser("grade", help="grade alerts against one recorded payload")
    grade.add_argument("--fixture", type=Path, help="FotMob payload (.json or .json.gz)")
    grade.add_argument(
        "--facts",
        nargs="?",
        const=True,
        default=None,
        metavar="FILE",
        help="a MatchFacts file; bare --facts: the --fixture file is MatchFacts",
    )
    grade.add_argument("--alerts", type=Path, required=True, help="alerts, one JSON per line")
    grade.add_argument(
        "--out",
        type=output_file,
        metavar="FILE",
        help="write grades to this file (default: stdout)",
    )
    grade.set_defaults(run=_cmd_grade)

    daemon.add_parser(commands)
    resolve.add_parser(commands)

    markets = commands.add_parser(
        "markets", help="every market: names, ids, what it reads, how exactly it settles"
    )
    markets.add_argument("--json", action="store_true", help="one JSON array instead of a table")
    markets.set_defaults(run=_cmd_markets)

    demo = commands.add_parser("demo", help="grade the project's sample alerts and show a table")
    demo.add_argument(
        "--fixtures",
        type=Path,
        default=FIXTURES / "fotmob",
        metavar="DIR",
        help="folder of recorded payloads (default: the shipped samples)",
    )
    demo.add_argument(
        "--alerts",
        type=Path,
        default=FIXTURES / "alerts.jsonl",
        metavar="FILE",
        help="alerts with their expected grades (default: the shipped samples)",
    )
    demo.set_defaults(run=_cmd_demo)
    return parser


def _cmd_facts(args: argparse.Namespace) -> int:
    facts = to_facts(_read(args.file))
    json.dump(facts.to_json(), sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


def _cmd_grade(args: argparse.Namespace) -> int:
    if isinstance(args.facts, str):
        facts = MatchFacts.from_json(_read(Path(args.facts)))
    elif args.fixture is None:
        raise UserError("give --fixture FILE or --facts FILE")
    elif args.facts is True:
        facts = MatchFacts.from_json(_read(args.fixture))
    else:
        facts = to_facts(_read(args.fixture))
    bad_lines = 0
    with _Output(args.out) as out:
        for line_no, alert in read_alerts(args.alerts):
            if isinstance(alert, str):
                print(f"grading: {args.alerts}:{line_no}: {alert}", file=sys.stderr)
                bad_lines += 1
                continue
            if alert.problem is not None:  # graded ungradeable, and reported as bad input
                print(f"grading: {args.alerts}:{line_no}: {alert.problem}", file=sys.stderr)
                bad_lines += 1
            out.write(json.dumps(grade_one(alert, facts).to_json(), ensure_ascii=False) + "\n")
    return 2 if bad_lines else 0


def grade_one(alert: Alert, facts: MatchFacts) -> Grade:
    """Settle ``alert`` unless it names another match than ``facts``."""
    if alert.match_id is not None and alert.match_id != facts.match_id:
        return Grade(
            alert.alert_id,
            UNGRADEABLE,
            reason=f"alert is for match {alert.match_id}, payload is {facts.match_id}",
        )
    return settle(alert, facts)


def _cmd_markets(args: argparse.Namespace) -> int:
    rows = coverage()
    if args.json:
        json.dump(rows, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    table = []
    for row in rows:
        names = ", ".join(row["aliases"][:3]) + (" ..." if len(row["aliases"]) > 3 else "")
        table.append(
            [
                row["market"],
                str(row["api_type_id"] or "-"),
                row["settles"],
                "; ".join(row["reads"]) or "-",
                " | ".join(filter(None, (names, row["note"]))) or "-",
            ]
        )
    _print_table(table, sys.stdout, ["market", "api_type_id", "settles", "reads", "names / note"])
    counts = {
        kind: sum(1 for row in rows if row["settles"] == kind) for kind in ("exact", "caveat", "no")
    }
    print(
        f"{len(rows)} markets: {counts['exact']} exact, {counts['caveat']} with a caveat, "
        f"{counts['no']} not at all (FotMob does not carry what they need)"
    )
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from replay.regrade import differences, facts_or_reason, regrade  # the replay tool's path

    source = DirectorySource(args.fixtures)
    rows, mismatches = [], 0
    for line_no, alert in read_alerts(args.alerts):
        if isinstance(alert, str):
            raise UserError(f"{args.alerts}:{line_no}: {alert}")
        grade = regrade(alert, facts_or_reason(source, alert.match_id))
        verdict = (
            ("MISMATCH" if differences(alert.expected, grade) else "ok") if alert.expected else ""
        )
        mismatches += verdict == "MISMATCH"
        rows.append(_row(alert, grade, verdict))
    _print_table(rows, sys.stdout)
    print(
        f"\n{len(rows)} alerts graded from {len(source.index())} recorded matches; "
        f"{len(rows) - mismatches} as expected, {mismatches} mismatched"
    )
    return 1 if mismatches else 0


def _row(alert: Alert, grade: Grade, verdict: str) -> list[str]:
    subject = alert.player.name if alert.player and alert.player.name else alert.team or ""
    line = "" if alert.line is None else str(alert.line)
    returns = grade.to_json()["returns"] or ""
    actual = "" if grade.actual_value is None else str(grade.actual_value)
    return [
        alert.alert_id,
        str(alert.match_id),
        str(alert.market),
        alert.selection or "",
        line,
        subject,
        grade.status,
        actual,
        returns,
        verdict,
    ]


_DEMO_HEADER = [
    "alert",
    "match",
    "market",
    "sel",
    "line",
    "subject",
    "status",
    "actual",
    "returns",
    "expected",
]


def _print_table(rows: list[list[str]], out: TextIO, header: list[str] = _DEMO_HEADER) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        out.write(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n"
        )


def _read(path: Path) -> Any:
    if not path.exists():
        raise UserError(f"no such file: {path}")
    try:
        return read_payload(path)
    except BadPayload as exc:
        raise UserError(str(exc)) from None


class _Output:
    """stdout, or a file written whole (temp file + rename) so a crash leaves no half file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.tmp = None if path is None else path.with_name(path.name + ".tmp")

    def __enter__(self) -> TextIO:
        if self.tmp is None:
            return sys.stdout
        self.handle = self.tmp.open("w", encoding="utf-8")
        return self.handle

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if self.tmp is None:
            return
        self.handle.close()
        try:
            if exc_type is None and self.path is not None:
                self.tmp.replace(self.path)
        finally:
            self.tmp.unlink(missing_ok=True)  # a failed rename leaves no temp file


if __name__ == "__main__":
    sys.exit(main())
