"""``replay audit``: regrade the settled alerts of a store against recorded payloads.

Read-only unless ``fix``: then every disagreement whose regrade is itself a settlement is
written back with an audit trail (previous grade, time, reason; grading/store) and the
alert's sheet row is re-queued. A regrade that is ``pending`` or ``ungradeable`` (a payload
recorded before the final whistle, a stat the payload lacks) is reported, never written over
a settled grade. Alerts stream from the store; parsed matches are kept in a small LRU.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from tqdm import tqdm

from grading.core.alerts import Alert
from grading.core.documents import PENDING, RESULT_STATUSES, bet_id_of, bet_status
from grading.core.facts import MatchFacts
from grading.core.settlement.lines import SETTLED
from grading.core.tracking import result_of
from grading.loops.locating import Lookup, with_match
from grading.ports import AuditStore, FixtureSource
from replay.regrade import facts_or_reason, regrade

COMPARED = ("status", "actual_value", "returns")


@dataclass(slots=True)
class Disagreement:
    alert_id: str
    what: str  # "bot, match, market"
    changes: list[str]
    result: dict[str, Any]
    bet_results: dict[str, dict[str, Any]]
    fixable: bool
    fixed: bool = False


@dataclass(slots=True)
class AuditReport:
    audited: int = 0
    agreed: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # alert id -> why


def audit(
    store: AuditStore,
    source: FixtureSource,
    bot_type: str | None,
    fix: bool,
    now: datetime,
    progress: bool = True,
) -> AuditReport:
    report = AuditReport()
    facts_of = lru_cache(maxsize=512)(lambda match_id: facts_or_reason(source, match_id))
    lookup = Lookup(source)
    for view in tqdm(
        store.settled_alerts(bot_type),
        unit="alert",
        desc="auditing",
        disable=None if progress else True,
        leave=False,
    ):
        report.audited += 1
        doc, unlocated = with_match(view, lookup)  # graded by PROPPR: found by name
        if unlocated is not None:
            report.skipped[str(doc.get("alert_id"))] = unlocated
            continue
        try:
            alert = Alert.from_json(doc)
        except ValueError as exc:
            report.skipped[str(doc.get("alert_id"))] = str(exc)
            continue
        facts = facts_of(alert.match_id)
        if isinstance(facts, str):
            report.skipped[alert.alert_id] = facts
            continue
        found = _compare(store, alert, doc, facts)
        if found is None:
            report.agreed += 1
            continue
        if fix and found.fixable:
            found.fixed = store.correct_grade(
                alert.alert_id,
                found.result,
                found.bet_results,
                {
                    "at": now,
                    "by": "replay audit",
                    "previous": result_of(doc["result_tracking"]),
                    "reason": "regraded from recorded payload: " + "; ".join(found.changes),
                },
            )
        report.disagreements.append(found)
    return report


def _compare(
    store: AuditStore, alert: Alert, doc: Mapping[str, Any], facts: MatchFacts
) -> Disagreement | None:
    grade = regrade(alert, facts)
    result = grade.record()
    changes = _changes("", doc["result_tracking"], result)
    bet_results = {}
    for bet in store.bets_for(doc):
        if bet_status(bet) not in (PENDING, *RESULT_STATUSES):
            continue  # a bet a person settles (PROPPR's manual_override)
        bet_id = bet_id_of(bet)
        bet_result = regrade(
            alert.priced(bet_id, bet.get("stake"), bet.get("odds"), bet.get("problem")), facts
        ).record()
        bet_changes = _changes(f"bet {bet_id} ", bet, bet_result)
        if bet_changes:
            changes += bet_changes
            bet_results[bet_id] = bet_result
    if not changes:
        return None
    what = f"{alert.bot_type}, match {alert.match_id}, {alert.market}"
    return Disagreement(
        alert.alert_id, what, changes, result, bet_results, fixable=grade.status in SETTLED
    )


def _changes(prefix: str, stored: Mapping[str, Any], regraded: Mapping[str, Any]) -> list[str]:
    """Fields that differ, compared as JSON (a stored [2, 1] equals a regraded (2, 1))."""
    return [
        f"{prefix}{key} stored {_json(stored.get(key))}, regraded {_json(regraded[key])}"
        for key in COMPARED
        if _json(stored.get(key)) != _json(regraded[key])
    ]


def _json(value: Any) -> str:
    return json.dumps(value, default=str)
