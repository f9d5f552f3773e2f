"""Coordinates as phones send them: WGS-84, GCJ-02 (WeChat, AMap) or BD-09 (Baidu).

The conversions come from prcoords (public domain), whose *_bored inverses iterate to
centimetre precision instead of the usual one-step approximation (about 1 to 2 m off).
GCJ-02 and BD-09 are defined over China only (prcoords's own bounds, below): elsewhere their
inverses diverge or fail (a GCJ-02 point at a pole was a "math domain error"), so such a point
is refused, naming the coordinate that lies outside.
"""

from __future__ import annotations

import math
from enum import StrEnum

from prcoords import Coords, bd_wgs_bored, gcj_wgs_bored, wgs_bd, wgs_gcj

from gis.errors import RejectedInputError

# Where GCJ-02 and BD-09 are defined: prcoords.sanity_in_china_p's box, in degrees.
CHINA_LON = (72.004, 137.8347)
CHINA_LAT = (0.8293, 55.8271)


class InputCrs(StrEnum):
    """The coordinate systems a point may arrive in: WGS-84, GCJ-02 or BD-09."""

    WGS84 = "WGS84"
    GCJ02 = "GCJ02"
    BD09 = "BD09"


class CoordinatesRejectedError(RejectedInputError):
    """A point that is not one in its CRS (answered 422), naming lon or lat."""

    title = "Invalid location"
    kind = "invalid-location"
    field = "lon"


def check_lon_lat(lon: float, lat: float, crs: InputCrs = InputCrs.WGS84) -> None:
    """CoordinatesRejectedError (a ValueError) unless lon/lat are finite degrees in range and,
    for GCJ-02 and BD-09, within China where those are defined."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise CoordinatesRejectedError("lon and lat must be finite numbers", "lon")
    if not -180 <= lon <= 180:
        raise CoordinatesRejectedError(f"lon must lie in [-180, 180]; got {lon}", "lon")
    if not -90 <= lat <= 90:
        raise CoordinatesRejectedError(f"lat must lie in [-90, 90]; got {lat}", "lat")
    if crs is InputCrs.WGS84:
        return
    for name, value, (low, high) in (("lon", lon, CHINA_LON), ("lat", lat, CHINA_LAT)):
        if not low <= value <= high:
            raise CoordinatesRejectedError(
                f"{name} must lie in [{low}, {high}] for {crs.value}, which is defined over"
                f" China only; got {value}",
                name,
            )


def to_wgs84(lon: float, lat: float, crs: InputCrs) -> tuple[float, float]:
    """WGS-84 (lon, lat) of a point given in crs (CoordinatesRejectedError if it is none)."""
    check_lon_lat(lon, lat, crs)
    if crs is InputCrs.WGS84:
        return lon, lat
    point = Coords(lat, lon)
    converted = gcj_wgs_bored(point) if crs is InputCrs.GCJ02 else bd_wgs_bored(point)
    return float(converted.lon), float(converted.lat)


def from_wgs84(lon: float, lat: float, crs: InputCrs) -> tuple[float, float]:
    """(lon, lat) in crs of a WGS-84 point (for links into Chinese map apps)."""
    check_lon_lat(lon, lat)
    if crs is InputCrs.WGS84:
        return lon, lat
    point = Coords(lat, lon)
    converted = wgs_gcj(point) if crs is InputCrs.GCJ02 else wgs_bd(point)
    return float(converted.lon), float(converted.lat)
