"""A seeded payload fuzzer: damage real FotMob payloads and check that money never moves.

One mutant is one payload with one node damaged (inside the parts settlement reads), or
its text damaged. Each mutant is parsed and a broad set of alerts is graded on it; each
grade is compared with the grade on the undamaged payload:

* ``rejected``: the mutant is refused as a BadPayload (nothing is graded);
* ``noticed``: some grades turned pending or ungradeable (the damage was seen);
* ``moved``: a settled grade differs from the undamaged one, or appears where there was
  none (must be 0);
* ``tracebacks``: anything but a BadPayload escaped (must be 0).

Damage kinds: null, a value of the wrong type, a negative or absurd number, an emptied
object or list, an empty string; for text: truncation, a BOM in front (must change
nothing), gzip garbage. A change of one plausible value to another of the same type (a 2
for a 3) is not damage any check could see, and is not made.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from grading.core.alerts import Alert, Grade
from grading.core.errors import BadPayload
from grading.core.facts import MatchFacts
from grading.core.fotmob.decoding import decode
from grading.core.fotmob.parse import parse_match, unwrap
from grading.core.settlement.lines import SETTLED
from grading.core.settlement.settle import settle

Path = tuple[str | int, ...]
READ_PARTS: tuple[Path, ...] = (
    ("general",),
    ("header", "status"),
    ("header", "teams"),
    ("content", "matchFacts"),
    ("content", "lineup"),
    ("content", "playerStats"),
    ("content", "stats"),
    ("content", "shotmap"),
)
TEXT_DAMAGE = ("truncate", "bom", "gzip")


def replacements(value: Any) -> list[Any]:
    """The damaged values a node may take instead of ``value``."""
    if isinstance(value, bool):
        return [None, "x", 7]
    if isinstance(value, int | float):
        return [None, -3, 1e308, 10**12, "x", True, [value], 2.5]
    if value == "-":  # the 2020 shape's zero: any count is a plausible value
        return [None, True, [value], {}]
    if isinstance(value, str):
        return [None, 5, True, [value], {}, ""]
    if isinstance(value, list):
        return [None, [], {}, "x", 3]
    if isinstance(value, dict):
        return [None, {}, [], "x", 3]
    return ["x", 5, [], {}]  # null: any value at all is of the wrong type


def nodes(tree: Any, path: Path = ()) -> Iterator[Path]:
    yield path
    if isinstance(tree, dict):
        for key, child in tree.items():
            yield from nodes(child, (*path, key))
    elif isinstance(tree, list):
        for index, child in enumerate(tree):
            yield from nodes(child, (*path, index))


def readable_nodes(match: dict[str, Any]) -> list[Path]:
    found = []
    for part in READ_PARTS:
        subtree = get(match, part)
        if subtree is not None:
            found += [(*part, *rest) for rest in nodes(subtree)]
    return found


def get(tree: Any, path: Path) -> Any:
    for step in path:
        try:
            tree = tree[step]
        except (KeyError, IndexError, TypeError):
            return None
    return tree


def put(tree: Any, path: Path, value: Any) -> None:
    parent = get(tree, path[:-1])
    parent[path[-1]] = value


def alerts_for(facts: MatchFacts) -> list[Alert]:
    """A broad alert set: every market kind with several lines and selections, and the
    player props of up to 16 listed players, by id and by name."""
    raw: list[dict[str, Any]] = []
    for sel in ("1", "X", "2"):
        raw.append({"market": "match_result_1x2", "selection": sel})
    for line in (-1.5, -0.75, -0.25, 0, 0.5, 1.25):
        raw += [
            {"market": "asian_handicap", "selection": side, "line": line}
            for side in ("home", "away")
        ]
    for market, lines in (
        ("total_goals", (0.5, 1.5, 2.25, 2.5, 3.75)),
        ("total_corners", (7.5, 9, 10.5, 12.25)),
        ("total_cards", (1.5, 3.5, 5.5)),
        ("booking_points", (25.5, 45.5, 70.5)),
    ):
        raw += [
            {"market": market, "selection": s, "line": line}
            for line in lines
            for s in ("over", "under")
        ]
    raw += [{"market": "btts", "selection": s} for s in ("yes", "no")]
    raw += [{"market": "double_chance", "selection": s} for s in ("1X", "X2", "12")]
    raw += [{"market": "draw_no_bet", "selection": s} for s in ("home", "away")]
    raw += [
        {"market": "winning_margin", "selection": s}
        for s in ("home_1", "home_2", "away_1", "score_draw", "no_goal")
    ]
    raw += [{"market": "clean_sheet", "selection": "yes", "team": t} for t in ("home", "away")]
    raw += [
        {"market": "corners_handicap", "selection": "home", "line": line} for line in (-1.5, 0, 2.5)
    ]
    raw += _timeline_alerts()
    props = (
        "player_shots",
        "player_shots_on_target",
        "player_goals",
        "player_assists",
        "player_tackles",
        "player_passes",
        "player_fouls_committed",
        "player_saves",
        "player_key_passes",
        "player_offsides",
        "player_headed_shots",
        "player_shots_outside_box",
        "player_set_piece_shots",
        "player_fouls_won",
    )
    for player in facts.players[:16]:
        for ref in ({"name": player.name, "id": player.id}, {"name": player.name}):
            raw += [{"market": m, "selection": "over", "line": 0.5, "player": ref} for m in props]
            raw.append({"market": "player_card", "selection": "yes", "player": ref})
            raw += [
                {"market": m, "selection": "yes", "player": ref}
                for m in (
                    "first_goalscorer",
                    "last_goalscorer",
                    "player_booked_first",
                    "player_score_1st_half",
                    "player_header_goal",
                    "player_penalty_goal",
                    "player_goal_outside_box",
                    "player_red_card",
                )
            ]
    return [
        Alert.from_json({"alert_id": f"f-{n}", "odds": 2.5, "stake": 10, **doc})
        for n, doc in enumerate(raw)
    ]


def _timeline_alerts() -> list[dict[str, Any]]:
    """Half, timeline and order markets (docs/rules/settlement.md §1.10)."""
    raw: list[dict[str, Any]] = [
        {"market": "ht_ft", "selection": f"{a}/{b}"} for a in "1X2" for b in "1X2"
    ]
    for half in ("first_half_", "second_half_"):
        raw += [
            {"market": f"{half}{market}", "selection": s, "line": line}
            for market, line in (
                ("total_goals", 0.5),
                ("total_goals", 1.25),
                ("total_corners", 4.5),
                ("total_cards", 1.5),
                ("total_shots", 9.5),
            )
            for s in ("over", "under")
        ]
        raw += [{"market": f"{half}match_result_1x2", "selection": s} for s in "1X2"]
        raw.append({"market": f"{half}correct_score", "selection": "1-0"})
    raw += [
        {"market": m, "selection": s}
        for m in ("team_to_score_first", "team_to_score_last", "first_team_booked")
        for s in ("home", "away", "none")
    ]
    raw += [
        {"market": m, "selection": s}
        for m in ("win_either_half", "win_both_halves", "score_in_both_halves")
        for s in ("home", "away")
    ]
    raw += [{"market": "highest_scoring_half", "selection": s} for s in ("1st", "2nd", "tie")]
    raw += [{"market": "exact_goals", "selection": s} for s in ("0", "2", "3+", "1-2")]
    raw += [
        {"market": "race_to_corners", "selection": s, "line": n}
        for s in ("home", "away", "none")
        for n in (3, 5, 7)
    ]
    raw += [
        {"market": m, "selection": s, "line": 0.5}
        for m in (
            "total_red_cards",
            "total_headed_goals",
            "total_penalty_goals",
            "total_goals_outside_box",
            "total_headed_shots",
        )
        for s in ("over", "under")
    ]
    raw += [{"market": "first_goalscorer", "selection": "none"}]
    return raw


def grades(facts: MatchFacts, alerts: list[Alert]) -> list[Grade]:
    return [settle(alert, facts) for alert in alerts]


@dataclass
class FuzzReport:
    mutants: int = 0
    rejected: int = 0
    noticed: int = 0
    unchanged: int = 0
    moved: int = 0
    tracebacks: int = 0
    moved_examples: list[str] = field(default_factory=list)
    traceback_examples: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def counts(self) -> dict[str, int]:
        return {
            "mutants": self.mutants,
            "rejected cleanly": self.rejected,
            "noticed (ungradeable or pending)": self.noticed,
            "no settled grade changed": self.unchanged,
            "moved": self.moved,
            "tracebacks": self.tracebacks,
        }


class Fuzzer:
    """Mutants of one payload text, graded against its undamaged grades."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.facts = parse_match(decode(text))
        self.alerts = alerts_for(self.facts)
        self.baseline = grades(self.facts, self.alerts)
        self.paths = readable_nodes(unwrap(json.loads(text)))

    def run(self, rng: random.Random, mutants: int, report: FuzzReport) -> None:
        for _ in range(mutants):
            if rng.random() < 0.08:
                kind = rng.choice(TEXT_DAMAGE)
                self._check(report, f"{self.name} text:{kind}", lambda k=kind: self._text(k, rng))
            else:
                path = rng.choice(self.paths)
                payload = json.loads(self.text)
                match = unwrap(payload)
                value = rng.choice(replacements(get(match, path)))
                if path:
                    put(match, path, value)
                label = f"{self.name} {'.'.join(map(str, path))} := {str(value)[:20]}"
                self._check(report, label, lambda p=payload: parse_match(p))

    def _text(self, kind: str, rng: random.Random) -> MatchFacts:
        if kind == "bom":  # must change nothing: a refusal is a wrong answer
            try:
                return parse_match(decode(b"\xef\xbb\xbf" + self.text.encode()))
            except BadPayload as exc:
                raise AssertionError(f"a BOM in front was refused: {exc}") from None
        if kind == "truncate":
            return parse_match(decode(self.text[: rng.randrange(len(self.text))]))
        garbage = gzip.compress(self.text.encode())
        garbage = garbage[:10] + bytes(rng.randrange(256) for _ in range(20)) + garbage[30:]
        try:
            return parse_match(decode(gzip.decompress(garbage)))
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise BadPayload(f"gzip garbage ({type(exc).__name__})") from None
        except Exception as exc:  # zlib.error and friends: refused as they should be
            if type(exc).__module__ == "zlib":
                raise BadPayload("gzip garbage") from None
            raise

    def _check(self, report: FuzzReport, label: str, build: Any) -> None:
        report.mutants += 1
        try:
            facts = build()
            mutant = grades(facts, self.alerts)
        except BadPayload:
            report.rejected += 1
            return
        except Exception as exc:
            report.tracebacks += 1
            report.traceback_examples.append(f"{label}: {type(exc).__name__}: {exc}"[:200])
            return
        moved = [(a, b) for a, b in zip(self.baseline, mutant, strict=True) if _moved(a, b)]
        if moved:
            report.moved += 1
            before, after = moved[0]
            report.moved_examples.append(
                f"{label}: {before.alert_id} {before.status} {before.returns} -> "
                f"{after.status} {after.returns} ({after.reason[:60]})"
            )
        elif any(a.to_json() != b.to_json() for a, b in zip(self.baseline, mutant, strict=True)):
            report.noticed += 1
        else:
            report.unchanged += 1


def _moved(before: Grade, after: Grade) -> bool:
    if after.status not in SETTLED:
        return False  # pending or ungradeable: the damage was noticed
    return (before.status, before.returns, before.actual_value) != (
        after.status,
        after.returns,
        after.actual_value,
    )
