"""The daemon's parts: settings, secrets in logs, JSON logs, the status server, the clock."""

from __future__ import annotations

import json
import logging
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import requests
from freezegun import freeze_time

from grading.app.cli import main
from grading.app.logs import JsonFormatter
from grading.app.settings import SettingsError, load_settings, redacted
from grading.app.status_server import health, serve_status
from grading.edges.clock import ManualClock, SystemClock

STATUS = {
    "bot_type": "team",
    "running": True,
    "grading_interval": 600.0,
    "last_grade": None,
    "last_sync": None,
    "sheet_stats": {"pending": 3, "settled": 40, "unsynced": 2},
    "sync_interval": 300.0,
    "batch_size": 10,
    "consecutive_successes": {"grading": 0, "sync": 2},
    "rate_limit_hits": {"grading": 1, "sync": 4},
    "last_error": None,
    "totals": {
        "graded": 5,
        "synced": 4,
        "graded_by_status": {"won": 3, "lost": 2},
        "early_graded": 2,
        "early_reversed": 0,
    },
    "loops": {
        "grading": {
            "alive": True,
            "consecutive_failures": 0,
            "passes": 4,
            "last_success": "2026-11-24T18:00:00Z",
            "last_error": None,
            "endings": {"clean": 3, "rate_limited": 1},
        },
        "sync": {
            "alive": False,
            "consecutive_failures": 3,
            "passes": 9,
            "last_success": None,
            "last_error": "sheet 503",
        },
    },
    "quarantined": [
        {
            "key": "fixture 9000001",
            "reason": "KeyError: 'x'",
            "failures": 5,
            "since": "2026-11-24T18:00:00Z",
        }
    ],
}


def test_settings_come_from_toml_then_environment(tmp_path):
    config = tmp_path / "grading.toml"
    config.write_text(
        '[store]\nuri = "mongodb://u:pw@db:27017/"\ndatabase = "tips"\n'
        '[schedule]\ninitial_interval_s = 120\n[bots]\nnames = ["team"]\n'
    )
    settings = load_settings(
        config, {"GRADING_DATABASE": "tips_prod", "GRADING_SPREADSHEET": "Graded"}
    )
    assert (settings.store.uri, settings.store.database) == (
        "mongodb://u:pw@db:27017/",
        "tips_prod",
    )
    assert settings.schedule.initial_interval_s == 120.0 and settings.bots == ("team",)
    assert settings.sheets.spreadsheet == "Graded"


def test_no_settings_means_embedded_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, {"XDG_DATA_HOME": "/srv/data"})
    assert settings.store.location == "/srv/data/grading/alerts.db"
    assert settings.sheets.credentials_path is None and settings.bots == ("player", "team")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[store\n", "not valid TOML"),
        ("[store]\nurl = 'x'\n", "unknown setting store.url (did you mean setting store.uri?)"),
        ("[stores]\nuri = 'x'\n", "unknown section [stores] (did you mean section [store]?)"),
        (
            "[grdaing]\n",
            "unknown section [grdaing] (known: store, sheets, fotmob, schedule, fixtures, bots)",
        ),
        ("[schedule]\nmin_interval_s = 'soon'\n", "must be a number"),
        ("[schedule]\njitter = true\n", "setting schedule.jitter must be a number, got True"),
        ("[fotmob]\nbase_url = 5\n", "setting fotmob.base_url must be text, got 5"),
        ("[bots]\nnames = 'player'\n", "bots.names must be a list of player and/or team"),
        ("[bots]\nnames = ['player', 'refs']\n", "bots.names must be a list"),
        (
            "[bots]\nname = ['player']\n",
            "unknown setting bots.name (did you mean setting bots.names?)",
        ),
        ("store = 3\n", "must be a table"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path, text, message):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    with pytest.raises(SettingsError, match=re.escape(message)) as failed:
        load_settings(config, {})
    assert "\n" not in str(failed.value)


def test_the_daemon_runs_the_tuned_policy_unless_told_otherwise(tmp_path):
    from grading.app.daemon import live_policy
    from grading.core.pacing.policies import DEFAULT, SEED

    assert live_policy(load_settings(None, {})) == DEFAULT
    assert live_policy(load_settings(None, {"GRADING_POLICY": "seed"})) == SEED
    config = tmp_path / "grading.toml"
    config.write_text(
        '[schedule]\npolicy = "seed"\nmax_interval_s = 900\nsync_initial_interval_s = 30\n'
    )
    policy = live_policy(load_settings(config, {}))
    assert (policy.grading.initial_s, policy.grading.max_s) == (300, 900)
    assert (policy.sync.initial_s, policy.sync.max_s, policy.fixtures) == (30, 900, SEED.fixtures)
    tuned = tmp_path / "tuned.toml"
    tuned.write_text('base = "default"\n[fixtures]\nrecheck_in_play_s = 240\n')
    policy = live_policy(load_settings(None, {"GRADING_POLICY": str(tuned)}))
    assert (policy.name, policy.fixtures.recheck_in_play_s) == ("tuned", 240)


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("fast", "unknown policy 'fast'"),
        (3, "setting schedule.policy must be text, got 3"),
        ("BAD_TOML", "is not valid TOML"),
        ("BAD_FIELD", "unexpected keyword argument 'nope'"),
        ("BAD_BASE", "base must be one of seed, default"),
    ],
)
def test_a_bad_policy_is_a_one_line_settings_error(tmp_path, policy, message):
    from grading.app.daemon import live_policy

    files = {
        "BAD_TOML": "[grading\n",
        "BAD_FIELD": "[grading]\nnope = 1\n",
        "BAD_BASE": 'base = "fast"\n',
    }
    if policy in files:
        (tmp_path / "p.toml").write_text(files[policy])
        policy = str(tmp_path / "p.toml")
    config = tmp_path / "grading.toml"
    config.write_text(f"[schedule]\npolicy = {policy!r}\n".replace("'", '"'))
    with pytest.raises(SettingsError, match=message) as failed:
        live_policy(load_settings(config, {}))
    assert "\n" not in str(failed.value)


