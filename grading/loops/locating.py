"""MatchFinder: the FotMob match of alerts that name it only by teams and a date.

PROPPR's alerts carry no FotMob id (docs/rules/proppr.md §2). For each due alert without
one, the finder reads FotMob's day lists of the alert's date (and the neighbouring dates the
kickoff may fall on, docs/rules/fixtures.md §1), one request per date per pass (the source's
cache keeps them), and resolves the match by name (grading/core/fixtures.py). A confident
match is written on the alert once, never recomputed; no confident match leaves the alert
pending with the reason and the closest candidates, retried later, and ``ungradeable``
once the deadline has passed. It never raises for one alert: a day list it cannot read
defers the alerts that needed it; a 429 or a refusal of access propagates to the pass,
which stops.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from grading.core.alerts import UNGRADEABLE
from grading.core.errors import RateLimited, SourceUnavailable, StoreUnavailable, one_line
from grading.core.fixtures import RULES, Aliases, MatchingRules, MatchQuery, Resolution, resolve
from grading.core.fotmob.day_list import DayRow, league_url
from grading.core.http import Failure
from grading.ports import FixtureSource, GradingStore

RETRY = timedelta(minutes=30)  # a day list gains rows and names as the day goes on
DEADLINE = timedelta(days=3)
_NEAR_MIDNIGHT = timedelta(hours=3)


@dataclass(frozen=True, slots=True)
class Finding:
    """How matches are found: the alias table, the thresholds, the deadline (settings
    ``[fixtures]``)."""

    aliases: Aliases = field(default_factory=Aliases)
    rules: MatchingRules = RULES
    deadline: timedelta = DEADLINE


@dataclass(slots=True)
class Located:
    """What one run found: alerts by match id, and what it did with the others."""

    found: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    deferred: int = 0
    ungradeable: int = 0
    failures: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Unread:
    reason: str
    missing: bool = False  # the source has no list for that date at all


@dataclass(frozen=True, slots=True)
class Answer:
    """What the day lists say of one alert's match: ``found`` (a resolution, with or
    without a row), or ``problem`` when there is nothing to resolve (a ``Match`` that names
    no two sides: ``terminal``; a day list that cannot be read: worth a retry)."""

    query: MatchQuery | None
    found: Resolution | None = None
    problem: str | None = None
    terminal: bool = False

    @property
    def reason(self) -> str:
        if self.found is None or self.query is None:
            return self.problem or ""
        closest = "; closest: " + ", ".join(self.found.candidates) if self.found.candidates else ""
        if self.found.row is None:
            return (
                f"no FotMob match for {self.query.home} v {self.query.away}: "
                f"{self.found.reason}{closest}"
            )
        return self.found.reason


class Lookup:
    """Resolves alerts' matches against day lists, each date read once per lookup."""

    def __init__(self, source: FixtureSource, finding: Finding | None = None) -> None:
        self.source = source
        self.finding = finding or Finding()
        self._days: dict[str, list[DayRow] | _Unread] = {}

    def __call__(self, fixture: Mapping[str, Any]) -> Answer:
        query = _query(fixture)
        if query is None:
            problem = (
                f"Match {fixture.get('raw')!r} does not name a home and an away side"
                if not fixture.get("home") or not fixture.get("away")
                else f"Date {fixture.get('raw_date')!r} is not a date (YYYY-MM-DD)"
            )
            return Answer(None, problem=problem, terminal=True)
        rows, unreadable = self._rows(_dates(fixture))
        if unreadable:
            return Answer(query, problem=unreadable)
        return Answer(query, resolve(query, rows, self.finding.aliases, self.finding.rules))

    def _rows(self, dates: list[str]) -> tuple[list[DayRow], str | None]:
        """Every row of the alert's dates (its own first); a neighbouring date with no
        list at all adds nothing, any other date that cannot be read makes it wait."""
        rows: dict[str, DayRow] = {}
        for n, day in enumerate(dates):
            if day not in self._days:
                self._days[day] = self._day(day)
            held = self._days[day]
            if isinstance(held, _Unread):
                if held.missing and n > 0:
                    continue
                return [], held.reason
            rows.update((row.match_id, row) for row in held)
        return list(rows.values()), None

    def _day(self, day: str) -> list[DayRow] | _Unread:
        try:
            return list(self.source.day_list(day).rows)
        except RateLimited:
            raise
        except SourceUnavailable as exc:
            if exc.kind is Failure.ACCESS_DENIED:
                raise
            return _Unread(f"day list {day}: {one_line(exc)}", exc.kind is Failure.NOT_FOUND)
        except Exception as exc:  # a damaged day list: those alerts wait
            return _Unread(f"day list {day}: {one_line(exc)}")


