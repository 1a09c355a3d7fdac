"""The embedded sheet: one CSV file per bot with the sheet's columns, written atomically.

Several daemon processes may share it (they share the embedded store too): each
read-modify-write holds an exclusive ``flock`` on ``{bot}.csv.lock``, so no process's rows
are lost to another's rewrite.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import re
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from grading.core.errors import SheetUnavailable
from grading.core.http import Failure
from grading.core.sheet_rows import COLUMNS

# Spreadsheet programs run cells that start like a formula (OWASP "CSV injection"): any cell
# starting with = + - @ tab or CR is quoted, unless the whole cell is a plain number (a
# negative handicap line); "-2+3+cmd|..." is not a plain number.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


class CsvSink:
    """``{directory}/{bot_type}.csv``; rows keyed by alert id, updated in place or appended."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()

    def path(self, bot_type: str) -> Path:
        return self.directory / f"{bot_type}.csv"

    def read(self, bot_type: str) -> list[list[str]]:
        """Data rows (the header excluded)."""
        try:
            with self.path(bot_type).open(newline="", encoding="utf-8") as handle:
                return list(csv.reader(handle))[1:]
        except FileNotFoundError:
            return []

    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        with self._lock, self._file_lock(bot_type):
            existing = self.read(bot_type)
            # Keys are compared as written: the same escaping for writing and for lookup.
            where = {row[0]: index for index, row in enumerate(existing) if row}
            updated = appended = 0
            for row in rows:
                safe = [neutral(cell) for cell in row]
                if safe[0] in where:
                    existing[where[safe[0]]] = safe
                    updated += 1
                else:
                    where[safe[0]] = len(existing)
                    existing.append(safe)
                    appended += 1
            self._write(bot_type, existing)
            return updated, appended

    @contextmanager
    def _file_lock(self, bot_type: str) -> Iterator[None]:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle = open(self.directory / f"{bot_type}.csv.lock", "a")  # noqa: SIM115
        except OSError as exc:
            raise SheetUnavailable(f"cannot lock {self.path(bot_type)}: {exc.strerror}",
                                   kind=Failure.IO) from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write(self, bot_type: str, rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)      # CRLF (RFC 4180): a CR inside a cell is then quoted
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        temp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.directory, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(buffer.getvalue())
            os.replace(temp, self.path(bot_type))
        except OSError as exc:      # a full disk: one line, and no half-written file left
            if temp is not None:
                Path(temp).unlink(missing_ok=True)
            raise SheetUnavailable(f"cannot write {self.path(bot_type)}: {exc.strerror}",
                                   kind=Failure.IO) from None


def neutral(cell: str) -> str:
    """A cell no spreadsheet program will run as a formula."""
    if _FORMULA_START.match(cell) and not _PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell
