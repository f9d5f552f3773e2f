"""What a pandapower network says of the grid: its substations, feeders, transformers and
(for LV networks) customers, in WGS 84 lon/lat — the topology data/pandapower_import.py turns
into a GridNetwork.

mv_oberrhein: the HV/MV transformers become substations, the MV lines reachable from each
outgoing line bay a feeder, the MV/LV stations (the loads on MV buses) transformers rated at
the standard size at or above the station's load. lv_schutterwald: the MV/LV transformers keep
their ratings; one nominal substation (the MV grid connection) feeds them through one feeder;
each household load is a customer behind the transformer feeding its LV network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely import MultiLineString

from data.street_layout import Coordinates
from gis.errors import GridOpsError
from gis.vocabulary import STANDARD_KVA

Indices = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Topology:
    """What the pandapower network says, in WGS 84 lon/lat; transformers ordered by feeder."""

    network_lonlat: Coordinates  # every bus and line vertex (the territory's hull)
    substation_lonlat: Coordinates
    substation_names: list[str]
    substation_mva: npt.NDArray[np.float64]
    substation_voltage: str
    feeder_substation: Indices
    feeder_lines: list[MultiLineString]
    feeder_voltage_kv: float
    transformer_lonlat: Coordinates
    transformer_feeder: Indices
    transformer_kva: npt.NDArray[np.float64]
    transformer_voltage: str
    transformer_peak_kw: npt.NDArray[np.float64]  # the load behind each transformer
    customer_lonlat: Coordinates | None = None  # real customers (else synthesised)
    customer_transformer: Indices | None = None
    customer_peak_kw: npt.NDArray[np.float64] | None = None


def _lonlat(geojson: Any) -> Coordinates:
    """Coordinates of GeoJSON texts (pandapower 3's geo columns), checked to be lon/lat."""
    if geojson.isna().any():
        raise GridOpsError("the pandapower network lacks coordinates for some buses or lines")
    xy = shapely.get_coordinates(shapely.from_geojson(geojson.to_numpy()))
    if not (np.abs(xy[:, 0]) <= 180).all() or not (np.abs(xy[:, 1]) <= 90).all():
        raise GridOpsError("pandapower coordinates are not WGS 84 longitude/latitude")
    return xy


def standard_kva(kva: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The smallest standard rating at or above each value (the largest one above them all)."""
    sizes = np.asarray(STANDARD_KVA, dtype=float)
    index = np.minimum(np.searchsorted(sizes, kva - 1e-6), len(sizes) - 1)
    return np.asarray(sizes[index])


def _nearest_source(graph: Any, sources: list[int]) -> dict[int, int]:
    """Each node reachable from the sources, with the source nearest it along the graph."""
    import networkx as nx

    _, paths = nx.multi_source_dijkstra(graph, set(sources), weight="weight")
    return {int(node): int(path[0]) for node, path in paths.items()}


def _mv_feeders(net: Any, busbars: list[int]) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Buses' feeder and the (busbar, first bus) of each feeder: one feeder per outgoing
    line bay, holding what is nearer to it than to any other bay (switches respected)."""
    import pandapower.topology as topology

    graph = topology.create_nxgraph(net, respect_switches=True, include_trafos=False)
    bays = sorted(
        {(busbar, int(other)) for busbar in busbars for _, other in graph.edges(busbar)}
        - {(a, b) for a in busbars for b in busbars}
    )
    graph.remove_nodes_from(busbars)
    nearest = _nearest_source(graph, [first for _, first in bays])
    feeder_of_first = {first: index for index, (_, first) in enumerate(bays)}
    return {bus: feeder_of_first[first] for bus, first in nearest.items()}, bays


def _feeder_lines(net: Any, bus_feeder: dict[int, int], feeders: int) -> list[MultiLineString]:
    """Each feeder's lines (a line with a normally open switch goes to its closed end)."""
    lines = net.line
    open_ends = {
        (int(bus), int(line))
        for bus, line in net.switch.loc[(net.switch.et == "l") & ~net.switch.closed][
            ["bus", "element"]
        ].itertuples(index=False)
    }
    geometries = shapely.from_geojson(lines.geo.to_numpy())
    parts: list[list[shapely.LineString]] = [[] for _ in range(feeders)]
    for index, from_bus, to_bus, geometry in zip(
        lines.index, lines.from_bus, lines.to_bus, geometries, strict=True
    ):
        ends = [int(bus) for bus in (from_bus, to_bus) if (int(bus), int(index)) not in open_ends]
        feeder = next((bus_feeder[bus] for bus in ends if bus in bus_feeder), None)
        if feeder is not None:
            parts[feeder].append(geometry)
    if not all(parts):
        raise GridOpsError("a feeder of the pandapower network has no lines")
    return [MultiLineString(members) for members in parts]


def mv_topology(net: Any) -> Topology:
    """mv_oberrhein: HV/MV trafos → substations, line bays → feeders, MV loads → transformers."""
    bus_xy = dict(zip(net.bus.index, _lonlat(net.bus.geo), strict=True))
    trafos = net.trafo.sort_index()
    busbars = [int(bus) for bus in trafos.lv_bus]
    bus_feeder, bays = _mv_feeders(net, busbars)
    loads = net.load.loc[net.bus.vn_kv.loc[net.load.bus].between(1.0, 60.0).to_numpy()]
    unreached = [str(name) for name, bus in zip(loads.name, loads.bus, strict=True)
                 if int(bus) not in bus_feeder]  # fmt: skip
    if unreached:
        raise GridOpsError(f"MV/LV stations not reachable from a substation: {unreached[:5]}")
    feeder = np.asarray([bus_feeder[int(bus)] for bus in loads.bus])
    order = np.lexsort((loads.index.to_numpy(), feeder))
    loads, feeder = loads.iloc[order], feeder[order]
    rating = loads.sn_mva.fillna(loads.p_mw).to_numpy(dtype=float) * 1000
    return Topology(
        network_lonlat=np.vstack([*bus_xy.values(), _lonlat(net.line.geo)]),
        substation_lonlat=np.asarray([bus_xy[bus] for bus in trafos.hv_bus]),
        substation_names=[str(name) for name in trafos.name],
        substation_mva=trafos.sn_mva.to_numpy(dtype=float),
        substation_voltage=f"{trafos.vn_hv_kv.iloc[0]:g}/{trafos.vn_lv_kv.iloc[0]:g}",
        feeder_substation=np.asarray([busbars.index(busbar) for busbar, _ in bays]),
        feeder_lines=_feeder_lines(net, bus_feeder, len(bays)),
        feeder_voltage_kv=float(trafos.vn_lv_kv.iloc[0]),
        transformer_lonlat=np.asarray([bus_xy[bus] for bus in loads.bus]),
        transformer_feeder=feeder,
        transformer_kva=standard_kva(rating),
        transformer_voltage=f"{trafos.vn_lv_kv.iloc[0]:g}/0.4",
        transformer_peak_kw=(loads.p_mw * loads.scaling).to_numpy(dtype=float) * 1000,
    )


def lv_topology(net: Any) -> Topology:
    """lv_schutterwald: MV/LV trafos → transformers, household loads → customers behind the
    trafo feeding their LV network; one nominal substation and feeder (the MV connection)."""
    import pandapower.topology as topology

    bus_xy = dict(zip(net.bus.index, _lonlat(net.bus.geo), strict=True))
    trafos = net.trafo.sort_index()
    lv_buses = [int(bus) for bus in trafos.lv_bus]
    graph = topology.create_nxgraph(net, respect_switches=True, include_trafos=False)
    behind = _nearest_source(graph, lv_buses)
    loads = net.load.loc[[int(bus) in behind for bus in net.load.bus]]
    if len(loads) < len(net.load):
        raise GridOpsError(f"{len(net.load) - len(loads)} loads are fed by no transformer")
    transformer = np.asarray([lv_buses.index(behind[int(bus)]) for bus in loads.bus])
    order = np.lexsort((loads.index.to_numpy(), transformer))
    loads, transformer = loads.iloc[order], transformer[order]
    station = np.asarray([bus_xy[bus] for bus in trafos.lv_bus])
    mv_xy = np.asarray([bus_xy[bus] for bus in trafos.hv_bus])
    connection = mv_xy.mean(axis=0)
    peak_kw = (loads.p_mw * loads.scaling).to_numpy(dtype=float) * 1000
    return Topology(
        network_lonlat=np.vstack([*bus_xy.values(), _lonlat(net.line.geo)]),
        substation_lonlat=connection[None, :],
        substation_names=[f"{trafos.vn_hv_kv.iloc[0]:g} kV grid connection"],
        substation_mva=np.asarray([round(float(trafos.sn_mva.sum()), 1)]),
        substation_voltage=f"{trafos.vn_hv_kv.iloc[0]:g}",
        feeder_substation=np.zeros(1, dtype=np.int64),
        feeder_lines=[MultiLineString([(tuple(connection), tuple(xy)) for xy in station])],
        feeder_voltage_kv=float(trafos.vn_hv_kv.iloc[0]),
        transformer_lonlat=station,
        transformer_feeder=np.zeros(len(trafos), dtype=np.int64),
        transformer_kva=trafos.sn_mva.to_numpy(dtype=float) * 1000,
        transformer_voltage=f"{trafos.vn_hv_kv.iloc[0]:g}/{trafos.vn_lv_kv.iloc[0]:g}",
        transformer_peak_kw=np.bincount(transformer, peak_kw, len(trafos)).astype(float),
        customer_lonlat=np.asarray([bus_xy[bus] for bus in loads.bus]),
        customer_transformer=transformer,
        customer_peak_kw=peak_kw,
    )
