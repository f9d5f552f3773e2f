"""The demo's geography in local metres (a UTM zone, centred on the city centre): the service
territory, the 110/10 kV substations and their regions, transformer sites along a street grid,
and the supply areas.

Regions are the Voronoi cells of the substations clipped to the territory; supply areas are the
Voronoi cells of a region's transformers clipped to the region, so they tile the territory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import shapely
from shapely import MultiPolygon, Polygon

TRANSFORMERS_PER_KM2 = 7.0
ASPECT = 1.25  # territory width / height
CANDIDATES_PER_SITE = 1.6  # street-side candidate sites per transformer placed
SETBACK_M = (8.0, 20.0)  # a transformer stands this far beside the street's centre line
EDGE_MARGIN_M = 30.0

Coordinates = npt.NDArray[np.float64]


class Street(IntEnum):
    """Which street a point stands on (its street grid line)."""

    EAST_WEST = 0
    NORTH_SOUTH = 1
    CROSSING = 2


@dataclass(frozen=True)
class StreetLayout:
    """The demo's geography: street spacing, territory, substations, regions, transformers."""

    spacing_m: float
    territory: Polygon
    substation_xy: Coordinates  # (substations, 2), each at a street crossing
    regions: list[Polygon | MultiPolygon]  # one per substation
    transformer_xy: Coordinates  # (transformers, 2)
    transformer_region: npt.NDArray[np.int64]
    transformer_street: npt.NDArray[np.int8]  # Street

    def street_point(self, xy: Coordinates, street: npt.NDArray[np.int8]) -> Coordinates:
        """The points on the centre line of their streets (where a feeder passes)."""
        snapped = np.round(xy / self.spacing_m) * self.spacing_m
        on_street = xy.copy()
        east_west = street == Street.EAST_WEST
        north_south = street == Street.NORTH_SOUTH
        on_street[east_west, 1] = snapped[east_west, 1]
        on_street[north_south, 0] = snapped[north_south, 0]
        on_street[street == Street.CROSSING] = snapped[street == Street.CROSSING]
        return on_street


def territory_polygon(area_km2: float, rng: np.random.Generator) -> Polygon:
    """A convex, slightly irregular polygon of about area_km2: a rectangle with cut, jittered
    corners and bulging sides."""
    height = np.sqrt(area_km2 * 1e6 / ASPECT)
    width = ASPECT * height
    half_w, half_h = width / 2, height / 2
    points = []
    for sx, sy in ((1, 1), (-1, 1), (-1, -1), (1, -1)):
        cut_x, cut_y = rng.uniform(0.05, 0.15) * width, rng.uniform(0.05, 0.15) * height
        points += [(sx * (half_w - cut_x), sy * half_h), (sx * half_w, sy * (half_h - cut_y))]
    for side in range(4):
        bulge = 1 + rng.uniform(0.0, 0.05)
        along = rng.uniform(-0.2, 0.2)
        if side % 2 == 0:
            points.append(((side - 1) * -half_w * bulge, along * height))
        else:
            points.append((along * width, (side - 2) * -half_h * bulge))
    jitter = rng.uniform(-0.02, 0.02, size=(len(points), 2)) * (width, height)
    hull = shapely.convex_hull(shapely.multipoints(np.asarray(points) + jitter))
    if not isinstance(hull, Polygon):
        raise ValueError("territory polygon degenerated")
    return hull


def voronoi_cells(sites: Coordinates, boundary: Polygon | MultiPolygon) -> list[MultiPolygon]:
    """The Voronoi cell of each site clipped to the boundary, in the order of the sites.

    Cells are matched to sites by containment, never by the order GEOS returns them in.
    """
    if len(sites) == 1:
        return [_as_multipolygon(boundary)]
    diagram = shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=boundary)
    cells = shapely.get_parts(diagram)
    tree = shapely.STRtree(cells)
    site_index, cell_index = tree.query(shapely.points(sites), predicate="within")
    if len(site_index) != len(sites) or len(np.unique(site_index)) != len(sites):
        raise ValueError("Voronoi cells do not match the sites one to one")
    ordered = np.empty(len(sites), dtype=object)
    ordered[site_index] = cells[cell_index]
    clipped = shapely.intersection(ordered, boundary)
    return [_as_multipolygon(cell) for cell in clipped]


def _as_multipolygon(geometry: shapely.Geometry) -> MultiPolygon:
    """The polygonal parts of a geometry, valid, as one MultiPolygon."""
    if not shapely.is_valid(geometry):
        geometry = shapely.make_valid(geometry)
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if isinstance(part, Polygon | MultiPolygon) and not part.is_empty
    ]
    polygons = [poly for part in parts for poly in shapely.get_parts(part)]
    if not polygons:
        raise ValueError("a cell has no area")
    return MultiPolygon(polygons)


