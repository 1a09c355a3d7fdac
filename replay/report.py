"""Printing and writing replay results as they come: the summary table, the mismatch lines,
CSV and Markdown. Only the counts and the mismatches are kept; every other result is
written and dropped (a replay of thousands of payloads holds no list of results)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from replay.verify import Checked

REPORT_COLUMNS = (
    "alert_id",
    "match_id",
    "market",
    "selection",
    "line",
    "stake",
    "odds",
    "status",
    "actual_value",
    "returns",
    "reason",
    "expected",
    "mismatch",
)


class Tally:
    """Counts by market and status and the mismatches of the results it has seen; with a
    ``folder``, ``report.csv`` (one row per alert, grouped by match, with stake and odds for
    ROI) and ``report.md`` are written as the results come."""

    def __init__(self, folder: Path | None = None, only_mismatches: bool = False) -> None:
        self.by_market: Counter[tuple[str, str]] = Counter()
        self.mismatches: list[Checked] = []
        self.total = 0
        self.only_mismatches = only_mismatches
        self._files = ExitStack()
        self._csv = self._md = None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self._csv = csv.writer(
                self._files.enter_context(
                    (folder / "report.csv").open("w", newline="", encoding="utf-8")
                )
            )
            self._csv.writerow(REPORT_COLUMNS)
            self._md = self._files.enter_context((folder / "report.md").open("w", encoding="utf-8"))
            self._md.write(
                "# Replay report\n\n| alert | market | status | returns | "
                "mismatch |\n|---|---|---|---|---|\n"
            )

    def add_all(self, results: Iterable[Checked]) -> Tally:
        """Take every result, then close the report files."""
        with self._files:
            for item in results:
                self.add(item)
            if self._md is not None:
                self._md.write(f"\n{self.total} alerts, {len(self.mismatches)} mismatches.\n")
        return self

    def add(self, item: Checked) -> None:
        self.total += 1
        self.by_market[(str(item.alert.market), item.grade.status)] += 1
        if item.diff:
            self.mismatches.append(item)
        if self._csv is None or self._md is None or (self.only_mismatches and not item.diff):
            return
        alert, out = item.alert, item.grade.to_json()
        odds, stake = alert.shown_price()
        self._csv.writerow(
            [
                alert.alert_id,
                alert.match_id,
                alert.market,
                alert.selection,
                alert.line,
                stake,
                odds,
                out["status"],
                json.dumps(out["actual_value"]),
                out["returns"],
                out["reason"],
                json.dumps(alert.expected),
                "; ".join(item.diff),
            ]
        )
        self._md.write(
            f"| {alert.alert_id} | {alert.market} | {item.grade.status} | "
            f"{out['returns'] or ''} | {'; '.join(item.diff)} |\n"
        )


def print_summary(tally: Tally) -> None:
    print(f"{'market':28} {'status':12} {'alerts':>6}")
    for (market, status), count in sorted(tally.by_market.items()):
        print(f"{market[:28]:28} {status:12} {count:6}")
    for item in sorted(tally.mismatches, key=lambda found: found.line_no):
        print(
            f"MISMATCH {item.alert.alert_id} ({item.alert.market}): "
            f"{'; '.join(item.diff)} [{item.grade.reason}]"
        )
