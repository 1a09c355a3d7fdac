"""Synthetic Google Sheets: rows per bot, and Google's per-minute quotas.

SHEETS.md section 4: 60 read and 60 write requests a minute per user (300 per project),
refilled every minute; a batch request counts as one. A sync pass costs one read (the id
column), one ``values:batchUpdate`` when rows exist and one append when rows are new; each
admitted request takes effect, so a refused append after an admitted update is a partial
write, as with the real API.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from grading.sheets import SheetRateLimited
from sim.clock import SimClock
from sim.limits import FixedWindow, RateModel


class SyntheticSheets:
    def __init__(self, clock: SimClock, reads: RateModel | None = None,
                 writes: RateModel | None = None) -> None:
        self.clock = clock
        self.reads = reads or FixedWindow(60, send_retry_after=False)
        self.writes = writes or FixedWindow(60, send_retry_after=False)
        self._state = {"read": self.reads.start(), "write": self.writes.start()}
        self._rng = random.Random(0)          # quota models here draw nothing
        self.rows: dict[str, dict[str, list[str]]] = {}
        self.first_written: dict[str, float] = {}   # alert id -> virtual second
        self.requests = 0
        self.rate_limited = 0

    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        sheet = self.rows.setdefault(bot_type, {})
        self._request("read")
        updates = [list(row) for row in rows if row[0] in sheet]
        new = [list(row) for row in rows if row[0] not in sheet]
        if updates:
            self._request("write")
            sheet.update({row[0]: row for row in updates})
        if new:
            self._request("write")
            for row in new:
                sheet[row[0]] = row
                self.first_written.setdefault(row[0], self.clock.env.now)
        return len(updates), len(new)

    def _request(self, kind: str) -> None:
        model = self.reads if kind == "read" else self.writes
        self.requests += 1
        decision, self._state[kind] = model.decide(self._state[kind], self.clock.env.now,
                                                   self._rng)
        if not decision.allowed:
            self.rate_limited += 1
            raise SheetRateLimited(f"synthetic Sheets 429 ({kind} quota)", decision.retry_after)
