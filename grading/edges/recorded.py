"""Fixture sources that read recorded payloads from disk (replay, demo, ``--source DIR``).

A recorded payload is any file ending in ``.json`` or ``.json.gz`` holding a FotMob match
payload (any shape the parser knows) or a MatchFacts object. Files are indexed by the match
id inside them (read without parsing the whole match), not by file name; only paths are
kept in memory. When several files hold
the same match (the FotMob client's record mode writes ``{id}_{UTC stamp}.json.gz`` per
fetch), the last in name order, the latest recording, wins.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grading.core.errors import BadPayload, SourceUnavailable
from grading.core.facts import MatchFacts
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
    """Plays recorded payloads from a folder: ``fetch(match_id)`` returns MatchFacts."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._index: dict[str, Path] | None = None
        self._lock = threading.Lock()      # several bots' threads share one source
        self.skipped: dict[Path, str] = {}

    def index(self) -> dict[str, Path]:
        """Match id -> file, built on first use; files that are not matches are skipped."""
        with self._lock:
            if self._index is None:
                index: dict[str, Path] = {}
                for path in payload_files(self.directory):
                    try:
                        index[payload_match_id(read_payload(path))] = path
                    except BadPayload as exc:
                        self.skipped[path] = str(exc)
                self._index = index
            return self._index

    def fetch(self, match_id: str) -> MatchFacts:
        path = self.index().get(str(match_id))
        if path is None:
            raise SourceUnavailable(f"no recorded payload for match {match_id}",
                                    kind=Failure.NOT_FOUND)
        return to_facts(read_payload(path))
