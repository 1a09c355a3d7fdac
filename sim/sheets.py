"""Synthetic Google Sheets: rows per bot, and Google's per-minute quotas.

docs/rules/sheets.md §4: 60 read and 60 write requests a minute per user and 300 per project,
refilled every minute; a batch request counts as one; only admitted requests count. A sync
pass costs one read (the id column), one ``values:batchUpdate`` when rows exist and one
append when rows are new; each admitted request takes effect, so a refused append after an
admitted update is a partial write, as with the real API. Bots map to accounts
(``accounts``); by default they share one, as the live daemon does with one credentials
file. Each request takes virtual time (``Latency``).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from grading.core.errors import SheetRateLimited
from sim.clock import INSTANT, Latency, SimClock
from sim.limits import FixedWindow, RateModel

SHARED_ACCOUNT = "daemon"


def google_quotas(per_user: int = 60, per_project: int = 300) -> dict[str, RateModel]:
    """Sheets API v4 per-minute quotas, keyed ``{read|write}/{user|project}``."""
    user, project = (
        FixedWindow(per_user, send_retry_after=False),
        FixedWindow(per_project, send_retry_after=False),
    )
    return {
        "read/user": user,
        "write/user": user,
        "read/project": project,
        "write/project": project,
    }


class SyntheticSheets:
    def __init__(
        self,
        clock: SimClock,
        quotas: Mapping[str, RateModel] | None = None,
        accounts: Mapping[str, str] | None = None,
        latency: Latency = INSTANT,
        latency_rng: random.Random | None = None,
    ) -> None:
        self.clock = clock
        self.quotas = dict(quotas or google_quotas())
        self.accounts = dict(accounts or {})
        self.latency = latency
        self._latency_rng = latency_rng or random.Random(2)
        self._state: dict[tuple[str, str], object] = {}
        self._rng = random.Random(0)  # quota models here draw nothing
        self.rows: dict[str, dict[str, list[str]]] = {}
        self.first_written: dict[str, float] = {}  # alert id -> virtual second
        self.last_written: dict[str, float] = {}
        self.requests = 0
        self.rate_limited = 0

    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        sheet = self.rows.setdefault(bot_type, {})
        user = self.accounts.get(bot_type, SHARED_ACCOUNT)
        self._request("read", user)
        updates = [list(row) for row in rows if row[0] in sheet]
        new = [list(row) for row in rows if row[0] not in sheet]
        if updates:
            self._request("write", user)
            self._write(sheet, updates)
        if new:
            self._request("write", user)
            self._write(sheet, new)
        return len(updates), len(new)

    def _write(self, sheet: dict[str, list[str]], rows: list[list[str]]) -> None:
        t = self.clock.t
        for row in rows:
            sheet[row[0]] = row
            self.first_written.setdefault(row[0], t)
            self.last_written[row[0]] = t

    def _request(self, kind: str, user: str) -> None:
        t = self.clock.t
        self.clock.spend(self.latency.draw(self._latency_rng))
        self.requests += 1
        keys = ((f"{kind}/user", user), (f"{kind}/project", ""))
        decided = {}
        for key in keys:
            model = self.quotas[key[0]]
            decided[key] = model.decide(self._state.get(key, model.start()), t, self._rng)
        refused = [key[0] for key, (decision, _) in decided.items() if not decision.allowed]
        if refused:  # only an admitted request counts against a quota
            self.rate_limited += 1
            scope = refused[0].split("/")[1]
            raise SheetRateLimited(
                f"synthetic Sheets 429 ({kind} requests per minute per {scope})", None
            )
        self._state.update({key: state for key, (_, state) in decided.items()})
