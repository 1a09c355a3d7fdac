"""Clocks: the only place the daemon reads wall-clock time (docs/adr/0006-loops-never-die.md).

The scheduler's waiting is tested with :class:`ManualClock`, never by patching global time
(docs/rules/testing.md: a patched monotonic clock breaks pymongo's and requests' own
timeouts).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# Event.wait raises OverflowError beyond this; no pacing decision should come near it, but a
# wait must never be the thing that kills a loop.
_LONGEST_WAIT_S = min(threading.TIMEOUT_MAX, 10**7)


class SystemClock:
    """Wall-clock time; waits wake as soon as the stop event is set."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        return stop.wait(min(max(0.0, seconds), _LONGEST_WAIT_S))


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
            self._now += timedelta(seconds=min(seconds, _LONGEST_WAIT_S))
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
