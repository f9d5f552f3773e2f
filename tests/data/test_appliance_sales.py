"""Appliance sales from partners against real PostGIS: bad rows are rejected with their row,
field and reason while the good ones are imported, located to the supply area of their point."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from data.appliance_sales import MAX_RATED_KW, added_kw, import_sales
from gis.crs import InputCrs, from_wgs84
from gis.vocabulary import ApplianceType

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture()
def customer_points(db) -> list[tuple[int, float, float]]:
    """(transformer_id, lon, lat) of a few customers: points inside a known supply area."""
    return db.execute(
        "SELECT DISTINCT ON (transformer_id) transformer_id, ST_X(geom), ST_Y(geom) "
        "FROM customer ORDER BY transformer_id, id LIMIT 5"
    ).fetchall()


def _sale(point: tuple[int, float, float], **changes) -> dict:
    record = {
        "partner_record_id": uuid.uuid4().hex,
        "partner": "suning",
        "sold_at": "2026-07-01T10:00:00+08:00",
        "appliance_type": "air_conditioner",
        "rated_kw": 2.4,
        "quantity": 1,
        "lon": point[1],
        "lat": point[2],
        "crs": "WGS84",
    }
    return {**record, **changes}


BAD_ROWS = [
    ({"appliance_type": "fridge"}, "appliance_type", "unknown appliance type 'fridge'"),
    ({"appliance_type": None}, "appliance_type", "missing"),
    ({"rated_kw": None}, "rated_kw", "missing"),
    ({"rated_kw": "lots"}, "rated_kw", "not a number"),
    ({"rated_kw": -2}, "rated_kw", "must be above 0 kW"),
    ({"rated_kw": 0}, "rated_kw", "must be above 0 kW"),
    ({"rated_kw": 25}, "rated_kw", "implausible for one air_conditioner (at most 20 kW)"),
    (
        {"appliance_type": "ev_charger", "rated_kw": 400},
        "rated_kw",
        "implausible for one ev_charger (at most 350 kW)",
    ),
    ({"appliance_type": "other", "rated_kw": 31}, "rated_kw", "(at most 30 kW)"),
    ({"quantity": 0}, "quantity", "must be at least 1"),
    ({"quantity": 1.5}, "quantity", "not a whole number"),
    ({"sold_at": "2027-01-01T00:00:00+08:00"}, "sold_at", "in the future"),
    ({"sold_at": "last tuesday"}, "sold_at", "not an ISO 8601 time"),
    ({"sold_at": ""}, "sold_at", "missing"),
    ({"lon": 0.0, "lat": 0.0}, "lon,lat", "outside the service territory"),
    ({"lon": 200.0}, "lon", "must lie in [-180, 180]"),
    ({"lat": None}, "lat", "missing"),
    ({"crs": "UTM48N"}, "crs", "unknown crs 'UTM48N'"),
    ({"partner": " "}, "partner", "missing"),
    ({"partner_record_id": None}, "partner_record_id", "missing"),
    ({"partner_record_id": "x" * 201}, "partner_record_id", "longer than 200 characters"),
]


@pytest.mark.parametrize(("changes", "field", "reason"), BAD_ROWS, ids=lambda v: str(v)[:40])
def test_a_bad_row_is_rejected_with_its_row_field_and_reason_and_the_rest_imported(
    db, customer_points, changes: dict, field: str, reason: str
) -> None:
    """Rows 1 and 3 are good, row 2 has one fault: 2 imported, one rejection for row 2."""
    point = customer_points[0]
    records = [_sale(point), _sale(point, **changes), _sale(point)]
    summary = import_sales(db, records, now=NOW)
    assert summary.imported == 2
    assert [(r.row, r.field) for r in summary.rejected] == [(2, field)]
    assert reason in summary.rejected[0].reason


def test_limits_are_documented_per_type() -> None:
    assert MAX_RATED_KW[ApplianceType.AIR_CONDITIONER] == 20
    assert MAX_RATED_KW[ApplianceType.EV_CHARGER] == 350
    assert set(MAX_RATED_KW) == set(ApplianceType)


def test_good_rows_are_stored_located_to_the_supply_area_of_their_point(
    db, customer_points
) -> None:
    records = [_sale(point, quantity=2, crs=None) for point in customer_points]
    records.append(_sale(customer_points[0], rated_kw=-1))
    summary = import_sales(db, records, now=NOW)
    assert (summary.imported, summary.rejected_rows) == (len(customer_points), 1)
    stored = db.execute(
        "SELECT s.transformer_id, s.supply_area_id, a.transformer_id, s.quantity, s.input_crs,"
        "       ST_Within(s.geom, a.geom) "
        "FROM appliance_sale s JOIN supply_area a ON a.id = s.supply_area_id "
        "WHERE s.partner_record_id = ANY (%s) ORDER BY s.transformer_id",
        ([r["partner_record_id"] for r in records],),
    ).fetchall()
    assert [row[0] for row in stored] == sorted(point[0] for point in customer_points)
    assert all(row[0] == row[2] and row[3] == 2 and row[4] == "WGS84" and row[5] for row in stored)


def test_a_record_id_repeated_in_the_batch_is_rejected_after_its_first_row(
    db, customer_points
) -> None:
    point = customer_points[0]
    records = [_sale(point, partner_record_id="R-1"), _sale(point), _sale(point)]
    records.append(_sale(point, partner_record_id="R-1", rated_kw=3.2))
    records.append(_sale(point, partner_record_id="R-1", partner="gome"))  # another partner's
    summary = import_sales(db, records, now=NOW)
    assert summary.imported == 4
    assert [(r.row, r.field) for r in summary.rejected] == [(4, "partner_record_id")]
    assert "repeats row 1" in summary.rejected[0].reason


def test_a_record_already_stored_is_rejected_and_the_stored_one_kept(db, customer_points) -> None:
    point = customer_points[1]
    first = _sale(point, rated_kw=1.2)
    assert import_sales(db, [first], now=NOW).imported == 1
    again = import_sales(db, [_sale(point), {**first, "rated_kw": 3.5}], now=NOW)
    assert (again.imported, again.already_stored) == (1, 1)
    assert [(r.row, r.field) for r in again.rejected] == [(2, "partner_record_id")]
    assert "already imported" in again.rejected[0].reason
    kw = db.execute(
        "SELECT rated_kw FROM appliance_sale WHERE partner_record_id = %s",
        (first["partner_record_id"],),
    ).fetchone()[0]
    assert kw == pytest.approx(1.2)


@pytest.mark.parametrize("crs", [InputCrs.GCJ02, InputCrs.BD09])
def test_a_chinese_map_point_is_converted_to_wgs84_before_it_is_located(
    db, customer_points, crs: InputCrs
) -> None:
    transformer_id, lon, lat = customer_points[2]
    shifted_lon, shifted_lat = from_wgs84(lon, lat, crs)
    record = _sale(customer_points[2], lon=shifted_lon, lat=shifted_lat, crs=crs.lower())
    assert import_sales(db, [record], now=NOW).imported == 1
    row = db.execute(
        "SELECT transformer_id, input_crs, input_lon, ST_Distance(geom::geography, "
        "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) "
        "FROM appliance_sale WHERE partner_record_id = %s",
        (lon, lat, record["partner_record_id"]),
    ).fetchone()
    assert row[:3] == (transformer_id, str(crs), pytest.approx(shifted_lon))
    assert row[3] < 0.5  # metres from the WGS-84 point


def test_a_time_without_zone_is_china_time(db, customer_points) -> None:
    record = _sale(customer_points[0], sold_at="2026-07-01 10:00:00")
    import_sales(db, [record], now=NOW)
    sold_at = db.execute(
        "SELECT sold_at FROM appliance_sale WHERE partner_record_id = %s",
        (record["partner_record_id"],),
    ).fetchone()[0]
    assert sold_at == datetime(2026, 7, 1, 2, 0, tzinfo=UTC)


def test_added_kw_is_cumulative_per_transformer_day_and_type(db, customer_points) -> None:
    point = customer_points[3]
    transformer_id = point[0]
    before = added_kw(db, [transformer_id], datetime(2000, 1, 1, tzinfo=UTC))
    assert before.empty and list(before.columns) == [
        "transformer_id",
        "day",
        "appliance_type",
        "cumulative_kw",
    ]
    db.execute("DELETE FROM appliance_sale WHERE transformer_id = %s", (transformer_id,))
    records = [
        _sale(point, sold_at="2026-03-01T09:00:00+08:00", rated_kw=2.0, quantity=2),
        _sale(point, sold_at="2026-03-01T23:30:00+08:00", rated_kw=1.0),
        _sale(point, sold_at="2026-03-05T10:00:00+08:00", rated_kw=1.5),
        _sale(point, sold_at="2026-03-04T10:00:00+08:00", appliance_type="ev_charger", rated_kw=7),
        _sale(point, sold_at="2026-04-01T10:00:00+08:00", rated_kw=9.0),
    ]
    assert import_sales(db, records, now=NOW).imported == 5
    frame = added_kw(db, [transformer_id], datetime(2026, 4, 1, tzinfo=UTC))
    assert frame.to_dict("records") == [
        {
            "transformer_id": transformer_id,
            "day": pd.Timestamp("2026-03-01"),
            "appliance_type": "air_conditioner",
            "cumulative_kw": 5.0,
        },
        {
            "transformer_id": transformer_id,
            "day": pd.Timestamp("2026-03-05"),
            "appliance_type": "air_conditioner",
            "cumulative_kw": 6.5,
        },
        {
            "transformer_id": transformer_id,
            "day": pd.Timestamp("2026-03-04"),
            "appliance_type": "ev_charger",
            "cumulative_kw": 7.0,
        },
    ]
    every = added_kw(db, None, datetime(2026, 4, 2).date())
    assert set(every.transformer_id) >= {transformer_id}


def test_the_demo_sales_are_within_their_transformers_supply_area(db, demo_network) -> None:
    """PostGIS agrees with the generator: every demo sale is ST_Within the supply area of its
    transformer, and locating its point again finds that transformer."""
    count, outside = db.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT ST_Within(s.geom, a.geom) "
        "                                   OR a.transformer_id <> s.transformer_id) "
        "FROM appliance_sale s JOIN supply_area a ON a.id = s.supply_area_id "
        "WHERE s.partner_record_id LIKE 'DEMO%%'"
    ).fetchone()
    assert count == len(demo_network.appliance_sales) and outside == 0


def test_an_empty_batch_imports_nothing(db) -> None:
    summary = import_sales(db, [], now=NOW)
    assert (summary.imported, summary.rejected) == (0, ())


def test_the_future_allows_five_minutes_of_clock_skew(db, customer_points) -> None:
    soon = (NOW + timedelta(minutes=4)).isoformat()
    late = (NOW + timedelta(minutes=6)).isoformat()
    point = customer_points[0]
    summary = import_sales(db, [_sale(point, sold_at=soon), _sale(point, sold_at=late)], now=NOW)
    assert summary.imported == 1 and [r.row for r in summary.rejected] == [2]
