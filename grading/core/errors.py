"""The small exception hierarchy that edges raise and loops turn into policy inputs.

DESIGN.md: "Failures are values at the edge, exceptions in the loop." Every edge
(FotMob client, parser, store, sheet) raises one of these; the step functions
catch them, update policy and status, and never die.
"""

from __future__ import annotations


class GradingError(Exception):
    """Base class of every failure the project raises on purpose."""


class BadPayload(GradingError):
    """A response or file that is not a usable match payload (HTML, error JSON, truncated JSON).

    The message is one line, fit to show a user as is.
    """


class SourceUnavailable(GradingError):
    """The data source cannot answer now: 5xx, timeout, reset, or an access change (401/403/404).

    ``kind`` is ``"transient"`` for errors worth retrying soon, or the HTTP status that
    signals changed access rules (``"401"``, ``"403"``, ``"404"``).
    """

    def __init__(self, message: str, kind: str = "transient") -> None:
        super().__init__(message)
        self.kind = kind


class RateLimited(GradingError):
    """The source answered 429. ``retry_after`` is in seconds, or None when not sent."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimitException(RateLimited):
    """A grading pass stopped on a 429 (the seed's name). What was graded before it is kept;
    ``graded`` says how many, ``retry_after`` is the source's hint in seconds, if any."""

    def __init__(self, message: str, retry_after: float | None = None, graded: int = 0) -> None:
        super().__init__(message, retry_after)
        self.graded = graded


class AccessDeniedException(SourceUnavailable):
    """A grading pass stopped because the source refused access (401/403: changed access
    rules, FOTMOB.md 5). That says nothing about one fixture, so no fixture is blamed; the
    scheduler backs off and probes until access returns. ``graded`` as in RateLimitException."""

    def __init__(self, message: str, kind: str, graded: int = 0) -> None:
        super().__init__(message, kind)
        self.graded = graded
