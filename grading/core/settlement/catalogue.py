"""The market catalogue: every market the grader settles, and the ones FotMob cannot. Pure.

Each market has a subject (match / team / player), a period (``ft`` = regulation, ``1st`` /
``2nd`` half), the stat it counts, its settlement ``kind``, a numeric ``legacy_id`` that older
bot documents carry instead of a key, and the Sportmonks statistic type id PROPPR stores as
``api_type_id`` where one exists (docs/rules/proppr.md §4). Rules: docs/rules/settlement.md.
"""

from __future__ import annotations

from dataclasses import dataclass

_OU = frozenset({"over", "under"})
_YES_NO = frozenset({"yes", "no"})
_SIDES = frozenset({"home", "away"})
_PLAYER = _OU | _YES_NO  # yes / no stand for over / under 0.5
_ODD_EVEN = frozenset({"odd", "even"})
_RESULT = frozenset({"1", "X", "2"})
_FIRST = frozenset({"home", "away", "none"})
_SCORER = _YES_NO | {"none"}  # "none": no goalscorer (no player booked)
_HTFT = frozenset(f"{a}/{b}" for a in _RESULT for b in _RESULT)
_MARGINS = frozenset(
    {"home_1", "home_2", "home_3+", "away_1", "away_2", "away_3+", "score_draw", "no_goal", "draw"}
)
# Team stats a match or team total counts (docs/rules/fotmob.md §3.8).
COUNTED = (
    "shots",
    "shots_on_target",
    "fouls",
    "offsides",
    "saves",
    "shots_outside_box",
    "throw_ins",
    "tackles",
)
# Player counts from the stat line (whole match) and from the shot map (by period)
# (docs/rules/settlement.md §1.10); their order fixes the legacy ids.
LINE_COUNTS = (
    "fouls_won",
    "offsides",
    "key_passes",
    "crosses",
    "interceptions",
    "clearances",
    "blocks",
    "dribbles",
    "touches_in_box",
    "aerials_won",
    "accurate_passes",
)
SHOT_MAP_COUNTS = (
    "shots_outside_box",
    "sot_outside_box",
    "headed_shots",
    "headed_sot",
    "set_piece_shots",
    "set_piece_sot",
    "free_kick_shots",
    "fast_break_shots",
)
PLAYER_COUNTS = (*LINE_COUNTS, *SHOT_MAP_COUNTS)
# Match markets measured on the timeline's order of events or on both halves.
TIMELINE_KINDS = frozenset(
    {
        "ht_ft",
        "win_either_half",
        "win_both_halves",
        "score_both_halves",
        "highest_half",
        "goal_count",
        "first_goal",
        "last_goal",
        "first_card",
    }
)
# Sportmonks statistic type ids, by our stat (docs/rules/proppr.md §4).
SPORTMONKS = {
    "goals": 52,
    "corners": 34,
    "cards": 84,
    "yellow_cards": 84,
    "red_cards": 83,
    "shots": 42,
    "shots_on_target": 86,
    "tackles": 78,
    "offsides": 51,
    "fouls": 56,
    "fouls_committed": 56,
    "saves": 57,
    "passes": 80,
    "accurate_passes": 81,
    "interceptions": 100,
    "shots_outside_box": 50,
    "penalties": 47,
}
PERIODS = {"1st": "first_half_", "2nd": "second_half_"}


@dataclass(frozen=True, slots=True)
class MarketSpec:
    """What one market settles on. ``line``/``selection`` are set when an alias implies them."""

    key: str
    kind: str
    subject: str
    stat: str
    legacy_id: int
    selections: frozenset[str]
    needs_line: bool
    line: str | None = None
    selection: str | None = None
    side: str | None = None  # "Team Total Home": the side the market name implies
    # "Total Shots" on a player's alert is that player's shots; "Goalkeeper Saves" on a
    # team's alert is that team's saves (docs/rules/settlement.md §1.9).
    player_variant: str | None = None
    team_variant: str | None = None
    period: str = "ft"

    @property
    def api_type_id(self) -> int | None:
        """The Sportmonks type id of the stat, as PROPPR stores it (None: no such id)."""
        return SPORTMONKS.get(self.stat)

    @property
    def location(self) -> str:
        """PROPPR's ``api_location``: player, home, away, team_based or total."""
        if self.subject == "player":
            return "player"
        return self.side or ("team_based" if self.subject == "team" else "total")


def _spec(
    key: str,
    kind: str,
    subject: str,
    stat: str,
    legacy: int,
    selections: frozenset[str],
    needs_line: bool,
    period: str = "ft",
) -> MarketSpec:
    return MarketSpec(key, kind, subject, stat, legacy, selections, needs_line, period=period)


