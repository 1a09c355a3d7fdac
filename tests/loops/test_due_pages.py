"""A pass reads its due alerts in pages (FixturePolicy.page_size): every due alert is
handled in one pass however many there are, a fixture split over two pages costs no second
request, and alerts that stay due are not handed out twice."""

from __future__ import annotations

from datetime import timedelta

from grading.core.pacing.fixtures import FixturePolicy
from grading.edges.cache import SettledCache
from grading.loops.grading_pass import GradingPass
from tests.fakes import T0, ScriptedSource

POLICY = FixturePolicy(gate_on_kickoff=False, page_size=3)


def alerts(count: int, match_ids=("9000001", "9000002")) -> list[dict]:
    return [
        {
            "alert_id": f"p-{n:02d}",
            "match_id": match_ids[n % len(match_ids)],
            "market": "btts",
            "selection": "yes",
            "odds": 2,
            "stake": 10,
        }
        for n in range(count)
    ]


class CountingStore:
    """A store that counts its due reads and their sizes."""

    def __init__(self, store) -> None:
        self.store, self.reads = store, []

    def due_alerts(self, bot_type, now, limit=None):
        found = self.store.due_alerts(bot_type, now, limit)
        self.reads.append((limit, len(found)))
        return found

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_every_due_alert_is_graded_in_one_pass_page_by_page(store):
    store.add_alerts(alerts(10))
    counting, source = CountingStore(store), ScriptedSource()
    report = GradingPass(counting, SettledCache(source), None, owner="t", policy=POLICY).run(T0)
    assert (report.graded, report.fixtures_due) == (10, 2)
    assert all(limit == 3 for limit, _ in counting.reads)
    assert [size for _, size in counting.reads] == [3, 3, 3, 1]
    assert dict(source.fetches) == {"9000001": 1, "9000002": 1}  # split: cached answer


def test_alerts_that_stay_due_are_read_past_not_handed_out_twice(store):
    held = [
        {**doc, "alert_id": f"a-{n}", "match_id": "9000001"} for n, doc in enumerate(alerts(4))
    ]  # ids sort before the others
    store.add_alerts(held + alerts(5, ("9000002",)))
    assert store.acquire_lease("fixture:all:9000001", "other", T0, 600)
    counting = CountingStore(store)
    report = GradingPass(counting, ScriptedSource(), None, owner="t", policy=POLICY).run(T0)
    assert (report.graded, report.leased_elsewhere) == (5, 2)  # the held fixture, twice
    assert [limit for limit, _ in counting.reads] == [3, 3, 6, 6, 7]


def test_the_seed_reads_everything_at_once(store):
    store.add_alerts(alerts(7))
    counting = CountingStore(store)
    seed = FixturePolicy.seed()
    GradingPass(counting, ScriptedSource(), None, owner="t", policy=seed).run(
        T0 + timedelta(days=1)
    )
    assert counting.reads[0][0] is None
