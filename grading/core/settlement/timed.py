"""Measures of the markets that read a half or the timeline's order. Pure.

docs/rules/settlement.md §1.10: half markets settle on the half's own events including its
stoppage time, never extra time; goalscorer markets never count own goals; first / last
goalscorer skip own goals (rule ``own_goal_rule: skip``) or treat one as an outcome of its
own (``own_goal``); a player who came on after the first goal is void for first
goalscorer; the first card shown wins "booked first", minute ties in the order shown.
Each measure says whether an abandonment can still change it (``frozen``).
"""

from __future__ import annotations

from grading.core.facts import MatchFacts, PlayerFacts
from grading.core.settlement.catalogue import MarketSpec
from grading.core.settlement.outcomes import Bet, Measure
from grading.core.timeline import FIRST_HALF_END, GoalEvent, Timeline

Pair = tuple[int, int]


class NotInPayload(Exception):
    """What the market needs is not in this payload; the message says what."""


def timeline_of(facts: MatchFacts) -> Timeline:
    """The match's timeline, checked against the regulation score it must add up to."""
    timeline = facts.timeline
    if timeline is None:
        raise NotInPayload("the payload has no goal and card timeline")
    regulation = facts.score.regulation
    if regulation is not None and timeline.score_in("ft") != regulation:
        raise NotInPayload("the goal timeline does not add up to the regulation score")
    return timeline


def half_closed(facts: MatchFacts, period: str) -> bool:
    """A half already over: before an abandoned match stopped (R3: it stands), or before
    the minute a match in play has reached (the ticker shows 45 through half-time, so only
    46 and later close the first half)."""
    minute = facts.live_minute if facts.status == "in_play" else facts.abandon_minute
    return period == "1st" and minute is not None and minute > FIRST_HALF_END


def goals_pair(facts: MatchFacts, period: str) -> Pair:
    if period == "ft":
        if facts.score.regulation is None:
            raise NotInPayload("the regulation-time score is not in the payload")
        return facts.score.regulation
    return timeline_of(facts).score_in(period)


def half_stat(facts: MatchFacts, stat: str, period: str) -> Pair:
    found = facts.half_stats.get(period, {}).get(stat)
    if found is None:
        raise NotInPayload(f"the payload does not split {stat.replace('_', ' ')} by half")
    return found


def match_measure(spec: MarketSpec, bet: Bet, facts: MatchFacts) -> Measure:
    """Markets on both halves, exact goals, goal methods and the order of goals, cards and
    corners."""
    kind = spec.kind
    if kind in ("ht_ft", "win_either_half", "win_both_halves", "score_both_halves", "highest_half"):
        timeline = timeline_of(facts)
        first, second = timeline.score_in("1st"), timeline.score_in("2nd")
        return Measure(
            (*first, *second),
            f"{_show(first)} / {_show(second)}",
            f"halves {_show(first)} and {_show(second)} in regulation",
        )
    if kind == "exact":
        home, away = goals_pair(facts, "ft")
        return Measure(home + away, home + away, f"goals {home + away} in regulation")
    if kind == "goal_count":
        return _goal_method(spec.stat, facts)
    if kind in ("first_goal", "last_goal"):
        goals = timeline_of(facts).goals_in("ft")
        scored = goals[0 if kind == "first_goal" else -1] if goals else None
        side = scored.side if scored else "none"
        what = "first" if kind == "first_goal" else "last"
        return Measure(
            side,
            side,
            f"{what} goal: {_side_name(facts, side)}",
            frozen=kind == "first_goal" and scored is not None,
        )
    if kind == "first_card":
        cards = timeline_of(facts).cards_in("ft")
        side = cards[0].side if cards else "none"
        return Measure(side, side, f"first card: {_side_name(facts, side)}", frozen=bool(cards))
    if kind == "race":
        return _race(bet, facts)
    raise AssertionError(f"no measure for kind {kind!r}")


def _goal_method(flag: str, facts: MatchFacts) -> Measure:
    goals = [g for g in timeline_of(facts).goals_in("ft") if not g.own_goal]
    unknown = [g for g in goals if getattr(g, flag) is None]
    if unknown:
        raise NotInPayload(
            f"the payload does not say whether the {unknown[0].minute}' goal "
            f"was {_FLAG_WORDS[flag]}"
        )
    count = sum(1 for g in goals if getattr(g, flag))
    return Measure(count, count, f"goals {_FLAG_WORDS[flag]} {count} in regulation")


_FLAG_WORDS = {"header": "headed", "outside_box": "from outside the box", "penalty": "penalties"}


