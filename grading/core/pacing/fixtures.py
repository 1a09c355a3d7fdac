"""When to look at a fixture again: pure decisions the processor applies (no I/O, no clock).

A match cannot be over before 90 minutes of play plus a 15-minute half-time (Laws of the
Game, law 7), so a fixture is not polled before kickoff + 105 minutes; after a look that
finds it unfinished, it gets its own next check instead of being polled on every pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from grading.core.documents import parse_time
from grading.core.facts import MatchFacts

EARLIEST_FINISH = timedelta(minutes=105)
_HALF_TIME_S = 15 * 60.0


@dataclass(frozen=True, slots=True)
class FixturePolicy:
    """How the processor paces fixtures. ``seed()`` is the seed's behaviour: every fixture
    with pending alerts is fetched on every pass, whatever its kickoff."""

    gate_on_kickoff: bool = True
    first_look_s: float = EARLIEST_FINISH.total_seconds()  # after kickoff; never earlier
    per_fixture_next_check: bool = True
    recheck_in_play_s: float = 300.0  # a live or overdue match: look every 5 minutes
    # Still in play this long after kickoff means extra time (2 x 15 minutes, a short break
    # and stoppage: over about 145-150 minutes after kickoff); look again only then.
    extra_time_after_s: float = 122 * 60.0
    extra_time_look_s: float = 148 * 60.0
    failure_base_s: float = 60.0  # a failing fixture: 1, 2, 4 ... minutes
    failure_max_s: float = 3600.0
    # A fixture's lease only spares a second daemon a duplicate fetch (settling writes are
    # conditional anyway), so it need only outlast one fetch (connect + read timeouts).
    lease_s: float = 120.0
    # A 401/403 means the source changed its access rules (docs/rules/fotmob.md, "Access"):
    # stop the pass and back off as a whole, instead of blaming each fixture in turn
    # (docs/adr/0003-stop-the-pass-on-access-denied.md; the seed: go on).
    stop_on_access_denied: bool = True
    # A fixture (or alert) that fails this many times in a row is quarantined: set aside
    # with its reason, shown in /status, retried only every ``quarantine_retry_s``, so one
    # poisoned payload never holds up the others (None: never, the seed's behaviour).
    quarantine_after: int | None = 5
    quarantine_retry_s: float = 3600.0
    # docs/rules/fotmob.md §4: one day-list request tells whether every match of a date is
    # over, and a live one's minute. With ``day_list_first`` a fixture's details are fetched
    # only once its row says finished (or void, or the row or the list is missing); a live
    # one is looked at again when its minute says it can be ending: the rest of regulation
    # plus ``live_stoppage_s``, never sooner than ``live_floor_s``.
    day_list_first: bool = False
    live_stoppage_s: float = 300.0
    live_floor_s: float = 60.0
    day_list_every_s: float = 120.0  # a date's list is asked at most this often
    # Before its earliest finish a fixture is looked up every ``void_check_s`` in the day
    # list already at hand (no request): one called off is settled at once.
    void_check_s: float = 1800.0
    # docs/rules/settlement.md §1.12: a market decided while its match is in play (an over
    # passed, both teams scored) is settled from in-play details at hand, when the latest
    # goal or card is ``in_play_min_age_min`` minutes old and no VAR check is under way;
    # full time re-checks it.
    settle_in_play: bool = False
    in_play_min_age_min: int = 3
    # A pass reads its due alerts this many at a time, so one store read stays short
    # (about 10 ms on SQLite) however large the backlog.
    page_size: int = 500

    @property
    def _first_look(self) -> timedelta:
        return max(EARLIEST_FINISH, timedelta(seconds=self.first_look_s))

    @classmethod
    def seed(cls) -> FixturePolicy:
        return cls(
            gate_on_kickoff=False,
            per_fixture_next_check=False,
            stop_on_access_denied=False,
            quarantine_after=None,
        )

    def not_before(self, kickoff: datetime | None) -> datetime | None:
        """The first moment worth a fetch, from a kickoff time (None: no gate)."""
        if not self.gate_on_kickoff or kickoff is None:
            return None
        return kickoff + self._first_look

    def next_check(self, facts: MatchFacts, now: datetime) -> datetime | None:
        """When to look again at a fixture found unfinished (None: on the next pass)."""
        if not self.per_fixture_next_check:
            return None
        soon = now + timedelta(seconds=self.recheck_in_play_s)
        kickoff = parse_time(facts.kickoff_utc)
        if kickoff is None:
            return soon
        if facts.status == "in_play" and now >= kickoff + timedelta(
            seconds=self.extra_time_after_s
        ):
            return max(soon, kickoff + timedelta(seconds=self.extra_time_look_s))
        return max(soon, kickoff + self._first_look)

    def next_check_live(self, state: str, minute: int | None, now: datetime) -> datetime:
        """When to look again at a fixture its day-list row shows unfinished: from its live
        minute (docs/rules/timings.md §2: half-time about 16 minutes, stoppage about 5)."""
        if state != "in_play" or minute is None:
            return now + timedelta(seconds=self.recheck_in_play_s)
        if minute < 45:
            left_s = (90 - minute) * 60 + _HALF_TIME_S + self.live_stoppage_s
        elif minute < 90:
            left_s = (90 - minute) * 60 + self.live_stoppage_s
        elif minute == 90:
            left_s = self.live_floor_s
        else:  # extra time
            left_s = (120 - min(minute, 120)) * 60 + self.live_stoppage_s / 2
        return now + timedelta(seconds=max(self.live_floor_s, left_s))

    def quarantines(self, failures: int) -> bool:
        """True once ``failures`` in a row set a fixture or an alert aside."""
        return self.quarantine_after is not None and failures >= self.quarantine_after

    def after_failure(self, failures: int, now: datetime) -> datetime | None:
        """When to retry a fixture (or alert) that failed ``failures`` times in a row."""
        if self.quarantines(failures):
            return now + timedelta(seconds=self.quarantine_retry_s)
        if not self.per_fixture_next_check:
            return None
        delay = min(self.failure_base_s * 2 ** max(0, failures - 1), self.failure_max_s)
        return now + timedelta(seconds=delay)
