"""Settling a market while its match is in play, once no later play can change it. Pure.

docs/rules/settlement.md §1.12: an over already passed, both teams already scored, the first
goal or card already seen, a closed half. The same "no future can change it" probe decides
as for an abandoned match (settle.py), with three more guards, because a goal can still be
taken back: only regulation time (the live minute at most 90), no VAR check under way
(FotMob's ``hasPendingVAR``), and the timeline's latest goal (latest card, for a card
market) at least ``min_age_min`` minutes old. Only markets decided by timed events are
settled in play (goals, cards, their order and halves); team stats and players' stat lines carry no
event times, so they wait for full time, as does every under. Full time re-checks every
early grade (grading/loops/early_watch.py).
"""

from __future__ import annotations

from dataclasses import replace

from grading.core.alerts import Alert, Grade
from grading.core.facts import MatchFacts, Score
from grading.core.settlement.catalogue import TIMELINE_KINDS, MarketSpec
from grading.core.settlement.rules import DEFAULT_RULES, Rules
from grading.core.settlement.settle import decided_grade, market_of
from grading.core.timeline import REGULATION_END, Timeline

# Counts the timeline's events make (docs/rules/settlement.md §1.5: cards from card events).
_TIMED_STATS = frozenset({"goals", "cards", "booking_points", "red_cards"})
_PLAYER_TIMED = frozenset(
    {"first_scorer", "last_scorer", "first_booked", "scorer_in", "scorer_how"}
)


def timed_market(spec: MarketSpec) -> bool:
    """A market settled from timed events only, so that an event's age can be checked."""
    if spec.subject == "player":
        return spec.kind in _PLAYER_TIMED
    return spec.kind in TIMELINE_KINDS or (spec.stat in _TIMED_STATS and spec.kind != "race")


_CARD_KINDS = frozenset({"first_card", "first_booked"})


def reads(spec: MarketSpec) -> str:
    """The events that decide a timed market: ``goals`` or ``cards``."""
    return "cards" if spec.kind in _CARD_KINDS or spec.stat in _TIMED_STATS - {"goals"} else "goals"


def quiet_for(facts: MatchFacts, events: str = "goals") -> int | None:
    """Whole minutes since the timeline's latest goal (or card), the live minute when it has
    none; None when the payload cannot tell."""
    if facts.live_minute is None or facts.timeline is None:
        return None
    shown = facts.timeline.goals if events == "goals" else facts.timeline.cards
    return facts.live_minute - max((event.minute for event in shown), default=0)


def in_play_blocker(facts: MatchFacts, min_age_min: int, events: str = "goals") -> str | None:
    """Why no market decided by ``events`` may be settled in play from this payload (None:
    it may be); ``min_age_min`` 0 checks the payload alone."""
    if facts.status != "in_play":
        return f"the match is {facts.status.replace('_', ' ')}"
    if facts.live_minute is None or facts.live_minute > REGULATION_END:
        return "regulation time is over or its minute unknown"
    if facts.pending_var:
        return "a VAR check is under way"
    quiet = quiet_for(facts, events)
    if quiet is None or quiet < min_age_min:
        return f"the latest {events[:-1]} is under {min_age_min} minutes old"
    return None


def settle_in_play(
    alert: Alert, facts: MatchFacts, min_age_min: int, rules: Rules = DEFAULT_RULES
) -> Grade | None:
    """The alert's grade if its market is already decided in play (None: wait for full
    time). Never raises: a market that cannot be read now simply waits."""
    if alert.problem is not None:
        return None
    try:
        spec = market_of(alert)
        if not timed_market(spec) or in_play_blocker(facts, min_age_min, reads(spec)) is not None:
            return None
        grade = decided_grade(alert, facts, rules.with_overrides(alert.rules))
    except Exception:  # anything unreadable in play is settled at full time instead
        return None
    if grade is None:
        return None
    return replace(grade, decided_minute=deciding_minute(alert, facts, grade, rules))


def deciding_minute(
    alert: Alert, facts: MatchFacts, grade: Grade, rules: Rules = DEFAULT_RULES
) -> int | None:
    """The minute the market was decided: the first goal or card (or the start of the
    second half, for a closed first half) after which the timeline gave ``grade``."""
    timeline, now = facts.timeline, facts.live_minute
    if timeline is None or now is None:
        return None
    moments = sorted(
        {g.minute for g in timeline.goals}
        | {c.minute for c in timeline.cards}
        | ({46} if now >= 46 else set())
        | {now}
    )
    for minute in moments:
        if minute > now:
            break
        cut = Timeline(
            tuple(g for g in timeline.goals if g.minute <= minute),
            tuple(c for c in timeline.cards if c.minute <= minute),
        )
        earlier = replace(
            facts, timeline=cut, live_minute=minute, score=Score(regulation=cut.score_in("ft"))
        )
        try:
            found = decided_grade(alert, earlier, rules.with_overrides(alert.rules))
        except Exception:  # an earlier cut that cannot be read is not the moment
            continue
        if found is not None and found.status == grade.status:
            return minute
    return now
