"""Where graded alerts are mirrored: implementations of :class:`grading.ports.SheetSink`.

:class:`~grading.edges.sheets.gspread_sink.GspreadSink` writes Google Sheets through gspread's
plain HTTP client; :class:`~grading.edges.sheets.csv_sink.CsvSink` writes a local CSV file
per bot, the embedded default when no Google credentials are configured.
"""

from __future__ import annotations

from grading.core.errors import SheetRateLimited, SheetUnavailable
from grading.ports import SheetSink

__all__ = ["SheetRateLimited", "SheetSink", "SheetUnavailable"]
