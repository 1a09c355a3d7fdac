"""Synthetic rate limits: small frozen models, pure given their state and a seeded RNG.

Each model has ``start() -> state`` and ``decide(state, t, rng) -> (Decision, state)`` for a
request at virtual second ``t``; nothing here reads a clock or the global ``random``, so the same
seed always gives the same 429s. ``send_retry_after`` says whether the 429 carries a Retry-After
(FotMob has never been seen sending one: docs/rules/fotmob.md §5). Spell models can answer another
status instead: ``status=403`` plays an episode of changed access rules (docs/rules/fotmob.md §5:
the UA block of 2023, the token header of 2024, Turnstile in 2026).
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after: float | None = None
    status: int = 429  # the refusal's HTTP status (429, or 403 for access)

    @classmethod
    def ok(cls) -> Decision:
        return cls(True)


class RateModel(Protocol):
    def start(self) -> Any: ...

    def decide(self, state: Any, t: float, rng: random.Random) -> tuple[Decision, Any]: ...


def _limited(seconds: float, send: bool, status: int = 429) -> Decision:
    if status != 429:
        return Decision(False, None, status)
    return Decision(False, max(0.0, seconds) if send else None)


@dataclass(frozen=True, slots=True)
class Unlimited:
    def start(self) -> None:
        return None

    def decide(self, state: None, t: float, rng: random.Random) -> tuple[Decision, None]:
        return Decision.ok(), None


@dataclass(frozen=True, slots=True)
class FixedWindow:
    """At most ``limit`` requests per window (N per minute); the window resets on the edge."""

    limit: int
    window_s: float = 60.0
    send_retry_after: bool = True

    def start(self) -> tuple[float, int]:
        return (-math.inf, 0)

    def decide(
        self, state: tuple[float, int], t: float, rng: random.Random
    ) -> tuple[Decision, tuple[float, int]]:
        window = math.floor(t / self.window_s) * self.window_s
        count = state[1] if state[0] == window else 0
        if count < self.limit:
            return Decision.ok(), (window, count + 1)
        return _limited(window + self.window_s - t, self.send_retry_after), (window, count)


@dataclass(frozen=True, slots=True)
class TokenBucket:
    """``rate_per_s`` tokens a second, ``burst`` at most; a request takes one token."""

    rate_per_s: float
    burst: float
    send_retry_after: bool = True

    def start(self) -> tuple[float, float]:
        return (self.burst, 0.0)

    def decide(
        self, state: tuple[float, float], t: float, rng: random.Random
    ) -> tuple[Decision, tuple[float, float]]:
        tokens = min(self.burst, state[0] + (t - state[1]) * self.rate_per_s)
        if tokens >= 1:
            return Decision.ok(), (tokens - 1, t)
        return _limited((1 - tokens) / self.rate_per_s, self.send_retry_after), (tokens, t)


@dataclass(frozen=True, slots=True)
class MarkovOutage:
    """Alternating up and down spells with exponential lengths (means in seconds); every
    request in a down spell gets a 429."""

    mean_up_s: float
    mean_down_s: float
    send_retry_after: bool = False
    status: int = 429

    def start(self) -> tuple[bool, float] | None:
        return None  # the first spell is drawn on the first request

    def decide(
        self, state: tuple[bool, float] | None, t: float, rng: random.Random
    ) -> tuple[Decision, tuple[bool, float]]:
        down, until = state if state is not None else (False, rng.expovariate(1 / self.mean_up_s))
        while t >= until:  # draw the spells that passed since the last request
            down = not down
            until += rng.expovariate(1 / (self.mean_down_s if down else self.mean_up_s))
        decision = (
            _limited(until - t, self.send_retry_after, self.status) if down else Decision.ok()
        )
        return decision, (down, until)


@dataclass(frozen=True, slots=True)
class TimeOfDay:
    """A per-minute limit that follows the hour of the (virtual) day, e.g. tighter during
    the evening kickoffs: ``limits[h]`` for hour ``h``, ``start_hour`` being t = 0's hour."""

    limits: tuple[int, ...]
    start_hour: float = 0.0
    send_retry_after: bool = True

    def start(self) -> tuple[float, int]:
        return (-math.inf, 0)

    def decide(
        self, state: tuple[float, int], t: float, rng: random.Random
    ) -> tuple[Decision, tuple[float, int]]:
        hour = int((self.start_hour + t / 3600) % 24)
        window = FixedWindow(self.limits[hour % len(self.limits)], 60.0, self.send_retry_after)
        return window.decide(state, t, rng)


@dataclass(frozen=True, slots=True)
class ScriptedTrace:
    """429 in the listed spells ``(start_s, end_s)``, e.g. replayed from a production log."""

    spells: tuple[tuple[float, float], ...]
    send_retry_after: bool = True
    status: int = 429

    @classmethod
    def from_csv(
        cls, path: Path, send_retry_after: bool = True, status: int = 429
    ) -> ScriptedTrace:
        """Rows ``start_s,end_s`` (a header row is allowed)."""
        with path.open(newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.reader(handle) if row and row[0].strip()]
        if rows and not rows[0][0].replace(".", "", 1).isdigit():
            rows = rows[1:]
        return cls(tuple((float(a), float(b)) for a, b in rows), send_retry_after, status)

    def start(self) -> None:
        return None

    def decide(self, state: None, t: float, rng: random.Random) -> tuple[Decision, None]:
        for begin, end in self.spells:
            if begin <= t < end:
                return _limited(end - t, self.send_retry_after, self.status), None
        return Decision.ok(), None


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Refused when any of the models refuses (an outage on top of a per-minute limit); a
    refusal of access (403) outranks a 429, whose Retry-After is the longest one sent."""

    models: tuple[Any, ...]

    def start(self) -> tuple[Any, ...]:
        return tuple(model.start() for model in self.models)

    def decide(
        self, state: tuple[Any, ...], t: float, rng: random.Random
    ) -> tuple[Decision, tuple[Any, ...]]:
        decisions, states = [], []
        for model, own in zip(self.models, state, strict=True):
            decision, new = model.decide(own, t, rng)
            decisions.append(decision)
            states.append(new)
        refused = [d for d in decisions if not d.allowed]
        if not refused:
            return Decision.ok(), tuple(states)
        denied = [d for d in refused if d.status != 429]
        if denied:
            return denied[0], tuple(states)
        hints = [d.retry_after for d in refused if d.retry_after is not None]
        return Decision(False, max(hints) if hints else None), tuple(states)
