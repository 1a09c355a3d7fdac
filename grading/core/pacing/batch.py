"""A sync loop's batch size: small frozen policies with pure transitions.

:class:`BatchSizer` is the seed's: 50, down to 10 after a rate limit, +5 per clean pass, at
most 100. :class:`SteadyBatch` keeps one size: Google meters Sheets requests, not rows (a
batch counts as one request, docs/rules/sheets.md, "Quotas"), so shrinking a batch after a
429 only adds requests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BatchSizer:
    """The seed's sync batch size."""

    default: int = 50
    after_rate_limit: int = 10
    step: int = 5
    maximum: int = 100

    def start(self) -> int:
        return self.default

    def on_success(self, size: int) -> int:
        return min(self.maximum, size + self.step)

    def on_rate_limit(self, size: int) -> int:
        return self.after_rate_limit


@dataclass(frozen=True, slots=True)
class SteadyBatch:
    """One batch size whatever happens (bounded by Google's 2 MB payload advice, not quota)."""

    size: int = 100

    def start(self) -> int:
        return self.size

    def on_success(self, size: int) -> int:
        return self.size

    def on_rate_limit(self, size: int) -> int:
        return self.size
