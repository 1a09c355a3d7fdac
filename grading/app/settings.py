"""Daemon settings: a TOML file, then environment variables, then embedded defaults.

With nothing configured the daemon runs on embedded defaults: the SQLite store and the CSV
sheet in the data directory (the XDG data directory, an absolute path). Secrets (a Mongo
URI's password, a FotMob token, the Google credentials file) are never logged:
:func:`redacted` is what status and logs show.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from grading.core.errors import GradingError
from grading.core.schemas import SCHEMAS as KNOWN_SCHEMAS

# Environment variable -> (section, key); later ones win, so a GRADING_* variable overrides
# the PROPPR names it shares a setting with (docs/rules/proppr.md §1).
ENVIRONMENT = {
    "MONGODB_URI": ("store", "uri"),
    "MONGODB_DATABASE": ("store", "database"),
    "MONGO_CONNECTION_STRING": ("store", "uri"),
    "MONGO_DATABASE": ("store", "database"),
    "GRADING_MONGO_URI": ("store", "uri"),
    "GRADING_DATABASE": ("store", "database"),
    "GRADING_SCHEMA": ("store", "schema"),
    "GRADING_SHEETS_CREDENTIALS": ("sheets", "credentials_path"),
    "GRADING_SPREADSHEET": ("sheets", "spreadsheet"),
    "GRADING_SHEETS_ENDPOINT": ("sheets", "endpoint"),
    "GRADING_FOTMOB_BASE_URL": ("fotmob", "base_url"),
    "GRADING_FOTMOB_TOKEN": ("fotmob", "token"),
    "GRADING_RECORD_DIR": ("fotmob", "record_dir"),
    "GRADING_DATA_DIR": ("store", "data_dir"),
    "GRADING_POLICY": ("schedule", "policy"),
    "GRADING_ALIASES_FILE": ("fixtures", "aliases_file"),
}
SCHEMAS = tuple(KNOWN_SCHEMAS)  # the dialects grading/core/schemas knows, by name
COLLECTION_KEYS = ("player", "team", "bets")


class SettingsError(GradingError):
    """A configuration file or value that cannot be used; the message is one line."""


@dataclass(frozen=True)
class StoreSettings:
    """``schema``: the documents' dialect (``native``, or ``proppr`` for PROPPR's own:
    docs/rules/proppr.md); ``collections`` renames PROPPR's (``player, team, bets``)."""

    uri: str | None = None  # mongodb://... or a SQLite path; None: embedded
    database: str | None = None  # default: "grading", or "Cerebro" with proppr
    data_dir: str = ""  # load_settings fills it: XDG data dir
    schema: str = "native"
    collections: Mapping[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        embedded = "proppr.db" if self.schema == "proppr" else "alerts.db"
        return self.uri or str(Path(self.data_dir) / embedded)

    @property
    def database_name(self) -> str:
        return self.database or ("Cerebro" if self.schema == "proppr" else "grading")


@dataclass(frozen=True)
class SheetsSettings:
    credentials_path: str | None = None
    spreadsheet: str | None = None  # a spreadsheet key, or its title
    csv_dir: str | None = None  # embedded sheet; default {data_dir}/sheets
    endpoint: str | None = None  # a Sheets API emulator or proxy instead of Google


@dataclass(frozen=True)
class FotMobSection:
    base_url: str = "https://www.fotmob.com"
    token: str | None = None  # sent as the x-mas header when FotMob wants one
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
class FixturesSettings:
    """Finding a match by name (docs/rules/fixtures.md): the operator's alias file, and
    how many days after kickoff an alert whose match is not found becomes ungradeable."""

    aliases_file: str | None = None
    deadline_days: float = 3.0


@dataclass(frozen=True)
class Settings:
    store: StoreSettings = field(default_factory=StoreSettings)
    sheets: SheetsSettings = field(default_factory=SheetsSettings)
    fotmob: FotMobSection = field(default_factory=FotMobSection)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    fixtures: FixturesSettings = field(default_factory=FixturesSettings)
    bots: tuple[str, ...] = ("player", "team")
    warnings: tuple[str, ...] = ()  # what loading noticed, for the daemon to log


BOT_NAMES = ("player", "team")
_SECTIONS = ("store", "sheets", "fotmob", "schedule", "fixtures")


def load_settings(path: str | Path | None, environ: Mapping[str, str]) -> Settings:
    """Settings from an optional TOML file, overridden by ``GRADING_*`` variables. Every
    section, key and value is checked: a mistake is a one-line SettingsError, with a
    "did you mean" hint for a misspelt name; nothing is silently ignored."""
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise SettingsError(f"cannot read config {path}: {exc.strerror}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config {path} is not valid TOML: {exc}") from None
    _known(raw, (*_SECTIONS, "bots"), "section [{}]", "")
    for variable, (section, key) in ENVIRONMENT.items():
        if environ.get(variable):
            table = raw.setdefault(section, {})
            if isinstance(table, dict):
                table[key] = environ[variable]
    settings = Settings()
    for section in _SECTIONS:
        settings = replace(
            settings,
            **{section: _section(getattr(settings, section), raw.get(section, {}), section)},
        )
    if not settings.store.data_dir:
        settings = _with_default_data_dir(settings, environ)
    return replace(settings, bots=_bots(raw.get("bots", {})))


LEGACY_DATA_DIR = Path("grading-data")  # the default until 2026-12: relative to the start dir


def _with_default_data_dir(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """The data directory no setting names: :func:`xdg_data_dir`, an absolute path whatever
    directory the daemon starts in. One exception keeps a user's grades and sheet: a
    ``grading-data`` folder in the working directory that holds a store or a CSV sheet,
    written by a version whose default it was, stays in use, with a warning."""
    data_dir, warnings = xdg_data_dir(environ), settings.warnings
    if any((LEGACY_DATA_DIR / name).is_file() for name in ("alerts.db", "proppr.db")) or any(
        (LEGACY_DATA_DIR / "sheets").glob("*.csv")
    ):
        warnings += (
            f"data directory {LEGACY_DATA_DIR.resolve()} is the old default, kept "
            f"because it holds a store or a sheet; move it to {data_dir} or set [store] "
            "data_dir / GRADING_DATA_DIR to keep it",
        )
        data_dir = LEGACY_DATA_DIR.resolve()
    return replace(
        settings, store=replace(settings.store, data_dir=str(data_dir)), warnings=warnings
    )


def xdg_data_dir(environ: Mapping[str, str]) -> Path:
    """``$XDG_DATA_HOME/grading``, or ``~/.local/share/grading`` when that is unset or
    relative (the XDG Base Directory specification ignores relative paths)."""
    xdg = environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "grading"


def _section(default: Any, values: Any, name: str) -> Any:
    if not isinstance(values, dict):
        raise SettingsError(f"config section [{name}] must be a table")
    kinds = {f.name: str(f.type) for f in fields(default)}
    _known(values, tuple(kinds), "setting {}", f"{name}.")
    section = replace(
        default,
        **{key: _typed(f"{name}.{key}", value, kinds[key]) for key, value in values.items()},
    )
    if name == "store":
        _check_store(section)
    if name == "fixtures" and section.deadline_days <= 0:
        raise SettingsError(
            f"setting fixtures.deadline_days must be positive, got {section.deadline_days:g}"
        )
    return section


def _check_store(store: StoreSettings) -> None:
    if store.schema not in SCHEMAS:
        close = difflib.get_close_matches(store.schema, SCHEMAS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise SettingsError(
            f"setting store.schema must be {' or '.join(SCHEMAS)}, got {store.schema!r}{hint}"
        )


def _typed(where: str, value: Any, kind: str) -> Any:
    """A value of the field's kind ("float", "str", optional or not, a table of names);
    text from the environment is read as a number where one is wanted."""
    if "Mapping" in kind:
        if not isinstance(value, dict):
            raise SettingsError(f"setting {where} must be a table ([{where}])")
        _known(value, COLLECTION_KEYS, "setting {}", f"{where}.")
        for key, name in value.items():
            _typed(f"{where}.{key}", name, "str")
        return dict(value)
    if "float" in kind:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise SettingsError(f"setting {where} must be a number, got {value!r}")
        return float(value)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"setting {where} must be text, got {value!r}")
    return value


def _bots(values: Any) -> tuple[str, ...]:
    if not isinstance(values, dict):
        raise SettingsError("config section [bots] must be a table")
    _known(values, ("names",), "setting {}", "bots.")
    names = values.get("names", list(BOT_NAMES))
    if (
        not isinstance(names, list)
        or not names
        or any(n not in BOT_NAMES for n in names)
        or len(set(names)) != len(names)
    ):
        raise SettingsError(
            f"setting bots.names must be a list of {' and/or '.join(BOT_NAMES)}"
            f", each once, got {names!r}"
        )
    return tuple(names)


def _known(values: Mapping[str, Any], known: tuple[str, ...], what: str, prefix: str) -> None:
    """Refuse an unknown name, with the closest known one as a hint."""
    for name in values:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = (
                f" (did you mean {what.format(prefix + close[0])}?)"
                if close
                else f" (known: {', '.join(known)})"
            )
            raise SettingsError(f"unknown {what.format(prefix + name)}{hint}")


_USER_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")  # an empty user name too
_SECRET_PARAMETER = re.compile(r"(?i)([?&][^=&]*(?:pass|secret|token|key|credential)[^=&]*=)[^&]*")


def redacted(uri: str) -> str:
    """A connection string fit for logs: the password of ``user:password@`` (also with an
    empty user) and the value of every query parameter that names a secret
    (``tlsCertificateKeyFilePassword``, ``token``...) replaced."""
    return _SECRET_PARAMETER.sub(r"\1***", _USER_PASSWORD.sub(r"\1***@", uri))