_FULL_TIME = (
    _spec("match_result_1x2", "result", "match", "goals", 1, _RESULT, False),
    _spec("asian_handicap", "handicap", "match", "goals", 2, _SIDES, True),
    _spec("total_goals", "total", "match", "goals", 3, _OU, True),
    _spec("team_total_goals", "team_total", "team", "goals", 4, _OU, True),
    _spec("btts", "btts", "match", "goals", 5, _YES_NO, False),
    _spec(
        "double_chance", "double_chance", "match", "goals", 6, frozenset({"1X", "X2", "12"}), False
    ),
    _spec("draw_no_bet", "draw_no_bet", "match", "goals", 7, _SIDES, False),
    _spec("winning_margin", "winning_margin", "match", "goals", 8, _MARGINS, False),
    _spec("clean_sheet", "clean_sheet", "team", "goals", 9, _YES_NO, False),
    _spec("win_to_nil", "win_to_nil", "team", "goals", 10, _SIDES, False),
    _spec("total_corners", "total", "match", "corners", 11, _OU, True),
    _spec("corners_handicap", "handicap", "match", "corners", 12, _SIDES, True),
    _spec("total_cards", "total", "match", "cards", 13, _OU, True),
    _spec("booking_points", "total", "match", "booking_points", 14, _OU, True),
    _spec("player_shots", "player_total", "player", "shots", 101, _PLAYER, True),
    _spec(
        "player_shots_on_target", "player_total", "player", "shots_on_target", 102, _PLAYER, True
    ),
    _spec("player_goals", "player_total", "player", "goals", 103, _PLAYER, True),
    _spec("player_assists", "player_total", "player", "assists", 104, _PLAYER, True),
    _spec("player_tackles", "player_total", "player", "tackles", 105, _PLAYER, True),
    _spec("player_passes", "player_total", "player", "passes", 106, _PLAYER, True),
    _spec(
        "player_fouls_committed", "player_total", "player", "fouls_committed", 107, _PLAYER, True
    ),
    _spec("player_saves", "player_total", "player", "saves", 108, _PLAYER, True),
    _spec("player_card", "player_total", "player", "cards", 109, _PLAYER, False),
    # docs/rules/settlement.md §1.9: team and match stats (regulation time, the source's
    # figures), correct score, odd / even.
    *(
        _spec(f"total_{stat}", "total", "match", stat, 15 + n, _OU, True)
        for n, stat in enumerate(COUNTED)
    ),
    *(
        _spec(f"team_{stat}", "team_total", "team", stat, 30 + n, _OU, True)
        for n, stat in enumerate(("corners", "cards", "booking_points", *COUNTED))
    ),
    _spec("corners_1x2", "result", "match", "corners", 50, _RESULT, False),
    _spec("cards_1x2", "result", "match", "cards", 51, _RESULT, False),
    _spec("cards_handicap", "handicap", "match", "cards", 52, _SIDES, True),
    _spec("booking_points_handicap", "handicap", "match", "booking_points", 53, _SIDES, True),
    _spec("correct_score", "correct_score", "match", "goals", 54, frozenset(), False),
    _spec("goals_odd_even", "odd_even", "match", "goals", 55, _ODD_EVEN, False),
    _spec("corners_odd_even", "odd_even", "match", "corners", 56, _ODD_EVEN, False),
    # docs/rules/settlement.md §1.10: markets on the timeline, the halves and new stats
    _spec("ht_ft", "ht_ft", "match", "goals", 60, _HTFT, False),
    _spec("win_either_half", "win_either_half", "match", "goals", 61, _SIDES, False),
    _spec("win_both_halves", "win_both_halves", "match", "goals", 62, _SIDES, False),
    _spec("score_in_both_halves", "score_both_halves", "match", "goals", 63, _SIDES, False),
    _spec(
        "highest_scoring_half",
        "highest_half",
        "match",
        "goals",
        64,
        frozenset({"1st", "2nd", "tie"}),
        False,
    ),
    _spec("exact_goals", "exact", "match", "goals", 65, frozenset(), False),
    _spec("team_to_score_first", "first_goal", "match", "goals", 66, _FIRST, False),
    _spec("team_to_score_last", "last_goal", "match", "goals", 67, _FIRST, False),
    _spec("first_team_booked", "first_card", "match", "cards", 68, _FIRST, False),
    _spec("total_red_cards", "total", "match", "red_cards", 69, _PLAYER, True),
    _spec("team_red_cards", "team_total", "team", "red_cards", 70, _PLAYER, True),
    _spec("race_to_corners", "race", "match", "corners", 71, _FIRST, True),
    _spec("total_headed_shots", "total", "match", "headed_shots", 72, _OU, True),
    _spec("team_headed_shots", "team_total", "team", "headed_shots", 73, _OU, True),
    _spec("total_headed_sot", "total", "match", "headed_sot", 74, _OU, True),
    _spec("team_headed_sot", "team_total", "team", "headed_sot", 75, _OU, True),
    _spec("total_headed_goals", "goal_count", "match", "header", 76, _OU, True),
    _spec("total_goals_outside_box", "goal_count", "match", "outside_box", 77, _OU, True),
    _spec("total_penalty_goals", "goal_count", "match", "penalty", 78, _OU, True),
    _spec("first_goalscorer", "first_scorer", "player", "goals", 110, _SCORER, False),
    _spec("last_goalscorer", "last_scorer", "player", "goals", 111, _SCORER, False),
    _spec("player_booked_first", "first_booked", "player", "cards", 112, _SCORER, False),
    _spec(
        "player_score_1st_half", "scorer_in", "player", "goals", 113, _YES_NO, False, period="1st"
    ),
    _spec(
        "player_score_2nd_half", "scorer_in", "player", "goals", 114, _YES_NO, False, period="2nd"
    ),
    _spec("player_header_goal", "scorer_how", "player", "header", 115, _PLAYER, False),
    _spec("player_goal_outside_box", "scorer_how", "player", "outside_box", 116, _PLAYER, False),
    _spec("player_penalty_goal", "scorer_how", "player", "penalty", 117, _PLAYER, False),
    _spec(
        "player_score_or_assist", "player_total", "player", "goals_or_assists", 118, _PLAYER, False
    ),
    _spec("player_yellow_card", "player_total", "player", "yellow_cards", 119, _PLAYER, False),
    _spec("player_red_card", "player_total", "player", "red_cards", 120, _PLAYER, False),
    *(
        _spec(f"player_{stat}", "player_total", "player", stat, 130 + n, _PLAYER, True)
        for n, stat in enumerate(PLAYER_COUNTS)
    ),
)

