"""The composition root: the only place that builds live edges from settings."""

from __future__ import annotations

from pathlib import Path

from grading.app.settings import Settings
from grading.edges.clock import Clock
from grading.edges.fotmob_client import FotMobClient, FotMobSettings
from grading.edges.sheets import SheetSink
from grading.edges.sheets.csv_sink import CsvSink
from grading.edges.sheets.gspread_sink import GspreadSink, sheets_client
from grading.edges.store import AlertStore, open_store


def fotmob_client(settings: Settings, clock: Clock | None = None,
                  share_unfinished_s: float = 0.0) -> FotMobClient:
    """One client for every bot of a process: they share its cache and its 429 block (and an
    unfinished fixture's answer for ``share_unfinished_s``)."""
    section = settings.fotmob
    token = section.token
    return FotMobClient(
        FotMobSettings(base_url=section.base_url, connect_timeout_s=section.connect_timeout_s,
                       read_timeout_s=section.read_timeout_s, record_dir=section.record_dir,
                       share_unfinished_s=share_unfinished_s),
        clock=clock, header_provider=(lambda path: {"x-mas": token}) if token else None)


def store_for(settings: Settings) -> AlertStore:
    return open_store(settings.store.location, settings.store.database)


def sheet_for(settings: Settings) -> SheetSink:
    """Google Sheets when a spreadsheet and credentials (or an emulator endpoint) are
    configured, else the CSV sheet."""
    sheets = settings.sheets
    if sheets.spreadsheet and (sheets.credentials_path or sheets.endpoint):
        return GspreadSink(sheets.spreadsheet, lambda: sheets_client(
            sheets.credentials_path, sheets.endpoint))
    return CsvSink(sheets.csv_dir or Path(settings.store.data_dir) / "sheets")


def live_edges(mongo_connection_string: str | None, database_name: str,
               api_token: str | None, credentials_path: str | None,
               spreadsheet_name: str | None) -> tuple[FotMobClient, AlertStore, SheetSink]:
    """Edges from the seed's constructor arguments (UnifiedGradingScheduler)."""
    from grading.app.settings import FotMobSection, SheetsSettings, StoreSettings

    settings = Settings(store=StoreSettings(uri=mongo_connection_string,
                                            database=database_name),
                        sheets=SheetsSettings(credentials_path=credentials_path,
                                              spreadsheet=spreadsheet_name),
                        fotmob=FotMobSection(token=api_token))
    return fotmob_client(settings), store_for(settings), sheet_for(settings)
