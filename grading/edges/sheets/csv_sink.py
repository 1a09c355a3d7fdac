"""The embedded sheet: one CSV file per bot with the sheet's columns.

Several daemon processes may share it (they share the embedded store too): each write
holds an exclusive ``flock`` on ``{bot}.csv.lock``, so no process's rows are lost to
another's. A batch of new rows (the usual case: rows are written once) is appended in one
write, its cost independent of the sheet's size; the keys already in the file are kept in
memory and read again only when another process changed the file. A batch that updates a
row rewrites the file atomically (a temporary file, then a rename). An append cut short by
a crash leaves a partial last line: the next writer cuts it off before appending (those
rows were never reported written, so the sync sends them again). A file written with other
columns (before ``actual_result`` was added) is rewritten once in the current ones, each
cell moved by its header's name.
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
# handicap line, "-0.25" or "+1.25", which must stay a number for a spreadsheet or pandas);
# "-2+3+cmd|..." is not a plain number.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")


class CsvSink:
    """``{directory}/{bot_type}.csv``; rows keyed by alert id, updated in place or appended."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        # bot -> (the file's identity when last seen, the row keys in it)
        self._keys: dict[str, tuple[tuple[int, int, int], set[str]]] = {}

    def path(self, bot_type: str) -> Path:
        return self.directory / f"{bot_type}.csv"

    def read(self, bot_type: str) -> list[list[str]]:
        """Data rows (the header excluded), in the current columns whatever the file's."""
        try:
            with self.path(bot_type).open(newline="", encoding="utf-8") as handle:
                header, *rows = list(csv.reader(handle)) or [list(COLUMNS)]
        except FileNotFoundError:
            return []
        if header == list(COLUMNS):
            return rows
        where = [header.index(name) if name in header else None for name in COLUMNS]
        return [
            [row[at] if at is not None and at < len(row) else "" for at in where]
            for row in rows
            if row
        ]

    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        with self._lock, self._file_lock(bot_type):
            safe = [[neutral(cell) for cell in row] for row in rows]
            keys = self._known_keys(bot_type)
            batch = [row[0] for row in safe]
            if keys is not None and len(set(batch)) == len(batch) and keys.isdisjoint(batch):
                self._append(bot_type, safe, keys)
                return 0, len(safe)
            return self._rewrite(bot_type, safe)

    def _rewrite(self, bot_type: str, safe_rows: list[list[str]]) -> tuple[int, int]:
        """Read, update in place or append, write the whole file atomically."""
        existing = self.read(bot_type)
        # Keys are compared as written: the same escaping for writing and for lookup.
        where = {row[0]: index for index, row in enumerate(existing) if row}
        updated = appended = 0
        for safe in safe_rows:
            if safe[0] in where:
                existing[where[safe[0]]] = safe
                updated += 1
            else:
                where[safe[0]] = len(existing)
                existing.append(safe)
                appended += 1
        self._write(bot_type, existing)
        self._remember(bot_type, set(where))
        return updated, appended

    def _known_keys(self, bot_type: str) -> set[str] | None:
        """The keys in the file (from memory unless another process changed it); None when
        there is no file yet, its tail is cut short and cannot be repaired, or it is written
        in other columns (then it is rewritten whole)."""
        path = self.path(bot_type)
        try:
            if not _repair_tail(path):
                return None
            seen = _identity(path)
            kept = self._keys.get(bot_type)
            if kept is not None and kept[0] == seen:
                return kept[1]  # unchanged since this sink last wrote or read it
            if not _current_header(path):
                return None
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SheetUnavailable(f"cannot read {path}: {exc.strerror}", kind=Failure.IO) from None
        keys = {row[0] for row in self.read(bot_type) if row}
        self._keys[bot_type] = (seen, keys)
        return keys

    def _remember(self, bot_type: str, keys: set[str]) -> None:
        try:
            self._keys[bot_type] = (_identity(self.path(bot_type)), keys)
        except OSError:
            self._keys.pop(bot_type, None)

    def _append(self, bot_type: str, rows: list[list[str]], keys: set[str]) -> None:
        """Append in one write; on failure the file is cut back to what it was."""
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        data = buffer.getvalue().encode("utf-8")
        path = self.path(bot_type)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise SheetUnavailable(
                f"cannot write {path}: {exc.strerror}", kind=Failure.IO
            ) from None
        size = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError as exc:  # a full disk: no half-written row left behind
            os.ftruncate(fd, size)
            raise SheetUnavailable(
                f"cannot write {path}: {exc.strerror}", kind=Failure.IO
            ) from None
        finally:
            os.close(fd)
        keys.update(row[0] for row in rows)
        self._remember(bot_type, keys)

    @contextmanager
    def _file_lock(self, bot_type: str) -> Iterator[None]:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle = open(self.directory / f"{bot_type}.csv.lock", "a")  # noqa: SIM115
        except OSError as exc:
            raise SheetUnavailable(
                f"cannot lock {self.path(bot_type)}: {exc.strerror}", kind=Failure.IO
            ) from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write(self, bot_type: str, rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)  # CRLF (RFC 4180): a CR inside a cell is then quoted
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        temp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.directory, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(buffer.getvalue())
            os.replace(temp, self.path(bot_type))
        except OSError as exc:  # a full disk: one line, and no half-written file left
            if temp is not None:
                Path(temp).unlink(missing_ok=True)
            raise SheetUnavailable(
                f"cannot write {self.path(bot_type)}: {exc.strerror}", kind=Failure.IO
            ) from None


def _identity(path: Path) -> tuple[int, int, int]:
    """What tells a file changed: its inode (a rename), size and modification time."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _current_header(path: Path) -> bool:
    """Whether the file's header is the current columns (else it is rewritten in them)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle), None) == list(COLUMNS)


def _repair_tail(path: Path) -> bool:
    """Cut off a partial last line (an append a crash cut short); False when the file has
    no complete line at all (then it is rewritten whole)."""
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return False
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return True
        start = max(0, size - (1 << 16))
        handle.seek(start)
        tail = handle.read()
        cut = tail.rfind(b"\n")
        if cut < 0:
            return False
        handle.truncate(start + cut + 1)
        return True


def neutral(cell: str) -> str:
    """A cell no spreadsheet program will run as a formula."""
    if _FORMULA_START.match(cell) and not _PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell
