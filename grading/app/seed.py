"""The seed's public API as thin façades over the loops (kept importable from ``grading``).

``UnifiedGradingScheduler`` takes the seed's constructor arguments (a Mongo URI, a FotMob
token, Google credentials...) and builds the live edges from them through the composition
root; ``UnifiedResultProcessor`` and ``UnifiedSheetsSync`` are the passes with the seed's
method names, reading the clock themselves as the seed's did.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from grading.core.errors import AccessDeniedException, RateLimitException, SheetUnavailable
from grading.core.pacing.batch import BatchSizer, SteadyBatch
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval
from grading.core.pacing.outcomes import Ending
from grading.core.pacing.policies import PolicySet
from grading.core.settlement.settle import DEFAULT_RULES, Rules
from grading.edges.clock import SystemClock
from grading.edges.identity import new_owner
from grading.loops.grading_pass import GradingPass
from grading.loops.scheduler import BotScheduler
from grading.loops.sync_pass import CLAIM_SECONDS, SyncPass
from grading.ports import AlertStore, Clock, Edges, FixtureSource, SheetSink


class UnifiedGradingScheduler(BotScheduler):
    """One bot's daemon. Edges not given are built from the seed's arguments by
    :func:`grading.app.bootstrap.live_edges`; nothing is opened before the first pass.
    ``schema="proppr"`` runs on PROPPR's own collections (docs/rules/proppr.md)."""

    def __init__(
        self,
        mongo_connection_string: str | None = None,
        database_name: str = "grading",
        api_token: str | None = None,
        credentials_path: str | None = None,
        spreadsheet_name: str | None = None,
        bot_type: str = "player",
        initial_interval_seconds: float = 300.0,
        *,
        source: FixtureSource | None = None,
        store: AlertStore | None = None,
        sheet: SheetSink | None = None,
        clock: Clock | None = None,
        grading_policy: AdaptiveInterval | None = None,
        sync_policy: AdaptiveInterval | None = None,
        batch_sizer: BatchSizer | SteadyBatch | None = None,
        fixture_policy: FixturePolicy | None = None,
        rng: random.Random | None = None,
        owner: str | None = None,
        sync_claim_s: float = CLAIM_SECONDS,
        sync_refresh_s: float | None = None,
        schema: str = "native",
    ) -> None:
        if source is None or store is None or sheet is None:
            from grading.app.bootstrap import live_edges

            built = live_edges(
                mongo_connection_string,
                database_name,
                api_token,
                credentials_path,
                spreadsheet_name,
                schema,
            )
            source, store, sheet = source or built[0], store or built[1], sheet or built[2]
        policy = PolicySet(
            "custom",
            grading_policy or AdaptiveInterval(initial_s=initial_interval_seconds),
            sync_policy or AdaptiveInterval(initial_s=initial_interval_seconds),
            batch_sizer or BatchSizer(),
            fixture_policy or FixturePolicy(),
            sync_refresh_s,
        )
        super().__init__(
            bot_type,
            Edges(source, store, sheet, clock or SystemClock()),
            policy,
            rng=rng or random.Random(),
            owner=owner or new_owner(),
            claim_s=sync_claim_s,
        )

    def run_grading_logic(self, now: datetime | None = None) -> bool:
        """One grading pass; False when it was cut short (a rate limit, a refusal)."""
        return self.grading_step(now or self.edges.clock.now()).outcome.clean

    def run_sync_logic(self, now: datetime | None = None) -> tuple[int, bool]:
        """One sync pass: (alerts synced, rate limited)."""
        result = self.sync_step(now or self.edges.clock.now())
        return result.done, result.outcome.ending is Ending.RATE_LIMITED


def create_scheduler(*args: Any, **kwargs: Any) -> UnifiedGradingScheduler:
    """Build a scheduler (same arguments as the class) and start it."""
    scheduler = UnifiedGradingScheduler(*args, **kwargs)
    scheduler.start()
    return scheduler


class UnifiedResultProcessor(GradingPass):
    """The grading pass with the seed's ``process_all_alerts``."""

    def __init__(
        self,
        store: AlertStore,
        source: FixtureSource,
        bot_type: str | None,
        clock: Clock | None = None,
        policy: FixturePolicy | None = None,
        rules: Rules = DEFAULT_RULES,
        owner: str | None = None,
    ) -> None:
        super().__init__(
            store, source, bot_type, owner=owner or new_owner(), policy=policy, rules=rules
        )
        self.clock = clock or SystemClock()

    def process_all_alerts(self, now: datetime | None = None) -> int:
        """One pass; how many alerts it settled. Raises RateLimitException (a 429) or
        AccessDeniedException (a 401/403) when the pass was stopped, as the seed did."""
        report = self.run(now or self.clock.now())
        outcome = report.outcome
        if outcome.ending is Ending.RATE_LIMITED:
            raise RateLimitException(outcome.reason, outcome.retry_after, report.graded)
        if outcome.ending is Ending.ACCESS_DENIED:
            raise AccessDeniedException(outcome.reason, report.graded)
        return report.graded


class UnifiedSheetsSync(SyncPass):
    """The sync pass with the seed's ``sync_alerts``."""

    def __init__(
        self,
        store: AlertStore,
        sink: SheetSink,
        bot_type: str,
        clock: Clock | None = None,
        owner: str | None = None,
        claim_s: float = CLAIM_SECONDS,
        refresh_after_s: float | None = None,
    ) -> None:
        super().__init__(
            store,
            sink,
            bot_type,
            owner=owner or new_owner(),
            claim_s=claim_s,
            refresh_after_s=refresh_after_s,
        )
        self.clock = clock or SystemClock()

    def sync_alerts(
        self, alerts: Sequence[Mapping[str, Any]], now: datetime | None = None
    ) -> tuple[int, bool]:
        """Write these claimed alerts' rows: (synced, rate limited); any other failure is
        raised as SheetUnavailable after the claims are dropped, as the seed did."""
        report = self.write(alerts, now or self.clock.now())
        if report.outcome.ending is Ending.FAILED:
            raise SheetUnavailable(report.outcome.reason)
        return report.synced, report.outcome.ending is Ending.RATE_LIMITED
