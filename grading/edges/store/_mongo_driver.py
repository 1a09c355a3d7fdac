"""pymongo at the edge of the MongoDB store: driver errors as one line, inserting only what
is new, and the "not after now" filter that keeps a query on its index."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError, PyMongoError

from grading.core.errors import StoreUnavailable
from grading.core.tracking import utc

F = TypeVar("F", bound=Callable[..., Any])


def translated(method: F) -> F:
    """Driver errors become StoreUnavailable with one line (the loops treat it as transient)."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except DuplicateKeyError:
            raise
        except PyMongoError as exc:
            raise unavailable(exc) from None

    return wrapper  # type: ignore[return-value]


def unavailable(exc: PyMongoError) -> StoreUnavailable:
    """What the loops see of a driver error: a transient store failure, in one line."""
    return StoreUnavailable(f"MongoDB: {_one_line(exc)}")


def _one_line(exc: PyMongoError) -> str:
    """The driver's message without its topology dump (pymongo appends it to every
    server-selection error)."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text.split(" (configured timeouts")[0].split(", Timeout: ")[0][:200]


def not_after(now: datetime) -> dict[str, Any]:
    """Unset, null or not after ``now``: ``$not`` also matches a missing field, and unlike
    an ``$or`` it keeps the query on its index (SecantusDB scans on ``$or``: 88 ms against
    2 ms for the same update at 10,000 documents)."""
    return {"$not": {"$gt": utc(now)}}


def insert_new(collection: Collection, docs: list[dict[str, Any]]) -> int:
    """Insert what is new; duplicates of the unique key are skipped, not errors."""
    if not docs:
        return 0
    try:
        return len(collection.insert_many(docs, ordered=False).inserted_ids)
    except BulkWriteError as exc:
        others = [e for e in exc.details["writeErrors"] if e.get("code") != 11000]
        if others:
            raise StoreUnavailable(f"MongoDB insert failed: {others[0].get('errmsg')}") from None
        return exc.details["nInserted"]
