"""What an answer from a web source means: one table for every edge (FotMob, Google Sheets).

docs/rules/fotmob.md, "Access": FotMob failures seen in the wild are 401 (a missing token),
403 (a user-agent block, Cloudflare Turnstile) and 404 (a retired route): access changed,
not worth a quick retry. 429 and 5xx are transient; a ``Retry-After`` is honoured if ever
sent. Google Sheets uses the same codes (docs/rules/sheets.md, "Errors").
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum


class Failure(StrEnum):
    """Why a request failed, as the loops need to know it."""

    RATE_LIMITED = "rate_limited"  # 429: slow down, then try again
    ACCESS_DENIED = "access_denied"  # 401, 403: the source changed its rules; probe slowly
    NOT_FOUND = "not_found"  # 404, 410: this resource (or route) is not there
    TRANSIENT = "transient"  # 5xx, 408, timeouts, resets: retry soon
    REFUSED = "refused"  # any other 4xx: the request itself is wrong
    IO = "io"  # a local file or disk failed (the CSV sheet)


_BY_STATUS = {
    429: Failure.RATE_LIMITED,
    401: Failure.ACCESS_DENIED,
    403: Failure.ACCESS_DENIED,
    404: Failure.NOT_FOUND,
    410: Failure.NOT_FOUND,
    408: Failure.TRANSIENT,
}


def classify(status: int) -> Failure | None:
    """The meaning of an HTTP status; None for a success (2xx)."""
    if 200 <= status < 300:
        return None
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return Failure.TRANSIENT if status >= 500 else Failure.REFUSED


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (RFC 9110 10.2.3: delay-seconds or an
    HTTP date); None when absent or unreadable; never negative. Absurd values are kept as
    they are: the pacing policy caps them (AdaptiveInterval.max_retry_after_s)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())
