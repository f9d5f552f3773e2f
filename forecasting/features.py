"""The design of the load model: calendar, temperature and appliance regressors, hour by hour.

Times are UTC hours since 1970 (int64); the calendar and the daily shapes are China Standard
Time (UTC+8, no daylight saving), as chinese_calendar's holidays and make-up workdays are.

The shared part X (the same for every transformer over the same hours) is

    hour of day (24 dummies) + weekend x hour (24) + public holiday x hour (24)
    + make-up workday (1) + annual Fourier terms (4, with about a year of history)
    + cooling degree-hours x 2-hour block (12) + heating degree-hours x 2-hour block (12)

and the appliance part Z (per transformer) is the cumulative rated kW sold of each type times
its weather share (air conditioners: cooling degrees / 8, heat pumps: heating degrees / 8, both
capped at 1 — a unit cannot draw more than its rating; the others: 1), crossed with the four
6-hour blocks of the local day, so that the data say when each type draws (EV chargers in the
evening block, water heaters morning and evening). Each coefficient is a diversity factor: the
kW drawn per rated kW sold, in that block, at full cooling or heating for the weather types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from data.work_calendar import DayKind, day_kinds
from gis.vocabulary import APPLIANCE_TYPES, ApplianceType

LOCAL_OFFSET_H = 8  # China Standard Time
COOLING_BASE_C = 24.0
HEATING_BASE_C = 10.0
FULL_OUTPUT_DEGREES_C = 8.0  # ACs and heat pumps run at their rating this far past the base
HOUR_BLOCK = 2  # of the temperature response
USAGE_BLOCKS = 4  # 6-hour blocks of the appliance regressors
HOURS_PER_YEAR = 365.25 * 24
EPOCH_DAY = date(1970, 1, 1)

Floats = npt.NDArray[np.float64]
Hours = npt.NDArray[np.int64]


def local_hour_of_day(hours: Hours) -> npt.NDArray[np.int64]:
    """The local hour of the day (0 to 23) of each UTC hour."""
    return np.asarray((hours + LOCAL_OFFSET_H) % 24)


def local_day_number(hours: Hours) -> npt.NDArray[np.int64]:
    """Local calendar day as days since 1970-01-01."""
    return np.asarray((hours + LOCAL_OFFSET_H) // 24)


def day_from_number(number: int) -> date:
    """The local calendar date of a day number (days since 1970-01-01)."""
    return EPOCH_DAY + timedelta(days=int(number))


@dataclass(frozen=True)
class DayCalendar:
    """Per hour: the day's kind and whether it is a make-up workday (a worked weekend day)."""

    kind: npt.NDArray[np.int8]
    make_up_workday: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, hours: Hours) -> DayCalendar:
        """The calendar of the given hours: each day's kind and which weekend days are worked."""
        day_numbers = local_day_number(hours)
        unique_days, inverse = np.unique(day_numbers, return_inverse=True)
        days = [day_from_number(int(n)) for n in unique_days]
        kinds = day_kinds(days)
        weekend = np.array([d.weekday() >= 5 for d in days], dtype=bool)
        make_up = weekend & (kinds == DayKind.WORKDAY)
        return cls(kind=kinds[inverse], make_up_workday=make_up[inverse])


def degree_hours(temperature_c: Floats) -> tuple[Floats, Floats]:
    """(cooling, heating) degrees above COOLING_BASE_C and below HEATING_BASE_C."""
    cooling = np.maximum(temperature_c - COOLING_BASE_C, 0.0)
    heating = np.maximum(HEATING_BASE_C - temperature_c, 0.0)
    return cooling, heating


