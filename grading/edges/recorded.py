"""Fixture sources that read recorded payloads from disk (replay, demo, ``--source DIR``).

A recorded payload is any file ending in ``.json`` or ``.json.gz`` holding a FotMob match
payload (any shape the parser knows) or a MatchFacts object; a file with top-level
``leagues`` and ``date`` is a day list and answers for its date. Files are indexed by the
match id (or date) inside them, not by file name; only paths are kept in memory. When
several files hold the same match or date (the FotMob client's record mode writes
``{id}_{UTC stamp}.json.gz`` and ``day_{date}_{UTC stamp}.json.gz`` per fetch), the last in
name order, the latest recording, wins.

Indexing reads every file once; given the match ids it will be asked for (``wanted``), it
keeps those matches' parsed facts from that same read for one fetch each, so a replay
decodes every payload once, and it can spread the reading over processes (``workers``).
"""

from __future__ import annotations

import gzip
import pickle
import threading
import zlib
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from grading.core.errors import BadPayload, SourceUnavailable
from grading.core.facts import MatchFacts
from grading.core.fotmob.day_list import DayList, is_day_list, parse_day_list
from grading.core.fotmob.decoding import decode
from grading.core.fotmob.payloads import payload_match_id, to_facts
from grading.core.http import Failure


def read_payload(path: Path) -> Any:
    """The JSON inside a ``.json`` or ``.json.gz`` file; BadPayload if it is not JSON."""
    try:
        raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
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


# What reading one file found: ("day", date), ("match", match id, its facts pickled, or
# the BadPayload parsing them raised, or None when not wanted), or ("skipped", reason).
# Kept pickled: 11 KB a match instead of 80 KB of live objects (a 470 KB payload's facts),
# 0.3 ms to load; only bytes this process or its own workers made are ever unpickled.
Found = tuple[str, str, "bytes | BadPayload | None"]


def read_one(path: Path, wanted: Collection[str] = ()) -> Found:
    """Decode one file; parse it into facts too when its match is ``wanted``."""
    try:
        payload = read_payload(path)
        if is_day_list(payload):
            return "day", str(payload["date"]), None
        match_id = payload_match_id(payload)
    except BadPayload as exc:
        return "skipped", str(exc), None
    if match_id not in wanted:
        return "match", match_id, None
    try:
        return "match", match_id, pickle.dumps(to_facts(payload), protocol=5)
    except BadPayload as exc:  # raised again when the match is fetched
        return "match", match_id, exc


class DirectorySource:
    """Plays recorded payloads from a folder: ``fetch(match_id)`` returns MatchFacts,
    ``day_list(date)`` the day list recorded for that date."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._index: dict[str, Path] | None = None
        self._days: dict[str, Path] = {}
        self._lock = threading.Lock()  # several bots' threads share one source
        self.skipped: dict[Path, str] = {}
        self._facts: dict[str, bytes | BadPayload] = {}  # read while indexing (Found)

    def index(self, wanted: Collection[str] = (), workers: int = 1) -> dict[str, Path]:
        """Match id -> file, built on first use (with the day lists by date); files that
        are neither are skipped. The facts of ``wanted`` matches are kept from the same
        read for one fetch each; ``workers`` > 1 reads in that many processes."""
        with self._lock:
            if self._index is None:
                index: dict[str, Path] = {}
                paths = list(payload_files(self.directory))
                for path, (kind, key, facts) in zip(
                    paths, self._read(paths, wanted, workers), strict=True
                ):
                    if kind == "day":
                        self._days[key] = path
                    elif kind == "skipped":
                        self.skipped[path] = key
                    else:
                        index[key] = path  # a later recording of a match replaces it
                        self._facts.pop(key, None)
                        if facts is not None:
                            self._facts[key] = facts
                self._index = index
            return self._index

    @staticmethod
    def _read(paths: list[Path], wanted: Collection[str], workers: int) -> Iterator[Found]:
        wanted = frozenset(str(match_id) for match_id in wanted)
        if workers <= 1 or len(paths) < 2 * workers:
            return (read_one(path, wanted) for path in paths)
        # forkserver: workers start from a clean process, not a copy of one holding every
        # alert of the replay; results come back in path order
        with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
            return iter(
                list(
                    pool.map(
                        partial(read_one, wanted=wanted),
                        paths,
                        chunksize=max(1, len(paths) // (8 * workers)),
                    )
                )
            )

    def fetch(self, match_id: str, pages: Sequence[str] = ()) -> MatchFacts:
        with self._lock:
            kept = self._facts.pop(str(match_id), None)
        if isinstance(kept, BadPayload):
            raise kept
        if kept is not None:
            facts: MatchFacts = pickle.loads(kept)  # made by read_one
            return facts
        path = self.index().get(str(match_id))
        if path is None:
            raise SourceUnavailable(
                f"no recorded payload for match {match_id}", kind=Failure.NOT_FOUND
            )
        return to_facts(read_payload(path))

    def day_list(self, date: str) -> DayList:
        self.index()
        path = self._days.get(str(date))
        if path is None:
            raise SourceUnavailable(f"no recorded day list for {date}", kind=Failure.NOT_FOUND)
        return parse_day_list(read_payload(path))
