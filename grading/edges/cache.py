"""SettledCache: a fixture that is over never changes, so its facts are fetched once.

Shared by every bot of a process (the live FotMob client holds one; the simulation wraps its
synthetic FotMob in one), so the player and team bots cost one fetch per finished fixture.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from grading.core.facts import MatchFacts
from grading.edges.clock import Clock
from grading.loops.grader import TERMINAL_STATUSES, FixtureSource, as_facts


class SettledCache:
    """``fetch(match_id)`` through ``fetch_uncached``; finished or void fixtures are kept
    (least recently used dropped beyond ``size``). An unfinished fixture is fetched again,
    unless ``fresh_s`` and a clock are given: then an answer younger than ``fresh_s`` is
    shared (the player and team bots look at the same fixture within seconds)."""

    def __init__(self, fetch_uncached: Callable[[str], object], size: int = 4096,
                 clock: Clock | None = None, fresh_s: float = 0.0) -> None:
        self.fetch_uncached = fetch_uncached
        self.size = size
        self.clock, self.fresh_s = clock, fresh_s
        self.hits = 0
        self._settled: OrderedDict[str, MatchFacts] = OrderedDict()
        self._recent: dict[str, tuple[datetime, MatchFacts]] = {}
        self._lock = threading.Lock()

    @classmethod
    def over(cls, source: FixtureSource, size: int = 4096, clock: Clock | None = None,
             fresh_s: float = 0.0) -> SettledCache:
        return cls(source.fetch, size, clock, fresh_s)

    def fetch(self, match_id: str) -> MatchFacts:
        now = self.clock.now() if self.clock is not None and self.fresh_s > 0 else None
        with self._lock:
            cached = self._settled.get(match_id)
            if cached is not None:
                self._settled.move_to_end(match_id)
                self.hits += 1
                return cached
            recent = self._recent.get(match_id) if now is not None else None
            if recent is not None and (now - recent[0]).total_seconds() < self.fresh_s:
                self.hits += 1
                return recent[1]
        facts = as_facts(self.fetch_uncached(match_id))
        if now is not None and facts.status not in TERMINAL_STATUSES:
            with self._lock:
                self._recent[match_id] = (now, facts)
                if len(self._recent) > self.size:     # a daemon runs for months: forget
                    self._recent = {key: entry for key, entry in self._recent.items()
                                    if (now - entry[0]).total_seconds() < self.fresh_s}
        if facts.status in TERMINAL_STATUSES:
            with self._lock:
                self._recent.pop(match_id, None)
                self._settled[match_id] = facts
                while len(self._settled) > self.size:
                    self._settled.popitem(last=False)
        return facts
