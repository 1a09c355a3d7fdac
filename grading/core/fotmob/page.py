"""The match JSON a FotMob match page embeds (docs/rules/fotmob.md, "Endpoints"). Pure."""

from __future__ import annotations

import json
import re
from typing import Any

from grading.core.errors import BadPayload

_NEXT_DATA = re.compile(r'<script[^>]*id="__NEXT_DATA__"[^>]*>(.*?)</script>', re.DOTALL)
_TITLE = re.compile(r"<title>([^<]{0,80})", re.IGNORECASE)


def next_data(html: str) -> Any:
    """The JSON inside ``<script id="__NEXT_DATA__">``; BadPayload when there is none."""
    found = _NEXT_DATA.search(html)
    if found is None:
        raise BadPayload(f"match page has no __NEXT_DATA__{page_title(html)}")
    try:
        return json.loads(found.group(1))
    except json.JSONDecodeError as exc:
        raise BadPayload(f"match page __NEXT_DATA__ is broken JSON: {exc.msg}") from None


def page_title(html: str) -> str:
    """`` (Title)`` of an HTML page, for one-line error messages; empty when it has none."""
    title = _TITLE.search(html)
    return f" ({title.group(1).strip()})" if title else ""
