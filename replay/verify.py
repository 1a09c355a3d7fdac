"""``replay verify``: regrade an alert file against recorded payloads, compare with expected.

Native alerts carry their ``expected`` grade; PROPPR's documents (``schema`` proppr) are
compared with the grade PROPPR stored (``result_tracking.result_status`` and
``actual_value``), their match found by name in the folder's day lists when they carry no
FotMob id. Streaming: the alerts are grouped by match; the folder's index reads each
payload once and keeps the parsed facts of the matches alerts name (in ``workers``
processes when asked), each dropped once its group is checked; results are handed on group
by group (:class:`Verification`), so a report never holds them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from grading.core.alerts import PENDING, Alert, Grade
from grading.core.schemas import Schema
from grading.core.schemas.native import NATIVE
from grading.edges.alert_files import read_alerts, read_documents
from grading.edges.recorded import DirectorySource
from grading.loops.locating import Lookup, with_match
from replay.regrade import differences, facts_or_reason, regrade


@dataclass(frozen=True, slots=True)
class Checked:
    """One alert regraded: its line in the alerts file, the grade, how it differs."""

    line_no: int
    alert: Alert
    grade: Grade
    diff: list[str]


class Verification:
    """An alert file read and grouped by match; iterating regrades it group by group.
    ``unusable`` holds the lines that are no alert, as (line number, reason)."""

    def __init__(
        self,
        source: DirectorySource,
        alerts_path: Path,
        progress: bool = True,
        schema: Schema = NATIVE,
        workers: int = 1,
    ) -> None:
        self.source, self.progress, self.workers = source, progress, workers
        self.by_match: dict[str, list[tuple[int, Alert]]] = defaultdict(list)
        self.unusable: list[tuple[int, str]] = []
        alerts = (
            read_alerts(alerts_path)
            if schema.name == "native"
            else _stored_grades(alerts_path, schema, Lookup(source))
        )
        for line_no, alert in alerts:
            if isinstance(alert, str):
                self.unusable.append((line_no, alert))
            else:
                self.by_match[alert.match_id or ""].append((line_no, alert))

    def __iter__(self) -> Iterator[Checked]:
        self.source.index(wanted=self.by_match.keys(), workers=self.workers)
        total = sum(len(group) for group in self.by_match.values())
        with tqdm(
            total=total,
            unit="alert",
            desc="regrading",
            leave=False,
            disable=None if self.progress else True,
        ) as bar:
            for match_id, group in self.by_match.items():
                yield from _check_group(self.source, match_id, group)
                bar.update(len(group))


def verify(
    source: DirectorySource, alerts_path: Path, progress: bool = True, schema: Schema = NATIVE
) -> tuple[list[Checked], list[tuple[int, str]]]:
    """(every alert checked, in file order; unusable lines as (line number, reason))."""
    verification = Verification(source, alerts_path, progress, schema)
    checked = sorted(verification, key=lambda item: item.line_no)
    return checked, verification.unusable


def _stored_grades(path: Path, schema: Schema, lookup: Lookup) -> Iterator[tuple[int, Alert | str]]:
    """PROPPR's documents as alerts whose ``expected`` is the grade stored on them."""
    for line_no, doc in read_documents(path, extended=True):
        try:
            if isinstance(doc, str):
                raise ValueError(doc)
            view, why = with_match(schema.view(doc, None), lookup)
            tracking = view["result_tracking"]
            expected = {} if tracking["status"] == PENDING else {"status": tracking["status"]}
            if expected and tracking["actual_value"] is not None:
                expected["actual_value"] = tracking["actual_value"]
            alert = Alert.from_json({**view, "expected": expected})
        except ValueError as exc:
            yield line_no, str(exc)
            continue
        yield line_no, (alert if why is None else f"alert {alert.alert_id}: {why}")


def _check_group(
    source: DirectorySource, match_id: str, group: Iterable[tuple[int, Alert]]
) -> Iterable[Checked]:
    facts = facts_or_reason(source, match_id)  # a broken payload is reported per alert
    for line_no, alert in group:
        grade = regrade(alert, facts)
        yield Checked(line_no, alert, grade, differences(alert.expected, grade))
