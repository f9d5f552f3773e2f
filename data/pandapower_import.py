"""`gridops import pandapower`: a real network, at its real coordinates, from pandapower.

mv_oberrhein: the HV/MV transformers become substations, the MV lines reachable from each
outgoing line bay a feeder, and the MV/LV stations (the loads on MV buses) transformers rated
at the standard size at or above the station's load; their customers are synthesised as the
demo's are (data/customer_population.py) until their peak matches the station's load, and stand
within LV reach of the station inside its supply area. Supply areas are the Voronoi cells of
the stations in the territory (a buffered convex hull of the network).

lv_schutterwald: the MV/LV transformers keep their ratings; one nominal substation (the MV grid
connection, at the centroid of the stations' MV buses: pandapower has no position for it)
feeds them through one feeder drawn as straight spurs. Each household load becomes a
residential customer at its real bus, behind the transformer feeding its LV network; supply
areas are the Voronoi cells of customers and transformers merged per transformer, so every
customer stands inside its own transformer's area.

Load, weather and crews come from the demo's helpers; everything leaves as a GridNetwork.
"""

from __future__ import annotations

import logging
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Transformer
from shapely import MultiPolygon
from tqdm import tqdm

from data.customer_population import (
    CustomerPlan,
    account_numbers,
    draw_customers,
    place_customers,
    transformer_zones,
)
from data.demo_load import record_replacement, summary
from data.demo_network import default_end_day, local_crs, place_crews
from data.grid_network import GridNetwork, GridSource, SourceKind, WeatherSeries
from data.grid_writer import analyze_grid, write_network
from data.load_profile import LoadProfile, ProfileLoad, hourly_timeline
from data.pandapower_topology import Indices, Topology, lv_topology, mv_topology
from data.street_layout import Coordinates, voronoi_cells
from data.weather import Climate, hourly_temperature
from gis.database import connect, resolve_database_url
from gis.errors import GridOpsError
from gis.migrate import upgrade
from gis.vocabulary import CUSTOMER_TYPES, CustomerType
from identity.actor import Actor

WGS84 = "EPSG:4326"
SEED = 7  # the synthesised parts (customers of MV/LV stations, noise, weather) are reproducible
DAYS = 365
LV_REACH_M = 400.0  # synthesised customers stand within this distance of their station
# Voronoi cells are cut in metres a little beyond the territory and clipped to it in lon/lat:
# a long territory edge is straight in lon/lat, not in UTM, so cutting in metres would leave
# slivers between the areas and the territory.
CLIP_MARGIN_M = 10.0
# The territory's edges are split to at most this length: PostGIS measures geography along
# geodesics, which part from a straight lon/lat edge by metres over kilometres.
EDGE_LENGTH_M = 50.0
RESIDENTIAL = CUSTOMER_TYPES.index(CustomerType.RESIDENTIAL)
INSTALL_HINT = "pip install 'gridops-console[real]'"


@dataclass(frozen=True)
class NetworkSpec:
    """A pandapower network the import knows: its name, its place, its territory's margin."""

    name: str
    place: str
    territory_buffer_m: float  # the territory is the network's convex hull buffered this much


NETWORKS = {
    "mv_oberrhein": NetworkSpec("mv_oberrhein", "Oberrhein", 500.0),
    "lv_schutterwald": NetworkSpec("lv_schutterwald", "Schutterwald", 60.0),
}


def network_spec(name: str) -> NetworkSpec:
    """The spec of a known network; a GridOpsError naming the known ones otherwise."""
    if name not in NETWORKS:
        known = " or ".join(NETWORKS)
        raise GridOpsError(f"unknown pandapower network {name!r}: choose {known}")
    return NETWORKS[name]


@contextmanager
def _quiet_pandapower() -> Iterator[None]:
    """pandapower warns about numba and deprecated network data while it builds the
    networks; neither matters to an import, which runs no power flow of its own."""
    logger = logging.getLogger("pandapower")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        logger.setLevel(level)


