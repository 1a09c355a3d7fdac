"""SyncPass: one pass of mirroring graded alerts to the sheet, reported as a value.

The store hands out the batch (oldest ``last_sync_check`` first, never-synced first: the
seed's timestamp rotation) under a claim, so two daemons never write the same alert; after a
successful write ``last_sync_check`` and ``synced_at`` are set, after a failure the claim is
dropped and the alerts keep their place at the head of the rotation (docs/design.md,
"Theory of operation").
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from grading.core.errors import RateLimited
from grading.core.pacing.outcomes import CLEAN, Outcome
from grading.core.sheet_rows import row_for
from grading.loops.failures import TracebackOnce
from grading.ports import SheetSink, SyncStore

log = logging.getLogger(__name__)
# A claim outlives one sheet write (three requests of at most 30 s each); a daemon killed
# mid-write leaves its claim to expire, then another takes the batch.
CLAIM_SECONDS = 300.0
_NEVER_SYNCED = datetime(1970, 1, 1, tzinfo=UTC)  # "stale before" that only new rows meet


@dataclass(frozen=True, slots=True)
class SyncReport:
    """How a sync pass ended, and how many alerts it claimed and mirrored."""

    outcome: Outcome = CLEAN
    claimed: int = 0
    synced: int = 0


class SyncPass:
    def __init__(
        self,
        store: SyncStore,
        sink: SheetSink,
        bot_type: str,
        *,
        owner: str,
        claim_s: float = CLAIM_SECONDS,
        refresh_after_s: float | None = None,
    ) -> None:
        self.store, self.sink, self.bot_type = store, sink, bot_type
        self.owner = owner
        self.claim_s = claim_s
        # None: the seed's endless rotation rewrites settled rows forever; a number: a row is
        # written when new or changed, then refreshed only once it is that old; infinity:
        # written when new or changed only (an audit fix re-queues a row).
        self.refresh_after_s = refresh_after_s
        self._log = TracebackOnce(log)

    def run(self, batch_size: int, now: datetime) -> SyncReport:
        """Claim up to ``batch_size`` alerts from the rotation and mirror them. A 429 ends
        as ``rate_limited``; any other failure (store or sheet) as ``failed``."""
        try:
            batch = self.store.claim_sync_batch(
                self.bot_type, self.owner, now, batch_size, self.claim_s, self._stale_before(now)
            )
        except Exception as exc:
            return SyncReport(Outcome.failed(self._log(f"{self.bot_type} sync claim", exc)))
        return self.write(batch, now)

    def write(self, alerts: Sequence[Mapping[str, Any]], now: datetime) -> SyncReport:
        """Write these claimed alerts' rows; the claims are dropped on any failure."""
        if not alerts:
            return SyncReport()
        ids = [str(doc["alert_id"]) for doc in alerts]
        try:
            self.sink.upsert_rows(self.bot_type, [row_for(doc, now) for doc in alerts])
        except Exception as exc:
            self._release(ids)
            if isinstance(exc, RateLimited):
                log.info("sheet sync of %d alerts rate limited: %s", len(ids), exc)
                return SyncReport(Outcome.rate_limited(exc.retry_after, str(exc)), len(ids))
            return SyncReport(
                Outcome.failed(self._log(f"{self.bot_type} sheet write", exc)), len(ids)
            )
        try:
            synced = self.store.mark_synced(ids, self.owner, now)
        except Exception as exc:  # written, not marked: the rows are rewritten later
            return SyncReport(
                Outcome.failed(self._log(f"{self.bot_type} sync mark", exc)), len(ids)
            )
        return SyncReport(CLEAN, len(ids), synced)

    def _stale_before(self, now: datetime) -> datetime | None:
        if self.refresh_after_s is None:
            return None
        if math.isinf(self.refresh_after_s):
            return _NEVER_SYNCED
        return now - timedelta(seconds=self.refresh_after_s)

    def _release(self, ids: list[str]) -> None:
        try:
            self.store.release_sync(ids, self.owner)
        except Exception as exc:  # the claims expire on their own after claim_s
            self._log(f"{self.bot_type} could not drop {len(ids)} sync claims", exc)
