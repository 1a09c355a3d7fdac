"""Selections, sides and lines of a bet, and the outcome of each market kind. Pure.

``outcome(bet, value)`` is a total function of the measured value (a ``(home, away)``
pair, or one player's count), so settlement can also ask it about possible futures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from grading.core.alerts import Alert
from grading.core.facts import MatchFacts
from grading.core.fixtures import RULES, side_score
from grading.core.fixtures import team as fixture_team
from grading.core.settlement import lines
from grading.core.settlement.markets import MarketSpec, normalize_text

# A count; a (home, away) pair; the halves (home 1st, away 1st, home 2nd, away 2nd); or a
# decided answer ("yes" / "no", "home" / "away" / "none") for the timeline's order markets.
Value = int | tuple[int, int] | tuple[int, int, int, int] | str

_RESULT = {"1": "1", "home": "1", "x": "X", "draw": "X", "2": "2", "away": "2"}
_DOUBLE = {"1x": "1X", "x2": "X2", "12": "12", "home or draw": "1X", "draw or away": "X2",
           "home or away": "12", "home draw": "1X", "draw away": "X2", "home away": "12"}
_OU = {"over": "over", "o": "over", "under": "under", "u": "under", "yes": "yes", "y": "yes",
       "no": "no", "n": "no"}
_SIDE = {"home": "home", "1": "home", "away": "away", "2": "away"}
_NONE = {"none", "no goal", "no goals", "neither", "no goalscorer", "no booking", "no card",
         "nobody", "no team"}
_HALF = {"1st": "1st", "first": "1st", "1st half": "1st", "first half": "1st", "1": "1st",
         "2nd": "2nd", "second": "2nd", "2nd half": "2nd", "second half": "2nd", "2": "2nd",
         "tie": "tie", "equal": "tie", "draw": "tie", "x": "tie", "same": "tie"}
# kinds whose selection names a side, or nobody
_ORDER_KINDS = ("first_goal", "last_goal", "first_card", "race")
# kinds on a named player (or "none": no goalscorer) settled yes / no
_PLAYER_ORDER = ("first_scorer", "last_scorer", "first_booked")


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
    lineup: str | None = None      # a player's part: "started" or "substitute"


def prepare_bet(spec: MarketSpec, alert: Alert, facts: MatchFacts) -> Bet:
    """Normalize selection, line and side; ValueError with a one-line reason if unusable."""
    raw = spec.selection or alert.selection
    if raw is None:
        raise ValueError(f"market {spec.key} needs a selection")
    if spec.kind == "win_to_nil" and _OU.get(normalize_text(raw)) in ("yes", "no"):
        # "win to nil: yes" on a named team, as clean sheets are written.
        if alert.team is None:
            raise ValueError(f"market {spec.key} with {raw!r} needs a team")
        return Bet(spec.kind, _OU[normalize_text(raw)], None,
                   side=resolve_side(alert.team, facts))
    selection = _selection(spec, raw, facts)
    raw_line = alert.line if alert.line is not None else spec.line
    quarters = None
    if spec.kind in ("scorer_in", "scorer_how") and raw_line is None:
        raw_line = "0.5"
    if raw_line is not None and (spec.needs_line or spec.kind in (
            "player_total", "scorer_in", "scorer_how")):
        quarters = lines.parse_line(raw_line)
    if spec.kind in _YES_MEANS_OVER and selection in ("yes", "no"):
        # "to be booked: yes" / "anytime scorer: yes" / "sending off: yes" mean over 0.5;
        # "no" under 0.5.
        selection = "over" if selection == "yes" else "under"
        quarters = 2 if quarters is None else quarters
    if spec.needs_line and quarters is None:
        raise ValueError(f"market {spec.key} needs a line")
    if spec.kind in ("handicap", "draw_no_bet", "win_to_nil", *_SIDE_KINDS):
        return Bet(spec.kind, selection, quarters, side=selection)
    if spec.subject == "team":
        return Bet(spec.kind, selection, quarters, side=_team_side(spec, alert, facts))
    return Bet(spec.kind, selection, quarters)


def _team_side(spec: MarketSpec, alert: Alert, facts: MatchFacts) -> str:
    """The side of a team market: the one its name implies ("Team Total Home"), else the
    alert's team. A team that names the other side is a contradiction, never resolved."""
    if spec.side is None:
        if alert.team is None:
            raise ValueError(f"market {spec.key} needs a team")
        return resolve_side(alert.team, facts)
    if alert.team is not None:
        try:
            named = resolve_side(alert.team, facts)
        except ValueError:
            named = spec.side          # a name we cannot place does not contradict it
        if named != spec.side:
            raise ValueError(f"market {spec.key} {spec.side} is on "
                             f"{getattr(facts, spec.side).name}, not {alert.team!r}")
    return spec.side


