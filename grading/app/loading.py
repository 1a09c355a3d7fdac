"""``grading run --load-alerts FILE``: alerts from a JSON Lines file into the store.

Loading never trusts results: the grading state a line carries (``result_tracking``,
``last_sync_check``, ...) is dropped with a warning, and the alert is graded from its own
fields, unless ``--import-results`` declares the file a trusted export (then each grade is
checked). A line that cannot be stored (not an object, no id, an object where a query reads
a value) is reported with its number and skipped; the rest load, in batches, so the file's
size does not bound the memory used.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from grading.core.documents import (
    document_problems,
    imported_result_problems,
    without_grading_state,
)
from grading.edges.alert_files import read_documents
from grading.ports import AlertStore

log = logging.getLogger("grading.daemon")
BATCH = 1000


def load_alerts(store: AlertStore, path: Path, import_results: bool = False) -> int:
    """Add the file's new alerts to the store; how many were new."""
    added, batch, stripped = 0, [], 0
    for line_no, doc in read_documents(path):
        problems = [doc] if isinstance(doc, str) else _problems(doc, import_results)
        if problems:
            log.error("%s line %d skipped: %s", path, line_no, problems[0])
            continue
        assert isinstance(doc, dict)
        if not import_results:
            doc, had_state = without_grading_state(doc)
            stripped += had_state
        batch.append(doc)
        if len(batch) == BATCH:
            added, batch = added + store.add_alerts(batch), []
    if stripped:
        log.warning("%d alerts in %s carried grading state (result_tracking, last_sync_check):"
                    " ignored, they are graded from their own fields (--import-results takes"
                    " the file as a trusted export)", stripped, path)
    return added + store.add_alerts(batch)


def _problems(doc: dict[str, Any], import_results: bool) -> list[str]:
    problems = document_problems(doc)
    return problems or (imported_result_problems(doc) if import_results else [])
