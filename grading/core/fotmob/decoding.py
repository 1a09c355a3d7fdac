"""Match JSON from a response body or a file: orjson on the raw bytes, one-line errors.

A match payload is ~470 KB of JSON and decoding was half of parsing it (docs/rules/
fotmob.md §7): orjson reads bytes directly, about twice as fast as the standard library.
The standard library stays the fallback where orjson is not installed, and for bodies
that are not valid UTF-8 (decoded with replacement characters, as before).
"""

from __future__ import annotations

import json
from typing import Any

from grading.core.errors import BadPayload
from grading.core.fotmob.page import page_title

try:
    import orjson
except ImportError:  # pragma: no cover - a platform without its wheel
    orjson = None  # type: ignore[assignment]

_BOM = b"\xef\xbb\xbf"


def decode(text: str | bytes) -> Any:
    """JSON from a response body or file (a UTF-8 BOM in front is allowed); BadPayload for
    an HTML page, broken JSON, or JSON nested too deep to be a match."""
    raw = text.encode("utf-8", errors="surrogatepass") if isinstance(text, str) else text
    raw = raw.removeprefix(_BOM)
    if raw.lstrip()[:1] == b"<":
        raise BadPayload(f"an HTML page, not match JSON{page_title(_text(raw))}")
    if orjson is not None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if "depth limit" in exc.msg:
                raise _too_deep() from None
            if "UTF-8" not in exc.msg:
                raise _broken(exc) from None
    return _standard(_text(raw))  # no orjson, or bytes that are not UTF-8


def _standard(text: str) -> Any:
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise _broken(exc) from None
    except RecursionError:
        raise _too_deep() from None


def _text(raw: bytes) -> str:
    return raw.decode("utf-8-sig", errors="replace")


def _broken(exc: json.JSONDecodeError) -> BadPayload:
    return BadPayload(
        f"broken or truncated JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    )


def _too_deep() -> BadPayload:
    return BadPayload("JSON nested too deep to be a match payload")
