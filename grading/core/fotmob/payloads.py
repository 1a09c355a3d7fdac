"""Recorded payloads of either kind, a FotMob match or a MatchFacts object, as MatchFacts."""

from __future__ import annotations

from typing import Any

from grading.core.errors import BadPayload
from grading.core.facts import MatchFacts
from grading.core.fotmob.parse import match_id_of, parse_match


def is_facts(payload: Any) -> bool:
    """A MatchFacts object (docs/design.md, "MatchFacts"), not a FotMob payload."""
    return (
        isinstance(payload, dict)
        and "schema" in payload
        and "status" in payload
        and "match_id" in payload
    )


def payload_match_id(payload: Any) -> str:
    """The match id of a MatchFacts object or a FotMob payload; BadPayload otherwise."""
    if is_facts(payload):
        return str(payload["match_id"])
    return match_id_of(payload)


def the_match_asked_for(match_id: str, facts: MatchFacts) -> MatchFacts:
    """``facts`` when they are the match asked for; BadPayload otherwise."""
    if facts.match_id != str(match_id):
        raise BadPayload(f"asked for match {match_id}, the payload is match {facts.match_id}")
    return facts


def to_facts(payload: Any) -> MatchFacts:
    """A MatchFacts value, a MatchFacts object or a FotMob payload -> MatchFacts."""
    if isinstance(payload, MatchFacts):
        return payload
    if is_facts(payload):
        return MatchFacts.from_json(payload)
    return parse_match(payload)
