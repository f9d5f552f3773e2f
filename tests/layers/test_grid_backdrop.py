"""The grid backdrop of the public and crew maps: territory and grid, no customer data."""

from __future__ import annotations

from layers.query import BBox, grid_backdrop, grid_extent


def test_the_whole_grid_view_has_the_territory_feeders_and_substations_only(db) -> None:
    """Issue 12 §4: without basemap tiles the public map was blank; it draws the territory and
    the grid, and nothing of the customers (each feature says only what kind it is)."""
    view = grid_extent(db)
    assert view is not None
    features = grid_backdrop(db, view, transformers=False)["features"]
    kinds = [f["properties"]["kind"] for f in features]
    assert all(set(f["properties"]) == {"kind"} for f in features)
    feeders = db.execute("SELECT count(*) FROM feeder").fetchone()[0]
    substations = db.execute("SELECT count(*) FROM substation").fetchone()[0]
    assert kinds.count("territory") >= 1
    assert kinds.count("feeder") == feeders
    assert kinds.count("substation") == substations
    assert "transformer" not in kinds


def test_a_street_view_adds_the_transformers_in_it(db) -> None:
    lon, lat = db.execute(
        "SELECT ST_X(geom), ST_Y(geom) FROM transformer ORDER BY id LIMIT 1"
    ).fetchone()
    view = BBox(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)
    inside = db.execute(
        "SELECT count(*) FROM transformer WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)",
        (view.minlon, view.minlat, view.maxlon, view.maxlat),
    ).fetchone()[0]
    kinds = [f["properties"]["kind"] for f in grid_backdrop(db, view, True)["features"]]
    assert 0 < kinds.count("transformer") == inside
    assert "feeder" in kinds
