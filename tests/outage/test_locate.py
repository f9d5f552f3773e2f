"""Location of reports, checked against an independent computation: geopandas.sjoin (GEOS)
on the demo network's supply areas, and geodesic distances from pyproj for the points outside.
CRS conversions are checked against the published reference points of wandergis/coordtransform.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import pytest
import shapely
from pyproj import Geod

from gis.crs import InputCrs, from_wgs84, to_wgs84
from outage.locate import (
    BatchLocator,
    LocationRejectedError,
    locate,
    locate_many,
    locate_point,
)
from outage.models import LocationMethod
from outage.settings import OutageSettings

LIMIT_M = 500.0
GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def network(demo_db_url: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    with psycopg.connect(demo_db_url) as conn:
        areas = conn.execute(
            "SELECT id, transformer_id, ST_AsBinary(geom) FROM supply_area ORDER BY id"
        ).fetchall()
        transformers = conn.execute(
            "SELECT id, ST_X(geom), ST_Y(geom) FROM transformer ORDER BY id"
        ).fetchall()
    frame = gpd.GeoDataFrame(
        {"area_id": [a[0] for a in areas], "transformer_id": [a[1] for a in areas]},
        geometry=shapely.from_wkb([bytes(a[2]) for a in areas]),
        crs=4326,
    )
    return frame, pd.DataFrame(transformers, columns=["id", "lon", "lat"])


def _points(areas: gpd.GeoDataFrame, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random points over the territory and a margin around it (about 1 km), plus every
    vertex shared by two supply areas (exactly on both edges) and points far away."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = areas.total_bounds
    lons = rng.uniform(minx - 0.012, maxx + 0.012, count)
    lats = rng.uniform(miny - 0.012, maxy + 0.012, count)
    vertices = pd.DataFrame(
        shapely.get_coordinates(areas.geometry.boundary.values), columns=["lon", "lat"]
    )
    shared = vertices[vertices.duplicated(keep=False)].drop_duplicates()
    assert len(shared) > 50  # the demo's supply areas tile the territory
    far = np.array([[0.0, 0.0], [maxy, maxx], [-73.98, 40.75]])  # swapped lat/lon among them
    return (
        np.concatenate([lons, shared["lon"].to_numpy(), far[:, 0]]),
        np.concatenate([lats, shared["lat"].to_numpy(), far[:, 1]]),
    )


def _expected(
    areas: gpd.GeoDataFrame, transformers: pd.DataFrame, lons: np.ndarray, lats: np.ndarray
) -> pd.DataFrame:
    """Per point: the lowest-id supply area covering it (sjoin covered_by), else the nearest
    transformer on the WGS-84 ellipsoid within the limit, else nothing (-1)."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs=4326)
    joined = gpd.sjoin(points, areas, predicate="covered_by", how="inner")
    lowest = joined.sort_values("area_id").groupby(level=0).first()
    expected = pd.DataFrame(
        {"transformer_id": -1, "method": 0, "distance_m": np.nan}, index=points.index
    )
    expected.loc[lowest.index, "transformer_id"] = lowest["transformer_id"]
    expected.loc[lowest.index, "method"] = 1
    expected.loc[lowest.index, "distance_m"] = 0.0
    for i in expected.index[expected["method"] == 0]:
        _, _, metres = GEOD.inv(
            np.full(len(transformers), lons[i]),
            np.full(len(transformers), lats[i]),
            transformers["lon"].to_numpy(),
            transformers["lat"].to_numpy(),
        )
        best = int(np.argmin(metres))
        if metres[best] <= LIMIT_M:
            expected.loc[i, ["transformer_id", "method", "distance_m"]] = (
                transformers["id"].iloc[best],
                2,
                metres[best],
            )
    return expected


def test_batch_location_agrees_with_sjoin_and_geodesic_distance(
    db: psycopg.Connection, network: tuple[gpd.GeoDataFrame, pd.DataFrame]
) -> None:
    """Thousands of random points, every shared vertex and points far away: the batch agrees
    with geopandas point by point (edges go to the lowest supply area id)."""
    areas, transformers = network
    lons, lats = _points(areas, 4000, seed=11)
    expected = _expected(areas, transformers, lons, lats)
    found = locate_many([db], lons, lats, LIMIT_M, chunk=1500)
    assert np.array_equal(found.transformer_id, expected["transformer_id"].to_numpy())
    assert np.array_equal(found.method, expected["method"].to_numpy())
    near = expected["method"].to_numpy() == 2
    assert near.sum() > 20 and (expected["method"] == 0).sum() > 20  # both cases were drawn
    assert np.allclose(found.distance_m[near], expected["distance_m"].to_numpy()[near], atol=0.5)