# The full-time markets a half can be bet on, goals from the timeline, cards from the
# card events, the rest from the payload's period split (docs/rules/settlement.md §1.10).
HALVABLE = (
    "match_result_1x2",
    "asian_handicap",
    "total_goals",
    "team_total_goals",
    "btts",
    "double_chance",
    "draw_no_bet",
    "correct_score",
    "goals_odd_even",
    "clean_sheet",
    "total_corners",
    "corners_handicap",
    "corners_1x2",
    "team_corners",
    "total_cards",
    "team_cards",
    "booking_points",
    "team_booking_points",
    "cards_1x2",
    "cards_handicap",
    "corners_odd_even",
    *(f"{kind}_{stat}" for kind in ("total", "team") for stat in COUNTED),
)


def _halves(specs: tuple[MarketSpec, ...]) -> list[MarketSpec]:
    by_key = {spec.key: spec for spec in specs}
    out = []
    for offset, (period, prefix) in (
        (300, ("1st", PERIODS["1st"])),
        (400, ("2nd", PERIODS["2nd"])),
    ):
        for n, key in enumerate(HALVABLE):
            base = by_key[key]
            out.append(
                _spec(
                    prefix + key,
                    base.kind,
                    base.subject,
                    base.stat,
                    offset + n,
                    base.selections,
                    base.needs_line,
                    period=period,
                )
            )
    return out


CATALOGUE: dict[str, MarketSpec] = {s.key: s for s in (*_FULL_TIME, *_halves(_FULL_TIME))}

# Markets the bots post that no FotMob payload can settle: the name, and what FotMob does
# not carry (docs/rules/settlement.md §1.11). They grade ``ungradeable`` with that reason.
NOT_CARRIED: dict[str, str] = {
    "first corner": "corner events (only corner counts)",
    "last corner": "corner events (only corner counts)",
    "first team to take corner": "corner events (only corner counts)",
    "first team to take a corner": "corner events (only corner counts)",
    "nth corner": "corner events (only corner counts)",
    "corners time window": "corner times",
    "corners in time window": "corner times",
    "corner time band": "corner times",
    "total free kicks": "free kicks",
    "free kicks": "free kicks",
    "team free kicks": "free kicks",
    "total goal kicks": "goal kicks",
    "goal kicks": "goal kicks",
    "team goal kicks": "goal kicks",
}
