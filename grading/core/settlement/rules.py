"""Settlement options and the one exception settlement raises inside. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar


class Ungradeable(Exception):
    """The alert cannot be settled from this payload; the message says why."""


@dataclass(frozen=True, slots=True)
class Rules:
    """Settlement options (grading.core.settlement.settle says what each one means)."""

    card_convention: str = "Y1R2"
    participation_rule: str = "appeared"
    own_goal_rule: str = "skip"  # first / last goalscorer: skip own goals, or "own_goal"

    _CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {
        "card_convention": ("Y1R2", "Y1R1_max2"),
        "participation_rule": ("appeared", "started"),
        "own_goal_rule": ("skip", "own_goal"),
    }

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> Rules:
        """These rules with an alert's ``rules`` applied; unknown keys are ignored."""
        if not overrides:
            return self
        changes = {}
        for f in fields(self):
            value = (overrides or {}).get(f.name)
            if value is None:
                continue
            if value not in self._CHOICES[f.name]:
                allowed = " or ".join(self._CHOICES[f.name])
                raise Ungradeable(f"rule {f.name}={value!r} is not {allowed}")
            changes[f.name] = value
        return replace(self, **changes)


DEFAULT_RULES = Rules()
