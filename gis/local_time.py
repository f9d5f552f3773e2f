"""Times as people read them: every instant shown anywhere is in the utility's zone.

One zone (GRIDOPS_TIMEZONE, Asia/Shanghai by default) and one way of writing an instant in it,
for lists, charts, exports and notices alike. Stored instants stay timezone-aware UTC; only
what is shown is converted here. Where a time could be misread (an export, an API-facing text,
a page read from another zone) the zone's offset is written after it, as "+08:00".
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gis.settings import web_settings

MINUTE = "%Y-%m-%d %H:%M"
SHORT = "%m-%d %H:%M"  # within the same year, where space is tight (tables on the map)
CLOCK = "%H:%M"
ISO = "iso"  # ISO 8601 with its offset, for exports (CSV) that programs read
SECONDS = "%Y-%m-%d %H:%M:%S"  # logs of deliveries, where the second matters


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"GRIDOPS_TIMEZONE names no known time zone: {name!r}") from exc


def zone(name: str | None = None) -> ZoneInfo:
    """The configured zone (GRIDOPS_TIMEZONE), or the named one."""
    return _zone(name or web_settings().timezone)


def local(value: datetime, name: str | None = None) -> datetime:
    """The instant in the configured zone; a naive value is taken as already local."""
    tz = zone(name)
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def offset(value: datetime | None = None, name: str | None = None) -> str:
    """The zone's offset from UTC at that instant (now by default), as "+08:00"."""
    moment = local(value or datetime.now(zone(name)), name)
    text = moment.strftime("%z")  # "+0800"
    return f"{text[:3]}:{text[3:]}"


def wall_time(value: datetime, name: str | None = None) -> datetime:
    """The instant as the zone's wall clock, without its zone: what a chart's axis plots
    (plotly draws the clock of the text it is given), the axis title naming the zone."""
    return local(value, name).replace(tzinfo=None)


def zone_label(value: datetime | None = None, name: str | None = None) -> str:
    """The zone as a reader is told it: "Asia/Shanghai (UTC+08:00)"."""
    return f"{zone(name).key} (UTC{offset(value, name)})"


def format_time(
    value: datetime | str | None,
    pattern: str = MINUTE,
    *,
    with_offset: bool = False,
    name: str | None = None,
    empty: str = "—",
) -> str:
    """An instant as shown: in the configured zone, by pattern, "+08:00" after it on request.

    Accepts an aware datetime, a naive one (already local) or an ISO 8601 text (as JSON
    answers carry); None or "" is shown as `empty`. The pattern ISO writes ISO 8601 with the
    offset attached (2026-12-04T09:00:00+08:00), for exports read by programs.
    """
    if value is None or value == "":
        return empty
    moment = local(datetime.fromisoformat(value) if isinstance(value, str) else value, name)
    if pattern == ISO:
        return moment.isoformat(timespec="seconds")
    shown = moment.strftime(pattern)
    return f"{shown} {offset(moment, name)}" if with_offset else shown


def format_span(
    starts: datetime | None,
    ends: datetime | None,
    *,
    with_offset: bool = False,
    name: str | None = None,
) -> str:
    """A window such as 2026-12-04 09:00 to 15:00 (the end's date only when it differs)."""
    if starts is None:
        return format_time(ends, with_offset=with_offset, name=name)
    first = format_time(starts, name=name)
    if ends is None:
        last = ""
    elif local(ends, name).date() == local(starts, name).date():
        last = format_time(ends, CLOCK, name=name)
    else:
        last = format_time(ends, name=name)
    shown = f"{first} – {last}" if last else first
    return f"{shown} {offset(starts, name)}" if with_offset else shown
