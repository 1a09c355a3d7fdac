"""Measurement: how the match-finding thresholds trade refusals for wrong matches.

Runs the table of real name pairs (tests/core/test_fixture_names.py: bookmaker spellings
against FotMob's day list of 24 February 2024) under a grid of ``confident`` and
``margin`` values and prints, for each, how many rows found the right match, how many
were refused (left pending: late, not lost) and how many found a wrong one (wrong money).
The defaults must sit where wrong is 0 with the fewest refusals.

Run: .venv/bin/python bench/match_names.py
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grading.core.fixtures import RULES, resolve  # noqa: E402
from grading.core.fotmob.day_list import parse_day_list  # noqa: E402
from grading.edges.alias_files import load_aliases  # noqa: E402
from grading.edges.recorded import read_payload  # noqa: E402
from tests.core.test_fixture_names import SPELLINGS, query  # noqa: E402


def main() -> None:
    day = parse_day_list(
        read_payload(ROOT.parent / "shared" / "fotmob" / "matches_20240224.json")
    ).rows
    aliases = load_aliases()
    print(
        f"{len(SPELLINGS)} name pairs, {sum(e is None for *_, e in SPELLINGS)} of them decoys;"
        f" day list of {len(day)} matches"
    )
    print(f"{'confident':>9} {'margin':>6} {'right':>5} {'refused':>7} {'wrong':>5}")
    for confident in (60.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0, 100.0):
        for margin in (0.0, 4.0, 8.0, 12.0):
            rules = replace(RULES, confident=confident, margin=margin)
            right = refused = wrong = 0
            for home, away, date, time, expected in SPELLINGS:
                found = resolve(query(home, away, date, time), day, aliases, rules).match_id
                right += found == expected
                refused += found is None and expected is not None
                wrong += found is not None and found != expected
            mark = "  <- default" if rules == RULES else ""
            print(f"{confident:9.0f} {margin:6.0f} {right:5d} {refused:7d} {wrong:5d}{mark}")


if __name__ == "__main__":
    main()
