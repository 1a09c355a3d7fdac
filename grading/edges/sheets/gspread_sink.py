"""Google Sheets through gspread, one worksheet per bot type.

Facts this relies on (docs/rules/sheets.md):
* gspread's plain ``HTTPClient``, never ``BackOffHTTPClient``: that one retries forever (no
  cap, ends in RecursionError) and retries appends after 5xx, which can duplicate rows. The
  scheduler owns backoff; this sink makes each request once.
* A 429 is recognised from ``response.status_code`` (a proxy's HTML 429 has no JSON code).
* Each write is built afresh: ``Worksheet.batch_update`` rewrites its ranges in place, so
  re-sending a list after a failure would send ``'Sheet'!'Sheet'!A2`` and get a 400.
* Google meters requests, not rows; a batch counts as one. A pass costs one read (the id
  column), one ``values:batchUpdate`` and at most one ``values:append``.
The id column is read on every pass, after the store has claimed the batch: another daemon
may have appended rows since, and an id missed here would be appended twice.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import gspread
import requests
from google.auth.credentials import AnonymousCredentials
from google.auth.exceptions import RefreshError
from gspread.utils import ValueInputOption, rowcol_to_a1

from grading.core.errors import SheetRateLimited, SheetUnavailable, one_line
from grading.core.http import Failure, classify
from grading.core.sheet_rows import COLUMNS
from grading.edges.sheets.endpoint import redirect

ClientFactory = Callable[[], gspread.Client]
_SPREADSHEET_KEY = re.compile(r"[A-Za-z0-9_-]{25,}")  # keys are ~44 URL-safe characters


def sheets_client(
    credentials_path: str | None, endpoint: str | None = None, timeout_s: float = 30.0
) -> gspread.Client:
    """A gspread client with the plain HTTP client and a timeout (gspread's default is none:
    a stalled connection would hang the sync thread). Credentials come from a service-account
    JSON file; without one (only with an ``endpoint``, e.g. an emulator) it is anonymous."""
    if credentials_path:
        client = gspread.service_account(filename=credentials_path, http_client=gspread.HTTPClient)
    elif endpoint:
        client = gspread.Client(auth=AnonymousCredentials(), http_client=gspread.HTTPClient)
    else:
        raise ValueError("Google Sheets needs a credentials file (or an endpoint)")
    if endpoint:
        redirect(client.http_client.session, endpoint)
    client.set_timeout(timeout_s)
    return client


class GspreadSink:
    """``spreadsheet`` is a spreadsheet key (opened directly) or a title (found through
    the Drive API, which costs one more request, once)."""

    def __init__(
        self,
        spreadsheet: str,
        client_factory: ClientFactory,
        worksheet_titles: Mapping[str, str] | None = None,
    ) -> None:
        self.spreadsheet = spreadsheet
        self.client_factory = client_factory
        self.worksheet_titles = dict(worksheet_titles or {})
        self._spreadsheet: gspread.Spreadsheet | None = None
        self._worksheets: dict[str, gspread.Worksheet] = {}
        self._lock = threading.Lock()
        self.responses: Counter[str] = Counter()  # Sheets API answers by status, /metrics

    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        if not rows:
            return 0, 0
        return self._guarded(lambda: self._upsert(bot_type, rows))

    def check(self, bot_types: Sequence[str]) -> None:
        """Open the spreadsheet and each bot's worksheet (created with its header when
        missing): what the daemon does before its loops start."""
        for bot_type in bot_types:
            self._guarded(functools.partial(self._worksheet, bot_type))

    def _guarded(self, call: Callable[[], Any]) -> Any:
        """One call, its failures translated (docs/rules/sheets.md §2)."""
        with self._lock:
            try:
                return call()
            except gspread.exceptions.APIError as exc:
                raise self._failure(exc.response, str(exc)) from None
            except requests.RequestException as exc:
                self._forget()
                raise SheetUnavailable(
                    f"Google Sheets unreachable ({type(exc).__name__})"
                ) from None
            except (gspread.exceptions.SpreadsheetNotFound, PermissionError) as exc:
                self._forget()
                raise SheetUnavailable(
                    f"spreadsheet {self.spreadsheet!r} not accessible ({type(exc).__name__})",
                    kind=Failure.ACCESS_DENIED,
                ) from None
            except (RefreshError, ValueError) as exc:  # Google refused the key, or no key
                self._forget()
                raise SheetUnavailable(
                    f"Google refused the credentials: {one_line(exc)}", kind=Failure.ACCESS_DENIED
                ) from None

    def _upsert(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        sheet = self._worksheet(bot_type)
        row_of = {
            cells[0]: number
            for number, cells in enumerate(sheet.get("A:A"), start=1)
            if number > 1 and cells and cells[0]
        }
        last_column = rowcol_to_a1(1, len(COLUMNS))[:-1]
        updates: list[dict[str, Any]] = []
        new_rows: dict[str, list[str]] = {}
        for cells in rows:
            number = row_of.get(cells[0])
            if number is None:
                new_rows[cells[0]] = list(cells)  # the same id twice in a batch: last wins
            else:
                updates.append(
                    {"range": f"A{number}:{last_column}{number}", "values": [list(cells)]}
                )
        if updates:
            sheet.batch_update(updates, value_input_option=ValueInputOption.raw)
        if new_rows:
            sheet.append_rows(
                list(new_rows.values()), value_input_option=ValueInputOption.raw, table_range="A1"
            )
        return len(updates), len(new_rows)

    def _worksheet(self, bot_type: str) -> gspread.Worksheet:
        """Opened once and cached; created with its header row when missing."""
        if bot_type in self._worksheets:
            return self._worksheets[bot_type]
        if self._spreadsheet is None:
            client = self.client_factory()
            client.http_client.session.hooks["response"].append(self._count)
            self._spreadsheet = (
                client.open_by_key(self.spreadsheet)
                if _SPREADSHEET_KEY.fullmatch(self.spreadsheet)
                else client.open(self.spreadsheet)
            )
        title = self.worksheet_titles.get(bot_type, bot_type)
        try:
            sheet = self._spreadsheet.worksheet(title)
        except gspread.exceptions.WorksheetNotFound:
            sheet = self._spreadsheet.add_worksheet(title, rows=1000, cols=len(COLUMNS))
        if sheet.row_values(1) != list(COLUMNS):
            # A sheet from before the last column was added: widen its grid first (a write
            # past the grid is refused: docs/rules/sheets.md §2); its rows keep their cells.
            if sheet.col_count < len(COLUMNS):
                sheet.resize(cols=len(COLUMNS))
            sheet.update([list(COLUMNS)], "A1", value_input_option=ValueInputOption.raw)
        self._worksheets[bot_type] = sheet
        return sheet

    def _count(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.responses[str(response.status_code)] += 1

    def _forget(self) -> None:
        """Re-open on the next pass: a worksheet may have been renamed or deleted."""
        self._spreadsheet = None
        self._worksheets.clear()

    def _failure(self, response: requests.Response, message: str) -> Exception:
        first_line = message.splitlines()[0][:200] if message else "no message"
        status = response.status_code
        if status == 429:
            return SheetRateLimited(f"Google Sheets rate limit (429): {first_line}")
        self._forget()
        return SheetUnavailable(
            f"Google Sheets answered {status}: {first_line}",
            kind=classify(status) or Failure.REFUSED,
        )
