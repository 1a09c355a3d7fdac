"""Pure settlement: (alert, MatchFacts, rules) -> Grade, exact to the cent.

Rules and sources: docs/rules/settlement.md. Defaults (docs/design.md), each
overridable per alert through ``alert.rules``: regulation time for every market; player
props need an appearance (``participation_rule: appeared``, or ``started``); cards
``Y1R2`` (or ``Y1R1_max2``); booking points 10 / 25, at most 35 per player; postponed,
cancelled and awarded matches refund; an abandoned match refunds unless the market was
already decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

from grading.core.alerts import PENDING, UNGRADEABLE, Alert, Basis, Grade
from grading.core.facts import MatchFacts
from grading.core.settlement import lines
from grading.core.settlement.markets import MAPPER, MarketSpec, for_alert
from grading.core.settlement.outcomes import Bet, Measure, outcome, prepare_bet, resolve_side
from grading.core.settlement.roster import AmbiguousPlayer, PlayerNotFound, find_player

_VOID_STATUSES = {"postponed": "postponed", "cancelled": "cancelled",
                  "awarded": "awarded by a governing body"}
# docs/rules/settlement.md §1.7: an abandoned market stands only if nothing played later could
# change it. Futures probe "one more" and "many more" of each side's count.
_MANY = 1000


class Ungradeable(Exception):
    """The alert cannot be settled from this payload; the message says why."""


@dataclass(frozen=True, slots=True)
class Rules:
    """Settlement options; see the module docstring for what each one means."""

    card_convention: str = "Y1R2"
    participation_rule: str = "appeared"

    _CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {
        "card_convention": ("Y1R2", "Y1R1_max2"),
        "participation_rule": ("appeared", "started"),
    }

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> Rules:
        """These rules with an alert's ``rules`` applied; unknown keys are ignored."""
        if not overrides:
            return self
        changes = {}
        for f in fields(self):
            value = (overrides or {}).get(f.name)
            if value is None:
                continue
            if value not in self._CHOICES[f.name]:
                allowed = " or ".join(self._CHOICES[f.name])
                raise Ungradeable(f"rule {f.name}={value!r} is not {allowed}")
            changes[f.name] = value
        return replace(self, **changes)


DEFAULT_RULES = Rules()


def settle(alert: Alert, facts: MatchFacts, rules: Rules = DEFAULT_RULES) -> Grade:
    """Grade one alert against one match; never raises for bad alert or missing data."""
    if alert.problem is not None:
        return Grade(alert.alert_id, UNGRADEABLE, reason=alert.problem)
    try:
        return _settle(alert, facts, rules.with_overrides(alert.rules))
    except (Ungradeable, AmbiguousPlayer, PlayerNotFound) as exc:
        return Grade(alert.alert_id, UNGRADEABLE, reason=str(exc))


def _settle(alert: Alert, facts: MatchFacts, rules: Rules) -> Grade:
    spec = MAPPER.map(alert.market)
    if spec is None:
        raise Ungradeable(f"unknown market {alert.market!r}")
    spec = for_alert(spec, alert.player is not None, alert.team is not None)
    if facts.status in ("not_started", "in_play"):
        return Grade(alert.alert_id, PENDING, reason=f"fixture not finished ({facts.status})")
    try:
        bet = prepare_bet(spec, alert, facts)
    except ValueError as exc:
        raise Ungradeable(str(exc)) from None
    location = "player" if spec.subject == "player" else bet.side or "total"
    if facts.status in _VOID_STATUSES:
        return _graded(alert, lines.REFUND, None, f"match {_VOID_STATUSES[facts.status]}",
                       Basis(spec.key, spec.stat, location, bet.side))
    for part in _parts_read(spec, facts):
        if part in facts.damaged:
            raise Ungradeable(f"the payload's {part} is damaged: {facts.damaged[part]}")
    measured = _measure(spec, bet, alert, facts, rules)
    if isinstance(measured, Grade):        # a player who took no part: refunded
        lineup = _NO_PART.get(measured.reason.split(";")[0])
        return replace(measured, basis=Basis(spec.key, spec.stat, location, bet.side,
                                             None, lineup))
    basis = Basis(spec.key, spec.stat, location, bet.side, _pair_text(measured.value),
                  measured.lineup)
    return _outcome(alert, bet, measured, facts, basis)


# docs/rules/settlement.md §1.8: why a player prop is refunded, as PROPPR's lineup_status.
_NO_PART = {"not_in_squad": "not_in_squad", "did_not_start": "substitute"}


def _pair_text(value: Any) -> str | None:
    return f"{value[0]}-{value[1]}" if isinstance(value, tuple) else None


def _outcome(alert: Alert, bet: Bet, measured: Measure, facts: MatchFacts,
             basis: Basis) -> Grade:
    status = outcome(bet, measured.value)
    reason = measured.describe
    if facts.status == "abandoned":
        futures = [measured.value] if measured.frozen else _futures(measured.value)
        if any(outcome(bet, future) != status for future in futures):
            minute = facts.abandon_minute
            at = f" at {minute}'" if minute is not None else ""
            return _graded(alert, lines.REFUND, measured.actual,
                           f"abandoned{at} before the market was decided", basis)
        reason += "; abandoned, market already decided"
    return _graded(alert, status, measured.actual, reason, basis)


def _parts_read(spec: MarketSpec, facts: MatchFacts) -> tuple[str, ...]:
    """The payload parts a market's settlement reads (docs/rules/fotmob.md §8)."""
    if spec.subject == "player":
        return ("lineup", "events", "shotmap") if facts.extra_time_played else \
            ("lineup", "events")
    if spec.stat in ("cards", "booking_points"):
        return ("events", "lineup")
    if spec.stat == "goals":
        return ("events",) if facts.extra_time_played else ()
    return (f"team_stats.{spec.stat}",)


