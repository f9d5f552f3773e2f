"""A forecast run as of an instant: nothing after it is read, the cut-off is recorded, and the
interval factors come from a backtest whose data ended by then (`gridops forecast run --as-of`)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from forecasting.cli import parse_as_of
from forecasting.history import data_cutoff
from forecasting.models import ForecastSettings
from forecasting.run import calibrated_settings, run_forecast
from gis.local_time import zone

SMALL = ForecastSettings(peak_horizon_days=365, peak_scenarios=50)
COUNT = 3


def _results(conn: psycopg.Connection, run_id: int) -> tuple[list[tuple], list[tuple]]:
    hourly = conn.execute(
        "SELECT transformer_id, ts, kw_p10, kw_p50, kw_p90 FROM forecast_hourly "
        "WHERE run_id = %s ORDER BY 1, 2",
        (run_id,),
    ).fetchall()
    daily = conn.execute(
        "SELECT * FROM forecast_daily_peak WHERE run_id = %s ORDER BY transformer_id, day",
        (run_id,),
    ).fetchall()
    return hourly, [row[1:] for row in daily]


def _backtest(conn: psycopg.Connection, cutoff: datetime, factor: float) -> int:
    """A finished backtest, measured on data ending at the cut-off, with an hourly factor."""
    row = conn.execute(
        "INSERT INTO forecast_run (kind, model, data_cutoff, status, finished_at) "
        "VALUES ('backtest', 'pooled_least_squares', %s, 'done', now()) RETURNING id",
        (cutoff,),
    ).fetchone()
    assert row is not None
    conn.execute(
        "INSERT INTO backtest_metric (run_id, variant, metric, lead, value) "
        "VALUES (%s, 'full', 'hourly_interval_factor_80', 0, %s)",
        (row[0], factor),
    )
    return int(row[0])


def test_a_run_as_of_an_instant_reads_nothing_after_it(db: psycopg.Connection) -> None:
    """Readings, weather and sales at or after T, and a backtest on data past T, change
    nothing in a run as of T; the run records T as its cut-off."""
    as_of = data_cutoff(db) - timedelta(days=2)  # the small demo holds 60 days
    first = run_forecast(db, SMALL, transformers=COUNT, cutoff=as_of)
    before = _results(db, first.run_id)
    assert before[0], "the run forecast something"
    ids = [row[0] for row in db.execute("SELECT id FROM transformer ORDER BY id LIMIT 3")]
    db.execute(
        "UPDATE load_reading SET kw = 100000 WHERE ts >= %s AND transformer_id = ANY(%s)",
        (as_of, ids),
    )
    db.execute("UPDATE weather_reading SET temperature_c = 60 WHERE ts >= %s", (as_of,))
    db.execute(
        "INSERT INTO appliance_sale (partner, partner_record_id, sold_at, appliance_type, "
        "rated_kw, quantity, input_lon, input_lat, geom, transformer_id) "
        "SELECT 'as-of-test', 'sale-' || t.id, %s, 'ev_charger', 1000, 100000, 116.4, 39.9, "
        "ST_SetSRID(ST_MakePoint(116.4, 39.9), 4326), t.id FROM transformer t "
        "WHERE t.id = ANY(%s)",
        (as_of, ids),
    )
    _backtest(db, as_of + timedelta(hours=1), 5.0)
    second = run_forecast(db, SMALL, transformers=COUNT, cutoff=as_of)
    assert _results(db, second.run_id) == before
    row = db.execute(
        "SELECT data_cutoff, metrics -> 'interval_factors_from_backtest' FROM forecast_run "
        "WHERE id = %s",
        (second.run_id,),
    ).fetchone()
    assert row is not None and row[0] == as_of
    assert row[1] == {}  # the later backtest was not applied


def test_the_factors_come_from_the_latest_backtest_ended_by_the_cut_off(
    db: psycopg.Connection,
) -> None:
    as_of = datetime(2026, 6, 1, tzinfo=UTC)
    early = _backtest(db, as_of - timedelta(days=7), 1.5)
    at = _backtest(db, as_of, 1.25)
    _backtest(db, as_of + timedelta(seconds=1), 9.0)  # later: never for a run as of then
    settings, by = calibrated_settings(db, ForecastSettings(), as_of)
    assert settings.hourly_interval_factor == 1.25 and by["hourly_interval_factor_80"] == at
    settings, by = calibrated_settings(db, ForecastSettings(), as_of - timedelta(days=1))
    assert settings.hourly_interval_factor == 1.5 and by["hourly_interval_factor_80"] == early
    settings, by = calibrated_settings(db, ForecastSettings(), as_of - timedelta(days=30))
    assert settings.hourly_interval_factor == 1.0 and by == {}


def test_as_of_parses_a_date_or_date_time_in_the_configured_zone() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert parse_as_of("2026-11-01T00:00", now) == datetime(2026, 11, 1, tzinfo=zone())
    assert parse_as_of("2026-11-01", now) == datetime(2026, 11, 1, tzinfo=zone())
    assert parse_as_of("2026-11-01T00:00+00:00", now) == datetime(2026, 11, 1, tzinfo=UTC)
    # forecasts are hourly: a time within an hour is taken back to the hour's start
    assert parse_as_of("2026-11-01T10:45:30+00:00", now) == datetime(2026, 11, 1, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="in the future"):
        parse_as_of("2026-12-02", now)
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_as_of("yesterday", now)


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "forecast", "run", "--no-progress", *args],
        env={**os.environ, "GRIDOPS_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _runs(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM forecast_run").fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("when", ["2999-01-01", "not-a-date"])
def test_the_cli_refuses_a_future_or_unparsable_as_of(demo_db_url: str, when: str) -> None:
    runs = _runs(demo_db_url)
    result = _cli(demo_db_url, "--as-of", when)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gridops: --as-of")
    assert result.stdout == "" and _runs(demo_db_url) == runs


def test_the_cli_records_the_as_of_instant(demo_db_url: str) -> None:
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        as_of = (data_cutoff(conn) - timedelta(days=10)).astimezone(zone())
    result = _cli(demo_db_url, "--transformers", "2", "--as-of", as_of.isoformat())
    assert result.returncode == 0, result.stderr
    run_id = int(result.stdout.split()[2].rstrip(":"))
    with psycopg.connect(demo_db_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT data_cutoff FROM forecast_run WHERE id = %s", (run_id,)
        ).fetchone()
        conn.execute("DELETE FROM forecast_run WHERE id = %s", (run_id,))
    assert row is not None and row[0] == as_of
