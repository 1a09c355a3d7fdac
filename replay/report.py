"""Printing and writing replay results: the summary table, mismatch lines, CSV and Markdown."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from replay.verify import Checked

REPORT_COLUMNS = ("alert_id", "match_id", "market", "selection", "line", "stake", "odds",
                  "status", "actual_value", "returns", "reason", "expected", "mismatch")


def print_summary(results: list[Checked]) -> None:
    by_market = Counter((str(item.alert.market), item.grade.status) for item in results)
    print(f"{'market':28} {'status':12} {'alerts':>6}")
    for (market, status), count in sorted(by_market.items()):
        print(f"{market[:28]:28} {status:12} {count:6}")
    for item in results:
        if item.diff:
            print(f"MISMATCH {item.alert.alert_id} ({item.alert.market}): "
                  f"{'; '.join(item.diff)} [{item.grade.reason}]")


def write_report(folder: Path, results: list[Checked], only_mismatches: bool) -> None:
    """``report.csv`` (one row per alert, with stake and odds for ROI) and ``report.md``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [item for item in results if item.diff or not only_mismatches]
    with (folder / "report.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        for item in rows:
            alert, out = item.alert, item.grade.to_json()
            writer.writerow([alert.alert_id, alert.match_id, alert.market, alert.selection,
                             alert.line, alert.stake, alert.odds, out["status"],
                             json.dumps(out["actual_value"]), out["returns"], out["reason"],
                             json.dumps(alert.expected), "; ".join(item.diff)])
    lines = ["# Replay report", "",
             f"{len(results)} alerts, {sum(1 for r in results if r.diff)} mismatches.", "",
             "| alert | market | status | returns | mismatch |", "|---|---|---|---|---|"]
    lines += [f"| {r.alert.alert_id} | {r.alert.market} | {r.grade.status} | "
              f"{r.grade.to_json()['returns'] or ''} | {'; '.join(r.diff)} |" for r in rows]
    (folder / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
