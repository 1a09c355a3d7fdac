"""ImmediateBetGrader: the seed's grading API over an injected fixture source.

The source is any :class:`grading.ports.FixtureSource`: the live FotMob client, a folder of
recorded payloads, or the simulation's synthetic FotMob. Fixture data handed in directly may
be MatchFacts, a MatchFacts object or a FotMob payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts
from grading.core.fotmob.payloads import to_facts
from grading.core.settlement.settle import DEFAULT_RULES, Rules, settle
from grading.ports import FixtureSource


class ImmediateBetGrader:
    """Fetches a fixture once and grades alerts and users' bets against it."""

    def __init__(self, source: FixtureSource, rules: Rules = DEFAULT_RULES) -> None:
        self.source = source
        self.rules = rules

    def fetch_fixture_data(self, fotmob_match_id: str | int) -> MatchFacts:
        """MatchFacts of one fixture; the source's RateLimited / SourceUnavailable /
        BadPayload propagate to the caller, which owns the retry policy."""
        return self.source.fetch(str(fotmob_match_id))

    @staticmethod
    def is_fixture_finished(fixture_data: MatchFacts | Mapping[str, Any]) -> bool:
        """True once the fixture can be settled: finished, or void for good."""
        return to_facts(fixture_data).is_over

    def grade_bet_from_fixture_data(self, bet_doc: Mapping[str, Any] | None,
                                    fixture_data: MatchFacts | Mapping[str, Any],
                                    alert_data: Mapping[str, Any]) -> dict[str, Any]:
        """Grade a bet (or the alert itself when ``bet_doc`` is None).

        The bet's own ``stake`` and ``odds`` override the alert's. Returns the grade as
        ``{status, actual_value, returns, reason}`` with returns as a "12.34" string.
        """
        alert = Alert.from_json(alert_data)
        if bet_doc:
            alert = alert.priced(alert.alert_id, bet_doc.get("stake"), bet_doc.get("odds"))
        return settle(alert, to_facts(fixture_data), self.rules).result()
