"""Named policy sets: the seed's constants, the project's default, or one built from a mapping.

A policy set only chooses objects from ``interval``, ``batch`` and ``fixtures`` beside it;
what they do is the production code's. The live daemon (``[schedule] policy``) and the testbench
(``sim --policy``) load them the same way, so constants tuned in the simulation are the
constants the daemon runs.

Mapping form, as a policy TOML file holds it (grading/edges/policy_files.py reads the file;
every key optional; unnamed values keep the base set's)::

    base = "default"               # or "seed"
    sync_refresh_s = 21600         # rewrite a synced row every 6 h (inf: only when changed)
    [grading]                      # AdaptiveInterval fields
    initial_s = 120
    jitter = 0.1
    [sync]
    min_s = 30
    [batch]                        # BatchSizer fields, or SteadyBatch's: steady = size
    steady = 100
    backlog_size = 500             # a backlog: 500 rows every drain_s seconds
    drain_s = 4
    [fixtures]                     # FixturePolicy fields
    recheck_in_play_s = 180
    day_list_first = true          # finish detection from the day list
    day_list_every_s = 300
    settle_in_play = true          # settle markets decided in play
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from grading.core.pacing.batch import BatchSizer, SteadyBatch
from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval


@dataclass(frozen=True)
class PolicySet:
    name: str
    grading: AdaptiveInterval
    sync: AdaptiveInterval
    batch: BatchSizer | SteadyBatch
    fixtures: FixturePolicy
    sync_refresh_s: float | None = None  # None: the seed's endless rotation
    share_unfinished_s: float = 0.0  # bots share an in-play answer this long


SEED = PolicySet("seed", AdaptiveInterval(), AdaptiveInterval(), BatchSizer(), FixturePolicy.seed())
# Kickoff gating and per-fixture next checks make a pass cheap, so the loops can look often.
# Grading: a 60 s start, 30-180 s (an outage is probed every 3 minutes at most), faster
# after each clean pass, waking when the next fixture is due (at most 10 minutes idle);
# finish detection from the day list (docs/rules/fotmob.md §4), asked at most every 5
# minutes from 110 minutes after a kickoff, details fetched once a fixture's row says it is
# over; per-fixture looks (every 5 minutes, at 148 minutes once extra time is under way)
# when the list fails or lacks a fixture; markets decided in play settled from in-play
# details at hand; jitter spreads the bots apart; the two bots share an in-play answer for
# a minute instead of asking FotMob twice. Sync: 30-300 s, resting up to 10 minutes when
# nothing waits (a grading pass that settles something ends the rest at once), a steady
# batch (Sheets meters requests, not rows), and rows written when new or changed only (the
# store is the record; an audit fix re-queues a row); a backlog (a full batch) drains 500
# rows every 4 s, inside the Sheets quota (SteadyBatch).
# The fixture and grading constants come from the sweep in sim/grids/day_list.toml on the
# calibrated matchday-throttled and matchday-big (3 seeds a point;
# docs/adr/0005-default-policy-provenance.md).
_PACE = AdaptiveInterval(
    initial_s=60,
    min_s=30,
    max_s=300,
    jitter=0.1,
    successes_to_speed_up=1,
    follow_due=True,
    idle_max_s=600,
)
DEFAULT = PolicySet(
    "default",
    replace(_PACE, max_s=180),
    replace(_PACE, idle_max_s=600),
    SteadyBatch(100, backlog_size=500, drain_s=4.0),
    FixturePolicy(
        first_look_s=110 * 60,
        recheck_in_play_s=300,
        extra_time_look_s=148 * 60,
        day_list_first=True,
        day_list_every_s=300.0,
        settle_in_play=True,
    ),
    sync_refresh_s=math.inf,
    share_unfinished_s=60.0,
)
NAMED = {"seed": SEED, "default": DEFAULT}

_SECTIONS = {"base", "grading", "sync", "batch", "fixtures", "sync_refresh_s", "share_unfinished_s"}


def policy_from_mapping(name: str, raw: Mapping[str, Any]) -> PolicySet:
    """A policy set from its mapping form (module docstring); ValueError with a one-line
    reason for an unknown base, section or field."""
    unknown = sorted(set(raw) - _SECTIONS)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(_SECTIONS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(sorted(_SECTIONS))}"
        raise ValueError(f"unknown policy key {unknown[0]!r} ({hint})")
    base_name = raw.get("base", "default")
    if base_name not in NAMED:
        raise ValueError(f"base must be one of {', '.join(NAMED)}, got {base_name!r}")
    base = NAMED[base_name]
    try:
        return PolicySet(
            name,
            replace(base.grading, **_table(raw, "grading")),
            replace(base.sync, **_table(raw, "sync")),
            _batch(raw.get("batch"), base.batch),
            replace(base.fixtures, **_table(raw, "fixtures")),
            raw.get("sync_refresh_s", base.sync_refresh_s),
            raw.get("share_unfinished_s", base.share_unfinished_s),
        )
    except TypeError as exc:  # replace() names the field it does not know
        raise ValueError(str(exc).replace("__init__() ", "")) from None


def _table(raw: Mapping[str, Any], key: str) -> dict[str, Any]:
    table = raw.get(key, {})
    if not isinstance(table, Mapping):
        raise ValueError(f"[{key}] must be a table")
    return dict(table)


def _batch(raw: Any, base: BatchSizer | SteadyBatch) -> BatchSizer | SteadyBatch:
    if raw is None:
        return base
    if not isinstance(raw, Mapping):
        raise ValueError("[batch] must be a table")
    if "steady" in raw:
        rest = {key: value for key, value in raw.items() if key != "steady"}
        return SteadyBatch(raw["steady"], **rest)
    return BatchSizer(**raw)
