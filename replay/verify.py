"""``replay verify``: regrade an alert file against recorded payloads, compare with expected.

Streaming: the alerts are grouped by match and each payload is read and parsed once, then
dropped, so memory holds the alerts and one match at a time, never the folder of payloads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from grading.core.alerts import Alert, Grade
from grading.edges.alert_files import read_alerts
from grading.edges.recorded import DirectorySource
from replay.regrade import differences, facts_or_reason, regrade


@dataclass(frozen=True, slots=True)
class Checked:
    """One alert regraded: its line in the alerts file, the grade, how it differs."""

    line_no: int
    alert: Alert
    grade: Grade
    diff: list[str]


def verify(source: DirectorySource, alerts_path: Path,
           progress: bool = True) -> tuple[list[Checked], list[tuple[int, str]]]:
    """(every alert checked, in file order; unusable lines as (line number, reason))."""
    by_match: dict[str, list[tuple[int, Alert]]] = defaultdict(list)
    unusable = []
    for line_no, alert in read_alerts(alerts_path):
        if isinstance(alert, str):
            unusable.append((line_no, alert))
        else:
            by_match[alert.match_id or ""].append((line_no, alert))
    source.index()
    total = sum(len(group) for group in by_match.values())
    checked: list[Checked] = []
    with tqdm(total=total, unit="alert", desc="regrading", disable=None if progress else True,
              leave=False) as bar:
        for match_id, group in by_match.items():
            checked.extend(_check_group(source, match_id, group))
            bar.update(len(group))
    checked.sort(key=lambda item: item.line_no)
    return checked, unusable


def _check_group(source: DirectorySource, match_id: str,
                 group: Iterable[tuple[int, Alert]]) -> Iterable[Checked]:
    facts = facts_or_reason(source, match_id)   # a broken payload is reported per alert
    for line_no, alert in group:
        grade = regrade(alert, facts)
        yield Checked(line_no, alert, grade, differences(alert.expected, grade))
