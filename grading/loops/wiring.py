"""One wiring for the live daemon and the simulation: the same cache placement, the same
policy objects, the same schedulers (docs/design.md, "Layers").

The one fixture source of a process is wrapped in one :class:`SettledCache`, shared by every
bot: a finished fixture is fetched once for both bots, and an in-play answer is shared for
the policy's ``share_unfinished_s``. Only the edges differ between live and simulated runs,
and the random source and owner names, which the caller gives.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace

from grading.core.pacing.policies import PolicySet
from grading.edges.cache import SettledCache
from grading.loops.locating import Finding
from grading.loops.scheduler import BotScheduler
from grading.loops.sync_pass import CLAIM_SECONDS
from grading.ports import Edges


def wire(
    bots: Sequence[str],
    edges: Edges,
    policy: PolicySet,
    *,
    rng_for: Callable[[str], random.Random],
    owner_for: Callable[[str], str],
    claim_s: float = CLAIM_SECONDS,
    cache_size: int = 4096,
    finding: Finding | None = None,
) -> list[BotScheduler]:
    """One scheduler per bot over ``edges``, its source behind one shared cache."""
    cache = SettledCache(edges.source, cache_size, edges.clock, policy.share_unfinished_s)
    shared = replace(edges, source=cache)
    return [
        BotScheduler(
            bot,
            shared,
            policy,
            rng=rng_for(bot),
            owner=owner_for(bot),
            claim_s=claim_s,
            finding=finding,
        )
        for bot in bots
    ]
