"""JSON text for stored documents: datetimes as ``{"$date": fixed-width UTC}`` and ObjectIds
as ``{"$oid": hex}`` (MongoDB's extended-JSON idea), so they come back as they went in,
datetimes tz-aware and comparing like instants."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bson import ObjectId

from grading.core.tracking import aware, stamp, unstamp


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$date": stamp(aware(value))}
    if isinstance(value, ObjectId):
        return {"$oid": str(value)}
    raise TypeError(f"cannot store a {type(value).__name__} in a document")


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return unstamp(obj["$date"])
    if len(obj) == 1 and "$oid" in obj and ObjectId.is_valid(obj["$oid"]):
        return ObjectId(obj["$oid"])
    return obj


def dumps(doc: Any) -> str:
    return json.dumps(doc, default=_default, separators=(",", ":"))


def loads(text: str) -> Any:
    return json.loads(text, object_hook=_hook)
