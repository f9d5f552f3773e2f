"""The record of a run (forecast_run) and the writing of its results with COPY."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from forecasting.features import day_from_number
from forecasting.forecast import ForecastResult
from forecasting.models import ForecastStatus, RiskClass, RunKind, risk_class
from forecasting.peak_risk import NO_DAY
from forecasting.result_copy import encode_quantile_rows
from gis.sql_file import load_sql
from gis.vocabulary import APPLIANCE_TYPES

DRIVER_MIN_KW = 0.05  # contributions below this are left out of drivers


def _sql(name: str) -> str:
    return load_sql("forecasting", name)


@contextmanager
def recorded_run(
    conn: psycopg.Connection,
    kind: RunKind,
    model: str,
    parameters: dict[str, Any],
    data_cutoff: datetime,
) -> Iterator[int]:
    """Record the run, yield its id for the work (one transaction); on an error the work is
    rolled back and the run is marked failed with the error, then the error goes on."""
    with conn.transaction():
        row = conn.execute(
            _sql("insert_forecast_run.sql"),
            {
                "kind": kind.value,
                "model": model,
                "parameters": Jsonb(parameters),
                "data_cutoff": data_cutoff,
            },
        ).fetchone()
    assert row is not None
    run_id = int(row[0])
    try:
        with conn.transaction():
            yield run_id
    except BaseException as exc:
        with conn.transaction():
            conn.execute(_sql("fail_forecast_run.sql"), {"run_id": run_id, "error": repr(exc)})
        raise


def finish_run(
    conn: psycopg.Connection,
    run_id: int,
    model: str,
    transformers: int,
    insufficient: int,
    metrics: dict[str, Any],
) -> None:
    """Mark the run done with its model, its transformer counts and its metrics."""
    conn.execute(
        _sql("finish_forecast_run.sql"),
        {
            "run_id": run_id,
            "model": model,
            "transformers": transformers,
            "insufficient": insufficient,
            "metrics": Jsonb(metrics),
        },
    )


def write_forecast(conn: psycopg.Connection, run_id: int, result: ForecastResult) -> None:
    """transformer_forecast for every transformer, then the hourly and daily rows of the
    forecast ones."""
    history, screening = result.history, result.screening
    ok = result.ok_rows
    position = {int(row): index for index, row in enumerate(ok)}
    with conn.cursor() as cursor, cursor.copy(_sql("copy_transformer_forecast.sql")) as copy:
        for row, transformer_id in enumerate(history.transformer_ids):
            if row in position and result.risk is not None:
                copy.write_row(_risk_row(run_id, int(transformer_id), result, position[row]))
            else:
                copy.write_row(
                    (
                        run_id,
                        int(transformer_id),
                        ForecastStatus.INSUFFICIENT_DATA.value,
                        screening.reasons[row],
                        None,
                        None,
                        None,
                        None,
                        RiskClass.INSUFFICIENT_DATA.value,
                        None,
                        None,
                        "{}",
                    )
                )
    if result.hourly is None or result.risk is None:
        return
    ids = history.transformer_ids[ok]
    with conn.cursor() as cursor, cursor.copy(_sql("copy_forecast_hourly.sql")) as copy:
        copy.write(encode_quantile_rows(run_id, ids, result.hourly.hours, result.hourly.kw, True))
    days = result.risk.first_day + np.arange(result.risk.daily_kw.shape[1], dtype=np.int64)
    with conn.cursor() as cursor, cursor.copy(_sql("copy_forecast_daily_peak.sql")) as copy:
        copy.write(encode_quantile_rows(run_id, ids, days, result.risk.daily_kw, False))


def _risk_row(
    run_id: int, transformer_id: int, result: ForecastResult, index: int
) -> tuple[Any, ...]:
    risk = result.risk
    assert risk is not None
    p10, p50, p90 = (float(v) for v in risk.peak_kva[index])
    loading = float(risk.loading_pct[index])
    first_day = int(risk.first_overload_day[index])
    drivers = {
        appliance.value: round(float(kw), 2)
        for appliance, kw in zip(APPLIANCE_TYPES, risk.drivers_kw[index], strict=True)
        if abs(kw) >= DRIVER_MIN_KW
    }
    return (
        run_id,
        transformer_id,
        ForecastStatus.OK.value,
        None,
        p10,
        p50,
        p90,
        max(loading, 0.0),
        risk_class(loading).value,
        float(risk.overload_probability[index]),
        day_from_number(first_day) if first_day != NO_DAY else None,
        json.dumps(drivers),
    )


def write_backtest_metrics(
    conn: psycopg.Connection, run_id: int, rows: list[tuple[str, str, int, float | None]]
) -> None:
    """(variant, metric, lead, value) rows."""
    with conn.cursor() as cursor, cursor.copy(_sql("copy_backtest_metric.sql")) as copy:
        for variant, metric, lead, value in rows:
            kept = None if value is None or not np.isfinite(value) else float(value)
            copy.write_row((run_id, variant, metric, lead, kept))


def risk_counts(result: ForecastResult) -> dict[str, int]:
    """How many transformers fall in each risk class, insufficient data included."""
    counts = {rc.value: 0 for rc in RiskClass}
    counts[RiskClass.INSUFFICIENT_DATA.value] = int((~result.screening.sufficient).sum())
    if result.risk is not None:
        for loading in result.risk.loading_pct:
            counts[risk_class(float(loading)).value] += 1
    return counts
