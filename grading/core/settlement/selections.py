"""A bet's selection as written -> the market's own selection; a team named -> its side. Pure.

Spellings accepted for each kind are the contract's (docs/design.md) and the common ones
bots and bookmakers write ("home/draw" for HT/FT "1/X", "5+" for exact goals).
"""

from __future__ import annotations

import re

from grading.core.facts import MatchFacts
from grading.core.fixtures import RULES, side_score
from grading.core.fixtures import team as fixture_team
from grading.core.settlement.markets import MarketSpec, normalize_text

_RESULT = {"1": "1", "home": "1", "x": "X", "draw": "X", "2": "2", "away": "2"}
_DOUBLE = {
    "1x": "1X",
    "x2": "X2",
    "12": "12",
    "home or draw": "1X",
    "draw or away": "X2",
    "home or away": "12",
    "home draw": "1X",
    "draw away": "X2",
    "home away": "12",
}
_OU = {
    "over": "over",
    "o": "over",
    "under": "under",
    "u": "under",
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
}
_SIDE = {"home": "home", "1": "home", "away": "away", "2": "away"}
_NONE = {
    "none",
    "no goal",
    "no goals",
    "neither",
    "no goalscorer",
    "no booking",
    "no card",
    "nobody",
    "no team",
}
_HALF = {
    "1st": "1st",
    "first": "1st",
    "1st half": "1st",
    "first half": "1st",
    "1": "1st",
    "2nd": "2nd",
    "second": "2nd",
    "2nd half": "2nd",
    "second half": "2nd",
    "2": "2nd",
    "tie": "tie",
    "equal": "tie",
    "draw": "tie",
    "x": "tie",
    "same": "tie",
}
# kinds whose selection names a side, or nobody
_ORDER_KINDS = ("first_goal", "last_goal", "first_card", "race")
# kinds on a named player (or "none": no goalscorer) settled yes / no
_PLAYER_ORDER = ("first_scorer", "last_scorer", "first_booked")


def yes_no(raw: str) -> str | None:
    """ "yes" / "no" for yes / no / y / n, else None."""
    answer = _OU.get(normalize_text(raw))
    return answer if answer in ("yes", "no") else None


class NeedsMatch(Exception):
    """A team name must be placed in the match to read this selection."""


def side_of(text: str, facts: MatchFacts | None) -> str:
    """resolve_side, or NeedsMatch when the text is a name and there is no match yet."""
    if facts is None:
        side = _SIDE.get(normalize_text(str(text)))
        if side is None:
            raise NeedsMatch(text)
        return side
    return resolve_side(text, facts)


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
    scores = {
        side: side_score(fixture_team(str(text)), [fixture_team(team.name)])
        for side, team in (("home", facts.home), ("away", facts.away))
        if team.name
    }
    fits = [
        side
        for side, score in scores.items()
        if score >= RULES.confident
        and all(score - other >= RULES.margin for o, other in scores.items() if o != side)
    ]
    if len(fits) == 1:
        return fits[0]
    raise ValueError(f"{text!r} is neither team of {facts.home.name} v {facts.away.name}")


def selection_of(spec: MarketSpec, raw: str, facts: MatchFacts | None) -> str:
    key = normalize_text(raw).replace("_", " ")
    found: str | None
    if spec.kind == "result":
        found = _RESULT.get(key) or _team_result(raw, facts)
    elif spec.kind == "double_chance":
        found = _DOUBLE.get(key) or _DOUBLE.get(key.replace(" ", ""))
    elif spec.kind in ("handicap", "draw_no_bet", "win_to_nil", *SIDE_KINDS):
        found = side_of(raw, facts)
    elif spec.kind in _ORDER_KINDS:
        found = "none" if key in _NONE else side_of(raw, facts)
    elif spec.kind in _PLAYER_ORDER:
        found = (
            "none"
            if key in _NONE
            else {"over": "yes", "under": "no"}.get(_OU.get(key, ""), _OU.get(key))
        )
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
SIDE_KINDS = ("win_either_half", "win_both_halves", "score_both_halves")


def _ht_ft(key: str) -> str | None:
    """ "1/X" from "1/x", "home/draw", "1-x", "home draw"."""
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


def _team_result(raw: str, facts: MatchFacts | None) -> str | None:
    try:
        return "1" if side_of(raw, facts) == "home" else "2"
    except ValueError:
        return None
