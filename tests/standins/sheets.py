"""A local stand-in for the Google Sheets API v4: the endpoints gspread uses, in memory.

Response shapes follow real traffic (checked against ../shared/sheets_cassettes by
tests/edges/test_sheets_standin.py). Quotas follow Google's documented per-minute limits
(docs/rules/sheets.md §4: 60 reads and 60 writes per minute per user, 300 each per project; a batch
request counts as one request) over a sliding 60 s window on an injectable clock; the 429 body
copies real ones. ``inject`` queues faults (429, 5xx, HTML bodies). gspread reaches it through a
transport adapter mounted on its session (docs/rules/sheets.md §3).
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from werkzeug import Request, Response

from grading.edges.sheets.endpoint import redirect
from tests.standins.a1 import Grid, parse_range, render_range

__all__ = ["SheetsStandIn", "redirect"]

LIMITS = {
    ("read", "user"): 60,
    ("write", "user"): 60,
    ("read", "project"): 300,
    ("write", "project"): 300,
}
_QUOTA_NAMES = {
    "read": ("Read requests", "ReadRequests"),
    "write": ("Write requests", "WriteRequests"),
}


@dataclass
class Spreadsheet:
    key: str
    title: str
    sheets: dict[str, Grid] = field(default_factory=dict)


class SheetsStandIn:
    """Mount with ``server.expect_request(re.compile(".*")).respond_with_handler(stand_in)``."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.limits = dict(LIMITS)
        self.log: list[tuple[str, str, int]] = []  # (method, path, status)
        self._admitted: dict[tuple[str, str], deque[float]] = {}
        self._faults: deque[tuple[int, str, str | None]] = deque()
        self._lock = threading.Lock()

    def create(
        self, key: str, title: str, sheets: dict[str, list[list[str]]], column_count: int = 26
    ) -> None:
        book = self.spreadsheets[key] = Spreadsheet(key, title)
        for sheet_id, (name, rows) in enumerate(sheets.items()):
            book.sheets[name] = Grid.of(rows, column_count=column_count)
            book.sheets[name].sheet_id = sheet_id

    def values(self, key: str, sheet: str) -> list[list[str]]:
        return self.spreadsheets[key].sheets[sheet].trimmed()

    def inject(
        self, status: int, count: int = 1, kind: str = "any", body: str | None = None
    ) -> None:
        with self._lock:
            self._faults.extend([(status, kind, body)] * count)

    def count(self, method: str, fragment: str = "") -> int:
        return sum(1 for m, path, _ in self.log if m == method and fragment in path)

    def __call__(self, request: Request) -> Response:
        kind = "read" if request.method == "GET" else "write"
        with self._lock:
            response = self._fault(kind) or self._quota(request, kind)
            if response is None:
                try:
                    response = self._route(request)
                except KeyError:
                    response = _error(404, "Requested entity was not found.", "NOT_FOUND")
                except ValueError as exc:
                    response = _error(400, str(exc), "INVALID_ARGUMENT")
            self.log.append((request.method, unquote(request.full_path), response.status_code))
        return response

    def _fault(self, kind: str) -> Response | None:
        if self._faults and self._faults[0][1] in (kind, "any"):
            status, _, body = self._faults.popleft()
            if body is not None:
                return Response(body, status, content_type="text/html")
            return (
                _rate_limited("Write", "user")
                if status == 429
                else _error(status, "The service is currently unavailable.", "UNAVAILABLE")
            )
        return None

    def _quota(self, request: Request, kind: str) -> Response | None:
        """Admit a request under both windows or answer 429 (only admitted ones count)."""
        now = self.clock()
        user = request.headers.get("Authorization", "anonymous")
        windows = [(kind, "user", user), (kind, "project", "project")]
        for quota, scope, who in windows:
            admitted = self._admitted.setdefault((quota + scope, who), deque())
            while admitted and admitted[0] <= now - 60:
                admitted.popleft()
            if len(admitted) >= self.limits[(quota, scope)]:
                return _rate_limited(_QUOTA_NAMES[quota][0].split()[0], scope)
        for quota, scope, who in windows:
            self._admitted[(quota + scope, who)].append(now)
        return None

    def _route(self, request: Request) -> Response:
        path = urlsplit(request.url).path  # still percent-encoded, like Google's
        found = re.fullmatch(r"/v4/spreadsheets/([^/:]+)(.*)", path)
        if found is None:
            raise KeyError(path)
        book = self.spreadsheets[found.group(1)]
        rest = found.group(2)
        body = request.get_json(silent=True) or {}
        if rest == "" and request.method == "GET":
            return _json(_metadata(book))
        if rest == ":batchUpdate":
            return _json(_structure_update(book, body))
        if rest == "/values:batchUpdate":
            responses = [_write(book, item["range"], item["values"]) for item in body["data"]]
            rows = {r for item in responses for r in item.pop("_rows")}
            cols = {c for item in responses for c in item.pop("_cols")}
            return _json(
                {
                    "spreadsheetId": book.key,
                    "totalUpdatedRows": len(rows),
                    "totalUpdatedColumns": len(cols),
                    "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                    "totalUpdatedSheets": 1,
                    "responses": [{"spreadsheetId": book.key, **r} for r in responses],
                }
            )
        values = re.fullmatch(r"/values/([^:]+(?::[A-Z]*\d*)?)(:append|:clear)?", rest)
        if values is None:
            raise KeyError(rest)
        a1 = unquote(values.group(1))
        if values.group(2) == ":append":
            return _json(_append(book, a1, body["values"]))
        if values.group(2) == ":clear":
            title, box = parse_range(a1, book.sheets)
            cleared = book.sheets[title].clear(box)
            return _json({"spreadsheetId": book.key, "clearedRange": render_range(title, cleared)})
        if request.method == "PUT":
            result = _write(book, a1, body["values"])
            del result["_rows"], result["_cols"]
            return _json({"spreadsheetId": book.key, **result})
        title, box = parse_range(a1, book.sheets)
        grid = book.sheets[title]
        out = {"range": render_range(title, grid.clip(box)), "majorDimension": "ROWS"}
        rows = grid.read(box)
        return _json({**out, "values": rows} if rows else out)


