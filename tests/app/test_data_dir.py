"""Where the embedded store and sheet live: an absolute XDG data directory by default, whatever
directory the daemon starts in; a setting wins; an old ``./grading-data`` holding a store stays
in use, with a warning, so no user's grades are left behind."""

from __future__ import annotations

import pytest

from grading.app.cli import main
from grading.app.settings import load_settings
from tests.conftest import RUN_ON_FIXTURES


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A working directory of its own, a home of its own, no data-directory variable."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GRADING_DATA_DIR", raising=False)
    return tmp_path


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"XDG_DATA_HOME": "/srv/xdg"}, "/srv/xdg/grading"),
        ({}, "{home}/.local/share/grading"),
        ({"XDG_DATA_HOME": "relative/xdg"}, "{home}/.local/share/grading"),  # the spec ignores it
        ({"XDG_DATA_HOME": "/srv/xdg", "GRADING_DATA_DIR": "/var/lib/grading"}, "/var/lib/grading"),
    ],
)
def test_the_data_directory_is_absolute_by_default_and_a_setting_wins(elsewhere, environ, expected):
    data_dir = load_settings(None, environ).store.data_dir
    assert data_dir == expected.format(home=elsewhere / "home")


def test_a_config_file_names_the_data_directory(elsewhere):
    config = elsewhere / "grading.toml"
    config.write_text('[store]\ndata_dir = "/opt/grades"\n')
    assert load_settings(config, {"XDG_DATA_HOME": "/srv/xdg"}).store.data_dir == "/opt/grades"


def test_an_old_folder_holding_only_a_sheet_is_kept(elsewhere):
    """A Mongo user's CSV sheet, in the old default place, stays where it is."""
    (elsewhere / "grading-data" / "sheets").mkdir(parents=True)
    (elsewhere / "grading-data" / "sheets" / "team.csv").write_text("alert_id\r\n")
    settings = load_settings(None, {"GRADING_MONGO_URI": "mongodb://db/", "XDG_DATA_HOME": "/x"})
    assert settings.store.data_dir == str(elsewhere / "grading-data")
    assert settings.warnings[0].startswith(f"data directory {elsewhere / 'grading-data'} is")


def test_an_empty_old_folder_is_not_taken_for_a_store(elsewhere):
    (elsewhere / "grading-data" / "sheets").mkdir(parents=True)
    assert load_settings(None, {"XDG_DATA_HOME": "/srv/xdg"}).store.data_dir == "/srv/xdg/grading"


def run_on_fixtures() -> int:
    return main(RUN_ON_FIXTURES)


def test_the_daemon_writes_under_the_xdg_data_home(elsewhere, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(elsewhere / "xdg"))
    assert run_on_fixtures() == 0
    home = elsewhere / "xdg" / "grading"
    assert (home / "proppr.db").is_file() and (home / "sheets" / "player.csv").is_file()
    assert not (elsewhere / "grading-data").exists()
    summary = capsys.readouterr().out
    assert f"sheet: {home / 'sheets'}/<bot>.csv" in summary
    assert "fixture cannot have finished yet, next check 2031-06-01T13:45:00Z" in summary


def test_an_old_working_directory_store_stays_in_use_with_a_warning(elsewhere, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(elsewhere / "xdg"))
    old = elsewhere / "grading-data"
    old.mkdir()
    monkeypatch.setenv("GRADING_DATA_DIR", str(old))
    assert run_on_fixtures() == 0  # as the old default wrote it
    assert "WARNING" not in capsys.readouterr().err  # named by a setting: no warning
    monkeypatch.delenv("GRADING_DATA_DIR")
    graded_before = (old / "sheets" / "player.csv").read_text()
    assert run_on_fixtures() == 0
    assert (old / "sheets" / "player.csv").read_text() == graded_before  # nothing twice
    assert not (elsewhere / "xdg").exists()
    warnings = [
        line.split(": ", 1)[1]
        for line in capsys.readouterr().err.splitlines()
        if " WARNING " in line
    ]
    assert warnings == [
        f"data directory {old} is the old default, kept because it holds a "
        f"store or a sheet; move it to {elsewhere / 'xdg' / 'grading'} or set [store] "
        "data_dir / GRADING_DATA_DIR to keep it"
    ]
