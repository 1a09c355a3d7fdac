"""SettledCache: a fixture that is over never changes, so its facts are fetched once.

Shared by every bot of a process (the live FotMob client holds one; the simulation wraps its
synthetic FotMob in one), so the player and team bots cost one fetch per finished fixture.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from grading.facts import MatchFacts
from grading.grader import TERMINAL_STATUSES, FixtureSource, as_facts


class SettledCache:
    """``fetch(match_id)`` through ``fetch_uncached``; finished or void fixtures are kept
    (least recently used dropped beyond ``size``), unfinished ones always fetched again."""

    def __init__(self, fetch_uncached: Callable[[str], object], size: int = 4096) -> None:
        self.fetch_uncached = fetch_uncached
        self.size = size
        self.hits = 0
        self._settled: OrderedDict[str, MatchFacts] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def over(cls, source: FixtureSource, size: int = 4096) -> SettledCache:
        return cls(source.fetch, size)

    def fetch(self, match_id: str) -> MatchFacts:
        with self._lock:
            cached = self._settled.get(match_id)
            if cached is not None:
                self._settled.move_to_end(match_id)
                self.hits += 1
                return cached
        facts = as_facts(self.fetch_uncached(match_id))
        if facts.status in TERMINAL_STATUSES:
            with self._lock:
                self._settled[match_id] = facts
                while len(self._settled) > self.size:
                    self._settled.popitem(last=False)
        return facts
