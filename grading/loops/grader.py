"""ImmediateBetGrader: the seed's grading API over an injected fixture source.

The source is any :class:`grading.ports.FixtureSource`: the live FotMob client, a folder of
recorded payloads, or the simulation's synthetic FotMob. Fixture data handed in directly may
be MatchFacts, a MatchFacts object or a FotMob payload.

Documents may be in either dialect. A native alert (``alert_id, market, selection, line,
...``) gives the native grade ``{status, actual_value, returns, reason}``. A PROPPR alert
(capitalised ``Match, Market, Threshold, Odds, ...``; its bets lower-case ``actual_stake,
units_staked, odds, ...``: docs/rules/proppr.md) gives PROPPR's keys: ``result_status,
actual_value, actual_result, graded_at, graded_immediately, ...`` and, for a bet,
``returns`` and ``profit_loss`` to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grading.core.alerts import Alert
from grading.core.errors import SourceUnavailable
from grading.core.facts import MatchFacts
from grading.core.fotmob.payloads import to_facts
from grading.core.http import Failure
from grading.core.schemas._proppr_bets import tracking_fields
from grading.core.schemas.proppr import PROPPR
from grading.core.settlement.settle import DEFAULT_RULES, Rules, settle
from grading.edges.clock import SystemClock
from grading.loops.locating import Finding, Lookup, with_match
from grading.ports import Clock, FixtureSource


def is_proppr(alert_data: Mapping[str, Any]) -> bool:
    """PROPPR's alerts name their market and match with capitalised keys."""
    return "Market" in alert_data or "Match" in alert_data


class ImmediateBetGrader:
    """Fetches a fixture once and grades alerts and users' bets against it."""

    def __init__(
        self,
        source: FixtureSource,
        rules: Rules = DEFAULT_RULES,
        clock: Clock | None = None,
        finding: Finding | None = None,
    ) -> None:
        self.source = source
        self.rules = rules
        self.clock = clock or SystemClock()
        self.finding = finding

    def fetch_fixture_data(self, fotmob_match_id: str | int | Mapping[str, Any]) -> MatchFacts:
        """MatchFacts of one fixture, by FotMob id, or for an alert (its
        ``fotmob_match_id``, else its match found by name in the day lists). The source's
        RateLimited / SourceUnavailable / BadPayload propagate to the caller, which owns the
        retry policy; an alert whose match cannot be found is SourceUnavailable with why."""
        if not isinstance(fotmob_match_id, Mapping):
            return self.source.fetch(str(fotmob_match_id))
        view = (
            PROPPR.view(fotmob_match_id, None)
            if is_proppr(fotmob_match_id)
            else dict(fotmob_match_id)
        )
        view, unlocated = with_match(view, Lookup(self.source, self.finding))
        if unlocated is not None:
            raise SourceUnavailable(unlocated, kind=Failure.NOT_FOUND)
        if view.get("match_id") is None:
            raise SourceUnavailable("the alert names no FotMob match", kind=Failure.NOT_FOUND)
        return self.source.fetch(str(view["match_id"]))

    @staticmethod
    def is_fixture_finished(fixture_data: MatchFacts | Mapping[str, Any]) -> bool:
        """True once the fixture can be settled: finished, or void for good."""
        return to_facts(fixture_data).is_over

    def grade_alert_with_fixture(
        self,
        alert_data: Mapping[str, Any],
        fixture_data: MatchFacts | Mapping[str, Any],
    ) -> dict[str, Any]:
        """Grade an alert itself (one unit at its odds)."""
        return self.grade_bet_from_fixture_data(None, fixture_data, alert_data)

    def grade_bet_from_fixture_data(
        self,
        bet_doc: Mapping[str, Any] | None,
        fixture_data: MatchFacts | Mapping[str, Any],
        alert_data: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Grade a bet (or the alert itself when ``bet_doc`` is None).

        Native documents: the bet's own ``stake`` and ``odds`` override the alert's, and
        the grade is ``{status, actual_value, returns, reason}`` with returns as "12.34".
        PROPPR's: see the module docstring.
        """
        facts = to_facts(fixture_data)
        if is_proppr(alert_data):
            return self._proppr(bet_doc, facts, alert_data)
        alert = Alert.from_json(alert_data)
        if bet_doc:
            alert = alert.priced(alert.alert_id, bet_doc.get("stake"), bet_doc.get("odds"))
        return settle(alert, facts, self.rules).result()

    def _proppr(
        self, bet_doc: Mapping[str, Any] | None, facts: MatchFacts, alert_data: Mapping[str, Any]
    ) -> dict[str, Any]:
        now = self.clock.now()
        view = PROPPR.view({"_id": alert_data.get("_id", "alert"), **alert_data}, None)
        alert = Alert.from_json(view)
        if bet_doc is None:
            record = settle(alert, facts, self.rules).record()
            return {**tracking_fields(alert_data, record, now), "graded_immediately": True}
        bet = PROPPR.bet_view({"bet_id": "bet", **bet_doc}, {})
        record = settle(
            alert.priced(bet["bet_id"], bet["stake"], bet["odds"], bet["problem"]),
            facts,
            self.rules,
        ).record()
        # Nothing is written here, so a manual bet is computed like any other: the caller
        # decides what to do with it (the daemon never touches one).
        sets = PROPPR.bet_settled({**bet_doc, "manual_override": False}, record, now)
        tracking = sets.get("result_tracking") or {}
        return {
            **tracking_fields(bet_doc, record, now),
            **tracking,
            "returns": sets.get("returns"),
            "profit_loss": sets.get("profit_loss"),
            "graded_immediately": True,
        }