def load_pandapower(name: str) -> Any:
    """The pandapower network (pandapowerNet) of a known name, importing pandapower lazily."""
    spec = network_spec(name)
    try:
        with _quiet_pandapower():
            import pandapower.networks as networks
    except ImportError:
        raise GridOpsError(f"pandapower is not installed: {INSTALL_HINT}") from None
    with _quiet_pandapower():
        net = getattr(networks, spec.name)()
    if "geo" not in net.bus.columns:
        raise GridOpsError(
            "this pandapower has no bus 'geo' column (GeoJSON in WGS 84, pandapower 3): "
            f"{INSTALL_HINT} with pandapower>=3"
        )
    return net


@dataclass(frozen=True)
class _Projection:
    """WGS 84 lon/lat to and from a local metric CRS (the UTM zone of the network)."""

    crs: CRS

    def xy(self, lonlat: Coordinates) -> Coordinates:
        forward = Transformer.from_crs(WGS84, self.crs, always_xy=True)
        return np.column_stack(forward.transform(lonlat[:, 0], lonlat[:, 1]))

    def lonlat(self, xy: Coordinates) -> Coordinates:
        inverse = Transformer.from_crs(self.crs, WGS84, always_xy=True)
        return np.column_stack(inverse.transform(xy[:, 0], xy[:, 1]))

    def geometries(self, geometries: list[shapely.Geometry]) -> npt.NDArray[np.object_]:
        return np.asarray(shapely.transform(np.asarray(geometries, dtype=object), self.lonlat))


def _multipolygon(geometry: shapely.Geometry) -> MultiPolygon:
    """The polygons of a geometry as one MultiPolygon."""
    parts = shapely.get_parts(geometry)
    return MultiPolygon([part for part in parts if isinstance(part, shapely.Polygon)])


def _merged(cells: list[MultiPolygon], owner: Indices, count: int) -> list[MultiPolygon]:
    """The union of each owner's cells."""
    return [
        _multipolygon(shapely.union_all([cells[i] for i in np.flatnonzero(owner == index)]))
        for index in range(count)
    ]


