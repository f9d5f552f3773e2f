"""A user's own transformers, hourly readings, temperatures and customer addresses by CSV: bad
rows rejected with (row, field, reason), the rest upserted, against real PostGIS (rolled back
after each test)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from data.grid_csv_import import (
    MAX_ADDRESS_LENGTH,
    import_addresses_csv,
    import_readings_csv,
    import_transformers_csv,
    import_weather_csv,
)
from data.import_rejection import ImportFileError


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "input.csv"
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def _reasons(summary) -> list[tuple[int, str]]:
    return [(r.row, r.field) for r in summary.rejected]


def test_readings_are_upserted_and_bad_rows_rejected_with_reasons(db, tmp_path) -> None:
    db.execute("DELETE FROM load_reading WHERE transformer_id = 7 AND ts >= '2029-12-31'")
    path = _csv(
        tmp_path,
        """
transformer_id,ts,kw
7,2030-01-01T00:00:00+08:00,120.5
7,2030-01-01T01:00:00+08:00,118
7,2030-01-01T00:00:00+08:00,99
99999,2030-01-01T00:00:00+08:00,10
7,2030-01-01T02:30:00+08:00,10
7,yesterday,10
7,2030-01-01T03:00:00+08:00,-1
7,2030-01-01T04:00:00+08:00,1000000
abc,2030-01-01T05:00:00+08:00,1
7,2030-01-01 06:00,101
""",
    )
    summary = import_readings_csv(db, path)
    assert summary.imported == 3 and summary.replaced == 0
    assert _reasons(summary) == [
        (3, "ts"),
        (4, "transformer_id"),
        (5, "ts"),
        (6, "ts"),
        (7, "kw"),
        (8, "kw"),
        (9, "transformer_id"),
    ]
    reasons = {r.row: r.reason for r in summary.rejected}
    assert "already given in row 1" in reasons[3]
    assert "unknown transformer 99999" in reasons[4]
    assert "not on the hour" in reasons[5]
    assert "5 x the transformer's" in reasons[8]
    stored = db.execute(
        "SELECT ts, kw FROM load_reading WHERE transformer_id = 7 AND ts >= '2029-12-31' "
        "ORDER BY ts"
    ).fetchall()
    assert stored[0] == (datetime(2029, 12, 31, 16, tzinfo=UTC), pytest.approx(120.5))
    assert stored[-1][0] == datetime(2029, 12, 31, 22, tzinfo=UTC)  # 06:00 China time
    latest = db.execute(
        "SELECT ts, kw FROM transformer_latest_load WHERE transformer_id = 7"
    ).fetchone()
    assert latest == (datetime(2029, 12, 31, 22, tzinfo=UTC), pytest.approx(101))
    partition = db.execute("SELECT to_regclass('load_reading_y2029m12')").fetchone()[0]
    assert partition is not None

    again = import_readings_csv(
        db, _csv(tmp_path, "ts,kw,transformer_id\n2030-01-01T00:00+08:00,5,7")
    )
    assert (again.imported, again.replaced, again.rejected) == (1, 1, ())


def test_a_file_without_a_required_column_is_refused_whole(db, tmp_path) -> None:
    with pytest.raises(ImportFileError, match="lacks the column"):
        import_readings_csv(db, _csv(tmp_path, "transformer,ts,kw\n7,2030-01-01T00:00Z,1"))


def test_transformers_are_upserted_and_bad_rows_rejected_with_reasons(db, tmp_path) -> None:
    feeder = db.execute("SELECT min(id) FROM feeder").fetchone()[0]
    lon, lat = db.execute("SELECT ST_X(geom), ST_Y(geom) FROM transformer WHERE id = 3").fetchone()
    code_of_4 = db.execute("SELECT code FROM transformer WHERE id = 4").fetchone()[0]
    path = _csv(
        tmp_path,
        f"""
id,lon,lat,capacity_kva,feeder_id,code
9001,{lon},{lat},630,{feeder},
3,{lon},{lat},800,{feeder},
9002,{lon},{lat},0,{feeder},
9003,{lon},{lat},50000,{feeder},
9004,{lon},{lat},400,424242,
9001,{lon},{lat},400,{feeder},
9005,{lon},{lat},,{feeder},
9006,{lon},{lat},400,{feeder},{code_of_4}
9007,{lon},95,400,{feeder},
""",
    )
    summary = import_transformers_csv(db, path)
    assert (summary.imported, summary.replaced) == (2, 1)
    assert _reasons(summary) == [
        (3, "capacity_kva"),
        (4, "capacity_kva"),
        (5, "feeder_id"),
        (6, "id"),
        (7, "capacity_kva"),
        (8, "code"),
        (9, "lat"),
    ]
    rows = dict(
        db.execute("SELECT id, capacity_kva FROM transformer WHERE id IN (3, 9001)").fetchall()
    )
    assert rows == {3: 800, 9001: 630}
    assert db.execute("SELECT code FROM transformer WHERE id = 9001").fetchone()[0] == "TR09001"


def test_a_transformer_without_supply_area_gets_sales_near_it(db, tmp_path) -> None:
    """Supply areas come with the grid: a new transformer has none, and a sale next to it is
    located to it as the nearest transformer when it lies in no area."""
    from data.appliance_sales import import_sales

    feeder = db.execute("SELECT min(id) FROM feeder").fetchone()[0]
    lon, lat = db.execute(
        "SELECT ST_XMax(geom) + 0.002, (ST_YMin(geom) + ST_YMax(geom)) / 2 FROM territory"
    ).fetchone()
    path = _csv(tmp_path, f"id,lon,lat,capacity_kva,feeder_id\n9100,{lon},{lat},400,{feeder}")
    assert import_transformers_csv(db, path).imported == 1
    sale = {
        "partner_record_id": "near-9100",
        "partner": "jd",
        "sold_at": "2026-06-01T10:00:00Z",
        "appliance_type": "heat_pump",
        "rated_kw": 3,
        "lon": lon + 0.001,
        "lat": lat,
    }
    assert import_sales(db, [sale]).imported == 1
    row = db.execute(
        "SELECT transformer_id, supply_area_id FROM appliance_sale "
        "WHERE partner_record_id = 'near-9100'"
    ).fetchone()
    assert row == (9100, None)


def test_weather_is_upserted_by_hour_and_bad_rows_rejected(db, tmp_path) -> None:
    path = _csv(
        tmp_path,
        """
