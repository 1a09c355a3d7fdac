"""SettledCache: a fixture that is over never changes, so its facts are fetched once.

The wiring (grading/loops/wiring.py) wraps the one fixture source of a process in one cache,
live and in the simulation alike, so the player and team bots cost one fetch per finished
fixture, and an in-play answer is shared for ``fresh_s`` when the policy says so. Day lists
are kept too: one whose every match is over (or void) for good, any other for
:data:`DAY_LIST_FRESH_S`, so a pass costs one request per date, not one per alert.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime

from grading.core.facts import TERMINAL_STATUSES, MatchFacts
from grading.core.fotmob.day_list import DayList
from grading.ports import Clock, FixtureSource

DAY_LIST_FRESH_S = 60.0
_OVER = ("finished", "void")


class SettledCache:
    """A :class:`~grading.ports.FixtureSource` over another. Finished or void fixtures are
    kept (least recently used dropped beyond ``size``). An unfinished fixture is fetched
    again, unless ``fresh_s`` and a clock are given: then an answer younger than ``fresh_s``
    is shared (the player and team bots look at the same fixture within seconds)."""

    def __init__(
        self,
        source: FixtureSource,
        size: int = 4096,
        clock: Clock | None = None,
        fresh_s: float = 0.0,
    ) -> None:
        self.source = source
        self.size = size
        self.clock, self.fresh_s = clock, fresh_s
        self.hits = 0
        self._settled: OrderedDict[str, MatchFacts] = OrderedDict()
        self._recent: dict[str, tuple[datetime, MatchFacts]] = {}
        self._days: OrderedDict[str, tuple[datetime | None, DayList]] = OrderedDict()
        self._lock = threading.Lock()

    def day_list(self, date: str) -> DayList:
        """The day list of ``date``: kept for good once every match of it is over, else
        asked again after :data:`DAY_LIST_FRESH_S` (at once without a clock)."""
        now = self.clock.now() if self.clock is not None else None
        with self._lock:
            kept = self._days.get(date)
            if kept is not None and (
                kept[0] is None
                or (now is not None and (now - kept[0]).total_seconds() < DAY_LIST_FRESH_S)
            ):
                self._days.move_to_end(date)
                self.hits += 1
                return kept[1]
        days = self.source.day_list(date)
        over = all(row.state in _OVER for row in days.rows)
        with self._lock:
            self._days[date] = (None if over else now, days)
            while len(self._days) > 64:  # a few weeks of dates
                self._days.popitem(last=False)
        return days

    def fetch(self, match_id: str, pages: Sequence[str] = ()) -> MatchFacts:
        now = self.clock.now() if self.clock is not None and self.fresh_s > 0 else None
        cached = self._cached(match_id, now)
        if cached is not None:
            return cached
        facts = self.source.fetch(match_id, pages)
        with self._lock:
            if facts.status in TERMINAL_STATUSES:
                self._recent.pop(match_id, None)
                self._settled[match_id] = facts
                while len(self._settled) > self.size:
                    self._settled.popitem(last=False)
            elif now is not None:
                self._remember(match_id, now, facts)
        return facts

    def _cached(self, match_id: str, now: datetime | None) -> MatchFacts | None:
        with self._lock:
            settled = self._settled.get(match_id)
            if settled is not None:
                self._settled.move_to_end(match_id)
                self.hits += 1
                return settled
            recent = self._recent.get(match_id) if now is not None else None
            if (
                recent is not None
                and now is not None
                and (now - recent[0]).total_seconds() < self.fresh_s
            ):
                self.hits += 1
                return recent[1]
            return None

    def _remember(self, match_id: str, now: datetime, facts: MatchFacts) -> None:
        self._recent[match_id] = (now, facts)
        if len(self._recent) > self.size:  # a daemon runs for months: forget stale ones
            self._recent = {
                key: entry
                for key, entry in self._recent.items()
                if (now - entry[0]).total_seconds() < self.fresh_s
            }
