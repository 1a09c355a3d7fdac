"""The table ``grading run --until-idle`` prints when it ends: at most a screenful."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from grading.core.errors import one_line
from grading.core.tracking import readable
from grading.edges.sheets.csv_sink import CsvSink
from grading.loops.scheduler import BotScheduler
from grading.ports import AlertStore, SheetSink

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
SHOWN = 20  # waiting lines per bot, given-up lines; the rest are counted


def print_summary(
    schedulers: Sequence[BotScheduler], store: AlertStore, sheet: SheetSink, given_up: Sequence[str]
) -> None:
    _table(schedulers)
    for scheduler in schedulers:
        try:
            pending = store.counts(scheduler.bot_type)["pending"]
            _lines("waiting", _waiting(store, scheduler.bot_type), pending)
        except Exception as exc:  # the store may be why the run gave up
            print(f"waiting: ({scheduler.bot_type}: cannot list, {one_line(exc)})")
    _lines("gave up", list(given_up), len(given_up))
    if isinstance(sheet, CsvSink):
        print(f"sheet: {sheet.directory}/<bot>.csv")


def _table(schedulers: Sequence[BotScheduler]) -> None:
    header = (
        "bot",
        "pending",
        "settled",
        "unsynced",
        "graded",
        "rows written",
        "429s",
        "last error",
    )
    rows = []
    for scheduler in schedulers:
        status = scheduler.get_status()
        stats, totals = status["sheet_stats"] or {}, status["totals"]
        rows.append(
            (
                status["bot_type"],
                stats.get("pending", "?"),
                stats.get("settled", "?"),
                stats.get("unsynced", "?"),
                totals["graded"],
                totals["synced"],
                sum(status["rate_limit_hits"].values()),
                status["last_error"] or "-",
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )


def _waiting(store: AlertStore, bot: str) -> list[str]:
    lines = []
    for doc in store.due_alerts(bot, FAR_FUTURE, limit=SHOWN):
        tracking = doc.get("result_tracking") or {}
        when = tracking.get("next_check_at")
        match = doc.get("match_id") or repr((doc.get("fixture") or {}).get("raw"))
        lines.append(
            f"{doc['alert_id']} ({bot}, match {match}): "
            f"{tracking.get('reason') or 'not checked yet'}"
            + (f", next check {readable(when)}" if when else "")
        )
    return lines


def _lines(label: str, lines: list[str], total: int) -> None:
    """At most SHOWN lines, then how many more there are."""
    for line in lines[:SHOWN]:
        print(f"{label}: {line}")
    if total > min(len(lines), SHOWN):
        print(f"{label}: ... and {total - min(len(lines), SHOWN)} more")
