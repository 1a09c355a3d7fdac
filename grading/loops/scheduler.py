"""UnifiedGradingScheduler: the grading loop and the sync loop of one bot.

All decisions live in two step functions, ``grading_step(now) -> delay`` and
``sync_step(now) -> delay`` (DESIGN.md): run one pass, feed the outcome to the pacing
policies, update the status, say how long to wait. Drivers only call a step and wait: the
live driver here is two threads (``start``/``stop``), the simulation's is a SimPy process.
Neither driver holds policy, so the code the simulation tunes is the code that runs live.
"""

from __future__ import annotations

import logging
import math
import random
import threading
from datetime import datetime
from typing import Any

from grading.core.errors import AccessDeniedException, GradingError, RateLimitException
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval, BatchSizer, IntervalState
from grading.edges.clock import Clock, SystemClock
from grading.edges.sheets import SheetSink
from grading.edges.store import AlertStore
from grading.loops.grader import FixtureSource
from grading.loops.grading_pass import UnifiedResultProcessor
from grading.loops.sync_pass import CLAIM_SECONDS, UnifiedSheetsSync

log = logging.getLogger(__name__)


class UnifiedGradingScheduler:
    """One bot's daemon. The seed's constructor arguments build the live edges through
    :func:`grading.app.bootstrap.live_edges` when ``source``/``store``/``sheet`` are not given;
    nothing is opened before the first pass."""

    def __init__(self, mongo_connection_string: str | None = None,
                 database_name: str = "grading", api_token: str | None = None,
                 credentials_path: str | None = None, spreadsheet_name: str | None = None,
                 bot_type: str = "player", initial_interval_seconds: float = 300.0, *,
                 source: FixtureSource | None = None, store: AlertStore | None = None,
                 sheet: SheetSink | None = None, clock: Clock | None = None,
                 grading_policy: AdaptiveInterval | None = None,
                 sync_policy: AdaptiveInterval | None = None, batch_sizer: Any = None,
                 fixture_policy: FixturePolicy | None = None,
                 rng: random.Random | None = None, owner: str | None = None,
                 sync_claim_s: float = CLAIM_SECONDS,
                 sync_refresh_s: float | None = None) -> None:
        if source is None or store is None or sheet is None:
            from grading.app.bootstrap import live_edges

            built = live_edges(mongo_connection_string, database_name, api_token,
                               credentials_path, spreadsheet_name)
            source, store, sheet = source or built[0], store or built[1], sheet or built[2]
        self.bot_type = bot_type
        self.store, self.clock = store, clock or SystemClock()
        self.rng = rng or random.Random()
        self.grading_policy = grading_policy or AdaptiveInterval(
            initial_s=initial_interval_seconds)
        self.sync_policy = sync_policy or AdaptiveInterval(initial_s=initial_interval_seconds)
        self.batch_sizer = batch_sizer or BatchSizer()
        self.processor = UnifiedResultProcessor(store, source, bot_type, self.clock,
                                                fixture_policy, owner=owner)
        self.sync = UnifiedSheetsSync(store, sheet, bot_type, self.clock, owner=owner,
                                      claim_s=sync_claim_s, refresh_after_s=sync_refresh_s)
        self.grading_state: IntervalState = self.grading_policy.start()
        self.sync_state: IntervalState = self.sync_policy.start()
        self.batch_size: int = self.batch_sizer.start()
        self.rate_limit_hits = {"grading": 0, "sync": 0}
        self.passes = {"grading": 0, "sync": 0}
        self.totals = {"graded": 0, "synced": 0}
        self.last_grade: dict[str, Any] | None = None
        self.last_sync: dict[str, Any] | None = None
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    # -- one pass each: the seed's API ------------------------------------------------------
    def run_grading_logic(self, now: datetime | None = None) -> bool:
        """One grading pass; False when it was cut short by a rate limit."""
        return self._grade(now or self.clock.now())[0]

    def run_sync_logic(self, now: datetime | None = None) -> tuple[int, bool]:
        """One sync pass: (alerts synced, rate limited)."""
        return self._sync(now or self.clock.now())

    # -- the step functions: every decision of both loops ----------------------------------
    def grading_step(self, now: datetime) -> float:
        """Grade, adapt the interval, return the delay until the next grading pass."""
        clean, retry_after = self._grade(now)
        next_due_in = None
        if clean and self.grading_policy.follow_due:
            due = self.store.next_due_at(self.bot_type)
            next_due_in = math.inf if due is None else max(0.0, (due - now).total_seconds())
        with self._lock:
            return self.grading_policy.delay(self.grading_state, self.rng, retry_after,
                                             next_due_in)

    def sync_step(self, now: datetime) -> float:
        """Sync one batch, adapt interval and batch size, return the delay."""
        synced, limited = self._sync(now)
        idle = math.inf if synced == 0 and not limited else None   # nothing was waiting
        with self._lock:
            return self.sync_policy.delay(self.sync_state, self.rng, next_due_in=idle)

    def _grade(self, now: datetime) -> tuple[bool, float | None]:
        try:
            graded = self.processor.process_all_alerts(now, self._stop)
        except RateLimitException as exc:
            with self._lock:
                self.grading_state = self.grading_policy.on_rate_limit(self.grading_state)
                self.rate_limit_hits["grading"] += 1
                self._record("grading", now, exc)
            return False, exc.retry_after
        except AccessDeniedException as exc:  # probe at a backed-off pace until it returns
            with self._lock:
                self.grading_state = self.grading_policy.on_rate_limit(self.grading_state)
                self._record("grading", now, exc)
            log.warning("%s grading pass stopped: %s", self.bot_type, exc)
            return False, None
        except Exception as exc:  # the loop never dies (DESIGN.md); bugs are logged in full
            self._failed("grading", now, exc)
            return True, None
        with self._lock:
            self.grading_state = self.grading_policy.on_success(self.grading_state)
            self.totals["graded"] += graded
            report = self.processor.last_pass
            self.last_grade = {"at": now.isoformat(), "graded": graded,
                               "fetched": report.fetched, "deferred": report.deferred,
                               "fixture_failures": len(report.failures)}
            self._record("grading", now, None)
        return True, None

    def _sync(self, now: datetime) -> tuple[int, bool]:
        try:
            synced, limited = self.sync.sync_batch(self.batch_size, now)
        except Exception as exc:
            self._failed("sync", now, exc)
            return 0, False
        with self._lock:
            if limited:
                self.sync_state = self.sync_policy.on_rate_limit(self.sync_state)
                self.batch_size = self.batch_sizer.on_rate_limit(self.batch_size)
                self.rate_limit_hits["sync"] += 1
            else:
                self.sync_state = self.sync_policy.on_success(self.sync_state)
                self.batch_size = self.batch_sizer.on_success(self.batch_size)
                self.totals["synced"] += synced
                self.last_sync = {"at": now.isoformat(), "synced": synced}
            self._record("sync", now, "sheet rate limit (429)" if limited else None)
        return synced, limited

    def _failed(self, loop: str, now: datetime, exc: Exception) -> None:
        if isinstance(exc, GradingError):
            log.warning("%s %s pass failed: %s", self.bot_type, loop, exc)
        else:
            log.exception("%s %s pass crashed", self.bot_type, loop)
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")   # say what kind of bug
        with self._lock:
            if loop == "grading":
                self.grading_state = self.grading_policy.on_failure(self.grading_state)
            else:
                self.sync_state = self.sync_policy.on_failure(self.sync_state)
            self._record(loop, now, exc)

    def _record(self, loop: str, now: datetime, error: object) -> None:
        self.passes[loop] += 1
        if error is not None:
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            self.last_error = f"{now.isoformat()} {loop}: {first_line}"

    # -- the live driver --------------------------------------------------------------------
    def start(self) -> None:
        """Start both loops in threads; each runs a pass at once, then paces itself."""
        if self.running:
            return
        self._stop.clear()
        self.store.ensure_indexes()
        self._threads = [threading.Thread(target=self._loop, args=(step,), daemon=True,
                                          name=f"{name}-{self.bot_type}")
                         for name, step in (("grading", self.grading_step),
                                            ("sync", self.sync_step))]
        for thread in self._threads:
            thread.start()

    def _loop(self, step) -> None:
        delay = 0.0
        while not self.clock.wait(delay, self._stop):
            delay = step(self.clock.now())

    def stop(self, timeout_s: float = 5.0) -> bool:
        """Stop both loops (a wait ends at once, a pass stops between fixtures); True when
        both threads ended within ``timeout_s``."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout_s)
        return not self.running

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def get_status(self) -> dict[str, Any]:
        """The seed's keys, plus the sync loop's pacing, streaks, rate-limit hits, last error."""
        sheet_stats = self.store.counts(self.bot_type)
        with self._lock:
            return {
                "bot_type": self.bot_type, "running": self.running,
                "grading_interval": self.grading_state.interval_s,
                "last_grade": self.last_grade, "last_sync": self.last_sync,
                "sheet_stats": sheet_stats,
                "sync_interval": self.sync_state.interval_s, "batch_size": self.batch_size,
                "consecutive_successes": {
                    "grading": self.grading_state.consecutive_successes,
                    "sync": self.sync_state.consecutive_successes},
                "rate_limit_hits": dict(self.rate_limit_hits), "passes": dict(self.passes),
                "totals": dict(self.totals),
                "last_error": self.last_error,
            }


def create_scheduler(*args: Any, **kwargs: Any) -> UnifiedGradingScheduler:
    """Build a scheduler (same arguments as the class) and start it."""
    scheduler = UnifiedGradingScheduler(*args, **kwargs)
    scheduler.start()
    return scheduler
