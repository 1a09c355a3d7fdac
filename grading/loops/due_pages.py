"""Reading a bot's due alerts a page at a time, for a grading pass."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from grading.core.documents import kickoff_of
from grading.ports import GradingStore


def due_pages(
    store: GradingStore, bot_type: str | None, now: datetime, page_size: int | None
) -> Iterator[list[dict[str, Any]]]:
    """The due alerts, ``page_size`` at a time (None: all at once): each store read stays
    bounded whatever the backlog. An alert settled or deferred leaves the due set, so the
    next read brings the next ones; one still due (its fixture leased elsewhere) is not
    handed out twice, and the next read asks for that many more."""
    seen: set[str] = set()
    again = 0  # alerts of earlier pages still due, read again before new ones
    while True:
        asked = None if page_size is None else page_size + again
        read = store.due_alerts(bot_type, now, limit=asked)
        page = [doc for doc in read if str(doc["alert_id"]) not in seen]
        if page:
            seen.update(str(doc["alert_id"]) for doc in page)
            yield page
        if asked is None or len(read) < asked:
            return
        again = len(read) - len(page)


def earliest_kickoff(docs: list[dict[str, Any]]) -> datetime | None:
    """The earliest kickoff the alerts of one fixture give (None: none gives one)."""
    kickoffs = [k for k in (kickoff_of(doc) for doc in docs) if k is not None]
    return min(kickoffs, default=None)
