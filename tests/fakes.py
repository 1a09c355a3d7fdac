"""The fakes the tests share: one of each, in one place (registered as a pytest plugin).

* :class:`ScriptedSource`: the project's recorded payloads, with scripted failures.
* :class:`RecordingSheet`: a sheet that keeps rows and can be told to fail.
* :class:`FailingStore`: any store, every call of which fails while it is ``down``.
* :class:`StoppingClock`: a manual clock that stops a driver loop after N waits.
* the ``clock`` fixture: a :class:`ManualClock` at :data:`T0`.
* :func:`in_play`: how a recorded match reads in play at a minute (optionally with a goal
  VAR will take back, and a VAR check under way).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from grading.core.errors import (
    BadPayload,
    RateLimited,
    SheetRateLimited,
    SourceUnavailable,
    StoreUnavailable,
)
from grading.core.facts import MatchFacts, Score
from grading.core.fotmob.day_list import DayList
from grading.core.http import Failure
from grading.core.timeline import GoalEvent, Timeline
from grading.edges.clock import ManualClock
from grading.edges.recorded import DirectorySource
from tests.conftest import FIXTURES

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def failure(step: str) -> BaseException | None:
    """What a script step raises: ``ok`` nothing; ``429`` or ``429:N`` (Retry-After N s);
    ``503``; ``401`` / ``403`` (access refused); ``404``; ``html`` (a bad payload);
    ``boom`` (a bug in the parser: KeyError)."""
    if step == "ok" or step == "slow":
        return None
    if step.startswith("429"):
        return RateLimited(f"FotMob rate limit ({step})", float(step[4:]) if ":" in step else None)
    kinds = {
        "503": Failure.TRANSIENT,
        "401": Failure.ACCESS_DENIED,
        "403": Failure.ACCESS_DENIED,
        "404": Failure.NOT_FOUND,
    }
    if step in kinds:
        return SourceUnavailable(f"FotMob answered {step}", kinds[step])
    if step == "html":
        return BadPayload("an HTML page, not match JSON")
    if step == "boom":
        return KeyError("a bug")
    raise ValueError(f"unknown script step {step!r}")


class ScriptedSource:
    """Answers from ``fixtures_data/fotmob``. ``script`` is a sequence of steps, one per
    fetch whatever the match (then ``ok``); ``per_match`` scripts a match's own fetches.
    ``fetches`` counts fetches by match id."""

    def __init__(
        self, script: str = "", per_match: dict[str, str] | None = None, slow_s: float = 1.0
    ) -> None:
        self.recorded = DirectorySource(FIXTURES / "fotmob")
        self.script = script.split()
        self.per_match = {m: steps.split() for m, steps in (per_match or {}).items()}
        self.slow_s = slow_s
        self.fetches: Counter[str] = Counter()
        self.day_lists: Counter[str] = Counter()
        self.calls = 0

    def day_list(self, date: str) -> DayList:
        """A recorded day list; a request like a fetch, so ``script`` steps apply."""
        step = self.script[self.calls] if self.calls < len(self.script) else "ok"
        self.calls += 1
        self.day_lists[date] += 1
        raised = failure(step)
        if raised is not None:
            raise raised
        return self.day_list_answer(date)

    def day_list_answer(self, date: str) -> DayList:
        """What an answered day-list request holds (a subclass may say otherwise)."""
        return self.recorded.day_list(date)

    def fetch(self, match_id: str, pages: Sequence[str] = ()) -> MatchFacts:
        own = self.per_match.get(match_id, [])
        step = (
            self.script[self.calls]
            if self.calls < len(self.script)
            else own[self.fetches[match_id]]
            if self.fetches[match_id] < len(own)
            else "ok"
        )
        self.calls += 1
        self.fetches[match_id] += 1
        if step == "slow":
            time.sleep(self.slow_s)
        raised = failure(step)
        if raised is not None:
            raise raised
        return self.recorded.fetch(match_id)


class RecordingSheet:
    """A :class:`grading.ports.SheetSink` keeping rows per bot, keyed by alert id;
    ``fail_next`` holds exceptions the next writes raise, in order."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, list[str]]] = {}
        self.writes = 0
        self.fail_next: list[BaseException] = []

    def upsert_rows(self, bot_type: str, rows: Sequence[Sequence[str]]) -> tuple[int, int]:
        self.writes += 1
        if self.fail_next:
            raise self.fail_next.pop(0)
        sheet = self.rows.setdefault(bot_type, {})
        updated = sum(1 for row in rows if row[0] in sheet)
        sheet.update({row[0]: list(row) for row in rows})
        return updated, len(rows) - updated

    def limit_next(self, count: int = 1) -> None:
        self.fail_next += [SheetRateLimited("sheet 429 (test)") for _ in range(count)]


class FailingStore:
    """Any store, every method of which raises StoreUnavailable while ``down`` is set
    (Mongo gone); ``calls_while_down`` counts the refused calls."""

    def __init__(self, inner: Any, down: bool = True) -> None:
        self.inner = inner
        self.down = down
        self.calls_while_down = 0
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.down:
                with self._lock:
                    self.calls_while_down += 1
                raise StoreUnavailable("MongoDB: connection refused (test)")
            return attribute(*args, **kwargs)

        return call


class StoppingClock(ManualClock):
    """A manual clock that sets the driver's stop event after ``limit`` waits (or when
    ``until`` says so), so a live driver loop runs to a known end at once."""

    def __init__(
        self, start: datetime, limit: int, until: Callable[[], bool] | None = None
    ) -> None:
        super().__init__(start)
        self.limit = limit
        self.until = until

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        if len(self.waits) >= self.limit or (self.until is not None and self.until()):
            stop.set()
        return super().wait(seconds, stop)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


def in_play(
    final: MatchFacts, minute: int, extra: tuple[GoalEvent, ...] = (), var: bool = False
) -> MatchFacts:
    """``final`` as it reads in play at ``minute``: goals and cards so far (and ``extra``
    goals), the score they make, the VAR flag ``var``."""
    assert final.timeline is not None
    goals = tuple(
        sorted(
            (*(g for g in final.timeline.goals if g.minute <= minute), *extra),
            key=lambda g: g.minute,
        )
    )
    timeline = Timeline(goals, tuple(c for c in final.timeline.cards if c.minute <= minute))
    return replace(
        final,
        status="in_play",
        live_minute=minute,
        pending_var=var,
        timeline=timeline,
        score=Score(regulation=timeline.score_in("ft")),
    )
