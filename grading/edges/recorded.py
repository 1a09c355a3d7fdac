"""Fixture sources that read recorded payloads from disk (replay, demo, ``--source DIR``).

A recorded payload is any file ending in ``.json`` or ``.json.gz`` holding a FotMob match
payload (any shape the parser knows) or a MatchFacts object; a file with top-level
``leagues`` and ``date`` is a day list and answers for its date. Files are indexed by the
match id (or date) inside them, not by file name; only paths are kept in memory. When
several files hold the same match or date (the FotMob client's record mode writes
``{id}_{UTC stamp}.json.gz`` and ``day_{date}_{UTC stamp}.json.gz`` per fetch), the last in
name order, the latest recording, wins.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from grading.core.errors import BadPayload, SourceUnavailable
from grading.core.facts import MatchFacts
from grading.core.fotmob.day_list import DayList, is_day_list, parse_day_list
from grading.core.fotmob.parse import decode
from grading.core.fotmob.payloads import payload_match_id, to_facts
from grading.core.http import Failure


def read_payload(path: Path) -> Any:
    """The JSON inside a ``.json`` or ``.json.gz`` file; BadPayload if it is not JSON."""
    try:
        raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else \
            path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise BadPayload(f"{path.name}: cannot read ({exc})") from None
    try:
        return decode(raw)
    except BadPayload as exc:
        raise BadPayload(f"{path.name}: {exc}") from None


def payload_files(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*")):
        if path.is_file() and (path.name.endswith(".json") or path.name.endswith(".json.gz")):
            yield path


class DirectorySource:
    """Plays recorded payloads from a folder: ``fetch(match_id)`` returns MatchFacts,
    ``day_list(date)`` the day list recorded for that date."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._index: dict[str, Path] | None = None
        self._days: dict[str, Path] = {}
        self._lock = threading.Lock()      # several bots' threads share one source
        self.skipped: dict[Path, str] = {}

    def index(self) -> dict[str, Path]:
        """Match id -> file, built on first use (with the day lists by date); files that
        are neither are skipped."""
        with self._lock:
            if self._index is None:
                index: dict[str, Path] = {}
                for path in payload_files(self.directory):
                    try:
                        payload = read_payload(path)
                        if is_day_list(payload):
                            self._days[str(payload["date"])] = path
                        else:
                            index[payload_match_id(payload)] = path
                    except BadPayload as exc:
                        self.skipped[path] = str(exc)
                self._index = index
            return self._index

    def fetch(self, match_id: str, pages: Sequence[str] = ()) -> MatchFacts:
        path = self.index().get(str(match_id))
        if path is None:
            raise SourceUnavailable(f"no recorded payload for match {match_id}",
                                    kind=Failure.NOT_FOUND)
        return to_facts(read_payload(path))

    def day_list(self, date: str) -> DayList:
        self.index()
        path = self._days.get(str(date))
        if path is None:
            raise SourceUnavailable(f"no recorded day list for {date}", kind=Failure.NOT_FOUND)
        return parse_day_list(read_payload(path))
