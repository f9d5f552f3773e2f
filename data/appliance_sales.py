"""Appliance sales from partners (retailers, e-commerce, installers): checked, located to a
supply area and imported; and the cumulative connected kW they add per transformer and type,
which drives the load forecasts (forecasting/).

A record is {partner_record_id, partner, sold_at, appliance_type, rated_kw, quantity, lon,
lat, crs}. A row is rejected, with its row number, the field at fault and the reason, when
- partner or partner_record_id is missing or too long (100 and 200 characters);
- sold_at is missing, not ISO 8601, or later than now (5 minutes of clock skew allowed); a
  time without a zone is China time (GRIDOPS_TIMEZONE);
- appliance_type is not one of ApplianceType;
- rated_kw is missing, not a number, zero or negative, or above the type's plausible limit
  (MAX_RATED_KW: the electrical input of one unit — a 20 kW air conditioner is already a
  multi-room VRF unit, 350 kW the largest DC fast charger; 30 kW for the rest);
- quantity is not a whole number from 1 to 100,000 (missing means 1);
- crs is not WGS84, GCJ02 or BD09 (missing means WGS84), or lon/lat are missing or off the
  globe;
- the point (converted to WGS-84) is outside the territory: in no supply area and farther than
  GRIDOPS_LOCATE_MAX_DISTANCE_M from every transformer (outage.locate's rule; a point near
  a transformer but in no area counts as located, to the nearest transformer);
- (partner, partner_record_id) repeats an earlier row of the batch, or a sale already stored.
The rest are imported in the caller's transaction (one transaction per import): COPY into a
temporary staging table, then one INSERT ... ON CONFLICT DO NOTHING whose RETURNING tells the
repeats of stored sales apart.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import psycopg
from tqdm import tqdm

from data.grid_writer import copy_rows
from data.import_rejection import (
    ImportSummary,
    Rejection,
    RowChecks,
    as_text,
    check_instants,
    check_number,
    count_csv_rows,
    drop_table,
    is_blank,
    local_zone,
    read_csv_chunks,
    sorted_rejections,
)
from gis.crs import CHINA_LAT, CHINA_LON, InputCrs, to_wgs84
from gis.sql_file import load_sql
from gis.vocabulary import APPLIANCE_TYPES, ApplianceType
from outage.locate import locate_many

# The largest plausible rated electrical input of one unit, kW.
MAX_RATED_KW: dict[ApplianceType, float] = {
    ApplianceType.AIR_CONDITIONER: 20.0,
    ApplianceType.EV_CHARGER: 350.0,
    ApplianceType.ELECTRIC_WATER_HEATER: 30.0,
    ApplianceType.HEAT_PUMP: 30.0,
    ApplianceType.INDUCTION_COOKER: 30.0,
    ApplianceType.OTHER: 30.0,
}
MAX_QUANTITY = 100_000
MAX_PARTNER_CHARS = 100
MAX_RECORD_ID_CHARS = 200
CLOCK_SKEW = timedelta(minutes=5)
SALE_FIELDS = (
    "partner_record_id",
    "partner",
    "sold_at",
    "appliance_type",
    "rated_kw",
    "quantity",
    "lon",
    "lat",
    "crs",
)
REQUIRED_CSV_FIELDS = ("partner_record_id", "sold_at", "appliance_type", "rated_kw", "lon", "lat")
_CRS_NAMES = {
    "WGS84": InputCrs.WGS84,
    "EPSG:4326": InputCrs.WGS84,
    "GCJ02": InputCrs.GCJ02,
    "BD09": InputCrs.BD09,
}
STAGING_TABLE = "appliance_sale_staging"
_STAGING_COLUMNS = (
    "row",
    "partner",
    "partner_record_id",
    "sold_at",
    "appliance_type",
    "rated_kw",
    "quantity",
    "input_crs",
    "input_lon",
    "input_lat",
    "lon",
    "lat",
    "supply_area_id",
    "transformer_id",
)


def _sql(name: str) -> str:
    return load_sql("data", name)


@dataclass(frozen=True)
class CheckedSales:
    """The rows of a chunk that passed every check that needs no database, column by
    column (lon/lat already WGS-84; the input point is kept as received)."""

    rows: npt.NDArray[np.int64]
    partner: npt.NDArray[np.object_]
    partner_record_id: npt.NDArray[np.object_]
    sold_at: npt.NDArray[np.datetime64]
    appliance_type: npt.NDArray[np.object_]
    rated_kw: npt.NDArray[np.float64]
    quantity: npt.NDArray[np.int64]
    input_crs: npt.NDArray[np.object_]
    input_lon: npt.NDArray[np.float64]
    input_lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]

    def take(self, keep: npt.NDArray[np.bool_]) -> CheckedSales:
        """The rows `keep` marks, every column alike."""
        return CheckedSales(**{name: value[keep] for name, value in self.__dict__.items()})


def sale_frame(records: pd.DataFrame | Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Records as a frame with every field of SALE_FIELDS (None where absent)."""
    frame = records if isinstance(records, pd.DataFrame) else pd.DataFrame.from_records(records)
    frame = frame.astype(object)
    for name in SALE_FIELDS:
        if name not in frame.columns:
            frame[name] = None
    return frame.reset_index(drop=True)


