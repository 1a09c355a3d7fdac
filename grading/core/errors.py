"""The small exception hierarchy that edges raise and loops turn into pass outcomes.

docs/design.md, "Failures": edges (FotMob client, parser, store, sheet) raise one of these
with a one-line message; a pass catches them and reports an outcome value
(grading.core.pacing.outcomes); nothing here is ever allowed to kill a loop.
"""

from __future__ import annotations

from grading.core.http import Failure


class GradingError(Exception):
    """Base class of every failure the project raises on purpose."""


class BadPayload(GradingError):
    """A response or file that is not a usable match payload (HTML, error JSON, truncated JSON).

    The message is one line, fit to show a user as is.
    """


class SourceUnavailable(GradingError):
    """A source cannot answer now, or refuses us. ``kind`` says which (grading.core.http):
    ``TRANSIENT`` is worth retrying soon, ``ACCESS_DENIED`` (401/403) means the source
    changed its access rules, ``NOT_FOUND`` (404) is about this one resource."""

    def __init__(self, message: str, kind: Failure = Failure.TRANSIENT) -> None:
        super().__init__(message)
        self.kind = kind


class RateLimited(GradingError):
    """The source answered 429. ``retry_after`` is in seconds, or None when not sent."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimitException(RateLimited):
    """The seed's name for a grading pass stopped on a 429 (raised only by the seed's
    ``process_all_alerts``; the loops read the pass outcome instead). ``graded`` says how
    many alerts the pass settled before it stopped."""

    def __init__(self, message: str, retry_after: float | None = None, graded: int = 0) -> None:
        super().__init__(message, retry_after)
        self.graded = graded


class AccessDeniedException(SourceUnavailable):
    """A grading pass stopped because the source refused access (401/403), raised only by the
    seed's ``process_all_alerts``. ``graded`` as in RateLimitException."""

    def __init__(self, message: str, graded: int = 0) -> None:
        super().__init__(message, Failure.ACCESS_DENIED)
        self.graded = graded


class StoreUnavailable(GradingError):
    """The store cannot be reached or refused an operation; the message is one line."""


class SheetRateLimited(RateLimited):
    """The sheet answered 429 (Google sends no Retry-After; ``retry_after`` is None)."""


class SheetUnavailable(SourceUnavailable):
    """The sheet cannot be written now (5xx, timeout, disk) or refuses us (``kind``)."""


def one_line(exc: BaseException) -> str:
    """An exception as one line for logs and ``/status``: a GradingError's own message, or
    any other exception (a bug) prefixed with its type."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, GradingError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
