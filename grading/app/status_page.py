"""``/`` on the status port: a read-only HTML page of what ``/status`` says, for a person.

Bots, their loops (running or not, passes, last clean pass, failures in a row, the last
error), intervals and batch size, alert counts, totals, the quarantine and the latest
grades. Plain HTML and a little CSS, no script; every value is escaped. It refreshes itself
every 30 s (a meta tag).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;margin:.4rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}
th{background:#f3f3f3}.bad{color:#a00;font-weight:600}.ok{color:#070}
"""


def render(statuses: Sequence[Mapping[str, Any]], health: Sequence[str]) -> str:
    """The page for these ``get_status()`` values and health reasons (empty: healthy)."""
    verdict = (
        '<p class="ok">healthy</p>'
        if not health
        else "".join(f'<p class="bad">{escape(reason)}</p>' for reason in health)
    )
    bots = "".join(_bot(status) for status in statuses) or "<p>no bot is running</p>"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta http-equiv="refresh" content="30"><title>grading daemon</title>'
        f"<style>{_STYLE}</style></head><body><h1>grading daemon</h1>{verdict}{bots}"
        "<p>JSON: <a href=/status>/status</a>, Prometheus: <a href=/metrics>/metrics</a>,"
        " health: <a href=/healthz>/healthz</a></p></body></html>"
    )


def _bot(status: Mapping[str, Any]) -> str:
    loops = _table(
        ("loop", "running", "passes", "last clean pass", "failures in a row", "last error"),
        [
            (
                loop,
                _flag(state.get("alive")),
                state.get("passes"),
                state.get("last_success"),
                state.get("consecutive_failures"),
                state.get("last_error"),
            )
            for loop, state in (status.get("loops") or {}).items()
        ],
    )
    pacing = _table(
        ("grading interval s", "sync interval s", "sync batch"),
        [(status.get("grading_interval"), status.get("sync_interval"), status.get("batch_size"))],
    )
    counts = status.get("sheet_stats") or {}
    totals = status.get("totals") or {}
    numbers = _table(
        ("pending", "settled", "unsynced", "graded", "synced", "settled in play", "reversed"),
        [
            (
                counts.get("pending"),
                counts.get("settled"),
                counts.get("unsynced"),
                totals.get("graded"),
                totals.get("synced"),
                totals.get("early_graded"),
                totals.get("early_reversed"),
            )
        ],
    )
    store = (
        f'<p class="bad">store: {escape(str(status["store_error"]))}</p>'
        if status.get("store_error")
        else ""
    )
    quarantine = (
        _table(
            ("set aside", "reason", "failures", "since"),
            [
                (q.get("key"), q.get("reason"), q.get("failures"), q.get("since"))
                for q in status.get("quarantined") or ()
            ],
        )
        if status.get("quarantined")
        else "<p>nothing quarantined</p>"
    )
    latest = (
        _table(
            ("alert", "market", "result", "returns", "graded at"),
            [
                (g.get("alert_id"), g.get("market"), g.get("status"), g.get("returns"), g.get("at"))
                for g in reversed(status.get("latest_grades") or ())
            ],
        )
        if status.get("latest_grades")
        else "<p>nothing graded since the start</p>"
    )
    return (
        f"<h2>{escape(str(status.get('bot_type')))} bot</h2>{store}{loops}{pacing}"
        f"{numbers}<h3>quarantine</h3>{quarantine}<h3>latest grades</h3>{latest}"
    )


def _flag(alive: Any) -> str:
    return "yes" if alive else "NO"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_cell(value) for value in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    css = ' class="bad"' if text == "NO" else ""
    return f"<td{css}>{escape(text)}</td>"
