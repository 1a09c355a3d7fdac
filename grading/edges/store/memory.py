"""An in-process store for the simulation and unit tests: dicts under one lock.

It keeps the contract of :class:`grading.edges.store.AlertStore` (the same contract suite runs on
it), so the simulation drives the production processor and sync unchanged. Pending and
settled alerts are indexed apart, so a pass costs the pending set, not the whole season.
Documents are deep-copied in and out, as a real store would serialize them.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from grading.core.documents import PENDING
from grading.core.schemas import Schema, apply_sets, bot_of, storable_id
from grading.core.schemas.native import NATIVE
from grading.core.tracking import audit_time, stamp, utc
from grading.edges.store._memory_parts import SortedIndex, copy_document, normalized

_NEVER = datetime.min.replace(tzinfo=UTC)
_AT_ONCE = float("-inf")


class MemoryAlertStore:
    """Documents in ``schema``'s dialect (native by default), served as views."""

    def __init__(self, schema: Schema = NATIVE) -> None:
        self.schema = schema
        self._alerts: dict[str, dict[str, Any]] = {}
        self._bot_of: dict[str, str | None] = {}
        self._pending: set[str] = set()
        self._bets: dict[str, dict[str, Any]] = {}
        self._owner_of: dict[str, dict[str, Any]] = {}
        self._bets_of: dict[str, list[str]] = {}  # by alert id, or by reference key
        self._leases: dict[str, tuple[str, datetime]] = {}
        self._claims: dict[str, tuple[str, datetime]] = {}
        self._due = SortedIndex()  # pending alerts by next check
        self._rotation = SortedIndex()  # settled alerts in the sheet's rotation order
        # per bot: every alert, the pending ones and the settled ones not yet mirrored, so
        # that counts() never scans (the status page and the idle check ask often)
        self._total: Counter[str | None] = Counter()
        self._pending_of: Counter[str | None] = Counter()
        self._unsynced: defaultdict[str | None, set[str]] = defaultdict(set)
        self._lock = threading.RLock()

    def ensure_indexes(self) -> None:
        pass

    def close(self) -> None:
        pass

    def add_alerts(self, docs: Iterable[Mapping[str, Any]], bot_type: str | None = None) -> int:
        added = 0
        with self._lock:
            for doc in docs:
                alert_id = storable_id(self.schema, doc)
                if alert_id not in self._alerts:
                    stored = normalized(doc)
                    if self.schema.id_field == "alert_id":
                        stored["alert_id"] = alert_id
                    self._bot_of[alert_id] = bot_of(self.schema, doc, bot_type)
                    self._put(alert_id, stored)
                    added += 1
        return added

    def add_bets(self, docs: Iterable[Mapping[str, Any]]) -> int:
        added = 0
        with self._lock:
            for doc in docs:
                for bet, owner in self.schema.bets_in(doc):
                    bet_id = self.schema.bet_id(bet)
                    if bet_id not in self._bets:
                        self._bets[bet_id] = normalized(bet)
                        self._owner_of[bet_id] = owner
                        key = self.schema.bet_alert_id(bet) or self.schema.bet_ref(bet)
                        self._bets_of.setdefault(str(key), []).append(bet_id)
                        added += 1
        return added

    def get_alert(self, alert_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._view(alert_id) if alert_id in self._alerts else None

    def bets_for(self, alert: Mapping[str, Any]) -> list[dict[str, Any]]:
        keys = [str(alert["alert_id"]), self.schema.alert_ref(alert)]
        with self._lock:
            ids = sorted({b for key in keys if key for b in self._bets_of.get(key, [])})
            return [
                self.schema.bet_view(copy_document(self._bets[b]), self._owner_of[b]) for b in ids
            ]

    def due_alerts(
        self, bot_type: str | None, now: datetime, limit: int | None = None
    ) -> list[dict[str, Any]]:
        with self._lock:
            end = self._due.keys.bisect_right((utc(now).timestamp(), "\uffff"))
            due = sorted(a for _, a in self._due.keys.islice(0, end) if self._bot(a, bot_type))
            return [self._view(a) for a in due[:limit]]

    def next_due_at(self, bot_type: str | None) -> datetime | None:
        with self._lock:
            start = self._due.keys.bisect_right((_AT_ONCE, "\uffff"))  # past "at once"
            for _, alert_id in self._due.keys.islice(start):
                if self._bot(alert_id, bot_type):
                    return self.schema.next_check(self._alerts[alert_id])
            return None

    def settled_alerts(self, bot_type: str | None) -> Iterator[dict[str, Any]]:
        with self._lock:
            ids = sorted(
                a for a in self._alerts if a not in self._pending and self._bot(a, bot_type)
            )
        for alert_id in ids:
            doc = self.get_alert(alert_id)
            if doc is not None:
                yield doc

    def counts(self, bot_type: str | None) -> dict[str, int]:
        with self._lock:
            bots = list(self._total) if bot_type is None else [bot_type]
            pending = sum(self._pending_of[bot] for bot in bots)
            return {
                "pending": pending,
                "settled": sum(self._total[bot] for bot in bots) - pending,
                "unsynced": sum(len(self._unsynced[bot]) for bot in bots),
            }

    def record_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        now: datetime,
    ) -> bool:
        with self._lock:
            if alert_id not in self._pending:
                return False
            for bet_id, bet_result in bet_results.items():
                bet = self._bets.get(bet_id)
                if bet is not None and self.schema.bet_status(bet) == PENDING:
                    apply_sets(bet, self.schema.bet_settled(bet, normalized(bet_result), now))
            doc = self._alerts[alert_id]
            apply_sets(doc, self.schema.settled(doc, normalized(result), now))
            self._pending.discard(alert_id)
            self._pending_of[self._bot_of[alert_id]] -= 1
            self._due.discard(alert_id)
            self._rotate(alert_id)
            return True

    def record_match(self, alert_id: str, found: Mapping[str, Any]) -> bool:
        with self._lock:
            doc = self._alerts.get(alert_id)
            if (
                alert_id not in self._pending
                or doc is None
                or self.schema.match_id(doc) is not None
            ):
                return False
            apply_sets(doc, self.schema.located(doc, normalized(found)))
            return True

    def defer(self, alert_ids: Sequence[str], next_check_at: datetime, reason: str) -> int:
        with self._lock:
            deferred = [a for a in alert_ids if a in self._pending]
            for alert_id in deferred:
                doc = self._alerts[alert_id]
                apply_sets(doc, self.schema.deferred(doc, next_check_at, reason))
                self._enqueue(alert_id)
            return len(deferred)

    def correct_grade(
        self,
        alert_id: str,
        result: Mapping[str, Any],
        bet_results: Mapping[str, Mapping[str, Any]],
        audit: Mapping[str, Any],
    ) -> bool:
        with self._lock:
            doc = self._alerts.get(alert_id)
            if doc is None or alert_id in self._pending:
                return False
            now = audit_time(audit)
            for bet_id, bet_result in bet_results.items():
                bet = self._bets.get(bet_id)
                if bet is not None:
                    apply_sets(bet, self.schema.bet_corrected(bet, normalized(bet_result), now))
            apply_sets(doc, self.schema.corrected(doc, normalized(result), normalized(audit), now))
            self._rotate(alert_id)
            return True

    def acquire_lease(self, key: str, owner: str, now: datetime, seconds: float) -> bool:
        with self._lock:
            holder = self._leases.get(key)
            if holder is not None and holder[0] != owner and holder[1] >= now:
                return False
            self._leases[key] = (owner, now + timedelta(seconds=seconds))
            return True

    def release_lease(self, key: str, owner: str) -> None:
        with self._lock:
            if self._leases.get(key, ("",))[0] == owner:
                del self._leases[key]

    def claim_sync_batch(
        self,
        bot_type: str | None,
        owner: str,
        now: datetime,
        limit: int,
        seconds: float,
        stale_before: datetime | None = None,
    ) -> list[dict[str, Any]]:
        stale = None if stale_before is None else _rotation_key(stale_before, "")
        with self._lock:
            free: list[str] = []
            for key in self._rotation.keys:  # in rotation order: stop at the first fresh
                if len(free) == limit or (stale is not None and key >= stale):
                    break
                alert_id = key[2]
                if (
                    self._bot(alert_id, bot_type)
                    and self._claims.get(alert_id, ("", _NEVER))[1] < now
                ):
                    free.append(alert_id)
            until = now + timedelta(seconds=seconds)
            for alert_id in free:
                self._claims[alert_id] = (owner, until)
            return [self._view(alert_id) for alert_id in free]

    def mark_synced(self, alert_ids: Sequence[str], owner: str, now: datetime) -> int:
        with self._lock:
            mine = [a for a in alert_ids if self._claims.get(a, ("",))[0] == owner]
            for alert_id in mine:
                del self._claims[alert_id]
                apply_sets(self._alerts[alert_id], self.schema.synced(now))
                self._rotate(alert_id)
            return len(mine)

    def release_sync(self, alert_ids: Sequence[str], owner: str) -> int:
        with self._lock:
            mine = [a for a in alert_ids if self._claims.get(a, ("",))[0] == owner]
            for alert_id in mine:
                del self._claims[alert_id]
            return len(mine)

    def _view(self, alert_id: str) -> dict[str, Any]:
        return self.schema.view(copy_document(self._alerts[alert_id]), self._bot_of.get(alert_id))

    def _bot(self, alert_id: str, bot_type: str | None) -> bool:
        return bot_type is None or self._bot_of.get(alert_id) == bot_type

    def _put(self, alert_id: str, doc: dict[str, Any]) -> None:
        self._alerts[alert_id] = doc
        self._total[self._bot_of[alert_id]] += 1
        if self.schema.status(doc) == PENDING:
            self._pending.add(alert_id)
            self._pending_of[self._bot_of[alert_id]] += 1
            self._enqueue(alert_id)
        else:
            self._rotate(alert_id)

    # Pending alerts sorted by next check (epoch seconds; -inf = due at once), so a pass reads
    # what is due.
    def _enqueue(self, alert_id: str) -> None:
        check = self.schema.next_check(self._alerts[alert_id])
        self._due.put(alert_id, (_AT_ONCE if check is None else check.timestamp(), alert_id))

    # The sync rotation of settled alerts, kept sorted (never synced first, then oldest
    # last_sync_check, then id) so that a claim reads its head instead of the whole store.
    def _rotate(self, alert_id: str) -> None:
        key = _rotation_key(self.schema.last_sync(self._alerts[alert_id]), alert_id)
        self._rotation.put(alert_id, key)
        mine = self._unsynced[self._bot_of[alert_id]]
        (mine.add if key[0] == 0 else mine.discard)(alert_id)


def _rotation_key(last_sync_check: datetime | None, alert_id: str) -> tuple[int, str, str]:
    if last_sync_check is None:
        return (0, "", alert_id)
    return (1, stamp(last_sync_check), alert_id)
