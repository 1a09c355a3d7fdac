"""Consecutive failures of fixtures and alerts, and the ones set aside (quarantined).

One bad thing never holds up the rest (docs/adr/0006-loops-never-die.md): a fixture whose
payload crashes the parser, or an alert whose numbers overflow, fails on its own, is retried
on its own backed-off schedule, and after ``FixturePolicy.quarantine_after`` failures in a
row is quarantined with its reason, for ``/status`` and the ``--until-idle`` summary.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from grading.core.errors import GradingError, one_line
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.tracking import readable


@dataclass(frozen=True, slots=True)
class Quarantined:
    """``key`` is ``"fixture <id>"`` or ``"alert <id>"``."""

    key: str
    reason: str
    failures: int
    since: datetime

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "reason": self.reason,
            "failures": self.failures,
            "since": readable(self.since),
        }


class FailureBook:
    """What has failed, how often in a row, and what is quarantined. Written by one grading
    thread, read by ``/status``: every access holds the lock."""

    def __init__(self, policy: FixturePolicy) -> None:
        self.policy = policy
        self._counts: Counter[str] = Counter()
        self._quarantined: dict[str, Quarantined] = {}
        self._lock = threading.Lock()

    def failed(self, key: str, reason: str, now: datetime) -> tuple[datetime | None, str, bool]:
        """Count a failure: (when to retry, None meaning the next pass; the reason to
        record; True when this failure quarantined it)."""
        with self._lock:
            self._counts[key] += 1
            count = self._counts[key]
            newly = False
            if self.policy.quarantines(count):
                since = self._quarantined[key].since if key in self._quarantined else now
                newly = key not in self._quarantined
                self._quarantined[key] = Quarantined(key, reason, count, since)
                reason = f"quarantined after {count} failures in a row: {reason}"
        return self.policy.after_failure(count, now), reason, newly

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)
            self._quarantined.pop(key, None)

    def count(self, key: str) -> int:
        with self._lock:
            return self._counts[key]

    def quarantined(self) -> list[Quarantined]:
        with self._lock:
            return sorted(self._quarantined.values(), key=lambda q: q.key)

    def retrying(self) -> list[str]:
        """Keys that failed lately and are not quarantined: work that may still progress."""
        with self._lock:
            return sorted(k for k in self._counts if k not in self._quarantined)


class TracebackOnce:
    """Logs a failure as one line; a bug (not a GradingError) also with its traceback, the
    first time that bug is seen, so a loop that backs off over a lasting fault writes one
    traceback and then a line per pass, not a flood (docs/adr/0006-loops-never-die.md)."""

    def __init__(self, logger: logging.Logger) -> None:
        self.log = logger
        self._seen: set[tuple[type, str]] = set()

    def __call__(self, what: str, exc: BaseException) -> str:
        line = one_line(exc)
        signature = (type(exc), line)
        if isinstance(exc, GradingError):
            self.log.warning("%s: %s", what, line)
        elif signature in self._seen:
            self.log.warning("%s again: %s", what, line)
        else:
            self._seen.add(signature)
            self.log.error("%s: %s", what, line, exc_info=exc)
        return line
