"""A1 notation and an in-memory grid for the Sheets stand-in (Google's trimming rules:
trailing empty cells and rows are dropped, an interior empty row reads as ``[]``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_REF = re.compile(r"([A-Z]*)([0-9]*)")


@dataclass(frozen=True)
class Box:
    top: int
    left: int
    bottom: int | None
    right: int | None

    @property
    def rows(self) -> int:
        return (self.bottom or self.top) - self.top + 1

    @property
    def columns(self) -> int:
        return (self.right or self.left) - self.left + 1


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def parse_range(a1: str, sheets: dict[str, Any]) -> tuple[str, Box]:
    """(sheet title, box) of ``'Title'!A1:D4``, ``Title``, ``Title!A:A``, ``Title!A1:1``."""
    if a1.startswith("'"):
        end = re.match(r"'((?:[^']|'')*)'(?:!(.*))?$", a1)
        if end is None:
            raise ValueError(f"Unable to parse range: {a1}")
        title, cells = end.group(1).replace("''", "'"), end.group(2)
    elif "!" in a1:
        title, cells = a1.rsplit("!", 1)
    else:
        title, cells = a1, None
    if title not in sheets:
        raise ValueError(f"Unable to parse range: {a1}")
    if not cells:
        return title, Box(1, 1, None, None)
    start, _, end = cells.partition(":")
    (c1, r1), (c2, r2) = _REF.fullmatch(start).groups(), _REF.fullmatch(end or start).groups()
    if not (c1 or r1):
        raise ValueError(f"Unable to parse range: {a1}")
    return title, Box(
        int(r1 or 1),
        _column_number(c1) if c1 else 1,
        int(r2) if r2 else None,
        _column_number(c2) if c2 else None,
    )


def render_range(title: str, box: Box) -> str:
    name = title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"
    start = f"{column_letters(box.left)}{box.top}"
    if box.bottom == box.top and box.right == box.left:
        return f"{name}!{start}"
    return f"{name}!{start}:{column_letters(box.right)}{box.bottom}"


def rendered(value: Any) -> str:
    """FORMATTED_VALUE of a stored cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


class Grid:
    def __init__(self, rows: list[list[Any]], row_count: int, column_count: int) -> None:
        self.rows, self.row_count, self.column_count = rows, row_count, column_count
        self.sheet_id = 0

    @classmethod
    def of(cls, rows: list[list[Any]], row_count: int = 1000, column_count: int = 26) -> Grid:
        width = max((len(row) for row in rows), default=0)
        return cls([list(row) for row in rows], max(row_count, len(rows)), max(column_count, width))

    def clip(self, box: Box) -> Box:
        return Box(
            box.top,
            box.left,
            min(box.bottom or self.row_count, self.row_count),
            min(box.right or self.column_count, self.column_count),
        )

    def cell(self, row: int, column: int) -> Any:
        if row <= len(self.rows) and column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None

    def read(self, box: Box) -> list[list[str]]:
        box = self.clip(box)
        out = []
        for row in range(box.top, box.bottom + 1):
            values = [rendered(self.cell(row, col)) for col in range(box.left, box.right + 1)]
            while values and values[-1] == "":
                values.pop()
            out.append(values)
        while out and not out[-1]:
            out.pop()
        return out

    def trimmed(self) -> list[list[str]]:
        return self.read(Box(1, 1, None, None))

    def write(self, box: Box, values: list[list[Any]]) -> Box:
        width = max((len(row) for row in values), default=0)
        written = Box(box.top, box.left, box.top + len(values) - 1, box.left + width - 1)
        if written.bottom > self.row_count or written.right > self.column_count:
            raise ValueError(
                f"Range ({column_letters(written.right)}{written.bottom}) exceeds "
                f"grid limits. Max rows: {self.row_count}, "
                f"max columns: {self.column_count}"
            )
        for offset, row_values in enumerate(values):
            row = self._row(box.top + offset)
            for col_offset, value in enumerate(row_values):
                column = box.left + col_offset
                row.extend([None] * (column - len(row)))
                row[column - 1] = value
        return written

    def clear(self, box: Box) -> Box:
        box = self.clip(box)
        for row in range(box.top, min(box.bottom, len(self.rows)) + 1):
            cells = self.rows[row - 1]
            for column in range(box.left, min(box.right, len(cells)) + 1):
                cells[column - 1] = None
        return box

    def table(self, box: Box) -> Box | None:
        """The data table the box's columns hold, for ``values.append``."""
        box = self.clip(box)
        used = [
            row
            for row in range(1, len(self.rows) + 1)
            if any(rendered(self.cell(row, c)) for c in range(box.left, box.right + 1))
        ]
        if not used:
            return None
        right = max(len(self.rows[row - 1]) for row in used)
        return Box(used[0], box.left, used[-1], max(right, box.left))

    def append(self, box: Box, values: list[list[Any]]) -> Box:
        table = self.table(box)
        top = box.top if table is None else table.bottom + 1
        self.row_count = max(self.row_count, top + len(values) - 1)
        return self.write(Box(top, box.left, None, None), values)

    def _row(self, number: int) -> list[Any]:
        while len(self.rows) < number:
            self.rows.append([])
        return self.rows[number - 1]
