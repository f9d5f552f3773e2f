"""The embedded default: gridops starts its own cluster, reports it, reuses it and stops it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GRIDOPS = [sys.executable, "-m", "app.cli"]


def _gridops(args: list[str], data_dir: Path, port: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GRIDOPS_DATABASE_URL"}
    env.update(GRIDOPS_DATA_DIR=str(data_dir), GRIDOPS_EMBEDDED_PORT=str(port))
    return subprocess.run(
        [*GRIDOPS, *args], capture_output=True, text=True, env=env, timeout=180, check=False
    )


def test_without_a_database_url_gridops_runs_its_own_cluster(tmp_path: Path) -> None:
    port = 54000 + os.getpid() % 1000
    status = _gridops(["db", "status"], tmp_path, port)
    assert status.returncode == 0, status.stderr
    assert "not created" in status.stdout

    upgraded = _gridops(["db", "upgrade"], tmp_path, port)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "applied 001_grid" in upgraded.stdout
    assert "created (initdb) and started" in upgraded.stdout  # it says what it did
    assert "gridops created with PostGIS" in upgraded.stdout
    try:
        again = _gridops(["db", "upgrade"], tmp_path, port)
        assert again.returncode == 0 and "up to date" in again.stdout  # reused, not re-created
        assert "already running" in again.stdout and "gridops present" in again.stdout
        status = _gridops(["db", "status"], tmp_path, port)
        assert "running" in status.stdout
        assert "postgis" in status.stdout and "not installed" not in status.stdout
        assert f"{tmp_path}/pg/run" in status.stdout or "/var/tmp/gridops-" in status.stdout
    finally:
        stopped = _gridops(["db", "stop"], tmp_path, port)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert "stopped" in _gridops(["db", "status"], tmp_path, port).stdout
