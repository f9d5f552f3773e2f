"""Appliance-sales import throughput: a CSV of --sales records into the medium demo.

The file mixes what partners send: points at customers' homes (a tenth of them in GCJ-02),
and about 1 % each of points outside the territory, implausible kW, unknown types and
record ids repeated within the file. Figures:
- import_sales_csv end to end (read, check, convert, locate, COPY to staging, INSERT ... ON
  CONFLICT), and its steps timed apart on the same rows: checking (check_sales) and locating
  (outage.locate.locate_many, one statement per 100,000 points);
- a second import of the same file: every row a repeat of a stored one (the RETURNING path).
Peer, in the same run: the usual way — per row, locate_point then INSERT ... ON CONFLICT DO
NOTHING RETURNING — on the first --peer-rows valid records, as rows/s.
Every write runs in a transaction that is rolled back: the database is left as it was.

The medium demo lives in gridops_bench_medium on the configured server (GRIDOPS_DATABASE_URL
or the embedded cluster); without it, pass --database NAME of any database with a demo.
The end-to-end import and the peer then alternate over --rounds rounds (at least 3): medians
with the lowest and highest round, the ratio per round.
Run: .venv/bin/python -m bench.appliance_sales [--sales 100000] [--peer-rows 3000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bench.rounds import alternate, check_rounds, ratio
from data.appliance_sales import check_sales, import_sales_csv
from gis.crs import InputCrs, from_wgs84
from gis.database import connect, resolve_database_url
from outage.locate import locate_many, locate_point
from outage.settings import outage_settings

HEADER = (
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
KINDS = (
    "air_conditioner",
    "ev_charger",
    "electric_water_heater",
    "heat_pump",
    "induction_cooker",
    "other",
)
PEER_INSERT = """
INSERT INTO appliance_sale (partner, partner_record_id, sold_at, appliance_type, rated_kw,
                            quantity, input_crs, input_lon, input_lat, geom, supply_area_id,
                            transformer_id)
VALUES (%(partner)s, %(id)s, %(sold_at)s, %(kind)s, %(kw)s, 1, 'WGS84', %(lon)s, %(lat)s,
        ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326), %(area)s, %(transformer)s)
ON CONFLICT (partner, partner_record_id) DO NOTHING
RETURNING id
"""


def _url(database: str) -> str:
    info = conninfo_to_dict(resolve_database_url())
    info["dbname"] = database
    return make_conninfo(**{k: str(v) for k, v in info.items() if v is not None})


def write_sales_csv(conn: psycopg.Connection, path: Path, count: int, seed: int = 11) -> None:
    """Write count sales records at customers' homes, with the faults partners' files carry."""
    rng = np.random.default_rng(seed)
    rows = conn.execute("SELECT ST_X(geom), ST_Y(geom) FROM customer").fetchall()
    homes: np.ndarray = np.asarray(rows, dtype=np.float64)
    picked = homes[rng.integers(0, len(homes), count)]
    draw = rng.random(count)
    kind = rng.choice(KINDS, count, p=[0.45, 0.1, 0.15, 0.05, 0.15, 0.1])
    kw = np.round(rng.uniform(0.8, 3.5, count), 1)
    kw[kind == "ev_charger"] = 7.0
    kw[draw < 0.01] = 999.0  # implausible
    kind[(draw >= 0.01) & (draw < 0.02)] = "fridge"  # unknown
    picked[(draw >= 0.02) & (draw < 0.03)] = (0.0, 0.0)  # outside the territory
    record_id = np.char.add("B", np.arange(count).astype(str)).astype(object)
    repeat = (draw >= 0.03) & (draw < 0.04)
    record_id[repeat] = record_id[rng.integers(0, count, repeat.sum())]
    gcj = (draw >= 0.1) & (draw < 0.2)
    days = rng.integers(0, 365, count)
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for index in range(count):
            lon, lat = float(picked[index, 0]), float(picked[index, 1])
            crs = "WGS84"
            if gcj[index]:
                lon, lat = from_wgs84(lon, lat, InputCrs.GCJ02)
                crs = "GCJ02"
            sold = pd.Timestamp("2025-11-01T10:00:00+08:00") + pd.Timedelta(days=int(days[index]))
            writer.writerow(
                (
                    record_id[index],
                    "bench",
                    sold.isoformat(),
                    kind[index],
                    kw[index],
                    1,
                    f"{lon:.7f}",
                    f"{lat:.7f}",
                    crs,
                )
            )


def _timed(label: str, seconds: float, rows: int, peer: float | None = None) -> None:
    """One line: rows, seconds, rows/s and, against the peer's rows/s, how many times faster."""
    ratio = f"{rows / seconds / peer:>9.1f}x" if peer else ""
    print(f"{label:<52}{rows:>9,}{seconds:>9.2f} s{rows / seconds:>12,.0f} /s{ratio}")


