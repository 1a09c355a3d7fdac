"""A sync loop's batch size: small frozen policies with pure transitions.

:class:`BatchSizer` is the seed's: 50, down to 10 after a rate limit, +5 per clean pass, at
most 100. :class:`SteadyBatch` keeps one size: Google meters Sheets requests, not rows (a
batch counts as one request, docs/rules/sheets.md, "Quotas"), so shrinking a batch after a
429 only adds requests. With a backlog (the last batch came back full) it writes larger
batches more often, up to the quota (:meth:`SteadyBatch.draining`).
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

    def draining(self, claimed: int, size: int) -> tuple[int, float] | None:
        return None  # the seed knows no backlog


@dataclass(frozen=True, slots=True)
class SteadyBatch:
    """One batch size whatever happens (bounded by Google's 2 MB payload advice, not quota);
    while a backlog lasts, ``backlog_size`` rows every ``drain_s`` seconds instead.

    docs/rules/sheets.md §4: 60 write and 60 read requests a minute per user, 300 per
    project; a pass costs one read and, for new rows, one write. Two bots on one account
    draining every 4 s make 30 reads and 30 writes a minute: half the per-user quota, the
    rest a margin for updates (a second write) and other writers. 500 rows of about 200
    bytes stay far under the 2 MB payload advice.
    """

    size: int = 100
    backlog_size: int | None = None  # None: no draining (one size always)
    drain_s: float = 4.0

    def start(self) -> int:
        return self.size

    def on_success(self, size: int) -> int:
        return self.size

    def on_rate_limit(self, size: int) -> int:
        return self.size

    def draining(self, claimed: int, size: int) -> tuple[int, float] | None:
        """After a clean pass that claimed ``claimed`` of ``size``: (the next batch size,
        the delay) when a backlog waits (the batch came back full), None otherwise."""
        if self.backlog_size is None or claimed < size:
            return None
        return self.backlog_size, self.drain_s
