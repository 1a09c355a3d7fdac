"""FotMob over HTTP (requests): one match's details by id, a date's day list, failures
classified.

* The JSON endpoint ``/api/data/matchDetails?matchId=N`` first; when it answers 403 or 404
  (Cloudflare Turnstile, a retired route: docs/rules/fotmob.md §2 and §5) the match pages'
  embedded ``__NEXT_DATA__`` is the fallback, which carries the same match object: the slug
  pages known for the match (from the caller, or from day-list rows), then ``/match/{id}``.
  A page is taken only when it holds the match asked for (a slug page is per pair of clubs).
* The day list ``/api/data/matches?date=YYYYMMDD`` (``/api/matches`` when that is 404).
* Every failure is one of the edge exceptions of :mod:`grading.core.errors` with a one-line message.
* A finished (or void) fixture is settled for good, so its facts are cached and it is never
  fetched again; a 429 with ``Retry-After`` blocks every caller sharing this client until
  then, so several bots in one process back off together.
* Record mode writes every payload fetched, gzipped, to a folder that ``replay`` reads as is.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from grading.core.documents import usable_match_id
from grading.core.errors import BadPayload, GradingError, RateLimited, SourceUnavailable
from grading.core.facts import MatchFacts
from grading.core.fotmob.day_list import DayList, league_pages, league_url, parse_day_list
from grading.core.fotmob.decoding import decode
from grading.core.fotmob.page import next_data
from grading.core.fotmob.parse import parse_match
from grading.core.fotmob.payloads import payload_match_id, the_match_asked_for
from grading.core.http import Failure, classify, retry_after_seconds
from grading.edges.clock import SystemClock
from grading.edges.fotmob_pages import league_path, page_path
from grading.ports import Clock

log = logging.getLogger(__name__)
# Extra headers for a request path (e.g. the signed ``x-mas`` header FotMob has required
# at times, docs/rules/fotmob.md, "Access"); no secret lives in this project.
HeaderProvider = Callable[[str], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class FotMobSettings:
    base_url: str = "https://www.fotmob.com"
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 20.0
    user_agent: str = "Mozilla/5.0 (X11; Linux x86_64) grading-daemon/0.1"
    page_fallback: bool = True
    record_dir: str | None = None
    # A Retry-After blocks the client at most this long (the pacing policy caps its own
    # wait the same way: AdaptiveInterval.max_retry_after_s).
    max_block_s: float = 3600.0


class _PrivateHeaders(requests.Session):
    """A session that never lets the header provider's headers (a signed token) follow a
    redirect to another host: requests itself strips only ``Authorization``."""

    def __init__(self) -> None:
        super().__init__()
        self.private: set[str] = set()

    def rebuild_auth(
        self, prepared_request: requests.PreparedRequest, response: requests.Response
    ) -> None:
        super().rebuild_auth(prepared_request, response)
        old, new = urlsplit(str(response.request.url)), urlsplit(str(prepared_request.url))
        if (old.hostname, old.port) != (new.hostname, new.port):
            for name in self.private:
                prepared_request.headers.pop(name, None)


class FotMobClient:
    """``fetch(match_id) -> MatchFacts``: the FixtureSource the live daemon uses."""

    def __init__(
        self,
        settings: FotMobSettings | None = None,
        clock: Clock | None = None,
        session: requests.Session | None = None,
        header_provider: HeaderProvider | None = None,
    ) -> None:
        self.settings = settings or FotMobSettings()
        self.clock = clock or SystemClock()
        self.session = session or _PrivateHeaders()
        self.header_provider = header_provider
        self._blocked_until: datetime | None = None
        self._lock = threading.Lock()
        self._pages: dict[str, list[str]] = {}  # match id -> slug pages from day lists
        self.responses: Counter[str] = Counter()  # answers by status (or why none), /metrics

    def fetch(self, match_id: str, pages: Sequence[str] = ()) -> MatchFacts:
        """Facts of one fixture; RateLimited, SourceUnavailable or BadPayload otherwise (a
        payload of another match included: a match page is per pair of clubs and may hold
        another of their meetings, docs/rules/fotmob.md §2)."""
        payload = self.fetch_payload(match_id, pages)
        return the_match_asked_for(_checked_id(match_id), parse_match(payload))

    def fetch_payload(self, match_id: str, pages: Sequence[str] = ()) -> Any:
        """The raw match JSON (endpoint, else the pages), recorded when asked to."""
        match_id = _checked_id(match_id)
        what = f"match {match_id}"
        try:
            payload = decode(self._get(f"/api/data/matchDetails?matchId={match_id}", what))
        except SourceUnavailable as refused:
            if refused.kind not in _PAGE_FALLBACK or not self.settings.page_fallback:
                raise
            payload = self._from_pages(match_id, pages, refused)
        self._keep(match_id, payload, what)
        return payload

    def _from_pages(self, match_id: str, pages: Sequence[str], refused: SourceUnavailable) -> Any:
        """The first match page that holds ``match_id``: the slug pages known for it (given,
        or learned from day-list rows), those the league fixture lists name, /match/id."""
        with self._lock:
            learned = list(self._pages.get(match_id, ()))
        known = [*pages, *learned]
        leagues = list(dict.fromkeys(p for p in map(league_path, known) if p))
        tried: list[str] = []
        paths = [p for p in map(page_path, known) if p]
        found = self._first_page(match_id, paths, tried)
        for league in leagues:
            if found is None:
                found = self._first_page(
                    match_id, self._league_pages(match_id, league, tried), tried
                )
        if found is None:
            found = self._first_page(match_id, [f"/match/{match_id}"], tried)
        if found is None:
            raise SourceUnavailable(f"{refused}; pages: {'; '.join(tried)}", kind=refused.kind)
        return found

    def _first_page(self, match_id: str, paths: Sequence[str], tried: list[str]) -> Any:
        for path in dict.fromkeys(paths):
            if path in tried:
                continue
            try:
                payload = next_data(
                    self._get(path, f"match {match_id} page {path}").decode(
                        "utf-8", errors="replace"
                    )
                )
                held = payload_match_id(payload)
            except (SourceUnavailable, BadPayload) as exc:
                if isinstance(exc, SourceUnavailable) and exc.kind is Failure.TRANSIENT:
                    raise
                tried.append(str(exc))
                continue
            if held == match_id:
                return payload
            tried.append(f"page {path} holds match {held}")
        return None

    def _league_pages(self, match_id: str, league: str, tried: list[str]) -> list[str]:
        """The page a league's fixture list names for the match (and every other page it
        names, kept for later)."""
        try:
            named = league_pages(decode(self._get(league, f"league list {league}")))
        except (SourceUnavailable, BadPayload) as exc:
            if isinstance(exc, SourceUnavailable) and exc.kind is Failure.TRANSIENT:
                raise
            tried.append(str(exc))
            return []
        with self._lock:
            for other, url in named.items():
                self._learn(other, url)
        page = page_path(named[match_id]) if match_id in named else None
        if page is None:
            tried.append(f"league list {league} names no page for match {match_id}")
        return [page] if page else []

    def _learn(self, match_id: str, url: str) -> None:
        known = self._pages.setdefault(match_id, [])
        if url not in known:
            known.append(url)

    def day_list(self, date: str) -> DayList:
        """Every match of ``date`` ("YYYYMMDD"); its page URLs are kept for the fallback."""
        date = _checked_date(date)
        what = f"day list {date}"
        try:
            raw = self._get(f"/api/data/matches?date={date}", what)
        except SourceUnavailable as refused:
            if refused.kind is not Failure.NOT_FOUND:
                raise
            raw = self._get(f"/api/matches?date={date}", f"{what} (older route)")
        payload = decode(raw)
        days = parse_day_list(payload)
        self._keep(f"day_{date}", payload, what)
        with self._lock:
            for row in days.rows:
                if row.page_url and page_path(row.page_url):
                    self._learn(row.match_id, row.page_url)
                if row.league_id:
                    self._learn(row.match_id, league_url(row.league_id))
        return days

    def _keep(self, prefix: str, payload: Any, what: str) -> None:
        if self.settings.record_dir:
            try:
                self._record(prefix, payload)
            except OSError as exc:  # a full disk costs the recording, never the grade
                log.warning(
                    "could not record %s in %s: %s",
                    what,
                    self.settings.record_dir,
                    exc.strerror or exc,
                )

    def _get(self, path: str, what: str) -> bytes:
        now = self.clock.now()
        with self._lock:
            blocked_until = self._blocked_until
        if blocked_until is not None and now < blocked_until:
            wait = (blocked_until - now).total_seconds()
            raise RateLimited(
                f"FotMob rate limit still in force on {what} (retry after {wait:g} s)", wait
            )
        url = self.settings.base_url.rstrip("/") + path
        try:
            response = self.session.get(
                url,
                headers=self._headers(path),
                timeout=(self.settings.connect_timeout_s, self.settings.read_timeout_s),
            )
        except requests.Timeout:
            self.responses["timeout"] += 1
            raise SourceUnavailable(f"FotMob timed out on {what}") from None
        except requests.RequestException as exc:
            self.responses["unreachable"] += 1
            raise SourceUnavailable(
                f"FotMob unreachable on {what} ({type(exc).__name__})"
            ) from None
        self.responses[str(response.status_code)] += 1
        error = _failure(response.status_code, response.headers.get("Retry-After"), now, what)
        if isinstance(error, RateLimited) and error.retry_after:
            block = min(error.retry_after, self.settings.max_block_s)
            with self._lock:
                self._blocked_until = now + timedelta(seconds=block)
        if error is not None:
            raise error
        return response.content

    def _headers(self, path: str) -> dict[str, str]:
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": "application/json, text/html;q=0.9",
            "Referer": self.settings.base_url.rstrip("/") + "/",
        }
        if self.header_provider is not None:
            try:
                provided = dict(self.header_provider(path))
            except Exception as exc:  # a user's plug-in: any failure is the source's
                raise SourceUnavailable(f"FotMob header provider failed: {exc}") from None
            if isinstance(self.session, _PrivateHeaders):
                self.session.private.update(provided)
            headers.update(provided)
        return headers

    def _record(self, prefix: str, payload: Any) -> None:
        """Write ``{prefix}_{UTC stamp}.json.gz`` atomically (temp file, then rename)."""
        folder = Path(self.settings.record_dir or ".")
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{prefix}_{self.clock.now():%Y%m%dT%H%M%S%fZ}.json.gz"
        handle, temp = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(gzip.compress(json.dumps(payload).encode("utf-8")))
            os.replace(temp, folder / name)
        except OSError:
            Path(temp).unlink(missing_ok=True)
            raise


_PAGE_FALLBACK = (Failure.ACCESS_DENIED, Failure.NOT_FOUND)


def _failure(status: int, retry_after: str | None, now: datetime, what: str) -> GradingError | None:
    """The exception a status stands for (None for a success), by grading.core.http's table."""
    kind = classify(status)
    if kind is None:
        return None
    if kind is Failure.RATE_LIMITED:
        seconds = retry_after_seconds(retry_after, now)
        hint = "" if seconds is None else f", retry after {seconds:g} s"
        return RateLimited(f"FotMob rate limit (429) on {what}{hint}", seconds)
    if kind in (Failure.ACCESS_DENIED, Failure.NOT_FOUND):
        return SourceUnavailable(
            f"FotMob refused {what} with {status} (access changed?)", kind=kind
        )
    return SourceUnavailable(f"FotMob answered {status} on {what}", kind=kind)


def _checked_date(date: Any) -> str:
    text = str(date).strip()
    if len(text) != 8 or not text.isdigit():
        raise BadPayload(f"{text[:20]!r} is not a date as YYYYMMDD")
    return text


def _checked_id(match_id: Any) -> str:
    text = usable_match_id(match_id)
    if text is None:
        raise BadPayload(f"{str(match_id).strip()!r} is not a FotMob match id")
    return text
