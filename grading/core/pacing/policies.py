"""Named policy sets: the seed's constants, the project's default, or a TOML file.

A policy set only chooses objects from ``interval``, ``batch`` and ``fixtures`` beside it;
what they do is the production code's. The live daemon (``[schedule] policy``) and the testbench
(``sim --policy``) load them the same way, so constants tuned in the simulation are the
constants the daemon runs.

TOML form (every key optional; unnamed values keep the default set's)::

    base = "default"               # or "seed"
    sync_refresh_s = 21600         # rewrite a synced row every 6 h (inf: only when changed)
    [grading]                      # AdaptiveInterval fields
    initial_s = 120
    jitter = 0.1
    [sync]
    min_s = 30
    [batch]                        # BatchSizer fields, or {steady = 100} for SteadyBatch
    steady = 100
    [fixtures]                     # FixturePolicy fields
    recheck_in_play_s = 180
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from grading.core.pacing.fixtures import FixturePolicy
from grading.core.pacing.interval import AdaptiveInterval, BatchSizer, SteadyBatch


@dataclass(frozen=True)
class PolicySet:
    name: str
    grading: AdaptiveInterval
    sync: AdaptiveInterval
    batch: Any
    fixtures: FixturePolicy
    sync_refresh_s: float | None = None      # None: the seed's endless rotation
    share_unfinished_s: float = 0.0          # bots share an in-play answer this long


SEED = PolicySet("seed", AdaptiveInterval(), AdaptiveInterval(), BatchSizer(),
                 FixturePolicy.seed())
# Kickoff gating and per-fixture next checks make a pass cheap, so the loops can look often.
# Grading: a 60 s start, 30-600 s, faster after each clean pass, waking when the next fixture
# is due (at most 10 minutes idle); a fixture's first look 115 minutes after kickoff (a
# typical full time; 105 is the earliest possible), then every 5 minutes, or at 148 minutes
# once extra time is under way; jitter spreads the bots apart; the two bots share an in-play
# answer for a minute instead of asking FotMob twice. Sync: 30-300 s, resting up to 2
# minutes when nothing waits, a steady batch (Sheets meters requests, not rows), and rows
# written when new or changed only (the store is the record; an audit fix re-queues a row).
# The fixture and grading constants are the recommendation of the sweep in
# sim/grids/backoff.toml on matchday-throttled (3 seeds a point; README, "Tuning result").
_PACE = AdaptiveInterval(initial_s=60, min_s=30, max_s=300, jitter=0.1,
                         successes_to_speed_up=1, follow_due=True, idle_max_s=600)
DEFAULT = PolicySet("default", replace(_PACE, max_s=600), replace(_PACE, idle_max_s=120),
                    SteadyBatch(100),
                    FixturePolicy(first_look_s=115 * 60, recheck_in_play_s=300,
                                  extra_time_look_s=148 * 60),
                    sync_refresh_s=math.inf, share_unfinished_s=60.0)
NAMED = {"seed": SEED, "default": DEFAULT}


def load_policy(name: str) -> PolicySet:
    """A named set, or a TOML file (see the module docstring)."""
    if name in NAMED:
        return NAMED[name]
    path = Path(name)
    if not path.is_file():
        raise ValueError(f"unknown policy {name!r} (known: {', '.join(NAMED)}, or a .toml)")
    try:
        return _from_toml(path.stem, tomllib.loads(path.read_text(encoding="utf-8")))
    except (TypeError, AttributeError) as exc:
        raise ValueError(f"policy {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"policy {path} is not valid TOML: {exc}") from None


def _from_toml(name: str, raw: dict[str, Any]) -> PolicySet:
    if raw.get("base", "default") not in NAMED:
        raise TypeError(f"base must be one of {', '.join(NAMED)}, got {raw['base']!r}")
    base = NAMED[raw.get("base", "default")]
    batch = raw.get("batch")
    return PolicySet(
        name,
        replace(base.grading, **raw.get("grading", {})),
        replace(base.sync, **raw.get("sync", {})),
        SteadyBatch(batch["steady"]) if batch and "steady" in batch else
        (BatchSizer(**batch) if batch else base.batch),
        replace(base.fixtures, **raw.get("fixtures", {})),
        raw.get("sync_refresh_s", base.sync_refresh_s),
        raw.get("share_unfinished_s", base.share_unfinished_s))
