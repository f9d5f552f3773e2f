"""Every time shown is in the configured zone, written one way (gis/local_time.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gis.local_time import (
    ISO,
    SECONDS,
    format_span,
    format_time,
    local,
    offset,
    wall_time,
    zone_label,
)


def test_an_instant_is_shown_in_the_named_zone_with_its_offset_on_request() -> None:
    instant = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    assert format_time(instant, name="Asia/Shanghai") == "2026-12-04 09:00"
    assert format_time(instant, name="Asia/Shanghai", with_offset=True) == "2026-12-04 09:00 +08:00"
    assert format_time(instant, name="America/New_York") == "2026-12-03 20:00"
    assert offset(instant, name="America/New_York") == "-05:00"


def test_iso_text_naive_values_and_nothing_are_shown_as_people_expect() -> None:
    assert format_time("2026-12-04T01:00:00+00:00", name="Asia/Shanghai") == "2026-12-04 09:00"
    assert format_time(datetime(2026, 12, 4, 9, 0), name="Asia/Shanghai") == "2026-12-04 09:00"
    assert local(datetime(2026, 12, 4, 9, 0), name="Asia/Shanghai").utcoffset() is not None
    assert format_time(None) == "—" and format_time("", empty="") == ""


def test_a_window_names_the_end_date_only_when_it_differs() -> None:
    starts = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    same_day = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
    next_day = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    assert format_span(starts, same_day, name="Asia/Shanghai") == "2026-12-04 09:00 – 15:00"
    two_days = format_span(starts, next_day, name="Asia/Shanghai")
    assert two_days == "2026-12-04 09:00 – 2026-12-05 01:00"
    assert format_span(starts, same_day, name="Asia/Shanghai", with_offset=True).endswith("+08:00")


def test_an_unknown_zone_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        format_time(datetime(2026, 1, 1, tzinfo=UTC), name="Mars/Olympus")


def test_charts_get_the_wall_clock_and_exports_iso_with_the_offset() -> None:
    """A chart's axis plots the zone's clock and names the zone; an export keeps the offset."""
    instant = datetime(2026, 12, 4, 12, 30, tzinfo=UTC)
    assert wall_time(instant, name="Asia/Kolkata") == datetime(2026, 12, 4, 18, 0)
    assert zone_label(instant, name="Asia/Kolkata") == "Asia/Kolkata (UTC+05:30)"
    assert format_time(instant, ISO, name="America/New_York") == "2026-12-04T07:30:00-05:00"
    assert format_time(instant, SECONDS, name="Asia/Shanghai") == "2026-12-04 20:30:00"
