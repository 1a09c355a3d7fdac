"""What a market is settled on, measured from MatchFacts. Pure.

Rules and sources: docs/rules/settlement.md. Team counts are regulation time; a half's come
from the timeline (goals, cards) or the payload's period split (the rest).
"""

from __future__ import annotations

from collections.abc import Mapping

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts, PlayerFacts
from grading.core.settlement import timed
from grading.core.settlement.catalogue import SHOT_MAP_COUNTS, TIMELINE_KINDS, MarketSpec
from grading.core.settlement.outcomes import Bet, Measure, resolve_side
from grading.core.settlement.roster import find_player
from grading.core.settlement.rules import Rules, Ungradeable
from grading.core.timeline import CARD_COUNTS, card_tally

_PLAYER_TIMED = frozenset(
    {"first_scorer", "last_scorer", "first_booked", "scorer_in", "scorer_how"}
)
_PERIOD = {"ft": "in regulation", "1st": "in the 1st half", "2nd": "in the 2nd half"}


def parts_read(spec: MarketSpec, facts: MatchFacts) -> tuple[str, ...]:
    """The payload parts a market's settlement reads (docs/rules/fotmob.md §8)."""
    if spec.subject == "player":
        return (
            ("lineup", "events", "shotmap")
            if facts.extra_time_played or spec.stat in SHOT_MAP_COUNTS
            else ("lineup", "events")
        )
    if spec.kind in TIMELINE_KINDS or (spec.period != "ft" and spec.stat == "goals"):
        return ("events", "lineup") if spec.stat == "cards" else ("events",)
    if spec.stat in ("cards", "booking_points", "red_cards"):
        return ("events", "lineup")
    if spec.stat == "goals":
        return ("events",) if facts.extra_time_played else ()
    if spec.stat in ("headed_shots", "headed_sot"):
        return ("shotmap",)
    return (f"team_stats.{spec.stat}",)


def measure(
    spec: MarketSpec, bet: Bet, alert: Alert, facts: MatchFacts, rules: Rules
) -> Measure | str:
    """The measured value, or the reason (a text) a player's bet is void."""
    try:
        if spec.subject == "player":
            return _measure_player(spec, bet, alert, facts, rules)
        if spec.kind in TIMELINE_KINDS or spec.kind in ("exact", "race"):
            return timed.match_measure(spec, bet, facts)
        return _measure_pair(spec, bet, facts, rules)
    except timed.NotInPayload as exc:
        raise Ungradeable(str(exc)) from None


def _measure_pair(spec: MarketSpec, bet: Bet, facts: MatchFacts, rules: Rules) -> Measure:
    pair = _team_pair(spec.stat, facts, rules, spec.period)
    label = _stat_label(spec.stat, rules)
    when = _PERIOD[spec.period]
    frozen = timed.half_closed(facts, spec.period)
    if spec.kind == "total":
        total = pair[0] + pair[1]
        return Measure(pair, total, f"{label} {total} {when}", frozen=frozen)
    if spec.kind == "team_total":
        team = facts.home if bet.side == "home" else facts.away
        count = pair[0] if bet.side == "home" else pair[1]
        return Measure(pair, count, f"{team.name} {label} {count} {when}", frozen=frozen)
    return Measure(
        pair, f"{pair[0]}-{pair[1]}", f"{label} {pair[0]}-{pair[1]} {when}", frozen=frozen
    )


def _stat_label(stat: str, rules: Rules) -> str:
    if stat == "cards":
        return f"cards ({rules.card_convention})"
    return stat.replace("_", " ")


def _team_pair(stat: str, facts: MatchFacts, rules: Rules, period: str) -> tuple[int, int]:
    if stat == "goals":
        return timed.goals_pair(facts, period)
    if stat in ("cards", "booking_points") and period != "ft":
        # a half's cards; a second yellow implies a first one the feed left out of the match
        timeline = timed.timeline_of(facts)
        return _weighed(stat, rules, card_tally(timeline.cards_in(period), timeline.cards))
    if period != "ft":
        return timed.half_stat(facts, stat, period)
    if stat in ("cards", "booking_points", "red_cards"):
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
    Red cards: SY + R.
    """
    missing = [k for k in CARD_COUNTS if k not in facts.team_stats]
    if missing:
        raise Ungradeable(f"card counts ({', '.join(missing)}) are not in the payload")
    return _weighed(stat, rules, {k: facts.team_stats[k] for k in CARD_COUNTS})


def _weighed(stat: str, rules: Rules, tally: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
    """A tally of first yellows, second yellows and straight reds as ``stat`` counts it."""
    (yh, ya), (sh, sa), (rh, ra) = (tally[name] for name in CARD_COUNTS)
    dh, da = sh + rh, sa + ra
    if stat == "red_cards":
        return (dh, da)
    if stat == "booking_points":
        return (10 * yh + 25 * dh, 10 * ya + 25 * da)
    weight = 2 if rules.card_convention == "Y1R2" else 1
    return (yh + weight * dh, ya + weight * da)


def _alert_side(alert: Alert, facts: MatchFacts) -> str | None:
    """The side a player alert names through ``team``, if it names one we can place."""
    if alert.team is None:
        return None
    try:
        return resolve_side(alert.team, facts)
    except ValueError:
        return None


def _measure_player(
    spec: MarketSpec, bet: Bet, alert: Alert, facts: MatchFacts, rules: Rules
) -> Measure | str:
    if spec.kind in ("first_scorer", "last_scorer", "first_booked") and bet.selection == "none":
        return timed.player_measure(spec, None, facts, rules.own_goal_rule)
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
        return "not_in_squad"
    if rules.participation_rule == "started" and not player.started:
        return "did_not_start"
    lineup = "started" if player.started else "substitute"
    if spec.kind in _PLAYER_TIMED:
        found = timed.player_measure(spec, player, facts, rules.own_goal_rule)
        return (
            found
            if isinstance(found, str)
            else Measure(found.value, found.actual, found.describe, found.frozen, lineup)
        )
    value = _player_count(spec.stat, player, rules)
    # A player who left the pitch before an abandonment cannot add to his line.
    return Measure(
        value,
        value,
        f"{player.name}: {_stat_label(spec.stat, rules)} {value} in regulation",
        frozen=player.left_minute is not None,
        lineup=lineup,
    )


def _player_count(stat: str, player: PlayerFacts, rules: Rules) -> int:
    line = player.regulation
    needs = {"cards": ("yellow_cards", "red_cards"), "goals_or_assists": ("goals", "assists")}.get(
        stat, (stat,)
    )
    missing = [part for part in needs if part not in line]
    if missing:
        what = "cards" if stat == "cards" else " and ".join(missing).replace("_", " ")
        raise Ungradeable(
            f"player {what} in regulation time "
            f"{'are' if stat == 'cards' else 'is'} not in the payload"
        )
    return sum(line[part] for part in needs)
