"""GradingPass: one pass over a bot's due alerts, reported as a value.

Due alerts are grouped by fixture and each fixture is fetched at most once per pass. A
fixture that cannot have finished yet is not fetched; one found unfinished gets its own next
check; a postponed, cancelled, abandoned or awarded one is settled by the rules
(docs/rules/fotmob.md, "Status": FotMob flags those ``finished`` too; settlement decides).
Users' bets are settled at their own stake and odds.

The pass never raises. Its :class:`PassReport` says how it ended (``outcome``): a 429 stops
it (what was graded stays graded), a refusal of access (401/403) stops it too (the source,
not the fixture, is at fault), a store failure ends it as ``failed``. Any other failure, an
expected one or a bug, belongs to its fixture or its alert: counted, backed off on its own,
quarantined after ``FixturePolicy.quarantine_after`` in a row (grading/loops/failures.py).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from grading.core.alerts import PENDING, UNGRADEABLE, Alert
from grading.core.documents import (
    kickoff_of,
    match_id_of,
    usable_match_id,
)
from grading.core.errors import RateLimited, SourceUnavailable, StoreUnavailable, one_line
from grading.core.facts import MatchFacts
from grading.core.fotmob.day_list import DayList
from grading.core.fotmob.payloads import the_match_asked_for
from grading.core.http import Failure
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.outcomes import Outcome
from grading.core.settlement.settle import DEFAULT_RULES, Rules, settle
from grading.loops.day_lists import DayLists
from grading.loops.due_pages import due_pages, earliest_kickoff
from grading.loops.early_watch import EarlyWatch
from grading.loops.failures import FailureBook, TracebackOnce
from grading.loops.locating import MatchFinder
from grading.loops.pass_report import PassReport, PassStopped
from grading.ports import FixtureSource, GradingStore

log = logging.getLogger(__name__)


class GradingPass:
    """Grades one bot's alerts from a store against a fixture source."""

    def __init__(
        self,
        store: GradingStore,
        source: FixtureSource,
        bot_type: str | None,
        *,
        owner: str,
        policy: FixturePolicy | None = None,
        rules: Rules = DEFAULT_RULES,
        finder: MatchFinder | None = None,
    ) -> None:
        self.store, self.source, self.bot_type = store, source, bot_type
        self.owner = owner
        self.policy = policy or FixturePolicy()
        self.rules = rules
        self.finder = finder or MatchFinder(store, source)
        self.failures = FailureBook(self.policy)
        self._log = TracebackOnce(log)
        self.days = DayLists(self.policy, self._day_list)
        self.early = EarlyWatch()
        self._restored = False  # the store's early grades are watched again once
        # The seed's pass leaves its alerts due, so it reads them all at once.
        self._page_size = self.policy.page_size if self.policy.per_fixture_next_check else None

    def run(self, now: datetime, stop: threading.Event | None = None) -> PassReport:
        """Grade every due alert whose fixture is over. ``stop`` is checked between
        fixtures, so a shutdown never waits for a whole pass."""
        report = PassReport()
        try:
            if not self._restored and self.policy.settle_in_play:
                self.early.restore(self.store.settled_alerts(self.bot_type), now)
                self._restored = True
            watched = self.early.due(now)  # early grades waiting for full time
            fixtures_due: set[str] = set()
            for page in due_pages(self.store, self.bot_type, now, self._page_size):
                by_fixture = self._due_by_fixture(page, now, report)
                fixtures_due.update(by_fixture)
                fixtures = [
                    (match_id, docs, earliest_kickoff(docs) or watched.get(match_id))
                    for match_id, docs in by_fixture.items()
                ]
                # fixtures past their gate first: the day list they ask tells about the rest
                fixtures.sort(key=lambda fixture: (self._gated(fixture[2], now), fixture[0]))
                for match_id, docs, kickoff in fixtures:
                    if stop is not None and stop.is_set():
                        return report
                    self._fixture(match_id, docs, kickoff, now, report)
            report.fixtures_due = len(fixtures_due)
            for match_id, kickoff in watched.items():
                if match_id not in fixtures_due:
                    self._fixture(match_id, [], kickoff, now, report)
        except PassStopped as stopped:
            report.outcome = stopped.outcome
        except StoreUnavailable as exc:
            report.outcome = Outcome.failed(one_line(exc))
        return report

    def _due_by_fixture(
        self, page: list[dict[str, Any]], now: datetime, report: PassReport
    ) -> dict[str, list[dict[str, Any]]]:
        by_fixture: dict[str, list[dict[str, Any]]] = defaultdict(list)
        unlocated = []
        for doc in page:
            match_id = usable_match_id(match_id_of(doc))
            if match_id is not None:
                by_fixture[match_id].append(doc)
            elif doc.get("fixture") is None:  # nothing to find it by
                report.graded += self._settle_unfixable(doc, now)
            else:
                unlocated.append(doc)
        for match_id, docs in self._locate(unlocated, now, report).items():
            by_fixture[match_id] += docs
        return by_fixture

    def _locate(
        self, docs: list[dict[str, Any]], now: datetime, report: PassReport
    ) -> dict[str, list[dict[str, Any]]]:
        """Alerts named by teams and a date, by the match found for them; those that
        cannot have finished yet wait without costing a day list."""
        waiting: list[dict[str, Any]] = []
        for doc in docs:
            not_before = self.policy.not_before(kickoff_of(doc))
            named = (doc.get("fixture") or {}).get("home") is not None
            if named and not_before is not None and now < not_before:
                report.deferred += self._defer(
                    [doc], not_before, "fixture cannot have finished yet"
                )
            else:
                waiting.append(doc)
        if not waiting:
            return {}
        try:
            located = self.finder.run(waiting, now)
        except RateLimited as exc:
            raise PassStopped.rate_limited(exc, "finding matches") from None
        except SourceUnavailable as exc:
            raise PassStopped.access_denied(exc, "finding matches") from None
        report.deferred += located.deferred
        report.graded += located.ungradeable
        report.failures.update(located.failures)
        return located.found

    def _fixture(
        self,
        match_id: str,
        docs: list[dict[str, Any]],
        kickoff: datetime | None,
        now: datetime,
        report: PassReport,
    ) -> None:
        not_before = self.policy.not_before(kickoff)
        if (
            not_before is not None
            and now < not_before
            and not self.days.called_off(match_id, kickoff, now)
        ):
            report.not_yet += 1
            report.deferred += self._wait(
                match_id,
                docs,
                self.days.void_check(not_before, kickoff, now),
                "fixture cannot have finished yet",
            )
            return
        row, asked = (
            self.days.row(match_id, kickoff, now) if self.policy.day_list_first else (None, now)
        )
        if row is not None and row.state in ("not_started", "in_play"):
            minute = f" at {row.live_minute}'" if row.live_minute is not None else ""
            again = max(
                self.policy.next_check_live(row.state, row.live_minute, asked),
                asked + timedelta(seconds=self.policy.day_list_every_s),
            )
            report.deferred += self._wait(
                match_id,
                docs,
                again,
                f"fixture not finished ({row.state}{minute}, from the day list)",
            )
            return
        lease = f"fixture:{self.bot_type or 'all'}:{match_id}"
        if not self.store.acquire_lease(lease, self.owner, now, self.policy.lease_s):
            report.leased_elsewhere += 1
            return
        try:
            facts = self._fetch(match_id, docs, now, report)
            if facts is None:
                self.early.wait(match_id, now + timedelta(seconds=self.policy.failure_base_s))
                return
            if not facts.is_over:
                next_look = self.policy.next_check(facts, now)
                if self.policy.settle_in_play:
                    docs, early = self.early.settle(
                        match_id,
                        kickoff,
                        docs,
                        facts,
                        self.store,
                        self.rules,
                        self.policy.in_play_min_age_min,
                        next_look or now,
                        now,
                    )
                    report.graded += early
                    report.early_graded += early
                report.deferred += self._wait(
                    match_id, docs, next_look, f"fixture not finished ({facts.status})"
                )
                return
            for doc in docs:
                self._grade(doc, facts, now, report)
            report.early_reversed += self.early.recheck(
                match_id, facts, self.store, self.rules, now
            )
        finally:
            self.store.release_lease(lease, self.owner)

    def _wait(
        self, match_id: str, docs: Sequence[Mapping[str, Any]], until: datetime | None, reason: str
    ) -> int:
        """The fixture is not over: its alerts and its early grades wait until ``until``."""
        self.early.wait(match_id, until)
        return self._defer(docs, until, reason)

    def _gated(self, kickoff: datetime | None, now: datetime) -> bool:
        not_before = self.policy.not_before(kickoff)
        return not_before is not None and now < not_before

    def _day_list(self, date: str) -> DayList | None:
        try:
            return self.source.day_list(date)
        except RateLimited as exc:
            raise PassStopped.rate_limited(exc, "day list") from None
        except Exception as exc:
            if self._stops_the_pass(exc):
                raise PassStopped.access_denied(exc, "day list") from None
            log.info(
                "day list %s unavailable, looking at fixtures one by one: %s", date, one_line(exc)
            )
            return None

    def _fetch(
        self, match_id: str, docs: list[dict[str, Any]], now: datetime, report: PassReport
    ) -> MatchFacts | None:
        """The fixture's facts, or None when fetching failed (the failure is recorded)."""
        report.fetched += 1
        try:
            pages = [
                page for doc in docs for page in (doc.get("fotmob_match") or {}).get("pages") or ()
            ]
            facts = the_match_asked_for(match_id, self.source.fetch(match_id, pages))
        except RateLimited as exc:
            where = f"pass stopped after {report.graded} graded"
            raise PassStopped.rate_limited(exc, where) from None
        except Exception as exc:
            if self._stops_the_pass(exc):
                where = f"pass stopped after {report.graded} graded"
                raise PassStopped.access_denied(exc, where) from None
            report.deferred += self._failed(f"fixture {match_id}", docs, exc, now, report)
            return None
        self.failures.succeeded(f"fixture {match_id}")
        return facts

    def _stops_the_pass(self, exc: Exception) -> bool:
        # A 404 is about one match id, so it stays that fixture's failure.
        return (
            isinstance(exc, SourceUnavailable)
            and exc.kind is Failure.ACCESS_DENIED
            and self.policy.stop_on_access_denied
        )

    def _grade(
        self, doc: Mapping[str, Any], facts: MatchFacts, now: datetime, report: PassReport
    ) -> None:
        """Settle one alert and its pending bets (or defer it, or record its failure)."""
        key = f"alert {doc.get('alert_id')}"
        try:
            alert = Alert.from_json(doc)
            grade = settle(alert, facts, self.rules)
            if grade.status == PENDING:
                report.deferred += self._defer(
                    [doc], self.policy.next_check(facts, now), grade.reason
                )
                return
            bets = {
                bet.alert_id: settle(bet, facts, self.rules).record()
                for bet in alert.as_bets(self.store.bets_for(doc))
            }
        except StoreUnavailable:
            raise
        except Exception as exc:  # a bad document or a bug: this alert's failure only
            report.deferred += self._failed(key, [doc], exc, now, report)
            return
        if self.store.record_grade(alert.alert_id, grade.record(), bets, now):
            report.count_graded(alert, grade, now)
        self.failures.succeeded(key)

    def _failed(
        self,
        key: str,
        docs: Sequence[Mapping[str, Any]],
        exc: Exception,
        now: datetime,
        report: PassReport,
    ) -> int:
        """Count the failure, log it (a bug with its traceback, once), defer the alerts."""
        reason = self._log(key, exc)
        until, recorded, newly = self.failures.failed(key, reason, now)
        report.failures[key] = reason
        if newly:
            report.quarantined.append(key)
            log.error("%s quarantined: %s", key, recorded)
        return self._defer(docs, until, recorded)

    def _settle_unfixable(self, doc: Mapping[str, Any], now: datetime) -> int:
        reason = f"no usable FotMob match id ({match_id_of(doc)!r})"
        grade = {"status": UNGRADEABLE, "actual_value": None, "returns": None, "reason": reason}
        return int(self.store.record_grade(str(doc["alert_id"]), grade, {}, now))

    def _defer(self, docs: Sequence[Mapping[str, Any]], until: datetime | None, reason: str) -> int:
        if until is None:  # seed behaviour: simply due again on the next pass
            return len(docs)
        return self.store.defer([str(doc["alert_id"]) for doc in docs], until, reason)
