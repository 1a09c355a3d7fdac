"""Where graded alerts are mirrored: the ``SheetSink`` protocol, its errors and row layout.

Implementations: :class:`~grading.edges.sheets.gspread_sink.GspreadSink` (Google Sheets through
gspread's plain HTTP client) and :class:`~grading.edges.sheets.csv_sink.CsvSink` (a local CSV file
per bot, the embedded default when no Google credentials are configured).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from grading.core.errors import RateLimited, SourceUnavailable


class SheetRateLimited(RateLimited):
    """The sheet answered 429 (Google documents no Retry-After; ``retry_after`` is None)."""


class SheetUnavailable(SourceUnavailable):
    """The sheet cannot be written now (5xx, timeout) or refuses us (``kind`` = status)."""


class SheetSink(Protocol):
    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        """Write rows keyed by their first cell (the alert id): rows already in the sheet
        are updated in place, new ones appended. Returns (updated, appended)."""
