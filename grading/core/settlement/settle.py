"""Pure settlement: (alert, MatchFacts, rules) -> Grade, exact to the cent.

Rules and sources: docs/rules/settlement.md. Defaults (docs/design.md), each
overridable per alert through ``alert.rules``: regulation time for every market; player
props need an appearance (``participation_rule: appeared``, or ``started``); cards
``Y1R2`` (or ``Y1R1_max2``); booking points 10 / 25, at most 35 per player; postponed,
cancelled and awarded matches refund; an abandoned match refunds unless the market was
already decided (1st-half markets stand when play stopped after half time); first / last
goalscorer skip own goals (``own_goal_rule: skip``, or ``own_goal``: an own goal is an
outcome of its own).
"""

from __future__ import annotations

from typing import Any

from grading.core.alerts import PENDING, UNGRADEABLE, Alert, Basis, Grade
from grading.core.facts import MatchFacts
from grading.core.settlement import lines
from grading.core.settlement.markets import MAPPER, MarketSpec, for_alert
from grading.core.settlement.measures import measure, parts_read
from grading.core.settlement.outcomes import (
    Bet,
    Measure,
    bet_without_match,
    outcome,
    prepare_bet,
)
from grading.core.settlement.roster import AmbiguousPlayer, PlayerNotFound
from grading.core.settlement.rules import DEFAULT_RULES, Rules, Ungradeable
from grading.core.settlement.timed import half_closed

__all__ = ["DEFAULT_RULES", "Rules", "Ungradeable", "decided_grade", "market_of", "settle"]

_VOID_STATUSES = {
    "postponed": "postponed",
    "cancelled": "cancelled",
    "awarded": "awarded by a governing body",
}
# docs/rules/settlement.md §1.7: an abandoned market stands only if nothing played later could
# change it. Futures probe "one more" and "many more" of each side's count.
_MANY = 1000


def settle(alert: Alert, facts: MatchFacts, rules: Rules = DEFAULT_RULES) -> Grade:
    """Grade one alert against one match; never raises for bad alert or missing data."""
    if alert.problem is not None:
        return Grade(alert.alert_id, UNGRADEABLE, reason=alert.problem)
    try:
        return _settle(alert, facts, rules.with_overrides(alert.rules))
    except (Ungradeable, AmbiguousPlayer, PlayerNotFound) as exc:
        return Grade(alert.alert_id, UNGRADEABLE, reason=str(exc))


def market_of(alert: Alert) -> MarketSpec:
    """The market an alert is on: its name, else PROPPR's stat fields; Ungradeable when
    neither names a market, or it is one FotMob cannot settle."""
    spec = MAPPER.map(alert.market)
    if spec is None and alert.market_stat is not None:
        spec = MAPPER.from_stat(*alert.market_stat)
    if spec is None:
        raise Ungradeable(f"unknown market {alert.market!r}")
    if spec.kind == "not_carried":
        raise Ungradeable(
            f"FotMob does not carry {spec.stat}: market {alert.market!r} cannot be settled from it"
        )
    return for_alert(spec, alert.player is not None, alert.team is not None)


# What an alert's own fields decide: (its market, its bet when no team name needs the
# match, or why it is unusable). Alerts repeat a few of these, so each is worked out once.
_Plan = tuple[MarketSpec | None, Bet | None, str | None]


_PLANS: dict[tuple[Any, ...], _Plan] = {}


def _plan(alert: Alert) -> _Plan:
    # types in the key: 1, 1.0 and True are equal keys but not the same market or line
    key = (
        type(alert.market),
        alert.market,
        alert.market_stat,
        alert.selection,
        type(alert.line),
        alert.line,
        alert.team,
        alert.player is not None,
    )
    try:
        found = _PLANS.get(key)
    except TypeError:  # a field that cannot be a key (a JSON list): work it out
        return _planned(alert)
    if found is None:
        if len(_PLANS) >= 8192:
            _PLANS.clear()
        found = _PLANS[key] = _planned(alert)
    return found


def _planned(alert: Alert) -> _Plan:
    try:
        spec = market_of(alert)
    except Ungradeable as exc:
        return None, None, str(exc)
    try:
        return spec, bet_without_match(spec, alert.selection, alert.line, alert.team), None
    except ValueError as exc:
        return spec, None, str(exc)


class _Undecided(Exception):
    """In play, a market that later play can still change."""


def decided_grade(alert: Alert, facts: MatchFacts, rules: Rules) -> Grade | None:
    """A match in play: the alert's grade if no later play can change it, else None
    (docs/rules/settlement.md §1.12; the guards against a goal taken back are the
    caller's: grading.core.settlement.early). Ungradeable when the alert or the payload
    cannot be read."""
    spec, bet, problem = _plan(alert)
    if spec is None or problem is not None:
        raise Ungradeable(problem)
    try:
        return _settled(alert, spec, bet, facts, rules)
    except _Undecided:
        return None