def _race(bet: Bet, facts: MatchFacts) -> Measure:
    """R9: home / away / none; decided only if no more than one side reached N."""
    corners = facts.team_stats.get("corners")
    if corners is None:
        raise NotInPayload("team stat 'corners' is not in the payload")
    target = (bet.quarters or 0) // 4 if (bet.quarters or 0) % 4 == 0 else None
    if target is None or target < 1:
        raise NotInPayload("race to corners needs a whole number of corners as its line")
    home, away = (count >= target for count in corners)
    if home and away:
        raise NotInPayload(f"corner order is not in the payload (both sides reached {target})")
    winner = "home" if home else "away" if away else "none"
    return Measure(
        winner,
        _show(corners),
        f"corners {_show(corners)}: race to {target} won by {_side_name(facts, winner)}",
        frozen=winner != "none",
    )


def player_measure(
    spec: MarketSpec, player: PlayerFacts | None, facts: MatchFacts, own_goal_rule: str
) -> Measure | str:
    """A scorer or booking market on ``player`` (None: "no goalscorer"); a text is the
    reason the bet is void."""
    timeline = timeline_of(facts)
    kind = spec.kind
    if kind in ("first_scorer", "last_scorer"):
        return _scorer_order(kind, player, facts, own_goal_rule)
    if kind == "first_booked":
        cards = timeline.cards_in("ft")
        first = cards[0] if cards else None
        answer = _answer(player, first.player_id if first else None)
        who = _name(facts, first.player_id, first.player) if first else "nobody"
        return Measure(answer, who, f"first booked: {who}", frozen=first is not None)
    assert player is not None
    goals = [
        g for g in timeline.goals_in(spec.period) if g.scorer_id == player.id and not g.own_goal
    ]
    if kind == "scorer_in":
        half = "1st" if spec.period == "1st" else "2nd"
        return Measure(
            len(goals),
            len(goals),
            f"{player.name}: {len(goals)} goals in the {half} half",
            frozen=half_closed(facts, spec.period),
        )
    # kind == "scorer_how"
    count = sum(1 for g in goals if getattr(g, spec.stat))
    if count == 0 and any(getattr(g, spec.stat) is None for g in goals):
        raise NotInPayload(
            f"the payload does not say whether {player.name}'s goals were {_FLAG_WORDS[spec.stat]}"
        )
    return Measure(
        count,
        count,
        f"{player.name}: {count} goals {_FLAG_WORDS[spec.stat]} in regulation",
        frozen=player.left_minute is not None and count > 0,
    )


def _scorer_order(
    kind: str, player: PlayerFacts | None, facts: MatchFacts, own_goal_rule: str
) -> Measure | str:
    goals = timeline_of(facts).goals_in("ft")
    if own_goal_rule == "skip":
        goals = [g for g in goals if not g.own_goal]
    scored: GoalEvent | None = None
    if goals:
        scored = goals[0] if kind == "first_scorer" else goals[-1]
    if (
        kind == "first_scorer"
        and player is not None
        and scored is not None
        and player.entered_minute is not None
        and player.entered_minute > scored.minute
    ):
        # R4: a player who came on after the first goal is void for first goalscorer
        return f"came on at {player.entered_minute}' after the first goal"
    who = (
        "own goal"
        if scored is not None and scored.own_goal
        else _name(facts, scored.scorer_id, scored.scorer)
        if scored is not None
        else "no goalscorer"
    )
    scorer_id = None if scored is None or scored.own_goal else scored.scorer_id
    answer = _answer(player, scorer_id, scored is None)
    what = "first" if kind == "first_scorer" else "last"
    return Measure(
        answer,
        who,
        f"{what} goalscorer: {who}",
        frozen=kind == "first_scorer" and scored is not None,
    )


def _name(facts: MatchFacts, player_id: str | None, written: str | None) -> str:
    """A player's name as the lineup lists it (the event's own text as a fallback)."""
    listed = next((p.name for p in facts.players if player_id and p.id == player_id), None)
    return listed or written or f"player {player_id}"


def _answer(player: PlayerFacts | None, found_id: str | None, nobody: bool | None = None) -> str:
    """ "yes" / "no" for a player's bet; "none" / "some" for a bet on nobody."""
    if player is None:
        return "none" if (found_id is None if nobody is None else nobody) else "some"
    return "yes" if found_id is not None and found_id == player.id else "no"


def _side_name(facts: MatchFacts, side: str) -> str:
    return facts.home.name if side == "home" else facts.away.name if side == "away" else "nobody"


def _show(pair: tuple[int, ...]) -> str:
    return "-".join(str(n) for n in pair)
