"""Document schemas: how stored alerts and bets read as the loops' views, and how a grade is
written back. Pure translation, no I/O.

A store keeps documents in one dialect and translates through a :class:`Schema`:

* ``native``: the JSON Lines contract of docs/design.md (``alert_id, market, selection,
  line, match_id, ...``, a ``result_tracking`` the daemon owns);
* ``proppr``: PROPPR's own documents, read and written exactly (docs/rules/proppr.md):
  ``Match, Date, Time, Market, Threshold, market_direction, ...``, a grade written as
  targeted ``result_tracking.<field>`` paths, bets in ``{user_id, bets: [...]}``
  containers.

Reading gives a *view*: a dict in the native dialect, which is all the loops read
(``grading.core.alerts.Alert.from_json`` takes it). Writing gives :data:`Sets`: a mapping
of dot paths to values, which a store applies with :func:`apply_sets` (embedded stores) or
a MongoDB ``$set`` (the same paths), so every store writes the same fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from grading.core.schemas._paths import Sets, apply_sets, get_path

__all__ = [
    "SCHEMAS",
    "Schema",
    "Sets",
    "apply_sets",
    "bot_of",
    "get_path",
    "schema_named",
    "storable_id",
]


class Schema(Protocol):
    """One dialect of stored documents (see the module docstring)."""

    name: str
    id_field: str  # the stored field that holds the alert id
    status_path: str  # the stored path of the grade's status

    def alert_id(self, doc: Mapping[str, Any]) -> str:
        """The alert's id; ValueError with one line when it has none."""

    def problems(self, doc: Any) -> list[str]:
        """Why a document cannot be stored as an alert (empty: it can)."""

    def status(self, doc: Mapping[str, Any]) -> str:
        """``pending`` or the grade, in the native spelling."""

    def next_check(self, doc: Mapping[str, Any]) -> datetime | None: ...

    def last_sync(self, doc: Mapping[str, Any]) -> datetime | None: ...

    def match_id(self, doc: Mapping[str, Any]) -> str | None:
        """The FotMob match the document names (None: not known yet)."""

    def bot_type(self, doc: Mapping[str, Any]) -> str | None:
        """The bot a document says it belongs to (PROPPR's say nothing: None)."""

    def view(self, doc: Mapping[str, Any], bot_type: str | None) -> dict[str, Any]:
        """The alert in the native dialect, for the loops; shares no mutable state with
        ``doc``'s nested values only as far as the caller copied ``doc``."""

    def settled(self, doc: Mapping[str, Any], record: Mapping[str, Any], now: datetime) -> Sets:
        """What a grade writes (``record``: :meth:`grading.core.alerts.Grade.record`)."""

    def deferred(self, doc: Mapping[str, Any], next_check_at: datetime, reason: str) -> Sets: ...

    def corrected(
        self,
        doc: Mapping[str, Any],
        record: Mapping[str, Any],
        audit: Mapping[str, Any],
        now: datetime,
    ) -> Sets: ...

    def located(self, doc: Mapping[str, Any], found: Mapping[str, Any]) -> Sets:
        """What finding the alert's FotMob match writes (docs/rules/fixtures.md §5)."""

    def synced(self, now: datetime) -> Sets: ...

    # -- bets -------------------------------------------------------------------------
    def bets_in(self, doc: Mapping[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """The bets a loaded document holds, each with its owner's fields (a container's
        ``user_id``; empty for a native bet, which is its own document)."""

    def bet_id(self, bet: Mapping[str, Any]) -> str: ...

    def bet_alert_id(self, bet: Mapping[str, Any]) -> str | None:
        """The alert id a bet names (None: tracked without one)."""

    def bet_ref(self, bet: Mapping[str, Any]) -> str | None:
        """For a bet tracked without an alert id, the key of the alert it is on."""

    def alert_ref(self, view: Mapping[str, Any]) -> str | None:
        """The same key, for an alert (from its view)."""

    def bet_status(self, bet: Mapping[str, Any]) -> str:
        """``pending`` when the daemon may settle it; anything else leaves it alone."""

    def bet_view(self, bet: Mapping[str, Any], owner: Mapping[str, Any]) -> dict[str, Any]:
        """The bet in the native dialect: ``bet_id, alert_id, stake, odds, status`` and a
        ``problem`` when it cannot be priced."""

    def bet_settled(self, bet: Mapping[str, Any], record: Mapping[str, Any], now: datetime) -> Sets:
        """What settling a bet writes, as paths inside the bet."""

    def bet_corrected(
        self, bet: Mapping[str, Any], record: Mapping[str, Any], now: datetime
    ) -> Sets: ...


def storable_id(schema: Schema, doc: Any) -> str:
    """The id of an alert document a store may take; ValueError with the first problem."""
    problems = schema.problems(doc)
    if problems:
        named = str(doc.get(schema.id_field))[:40] if isinstance(doc, Mapping) else ""
        raise ValueError(
            f"alert {named}: {problems[0]}" if named not in ("", "None") else problems[0]
        )
    return schema.alert_id(doc)


def bot_of(schema: Schema, doc: Mapping[str, Any], given: str | None) -> str | None:
    """The bot an alert document belongs to: its own ``bot_type``, else ``given``;
    ValueError when the schema's documents never say (PROPPR's) and none is given."""
    bot = schema.bot_type(doc) or given
    if bot is None and schema.name == "proppr":
        raise ValueError(
            "PROPPR alerts carry no bot type: say which bot they are for (player or team)"
        )
    return bot


def schema_named(name: str) -> Schema:
    """``native`` or ``proppr``; ValueError naming the known ones otherwise."""
    try:
        return SCHEMAS[name]
    except KeyError:
        raise ValueError(f"unknown schema {name!r} (known: {', '.join(SCHEMAS)})") from None


def _schemas() -> dict[str, Schema]:
    from grading.core.schemas.native import NATIVE
    from grading.core.schemas.proppr import PROPPR

    return {"native": NATIVE, "proppr": PROPPR}


SCHEMAS: dict[str, Schema] = _schemas()