def test_single_point_location_matches_the_batch(
    db: psycopg.Connection, network: tuple[gpd.GeoDataFrame, pd.DataFrame]
) -> None:
    areas, _ = network
    lons, lats = _points(areas, 300, seed=12)
    batch = locate_many([db], lons, lats, LIMIT_M)
    for i, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
        one = locate_point(db, float(lon), float(lat), LIMIT_M)
        if batch.method[i] == 0:
            assert one is None
        else:
            assert one is not None and one.transformer_id == batch.transformer_id[i]
            assert one.method == (LocationMethod.WITHIN if batch.method[i] == 1 else "nearest")


def test_batch_locator_agrees_with_postgis_point_by_point(
    db: psycopg.Connection, network: tuple[gpd.GeoDataFrame, pd.DataFrame]
) -> None:
    """BatchLocator (in memory) keeps the rules of locate_point and locate_many (PostGIS):
    for thousands of random points, every shared vertex and points far away, the same area
    (the lowest id on a shared edge), transformer, method and distance, point by point."""
    areas, transformers = network
    lons, lats = _points(areas, 5000, seed=13)
    found = BatchLocator.load(db, LIMIT_M).locate(lons, lats)
    reference = locate_many([db], lons, lats, LIMIT_M, chunk=2000)
    for field in ("transformer_id", "supply_area_id", "method"):
        assert np.array_equal(getattr(found, field), getattr(reference, field)), field
    near = reference.method == 2
    assert near.sum() > 20 and (reference.method == 0).sum() > 20  # both cases were drawn
    assert np.allclose(found.distance_m[near], reference.distance_m[near], atol=0.01)
    assert np.isnan(found.distance_m[reference.method == 0]).all()
    expected = _expected(areas, transformers, lons, lats)
    assert np.array_equal(found.transformer_id, expected["transformer_id"].to_numpy())
    for i in range(0, len(lons), 7):  # feeder and substation as the single point finds them
        one = locate_point(db, float(lons[i]), float(lats[i]), LIMIT_M)
        if one is None:
            assert found.method[i] == 0 and found.feeder_id[i] == -1
            continue
        assert (found.transformer_id[i], found.supply_area_id[i]) == (
            one.transformer_id,
            one.supply_area_id if one.supply_area_id is not None else -1,
        )
        assert (found.feeder_id[i], found.substation_id[i]) == (one.feeder_id, one.substation_id)
        assert found.distance_m[i] == pytest.approx(one.distance_m, abs=0.06)


def test_batch_locator_on_shared_edges_takes_the_lowest_area_id(
    db: psycopg.Connection, network: tuple[gpd.GeoDataFrame, pd.DataFrame]
) -> None:
    """A point on the edge shared by two supply areas (midpoints of shared segments here, not
    only vertices) belongs to the area with the lowest id."""
    areas, _ = network
    rings = areas.geometry.boundary.values
    segments: dict[tuple[tuple[float, float], tuple[float, float]], list[int]] = {}
    for area_id, ring in zip(areas["area_id"], rings, strict=True):
        xy = shapely.get_coordinates(ring)
        for a, b in zip(map(tuple, xy[:-1]), map(tuple, xy[1:]), strict=True):
            segments.setdefault((min(a, b), max(a, b)), []).append(int(area_id))
    shared = [(key, ids) for key, ids in segments.items() if len(ids) > 1]
    assert len(shared) > 50
    lons = np.array([(a[0] + b[0]) / 2 for (a, b), _ in shared])
    lats = np.array([(a[1] + b[1]) / 2 for (a, b), _ in shared])
    found = BatchLocator.load(db, LIMIT_M).locate(lons, lats)
    reference = locate_many([db], lons, lats, LIMIT_M)
    assert np.array_equal(found.supply_area_id, reference.supply_area_id)
    geometry = dict(zip(areas["area_id"], areas.geometry.values, strict=True))
    points = shapely.points(lons, lats)
    # a midpoint may round off the edge into one of the two areas; where GEOS finds it on
    # both (covered by each), the lowest id wins
    on_both = [
        i
        for i, (_, ids) in enumerate(shared)
        if all(shapely.covers(geometry[area_id], points[i]) for area_id in ids)
    ]
    assert len(on_both) > 20
    assert [found.supply_area_id[i] for i in on_both] == [min(shared[i][1]) for i in on_both]


