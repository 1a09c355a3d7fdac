"""The composition root: the only place that builds live edges from settings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from grading.app.settings import FotMobSection, Settings, SheetsSettings, StoreSettings
from grading.core.schemas import schema_named
from grading.edges.alias_files import load_aliases
from grading.edges.clock import SystemClock
from grading.edges.fotmob_client import FotMobClient, FotMobSettings
from grading.edges.recorded import DirectorySource
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.sheets.gspread_sink import GspreadSink, sheets_client
from grading.edges.store import open_store
from grading.loops.locating import Finding
from grading.ports import AlertStore, Clock, Edges, FixtureSource, SheetSink


def fotmob_client(
    settings: Settings, clock: Clock | None = None, max_block_s: float = 3600.0
) -> FotMobClient:
    """One client for every bot of a process: they share its 429 block (the wiring puts
    one settled-fixture cache in front of it)."""
    section = settings.fotmob
    token = section.token
    return FotMobClient(
        FotMobSettings(
            base_url=section.base_url,
            connect_timeout_s=section.connect_timeout_s,
            read_timeout_s=section.read_timeout_s,
            record_dir=section.record_dir,
            max_block_s=max_block_s,
        ),
        clock=clock,
        header_provider=(lambda path: {"x-mas": token}) if token else None,
    )


def store_for(settings: Settings) -> AlertStore:
    store = settings.store
    return open_store(
        store.location, store.database_name, schema_named(store.schema), store.collections
    )


def finding_for(settings: Settings) -> Finding:
    """How matches are found by name: the packaged aliases plus the operator's file, and
    the deadline (``[fixtures]``)."""
    section = settings.fixtures
    extra = Path(section.aliases_file) if section.aliases_file else None
    return Finding(aliases=load_aliases(extra), deadline=timedelta(days=section.deadline_days))


def sheet_for(settings: Settings) -> SheetSink:
    """Google Sheets when a spreadsheet and credentials (or an emulator endpoint) are
    configured, else the CSV sheet."""
    sheets = settings.sheets
    if sheets.spreadsheet and (sheets.credentials_path or sheets.endpoint):
        return GspreadSink(
            sheets.spreadsheet, lambda: sheets_client(sheets.credentials_path, sheets.endpoint)
        )
    return CsvSink(sheets.csv_dir or Path(settings.store.data_dir) / "sheets")


def daemon_edges(settings: Settings, source_dir: Path | None, max_block_s: float = 3600.0) -> Edges:
    """The daemon's edges: FotMob (or a folder of recorded payloads), the configured store
    and sheet, the system clock."""
    clock = SystemClock()
    source: FixtureSource = (
        DirectorySource(source_dir)
        if source_dir is not None
        else fotmob_client(settings, clock, max_block_s)
    )
    return Edges(source, store_for(settings), sheet_for(settings), clock)


def live_edges(
    mongo_connection_string: str | None,
    database_name: str,
    api_token: str | None,
    credentials_path: str | None,
    spreadsheet_name: str | None,
    schema: str = "native",
) -> tuple[FotMobClient, AlertStore, SheetSink]:
    """Edges from the seed's constructor arguments (UnifiedGradingScheduler)."""
    settings = Settings(
        store=StoreSettings(uri=mongo_connection_string, database=database_name, schema=schema),
        sheets=SheetsSettings(credentials_path=credentials_path, spreadsheet=spreadsheet_name),
        fotmob=FotMobSection(token=api_token),
    )
    return fotmob_client(settings), store_for(settings), sheet_for(settings)
