"""UnifiedSheetsSync: one pass of mirroring graded alerts to the sheet.

The store hands out the batch (oldest ``last_sync_check`` first, never-synced first: the
seed's timestamp rotation) under a claim, so two daemons never write the same alert; after a
successful write ``last_sync_check`` and ``synced_at`` are set, after a failure the claim is
dropped and the alerts keep their place at the head of the rotation.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from grading.core.sheet_rows import row_for
from grading.core.tracking import new_owner
from grading.edges.clock import Clock, SystemClock
from grading.edges.sheets import SheetRateLimited, SheetSink
from grading.edges.store import AlertStore

log = logging.getLogger(__name__)
# A claim outlives one sheet write (three requests of at most 30 s each); a daemon killed
# mid-write leaves its claim to expire, then another takes the batch.
CLAIM_SECONDS = 300.0
_NEVER_SYNCED = datetime(1970, 1, 1, tzinfo=UTC)   # "stale before" that only new rows meet


class UnifiedSheetsSync:
    def __init__(self, store: AlertStore, sink: SheetSink, bot_type: str,
                 clock: Clock | None = None, owner: str | None = None,
                 claim_s: float = CLAIM_SECONDS, refresh_after_s: float | None = None) -> None:
        self.store, self.sink, self.bot_type = store, sink, bot_type
        self.claim_s = claim_s
        # None: the seed's endless rotation rewrites settled rows forever; a number: a row is
        # written when new or changed, then refreshed only once it is that old; infinity:
        # written when new or changed only (an audit fix re-queues a row).
        self.refresh_after_s = refresh_after_s
        self.clock = clock or SystemClock()
        self.owner = owner or new_owner()

    def sync_batch(self, batch_size: int, now: datetime | None = None) -> tuple[int, bool]:
        """Claim up to ``batch_size`` alerts from the rotation and mirror them."""
        now = now or self.clock.now()
        stale_before = None
        if self.refresh_after_s is not None:
            stale_before = _NEVER_SYNCED if math.isinf(self.refresh_after_s) else \
                now - timedelta(seconds=self.refresh_after_s)
        batch = self.store.claim_sync_batch(self.bot_type, self.owner, now, batch_size,
                                            self.claim_s, stale_before)
        return self.sync_alerts(batch, now)

    def sync_alerts(self, alerts: Sequence[Mapping[str, Any]],
                    now: datetime | None = None) -> tuple[int, bool]:
        """Write these claimed alerts' rows: (synced_count, rate_limited). A 429 is reported
        in the tuple; any other sheet failure is raised after the claims are dropped."""
        if not alerts:
            return 0, False
        now = now or self.clock.now()
        ids = [str(doc["alert_id"]) for doc in alerts]
        try:
            self.sink.upsert_rows(self.bot_type, [row_for(doc, now) for doc in alerts])
        except SheetRateLimited as exc:
            log.info("sheet sync of %d alerts rate limited: %s", len(ids), exc)
            self.store.release_sync(ids, self.owner)
            return 0, True
        except BaseException:
            self.store.release_sync(ids, self.owner)
            raise
        return self.store.mark_synced(ids, self.owner, now), False
