"""Dot paths into nested documents, as MongoDB's ``$set`` reads them. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Sets = dict[str, Any]  # "result_tracking.result_status" -> "won"


def get_path(doc: Mapping[str, Any], path: str) -> Any:
    """The value at ``path`` ("a.b.c"), or None when any step is missing or not an object."""
    value: Any = doc
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def apply_sets(doc: dict[str, Any], sets: Mapping[str, Any]) -> dict[str, Any]:
    """``doc`` with every path of ``sets`` set, as ``$set`` would: missing objects on the
    way are created; a step that holds something other than an object is replaced by
    one (``$set`` refuses that; the schemas never ask it). Changes ``doc`` in place."""
    for path, value in sets.items():
        *parents, last = path.split(".")
        target = doc
        for key in parents:
            child = target.get(key)
            if not isinstance(child, dict):
                child = {} if not isinstance(child, Mapping) else dict(child)
                target[key] = child
            target = child
        target[last] = value
    return doc
