"""The inputs of a forecast, read from the database: hourly load as a [transformer, hour] matrix
(one binary COPY, parsed by numpy), temperature, capacities and appliance sales."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt
import psycopg

from forecasting.features import ApplianceSales, Floats, Hours
from gis.errors import GridOpsError
from gis.sql_file import load_sql
from gis.vocabulary import APPLIANCE_TYPES

PACKED_READING = np.dtype([("hour", ">i4"), ("kw", ">f4")])


class NoLoadDataError(GridOpsError):
    """The database holds no load readings to forecast from."""


def hour_of(moment: datetime) -> int:
    """UTC hours since 1970 of an aware datetime."""
    return int(moment.timestamp() // 3600)


def moment_of(hour: int) -> datetime:
    """The UTC moment of an hour counted since 1970."""
    return datetime.fromtimestamp(hour * 3600, tz=UTC)


@dataclass(frozen=True)
class LoadHistory:
    """Per transformer: capacity and hourly load before the cut-off; the temperature; sales."""

    transformer_ids: npt.NDArray[np.int64]
    capacity_kva: Floats
    hours: Hours  # consecutive UTC hours, the last one just before the cut-off
    load_kw: npt.NDArray[np.float32]  # [n, t], NaN where no reading
    temperature_c: Floats  # [t], interpolated over missing hours
    sales: ApplianceSales

    @property
    def cutoff_hour(self) -> int:
        """The first hour after the history: the cut-off."""
        return int(self.hours[-1]) + 1

    def select(self, rows: npt.NDArray[np.int64]) -> LoadHistory:
        """The same history for some transformers (row positions), sales renumbered."""
        position = np.full(len(self.transformer_ids), -1)
        position[rows] = np.arange(len(rows))
        kept = position[self.sales.transformer_index] >= 0
        sales = ApplianceSales(
            transformer_index=position[self.sales.transformer_index[kept]],
            hour=self.sales.hour[kept],
            type_index=self.sales.type_index[kept],
            kw=self.sales.kw[kept],
        )
        return replace(
            self,
            transformer_ids=self.transformer_ids[rows],
            capacity_kva=self.capacity_kva[rows],
            load_kw=self.load_kw[rows],
            sales=sales,
        )

    def until(self, cutoff_hour: int) -> LoadHistory:
        """The history before an earlier cut-off (a backtest origin)."""
        keep = self.hours < cutoff_hour
        sold = self.sales.hour < cutoff_hour
        sales = ApplianceSales(
            self.sales.transformer_index[sold],
            self.sales.hour[sold],
            self.sales.type_index[sold],
            self.sales.kw[sold],
        )
        return replace(
            self,
            hours=self.hours[keep],
            load_kw=self.load_kw[:, keep],
            temperature_c=self.temperature_c[keep],
            sales=sales,
        )

    def window(self, cutoff_hour: int, days: int) -> LoadHistory:
        """The `days` days before an earlier cut-off (a backtest origin trained on as much
        history as a run reads); sales before the window still count from its start."""
        earlier = self.until(cutoff_hour)
        keep = earlier.hours >= cutoff_hour - days * 24
        return replace(
            earlier,
            hours=earlier.hours[keep],
            load_kw=earlier.load_kw[:, keep],
            temperature_c=earlier.temperature_c[keep],
        )


def data_cutoff(conn: psycopg.Connection) -> datetime:
    """The end of the load readings, where a run's history stops; refuse when there are none."""
    row = conn.execute(load_sql("forecasting", "select_data_cutoff.sql")).fetchone()
    if row is None or row[0] is None:
        raise NoLoadDataError("no load readings: load a demo or import readings first")
    cutoff: datetime = row[0]
    return cutoff


def read_history(
    conn: psycopg.Connection, cutoff: datetime, days: int, limit: int | None = None
) -> LoadHistory:
    """The `days` days of history before the cut-off, for the first `limit` transformers."""
    since = cutoff - timedelta(days=days)
    rows = conn.execute(load_sql("forecasting", "select_transformers.sql"), {"limit": limit})
    transformers = rows.fetchall()
    ids = np.array([row[0] for row in transformers], dtype=np.int64)
    capacity = np.array([float(row[1]) for row in transformers])
    first, cutoff_hour = hour_of(since), hour_of(cutoff)
    hours = np.arange(first, cutoff_hour, dtype=np.int64)
    load = _read_load(conn, ids, since, cutoff, first, len(hours))
    observed_hours = np.flatnonzero((~np.isnan(load)).any(axis=0))
    if len(observed_hours):  # the window starts at the first reading of any transformer
        hours, load = hours[observed_hours[0] :], load[:, observed_hours[0] :]
    temperature = _read_temperature(conn, since, cutoff, hours)
    sales = _read_sales(conn, ids, cutoff)
    return LoadHistory(ids, capacity, hours, load, temperature, sales)


def _read_load(
    conn: psycopg.Connection,
    ids: npt.NDArray[np.int64],
    since: datetime,
    cutoff: datetime,
    first_hour: int,
    count: int,
) -> npt.NDArray[np.float32]:
    load = np.full((len(ids), count), np.nan, dtype=np.float32)
    params = {"since": since, "cutoff": cutoff, "ids": ids.tolist()}
    with conn.cursor(binary=True) as cursor:
        cursor.execute(load_sql("forecasting", "select_load_readings.sql"), params)
        for transformer_id, packed in cursor:
            readings = np.frombuffer(packed, dtype=PACKED_READING)
            row = int(np.searchsorted(ids, transformer_id))
            load[row, readings["hour"].astype(np.int64) - first_hour] = readings["kw"]
    return load


def _read_temperature(
    conn: psycopg.Connection, since: datetime, cutoff: datetime, hours: Hours
) -> Floats:
    rows = conn.execute(
        load_sql("forecasting", "select_weather.sql"), {"since": since, "cutoff": cutoff}
    ).fetchall()
    if not rows:
        raise GridOpsError("no weather readings before the cut-off: import hourly temperature")
    known = np.array([hour_of(row[0]) for row in rows], dtype=np.int64)
    values = np.array([float(row[1]) for row in rows])
    return np.interp(hours.astype(np.float64), known.astype(np.float64), values)


def _read_sales(
    conn: psycopg.Connection, ids: npt.NDArray[np.int64], cutoff: datetime
) -> ApplianceSales:
    rows = conn.execute(
        load_sql("forecasting", "select_appliance_sales.sql"),
        {"cutoff": cutoff, "ids": ids.tolist()},
    ).fetchall()
    if not rows:
        return ApplianceSales.empty()
    type_index = {appliance.value: index for index, appliance in enumerate(APPLIANCE_TYPES)}
    return ApplianceSales(
        transformer_index=np.searchsorted(ids, np.array([row[0] for row in rows])),
        hour=np.array([hour_of(row[1]) for row in rows], dtype=np.int64),
        type_index=np.array([type_index[row[2]] for row in rows], dtype=np.int64),
        kw=np.array([float(row[3]) for row in rows]),
    )
