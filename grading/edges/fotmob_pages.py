"""Which URLs the FotMob client may follow to find a match page (docs/rules/fotmob.md §2).

A stored URL comes from a day list, a league list or an alert document, so it is checked
before use: only FotMob's own match pages and league routes, never another host or path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_HOSTS = ("www.fotmob.com", "fotmob.com")


def page_path(url: str) -> str | None:
    """The path of a FotMob match page URL ("/matches/milan-vs-arsenal/2sobu0#4771847" or
    the same on FotMob's host): the fragment never reaches the server; any other host or
    path is refused, so a stored URL cannot send the client elsewhere."""
    parts = urlsplit(url.strip())
    if parts.netloc and parts.netloc.lower() not in _HOSTS:
        return None
    path = parts.path
    return path if path.startswith(("/matches/", "/match/")) and ".." not in path else None


def league_path(url: str) -> str | None:
    """A league fixture list's route ("/api/data/leagues?id=47"), or None."""
    parts = urlsplit(url.strip())
    if parts.netloc and parts.netloc.lower() not in _HOSTS:
        return None
    if parts.path != "/api/data/leagues" or not parts.query.startswith("id="):
        return None
    league = parts.query.removeprefix("id=")
    return f"/api/data/leagues?id={league}" if league.isdigit() else None
