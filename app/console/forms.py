"""Turn the values of console form fields into typed values (and clear errors)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gis.errors import RejectedInputError
from gis.geometry import DrawnArea, parse_area
from gis.local_time import local


class FormError(RejectedInputError):
    """A form value that cannot be used, with a message for the operator."""


def local_datetime(value: str | None, zone: str, label: str) -> datetime:
    """A date-time field ("2026-11-27 09:00", ISO 8601) read in the utility's zone."""
    if not value:
        raise FormError(f"{label}: required", label)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FormError(f"{label}: not a date and time ({value!r})", label) from None
    return parsed if parsed.tzinfo else local(parsed, zone)


def drawn_area(geojson: dict[str, Any] | None) -> DrawnArea | None:
    """The shapes drawn with the EditControl, as one area (None when nothing is drawn)."""
    features = (geojson or {}).get("features") or []
    if not features:
        return None
    return parse_area({"type": "FeatureCollection", "features": features})


def required_text(value: str | None, label: str) -> str:
    """A form's text field, trimmed; a FormError naming the field when it is empty."""
    if not value or not value.strip():
        raise FormError(f"{label}: required", label)
    return value.strip()


@dataclass(frozen=True)
class Tap:
    """What a public map's tap or the browser's location gave: the place (lon, lat), or that
    the location failed (the browser's error), or neither (another input fired)."""

    place: tuple[float, float] | None = None
    location_failed: bool = False


def read_tap(
    trigger: object,
    map_id: str,
    position_id: str,
    clicked: dict[str, Any] | None,
    position: dict[str, Any] | None,
) -> Tap:
    """The place of a tap on the map or of the browser's position, whichever fired."""
    if trigger == map_id and clicked:
        return Tap((float(clicked["latlng"]["lng"]), float(clicked["latlng"]["lat"])))
    if trigger == position_id and position:
        if position.get("error"):
            return Tap(location_failed=True)
        if "lon" in position:
            return Tap((float(position["lon"]), float(position["lat"])))
    return Tap()