def with_match(view: Mapping[str, Any], lookup: Lookup) -> tuple[dict[str, Any], str | None]:
    """The alert view with its FotMob match id: its own, else the one the day lists name
    (PROPPR's alerts carry none, docs/rules/fixtures.md); or why there is none. Nothing is
    written: for tools that only read (replay, the seed's grader)."""
    if view.get("match_id") is not None or view.get("fixture") is None:
        return dict(view), None
    answer = lookup(view["fixture"])
    if answer.found is None or answer.found.row is None:
        return dict(view), answer.reason
    return {**view, "match_id": answer.found.row.match_id}, None


class MatchFinder:
    """Finds and writes the FotMob match of alerts that have none (see the module doc)."""

    def __init__(
        self,
        store: GradingStore,
        source: FixtureSource,
        finding: Finding | None = None,
        retry: timedelta = RETRY,
    ) -> None:
        self.store, self.source = store, source
        self.finding = finding or Finding()
        self.retry = retry

    def run(self, docs: Sequence[dict[str, Any]], now: datetime) -> Located:
        located = Located()
        lookup = Lookup(self.source, self.finding)
        for doc in docs:
            try:
                self._one(doc, lookup, now, located)
            except (RateLimited, SourceUnavailable, StoreUnavailable):
                raise
            except Exception as exc:  # a bug on one alert is that alert's failure
                reason = f"finding its match failed: {one_line(exc)}"
                located.failures[f"alert {doc['alert_id']}"] = reason
                located.deferred += self.store.defer([doc["alert_id"]], now + self.retry, reason)
        return located

    def _one(self, doc: dict[str, Any], lookup: Lookup, now: datetime, located: Located) -> None:
        answer = lookup(doc.get("fixture") or {})
        late = answer.found is not None and now > _deadline_base(doc) + self.finding.deadline
        if answer.found is not None and answer.found.row is not None:
            self._found(doc, answer, now, located)
        elif answer.terminal or late:
            self._give_up(doc, answer.reason, now, located)
        else:
            if answer.found is None:  # a day list that could not be read
                located.failures[f"alert {doc['alert_id']}"] = answer.reason
            located.deferred += self.store.defer([doc["alert_id"]], now + self.retry, answer.reason)

    def _found(self, doc: dict[str, Any], answer: Answer, now: datetime, located: Located) -> None:
        record = match_record(answer, now)
        if self.store.record_match(str(doc["alert_id"]), record):
            located.found[record["match_id"]].append(
                {**doc, "match_id": record["match_id"], "fotmob_match": record}
            )

    def _give_up(
        self, doc: Mapping[str, Any], reason: str, now: datetime, located: Located
    ) -> None:
        grade = {"status": UNGRADEABLE, "actual_value": None, "returns": None, "reason": reason}
        located.ungradeable += int(self.store.record_grade(str(doc["alert_id"]), grade, {}, now))


def match_record(answer: Answer, now: datetime) -> dict[str, Any]:
    """What is written on an alert whose match was found (docs/rules/fixtures.md §5)."""
    assert answer.found is not None and answer.found.row is not None and answer.query is not None
    row = answer.found.row
    return {
        "match_id": row.match_id,
        "home": row.home[-1],
        "away": row.away[-1],
        "kickoff": row.kickoff,
        "league": row.league,
        "country": row.country,
        "score": round(answer.found.score, 1),
        "asked": f"{answer.query.home} v {answer.query.away}",
        "candidates": list(answer.found.candidates),
        "found_at": now,
        "pages": [
            url for url in (row.page_url, row.league_id and league_url(row.league_id)) if url
        ],
    }


def _query(fixture: Mapping[str, Any]) -> MatchQuery | None:
    home, away = fixture.get("home"), fixture.get("away")
    if not home or not away or not fixture.get("date"):
        return None
    return MatchQuery(
        home, away, fixture.get("kickoff"), fixture.get("league"), fixture.get("country")
    )


def _dates(fixture: Mapping[str, Any]) -> list[str]:
    """The day lists to read: the alert's date, and the neighbour its kickoff may fall
    on (both neighbours when the time is unknown)."""
    day = date.fromisoformat(fixture["date"])
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    kickoff: datetime | None = fixture.get("kickoff")
    days = [day]
    if kickoff is None or kickoff - midnight < _NEAR_MIDNIGHT:
        days.append(day - timedelta(days=1))
    if kickoff is None or midnight + timedelta(days=1) - kickoff <= _NEAR_MIDNIGHT:
        days.append(day + timedelta(days=1))
    return [d.strftime("%Y%m%d") for d in days]


def _deadline_base(doc: Mapping[str, Any]) -> datetime:
    """When the deadline starts: the kickoff, else the end of the alert's date."""
    fixture = doc.get("fixture") or {}
    kickoff = fixture.get("kickoff")
    if isinstance(kickoff, datetime):
        return kickoff
    day = date.fromisoformat(fixture["date"]) + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
