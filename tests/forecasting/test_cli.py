"""`gridops forecast run` end to end in a subprocess, against the session's demo database."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg


def test_forecast_run_command_records_a_run(demo_db_url: str) -> None:
    """`gridops forecast run --transformers N` forecasts, prints one summary line and leaves the
    run recorded (deleted again here: the session database is shared)."""
    env = {**os.environ, "GRIDOPS_DATABASE_URL": demo_db_url}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "forecast",
            "run",
            "--transformers",
            "3",
            "--no-progress",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("forecast run ") and "3 transformers" in result.stdout
    run_id = int(result.stdout.split()[2].rstrip(":"))
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT status, transformers, (SELECT count(*) FROM transformer_forecast "
            "WHERE run_id = r.id) FROM forecast_run r WHERE id = %s",
            (run_id,),
        ).fetchone()
        conn.execute("DELETE FROM forecast_run WHERE id = %s", (run_id,))
    assert row == ("done", 3, 3)


def test_forecast_backtest_refuses_zero_origins() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "forecast", "backtest", "--origins", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