def _metadata(book: Spreadsheet) -> dict:
    return {
        "spreadsheetId": book.key,
        "properties": {
            "title": book.title,
            "locale": "en_US",
            "autoRecalc": "ON_CHANGE",
            "timeZone": "Etc/GMT",
        },
        "sheets": [
            {"properties": _sheet_properties(title, grid, index)}
            for index, (title, grid) in enumerate(book.sheets.items())
        ],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.key}/edit",
    }


def _structure_update(book: Spreadsheet, body: dict) -> dict:
    """``spreadsheets.batchUpdate``: addSheet, deleteSheet, updateSheetProperties (grid)."""
    replies = []
    for item in body.get("requests", []):
        if "addSheet" in item:
            replies.append({"addSheet": {"properties": _add_sheet(book, item["addSheet"])}})
        elif "deleteSheet" in item:
            title = _title_of(book, item["deleteSheet"]["sheetId"])
            del book.sheets[title]
            replies.append({})
        elif "updateSheetProperties" in item:
            props = item["updateSheetProperties"]["properties"]
            grid = book.sheets[_title_of(book, props.get("sheetId", 0))]
            size = props.get("gridProperties", {})
            grid.row_count = size.get("rowCount", grid.row_count)
            grid.column_count = size.get("columnCount", grid.column_count)
            replies.append({})
        else:
            raise ValueError(f"stand-in does not implement {sorted(item)}")
    return {"spreadsheetId": book.key, "replies": replies}


def _add_sheet(book: Spreadsheet, request: dict) -> dict:
    props = request["properties"]
    if props["title"] in book.sheets:
        raise ValueError(
            f"Invalid requests[0].addSheet: A sheet with the name "
            f'"{props["title"]}" already exists. Please enter another name.'
        )
    size = props.get("gridProperties", {})
    grid = Grid.of([], size.get("rowCount", 1000), size.get("columnCount", 26))
    grid.sheet_id = props.get(
        "sheetId", max((g.sheet_id for g in book.sheets.values()), default=0) + 1
    )
    book.sheets[props["title"]] = grid
    return _sheet_properties(props["title"], grid, len(book.sheets) - 1)


def _title_of(book: Spreadsheet, sheet_id: int) -> str:
    for title, grid in book.sheets.items():
        if grid.sheet_id == sheet_id:
            return title
    raise KeyError(sheet_id)


def _sheet_properties(title: str, grid: Grid, index: int) -> dict:
    return {
        "sheetId": grid.sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": grid.row_count, "columnCount": grid.column_count},
    }


def _write(book: Spreadsheet, a1: str, values: list[list]) -> dict:
    title, box = parse_range(a1, book.sheets)
    written = book.sheets[title].write(box, values)
    return {
        "updatedRange": render_range(title, written),
        "updatedRows": written.rows,
        "updatedColumns": written.columns,
        "updatedCells": written.rows * written.columns,
        "_rows": range(written.top, written.bottom + 1),
        "_cols": range(written.left, written.right + 1),
    }


def _append(book: Spreadsheet, a1: str, values: list[list]) -> dict:
    title, box = parse_range(a1, book.sheets)
    grid = book.sheets[title]
    table = grid.table(box)
    written = grid.append(box, values)
    out = {"spreadsheetId": book.key}
    if table is not None:
        out["tableRange"] = render_range(title, table)
    out["updates"] = {
        "spreadsheetId": book.key,
        "updatedRange": render_range(title, written),
        "updatedRows": written.rows,
        "updatedColumns": written.columns,
        "updatedCells": written.rows * written.columns,
    }
    return out


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, indent=2), status, content_type="application/json")


def _error(status: int, message: str, code_name: str) -> Response:
    return _json({"error": {"code": status, "message": message, "status": code_name}}, status)


def _rate_limited(quota: str, scope: str) -> Response:
    """The real 429 body (docs/rules/sheets.md §3), per user or per project."""
    per = "per minute per user" if scope == "user" else "per minute"
    limit = LIMITS[(quota.lower(), scope)]
    message = (
        f"Quota exceeded for quota metric '{quota} requests' and limit '{quota} requests "
        f"{per}' of service 'sheets.googleapis.com' for consumer "
        "'project_number:123456789012'."
    )
    detail = {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "RATE_LIMIT_EXCEEDED",
        "domain": "googleapis.com",
        "metadata": {
            "quota_location": "global",
            "service": "sheets.googleapis.com",
            "quota_limit_value": str(limit),
            "quota_limit": f"{quota}RequestsPerMinutePer{'User' if scope == 'user' else 'Project'}",
            "consumer": "projects/123456789012",
            "quota_metric": f"sheets.googleapis.com/{quota.lower()}_requests",
        },
    }
    return _json(
        {
            "error": {
                "code": 429,
                "message": message,
                "status": "RESOURCE_EXHAUSTED",
                "details": [detail],
            }
        },
        429,
    )
