"""A forecast run on the small demo: every table written, the run recorded."""

from __future__ import annotations

import psycopg
import pytest

from forecasting.backtest import BacktestSettings, run_backtest
from forecasting.models import ForecastSettings, RunKind
from forecasting.report import backtest_summary, latest_run, risk_table, transformer_forecast
from forecasting.run import run_forecast

SMALL = ForecastSettings(peak_horizon_days=365, peak_scenarios=50)


def _count(conn: psycopg.Connection, table: str, run_id: int) -> int:
    row = conn.execute(f"SELECT count(*) FROM {table} WHERE run_id = %s", (run_id,)).fetchone()
    assert row is not None
    return int(row[0])


def test_forecast_run_writes_every_table_and_is_recorded(db: psycopg.Connection) -> None:
    """Each run is recorded (model, parameters, data cut-off, metrics, timings), with a
    transformer_forecast row per transformer, 14 days hourly and 12 months of daily peaks."""
    summary = run_forecast(db, SMALL, transformers=12)
    run = latest_run(db, RunKind.FORECAST)
    assert run is not None and run.id == summary.run_id
    assert run.status == "done" and run.model == "pooled_least_squares"
    assert run.data_cutoff is not None and run.finished_at is not None
    assert run.parameters["horizon_days"] == 14 and run.parameters["transformer_limit"] == 12
    assert "fit_s" in run.metrics["timings_s"] and run.metrics["peak_memory_mb"] > 0
    assert run.transformers == 12
    assert _count(db, "transformer_forecast", run.id) == 12
    ok = 12 - run.insufficient
    assert ok > 0
    assert _count(db, "forecast_hourly", run.id) == ok * 14 * 24
    assert _count(db, "forecast_daily_peak", run.id) == ok * 365
    rows = risk_table(db, run.id, limit=5)
    assert 0 < len(rows) <= 5
    assert rows == sorted(rows, key=lambda r: -(r.loading_pct or 0))
    detail = transformer_forecast(db, run.id, rows[0].transformer_id)
    assert detail is not None
    assert len(detail.hourly) == 14 * 24 and len(detail.daily_peaks) == 365
    assert len(detail.history) == 24 * 28 and detail.capacity_kva > 0
    first = detail.hourly[0]
    assert first.kw_p10 <= first.kw_p50 <= first.kw_p90
    # the hourly forecast is on the scale of the history, not a silent zero
    recent = [point.kw for point in detail.history[-24 * 7 :]]
    mean_forecast = sum(p.kw_p50 for p in detail.hourly[:168]) / 168
    assert 0.5 < mean_forecast / (sum(recent) / len(recent)) < 1.5
    assert backtest_summary(db, run.id) == []


def test_a_failed_run_is_recorded_with_its_error(db: psycopg.Connection) -> None:
    """A run that fails keeps its record, status failed and the error; no partial results."""
    bad = ForecastSettings(peak_scenarios=0)  # no scenario: the quantiles cannot be taken
    with pytest.raises(ValueError):
        run_forecast(db, bad, transformers=3)
    row = db.execute(
        "SELECT id, status, error FROM forecast_run ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row is not None and row[1] == "failed" and row[2]
    assert _count(db, "transformer_forecast", row[0]) == 0


def test_a_transformer_with_too_little_history_is_recorded_as_insufficient(
    db: psycopg.Connection,
) -> None:
    """A transformer with gaps or too little history gets status insufficient_data and the
    reason, no forecast rows — never a crash, never a silent zero."""
    first = db.execute("SELECT min(id) FROM transformer").fetchone()
    assert first is not None
    transformer_id = int(first[0])
    db.execute(
        "DELETE FROM load_reading WHERE transformer_id = %s "
        "AND ts < (SELECT max(ts) FROM load_reading) - interval '30 days'",
        (transformer_id,),
    )
    summary = run_forecast(db, SMALL, transformers=4)
    assert summary.insufficient == 1
    row = db.execute(
        "SELECT status, reason, risk_class, peak_kva_p50 FROM transformer_forecast "
        "WHERE run_id = %s AND transformer_id = %s",
        (summary.run_id, transformer_id),
    ).fetchone()
    assert row is not None
    assert row[0] == "insufficient_data" and row[2] == "insufficient_data"
    assert "days of load history (at least 56 needed)" in row[1] and row[3] is None
    hourly = db.execute(
        "SELECT count(*) FROM forecast_hourly WHERE run_id = %s AND transformer_id = %s",
        (summary.run_id, transformer_id),
    ).fetchone()
    assert hourly == (0,)
    every = risk_table(db, summary.run_id, limit=None, min_class="insufficient_data")
    assert len(every) == 4 and every[-1].risk_class == "insufficient_data"
    assert len(risk_table(db, summary.run_id, limit=None, min_class="normal")) == 3


def test_backtest_on_the_small_demo_stores_its_metrics(db: psycopg.Connection) -> None:
    """The backtest records a run of kind backtest and stores MASE, WAPE, coverage, overload
    precision/recall by lead for the full model and the ablation, and the per-series peer."""
    settings = BacktestSettings(origins=1, horizon_days=2, per_series_sample=2)
    summary = run_backtest(db, settings, transformers=6)
    run = latest_run(db, RunKind.BACKTEST)
    assert run is not None and run.id == summary.run_id and run.status == "done"
    metrics = {(m.variant, m.metric, m.lead): m.value for m in backtest_summary(db, run.id)}
    for variant in ("full", "no_appliances"):
        for lead in (0, 1, 2):
            assert metrics[(variant, "mase", lead)] is not None
            assert 0 <= metrics[(variant, "coverage_80", lead)] <= 1
            assert (variant, "overload_recall", lead) in metrics
    assert 0 < metrics[("full", "mase", 1)] < 2
    assert metrics[("per_series", "mase", 1)] is not None
    assert run.metrics["kept_model"] in ("pooled_least_squares", "holt_winters_per_series")


def test_deleting_a_run_deletes_every_row_of_it(db: psycopg.Connection) -> None:
    """ON DELETE CASCADE: a run takes its transformer rows, and they their hourly and daily
    rows (statement triggers on the bulk tables); a truncation empties them too."""
    first = run_forecast(db, SMALL, transformers=2)
    second = run_forecast(db, SMALL, transformers=2)
    db.execute("DELETE FROM forecast_run WHERE id = %s", (first.run_id,))
    for table in ("transformer_forecast", "forecast_hourly", "forecast_daily_peak"):
        assert _count(db, table, first.run_id) == 0, table
        assert _count(db, table, second.run_id) > 0, table
    one = db.execute(
        "SELECT transformer_id FROM transformer_forecast WHERE run_id = %s LIMIT 1",
        (second.run_id,),
    ).fetchone()
    assert one is not None
    db.execute(
        "DELETE FROM transformer_forecast WHERE run_id = %s AND transformer_id = %s",
        (second.run_id, one[0]),
    )
    left = db.execute(
        "SELECT count(*) FROM forecast_hourly WHERE run_id = %s AND transformer_id = %s",
        (second.run_id, one[0]),
    ).fetchone()
    assert left == (0,)
    db.execute("TRUNCATE transformer_forecast")
    assert _count(db, "forecast_hourly", second.run_id) == 0
    assert _count(db, "forecast_daily_peak", second.run_id) == 0