def shared_design(hours: Hours, temperature_c: Floats, annual_terms: bool) -> Floats:
    """X: one row per hour, the columns listed in the module docstring."""
    count = len(hours)
    hour = local_hour_of_day(hours)
    calendar = DayCalendar.of(hours)
    hour_dummies = np.zeros((count, 24))
    hour_dummies[np.arange(count), hour] = 1.0
    weekend = (calendar.kind == DayKind.WEEKEND)[:, None] * hour_dummies
    holiday = (calendar.kind == DayKind.HOLIDAY)[:, None] * hour_dummies
    blocks = 24 // HOUR_BLOCK
    block_dummies = np.zeros((count, blocks))
    block_dummies[np.arange(count), hour // HOUR_BLOCK] = 1.0
    cooling, heating = degree_hours(temperature_c)
    columns = [
        hour_dummies,
        weekend,
        holiday,
        calendar.make_up_workday[:, None].astype(np.float64),
        cooling[:, None] * block_dummies,
        heating[:, None] * block_dummies,
    ]
    if annual_terms:
        angle = 2 * np.pi * (hours % HOURS_PER_YEAR) / HOURS_PER_YEAR
        columns.append(np.column_stack([f(k * angle) for k in (1, 2) for f in (np.sin, np.cos)]))
    return np.hstack(columns)


# The appliance type of each regressor column (type-major: type k has columns 4k..4k+3).
REGRESSOR_TYPE = np.repeat(np.arange(len(APPLIANCE_TYPES)), USAGE_BLOCKS)


def appliance_shapes(hours: Hours, temperature_c: Floats) -> Floats:
    """s[t, type x block]: what each type's cumulative rated kW is multiplied by."""
    cooling, heating = degree_hours(temperature_c)
    weather = np.ones((len(hours), len(APPLIANCE_TYPES)))
    weather[:, APPLIANCE_TYPES.index(ApplianceType.AIR_CONDITIONER)] = np.minimum(
        cooling / FULL_OUTPUT_DEGREES_C, 1.0
    )
    weather[:, APPLIANCE_TYPES.index(ApplianceType.HEAT_PUMP)] = np.minimum(
        heating / FULL_OUTPUT_DEGREES_C, 1.0
    )
    block = local_hour_of_day(hours) // (24 // USAGE_BLOCKS)
    in_block = (block[:, None] == np.arange(USAGE_BLOCKS)[None, :]).astype(np.float64)
    return np.asarray((weather[:, :, None] * in_block[:, None, :]).reshape(len(hours), -1))


def by_regressor(kw_by_type: Floats) -> Floats:
    """[..., type] -> [..., regressor]: each type's kW repeated over its blocks."""
    return np.asarray(kw_by_type[..., REGRESSOR_TYPE])


def by_type(per_regressor: Floats) -> Floats:
    """[..., regressor] -> [..., type]: summed over the blocks."""
    shape = (*per_regressor.shape[:-1], len(APPLIANCE_TYPES), USAGE_BLOCKS)
    return np.asarray(per_regressor.reshape(shape).sum(axis=-1))


@dataclass(frozen=True)
class ApplianceSales:
    """Sales of the transformers in order: index into them, UTC hour sold, type index, kW."""

    transformer_index: npt.NDArray[np.int64]
    hour: Hours
    type_index: npt.NDArray[np.int64]
    kw: Floats

    @classmethod
    def empty(cls) -> ApplianceSales:
        """No sales at all."""
        ints = np.zeros(0, dtype=np.int64)
        return cls(ints, ints, ints, np.zeros(0))

    def added_kw(self, transformers: slice, hours: Hours) -> Floats:
        """A[n, t, type]: rated kW sold up to each hour (inclusive), for a slice of transformers.

        Sales before the first hour count from the start; sales after the last are ignored.
        """
        start, stop = transformers.start or 0, transformers.stop
        count = stop - start
        added = np.zeros((count, len(hours), len(APPLIANCE_TYPES)))
        chosen = (self.transformer_index >= start) & (self.transformer_index < stop)
        if not chosen.any():
            return added
        position = np.searchsorted(hours, self.hour[chosen], side="left")
        inside = position < len(hours)
        np.add.at(
            added,
            (
                self.transformer_index[chosen][inside] - start,
                position[inside],
                self.type_index[chosen][inside],
            ),
            self.kw[chosen][inside],
        )
        return np.cumsum(added, axis=1)

    def outlook(self, count: int, cutoff_hour: int, window_hours: int) -> tuple[Floats, Floats]:
        """([n, type], [n, type]): the rated kW sold before the cut-off (the installed base)
        and the adoption trend over the window before it, which the forecast continues."""
        start = np.zeros((count, len(APPLIANCE_TYPES)))
        sold = self.hour < cutoff_hour
        np.add.at(start, (self.transformer_index[sold], self.type_index[sold]), self.kw[sold])
        return start, self.trend_kw_per_hour(count, cutoff_hour, window_hours)

    def trend_kw_per_hour(self, count: int, cutoff_hour: int, window_hours: int) -> Floats:
        """[n, type]: the kW added per hour over the window before the cut-off (the adoption
        trend each transformer's appliance regressors are extrapolated with)."""
        trend = np.zeros((count, len(APPLIANCE_TYPES)))
        recent = (self.hour >= cutoff_hour - window_hours) & (self.hour < cutoff_hour)
        np.add.at(trend, (self.transformer_index[recent], self.type_index[recent]), self.kw[recent])
        return trend / window_hours