def _settle(alert: Alert, facts: MatchFacts, rules: Rules) -> Grade:
    spec, bet, problem = _plan(alert)
    if spec is None:
        raise Ungradeable(problem)
    if facts.status in ("not_started", "in_play"):
        return Grade(alert.alert_id, PENDING, reason=f"fixture not finished ({facts.status})")
    if problem is not None:
        raise Ungradeable(problem)
    return _settled(alert, spec, bet, facts, rules)


def _settled(
    alert: Alert, spec: MarketSpec, bet: Bet | None, facts: MatchFacts, rules: Rules
) -> Grade:
    if bet is None:
        try:
            bet = prepare_bet(spec, alert, facts)
        except ValueError as exc:
            raise Ungradeable(str(exc)) from None
    location = "player" if spec.subject == "player" else bet.side or "total"
    if facts.status in _VOID_STATUSES:
        return _graded(
            alert,
            lines.REFUND,
            None,
            f"match {_VOID_STATUSES[facts.status]}",
            Basis(spec.key, spec.stat, location, bet.side),
        )
    for part in parts_read(spec, facts):
        if part in facts.damaged:
            raise Ungradeable(f"the payload's {part} is damaged: {facts.damaged[part]}")
    measured = measure(spec, bet, alert, facts, rules)
    if isinstance(measured, str) and facts.status == "in_play":
        raise _Undecided  # a substitute may still come on
    if isinstance(measured, str):  # a player who took no part, or void: refunded
        return _graded(
            alert,
            lines.REFUND,
            None,
            measured,
            Basis(spec.key, spec.stat, location, bet.side, None, _NO_PART.get(measured)),
        )
    basis = Basis(
        spec.key, spec.stat, location, bet.side, _pair_text(measured.value), measured.lineup
    )
    return _outcome(alert, bet, measured, facts, basis)


# docs/rules/settlement.md §1.8: why a player prop is refunded, as PROPPR's lineup_status.
_NO_PART = {"not_in_squad": "not_in_squad", "did_not_start": "substitute"}


def _pair_text(value: Any) -> str | None:
    return f"{value[0]}-{value[1]}" if isinstance(value, tuple) and len(value) == 2 else None


def _outcome(alert: Alert, bet: Bet, measured: Measure, facts: MatchFacts, basis: Basis) -> Grade:
    status = outcome(bet, measured.value)
    reason = measured.describe
    if facts.status in ("abandoned", "in_play"):
        futures = (
            [measured.value]
            if measured.frozen
            else _futures(measured.value, half_closed(facts, "1st"))
        )
        if any(outcome(bet, future) != status for future in futures):
            if facts.status == "in_play":
                raise _Undecided
            minute = facts.abandon_minute
            at = f" at {minute}'" if minute is not None else ""
            return _graded(
                alert,
                lines.REFUND,
                measured.actual,
                f"abandoned{at} before the market was decided",
                basis,
            )
        reason += (
            "; abandoned, market already decided"
            if facts.status == "abandoned"
            else f"; settled in play at {facts.live_minute}', no later play can change it"
        )
    return _graded(alert, status, measured.actual, reason, basis)


def _graded(
    alert: Alert, status: str, actual: Any, reason: str, basis: Basis | None = None
) -> Grade:
    if not alert.stake_given:
        reason += "; no stake given: 1 unit"
    if alert.odds is None:
        return Grade(
            alert.alert_id, status, actual, None, reason + "; no odds, returns unknown", basis
        )
    return Grade(
        alert.alert_id,
        status,
        actual,
        lines.returns(status, alert.stake, alert.odds),
        reason,
        basis,
    )


# The answers an order market's value could still turn into.
_ANSWERS = ({"yes", "no"}, {"home", "away", "none"}, {"none", "some"})


def _futures(value: Any, first_half_over: bool) -> list[Any]:
    if isinstance(value, str):
        return sorted(next(answers for answers in _ANSWERS if value in answers))
    if isinstance(value, int):
        return [value + 1, value + _MANY]
    if len(value) == 4:  # the halves: a closed 1st half can no longer change
        first, second = value[:2], value[2:]
        seconds = _futures(second, False)
        firsts = [first] if first_half_over else _futures(first, False)
        return [(*f, *s) for f in firsts for s in seconds]
    home, away = value
    return [
        (home + 1, away),
        (home, away + 1),
        (home + _MANY, away),
        (home, away + _MANY),
        (home + _MANY, away + _MANY),
    ]
