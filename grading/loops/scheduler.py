"""BotScheduler: the grading loop and the sync loop of one bot, as two step functions.

``grading_step(now)`` and ``sync_step(now)`` run one pass, read its outcome, ask
:func:`~grading.core.pacing.transitions.next_pace` for the new pace and the delay, update
the status, and return a :class:`StepResult` (docs/design.md, "One step function per
loop"). Drivers only call a step and wait: the live driver is a thread per loop
(grading/loops/threads.py), the simulation's a SimPy process (sim/driver.py). Neither holds
policy, so the code the simulation tunes is the code that runs live. A step never raises.
"""

from __future__ import annotations

import functools
import logging
import math
import random
import threading
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from grading.core.errors import one_line
from grading.core.pacing.outcomes import Ending, Outcome
from grading.core.pacing.policies import PolicySet
from grading.core.pacing.transitions import Pace, next_pace, start_pace
from grading.core.tracking import readable
from grading.loops.failures import TracebackOnce
from grading.loops.grading_pass import GradingPass
from grading.loops.locating import Finding, MatchFinder
from grading.loops.pass_report import LATEST, PassReport
from grading.loops.status import LoopStatus
from grading.loops.sync_pass import CLAIM_SECONDS, SyncPass
from grading.loops.threads import start_thread
from grading.ports import Edges

