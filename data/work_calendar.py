"""Chinese working calendar: workdays, weekends, public holidays and make-up workdays.

chinese_calendar knows the State Council's schedule for 2004-2026; for other years the weekend
rule (Saturday and Sunday off) is used, with one warning naming those years.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import date
from enum import IntEnum

import chinese_calendar
import numpy as np
import numpy.typing as npt


class DayKind(IntEnum):
    """How a day is worked; the value indexes the daily load curves."""

    WORKDAY = 0  # including make-up workdays on a weekend
    WEEKEND = 1
    HOLIDAY = 2  # a public holiday (Spring Festival, National Day, ...)


class CalendarFallbackWarning(UserWarning):
    """chinese_calendar has no schedule for some years; the weekend rule was used."""


def _weekend_rule(day: date) -> DayKind:
    return DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY


def _official(day: date) -> DayKind:
    """The official kind of a day; NotImplementedError outside chinese_calendar's years."""
    if chinese_calendar.is_workday(day):
        return DayKind.WORKDAY
    _, holiday_name = chinese_calendar.get_holiday_detail(day)
    return DayKind.HOLIDAY if holiday_name else DayKind.WEEKEND


def day_kinds(days: Sequence[date]) -> npt.NDArray[np.int8]:
    """The DayKind of each day, as int8 values."""
    kinds = np.empty(len(days), dtype=np.int8)
    unknown_years: set[int] = set()
    for index, day in enumerate(days):
        try:
            kinds[index] = _official(day)
        except NotImplementedError:
            unknown_years.add(day.year)
            kinds[index] = _weekend_rule(day)
    if unknown_years:
        years = ", ".join(str(year) for year in sorted(unknown_years))
        warnings.warn(
            f"chinese_calendar has no holiday schedule for {years}: "
            "weekends are used as the only days off in those years",
            CalendarFallbackWarning,
            stacklevel=2,
        )
    return kinds