def resolve_side(text: str, facts: MatchFacts) -> str:
    """``home``/``away``/``1``/``2``, a team id or a team name -> ``home`` or ``away``.
    A name is matched as match names are (docs/rules/fixtures.md §2, §4): "Man Utd" is
    Manchester United when it fits one side with confidence and not the other."""
    key = normalize_text(str(text))
    if key in _SIDE:
        return _SIDE[key]
    for side, team in (("home", facts.home), ("away", facts.away)):
        if team.id is not None and key == team.id.lower():
            return side
        if team.name and key == normalize_text(team.name):
            return side
    scores = {side: side_score(fixture_team(str(text)), [fixture_team(team.name)])
              for side, team in (("home", facts.home), ("away", facts.away)) if team.name}
    fits = [side for side, score in scores.items() if score >= RULES.confident and
            all(score - other >= RULES.margin for o, other in scores.items() if o != side)]
    if len(fits) == 1:
        return fits[0]
    raise ValueError(f"{text!r} is neither team of {facts.home.name} v {facts.away.name}")


def _selection(spec: MarketSpec, raw: str, facts: MatchFacts) -> str:
    key = normalize_text(raw).replace("_", " ")
    found: str | None
    if spec.kind == "result":
        found = _RESULT.get(key) or _team_result(raw, facts)
    elif spec.kind == "double_chance":
        found = _DOUBLE.get(key) or _DOUBLE.get(key.replace(" ", ""))
    elif spec.kind in ("handicap", "draw_no_bet", "win_to_nil", *_SIDE_KINDS):
        found = resolve_side(raw, facts)
    elif spec.kind in _ORDER_KINDS:
        found = "none" if key in _NONE else resolve_side(raw, facts)
    elif spec.kind in _PLAYER_ORDER:
        found = "none" if key in _NONE else {"over": "yes", "under": "no"}.get(
            _OU.get(key, ""), _OU.get(key))
    elif spec.kind == "ht_ft":
        found = _ht_ft(key)
    elif spec.kind == "highest_half":
        found = _HALF.get(key.replace(" half", "") if key not in _HALF else key)
    elif spec.kind == "exact":
        return _goal_count_selection(raw)
    elif spec.kind == "winning_margin":
        found = key.replace(" ", "_")
    elif spec.kind == "correct_score":
        return _score_selection(raw)
    elif spec.kind == "odd_even":
        found = key if key in ("odd", "even") else None
    else:
        found = _OU.get(key)
    if found is None or (spec.selections and found not in spec.selections):
        allowed = ", ".join(sorted(spec.selections))
        raise ValueError(f"selection {raw!r} is not one of {allowed} for {spec.key}")
    return found


_SCORE = re.compile(r"^\s*(\d{1,2})\s*[-:]\s*(\d{1,2})\s*$")
_COUNT = re.compile(r"^\s*(\d{1,2})\s*(\+|or more|\s*[-:]\s*(\d{1,2}))?\s*$")
_SIDE_KINDS = ("win_either_half", "win_both_halves", "score_both_halves")
_YES_MEANS_OVER = ("player_total", "scorer_in", "scorer_how", "total", "team_total")


def _ht_ft(key: str) -> str | None:
    """"1/X" from "1/x", "home/draw", "1-x", "home draw"."""
    parts = re.split(r"\s*[/\-]\s*|\s+", key.strip())
    if len(parts) != 2:
        return None
    first, second = (_RESULT.get(part) for part in parts)
    return f"{first}/{second}" if first and second else None


def _goal_count_selection(raw: str) -> str:
    """An exact count "3", at least "5+" ("5 or more"), or a range "2-3"."""
    found = _COUNT.match(str(raw))
    if found is None:
        raise ValueError(f"selection {raw!r} is not a goal count such as 3, 5+ or 2-3")
    low = int(found.group(1))
    if found.group(3) is not None:
        high = int(found.group(3))
        if high < low:
            raise ValueError(f"selection {raw!r} is not a range low-high")
        return f"{low}-{high}"
    return f"{low}+" if found.group(2) else str(low)


def _score_selection(raw: str) -> str:
    """A correct score, home first: "2-1" ("2:1" and "2 - 1" too)."""
    found = _SCORE.match(str(raw))
    if found is None:
        raise ValueError(f"selection {raw!r} is not a score such as 2-1")
    return f"{int(found.group(1))}-{int(found.group(2))}"


def _team_result(raw: str, facts: MatchFacts) -> str | None:
    try:
        return "1" if resolve_side(raw, facts) == "home" else "2"
    except ValueError:
        return None


def outcome(bet: Bet, value: Value) -> str:
    """The status of ``bet`` if the measured value is ``value``."""
    if isinstance(value, str):
        return _won(value == bet.selection)
    if isinstance(value, int):
        return _in_count(bet.selection, value) if bet.kind == "exact" else \
            _over_under(bet, value)
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
