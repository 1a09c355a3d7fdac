"""Selections, sides and lines of a bet, and the outcome of each market kind. Pure.

``outcome(bet, value)`` is a total function of the measured value (a ``(home, away)``
pair, or one player's count), so settlement can also ask it about possible futures.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts
from grading.core.settlement import lines
from grading.core.settlement.markets import MarketSpec
from grading.core.settlement.selections import (
    SIDE_KINDS,
    NeedsMatch,
    resolve_side,
    selection_of,
    side_of,
    yes_no,
)

__all__ = ["Bet", "Measure", "Value", "bet_without_match", "outcome", "prepare_bet", "resolve_side"]

# A count; a (home, away) pair; the halves (home 1st, away 1st, home 2nd, away 2nd); or a
# decided answer ("yes" / "no", "home" / "away" / "none") for the timeline's order markets.
Value = int | tuple[int, int] | tuple[int, int, int, int] | str
# kinds where "yes" is over 0.5 and "no" under 0.5 unless a line is given
_YES_MEANS_OVER = ("player_total", "scorer_in", "scorer_how", "total", "team_total")
_YES_BY_DEFAULT = ("first_scorer", "last_scorer", "first_booked", "scorer_in", "scorer_how")


@dataclass(frozen=True, slots=True)
class Bet:
    """A bet made ready to settle: its kind, normalized selection, line and side."""

    kind: str
    selection: str
    quarters: int | None = None
    side: str | None = None  # the team a handicap, team or win-to-nil bet is on


@dataclass(frozen=True, slots=True)
class Measure:
    """What a bet is settled on, how to report it, and whether it can still change."""

    value: Value
    actual: Any
    describe: str
    frozen: bool = False
    lineup: str | None = None  # a player's part: "started" or "substitute"


def prepare_bet(spec: MarketSpec, alert: Alert, facts: MatchFacts) -> Bet:
    """Normalize selection, line and side; ValueError with a one-line reason if unusable."""
    raw_line = alert.line if alert.line is not None else spec.line
    return _bet(spec, spec.selection or alert.selection, raw_line, alert.team, facts)


def bet_without_match(
    spec: MarketSpec, raw: str | None, raw_line: Any, team: str | None
) -> Bet | None:
    """The bet when no team name needs placing in the match (most bets), else None;
    ValueError when it is unusable whatever the match."""
    try:
        return _bet(
            spec, spec.selection or raw, raw_line if raw_line is not None else spec.line, team, None
        )
    except NeedsMatch:
        return None


def _bet(
    spec: MarketSpec, raw: str | None, raw_line: Any, team: str | None, facts: MatchFacts | None
) -> Bet:
    if raw is None and spec.kind in _YES_BY_DEFAULT:
        raw = "yes"  # "First Goalscorer" on a player, no direction written
    if raw is None:
        raise ValueError(f"market {spec.key} needs a selection")
    answer = yes_no(raw)
    if spec.kind == "win_to_nil" and answer is not None:
        # "win to nil: yes" on a named team, as clean sheets are written.
        if team is None:
            raise ValueError(f"market {spec.key} with {raw!r} needs a team")
        return Bet(spec.kind, answer, None, side=side_of(team, facts))
    selection = selection_of(spec, raw, facts)
    quarters = None
    if spec.kind in ("scorer_in", "scorer_how") and raw_line is None:
        raw_line = "0.5"
    if raw_line is not None and (
        spec.needs_line or spec.kind in ("player_total", "scorer_in", "scorer_how")
    ):
        quarters = lines.parse_line(raw_line)
    if spec.kind in _YES_MEANS_OVER and selection in ("yes", "no"):
        # "to be booked: yes" / "anytime scorer: yes" / "sending off: yes" mean over 0.5;
        # "no" under 0.5.
        selection = "over" if selection == "yes" else "under"
        quarters = 2 if quarters is None else quarters
    if spec.needs_line and quarters is None:
        raise ValueError(f"market {spec.key} needs a line")
    if spec.kind in ("handicap", "draw_no_bet", "win_to_nil", *SIDE_KINDS):
        return Bet(spec.kind, selection, quarters, side=selection)
    if spec.subject == "team":
        return Bet(spec.kind, selection, quarters, side=_team_side(spec, team, facts))
    return Bet(spec.kind, selection, quarters)


def _team_side(spec: MarketSpec, team: str | None, facts: MatchFacts | None) -> str:
    """The side of a team market: the one its name implies ("Team Total Home"), else the
    alert's team. A team that names the other side is a contradiction, never resolved."""
    if spec.side is None:
        if team is None:
            raise ValueError(f"market {spec.key} needs a team")
        return side_of(team, facts)
    if team is not None:
        try:
            named = side_of(team, facts)
        except ValueError:
            named = spec.side  # a name we cannot place does not contradict it
        if named != spec.side:
            side_name = getattr(facts, spec.side).name if facts is not None else spec.side
            raise ValueError(f"market {spec.key} {spec.side} is on {side_name}, not {team!r}")
    return spec.side


