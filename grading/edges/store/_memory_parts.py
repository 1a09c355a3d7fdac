"""The in-memory store's parts: a sorted index of alert ids, and document copies as a real
store's serialization would give them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sortedcontainers import SortedList

from grading.core.tracking import aware, utc


class SortedIndex:
    """Alert ids in the order of a sort key, each under its latest key (``put`` replaces);
    O(log n) a change (a season's simulation moves a key hundreds of thousands of times)."""

    def __init__(self) -> None:
        self.keys: SortedList = SortedList()
        self._key_of: dict[str, tuple[Any, ...]] = {}

    def put(self, alert_id: str, key: tuple[Any, ...]) -> None:
        self.discard(alert_id)
        self._key_of[alert_id] = key
        self.keys.add(key)

    def discard(self, alert_id: str) -> None:
        key = self._key_of.pop(alert_id, None)
        if key is not None:
            self.keys.remove(key)


def copy_document(value: Any) -> Any:
    """A deep copy of a JSON-like document (dicts, lists, scalars), several times faster
    than ``copy.deepcopy``, which the simulation calls for every row it syncs; scalars, most
    of a document, are taken as they are without a call."""
    kind = type(value)
    if kind is dict:
        return {
            key: copy_document(item) if type(item) in _CONTAINERS else item
            for key, item in value.items()
        }
    if kind is list:
        return [copy_document(item) if type(item) in _CONTAINERS else item for item in value]
    return value


_CONTAINERS = frozenset({dict, list})


def normalized(value: Any) -> Any:
    """A deep copy with every datetime tz-aware UTC, as the other stores return them."""
    if isinstance(value, datetime):
        return utc(aware(value))
    if isinstance(value, Mapping):
        return {key: normalized(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalized(item) for item in value]
    return value