def _check_text(checks: RowChecks, column: pd.Series, name: str, limit: int) -> pd.Series:
    text = as_text(column)
    blank = (text == "").to_numpy()
    checks.reject(blank, name, "missing")
    checks.reject(text.str.len().to_numpy() > limit, name, f"longer than {limit} characters")
    return text


def _check_kind_and_kw(
    checks: RowChecks, frame: pd.DataFrame
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.float64]]:
    kind = as_text(frame["appliance_type"]).str.lower().to_numpy(dtype=object)
    known = np.isin(kind, [str(t) for t in APPLIANCE_TYPES])
    checks.reject(kind == "", "appliance_type", "missing")
    names = ", ".join(APPLIANCE_TYPES)
    checks.reject(
        (kind != "") & ~known,
        "appliance_type",
        [f"unknown appliance type {value!r} (known: {names})" for value in kind],
    )
    rated = check_number(checks, frame["rated_kw"], "rated_kw")
    with np.errstate(invalid="ignore"):
        checks.reject(np.isfinite(rated) & (rated <= 0), "rated_kw", "must be above 0 kW")
        limit = np.array(
            [
                MAX_RATED_KW.get(ApplianceType(k), np.inf) if ok else np.inf
                for k, ok in zip(kind, known, strict=True)
            ]
        )
        checks.reject(
            rated > limit,
            "rated_kw",
            [
                f"{kw:g} kW is implausible for one {k} (at most {lim:g} kW)"
                for kw, k, lim in zip(rated, kind, limit, strict=True)
            ],
        )
    return kind, rated


def _check_quantity(checks: RowChecks, column: pd.Series) -> npt.NDArray[np.int64]:
    blank = is_blank(column)
    filled = column.where(~blank, 1)
    quantity = check_number(checks, filled, "quantity")
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(quantity)
        checks.reject(finite & (quantity != np.round(quantity)), "quantity", "not a whole number")
        checks.reject(finite & (quantity < 1), "quantity", "must be at least 1")
        checks.reject(finite & (quantity > MAX_QUANTITY), "quantity", f"above {MAX_QUANTITY:,}")
    return np.where(checks.ok, np.nan_to_num(quantity), 0).astype(np.int64)


