"""Forecast rows as PostgreSQL binary COPY streams, built with numpy (no Python work per row):
forecast_hourly (run, transformer, ts, p10, p50, p90) and forecast_daily_peak (run,
transformer, day, p10, p50, p90)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from data.binary_copy import HEADER, TRAILER

MICROSECONDS_PER_HOUR = 3_600_000_000
POSTGRES_EPOCH_HOUR = 30 * 365 * 24 + 7 * 24  # 2000-01-01 in hours since 1970 (7 leap days)
POSTGRES_EPOCH_DAY = POSTGRES_EPOCH_HOUR // 24


def _row_dtype(moment: str) -> np.dtype:
    return np.dtype(
        [
            ("fields", ">i2"),
            ("run_size", ">i4"),
            ("run_id", ">i4"),
            ("transformer_size", ">i4"),
            ("transformer_id", ">i4"),
            ("moment_size", ">i4"),
            ("moment", moment),
            ("p10_size", ">i4"),
            ("p10", ">f4"),
            ("p50_size", ">i4"),
            ("p50", ">f4"),
            ("p90_size", ">i4"),
            ("p90", ">f4"),
        ]
    )


HOURLY_ROW = _row_dtype(">i8")  # timestamptz: microseconds since 2000-01-01 UTC
DAILY_ROW = _row_dtype(">i4")  # date: days since 2000-01-01


def encode_quantile_rows(
    run_id: int,
    transformer_ids: npt.NDArray[np.int64],
    moments: npt.NDArray[np.int64],
    quantiles: npt.NDArray[np.float32],
    hourly: bool,
) -> bytes:
    """quantiles [n, moment, 3]; moments are UTC hours since 1970 (hourly) or local day
    numbers since 1970 (daily)."""
    count, steps = len(transformer_ids), len(moments)
    rows = np.zeros(count * steps, dtype=HOURLY_ROW if hourly else DAILY_ROW)
    rows["fields"] = 6
    for name, size in (("run", 4), ("transformer", 4), ("p10", 4), ("p50", 4), ("p90", 4)):
        rows[f"{name}_size"] = size
    rows["moment_size"] = 8 if hourly else 4
    rows["run_id"] = run_id
    rows["transformer_id"] = np.repeat(transformer_ids, steps)
    if hourly:
        rows["moment"] = np.tile((moments - POSTGRES_EPOCH_HOUR) * MICROSECONDS_PER_HOUR, count)
    else:
        rows["moment"] = np.tile(moments - POSTGRES_EPOCH_DAY, count)
    flat = quantiles.reshape(count * steps, 3)
    rows["p10"], rows["p50"], rows["p90"] = flat[:, 0], flat[:, 1], flat[:, 2]
    return HEADER + rows.tobytes() + TRAILER