def place_substations(
    territory: Polygon, grid: tuple[int, int], spacing_m: float, rng: np.random.Generator
) -> Coordinates:
    """One substation per cell of a grid over the territory, at a street crossing near the
    jittered cell centre."""
    minx, miny, maxx, maxy = territory.bounds
    columns, rows = grid
    cell_w, cell_h = (maxx - minx) / columns, (maxy - miny) / rows
    inner = territory.buffer(-spacing_m / 2)
    sites = []
    for row in range(rows):
        for column in range(columns):
            centre = np.array([minx + (column + 0.5) * cell_w, miny + (row + 0.5) * cell_h])
            jittered = centre + rng.uniform(-0.2, 0.2, size=2) * (cell_w, cell_h)
            for candidate in (jittered, centre):
                crossing = np.round(candidate / spacing_m) * spacing_m
                if inner.contains(shapely.Point(crossing)):
                    break
            sites.append(crossing)
    return np.asarray(sites)


def street_sites(
    territory: Polygon, spacing_m: float, rng: np.random.Generator
) -> tuple[Coordinates, npt.NDArray[np.int8]]:
    """Candidate transformer sites: about one per block side, jittered along the street and
    set back from it, inside the territory."""
    minx, miny, maxx, maxy = territory.bounds
    xy_parts, street_parts = [], []
    for street in (Street.EAST_WEST, Street.NORTH_SOUTH):
        lo_across, hi_across = (miny, maxy) if street == Street.EAST_WEST else (minx, maxx)
        lo_along, hi_along = (minx, maxx) if street == Street.EAST_WEST else (miny, maxy)
        lines = np.arange(np.ceil(lo_across / spacing_m), np.floor(hi_across / spacing_m) + 1)
        slots = np.arange(np.floor(lo_along / spacing_m), np.ceil(hi_along / spacing_m)) + 0.5
        across, along = np.meshgrid(lines * spacing_m, slots * spacing_m, indexing="ij")
        along = along.ravel() + rng.uniform(-0.3, 0.3, size=along.size) * spacing_m
        setback = rng.uniform(*SETBACK_M, size=along.size) * rng.choice((-1.0, 1.0), along.size)
        across = across.ravel() + setback
        xy = np.column_stack((along, across) if street == Street.EAST_WEST else (across, along))
        xy_parts.append(xy)
        street_parts.append(np.full(len(xy), street, dtype=np.int8))
    xy, streets = np.concatenate(xy_parts), np.concatenate(street_parts)
    inside = shapely.contains_xy(territory.buffer(-EDGE_MARGIN_M), xy[:, 0], xy[:, 1])
    return xy[inside], streets[inside]


def share_out(total: int, weights: npt.NDArray[np.float64], minimum: int) -> npt.NDArray[np.int64]:
    """Split total into integers proportional to weights (largest remainder), each >= minimum."""
    exact = (total - minimum * len(weights)) * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    remainder = total - minimum * len(weights) - counts.sum()
    counts[np.argsort(counts - exact)[:remainder]] += 1
    return counts + minimum


def plan_layout(
    transformers: int, substation_grid: tuple[int, int], rng: np.random.Generator
) -> StreetLayout:
    """Territory, substations, regions and transformer sites for a number of transformers."""
    territory = territory_polygon(transformers / TRANSFORMERS_PER_KM2, rng)
    spacing = float(np.sqrt(2 * territory.area / (CANDIDATES_PER_SITE * transformers)))
    substations = place_substations(territory, substation_grid, spacing, rng)
    regions: list[Polygon | MultiPolygon] = list(voronoi_cells(substations, territory))
    sites, streets = street_sites(territory, spacing, rng)
    site_region = np.full(len(sites), -1)
    for index, region in enumerate(regions):
        site_region[shapely.contains_xy(region, sites[:, 0], sites[:, 1])] = index
    available = np.bincount(site_region[site_region >= 0], minlength=len(regions))
    if available.sum() < transformers or available.min() < 2:
        raise ValueError("too few street sites for the transformers; the layout is too small")
    counts = np.minimum(share_out(transformers, available.astype(float), 2), available)
    chosen = []
    for index, count in enumerate(counts):
        members = np.flatnonzero(site_region == index)
        chosen.append(np.sort(rng.choice(members, size=count, replace=False)))
    picked = np.concatenate(chosen)
    if len(picked) != transformers:
        raise ValueError("could not place every transformer")
    return StreetLayout(
        spacing_m=spacing,
        territory=territory,
        substation_xy=substations,
        regions=regions,
        transformer_xy=sites[picked],
        transformer_region=site_region[picked],
        transformer_street=streets[picked],
    )


def supply_areas(layout: StreetLayout) -> list[MultiPolygon]:
    """One supply area per transformer (in transformer order): its Voronoi cell among the
    transformers of its region, clipped to the region."""
    areas: list[MultiPolygon | None] = [None] * len(layout.transformer_xy)
    for index, region in enumerate(layout.regions):
        members = np.flatnonzero(layout.transformer_region == index)
        for member, cell in zip(
            members, voronoi_cells(layout.transformer_xy[members], region), strict=True
        ):
            areas[member] = cell
    if any(area is None for area in areas):
        raise ValueError("a transformer has no supply area")
    return [area for area in areas if area is not None]
