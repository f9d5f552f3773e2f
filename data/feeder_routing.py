"""10 kV feeders along the street grid: each substation's transformers are split into angular
sectors (one feeder per sector) and chained nearest-first from the substation; the feeder's
trunk follows the streets from one transformer to the next, with a short tap to each one."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from shapely import LineString, MultiLineString, Polygon

from data.street_layout import Coordinates, Street, StreetLayout

Point = tuple[float, float]


@dataclass(frozen=True)
class FeederPlan:
    """The feeders of a layout: each one's substation, its chain of transformers and its lines."""

    feeder_substation: npt.NDArray[np.int64]  # substation index of each feeder
    feeder_transformers: list[npt.NDArray[np.int64]]  # transformer indices, in chain order
    lines: list[MultiLineString]  # local metres

    @property
    def transformer_feeder(self) -> npt.NDArray[np.int64]:
        """The feeder index of each transformer."""
        count = sum(len(members) for members in self.feeder_transformers)
        feeder = np.full(count, -1)
        for index, members in enumerate(self.feeder_transformers):
            feeder[members] = index
        return feeder


@dataclass(frozen=True)
class StreetGrid:
    """Streets every `spacing` metres both ways; routes keep inside the territory if they can."""

    spacing: float
    territory: Polygon

    def _crossing(
        self, start: float, end: float, fixed: tuple[float, float], east_west: bool
    ) -> float:
        """The cross street next to `end` with the shortest detour from `start`, preferring
        one whose stretch between the two points lies inside the territory."""
        lines = (np.floor(end / self.spacing), np.ceil(end / self.spacing))

        def cost(line: float) -> tuple[bool, float]:
            at = line * self.spacing
            stretch = [(a, at) if east_west else (at, a) for a in fixed]
            outside = not self.territory.contains(LineString(stretch))
            return outside, abs(start - at) + abs(at - end)

        return float(min(lines, key=cost) * self.spacing)

    def route(self, start: Point, start_street: int, end: Point, end_street: int) -> list[Point]:
        """A path along the streets between two points on street centre lines."""
        (x0, y0), (x1, y1) = start, end
        if end_street == Street.EAST_WEST:
            if start_street == Street.EAST_WEST:
                if np.isclose(y0, y1):
                    return [start, end]
                across = self._crossing(x0, x1, (y0, y1), east_west=False)
                return [start, (across, y0), (across, y1), end]
            return [start, (x0, y1), end]
        if start_street == Street.NORTH_SOUTH:
            if np.isclose(x0, x1):
                return [start, end]
            across = self._crossing(y0, y1, (x0, x1), east_west=True)
            return [start, (x0, across), (x1, across), end]
        return [start, (x1, y0), end]


def nearest_chain(origin: npt.NDArray[np.float64], points: Coordinates) -> npt.NDArray[np.int64]:
    """Visit every point, always going next to the nearest unvisited (street distance)."""
    remaining = list(range(len(points)))
    order = []
    current = origin
    while remaining:
        distances = np.abs(points[remaining] - current).sum(axis=1)
        chosen = remaining.pop(int(np.argmin(distances)))
        order.append(chosen)
        current = points[chosen]
    return np.asarray(order, dtype=np.int64)


def _feeder_line(
    substation: npt.NDArray[np.float64],
    on_street: Coordinates,
    streets: npt.NDArray[np.int8],
    sites: Coordinates,
    grid: StreetGrid,
) -> MultiLineString:
    trunk: list[Point] = [(float(substation[0]), float(substation[1]))]
    street = int(Street.CROSSING)
    for point, next_street in zip(on_street, streets, strict=True):
        target = (float(point[0]), float(point[1]))
        trunk += grid.route(trunk[-1], street, target, int(next_street))[1:]
        street = int(next_street)
    path = [trunk[0]] + [b for a, b in itertools.pairwise(trunk) if a != b]
    taps = [LineString([tuple(a), tuple(b)]) for a, b in zip(on_street, sites, strict=True)]
    lines = [LineString(path)] if len(path) > 1 else []
    return MultiLineString(lines + [tap for tap in taps if tap.length > 0])


def route_feeders(
    layout: StreetLayout, transformers_per_feeder: int, rng: np.random.Generator
) -> FeederPlan:
    """Feeders of every substation, in substation order."""
    on_street = layout.street_point(layout.transformer_xy, layout.transformer_street)
    grid = StreetGrid(layout.spacing_m, layout.territory)
    feeder_substation: list[int] = []
    feeder_transformers: list[npt.NDArray[np.int64]] = []
    lines: list[MultiLineString] = []
    for index, substation in enumerate(layout.substation_xy):
        members = np.flatnonzero(layout.transformer_region == index)
        offset = layout.transformer_xy[members] - substation
        start = rng.uniform(-np.pi, np.pi)
        angle = np.mod(np.arctan2(offset[:, 1], offset[:, 0]) - start, 2 * np.pi)
        sectors = max(1, round(len(members) / transformers_per_feeder))
        for sector in np.array_split(members[np.argsort(angle)], sectors):
            chain = sector[nearest_chain(substation, on_street[sector])]
            feeder_substation.append(index)
            feeder_transformers.append(chain)
            lines.append(
                _feeder_line(
                    substation,
                    on_street[chain],
                    layout.transformer_street[chain],
                    layout.transformer_xy[chain],
                    grid,
                )
            )
    return FeederPlan(np.asarray(feeder_substation), feeder_transformers, lines)