def _alert_side(alert: Alert, facts: MatchFacts) -> str | None:
    """The side a player alert names through ``team``, if it names one we can place."""
    if alert.team is None:
        return None
    try:
        return resolve_side(alert.team, facts)
    except ValueError:
        return None


def _graded(alert: Alert, status: str, actual: Any, reason: str,
            basis: Basis | None = None) -> Grade:
    if not alert.stake_given:
        reason += "; no stake given: 1 unit"
    if alert.odds is None:
        return Grade(alert.alert_id, status, actual, None, reason + "; no odds, returns unknown",
                     basis)
    return Grade(alert.alert_id, status, actual, lines.returns(status, alert.stake, alert.odds),
                 reason, basis)


def _futures(value: int | tuple[int, int]) -> list[Any]:
    if isinstance(value, int):
        return [value + 1, value + _MANY]
    home, away = value
    return [(home + 1, away), (home, away + 1), (home + _MANY, away), (home, away + _MANY),
            (home + _MANY, away + _MANY)]


def _measure(spec: MarketSpec, bet: Bet, alert: Alert, facts: MatchFacts,
             rules: Rules) -> Measure | Grade:
    if spec.subject == "player":
        return _measure_player(spec, alert, facts, rules)
    pair = _team_pair(spec.stat, facts, rules)
    label = _stat_label(spec.stat, rules)
    if spec.kind == "total":
        total = pair[0] + pair[1]
        return Measure(pair, total, f"{label} {total} in regulation")
    if spec.kind == "team_total":
        team = facts.home if bet.side == "home" else facts.away
        count = pair[0] if bet.side == "home" else pair[1]
        return Measure(pair, count, f"{team.name} {label} {count} in regulation")
    return Measure(pair, f"{pair[0]}-{pair[1]}",
                   f"{_stat_label(spec.stat, rules)} {pair[0]}-{pair[1]} in regulation")


def _stat_label(stat: str, rules: Rules) -> str:
    if stat == "cards":
        return f"cards ({rules.card_convention})"
    return stat.replace("_", " ")


def _team_pair(stat: str, facts: MatchFacts, rules: Rules) -> tuple[int, int]:
    if stat == "goals":
        if facts.score.regulation is None:
            raise Ungradeable("the regulation-time score is not in the payload")
        return facts.score.regulation
    if stat in ("cards", "booking_points"):
        return _cards(stat, facts, rules)
    if stat not in facts.team_stats:
        raise Ungradeable(f"team stat {stat!r} is not in the payload")
    return facts.team_stats[stat]


def _cards(stat: str, facts: MatchFacts, rules: Rules) -> tuple[int, int]:
    """docs/rules/settlement.md §1.5, from first yellows (Y), second yellows (SY), straight reds
    (R).

    Y1R2: Y=1, a dismissal 2 (the second yellow itself not counted): Y + 2(SY + R).
    Y1R1_max2: every card 1, at most 2 a player: Y + SY + R.
    Booking points: Y=10, a dismissal 25: 10Y + 25(SY + R); a player's first yellow and
    his dismissal make 35, the cap, so the cap never needs a separate step.
    """
    keys = ("yellow_cards", "second_yellow_cards", "straight_red_cards")
    missing = [k for k in keys if k not in facts.team_stats]
    if missing:
        raise Ungradeable(f"card counts ({', '.join(missing)}) are not in the payload")
    (yh, ya), (sh, sa), (rh, ra) = (facts.team_stats[k] for k in keys)
    if stat == "booking_points":
        return (10 * yh + 25 * (sh + rh), 10 * ya + 25 * (sa + ra))
    dismissal = 2 if rules.card_convention == "Y1R2" else 1
    return (yh + dismissal * (sh + rh), ya + dismissal * (sa + ra))


def _measure_player(spec: MarketSpec, alert: Alert, facts: MatchFacts,
                    rules: Rules) -> Measure | Grade:
    if alert.player is None:
        raise Ungradeable("a player market needs a player")
    if not facts.players:
        raise Ungradeable("the payload has no lineup")
    complete = facts.lineup_complete and "lineup" not in facts.damaged
    player = find_player(facts.players, alert.player, _alert_side(alert, facts), complete)
    if player is not None and player.damaged:
        raise Ungradeable(player.damaged)
    if player is None or not player.in_squad or not player.appeared:
        # docs/rules/settlement.md §1.8: unavailable, an unused substitute, or (his id absent
        # from a complete lineup) not listed at all: no part taken, refund.
        return _graded(alert, lines.REFUND, None, "not_in_squad")
    if rules.participation_rule == "started" and not player.started:
        return _graded(alert, lines.REFUND, None, "did_not_start")
    line = player.regulation
    if spec.stat == "cards":
        if "yellow_cards" not in line or "red_cards" not in line:
            raise Ungradeable("player cards in regulation time are not in the payload")
        value = line["yellow_cards"] + line["red_cards"]
    elif spec.stat in line:
        value = line[spec.stat]
    else:
        raise Ungradeable(f"player {spec.stat.replace('_', ' ')} in regulation time "
                          "is not in the payload")
    # A player who left the pitch before an abandonment cannot add to his line.
    frozen = player.left_minute is not None
    return Measure(value, value, f"{player.name}: {_stat_label(spec.stat, rules)} {value} "
                                 "in regulation", frozen=frozen,
                   lineup="started" if player.started else "substitute")
