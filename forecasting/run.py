"""`gridops forecast run`: read the history, forecast every transformer, record the run."""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass, replace
from datetime import datetime

import psycopg
from tqdm import tqdm

from forecasting.annual_backtest import PEAK_INTERVAL_FACTOR
from forecasting.backtest_scores import HOURLY_INTERVAL_FACTOR
from forecasting.forecast import forecast_transformers
from forecasting.history import data_cutoff, read_history
from forecasting.models import ForecastSettings, ModelName, RunKind
from forecasting.run_record import finish_run, recorded_run, risk_counts, write_forecast
from gis.sql_file import load_sql
from identity import audit
from identity.actor import Actor

HISTORY_DAYS = 371  # a year and a week: the annual terms and a 168-hour lag at the start
UNCALIBRATED = "intervals as modelled: no backtest has calibrated them (gridops forecast backtest)"


@dataclass(frozen=True)
class RunSummary:
    """A finished forecast run: its id, transformers forecast, the insufficient, and risk counts."""

    run_id: int
    transformers: int
    insufficient: int
    risk_counts: dict[str, int]
    seconds: float

    def __str__(self) -> str:
        classes = ", ".join(f"{count} {name}" for name, count in self.risk_counts.items())
        return (
            f"forecast run {self.run_id}: {self.transformers} transformers "
            f"({classes}) in {self.seconds:.1f} s"
        )


def peak_memory_mb() -> float:
    """This process's peak resident memory so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def calibrated_settings(
    conn: psycopg.Connection, settings: ForecastSettings, cutoff: datetime
) -> tuple[ForecastSettings, dict[str, int]]:
    """The settings with the interval factors left to the backtest (None) filled from the
    latest backtest that measured them on data ending at or before the run's cut-off (1
    without one), and the backtest run of each: a backtest made later, on later data, never
    changes the bands of a run as of an earlier date."""
    if settings.hourly_interval_factor is not None and settings.peak_interval_factor is not None:
        return settings, {}
    rows = conn.execute(
        load_sql("forecasting", "select_interval_factors.sql"),
        {"metrics": [HOURLY_INTERVAL_FACTOR, PEAK_INTERVAL_FACTOR], "cutoff": cutoff},
    ).fetchall()
    found = {str(metric): (float(value), int(run_id)) for metric, value, run_id in rows}
    hourly, peak = found.get(HOURLY_INTERVAL_FACTOR), found.get(PEAK_INTERVAL_FACTOR)
    if settings.hourly_interval_factor is None:
        settings = replace(settings, hourly_interval_factor=hourly[0] if hourly else 1.0)
    if settings.peak_interval_factor is None:
        settings = replace(settings, peak_interval_factor=peak[0] if peak else 1.0)
    return settings, {metric: run_id for metric, (_, run_id) in found.items()}


def run_forecast(
    conn: psycopg.Connection,
    settings: ForecastSettings | None = None,
    transformers: int | None = None,
    cutoff: datetime | None = None,
    progress: bool = False,
    actor: Actor | None = None,
) -> RunSummary:
    """Forecast the first `transformers` transformers (all with None) from the history before
    the cut-off (default: after the newest reading) and record the run and its results; with
    an actor, its audit row (forecast.run) too, in the transaction of the results.

    Everything read is bounded by the cut-off (forecasting.history.read_history): readings,
    weather and appliance sales strictly before it; the forecast starts at it (the origin).
    No weather after the cut-off is used as a known future: the horizon's temperature is the
    climatology of the history (forecasting.climatology). The interval factors come from a
    backtest whose own data ended at or before it (calibrated_settings)."""
    started = time.perf_counter()
    cutoff = cutoff or data_cutoff(conn)
    settings, calibrated_by = calibrated_settings(conn, settings or ForecastSettings(), cutoff)
    parameters = settings.as_parameters() | {"transformer_limit": transformers}
    with recorded_run(conn, RunKind.FORECAST, ModelName.POOLED, parameters, cutoff) as run_id:
        history = read_history(conn, cutoff, HISTORY_DAYS, transformers)
        read_s = time.perf_counter() - started
        count = len(history.transformer_ids)
        with tqdm(total=count, unit="transformer", disable=not progress, file=sys.stderr) as bar:
            bar.set_description("forecast")
            result = forecast_transformers(history, settings, progress=bar.update)
            bar.update(count - bar.n)
        writing = time.perf_counter()
        write_forecast(conn, run_id, result)
        write_s = time.perf_counter() - writing
        insufficient = int((~result.screening.sufficient).sum())
        counts = risk_counts(result)
        metrics = {
            "timings_s": {"read_s": round(read_s, 3), "write_s": round(write_s, 3)}
            | {k: round(v, 3) for k, v in result.timings_s.items()},
            "peak_memory_mb": round(peak_memory_mb(), 1),
            "history_hours": len(history.hours),
            "annual_terms": result.annual_terms,
            "diversity_factors": result.diversity_factors(),
            "risk_counts": counts,
            "interval_factors_from_backtest": calibrated_by,
            "warnings": result.warnings + ([] if calibrated_by else [UNCALIBRATED]),
        }
        finish_run(conn, run_id, ModelName.POOLED, count, insufficient, metrics)
        if actor is not None:
            audit.record(
                conn,
                actor,
                "forecast.run",
                object_type="forecast_run",
                object_id=run_id,
                summary={
                    "transformers": count,
                    "insufficient": insufficient,
                    "horizon_days": settings.horizon_days,
                    "transformer_limit": transformers,
                    "data_cutoff": cutoff,
                    "risk_counts": counts,
                },
            )
    return RunSummary(run_id, count, insufficient, counts, time.perf_counter() - started)
