"""Point gspread at another Sheets API endpoint (an emulator, a proxy, the test stand-in).

docs/rules/sheets.md §3: gspread imports its URLs by name, so patching ``gspread.urls`` does
nothing; a requests transport adapter mounted on the client's session rewrites the host of
every Google-bound request and keeps gspread's own code path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

GOOGLE_HOSTS = (
    "https://sheets.googleapis.com/",
    "https://www.googleapis.com/",
    "https://oauth2.googleapis.com/",
)


class RedirectAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        url = str(request.url)
        parts = urlsplit(url)
        request.url = self.base_url + url[len(f"{parts.scheme}://{parts.netloc}") :]
        # Proxies were chosen for Google's host, not this one.
        return super().send(request, stream, timeout, verify, cert, proxies={})


def redirect(session: requests.Session, base_url: str) -> requests.Session:
    """Send this session's Google API requests to ``base_url`` instead."""
    adapter = RedirectAdapter(base_url)
    for host in GOOGLE_HOSTS:
        session.mount(host, adapter)
    session.trust_env = False
    return session
