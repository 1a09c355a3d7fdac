"""``grading run --load-alerts PATH --load-bets PATH``: documents from JSON Lines into the store.

Native alert files are never trusted for results: the grading state a line carries
(``result_tracking``, ``last_sync_check``, ...) is dropped with a warning, and the alert is
graded from its own fields, unless ``--import-results`` declares the file a trusted export
(then each grade is checked). PROPPR documents are an export of PROPPR's own database
(MongoDB extended JSON, as ``mongoexport`` writes it) and are stored as they are: their
``result_tracking`` is PROPPR's, and a pending one is graded. PROPPR's documents carry no bot
type, so the bot comes from ``--bot`` or from the file's name: a file named after a
collection (``all_positive_alerts*.jsonl`` is the Player Bot's, ``all_positive_team_alerts*``
the Team Bot's, ``user_tracked_bets*`` users' bets); a folder loads every such file in it.
A line that cannot be stored is reported with its number and skipped; the rest load, in
batches, so the file's size does not bound the memory used.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grading.core.documents import imported_result_problems, without_grading_state
from grading.core.schemas import Schema
from grading.core.schemas.native import NATIVE
from grading.core.schemas.proppr import COLLECTIONS as PROPPR_COLLECTIONS
from grading.edges.alert_files import read_documents
from grading.ports import AlertStore

log = logging.getLogger("grading.daemon")
BATCH = 1000


class LoadError(ValueError):
    """What to load cannot be worked out (a file of no known bot, an empty folder)."""


@dataclass(frozen=True)
class LoadPlan:
    """Alert files with the bot each is for (None: the documents say), bet files."""

    alerts: list[tuple[Path, str | None]] = field(default_factory=list)
    bets: list[Path] = field(default_factory=list)


def plan_loads(
    alert_paths: Sequence[Path],
    bet_paths: Sequence[Path],
    schema: Schema,
    bots: Sequence[str],
    collections: Mapping[str, str] | None = None,
) -> LoadPlan:
    """Which file holds what, by ``--bot`` and the files' names (see the module doc)."""
    names = {**PROPPR_COLLECTIONS, **(collections or {})}
    plan = LoadPlan(bets=list(bet_paths))
    for path in alert_paths:
        for file in _files(path):
            kind = _named(file, names)
            if kind == "bets" or (schema.name == "native" and file.name.startswith("bets")):
                plan.bets.append(file)
            elif schema.name == "native":
                plan.alerts.append((file, kind))
            elif kind is not None or not path.is_dir():  # a folder's other files: not ours
                plan.alerts.append((file, kind or _only_bot(file, bots)))
    if not plan.alerts and not plan.bets and alert_paths:
        raise LoadError(
            f"nothing to load in {', '.join(map(str, alert_paths))}: no file "
            f"named after a collection ({', '.join(sorted(names.values()))})"
        )
    return plan


def _files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".jsonl")
    if not files:
        raise LoadError(f"{path} holds no .jsonl file")
    return files


def _named(path: Path, names: Mapping[str, str]) -> str | None:
    """The collection a file is named after ("all_positive_team_alerts.jsonl": team)."""
    stem = path.name.split(".")[0]
    by_length = sorted(names.items(), key=lambda item: -len(item[1]))  # team before player
    return next((kind for kind, name in by_length if stem.startswith(name)), None)


def _only_bot(path: Path, bots: Sequence[str]) -> str:
    if len(bots) == 1:
        return bots[0]
    raise LoadError(
        f"{path}: PROPPR alerts carry no bot type; name the file after its "
        "collection or give one --bot"
    )


def load_alerts(
    store: AlertStore,
    path: Path,
    import_results: bool = False,
    schema: Schema | None = None,
    bot_type: str | None = None,
) -> int:
    """Add the file's new alerts to the store; how many were new."""
    proppr = schema is not None and schema.name != "native"
    added, batch, stripped = 0, [], 0
    for line_no, doc in read_documents(path, extended=proppr):
        problems = [doc] if isinstance(doc, str) else _problems(doc, import_results, schema)
        if problems:
            log.error("%s line %d skipped: %s", path, line_no, problems[0])
            continue
        assert isinstance(doc, dict)
        if not import_results and not proppr:
            doc, had_state = without_grading_state(doc)
            stripped += had_state
        batch.append(doc)
        if len(batch) == BATCH:
            added, batch = added + store.add_alerts(batch, bot_type), []
    if stripped:
        log.warning(
            "%d alerts in %s carried grading state (result_tracking, last_sync_check):"
            " ignored, they are graded from their own fields (--import-results takes"
            " the file as a trusted export)",
            stripped,
            path,
        )
    return added + store.add_alerts(batch, bot_type)


def load_bets(store: AlertStore, path: Path, schema: Schema) -> int:
    """Add the file's new bets (native bets, or PROPPR's containers); how many were new."""
    added, batch = 0, []
    for line_no, doc in read_documents(path, extended=schema.name != "native"):
        try:
            if isinstance(doc, str):
                raise ValueError(doc)
            for bet, _owner in schema.bets_in(doc):
                schema.bet_id(bet)
        except ValueError as exc:
            log.error("%s line %d skipped: %s", path, line_no, exc)
            continue
        batch.append(doc)
        if len(batch) == BATCH:
            added, batch = added + store.add_bets(batch), []
    return added + store.add_bets(batch)


def _problems(doc: dict[str, Any], import_results: bool, schema: Schema | None) -> list[str]:
    schema = schema or NATIVE
    problems = schema.problems(doc)
    if problems or not import_results or schema.name != "native":
        return problems
    return imported_result_problems(doc)