def _peer(conn: psycopg.Connection, frame: pd.DataFrame, rows: int) -> float:
    """Row by row: locate_point, then INSERT ... RETURNING; rows/s over the first valid rows."""
    limit = outage_settings().locate_max_distance_m
    sample = frame[(frame.crs == "WGS84") & (frame.appliance_type != "fridge")]
    sample = sample[sample.rated_kw.astype(float) < 100].head(rows)
    started = time.perf_counter()
    for row in sample.to_dict("records"):
        lon, lat = float(row["lon"]), float(row["lat"])
        where = locate_point(conn, lon, lat, limit)
        if where is None:
            continue
        conn.execute(
            PEER_INSERT,
            {
                "partner": "bench-peer",
                "id": row["partner_record_id"],
                "sold_at": row["sold_at"],
                "kind": row["appliance_type"],
                "kw": float(row["rated_kw"]),
                "lon": lon,
                "lat": lat,
                "area": where.supply_area_id,
                "transformer": where.transformer_id,
            },
        ).fetchone()
    return len(sample) / (time.perf_counter() - started)


def main() -> None:
    """Time importing a CSV of --sales records into the medium demo against its peer; print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=100_000)
    parser.add_argument("--peer-rows", type=int, default=3_000)
    parser.add_argument("--database", default="gridops_bench_medium")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="alternating rounds")
    args = parser.parse_args()
    url = _url(args.database)
    with tempfile.TemporaryDirectory() as folder, connect(url) as conn:
        path = Path(folder) / "sales.csv"
        name = conn.execute("SELECT name FROM grid_source").fetchone()
        print(f"database {args.database}: {name[0] if name else '?'}")
        started = time.perf_counter()
        write_sales_csv(conn, path, args.sales)
        print(
            f"wrote {path.stat().st_size / 1e6:.1f} MB of CSV in "
            f"{time.perf_counter() - started:.1f} s (not timed)\n"
        )
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        with conn.transaction(force_rollback=True):  # leave the database as it was
            peer = _peer(conn, frame, args.peer_rows)
        print(f"{'step':<52}{'rows':>9}{'time':>11}{'rate':>15}{'x peer':>10}")
        started = time.perf_counter()
        checked, _ = check_sales(frame, 1, datetime.now(UTC))
        _timed(
            "check (parse, validate, GCJ-02 to WGS-84)", time.perf_counter() - started, len(frame)
        )
        with conn.transaction(force_rollback=True):
            started = time.perf_counter()
            located = locate_many([conn], checked.lon, checked.lat)
            _timed(
                "locate (locate_many, one connection)",
                time.perf_counter() - started,
                len(located.method),
            )
        with conn.transaction(force_rollback=True):
            started = time.perf_counter()
            summary = import_sales_csv(conn, path)
            _timed("import_sales_csv, end to end", time.perf_counter() - started, len(frame), peer)
            print(f"{'':<4}imported {summary.imported:,}, rejected {summary.rejected_rows:,} rows")
            started = time.perf_counter()
            again = import_sales_csv(conn, path)
            _timed("the same file again (all repeats)", time.perf_counter() - started, len(frame))
            print(f"{'':<4}imported {again.imported:,}, already stored {again.already_stored:,}")
        print(
            f"{'peer: per row locate_point + INSERT RETURNING':<52}"
            f"{args.peer_rows:>9,}{'':>11}{peer:>12,.0f} /s"
        )

        def ours_rate() -> float:
            with conn.transaction(force_rollback=True):
                started = time.perf_counter()
                import_sales_csv(conn, path)
                return len(frame) / (time.perf_counter() - started)

        def peer_rate() -> float:
            with conn.transaction(force_rollback=True):
                return _peer(conn, frame, args.peer_rows)

        rates = alternate({"import": ours_rate, "peer": peer_rate}, args.rounds)
        print(
            f"\n{args.rounds} alternating rounds, rows/s median (lowest-highest round): "
            f"import_sales_csv {rates['import'].text(0)}, peer {rates['peer'].text(0)}, "
            f"{ratio(rates['import'], rates['peer']).text(1)}x"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