def _check_point(
    checks: RowChecks, frame: pd.DataFrame
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    crs_text = as_text(frame["crs"]).str.upper().str.replace(r"[-_ ]", "", regex=True)
    crs = np.array([_CRS_NAMES.get(t or "WGS84") for t in crs_text], dtype=object)
    checks.reject(
        crs == None,  # noqa: E711 (elementwise)
        "crs",
        [f"unknown crs {value!r} (WGS84, GCJ02 or BD09)" for value in frame["crs"]],
    )
    lon = check_number(checks, frame["lon"], "lon")
    lat = check_number(checks, frame["lat"], "lat")
    with np.errstate(invalid="ignore"):
        checks.reject(np.abs(lon) > 180, "lon", "must lie in [-180, 180]")
        checks.reject(np.abs(lat) > 90, "lat", "must lie in [-90, 90]")
        # GCJ-02 and BD-09 exist over China only: elsewhere their inverses fail or diverge
        shifted = (crs == InputCrs.GCJ02) | (crs == InputCrs.BD09)
        in_range = (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
        for field, values, (low, high) in (("lon", lon, CHINA_LON), ("lat", lat, CHINA_LAT)):
            outside = shifted & in_range & ~((values >= low) & (values <= high))
            checks.reject(outside, field, f"must lie in [{low}, {high}] for GCJ02 and BD09")
            in_range &= ~outside
    return crs, lon, lat


def _to_wgs84(
    crs: npt.NDArray[np.object_], lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    out_lon, out_lat = lon.copy(), lat.copy()
    for index in np.flatnonzero(crs != InputCrs.WGS84):
        out_lon[index], out_lat[index] = to_wgs84(lon[index], lat[index], crs[index])
    return out_lon, out_lat


@dataclass
class BatchKeys:
    """(partner, partner_record_id) seen so far in a batch, with the row that had it first."""

    first_row: dict[tuple[str, str], int] = field(default_factory=dict)

    def reject_repeats(self, checks: RowChecks, partner: pd.Series, record_id: pd.Series) -> None:
        """Reject each record whose (partner, partner_record_id) an earlier row of the batch had."""
        repeats, reasons = np.zeros(len(partner), dtype=bool), [""] * len(partner)
        for index, key in enumerate(zip(partner, record_id, strict=True)):
            if not (key[0] and key[1]):
                continue
            first = self.first_row.setdefault(key, int(checks.rows[index]))
            if first != checks.rows[index]:
                repeats[index] = True
                reasons[index] = f"partner_record_id {key[1]!r} repeats row {first}"
        checks.reject(repeats, "partner_record_id", reasons)


def check_sales(
    frame: pd.DataFrame, first_row: int, now: datetime, keys: BatchKeys | None = None
) -> tuple[CheckedSales, list[Rejection]]:
    """Every check that needs no database, over a chunk whose first row is first_row."""
    frame = sale_frame(frame)
    checks = RowChecks.of_chunk(frame, first_row)
    partner = _check_text(checks, frame["partner"], "partner", MAX_PARTNER_CHARS)
    record_id = _check_text(
        checks, frame["partner_record_id"], "partner_record_id", MAX_RECORD_ID_CHARS
    )
    sold_at = check_instants(checks, frame["sold_at"], "sold_at")
    latest = np.datetime64((now + CLOCK_SKEW).astimezone(UTC).replace(tzinfo=None), "us")
    checks.reject(~np.isnat(sold_at) & (sold_at > latest), "sold_at", "in the future")
    kind, rated = _check_kind_and_kw(checks, frame)
    quantity = _check_quantity(checks, frame["quantity"])
    crs, lon, lat = _check_point(checks, frame)
    (keys or BatchKeys()).reject_repeats(checks, partner, record_id)
    ok = checks.ok
    wgs_lon, wgs_lat = _to_wgs84(crs[ok], lon[ok], lat[ok])
    checked = CheckedSales(
        rows=checks.rows[ok],
        partner=partner.to_numpy(dtype=object)[ok],
        partner_record_id=record_id.to_numpy(dtype=object)[ok],
        sold_at=sold_at[ok],
        appliance_type=kind[ok],
        rated_kw=rated[ok],
        quantity=quantity[ok],
        input_crs=np.array([str(c) for c in crs[ok]], dtype=object),
        input_lon=lon[ok],
        input_lat=lat[ok],
        lon=wgs_lon,
        lat=wgs_lat,
    )
    return checked, checks.rejections


class SaleImport:
    """One import in the caller's transaction: add() chunks, then finish() once."""

    def __init__(self, conn: psycopg.Connection, now: datetime | None = None) -> None:
        self.conn = conn
        self.now = now or datetime.now(UTC)
        self.keys = BatchKeys()
        self.rejections: list[Rejection] = []
        self.staged = 0
        conn.execute(_sql("create_appliance_sale_staging.sql"))

    def add(self, frame: pd.DataFrame, first_row: int) -> None:
        """Check a chunk; stage its sales inside the territory, located, and reject the others."""
        checked, rejections = check_sales(frame, first_row, self.now, self.keys)
        self.rejections += rejections
        if not len(checked.rows):
            return
        located = locate_many([self.conn], checked.lon, checked.lat)
        outside = located.method == 0
        self.rejections += [
            Rejection(
                int(row),
                "lon,lat",
                "outside the service territory (no supply area and no transformer near enough)",
            )
            for row in checked.rows[outside]
        ]
        inside = ~outside
        self._stage(
            checked.take(inside), located.transformer_id[inside], located.supply_area_id[inside]
        )

    def _stage(
        self,
        sales: CheckedSales,
        transformer_id: npt.NDArray[np.int64],
        supply_area_id: npt.NDArray[np.int64],
    ) -> None:
        sold_at = [f"{text}+00" for text in np.datetime_as_string(sales.sold_at, unit="us")]
        area = [None if a < 0 else int(a) for a in supply_area_id.tolist()]
        columns = (
            sales.rows.tolist(),
            sales.partner.tolist(),
            sales.partner_record_id.tolist(),
            sold_at,
            sales.appliance_type.tolist(),
            sales.rated_kw.tolist(),
            sales.quantity.tolist(),
            sales.input_crs.tolist(),
            sales.input_lon.tolist(),
            sales.input_lat.tolist(),
            sales.lon.tolist(),
            sales.lat.tolist(),
            area,
            transformer_id.tolist(),
        )
        copy_rows(self.conn, STAGING_TABLE, _STAGING_COLUMNS, zip(*columns, strict=True))
        self.staged += len(sales.rows)

    def finish(self) -> ImportSummary:
        """Store the staged sales, rejecting those already imported; the import's summary."""
        repeats = self.conn.execute(_sql("insert_appliance_sales.sql")).fetchall()
        drop_table(self.conn, STAGING_TABLE)
        self.rejections += [
            Rejection(
                row,
                "partner_record_id",
                f"partner_record_id {record_id!r} of {partner!r} is already imported",
            )
            for row, partner, record_id in repeats
        ]
        return ImportSummary(
            self.staged - len(repeats),
            sorted_rejections(self.rejections),
            already_stored=len(repeats),
        )


def import_sales(
    conn: psycopg.Connection,
    records: pd.DataFrame | Sequence[Mapping[str, Any]],
    now: datetime | None = None,
) -> ImportSummary:
    """Check, locate and import sale records (row 1 = the first), all in one transaction
    (a savepoint when the caller already holds one)."""
    with conn.transaction():
        sale_import = SaleImport(conn, now)
        sale_import.add(sale_frame(records), first_row=1)
        return sale_import.finish()


def import_sales_csv(
    conn: psycopg.Connection,
    path: Path,
    partner: str | None = None,
    progress: bool = False,
    now: datetime | None = None,
) -> ImportSummary:
    """A CSV whose header row names the fields (partner may come from `partner` instead:
    it fills the rows whose partner is empty)."""
    required = REQUIRED_CSV_FIELDS + (() if partner else ("partner",))
    total = count_csv_rows(path) if progress else None
    bar = tqdm(total=total, unit="sale", disable=not progress, file=sys.stderr)
    with bar, conn.transaction():
        sale_import = SaleImport(conn, now)
        for first_row, chunk in read_csv_chunks(path, required):
            if partner:
                given = (
                    chunk["partner"]
                    if "partner" in chunk.columns
                    else pd.Series([""] * len(chunk), index=chunk.index)
                )
                chunk["partner"] = given.where(given.str.strip() != "", partner)
            sale_import.add(chunk, first_row)
            bar.update(len(chunk))
        bar.set_description("inserting")
        return sale_import.finish()


def added_kw(
    conn: psycopg.Connection,
    transformer_ids: Sequence[int] | None,
    until: datetime | date,
) -> pd.DataFrame:
    """Cumulative connected kW (rated_kw x quantity) added by the sales located to each
    transformer, by appliance type, as a tidy step function: one row per (transformer_id,
    day, appliance_type) with sales that day, cumulative_kw counting every sale up to the end
    of that local day (China time); the value holds until the transformer's next row of the
    type. Only sales before `until` count (a date means its local midnight). transformer_ids
    None means every transformer."""
    if not isinstance(until, datetime):
        until = datetime(until.year, until.month, until.day, tzinfo=local_zone())
    elif until.tzinfo is None:
        until = until.replace(tzinfo=local_zone())
    ids = None if transformer_ids is None else [int(i) for i in transformer_ids]
    rows = conn.execute(
        _sql("select_added_kw.sql"),
        {"ids": ids, "until": until, "zone": str(local_zone())},
    ).fetchall()
    frame = pd.DataFrame(rows, columns=["transformer_id", "day", "appliance_type", "cumulative_kw"])
    return frame.astype(
        {
            "transformer_id": np.int64,
            "day": "datetime64[ns]",
            "appliance_type": str,
            "cumulative_kw": np.float64,
        }
    )
