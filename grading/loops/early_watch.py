"""Early grades waiting for the full-time re-check, and the re-check itself.

A market settled in play (grading.core.settlement.early) is settled again from the
full-time payload; a different result replaces it with the audit trail (PROPPR's
``result_changed_from``) and re-queues its sheet row. The watch keeps each fixture's early
grades and when to look at the fixture again, so a fixture whose alerts were all settled
early is still fetched once at full time. It lives in the grading pass's memory and is
rebuilt from the store when a pass starts (:meth:`EarlyWatch.restore`): early grades of the
last ``RESTORE_WITHIN`` not yet re-checked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from grading.core.alerts import Alert
from grading.core.documents import (
    kickoff_of,
    match_id_of,
    usable_match_id,
)
from grading.core.facts import MatchFacts
from grading.core.settlement.early import in_play_blocker, settle_in_play
from grading.core.settlement.settle import Rules, settle
from grading.core.tracking import aware, result_of
from grading.ports import GradingStore

log = logging.getLogger(__name__)

# A match ends within about three hours of any in-play moment (docs/rules/timings.md §1);
# a day covers a daemon down for hours without re-checking every early grade ever made.
RESTORE_WITHIN = timedelta(hours=24)
RECHECK = "full-time re-check"  # who corrected an early grade, in its audit entry


@dataclass(slots=True)
class _Watched:
    kickoff: datetime | None
    due: datetime
    grades: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = field(
        default_factory=dict
    )  # alert id -> (its document, the early grade's record)


@dataclass(slots=True)
class EarlyCounts:
    """Early grades made, re-checked at full time and found the same, and reversed."""

    graded: int = 0
    confirmed: int = 0
    reversed: int = 0


class EarlyWatch:
    """The early grades of one grading pass's bot, by fixture."""

    def __init__(self) -> None:
        self._fixtures: dict[str, _Watched] = {}
        self.counts = EarlyCounts()

    def add(
        self,
        match_id: str,
        kickoff: datetime | None,
        doc: Mapping[str, Any],
        record: Mapping[str, Any],
        due: datetime,
    ) -> None:
        watched = self._fixtures.setdefault(match_id, _Watched(kickoff, due))
        watched.grades[str(doc["alert_id"])] = (doc, record)
        watched.due = min(watched.due, due)
        self.counts.graded += 1

    def settle(
        self,
        match_id: str,
        kickoff: datetime | None,
        docs: list[dict[str, Any]],
        facts: MatchFacts,
        store: GradingStore,
        rules: Rules,
        min_age_min: int,
        recheck: datetime,
        now: datetime,
    ) -> tuple[list[dict[str, Any]], int]:
        """Settle the alerts (and their pending bets) whose markets ``facts`` in play
        already decide, and watch them until ``recheck``; returns the alerts still waiting
        for full time and how many were settled."""
        if in_play_blocker(facts, 0) is not None:  # the payload as a whole
            return docs, 0
        waiting, settled = [], 0
        for doc in docs:
            try:
                alert = Alert.from_json(doc)
            except ValueError:  # settled (or refused) at full time, with its reason
                waiting.append(doc)
                continue
            grade = settle_in_play(alert, facts, min_age_min, rules)
            bets = (
                {}
                if grade is None
                else {
                    bet.alert_id: settle_in_play(bet, facts, min_age_min, rules)
                    for bet in alert.as_bets(store.bets_for(doc))
                }
            )
            if grade is None or any(found is None for found in bets.values()):
                waiting.append(doc)
                continue
            record = grade.record()
            if store.record_grade(
                alert.alert_id, record, {k: v.record() for k, v in bets.items() if v}, now
            ):
                settled += 1
                self.add(match_id, kickoff, doc, record, recheck)
        return waiting, settled

    def restore(self, settled: Iterable[Mapping[str, Any]], now: datetime) -> int:
        """Watch again the early grades among ``settled`` alerts (store views) made within
        ``RESTORE_WITHIN`` and not yet re-checked, due now; returns how many."""
        restored = 0
        for doc in settled:
            tracking = doc.get("result_tracking") or {}
            graded_at = tracking.get("graded_at")
            match_id = usable_match_id(match_id_of(doc))
            # corrected since (an audit trail; PROPPR's result_changed_reason): re-checked
            if (
                tracking.get("decided_minute") is None
                or tracking.get("audit")
                or tracking.get("changed_reason")
                or not isinstance(graded_at, datetime)
                or match_id is None
                or now - aware(graded_at) > RESTORE_WITHIN
            ):
                continue
            watched = self._fixtures.setdefault(match_id, _Watched(kickoff_of(doc), now))
            watched.grades[str(doc["alert_id"])] = (doc, result_of(tracking))
            restored += 1
        return restored

    def due(self, now: datetime) -> dict[str, datetime | None]:
        """Watched fixtures whose look is due, with their kickoff."""
        return {
            match_id: watched.kickoff
            for match_id, watched in self._fixtures.items()
            if watched.due <= now
        }

    def wait(self, match_id: str, until: datetime | None) -> None:
        """The fixture is not over: look again at ``until`` (None: on the next pass)."""
        watched = self._fixtures.get(match_id)
        if watched is not None and until is not None:
            watched.due = until

    def recheck(
        self, match_id: str, facts: MatchFacts, store: GradingStore, rules: Rules, now: datetime
    ) -> int:
        """Settle the fixture's early grades again from its full-time ``facts``; returns
        how many were reversed (corrected in the store)."""
        watched = self._fixtures.pop(match_id, None)
        reversed_ = 0
        for alert_id, (doc, early) in watched.grades.items() if watched else ():
            alert = Alert.from_json(doc)
            final = settle(alert, facts, rules)
            record = final.record()
            if (record["status"], record["returns"]) == (early["status"], early["returns"]):
                self.counts.confirmed += 1
                continue
            bets = {
                bet.alert_id: settle(bet, facts, rules).record()
                for bet in alert.as_bets(store.bets_for(doc), pending_only=False)
            }
            audit = {
                "at": now,
                "by": RECHECK,
                "previous": result_of(early),
                "reason": f"settled in play as {early['status']}, full time says {final.status}",
            }
            if store.correct_grade(alert_id, record, bets, audit):
                reversed_ += 1
                self.counts.reversed += 1
                log.warning(
                    "alert %s: early grade %s reversed at full time to %s",
                    alert_id,
                    early["status"],
                    final.status,
                )
        return reversed_