def test_a_point_far_outside_is_rejected_with_a_clear_message(db: psycopg.Connection) -> None:
    lon, lat = db.execute("SELECT ST_X(geom), ST_Y(geom) FROM transformer LIMIT 1").fetchone()
    with pytest.raises(LocationRejectedError, match="outside the service territory"):
        locate(db, lat, lon, settings=OutageSettings())  # swapped


def test_the_account_wins_and_a_disagreement_is_recorded(db: psycopg.Connection) -> None:
    """With an account number the customer's own transformer wins; a point elsewhere is
    recorded as a conflict."""
    account, own, lon, lat = db.execute(
        "SELECT c.account_no, c.transformer_id, ST_X(t.geom), ST_Y(t.geom) "
        "FROM customer c JOIN transformer t ON t.id <> c.transformer_id "
        "ORDER BY c.id, t.id LIMIT 1"
    ).fetchone()
    found = locate(db, lon, lat, account_no=account, settings=OutageSettings())
    assert found.method is LocationMethod.ACCOUNT and found.transformer_id == own
    assert found.conflict and "account" in found.conflict
    agreed = locate(db, found.lon, found.lat, account_no=account, settings=OutageSettings())
    assert agreed.conflict is None
    unknown = locate(db, lon, lat, account_no="NO-SUCH-ACCOUNT", settings=OutageSettings())
    assert unknown.method is LocationMethod.WITHIN and "not known" in (unknown.conflict or "")


# wandergis/coordtransform, test/app.js: the published results for (116.404, 39.915)
REFERENCE = {
    "wgs84togcj02": (116.41024449916938, 39.91640428150164),
    "gcj02towgs84": (116.39775550083061, 39.91359571849836),  # one-step approximation
    "gcj02tobd09": (116.41036949371029, 39.92133699351021),
    "bd09togcj02": (116.39762729119315, 39.90865673957631),
}


def test_gcj02_and_bd09_against_published_reference_points() -> None:
    """GCJ-02 and BD-09 conversions agree with the published reference points; the inverses
    are exact to a centimetre where the reference's one-step inverse is off by a metre or so."""
    assert from_wgs84(116.404, 39.915, InputCrs.GCJ02) == pytest.approx(
        REFERENCE["wgs84togcj02"], abs=1e-9
    )
    back = to_wgs84(*REFERENCE["wgs84togcj02"], InputCrs.GCJ02)
    assert back == pytest.approx((116.404, 39.915), abs=1e-7)  # about a centimetre
    assert to_wgs84(116.404, 39.915, InputCrs.GCJ02) == pytest.approx(
        REFERENCE["gcj02towgs84"], abs=3e-5
    )
    # BD-09 of a GCJ-02 point, then back to WGS-84: the same as from GCJ-02
    via_bd = to_wgs84(*REFERENCE["gcj02tobd09"], InputCrs.BD09)
    assert via_bd == pytest.approx(to_wgs84(116.404, 39.915, InputCrs.GCJ02), abs=1e-7)
    # the reference's BD-09 inverse is itself a one-step approximation (a few centimetres)
    wgs_of_bd = to_wgs84(116.404, 39.915, InputCrs.BD09)
    wgs_of_reference = to_wgs84(*REFERENCE["bd09togcj02"], InputCrs.GCJ02)
    assert wgs_of_bd == pytest.approx(wgs_of_reference, abs=1e-6)


@pytest.mark.parametrize("crs", [InputCrs.GCJ02, InputCrs.BD09])
def test_round_trips_over_the_territory(crs: InputCrs) -> None:
    rng = np.random.default_rng(5)
    for lon, lat in zip(rng.uniform(73.7, 134.8, 500), rng.uniform(18.2, 53.5, 500), strict=True):
        there = from_wgs84(float(lon), float(lat), crs)
        assert to_wgs84(*there, crs) == pytest.approx((lon, lat), abs=2e-7)