@functools.lru_cache(maxsize=65536)
def outcome(bet: Bet, value: Value) -> str:
    """The status of ``bet`` if the measured value is ``value``."""
    if isinstance(value, str):
        return _won(value == bet.selection)
    if isinstance(value, int):
        return _in_count(bet.selection, value) if bet.kind == "exact" else _over_under(bet, value)
    if len(value) == 4:
        return _halves(bet, value)
    home, away = value[0], value[1]
    mine, theirs = (home, away) if bet.side != "away" else (away, home)
    kind = bet.kind
    if kind == "total":
        return _over_under(bet, home + away)
    if kind == "team_total":
        return _over_under(bet, mine)
    if kind == "handicap":
        return lines.handicap(mine - theirs, bet.quarters or 0)
    if kind == "draw_no_bet":  # the same as a 0 handicap (docs/rules/settlement.md §1.3)
        return lines.handicap(mine - theirs, 0)
    if kind == "result":
        actual = "1" if home > away else "2" if away > home else "X"
        return _won(bet.selection == actual)
    if kind == "double_chance":
        actual = "1" if home > away else "2" if away > home else "X"
        return _won(actual in bet.selection)
    if kind == "btts":
        return _won((home > 0 and away > 0) == (bet.selection == "yes"))
    if kind == "clean_sheet":
        return _won((theirs == 0) == (bet.selection == "yes"))
    if kind == "win_to_nil":
        return _won((mine > theirs and theirs == 0) != (bet.selection == "no"))
    if kind == "winning_margin":
        return _won(bet.selection in _margins(home, away))
    if kind == "correct_score":
        return _won(bet.selection == f"{home}-{away}")
    if kind == "odd_even":
        return _won(("odd" if (home + away) % 2 else "even") == bet.selection)
    raise AssertionError(f"no outcome for kind {kind!r}")


def _in_count(selection: str, count: int) -> str:
    if selection.endswith("+"):
        return _won(count >= int(selection[:-1]))
    low, _, high = selection.partition("-")
    return _won(int(low) <= count <= int(high or low))


def _halves(bet: Bet, value: tuple[int, ...]) -> str:
    """Markets on both halves (docs/rules/settlement.md §1.10)."""
    h1, a1, h2, a2 = value
    first, second = (h1, a1), (h2, a2)
    if bet.kind == "ht_ft":
        return _won(bet.selection == f"{_sign(*first)}/{_sign(h1 + h2, a1 + a2)}")
    if bet.kind == "highest_half":
        one, two = h1 + a1, h2 + a2
        return _won(bet.selection == ("1st" if one > two else "2nd" if two > one else "tie"))
    mine = 0 if bet.side == "home" else 1
    wins = [half[mine] > half[1 - mine] for half in (first, second)]
    if bet.kind == "win_either_half":
        return _won(any(wins))
    if bet.kind == "win_both_halves":
        return _won(all(wins))
    if bet.kind == "score_both_halves":
        return _won(first[mine] > 0 and second[mine] > 0)
    raise AssertionError(f"no outcome for kind {bet.kind!r}")


def _sign(home: int, away: int) -> str:
    return "1" if home > away else "2" if away > home else "X"


def _margins(home: int, away: int) -> set[str]:
    """The winning-margin selections that win; the split form of docs/rules/settlement.md §1.3."""
    if home == away:
        return {"draw", "no_goal" if home == 0 else "score_draw"}
    side = "home" if home > away else "away"
    margin = abs(home - away)
    return {f"{side}_{margin}" if margin < 3 else f"{side}_3+"}


def _over_under(bet: Bet, count: int) -> str:
    quarters = bet.quarters if bet.quarters is not None else 2
    if bet.selection == "over":
        return lines.over(count, quarters)
    return lines.under(count, quarters)


def _won(condition: bool) -> str:
    return lines.WON if condition else lines.LOST
