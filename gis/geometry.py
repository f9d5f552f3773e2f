"""Areas drawn by operators: parse GeoJSON, refuse what cannot be an area, repair what can."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from gis.errors import RejectedInputError

# What a drawn area may hold. An operator draws a handful of polygons of tens of vertices; a
# district boundary exported from a GIS has a few thousand. Beyond these an area is refused with
# the limit before any of it is built (a 52,000-feature collection took 23.5 s to union).
MAX_VERTICES = 10_000  # in all the parts together
MAX_PARTS = 100  # polygons in all: features of a collection, members of a MultiPolygon
MIN_AREA_DEG2 = 1e-10  # about 1 m² at these latitudes: smaller is a degenerate drawing


class GeometryRejectedError(RejectedInputError):
    """A drawn geometry that cannot be used, with the reason an operator can act on."""

    title = "Unusable geometry"
    kind = "invalid-geometry"
    field = "geometry"


@dataclass(frozen=True)
class DrawnArea:
    """A valid WGS-84 MultiPolygon, and what was repaired to get it (empty when nothing)."""

    geometry: MultiPolygon
    repair: str

    @property
    def wkb(self) -> bytes:
        """The area as EWKB with SRID 4326, as PostGIS takes it."""
        return shapely.to_wkb(shapely.set_srid(self.geometry, 4326), include_srid=True)


def _polygonal(geometry: BaseGeometry) -> MultiPolygon:
    parts: list[Polygon] = []
    for part in getattr(geometry, "geoms", [geometry]):
        if isinstance(part, Polygon) and not part.is_empty:
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(p for p in part.geoms if not p.is_empty)
        elif hasattr(part, "geoms"):
            parts.extend(_polygonal(part).geoms)
    return MultiPolygon(parts)


def parse_area(geojson: dict[str, Any] | None) -> DrawnArea:
    """A (Multi)Polygon from GeoJSON (a geometry, a Feature or a FeatureCollection of polygons).

    Self-intersections are repaired (shapely.make_valid, the GEOS routine behind ST_MakeValid)
    and the repair is described; anything that is not an area, or that holds more than
    MAX_PARTS polygons or MAX_VERTICES vertices, is refused with the reason.
    """
    members = _members(geojson)
    parts = sum(_part_count(member) for member in members)
    if parts > MAX_PARTS:
        raise GeometryRejectedError(f"too many polygons: {parts} (at most {MAX_PARTS})")
    areas, vertices = [], 0
    for member in members:
        geometry = _shape(member)
        vertices += shapely.get_num_coordinates(geometry)
        if vertices > MAX_VERTICES:
            raise GeometryRejectedError(f"too many vertices: {vertices} (at most {MAX_VERTICES})")
        areas.append(geometry)
    if len(areas) == 1:
        return _repaired(areas[0])
    return _finish(shapely.union_all([_repaired(area).geometry for area in areas]), "")


def _members(geojson: object) -> list[dict[str, Any]]:
    """The Polygon and MultiPolygon objects of a geometry, a Feature or a FeatureCollection,
    with every JSON type checked (a wrong one is a refusal, never a TypeError)."""
    kind, obj = _typed(geojson)
    if kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list | tuple):
            raise GeometryRejectedError("the FeatureCollection's features must be a list")
        if len(features) > MAX_PARTS:
            raise GeometryRejectedError(f"too many features: {len(features)} (at most {MAX_PARTS})")
        members = [_feature_geometry(f) for f in features if isinstance(f, dict)]
        if not members:
            raise GeometryRejectedError("the FeatureCollection holds no geometry")
        return members
    if kind == "Feature":
        return [_feature_geometry(obj)]
    return [_geometry(obj)]


def _typed(geojson: object) -> tuple[str, dict[str, Any]]:
    """The type of a GeoJSON object, and the object."""
    if not isinstance(geojson, dict) or not isinstance(geojson.get("type"), str):
        raise GeometryRejectedError("geometry must be a GeoJSON object with a type")
    return str(geojson["type"]), geojson


def _feature_geometry(feature: dict[str, Any]) -> dict[str, Any]:
    return _geometry(feature.get("geometry"))


def _geometry(geojson: object) -> dict[str, Any]:
    kind, obj = _typed(geojson)
    if kind not in ("Polygon", "MultiPolygon"):
        raise GeometryRejectedError(f"geometry must be a Polygon or MultiPolygon, not {kind}")
    if not isinstance(obj.get("coordinates"), list | tuple):
        raise GeometryRejectedError(f"malformed {kind} coordinates: not a list")
    return obj


def _part_count(geometry: dict[str, Any]) -> int:
    return len(geometry["coordinates"]) if geometry["type"] == "MultiPolygon" else 1


def _shape(geojson: dict[str, Any]) -> BaseGeometry:
    kind = geojson["type"]
    try:
        geometry = shape(geojson)
    except (
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        KeyError,
        shapely.errors.GEOSException,
    ) as exc:
        raise GeometryRejectedError(f"malformed {kind} coordinates: {exc}") from None
    if geometry.is_empty:
        raise GeometryRejectedError("the geometry is empty")
    bounds = geometry.bounds
    if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
        raise GeometryRejectedError("coordinates must be WGS-84 degrees (lon, lat) in range")
    return geometry


def _repaired(geometry: BaseGeometry) -> DrawnArea:
    repair = ""
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        geometry = shapely.make_valid(geometry)
        repair = f"repaired: {reason}"
    return _finish(geometry, repair)


def _finish(geometry: BaseGeometry, repair: str) -> DrawnArea:
    area = _polygonal(geometry)
    if area.is_empty or area.area < MIN_AREA_DEG2:
        raise GeometryRejectedError("the area is degenerate (no surface)")
    return DrawnArea(geometry=area, repair=repair)
