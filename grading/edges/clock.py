"""Time as an injected edge: ``now()`` for decisions, ``wait()`` for the live driver.

The scheduler's waiting is tested with :class:`ManualClock`, never by patching global time
(STYLE_ANCHORS.md: patched monotonic time breaks pymongo's and requests' own timeouts).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, tz-aware UTC."""

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """Sleep up to ``seconds``; True when ``stop`` was set meanwhile (wake at once)."""


class SystemClock:
    """Wall-clock time; waits wake as soon as the stop event is set."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        return stop.wait(max(0.0, seconds))


class ManualClock:
    """A clock that only moves when told to. ``wait`` advances it by the full delay (unless
    the stop event is already set) and records the delay, so a driver loop runs instantly
    and a test can read the exact sequence of waits."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a tz-aware start")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()
        self.waits: list[float] = []

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards ({seconds} s)")
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            if moment < self._now:
                raise ValueError(f"a clock cannot go backwards (to {moment.isoformat()})")
            self._now = moment

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        if stop.is_set():
            return True
        self.waits.append(seconds)
        self.advance(max(0.0, seconds))
        return stop.is_set()