def test_the_run_command_reports_bad_config_in_one_line(tmp_path, capsys):
    assert main(["run", "--config", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("grading: error: cannot read config") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        (
            "mongodb://grader:s3cr3t@db.example:27017/tips",
            "mongodb://grader:***@db.example:27017/tips",
        ),
        ("mongodb://:s3cr3t@db.example/", "mongodb://:***@db.example/"),
        (
            "mongodb+srv://u:p%40ss@cluster.example/db?retryWrites=true",
            "mongodb+srv://u:***@cluster.example/db?retryWrites=true",
        ),
        (
            "mongodb://db/?tls=true&tlsCertificateKeyFilePassword=s3cr3t&authSource=admin",
            "mongodb://db/?tls=true&tlsCertificateKeyFilePassword=***&authSource=admin",
        ),
        (
            "mongodb://h1:27017,h2:27017/db?replicaSet=rs0&apiKey=abc",
            "mongodb://h1:27017,h2:27017/db?replicaSet=rs0&apiKey=***",
        ),
        ("grading-data/alerts.db", "grading-data/alerts.db"),
    ],
)
def test_passwords_never_reach_the_logs(uri, shown):
    assert redacted(uri) == shown


@freeze_time("2026-11-24 18:00:00")
def test_json_logs_carry_a_utc_timestamp_one_object_per_line():
    record = logging.LogRecord(
        "grading.app.daemon", logging.INFO, __file__, 1, "graded %d alerts", (3,), None
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry == {
        "ts": "2026-11-24T18:00:00Z",
        "level": "INFO",
        "logger": "grading.app.daemon",
        "thread": "MainThread",
        "msg": "graded 3 alerts",
    }
    assert SystemClock().now() == datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


def test_status_and_metrics_are_served():
    server = serve_status(
        0,
        lambda: [STATUS],
        host="127.0.0.1",
        clock=ManualClock(datetime(2026, 11, 24, 18, 5, tzinfo=UTC)),
        requests=lambda: {"fotmob": {"200": 7, "429": 1}},
    )
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert requests.get(f"{base}/status", timeout=5).json() == [STATUS]
        metrics = requests.get(f"{base}/metrics", timeout=5).text
        assert 'grading_interval_seconds{bot="team"} 600.0' in metrics
        assert 'grading_rate_limited_total{bot="team",loop="sync"} 4.0' in metrics
        assert 'grading_alerts{bot="team",state="unsynced"} 2.0' in metrics
        assert 'grading_loop_alive{bot="team",loop="sync"} 0.0' in metrics
        assert 'grading_loop_consecutive_failures{bot="team",loop="sync"} 3.0' in metrics
        assert 'grading_quarantined{bot="team"} 1.0' in metrics
        for line in (
            'grading_graded_total{bot="team",status="won"} 3.0',
            'grading_synced_total{bot="team"} 4.0',
            'grading_passes_total{bot="team",ending="rate_limited",loop="grading"} 1.0',
            'grading_early_total{bot="team",kind="graded"} 2.0',
            'grading_requests_total{status="429",to="fotmob"} 1.0',
            'grading_loop_last_success_timestamp_seconds{bot="team",loop="grading"} 1.7955432e+09',
        ):
            assert line in metrics, line
        assert requests.get(f"{base}/nope", timeout=5).status_code == 404
        healthz = requests.get(f"{base}/healthz", timeout=5)
        assert (healthz.status_code, healthz.text) == (503, "team sync: loop not running\n")
    finally:
        server.shutdown()


T_STATUS = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


def loops(**states) -> list[dict]:
    return [
        {
            "bot_type": "team",
            "loops": {
                loop: {
                    "alive": True,
                    "passes": 1,
                    "last_success": "2026-11-24T18:00:00Z",
                    "last_error": None,
                    **state,
                }
                for loop, state in states.items()
            },
        }
    ]


@pytest.mark.parametrize(
    ("statuses", "minutes", "reasons"),
    [
        (loops(grading={}, sync={}), 29, []),
        (
            loops(grading={"passes": 0, "last_success": None}, sync={}),
            90,
            ["team sync: no clean pass since 2026-11-24T18:00:00Z (last error: None)"],
        ),
        (loops(grading={"alive": False}, sync={}), 0, ["team grading: loop not running"]),
        (
            loops(grading={}, sync={"last_success": None, "last_error": "store down"}),
            1,
            ["team sync: no clean pass since start (last error: store down)"],
        ),
        (
            loops(grading={"last_error": "429"}, sync={}),
            31,
            [
                "team grading: no clean pass since 2026-11-24T18:00:00Z (last error: 429)",
                "team sync: no clean pass since 2026-11-24T18:00:00Z (last error: None)",
            ],
        ),
    ],
)
def test_health_says_which_loop_is_stuck(statuses, minutes, reasons):
    assert health(statuses, T_STATUS + timedelta(minutes=minutes)) == reasons


def test_the_manual_clock_never_goes_backwards():
    clock = ManualClock(datetime(2026, 11, 24, tzinfo=UTC))
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="backwards"):
        clock.set(datetime(2026, 11, 23, tzinfo=UTC))
    with pytest.raises(ValueError, match="tz-aware"):
        ManualClock(datetime(2026, 11, 24))
    stop = threading.Event()
    assert clock.wait(30, stop) is False and clock.now().hour == 0 and clock.waits == [30]
    stop.set()
    assert clock.wait(30, stop) is True and clock.waits == [30]
