"""UnifiedResultProcessor: one grading pass over a bot's pending alerts.

Pending alerts are grouped by fixture and each fixture is fetched at most once per pass.
A fixture that cannot have finished yet is not fetched; one found unfinished gets its own
next check; a postponed, cancelled, abandoned or awarded one is settled by the rules
(FOTMOB.md 3.3: FotMob flags those ``finished`` too; settle.py decides). Users' bets are
settled at their own stake and odds. A 429 stops the pass (what was graded stays graded)
and raises RateLimitException for the scheduler; a refusal of access (401/403) stops it too
(AccessDeniedException: the source, not the fixture, is at fault); any other failure is
counted against its fixture and the pass goes on.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from grading.core.alerts import PENDING, UNGRADEABLE, Alert
from grading.core.errors import (
    AccessDeniedException,
    BadPayload,
    GradingError,
    RateLimited,
    RateLimitException,
    SourceUnavailable,
)
from grading.core.facts import MatchFacts
from grading.core.pacing.fixtures import FixturePolicy, kickoff_of, usable_match_id
from grading.core.settlement.settle import DEFAULT_RULES, Rules, settle
from grading.core.tracking import bet_id_of, bet_status, match_id_of, new_owner
from grading.edges.clock import Clock, SystemClock
from grading.edges.store import AlertStore
from grading.loops.grader import TERMINAL_STATUSES, FixtureSource, as_facts

log = logging.getLogger(__name__)
ACCESS_DENIED = ("401", "403")      # a 404 is about one match id, so it stays per fixture


@dataclass(slots=True)
class PassReport:
    """What one pass did, for status and metrics."""

    fixtures_due: int = 0
    fetched: int = 0
    graded: int = 0
    deferred: int = 0
    not_yet: int = 0
    leased_elsewhere: int = 0
    failures: dict[str, str] = field(default_factory=dict)


class UnifiedResultProcessor:
    """Grades one bot's alerts from a store against a fixture source."""

    def __init__(self, store: AlertStore, source: FixtureSource, bot_type: str | None,
                 clock: Clock | None = None, policy: FixturePolicy | None = None,
                 rules: Rules = DEFAULT_RULES, owner: str | None = None) -> None:
        self.store, self.source, self.bot_type = store, source, bot_type
        self.clock = clock or SystemClock()
        self.policy = policy or FixturePolicy()
        self.rules = rules
        self.owner = owner or new_owner()
        self.fixture_failures: Counter[str] = Counter()
        self.last_pass = PassReport()

    def process_all_alerts(self, now: datetime | None = None,
                           stop: threading.Event | None = None) -> int:
        """Grade every due alert whose fixture is over; returns how many were settled.
        ``stop`` is checked between fixtures, so a shutdown never waits for a whole pass."""
        now = now or self.clock.now()
        report = self.last_pass = PassReport()
        by_fixture: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for doc in self.store.due_alerts(self.bot_type, now):
            match_id = usable_match_id(match_id_of(doc))
            if match_id is None:
                report.graded += self._settle_unfixable(doc, now)
            else:
                by_fixture[match_id].append(doc)
        report.fixtures_due = len(by_fixture)
        for match_id, docs in sorted(by_fixture.items()):
            if stop is not None and stop.is_set():
                break
            self._fixture(match_id, docs, now, report)
        return report.graded

    def _fixture(self, match_id: str, docs: list[dict[str, Any]], now: datetime,
                 report: PassReport) -> None:
        not_before = self.policy.not_before(_earliest_kickoff(docs))
        if not_before is not None and now < not_before:
            report.not_yet += 1
            report.deferred += self._defer(docs, not_before, "fixture cannot have finished yet")
            return
        lease = f"fixture:{self.bot_type or 'all'}:{match_id}"
        if not self.store.acquire_lease(lease, self.owner, now, self.policy.lease_s):
            report.leased_elsewhere += 1
            return
        try:
            facts = self._fetch(match_id, now, report)
            if facts is None:
                report.deferred += self._defer(docs, self.policy.after_failure(
                    self.fixture_failures[match_id], now), report.failures[match_id])
            elif facts.status not in TERMINAL_STATUSES:
                report.deferred += self._defer(docs, self.policy.next_check(facts, now),
                                               f"fixture not finished ({facts.status})")
            else:
                for doc in docs:
                    report.graded += self._grade(doc, facts, now)
        finally:
            self.store.release_lease(lease, self.owner)

    def _fetch(self, match_id: str, now: datetime, report: PassReport) -> MatchFacts | None:
        try:
            facts = as_facts(self.source.fetch(match_id))
        except RateLimited as exc:
            raise RateLimitException(f"{exc} (pass stopped after {report.graded} graded)",
                                     exc.retry_after, report.graded) from exc
        except GradingError as exc:
            if (isinstance(exc, SourceUnavailable) and exc.kind in ACCESS_DENIED
                    and self.policy.stop_on_access_denied):
                raise AccessDeniedException(
                    f"source refused access ({exc.kind}): {exc} (pass stopped after "
                    f"{report.graded} graded)", exc.kind, report.graded) from exc
            self.fixture_failures[match_id] += 1
            report.failures[match_id] = str(exc)
            log.warning("fixture %s: %s", match_id, exc)
            return None
        finally:
            report.fetched += 1
        self.fixture_failures.pop(match_id, None)
        return facts

    def _grade(self, doc: Mapping[str, Any], facts: MatchFacts, now: datetime) -> int:
        """Settle one alert and its bets; 1 if this call wrote the grade."""
        try:
            alert = Alert.from_json(doc)
            grade = settle(alert, facts, self.rules)
            if grade.status == PENDING:
                self._defer([doc], self.policy.next_check(facts, now), grade.reason)
                return 0
            bets = {bet_id_of(bet): settle(
                        alert.priced(bet_id_of(bet), bet.get("stake"), bet.get("odds")),
                        facts, self.rules).result()
                    for bet in self.store.bets_for(alert.alert_id)
                    if bet_status(bet) == PENDING}
        except (ValueError, BadPayload) as exc:   # a malformed document: say so, lose nothing
            log.error("alert %s: cannot grade: %s", doc.get("alert_id"), exc)
            return 0
        return int(self.store.record_grade(alert.alert_id, grade.result(), bets, now))

    def _settle_unfixable(self, doc: Mapping[str, Any], now: datetime) -> int:
        reason = f"no usable FotMob match id ({match_id_of(doc)!r})"
        grade = {"status": UNGRADEABLE, "actual_value": None, "returns": None,
                 "reason": reason}
        return int(self.store.record_grade(str(doc["alert_id"]), grade, {}, now))

    def _defer(self, docs: list[Mapping[str, Any]], until: datetime | None,
               reason: str) -> int:
        if until is None:            # seed behaviour: simply due again on the next pass
            return len(docs)
        return self.store.defer([str(doc["alert_id"]) for doc in docs], until, reason)


def _earliest_kickoff(docs: list[Mapping[str, Any]]) -> datetime | None:
    kickoffs = [k for k in (kickoff_of(doc) for doc in docs) if k is not None]
    return min(kickoffs, default=None)