def _customers_to_peak(
    zones: npt.NDArray[np.int8],
    peak_kw: npt.NDArray[np.float64],
    peak_factors: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> CustomerPlan:
    """The demo's customer mix per transformer, leaving out customers bigger than the load,
    taken while their peak shares come nearer to the load behind the transformer."""
    per_transformer = 100.0
    while True:
        drawn = draw_customers(zones, per_transformer, peak_factors, rng)
        share = drawn.contracted_kw * peak_factors[drawn.customer_type]
        fits = share <= peak_kw[drawn.transformer]
        reached = np.bincount(drawn.transformer[fits], share[fits], len(zones))
        if (reached >= peak_kw).all() or per_transformer > 2000:
            break
        per_transformer *= 2
    transformer, share = drawn.transformer[fits], share[fits]
    cumulative = np.cumsum(share)
    first = np.searchsorted(transformer, transformer)
    before = np.where(first > 0, cumulative[first - 1], 0.0)
    within = cumulative - before - share / 2  # nearer with the customer than without it
    keep = np.flatnonzero(fits)[(within < peak_kw[transformer]) | (np.arange(len(share)) == first)]
    return CustomerPlan(
        drawn.transformer[keep], drawn.customer_type[keep], drawn.contracted_kw[keep]
    )


def _grid_geography(
    topology: Topology,
    territory: shapely.Polygon,
    projection: _Projection,
    reference: LoadProfile,
    rng: np.random.Generator,
) -> tuple[list[MultiPolygon], CustomerPlan, Coordinates]:
    """Supply areas (reaching CLIP_MARGIN_M beyond the territory), customers and customer
    positions (inside the territory), in local metres."""
    outer = shapely.buffer(territory, CLIP_MARGIN_M)
    transformer_xy = projection.xy(topology.transformer_lonlat)
    count = len(transformer_xy)
    peak_factors = reference.peak_factors()
    if topology.customer_lonlat is not None and topology.customer_transformer is not None:
        customer_xy = projection.xy(topology.customer_lonlat)
        sites = np.vstack([customer_xy, transformer_xy])
        owner = np.concatenate([topology.customer_transformer, np.arange(count)])
        areas = _merged(voronoi_cells(sites, outer), owner, count)
        peak = np.asarray(topology.customer_peak_kw)
        contracted = np.maximum(np.round(peak / peak_factors[RESIDENTIAL], 1), 0.1)
        types = np.full(len(peak), RESIDENTIAL, dtype=np.int8)
        return areas, CustomerPlan(topology.customer_transformer, types, contracted), customer_xy
    areas = voronoi_cells(transformer_xy, outer)
    zones = transformer_zones(transformer_xy, rng)
    customers = _customers_to_peak(zones, topology.transformer_peak_kw, peak_factors, rng)
    reach = shapely.intersection(
        shapely.buffer(shapely.points(transformer_xy), LV_REACH_M), territory
    )
    nearby = [_multipolygon(part) for part in shapely.intersection(np.asarray(areas), reach)]
    return areas, customers, place_customers(nearby, customers.transformer, rng)


def _frame(columns: dict[str, object], geometry: npt.NDArray[np.object_]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=geometry, crs=WGS84)


def build_network(
    name: str, seed: int = SEED, end: date | None = None, days: int = DAYS
) -> GridNetwork:
    """The pandapower network `name` as a GridNetwork with `days` of hourly load ending `end`
    (default yesterday, as the demo's)."""
    spec = network_spec(name)
    net = load_pandapower(name)
    topology = mv_topology(net) if name.startswith("mv_") else lv_topology(net)
    end = end or default_end_day()
    rng_customers, rng_weather, rng_crews = (
        np.random.Generator(np.random.PCG64(stream))
        for stream in np.random.SeedSequence(seed).spawn(3)
    )
    center = tuple(topology.network_lonlat.mean(axis=0))
    projection = _Projection(local_crs((center[0], center[1])))
    hull = shapely.convex_hull(shapely.multipoints(projection.xy(topology.network_lonlat)))
    territory = shapely.segmentize(shapely.buffer(hull, spec.territory_buffer_m), EDGE_LENGTH_M)
    timeline = hourly_timeline(end, days)
    reference = LoadProfile.build(
        timeline,
        hourly_temperature(timeline.local_hours, Climate.at_latitude(center[1]), rng_weather),
    )
    areas, customers, customer_xy = _grid_geography(
        topology, territory, projection, reference, rng_customers
    )
    transformer_ids = np.arange(1, len(topology.transformer_kva) + 1, dtype=np.int32)
    contracted = customers.contracted_by_type(len(transformer_ids))
    source = GridSource(
        SourceKind.PANDAPOWER,
        f"pandapower {name}",
        {
            "network": name,
            "pandapower": str(getattr(sys.modules.get("pandapower"), "__version__", "?")),
            "seed": seed,
            "end": end.isoformat(),
            "days": days,
            "local_crs": projection.crs.to_string(),
        },
    )
    return GridNetwork(
        source=source,
        local_crs=projection.crs,
        load=ProfileLoad(reference, transformer_ids, contracted, seed),
        weather=WeatherSeries(reference.timestamps, reference.temperature_c),
        **_grid_frames(spec, topology, projection, territory, areas),
        **_people_frames(spec, topology, projection, customers, customer_xy, rng_crews),
    )


def _grid_frames(
    spec: NetworkSpec,
    topology: Topology,
    projection: _Projection,
    territory: shapely.Polygon,
    areas: list[MultiPolygon],
) -> dict[str, gpd.GeoDataFrame]:
    """territory, substations, feeders, transformers, supply_areas."""
    substations = len(topology.substation_names)
    codes = [f"SS{number:02d}" for number in range(1, substations + 1)]
    feeder_number = np.zeros(len(topology.feeder_substation), dtype=np.int64)
    for station in range(substations):
        mine = topology.feeder_substation == station
        feeder_number[mine] = np.arange(1, mine.sum() + 1)
    ids = np.arange(1, len(topology.transformer_kva) + 1, dtype=np.int32)
    territory_lonlat = projection.geometries([MultiPolygon([territory])])
    clipped = shapely.intersection(projection.geometries(areas), territory_lonlat[0])
    return {
        "territory": _frame(
            {"id": [1], "name": [f"{spec.place} service territory (pandapower {spec.name})"]},
            territory_lonlat,
        ),
        "substations": _frame(
            {
                "id": np.arange(1, substations + 1),
                "code": codes,
                "name": [f"{spec.place} {name}" for name in topology.substation_names],
                "voltage_kv": topology.substation_voltage,
                "capacity_mva": topology.substation_mva,
            },
            np.asarray(shapely.points(topology.substation_lonlat)),
        ),
        "feeders": _frame(
            {
                "id": np.arange(1, len(topology.feeder_lines) + 1),
                "code": [
                    f"{codes[station]}-F{number:02d}"
                    for station, number in zip(
                        topology.feeder_substation, feeder_number, strict=True
                    )
                ],
                "substation_id": topology.feeder_substation + 1,
                "voltage_kv": topology.feeder_voltage_kv,
            },
            np.asarray(topology.feeder_lines, dtype=object),
        ),
        "transformers": _frame(
            {
                "id": ids,
                "code": [f"TR{number:05d}" for number in ids],
                "feeder_id": topology.transformer_feeder + 1,
                "capacity_kva": topology.transformer_kva,
                "voltage_kv": topology.transformer_voltage,
            },
            np.asarray(shapely.points(topology.transformer_lonlat)),
        ),
        "supply_areas": _frame(
            {"id": ids, "transformer_id": ids},
            np.asarray([_multipolygon(area) for area in clipped], dtype=object),
        ),
    }


def _people_frames(
    spec: NetworkSpec,
    topology: Topology,
    projection: _Projection,
    customers: CustomerPlan,
    customer_xy: Coordinates,
    rng: np.random.Generator,
) -> dict[str, gpd.GeoDataFrame]:
    """customers (at their real position when pandapower has one) and crews."""
    type_names = np.asarray([str(kind) for kind in CUSTOMER_TYPES])
    substation_of = topology.feeder_substation[topology.transformer_feeder]
    accounts = account_numbers(substation_of[customers.transformer], rng)
    if topology.customer_lonlat is not None:
        customer_lonlat = topology.customer_lonlat
    else:
        customer_lonlat = projection.lonlat(customer_xy)
    substation_xy = projection.xy(topology.substation_lonlat)
    crew_xy, crew_base, crew_size = place_crews(substation_xy, len(topology.transformer_kva), rng)
    numbers = range(1, len(crew_xy) + 1)
    return {
        "customers": _frame(
            {
                "id": np.arange(1, len(customers.transformer) + 1, dtype=np.int64),
                "account_no": accounts,
                "transformer_id": customers.transformer + 1,
                "customer_type": type_names[customers.customer_type],
                "contracted_kw": customers.contracted_kw,
            },
            np.asarray(shapely.points(customer_lonlat)),
        ),
        "crews": _frame(
            {
                "id": np.asarray(numbers),
                "code": [f"CR{number:03d}" for number in numbers],
                "name": [
                    f"{spec.place} {topology.substation_names[int(base)]} crew {number}"
                    for number, base in zip(numbers, crew_base, strict=True)
                ],
                "size": crew_size,
                "status": "available",
            },
            np.asarray(shapely.points(projection.lonlat(crew_xy))),
        ),
    }


def import_network(name: str, *, progress: bool = True, actor: Actor | None = None) -> str:
    """Migrate, build the pandapower network, replace the grid in one transaction, analyse;
    a one-line summary (as `gridops demo load`); with an actor, its audit row (grid.replace)
    in that transaction."""
    network_spec(name)
    started = time.perf_counter()
    url = resolve_database_url()
    with tqdm(total=2, unit="step", disable=not progress, file=sys.stderr) as bar:
        bar.set_description("migrations")
        with connect(url, autocommit=True) as conn:
            upgrade(conn)
        bar.update(1)
        bar.set_description(f"building pandapower {name}")
        building = time.perf_counter()
        network = build_network(name)
        built = time.perf_counter() - building
        bar.update(1)
    with connect(url) as conn:
        with conn.transaction():
            report = write_network(conn, network, progress=progress)
            if actor is not None:
                record_replacement(conn, actor, network.source.name, report, pandapower=name)
        conn.autocommit = True
        analyze_grid(conn)
    return summary(network.source.name, report, built, time.perf_counter() - started)
