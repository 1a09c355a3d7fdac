"""What ``grading run`` checks before its loops start, so a mistake is found at once, in one
line, and not at the first sync followed by a traceback on every pass.

* A setting that is wrong (a missing or unreadable credentials file, a spreadsheet we may not
  open, a spreadsheet without credentials) is a SettingsError: exit 2, never retried.
* A dependency that is down (the store, Google) is retried with backoff, then given up with
  one line (exit 2): a daemon started while MongoDB restarts waits for it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from grading.app.settings import Settings, SettingsError
from grading.core.errors import RateLimited, SourceUnavailable, StoreUnavailable, one_line
from grading.core.http import Failure
from grading.edges.sheets.gspread_sink import GspreadSink
from grading.ports import Edges

log = logging.getLogger("grading.daemon")
PAUSES_S = (1.0, 2.0, 4.0, 8.0)  # between attempts on a dependency that is down
_REFUSALS = (Failure.ACCESS_DENIED, Failure.NOT_FOUND, Failure.REFUSED)


def check_settings(settings: Settings) -> None:
    """Settings that cannot work, found without touching the network."""
    sheets = settings.sheets
    if sheets.spreadsheet and not (sheets.credentials_path or sheets.endpoint):
        raise SettingsError("sheets.spreadsheet is set but sheets.credentials_path is not")
    if sheets.credentials_path and not sheets.spreadsheet:
        raise SettingsError("sheets.credentials_path is set but sheets.spreadsheet is not")
    if sheets.credentials_path:
        _service_account(Path(sheets.credentials_path))


def check_dependencies(
    edges: Edges, bots: Sequence[str], sleep: Callable[[float], Any] = time.sleep
) -> None:
    """The store and the sheet answer (retried with backoff while they are down)."""
    _retried("the store", edges.store.ensure_indexes, sleep)
    sheet = edges.sheet
    if isinstance(sheet, GspreadSink):
        _retried(f"spreadsheet {sheet.spreadsheet!r}", lambda: sheet.check(bots), sleep)


def _retried(what: str, action: Callable[[], Any], sleep: Callable[[float], Any]) -> None:
    for attempt, pause in enumerate((*PAUSES_S, None), start=1):
        try:
            action()
            return
        except SourceUnavailable as exc:
            if exc.kind in _REFUSALS:
                raise SettingsError(f"{what}: {one_line(exc)}") from None
            failure: Exception = exc
        except (StoreUnavailable, RateLimited) as exc:  # down, or busy: wait
            failure = exc
        if pause is None:
            raise SettingsError(
                f"{what} is unreachable after {attempt} tries: {one_line(failure)}"
            ) from None
        log.warning("%s is unreachable (%s); trying again in %g s", what, one_line(failure), pause)
        sleep(pause)


def _service_account(path: Path) -> None:
    where = f"sheets.credentials_path {path}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{where}: {exc.strerror}") from None
    except ValueError:
        raise SettingsError(f"{where} is not JSON") from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "service_account"
        or not all(
            isinstance(data.get(key), str) and data[key]
            for key in ("client_email", "private_key", "token_uri")
        )
    ):
        raise SettingsError(
            f"{where} is not a Google service-account key "
            "(type, client_email, private_key, token_uri)"
        )
