"""Calendar and appliance features of the load model."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from forecasting.features import (
    ApplianceSales,
    DayCalendar,
    appliance_shapes,
    local_hour_of_day,
    shared_design,
)
from forecasting.history import hour_of
from gis.vocabulary import APPLIANCE_TYPES, ApplianceType

HOLIDAY_COLUMNS = slice(48, 72)
MAKE_UP_COLUMN = 72


def _local_day_hours(year: int, month: int, day: int) -> np.ndarray:
    """The 24 UTC hours of a local (UTC+8) day."""
    start = hour_of(datetime(year, month, day, tzinfo=UTC)) - 8
    return start + np.arange(24, dtype=np.int64)


def test_national_day_2026_is_a_holiday_in_the_features() -> None:
    """Chinese public holidays are features: 1-7 October 2026 (National Day) sets the holiday x
    hour columns, at the local hour; 8 October, a workday, does not."""
    for day, holiday in ((1, True), (7, True), (8, False)):
        hours = _local_day_hours(2026, 10, day)
        design = shared_design(hours, np.full(24, 20.0), annual_terms=False)
        holiday_part = design[:, HOLIDAY_COLUMNS]
        if holiday:
            assert np.array_equal(holiday_part, np.eye(24)), day
        else:
            assert not holiday_part.any(), day


def test_make_up_saturday_is_a_workday_with_its_own_flag() -> None:
    """Make-up workdays: Saturday 10 October 2026 is worked, so it is neither weekend nor
    holiday, and the make-up flag is set; an ordinary Saturday (17 October) is a weekend."""
    make_up = shared_design(_local_day_hours(2026, 10, 10), np.full(24, 20.0), False)
    assert make_up[:, MAKE_UP_COLUMN].all()
    assert not make_up[:, 24:72].any()
    ordinary = shared_design(_local_day_hours(2026, 10, 17), np.full(24, 20.0), False)
    assert not ordinary[:, MAKE_UP_COLUMN].any()
    assert np.array_equal(ordinary[:, 24:48], np.eye(24))
    calendar = DayCalendar.of(_local_day_hours(2026, 9, 20))  # a make-up Sunday
    assert calendar.make_up_workday.all() and (calendar.kind == 0).all()


def test_hours_are_local_china_time() -> None:
    """16:00 UTC is local midnight (UTC+8)."""
    hours = np.array([hour_of(datetime(2026, 10, 1, 16, tzinfo=UTC))])
    assert local_hour_of_day(hours)[0] == 0


def test_appliance_regressors_are_cumulative_kw_times_usage() -> None:
    """Sales add rated kW from the hour sold on; the AC term follows cooling degrees (capped
    at full output), and every type is split into 6-hour blocks (the EV term's evening)."""
    hours = _local_day_hours(2026, 7, 1)
    ac = APPLIANCE_TYPES.index(ApplianceType.AIR_CONDITIONER)
    ev = APPLIANCE_TYPES.index(ApplianceType.EV_CHARGER)
    sales = ApplianceSales(
        transformer_index=np.array([0, 0, 1]),
        hour=np.array([hours[5], hours[10], hours[0] - 100]),
        type_index=np.array([ac, ac, ev]),
        kw=np.array([3.0, 2.0, 7.0]),
    )
    added = sales.added_kw(slice(0, 2), hours)
    assert added[0, 4, ac] == 0 and added[0, 5, ac] == 3 and added[0, 23, ac] == 5
    assert (added[1, :, ev] == 7).all()  # sold before the window: counted from the start
    shapes = appliance_shapes(hours, np.full(24, 28.0)).reshape(24, len(APPLIANCE_TYPES), 4)
    assert np.allclose(shapes[:, ac, :].sum(axis=1), 0.5)  # 4 of the 8 degrees to full output
    hot = appliance_shapes(hours, np.full(24, 40.0)).reshape(24, len(APPLIANCE_TYPES), 4)
    assert np.allclose(hot[:, ac, :].sum(axis=1), 1.0)  # capped at the rating
    assert shapes[18:, ev, 3].all() and not shapes[18:, ev, :3].any()  # the evening block
    assert not shapes[:18, ev, 3].any()