log = logging.getLogger(__name__)
LOOPS = ("grading", "sync")


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one step did: its loop, how it ended, how much it did (alerts graded or synced),
    the sync batch size after it, and how long the loop now waits."""

    loop: str
    delay: float
    outcome: Outcome
    done: int = 0
    batch_size: int | None = None


class BotScheduler:
    """Both loops of one bot over its edges, paced by one policy set."""

    def __init__(
        self,
        bot_type: str,
        edges: Edges,
        policy: PolicySet,
        *,
        rng: random.Random,
        owner: str,
        claim_s: float = CLAIM_SECONDS,
        finding: Finding | None = None,
    ) -> None:
        self.bot_type, self.edges, self.policy, self.rng = bot_type, edges, policy, rng
        self.grading = GradingPass(
            edges.store,
            edges.source,
            bot_type,
            owner=owner,
            policy=policy.fixtures,
            finder=MatchFinder(edges.store, edges.source, finding),
        )
        self.sync = SyncPass(
            edges.store,
            edges.sheet,
            bot_type,
            owner=owner,
            claim_s=claim_s,
            refresh_after_s=policy.sync_refresh_s,
        )
        self.paces: dict[str, Pace] = {
            "grading": start_pace(policy.grading),
            "sync": start_pace(policy.sync, policy.batch),
        }
        self.loops = {loop: LoopStatus(loop) for loop in LOOPS}
        self._log = TracebackOnce(log)
        self._stop = threading.Event()
        # set when a grading pass settled something: the sync loop's rest ends at once
        self.sync_wake = threading.Event()
        self.graded_by_status: Counter[str] = Counter()  # since start, for /metrics
        self.latest_grades: deque[dict[str, Any]] = deque(maxlen=LATEST)
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    # -- the step functions: every decision of both loops ----------------------------------
    def grading_step(self, now: datetime) -> StepResult:
        """Grade, adapt the interval, say how long to wait until the next grading pass."""
        try:
            report = self.grading.run(now, self._stop)
        except Exception as exc:  # run() reports what it expects; this is a bug
            report = PassReport(Outcome.failed(self._log(f"{self.bot_type} grading", exc)))
        outcome, next_due_in = report.outcome, None
        if outcome.clean and self.policy.grading.follow_due:
            try:  # a store read for pacing is part of the pass
                next_due_in = self._next_due_in(now)
            except Exception as exc:
                outcome = Outcome.failed(self._log(f"{self.bot_type} next due", exc))
        if report.graded or report.early_reversed:  # rows to write: wake the sync loop
            self.sync_wake.set()
        with self._lock:
            self.latest_grades.extend(report.latest)
            self.graded_by_status.update(report.by_status)
        detail = {
            "at": readable(now),
            "graded": report.graded,
            "fetched": report.fetched,
            "deferred": report.deferred,
            "fixture_failures": len(report.failures),
        }
        return self._finish("grading", now, outcome, report.graded, next_due_in, detail)

    def sync_step(self, now: datetime) -> StepResult:
        """Sync one batch, adapt interval and batch size, say how long to wait."""
        batch_size = self.paces["sync"].batch_size or 1
        claimed = 0
        try:
            report = self.sync.run(batch_size, now)
            outcome, synced, claimed = report.outcome, report.synced, report.claimed
        except Exception as exc:  # run() reports what it expects; this is a bug
            outcome, synced = Outcome.failed(self._log(f"{self.bot_type} sync", exc)), 0
        idle = math.inf if synced == 0 else None  # nothing was waiting
        return self._finish(
            "sync", now, outcome, synced, idle, {"at": readable(now), "synced": synced}, claimed
        )

    def on_crash(self, loop: str, now: datetime, exc: Exception) -> StepResult:
        """What the thread driver does when a step itself raised: log, back off, go on."""
        reason = self._log(f"{self.bot_type} {loop} step", exc)
        return self._finish(loop, now, Outcome.failed(reason), 0, None, None)

    def _finish(
        self,
        loop: str,
        now: datetime,
        outcome: Outcome,
        done: int,
        next_due_in: float | None,
        detail: dict[str, Any] | None,
        claimed: int | None = None,
    ) -> StepResult:
        policy = self.policy.grading if loop == "grading" else self.policy.sync
        batch = self.policy.batch if loop == "sync" else None
        with self._lock:
            decision = next_pace(
                policy, self.paces[loop], outcome, self.rng, next_due_in, batch, claimed
            )
            self.paces[loop] = decision.pace
            self.loops[loop].record(now, outcome, done, detail)
        if decision.retry_after_capped:
            log.warning(
                "%s %s: Retry-After of %g s capped to %g s",
                self.bot_type,
                loop,
                outcome.retry_after or 0,
                policy.max_retry_after_s,
            )
        _log_pass(self.bot_type, loop, outcome, detail, decision.delay)
        return StepResult(loop, decision.delay, outcome, done, decision.pace.batch_size)

    def _next_due_in(self, now: datetime) -> float:
        due = self.edges.store.next_due_at(self.bot_type)
        return math.inf if due is None else max(0.0, (due - now).total_seconds())

    # -- the live driver --------------------------------------------------------------------
    def start(self) -> None:
        """Start both loops in threads; each runs a pass at once, then paces itself."""
        if self.running:
            return
        self._stop.clear()
        steps = {"grading": self.grading_step, "sync": self.sync_step}
        self._threads = {
            loop: start_thread(
                f"{loop}-{self.bot_type}",
                steps[loop],
                self.edges.clock,
                self._stop,
                functools.partial(self.on_crash, loop),
                self.sync_wake if loop == "sync" else None,
            )
            for loop in LOOPS
        }

    def stop(self, timeout_s: float = 5.0) -> bool:
        """Stop both loops (a wait ends at once, a pass stops between fixtures); True when
        both threads ended within ``timeout_s``."""
        self._stop.set()
        self.sync_wake.set()  # its wait ends on this event, not on stop
        for thread in self._threads.values():
            thread.join(timeout_s)
        return not self.running

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads.values())

    def alive(self, loop: str) -> bool:
        thread = self._threads.get(loop)
        return thread is not None and thread.is_alive()

    def get_status(self) -> dict[str, Any]:
        """The seed's keys (bot_type, running, grading_interval, last_grade, last_sync,
        sheet_stats), the sync loop's pacing, per-loop health and the quarantine."""
        try:
            sheet_stats: dict[str, int] | None = self.edges.store.counts(self.bot_type)
            store_error = None
        except Exception as exc:  # a status page must answer while the store is down
            sheet_stats, store_error = None, one_line(exc)
        with self._lock:
            grading, sync = self.paces["grading"], self.paces["sync"]
            loops = {loop: self.loops[loop].to_json(self.alive(loop)) for loop in LOOPS}
            return {
                "bot_type": self.bot_type,
                "running": self.running,
                "grading_interval": grading.interval.interval_s,
                "last_grade": self.loops["grading"].detail,
                "last_sync": self.loops["sync"].detail,
                "sheet_stats": sheet_stats,
                "store_error": store_error,
                "sync_interval": sync.interval.interval_s,
                "batch_size": sync.batch_size,
                "consecutive_successes": {
                    "grading": grading.interval.consecutive_successes,
                    "sync": sync.interval.consecutive_successes,
                },
                "rate_limit_hits": {k: v.rate_limit_hits for k, v in self.loops.items()},
                "passes": {k: v.passes for k, v in self.loops.items()},
                "totals": {
                    "graded": self.loops["grading"].done,
                    "synced": self.loops["sync"].done,
                    "graded_by_status": dict(self.graded_by_status),
                    "early_graded": self.grading.early.counts.graded,
                    "early_reversed": self.grading.early.counts.reversed,
                },
                "last_error": _latest(v.last_error for v in self.loops.values()),
                "loops": loops,
                "quarantined": [q.to_json() for q in self.grading.failures.quarantined()],
                "latest_grades": list(self.latest_grades),
                "retrying": self.grading.failures.retrying(),
            }


def _latest(errors: Any) -> str | None:
    """The most recent of the loops' last errors (each starts with its ISO time)."""
    return max((e for e in errors if e), default=None)


def _log_pass(
    bot: str, loop: str, outcome: Outcome, detail: dict[str, Any] | None, delay: float
) -> None:
    """One line a pass: a 429 or a refusal of access as a WARNING, a pass that did
    something as INFO, an idle one as DEBUG (a batch run passes every half second)."""
    next_in = f"next pass in {delay:.0f} s"
    if outcome.ending in (Ending.RATE_LIMITED, Ending.ACCESS_DENIED):
        log.warning(
            "%s %s pass %s: %s; %s", bot, loop, outcome.ending.value, outcome.reason, next_in
        )
        return
    if outcome.ending is Ending.FAILED:
        return  # logged where it failed (TracebackOnce), with its cause
    done = {key: value for key, value in (detail or {}).items() if key != "at" and value}
    level = logging.INFO if done else logging.DEBUG
    what = ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in done.items())
    log.log(level, "%s %s pass: %s; %s", bot, loop, what or "nothing to do", next_in)