ts,temperature_c
2031-07-01T14:00:00+08:00,33.5
2031-07-01T15:00:00+08:00,34
2031-07-01T14:00:00+08:00,30
2031-07-01T16:15:00+08:00,30
2031-07-01T17:00:00+08:00,75
2031-07-01T18:00:00+08:00,
""",
    )
    summary = import_weather_csv(db, path)
    assert summary.imported == 2
    assert _reasons(summary) == [(3, "ts"), (4, "ts"), (5, "temperature_c"), (6, "temperature_c")]
    again = import_weather_csv(db, _csv(tmp_path, "ts,temperature_c\n2031-07-01T06:00:00Z,31"))
    assert (again.imported, again.replaced) == (1, 1)
    assert db.execute(
        "SELECT temperature_c FROM weather_reading WHERE ts = '2031-07-01T06:00:00Z'"
    ).fetchone()[0] == pytest.approx(31)


def test_customer_addresses_are_written_and_bad_rows_rejected(db, tmp_path) -> None:
    """Issue 12 §10: addresses by account; a NUL or an over-long value is rejected for its
    row as the other columns' faults are, the rest imported; an empty address clears it."""
    accounts = [r[0] for r in db.execute("SELECT account_no FROM customer ORDER BY id LIMIT 4")]
    first, second, third, fourth = accounts
    long = "成" * (MAX_ADDRESS_LENGTH + 1)
    path = tmp_path / "addresses.csv"
    path.write_text(
        "account_no,address\n"
        f"{first},成都市武侯区玉林路12号\n"
        f'{second},"Room 3, 8 Kehua Rd"\n'
        f"{first},成都市武侯区玉林路14号\n"
        "0000000000,成都市锦江区人民路1号\n"
        f"{third},成都市\x00锦江区\n"
        f"{fourth},{long}\n"
        ",成都市锦江区人民路3号\n"
        f"{third},\n",
        encoding="utf-8",
    )
    summary = import_addresses_csv(db, path)
    assert summary.imported == 3 and summary.replaced == 3  # the demo's customers had one
    assert _reasons(summary) == [
        (3, "account_no"),
        (4, "account_no"),
        (5, "address"),
        (6, "address"),
        (7, "account_no"),
    ]
    reasons = {r.row: r.reason for r in summary.rejected}
    assert "already given in row 1" in reasons[3]
    assert "no customer holds account '0000000000'" in reasons[4]
    assert "NUL" in reasons[5] and f"longer than {MAX_ADDRESS_LENGTH}" in reasons[6]
    stored = dict(
        db.execute(
            "SELECT account_no, address FROM customer WHERE account_no = ANY(%s)", (accounts,)
        ).fetchall()
    )
    assert stored[first] == "成都市武侯区玉林路12号"
    assert stored[second] == "Room 3, 8 Kehua Rd"
    assert stored[third] is None  # the last row cleared it; the NUL row changed nothing
    assert stored[fourth] is not None and stored[fourth] != long


def test_an_addresses_file_without_the_address_column_is_refused(db, tmp_path) -> None:
    path = tmp_path / "addresses.csv"
    path.write_text("account_no\n1012345678\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="address"):
        import_addresses_csv(db, path)


def test_a_nul_in_any_column_of_any_import_rejects_its_row_instead_of_cutting_the_value(
    db, tmp_path
) -> None:
    """pandas' C parser ends a field at a NUL and drops the rest: `TRX\\0Y` would be stored as
    `TRX`. Every CSV import reads such a file keeping the NUL and rejects that row, naming the
    column; the rows around it are imported."""
    feeder = db.execute("SELECT min(id) FROM feeder").fetchone()[0]
    lon, lat = db.execute("SELECT ST_X(geom), ST_Y(geom) FROM transformer WHERE id = 3").fetchone()
    transformers = _csv(
        tmp_path,
        f"id,lon,lat,capacity_kva,feeder_id,code\n"
        f"9011,{lon},{lat},630,{feeder},TRX\x00Y\n"
        f"9012,{lon},{lat},630,{feeder},TRX9012\n",
    )
    summary = import_transformers_csv(db, transformers)
    assert summary.imported == 1
    assert [(r.row, r.field, r.reason) for r in summary.rejected] == [
        (1, "code", "holds a NUL character")
    ]
    assert db.execute("SELECT count(*) FROM transformer WHERE code LIKE 'TRX%'").fetchone()[0] == 1

    readings = _csv(
        tmp_path,
        "transformer_id,ts,kw\n7,2030-02-01T00:00:00+08:00,12\x009\n7,2030-02-01T01:00:00+08:00,12\n",
    )
    summary = import_readings_csv(db, readings)
    assert summary.imported == 1 and _reasons(summary) == [(1, "kw")]
    weather = _csv(
        tmp_path, "ts,temperature_c\n2030-02-01T00:00+08:00\x00,3\n2030-02-01T01:00+08:00,4\n"
    )
    summary = import_weather_csv(db, weather)
    assert summary.imported == 1 and _reasons(summary) == [(1, "ts")]
