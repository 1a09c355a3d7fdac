"""The day lists a grading pass reads: one per date, asked at most every
``FixturePolicy.day_list_every_s`` (docs/rules/fotmob.md §4), shared by the pass's fixtures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from grading.core.fotmob.day_list import DayList, DayRow
from grading.core.pacing.fixtures import FixturePolicy


class DayLists:
    """A date's latest list and when it was asked; ``ask`` makes the request (None: the list
    failed, so details decide)."""

    def __init__(self, policy: FixturePolicy, ask: Callable[[str], DayList | None]) -> None:
        self.policy = policy
        self._ask = ask
        self._days: dict[str, tuple[datetime, DayList | None]] = {}  # by date

    def void_check(self, not_before: datetime, kickoff: datetime | None, now: datetime) -> datetime:
        """When a fixture that cannot have finished is looked up again: at its first look,
        or (day list first) at its kickoff and then every ``void_check_s``."""
        if not self.policy.day_list_first:
            return not_before
        if kickoff is not None and now < kickoff:
            return min(not_before, kickoff, now + timedelta(seconds=self.policy.void_check_s))
        return min(not_before, now + timedelta(seconds=self.policy.void_check_s))

    def called_off(self, match_id: str, kickoff: datetime | None, now: datetime) -> bool:
        """The day list shows this fixture postponed, cancelled or awarded: it is settled
        now, not after its kickoff. Before kickoff only a list at hand (asked for other
        fixtures) is read; once the kickoff is past, the date's list is asked if no answer
        since the kickoff is at hand (a match called off is known by then)."""
        if not self.policy.day_list_first or kickoff is None:
            return False
        kept = self._days.get(kickoff.strftime("%Y%m%d"))
        if now >= kickoff and (kept is None or kept[0] < kickoff):
            row = self.row(match_id, kickoff, now, force=True)[0]
        elif kept is None or (now - kept[0]).total_seconds() >= 2 * self.policy.day_list_every_s:
            return False
        else:
            row = _row_of(kept[1], match_id)
        return row is not None and row.state == "void"

    def row(
        self, match_id: str, kickoff: datetime | None, now: datetime, force: bool = False
    ) -> tuple[DayRow | None, datetime]:
        """The fixture's row in its date's day list and when the list was asked (a date's
        list at most every ``day_list_every_s``), or None when its kickoff is unknown, the
        list failed or lacks it: details decide then."""
        if kickoff is None:
            return None, now
        date = kickoff.strftime("%Y%m%d")
        kept = self._days.get(date)
        if force or kept is None or (now - kept[0]).total_seconds() >= self.policy.day_list_every_s:
            kept = self._days[date] = (now, self._ask(date))
            if len(self._days) > 64:
                del self._days[min(self._days, key=lambda d: self._days[d][0])]
        return _row_of(kept[1], match_id), kept[0]


def _row_of(days: DayList | None, match_id: str) -> DayRow | None:
    return (
        None if days is None else next((row for row in days.rows if row.match_id == match_id), None)
    )
