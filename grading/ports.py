"""The ports: every protocol an edge implements and a loop depends on (docs/design.md).

Live, the daemon plugs in the FotMob client, MongoDB or SQLite, Google Sheets or a CSV file
and the system clock (grading/app/bootstrap.py); the simulation plugs in synthetic FotMob,
the in-memory store, synthetic Sheets and a SimPy clock (sim/run.py). The loops see only
these protocols, so the code the simulation tunes is the code that runs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from grading.core.facts import MatchFacts
from grading.core.fotmob.day_list import DayList


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, tz-aware UTC."""

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """Sleep up to ``seconds``; True when ``stop`` was set meanwhile (wake at once)."""


class FixtureSource(Protocol):
    def fetch(self, match_id: str, pages: Sequence[str] = ()) -> MatchFacts:
        """The facts of one fixture as they stand now. Raises RateLimited,
        SourceUnavailable or BadPayload (grading.core.errors) with a one-line message.
        ``pages`` are match-page URLs known for it (docs/rules/fotmob.md §2), for a source
        that reads pages when the JSON endpoint refuses."""

    def day_list(self, date: str) -> DayList:
        """Every match of a date ("YYYYMMDD"), as FotMob's day list gives them
        (docs/rules/fotmob.md §4); the same errors as :meth:`fetch`."""


class SheetSink(Protocol):
    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        """Write rows keyed by their first cell (the alert id): rows already in the sheet
        are updated in place, new ones appended. Returns (updated, appended)."""


class GradingStore(Protocol):
    """What a grading pass needs (all times tz-aware UTC). Every write that settles
    something is conditional on it still being pending (docs/design.md, "Theory of
    operation"), so a crash or a second daemon never grades twice."""

    def due_alerts(
        self, bot_type: str | None, now: datetime, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Pending alerts whose ``next_check_at`` is unset or not after ``now``, by id;
        at most ``limit`` of them when given."""

    def next_due_at(self, bot_type: str | None) -> datetime | None:
        """The earliest ``next_check_at`` set on a pending alert (None when none has one)."""

    def bets_for(self, alert: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Users' bets on an alert (its view): ``bet_id, stake, odds, status`` (and a
        ``problem`` when a bet cannot be priced); every bet, settled ones included."""

    def record_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        now: datetime,
    ) -> bool:
        """Settle one alert and its pending bets. Bets are written first and the alert last,
        each conditional on still being pending: the alert's status is the commit mark, so a
        crash in between is repaired by the next pass. False when it was already settled."""

    def defer(self, alert_ids: Sequence[str], next_check_at: datetime, reason: str) -> int:
        """Leave pending alerts pending until ``next_check_at``; counts the attempt."""

    def correct_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        audit: Mapping[str, Any],
    ) -> bool:
        """Replace a settled grade (and its bets'), append ``audit`` to the alert's trail and
        re-queue its sheet row. False when the alert is not settled."""

    def settled_alerts(self, bot_type: str | None) -> Iterator[dict[str, Any]]:
        """Every settled alert (views), streamed: early grades are watched again from it
        when a pass starts."""

    def record_match(self, alert_id: str, found: Mapping[str, Any]) -> bool:
        """Write the FotMob match found for a pending alert that has none
        (docs/rules/fixtures.md §5); False when it is settled or already has one."""

    def acquire_lease(self, key: str, owner: str, now: datetime, seconds: float) -> bool:
        """Take or renew the lease ``key`` unless another owner holds an unexpired one."""

    def release_lease(self, key: str, owner: str) -> None: ...


class SyncStore(Protocol):
    """What a sync pass needs: the rotation of settled alerts, under claims."""

    def claim_sync_batch(
        self,
        bot_type: str | None,
        owner: str,
        now: datetime,
        limit: int,
        seconds: float,
        stale_before: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Up to ``limit`` settled alerts to mirror, oldest ``last_sync_check`` first (never
        synced first), claimed for ``seconds`` so that no other syncer takes them. With
        ``stale_before``, only alerts never synced or last synced before it."""

    def mark_synced(self, alert_ids: Sequence[str], owner: str, now: datetime) -> int:
        """Set ``last_sync_check`` and ``synced_at`` and drop the claim."""

    def release_sync(self, alert_ids: Sequence[str], owner: str) -> int:
        """Drop the claim without touching the rotation order (the write failed)."""


class AuditStore(Protocol):
    """What ``replay audit`` needs."""

    def settled_alerts(self, bot_type: str | None) -> Iterator[dict[str, Any]]: ...

    def bets_for(self, alert: Mapping[str, Any]) -> list[dict[str, Any]]: ...

    def correct_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        audit: Mapping[str, Any],
    ) -> bool: ...


class AlertStore(GradingStore, SyncStore, AuditStore, Protocol):
    """A whole store: the three above, plus loading, status counts and lifecycle."""

    def ensure_indexes(self) -> None:
        """Create the indexes (idempotent); called once at start-up."""

    def add_alerts(self, docs: Iterable[Mapping[str, Any]], bot_type: str | None = None) -> int:
        """Insert alerts whose id is new (existing ids are left as they are); ``bot_type``
        is the bot of documents that do not say (PROPPR's never do)."""

    def add_bets(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Insert users' bets (native bet documents, or PROPPR's containers); idempotent."""

    def get_alert(self, alert_id: str) -> dict[str, Any] | None: ...

    def counts(self, bot_type: str | None) -> dict[str, int]:
        """{"pending", "settled", "unsynced"} for status reports."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class Edges:
    """The ports a bot's loops run on; built by grading/app/bootstrap.py (live) or
    sim/run.py (simulation) and handed to grading/loops/wiring.py."""

    source: FixtureSource
    store: AlertStore
    sheet: SheetSink
    clock: Clock
