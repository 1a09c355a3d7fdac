"""``--until-idle``: a batch run's pace, and when it is over.

A batch run goes pass after pass without the live daemon's minutes of rest, retries a
failing fixture within seconds and quarantines it after ``GIVE_UP_AFTER`` failures in a row
(a refusal of access too: counted per fixture, so the run ends instead of probing). It is
over when nothing left can progress: every loop has run, nothing is due or being retried,
everything settled is mirrored, or the loop that would do it has failed ``GIVE_UP_AFTER``
passes in a row (its store or sheet stayed unreachable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval
from grading.core.pacing.policies import PolicySet
from grading.loops.scheduler import BotScheduler
from grading.ports import AlertStore

GIVE_UP_AFTER = 5
BATCH_PACE = AdaptiveInterval(initial_s=0.5, min_s=0.2, max_s=30.0)
BATCH_FIXTURES = FixturePolicy(
    failure_base_s=0.5,
    failure_max_s=5.0,
    lease_s=10.0,
    stop_on_access_denied=False,
    quarantine_after=GIVE_UP_AFTER,
    quarantine_retry_s=7 * 86400.0,
)
BATCH_CLAIM_S = 15.0


def batch_policy(policy: PolicySet) -> PolicySet:
    return replace(policy, grading=BATCH_PACE, sync=BATCH_PACE, fixtures=BATCH_FIXTURES)


def verdict(
    schedulers: Sequence[BotScheduler], store: AlertStore, now: datetime
) -> tuple[bool, list[str]]:
    """(True when nothing left can progress; what was given up, one line each)."""
    given_up, done = [], True
    for scheduler in schedulers:
        bot_done, bot_gave_up = _bot_verdict(scheduler, store, now)
        done &= bot_done
        given_up += bot_gave_up
    return done, given_up


def _bot_verdict(
    scheduler: BotScheduler, store: AlertStore, now: datetime
) -> tuple[bool, list[str]]:
    bot, loops = scheduler.bot_type, scheduler.loops
    stuck = {name for name, loop in loops.items() if loop.consecutive_failures >= GIVE_UP_AFTER}
    given_up = [f"{bot} {name} loop: {loops[name].last_error}" for name in sorted(stuck)]
    given_up += [f"{bot} {q.key}: {q.reason}" for q in scheduler.grading.failures.quarantined()]
    if any(loop.passes < 1 for loop in loops.values()):
        return False, given_up
    if "grading" in stuck:  # the store is gone: nothing more can be done
        return True, given_up
    if scheduler.grading.failures.retrying():
        return False, given_up
    try:
        due = bool(store.due_alerts(bot, now, limit=1))  # one is enough to know
        unsynced = store.counts(bot)["unsynced"]
    except Exception:  # the loops notice and count it; look again later
        return False, given_up
    return not due and (unsynced == 0 or "sync" in stuck), given_up
