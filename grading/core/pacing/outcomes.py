"""How a pass ended, as a value: what the pacing transitions read (no exceptions crossing
from a pass to its scheduler, docs/design.md, "Failures")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Ending(StrEnum):
    CLEAN = "clean"  # the pass did its work (some fixtures may have failed)
    RATE_LIMITED = "rate_limited"  # a 429 stopped it; what it graded stays graded
    ACCESS_DENIED = "access_denied"  # a 401/403 stopped it: the source, not a fixture
    FAILED = "failed"  # it could not run as a whole (store down, sheet 5xx)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One pass's ending; ``retry_after`` is the source's hint on a 429 (seconds);
    ``reason`` is one line fit for a log or ``/status``."""

    ending: Ending
    retry_after: float | None = None
    reason: str = ""

    @classmethod
    def rate_limited(cls, retry_after: float | None, reason: str) -> Outcome:
        return cls(Ending.RATE_LIMITED, retry_after, reason)

    @classmethod
    def access_denied(cls, reason: str) -> Outcome:
        return cls(Ending.ACCESS_DENIED, None, reason)

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        return cls(Ending.FAILED, None, reason)

    @property
    def clean(self) -> bool:
        return self.ending is Ending.CLEAN


CLEAN = Outcome(Ending.CLEAN)
