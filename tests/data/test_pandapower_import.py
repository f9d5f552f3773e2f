"""`gridops import pandapower` against real PostGIS: the real networks at their real places.

Each network is imported once into its own database (a year of hourly load included); the
tests then read what the tables hold and compare it with pandapower itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import psycopg
import pytest
import shapely
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import app as cli
from data.pandapower_import import import_network, load_pandapower
from gis.errors import GridOpsError
from gis.settings import database_settings
from gis.vocabulary import STANDARD_KVA
from tests.conftest import create_database, drop_database

# Where the networks lie (lon/lat): the Upper Rhine MV grid east of Strasbourg around
# Offenburg, and the village of Schutterwald beside it.
REGION = {
    "mv_oberrhein": (7.70, 48.30, 8.00, 48.50),
    "lv_schutterwald": (7.86, 48.44, 7.92, 48.47),
}
HOURS = 365 * 24


@dataclass(frozen=True)
class Imported:
    name: str
    url: str
    summary: str
    net: Any  # the pandapower network it came from

    def bus_lonlat(self, buses: Any) -> np.ndarray:
        geometries = shapely.from_geojson(self.net.bus.geo.loc[buses].to_numpy())
        return shapely.get_coordinates(geometries)


def _imported(maintenance_url: str, network: str) -> Iterator[Imported]:
    """A database holding one pandapower network, imported as `gridops import` does."""
    name, url = create_database(maintenance_url, "gridops_test_pandapower")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("GRIDOPS_DATABASE_URL", url)
            database_settings.cache_clear()
            try:
                summary = import_network(network, progress=False)
            finally:
                database_settings.cache_clear()
        yield Imported(network, url, summary, load_pandapower(network))
    finally:
        drop_database(maintenance_url, name)


@pytest.fixture(scope="module")
def oberrhein(maintenance_url: str) -> Iterator[Imported]:
    yield from _imported(maintenance_url, "mv_oberrhein")


@pytest.fixture(scope="module")
def schutterwald(maintenance_url: str) -> Iterator[Imported]:
    yield from _imported(maintenance_url, "lv_schutterwald")


@pytest.fixture(scope="module", params=["oberrhein", "schutterwald"])
def imported(request: pytest.FixtureRequest) -> Imported:
    """Each network in turn."""
    network: Imported = request.getfixturevalue(request.param)
    return network


@contextmanager
def _connect(network: Imported) -> Iterator[psycopg.Connection]:
    with psycopg.connect(network.url) as conn:
        yield conn


@pytest.fixture()
def db(imported: Imported) -> Iterator[psycopg.Connection]:
    with _connect(imported) as conn:
        yield conn


def _transformers_in_pandapower(imported: Imported) -> int:
    net = imported.net
    if imported.name == "lv_schutterwald":
        return len(net.trafo)
    return int(net.bus.vn_kv.loc[net.load.bus].between(1.0, 60.0).sum())


def _rows(db: psycopg.Connection, query: str) -> list[tuple[Any, ...]]:
    return db.execute(query).fetchall()


def test_one_transformer_per_pandapower_station_and_a_year_of_load(imported, db) -> None:
    """Transformers: the trafos of lv_schutterwald, the MV/LV station loads of mv_oberrhein;
    each with 365 days of hourly load."""
    expected = _transformers_in_pandapower(imported)
    assert expected == (14 if imported.name == "lv_schutterwald" else 147)
    assert _rows(db, "SELECT count(*) FROM transformer")[0][0] == expected
    assert _rows(db, "SELECT count(*) FROM load_reading")[0][0] == expected * HOURS
    assert _rows(db, "SELECT count(*) FROM weather_reading")[0][0] == HOURS
    assert _rows(db, "SELECT kind, name FROM grid_source") == [
        ("pandapower", f"pandapower {imported.name}")
    ]
    assert imported.summary.startswith(f"loaded pandapower {imported.name}: ")
    assert f"{expected * HOURS:,} load_reading" in imported.summary


def test_everything_stands_at_the_real_place(imported, db) -> None:
    """Substations, transformers and crews lie in the network's real bounding box (its buses,
    from pandapower), which lies in the real region; customers lie in the territory."""
    buses = imported.bus_lonlat(imported.net.bus.index)
    west, south = buses.min(axis=0)
    east, north = buses.max(axis=0)
    region = REGION[imported.name]
    assert region[0] < west < east < region[2] and region[1] < south < north < region[3]
    for table, column in (("substation", "geom"), ("transformer", "geom")):
        outside = _rows(
            db,
            f"SELECT count(*) FROM {table} WHERE NOT ST_X({column}) BETWEEN {west} AND {east} "
            f"OR NOT ST_Y({column}) BETWEEN {south} AND {north}",
        )[0][0]
        assert outside == 0, table
    stray = _rows(
        db,
        "SELECT (SELECT count(*) FROM customer c, territory t WHERE NOT ST_Within(c.geom, t.geom))"
        " + (SELECT count(*) FROM crew c, territory t WHERE NOT ST_Within(c.home_base, t.geom))",
    )[0][0]
    assert stray == 0


def test_transformers_stand_at_their_pandapower_buses(imported, db) -> None:
    net = imported.net
    if imported.name == "lv_schutterwald":
        buses = net.trafo.sort_index().lv_bus
    else:
        buses = net.load.bus[net.bus.vn_kv.loc[net.load.bus].between(1.0, 60.0).to_numpy()]
    expected = np.unique(imported.bus_lonlat(buses).round(7), axis=0)
    stored = np.asarray(_rows(db, "SELECT ST_X(geom), ST_Y(geom) FROM transformer"))
    assert np.array_equal(np.unique(stored.round(7), axis=0), expected)


def test_supply_areas_tile_the_territory(db) -> None:
    """No gaps: the union of the supply areas is the territory (areas on the spheroid agree to
    1e-6); no overlaps: no two supply areas share any area."""
    union, territory, difference = _rows(
        db,
        "WITH u AS (SELECT ST_Union(geom) AS geom FROM supply_area) "
        "SELECT ST_Area(u.geom::geography), ST_Area(t.geom::geography), "
        "       ST_Area(ST_SymDifference(u.geom, t.geom)::geography) FROM u, territory t",
    )[0]
    assert abs(union - territory) / territory < 1e-6
    assert difference / territory < 1e-6
    overlapping, shared_m2 = _rows(
        db,
        "SELECT count(*) FILTER (WHERE ST_Overlaps(a.geom, b.geom)), "
        "       coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) "
        "FROM supply_area a JOIN supply_area b ON a.id < b.id AND a.geom && b.geom",
    )[0]
    assert (overlapping, shared_m2) == (0, 0)
    bad = _rows(
        db,
        "SELECT count(*) FROM supply_area "
        "WHERE NOT ST_IsValid(geom) OR GeometryType(geom) <> 'MULTIPOLYGON'",
    )[0][0]
    assert bad == 0


def test_every_customer_is_in_its_own_transformers_supply_area_and_no_other(db) -> None:
    outside_own = _rows(
        db,
        "SELECT count(*) FROM customer c JOIN supply_area a USING (transformer_id) "
        "WHERE NOT ST_Within(c.geom, a.geom)",
    )[0][0]
    in_other = _rows(
        db,
        "SELECT count(*) FROM customer c JOIN supply_area a ON ST_Intersects(a.geom, c.geom) "
        "WHERE a.transformer_id <> c.transformer_id",
    )[0][0]
    served, transformers = _rows(
        db,
        "SELECT (SELECT count(DISTINCT transformer_id) FROM customer), "
        "(SELECT count(*) FROM transformer)",
    )[0]
    assert (outside_own, in_other) == (0, 0)
    assert served == transformers


def test_layer_endpoint_returns_every_transformer(imported, db) -> None:
    extent = _rows(
        db,
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        "FROM (SELECT ST_Extent(geom)::geometry e FROM territory) x",
    )[0]
    from app.main import create_app

    with TestClient(create_app(imported.url)) as client:
        answer = client.get(
            "/api/v1/layers/transformers",
            params={"bbox": ",".join(f"{v:.6f}" for v in extent), "zoom": 13},
        )
    assert answer.status_code == 200
    features = answer.json()["features"]
    assert len(features) == _transformers_in_pandapower(imported)
    loading = [feature["properties"]["peak_loading_pct"] for feature in features]
    assert all(value is not None and 0 < value < 250 for value in loading)


def test_schutterwald_households_are_customers_at_their_buses_behind_their_trafo(
    schutterwald: Imported,
) -> None:
    """Each household load is a residential customer at its bus, served by the trafo in its
    LV network (a connected component of the LV lines with their switches)."""
    import pandapower.topology as topology

    imported = schutterwald
    net = imported.net
    graph = topology.create_nxgraph(net, respect_switches=True, include_trafos=False)
    trafo_of_bus = {}
    for number, lv_bus in enumerate(net.trafo.sort_index().lv_bus, start=1):
        for bus in nx.node_connected_component(graph, lv_bus):
            trafo_of_bus[bus] = number
    expected = {
        tuple(xy): trafo_of_bus[bus]
        for xy, bus in zip(imported.bus_lonlat(net.load.bus).round(7), net.load.bus, strict=True)
    }
    with _connect(imported) as db:
        customers = _rows(
            db, "SELECT ST_X(geom), ST_Y(geom), transformer_id, customer_type FROM customer"
        )
        capacity = _rows(db, "SELECT capacity_kva FROM transformer ORDER BY id")
    stored = {
        (round(x, 7), round(y, 7)): transformer
        for x, y, transformer, kind in customers
        if kind == "residential"
    }
    assert len(stored) == len(customers) == len(net.load) == 1506
    assert stored == expected
    assert [float(kva) for (kva,) in capacity] == list(net.trafo.sort_index().sn_mva * 1000)


def test_oberrhein_stations_are_rated_and_fed_as_in_pandapower(oberrhein: Imported) -> None:
    """Two substations (the HV/MV trafos), one feeder per outgoing line bay holding every
    line, each station on its feeder's lines, rated at the standard size at or above its
    load, with customers whose peak matches it."""
    imported = oberrhein
    with _connect(imported) as db:
        _check_oberrhein(db, imported)


def _check_oberrhein(db: psycopg.Connection, imported: Imported) -> None:
    net = imported.net
    assert _rows(db, "SELECT count(*) FROM substation")[0][0] == len(net.trafo)
    bays = sum(
        int(((net.line.from_bus == bus) | (net.line.to_bus == bus)).sum())
        for bus in net.trafo.lv_bus
    )
    feeders, lines = _rows(db, "SELECT count(*), sum(ST_NumGeometries(geom)) FROM feeder")[0]
    assert (feeders, lines) == (bays, len(net.line))
    off_feeder = _rows(
        db,
        "SELECT count(*) FROM transformer t JOIN feeder f ON f.id = t.feeder_id "
        "WHERE NOT ST_DWithin(t.geom, f.geom, 1e-9)",
    )[0][0]
    assert off_feeder == 0
    sizes = np.asarray(STANDARD_KVA, dtype=float)
    stored = {
        (round(x, 7), round(y, 7)): (float(kva), float(peak))
        for x, y, kva, peak in _rows(
            db,
            "SELECT ST_X(t.geom), ST_Y(t.geom), t.capacity_kva, max(r.kw) FROM transformer t "
            "JOIN load_reading r ON r.transformer_id = t.id GROUP BY t.id",
        )
    }
    for xy, p_mw, scaling in zip(
        imported.bus_lonlat(net.load.bus).round(7), net.load.p_mw, net.load.scaling, strict=True
    ):
        kva, peak = stored[tuple(xy)]
        assert kva == sizes[sizes >= p_mw * 1000 - 1e-6].min()
        assert 0.5 < peak / (p_mw * scaling * 1000) < 1.6


def test_an_unknown_network_names_the_known_ones() -> None:
    with pytest.raises(GridOpsError, match="mv_oberrhein or lv_schutterwald"):
        import_network("mv_nowhere", progress=False)
    result = CliRunner().invoke(cli, ["import", "pandapower", "mv_nowhere"])
    assert result.exit_code == 1
    assert "unknown pandapower network 'mv_nowhere'" in result.output


def test_without_pandapower_the_error_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pandapower.networks", None)  # import fails
    with pytest.raises(GridOpsError, match=r"pip install 'gridops-console\[real\]'"):
        load_pandapower("lv_schutterwald")
