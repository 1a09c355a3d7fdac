"""Early grades in the grading pass (docs/rules/settlement.md §1.12): settled in play,
watched until full time (across a restart), re-checked, and a reversal corrected with the
audit trail, on every store."""

from __future__ import annotations

from datetime import timedelta

from grading.core.facts import MatchFacts
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.timeline import GoalEvent
from grading.loops.grading_pass import GradingPass
from tests.fakes import T0, ScriptedSource, in_play

POLICY = FixturePolicy(gate_on_kickoff=False, settle_in_play=True)
# A goal shown at 70' that VAR takes back after the check (here: no flag was ever raised,
# the worst case), so "over 3.5" looks won at 80' and is lost at full time (2-1).
PHANTOM = GoalEvent(70, "away", None, "disallowed")


class InPlaySource(ScriptedSource):
    """9000001 in play at the minutes given, one fetch each, then as it ended."""

    def __init__(self, *answers: MatchFacts) -> None:
        super().__init__()
        self.answers = list(answers)

    def fetch(self, match_id, pages=()):
        final = super().fetch(match_id, pages)
        return self.answers.pop(0) if self.answers else final


def alerts(**lines: float) -> list[dict]:
    return [
        {
            "alert_id": name,
            "match_id": "9000001",
            "market": "total_goals",
            "selection": "over",
            "line": line,
            "odds": 2,
            "stake": 10,
        }
        for name, line in lines.items()
    ]


def final_facts() -> MatchFacts:
    return ScriptedSource().recorded.fetch("9000001")


def test_a_decided_over_is_settled_in_play_and_confirmed_at_full_time(store):
    store.add_alerts(alerts(over15=1.5, over25=2.5))
    source = InPlaySource(in_play(final_facts(), 60))
    passes = GradingPass(store, source, None, owner="t", policy=POLICY)
    report = passes.run(T0)
    assert (report.early_graded, report.deferred) == (1, 1)  # over 2.5 waits
    tracking = store.get_alert("over15")["result_tracking"]
    assert (tracking["status"], tracking["decided_minute"]) == ("won", 38)
    report = passes.run(T0 + timedelta(hours=2))
    assert (report.graded, report.early_reversed, passes.early.counts.confirmed) == (1, 0, 1)
    assert store.get_alert("over15")["result_tracking"]["status"] == "won"


def test_a_reversal_survives_a_restart_and_is_corrected_with_the_audit_trail(store):
    store.add_alerts(alerts(over35=3.5))
    early = in_play(final_facts(), 80, (PHANTOM,))
    GradingPass(store, InPlaySource(early), None, owner="t", policy=POLICY).run(T0)
    assert store.get_alert("over35")["result_tracking"]["status"] == "won"
    restarted = GradingPass(store, InPlaySource(), None, owner="t", policy=POLICY)
    report = restarted.run(T0 + timedelta(hours=2))  # nothing pending: the watch
    assert report.early_reversed == 1
    tracking = store.get_alert("over35")["result_tracking"]
    assert (tracking["status"], tracking["returns"]) == ("lost", "0.00")
    assert tracking["audit"][-1]["by"] == "full-time re-check"
    again = GradingPass(store, InPlaySource(), None, owner="t", policy=POLICY)
    assert again.run(T0 + timedelta(hours=3)).early_reversed == 0  # re-checked once


def test_nothing_is_settled_in_play_under_a_var_check_or_off_policy(store):
    store.add_alerts(alerts(over15=1.5))
    checking = in_play(final_facts(), 60, var=True)
    report = GradingPass(store, InPlaySource(checking), None, owner="t", policy=POLICY).run(T0)
    assert (report.early_graded, report.deferred) == (0, 1)
    off = FixturePolicy(gate_on_kickoff=False)
    report = GradingPass(
        store, InPlaySource(in_play(final_facts(), 60)), None, owner="t", policy=off
    ).run(T0 + timedelta(hours=1))
    assert (report.early_graded, report.deferred) == (0, 1)


def test_proppr_documents_carry_result_changed_from(proppr_store):
    doc = {
        "_id": "65f000000000000000000001",
        "Match": "Home vs Away",
        "Date": "2026-11-21",
        "Time": "15:00:00",
        "Market": "Match Goals",
        "Threshold": 3.5,
        "market_direction": "over",
        "Odds": 2.0,
        "fotmob_match_id": "9000001",
    }
    proppr_store.add_alerts([doc], bot_type="team")
    early = in_play(final_facts(), 80, (PHANTOM,))
    GradingPass(proppr_store, InPlaySource(early), "team", owner="t", policy=POLICY).run(T0)
    GradingPass(proppr_store, InPlaySource(), "team", owner="t", policy=POLICY).run(
        T0 + timedelta(hours=2)
    )
    stored = proppr_store.get_alert(doc["_id"])["result_tracking"]
    assert (stored["status"], stored["decided_minute"], stored["changed_reason"]) == (
        "lost",
        75,
        "settled in play as won, full time says lost",
    )  # 4th goal 75'
