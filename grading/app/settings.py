"""Daemon settings: a TOML file, then environment variables, then embedded defaults.

With nothing configured the daemon runs on embedded defaults: the SQLite store and the CSV
sheet under ``grading-data/``. Secrets (a Mongo URI's password, a FotMob token, the Google
credentials file) are never logged: :func:`redacted` is what status and logs show.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from grading.core.errors import GradingError

# Environment variable -> (section, key).
ENVIRONMENT = {
    "GRADING_MONGO_URI": ("store", "uri"), "GRADING_DATABASE": ("store", "database"),
    "GRADING_SHEETS_CREDENTIALS": ("sheets", "credentials_path"),
    "GRADING_SPREADSHEET": ("sheets", "spreadsheet"),
    "GRADING_SHEETS_ENDPOINT": ("sheets", "endpoint"),
    "GRADING_FOTMOB_BASE_URL": ("fotmob", "base_url"),
    "GRADING_FOTMOB_TOKEN": ("fotmob", "token"),
    "GRADING_RECORD_DIR": ("fotmob", "record_dir"),
    "GRADING_DATA_DIR": ("store", "data_dir"),
    "GRADING_POLICY": ("schedule", "policy"),
}


class SettingsError(GradingError):
    """A configuration file or value that cannot be used; the message is one line."""


@dataclass(frozen=True)
class StoreSettings:
    uri: str | None = None             # mongodb://... or a SQLite path; None: embedded
    database: str = "grading"
    data_dir: str = "grading-data"

    @property
    def location(self) -> str:
        return self.uri or str(Path(self.data_dir) / "alerts.db")


@dataclass(frozen=True)
class SheetsSettings:
    credentials_path: str | None = None
    spreadsheet: str | None = None     # a spreadsheet key, or its title
    csv_dir: str | None = None         # embedded sheet; default {data_dir}/sheets
    endpoint: str | None = None        # a Sheets API emulator or proxy instead of Google


@dataclass(frozen=True)
class FotMobSection:
    base_url: str = "https://www.fotmob.com"
    token: str | None = None           # sent as the x-mas header when FotMob wants one
    record_dir: str | None = None
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 20.0


@dataclass(frozen=True)
class ScheduleSettings:
    """``policy``: a named policy set or a policy TOML (grading/policies.py); the numbers,
    when given, override its grading loop's interval (and the sync loop's start)."""

    policy: str = "default"
    initial_interval_s: float | None = None
    min_interval_s: float | None = None
    max_interval_s: float | None = None
    jitter: float | None = None
    sync_initial_interval_s: float | None = None


@dataclass(frozen=True)
class Settings:
    store: StoreSettings = field(default_factory=StoreSettings)
    sheets: SheetsSettings = field(default_factory=SheetsSettings)
    fotmob: FotMobSection = field(default_factory=FotMobSection)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    bots: tuple[str, ...] = ("player", "team")


def load_settings(path: str | Path | None, environ: Mapping[str, str]) -> Settings:
    """Settings from an optional TOML file, overridden by ``GRADING_*`` variables."""
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise SettingsError(f"cannot read config {path}: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"config {path} is not valid TOML: {exc}") from None
    for variable, (section, key) in ENVIRONMENT.items():
        if environ.get(variable):
            raw.setdefault(section, {})[key] = environ[variable]
    settings = Settings()
    for section in ("store", "sheets", "fotmob", "schedule"):
        settings = replace(settings, **{section: _section(getattr(settings, section),
                                                          raw.get(section, {}), section)})
    bots = raw.get("bots", {}).get("names") if isinstance(raw.get("bots"), dict) else None
    return replace(settings, bots=tuple(bots)) if bots else settings


def _section(default: Any, values: Any, name: str) -> Any:
    if not isinstance(values, dict):
        raise SettingsError(f"config section [{name}] must be a table")
    known = {f.name: str(f.type) for f in fields(default)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SettingsError(f"unknown setting {name}.{unknown[0]} (known: {', '.join(known)})")
    typed = {}
    for key, value in values.items():
        try:
            typed[key] = float(value) if known[key].startswith("float") else value
        except (TypeError, ValueError):
            raise SettingsError(f"setting {name}.{key} must be a number, got {value!r}") \
                from None
    return replace(default, **typed)


_USER_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")     # an empty user name too
_SECRET_PARAMETER = re.compile(
    r"(?i)([?&][^=&]*(?:pass|secret|token|key|credential)[^=&]*=)[^&]*")


def redacted(uri: str) -> str:
    """A connection string fit for logs: the password of ``user:password@`` (also with an
    empty user) and the value of every query parameter that names a secret
    (``tlsCertificateKeyFilePassword``, ``token``...) replaced."""
    return _SECRET_PARAMETER.sub(r"\1***", _USER_PASSWORD.sub(r"\1***@", uri))
