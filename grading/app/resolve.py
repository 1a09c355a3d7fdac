"""``grading resolve``: which FotMob match each alert names, without grading anything.

Reads alerts (``--schema proppr`` for PROPPR's documents), finds each one's match in the day
lists of a folder of recordings (``--source DIR``: any file with top-level ``leagues`` and
``date`` answers for its date) or of FotMob itself (``--live``), and prints one JSON line
per alert: ``{alert_id, match_id, home, away, kickoff, score, reason}`` (``match_id`` null
when no match fits with confidence; the reason then names the closest candidates).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from grading.app.bootstrap import finding_for, fotmob_client
from grading.app.settings import SCHEMAS, load_settings
from grading.core.schemas import schema_named
from grading.edges.alert_files import read_documents
from grading.edges.cache import SettledCache
from grading.edges.clock import SystemClock
from grading.edges.recorded import DirectorySource
from grading.loops.locating import Lookup
from grading.ports import FixtureSource


def add_parser(commands: Any) -> None:
    resolve = commands.add_parser("resolve", help="find each alert's FotMob match by name")
    where = resolve.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--source", type=Path, metavar="DIR", help="day lists (and matches) recorded in DIR"
    )
    where.add_argument("--live", action="store_true", help="ask FotMob itself")
    resolve.add_argument("--alerts", type=Path, required=True, help="alerts, one JSON per line")
    resolve.add_argument(
        "--schema",
        choices=SCHEMAS,
        default="native",
        help="the documents' dialect (default: native)",
    )
    resolve.add_argument("--date", type=_day, help="YYYY-MM-DD for alerts that give no date")
    resolve.add_argument("--config", type=Path, help="TOML settings ([fotmob], [fixtures])")
    resolve.set_defaults(run=run_resolve)


def run_resolve(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, os.environ)
    schema = schema_named(args.schema)
    source: FixtureSource
    if args.live:
        clock = SystemClock()
        source = SettledCache(fotmob_client(settings, clock), clock=clock)
    elif args.source.is_dir():
        source = DirectorySource(args.source)
    else:
        raise FileNotFoundError(f"--source {args.source} is not a folder")
    lookup, bad = Lookup(source, finding_for(settings)), 0
    for line_no, doc in read_documents(args.alerts, extended=schema.name != "native"):
        try:
            if isinstance(doc, str):
                raise ValueError(doc)
            view = schema.view(doc, None)
        except ValueError as exc:
            print(f"grading: {args.alerts}:{line_no}: {exc}", file=sys.stderr)
            bad += 1
            continue
        print(json.dumps(_line(view, lookup, args.date), ensure_ascii=False, default=_iso))
    return 2 if bad else 0


def _line(view: dict[str, Any], lookup: Lookup, day: str | None) -> dict[str, Any]:
    fixture = view.get("fixture")
    out: dict[str, Any] = {
        "alert_id": view["alert_id"],
        "match_id": view.get("match_id"),
        "home": None,
        "away": None,
        "kickoff": None,
        "score": None,
    }
    if fixture is None:
        return {
            **out,
            "reason": "a native alert names its match by match_id; PROPPR's "
            "documents need --schema proppr",
        }
    if day and not fixture.get("date"):
        fixture = {**fixture, "date": day, "kickoff": None}
    answer = lookup(fixture)
    out.update(
        home=fixture.get("home"),
        away=fixture.get("away"),
        kickoff=fixture.get("kickoff"),
        reason=answer.reason,
    )
    if answer.found is not None and answer.found.row is not None:
        row = answer.found.row
        out.update(
            match_id=row.match_id,
            home=row.home[-1],
            away=row.away[-1],
            kickoff=row.kickoff,
            score=round(answer.found.score, 1),
        )
    return out


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)
