"""What an HTTP answer from FotMob means: pure rules, no I/O (the client applies them).

FOTMOB.md section 5: failures seen in the wild are 401 (missing token), 403 (user-agent
block, Cloudflare Turnstile) and 404 (endpoint retired, stale build id): access changed, not
worth a quick retry. 429 and 5xx are transient; honour ``Retry-After`` if it is ever sent.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from grading.core.errors import BadPayload, GradingError, RateLimited, SourceUnavailable

ACCESS_CHANGED = frozenset({401, 403, 404})
_NEXT_DATA = re.compile(r'<script[^>]*id="__NEXT_DATA__"[^>]*>(.*?)</script>', re.DOTALL)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (RFC 9110 10.2.3: delay-seconds or an
    HTTP date); None when absent or unreadable; never negative."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def failure(status: int, retry_after: str | None, now: datetime, what: str) -> GradingError | None:
    """The exception a non-2xx status stands for (None for a success)."""
    if 200 <= status < 300:
        return None
    if status == 429:
        seconds = retry_after_seconds(retry_after, now)
        hint = "" if seconds is None else f", retry after {seconds:g} s"
        return RateLimited(f"FotMob rate limit (429) on {what}{hint}", seconds)
    if status in ACCESS_CHANGED:
        return SourceUnavailable(f"FotMob refused {what} with {status} (access changed?)",
                                 kind=str(status))
    return SourceUnavailable(f"FotMob answered {status} on {what}", kind="transient")


def next_data(html: str) -> Any:
    """The JSON a match page embeds in ``<script id="__NEXT_DATA__">`` (FOTMOB.md 2)."""
    found = _NEXT_DATA.search(html)
    if found is None:
        title = re.search(r"<title>([^<]{0,80})", html, re.IGNORECASE)
        hint = f" ({title.group(1).strip()})" if title else ""
        raise BadPayload(f"match page has no __NEXT_DATA__{hint}")
    try:
        return json.loads(found.group(1))
    except json.JSONDecodeError as exc:
        raise BadPayload(f"match page __NEXT_DATA__ is broken JSON: {exc.msg}") from None
