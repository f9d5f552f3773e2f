"""Coordinates as phones send them: WGS-84, GCJ-02 (WeChat, AMap) or BD-09 (Baidu).

The conversions come from prcoords (public domain), whose *_bored inverses iterate to
centimetre precision instead of the usual one-step approximation (about 1 to 2 m off).
"""

from __future__ import annotations

import math
from enum import StrEnum

from prcoords import Coords, bd_wgs_bored, gcj_wgs_bored, wgs_bd, wgs_gcj


class InputCrs(StrEnum):
    WGS84 = "WGS84"
    GCJ02 = "GCJ02"
    BD09 = "BD09"


def check_lon_lat(lon: float, lat: float) -> None:
    """ValueError unless lon/lat are finite degrees in range."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError("lon and lat must be finite numbers")
    if not -180 <= lon <= 180:
        raise ValueError(f"lon must lie in [-180, 180]; got {lon}")
    if not -90 <= lat <= 90:
        raise ValueError(f"lat must lie in [-90, 90]; got {lat}")


def to_wgs84(lon: float, lat: float, crs: InputCrs) -> tuple[float, float]:
    """WGS-84 (lon, lat) of a point given in crs. Outside China GCJ-02 equals WGS-84."""
    check_lon_lat(lon, lat)
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
