"""Areas drawn by operators: parse GeoJSON, refuse what cannot be an area, repair what can."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from gis.errors import RejectedInputError

MAX_VERTICES = 10_000
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
    and the repair is described; anything that is not an area is refused with the reason.
    """
    if not isinstance(geojson, dict) or "type" not in geojson:
        raise GeometryRejectedError("geometry must be a GeoJSON object with a type")
    kind = geojson["type"]
    if kind == "FeatureCollection":
        features = geojson.get("features") or []
        geometries = [f.get("geometry") for f in features if isinstance(f, dict)]
        if not geometries:
            raise GeometryRejectedError("the FeatureCollection holds no geometry")
        parts = [parse_area(g).geometry for g in geometries]
        return _finish(shapely.union_all(parts), "")
    if kind == "Feature":
        return parse_area(geojson.get("geometry"))
    if kind not in ("Polygon", "MultiPolygon"):
        raise GeometryRejectedError(f"geometry must be a Polygon or MultiPolygon, not {kind}")
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise GeometryRejectedError(f"malformed {kind} coordinates: {exc}") from None
    vertices = shapely.get_num_coordinates(geometry)
    if vertices > MAX_VERTICES:
        raise GeometryRejectedError(f"too many vertices: {vertices} (at most {MAX_VERTICES})")
    if geometry.is_empty:
        raise GeometryRejectedError("the geometry is empty")
    bounds = geometry.bounds
    if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
        raise GeometryRejectedError("coordinates must be WGS-84 degrees (lon, lat) in range")
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
