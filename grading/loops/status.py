"""What ``get_status()`` and ``/status`` report about one loop: bookkeeping only, no policy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from grading.core.pacing.outcomes import Ending, Outcome
from grading.core.tracking import readable


@dataclass(slots=True)
class LoopStatus:
    """Counts and times of one loop of one bot; ``detail`` is its last clean pass."""

    name: str
    passes: int = 0
    rate_limit_hits: int = 0
    consecutive_failures: int = 0  # passes in a row that failed as a whole
    done: int = 0  # alerts graded (or synced) in all
    last_success: datetime | None = None
    last_error: str | None = None
    detail: dict[str, Any] | None = None
    history: list[Ending] = field(default_factory=list)  # the last few endings
    endings: Counter[str] = field(default_factory=Counter)  # passes by how they ended

    def record(
        self, now: datetime, outcome: Outcome, done: int, detail: dict[str, Any] | None
    ) -> None:
        self.passes += 1
        self.endings[outcome.ending.value] += 1
        self.history = [*self.history[-9:], outcome.ending]
        if outcome.ending is Ending.RATE_LIMITED:
            self.rate_limit_hits += 1
        if outcome.ending is Ending.FAILED:
            self.consecutive_failures += 1
        else:
            self.consecutive_failures = 0
        if outcome.clean:
            self.done += done
            self.last_success = now
            self.detail = detail
        else:
            self.last_error = f"{readable(now)} {self.name}: {outcome.reason or outcome.ending}"

    def to_json(self, alive: bool) -> dict[str, Any]:
        return {
            "alive": alive,
            "passes": self.passes,
            "last_success": None if self.last_success is None else readable(self.last_success),
            "consecutive_failures": self.consecutive_failures,
            "rate_limit_hits": self.rate_limit_hits,
            "last_error": self.last_error,
            "endings": dict(self.endings),
        }
