"""What one grading pass reports, and how it ends early. Values, no I/O."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from grading.core.alerts import Alert, Grade
from grading.core.errors import RateLimited
from grading.core.pacing.outcomes import CLEAN, Outcome
from grading.core.tracking import readable

LATEST = 20  # grades a report (and /status) keeps, newest last


@dataclass(slots=True)
class PassReport:
    """What one pass did; ``failures`` maps ``"fixture <id>"`` / ``"alert <id>"`` to why."""

    outcome: Outcome = CLEAN
    fixtures_due: int = 0
    fetched: int = 0
    graded: int = 0
    deferred: int = 0
    not_yet: int = 0
    leased_elsewhere: int = 0
    failures: dict[str, str] = field(default_factory=dict)
    quarantined: list[str] = field(default_factory=list)  # newly, in this pass
    early_graded: int = 0  # settled in play (also counted in ``graded``)
    early_reversed: int = 0  # early grades the full-time re-check corrected
    by_status: Counter[str] = field(default_factory=Counter)  # alerts graded, by result
    latest: deque[dict[str, Any]] = field(  # the last few graded
        default_factory=lambda: deque(maxlen=LATEST)
    )

    def count_graded(self, alert: Alert, grade: Grade, now: datetime) -> None:
        """One alert graded by this pass: counted, and kept among the latest."""
        self.graded += 1
        self.by_status[grade.status] += 1
        self.latest.append(
            {
                "alert_id": alert.alert_id,
                "market": alert.market,
                "status": grade.status,
                "returns": grade.result()["returns"],
                "at": readable(now),
            }
        )


class PassStopped(Exception):
    """Ends a pass early with ``outcome`` (a 429 or a refusal of access)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.reason)
        self.outcome = outcome

    @classmethod
    def rate_limited(cls, exc: RateLimited, where: str) -> PassStopped:
        return cls(Outcome.rate_limited(exc.retry_after, f"{exc} ({where})"))

    @classmethod
    def access_denied(cls, exc: Exception, where: str) -> PassStopped:
        return cls(Outcome.access_denied(f"source refused access: {exc} ({where})"))
