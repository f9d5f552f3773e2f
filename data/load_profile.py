"""Hourly load shapes by customer type, and the demo's transformer load built from them.

A shape is load as a fraction of contracted kW, for a diversified group of customers of one
type. It is the daily curve of the day's kind (workday, weekend, public holiday) times a small
seasonal factor (lighting), plus cooling load above 24 C and heating load below 10 C, scaled by
how much of the type's activity happens at that hour. A transformer's load is then

    kW(t) = sum over types of (contracted kW of its customers of that type) * shape_type(t)
            * (1 + noise(t)),    noise an AR(1) series of about 4 % per transformer,

so its mean over any period is sum(contracted kW by type * mean shape of the type). The demo
adds the load of the appliances sold in each supply area (data/appliance_adoption.py) to the
expected kW before the noise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from data.grid_network import LoadBlock, Timestamps
from data.work_calendar import day_kinds
from gis.vocabulary import CUSTOMER_TYPES, CustomerType

if TYPE_CHECKING:
    from data.appliance_adoption import ApplianceLoad

CHINA_UTC_OFFSET = np.timedelta64(8, "h")  # China Standard Time, no daylight saving
COOLING_ABOVE_C = 24.0
HEATING_BELOW_C = 10.0
LOAD_NOISE_STREAM = 0x10AD  # spawn key of the load noise, apart from SeedSequence.spawn()

_RESIDENTIAL_WORKDAY = (
    0.080, 0.065, 0.060, 0.055, 0.055, 0.060, 0.080, 0.110, 0.120, 0.100, 0.090, 0.090,
    0.100, 0.095, 0.090, 0.090, 0.100, 0.120, 0.160, 0.190, 0.200, 0.190, 0.160, 0.120,
)  # fmt: skip
_RESIDENTIAL_DAY_OFF = (
    0.090, 0.075, 0.065, 0.060, 0.055, 0.060, 0.070, 0.085, 0.100, 0.115, 0.120, 0.120,
    0.125, 0.120, 0.115, 0.115, 0.120, 0.135, 0.170, 0.195, 0.200, 0.190, 0.165, 0.125,
)  # fmt: skip
_COMMERCIAL_WORKDAY = (
    0.120, 0.110, 0.100, 0.100, 0.100, 0.110, 0.140, 0.220, 0.340, 0.420, 0.460, 0.470,
    0.450, 0.460, 0.470, 0.460, 0.450, 0.430, 0.420, 0.410, 0.380, 0.330, 0.240, 0.160,
)  # fmt: skip
_INDUSTRIAL_WORKDAY = (
    0.300, 0.290, 0.290, 0.290, 0.290, 0.300, 0.340, 0.450, 0.580, 0.620, 0.630, 0.620,
    0.520, 0.580, 0.620, 0.620, 0.600, 0.550, 0.450, 0.400, 0.370, 0.350, 0.330, 0.310,
)  # fmt: skip
# Activity of each type by DayKind (workday, weekend, holiday), relative to a workday.
_DAY_SCALE = np.array([[1.0, 1.0, 1.02], [1.0, 0.82, 0.62], [1.0, 0.60, 0.35]])
# Daily curves [type, day kind, local hour].
DAILY_CURVES = (
    np.array(
        [
            [_RESIDENTIAL_WORKDAY, _RESIDENTIAL_DAY_OFF, _RESIDENTIAL_DAY_OFF],
            [_COMMERCIAL_WORKDAY, _COMMERCIAL_WORKDAY, _COMMERCIAL_WORKDAY],
            [_INDUSTRIAL_WORKDAY, _INDUSTRIAL_WORKDAY, _INDUSTRIAL_WORKDAY],
        ]
    )
    * _DAY_SCALE[:, :, None]
)
# Fraction of contracted kW per degree of cooling (above 24 C) and heating (below 10 C).
COOLING_PER_DEGREE = np.array([0.011, 0.018, 0.005])
HEATING_PER_DEGREE = np.array([0.006, 0.008, 0.002])
# Extra lighting in winter: amplitude of the seasonal factor, peaking at the winter solstice.
SEASONAL_AMPLITUDE = np.array([0.06, 0.02, 0.0])
_HOURS = np.arange(24)
# How much air conditioning runs at each local hour, per type.
TEMPERATURE_USE = np.array(
    [
        np.select([_HOURS < 7, _HOURS < 12, _HOURS < 18], [0.8, 0.45, 0.6], 1.0),
        np.where((_HOURS >= 8) & (_HOURS < 22), 1.0, 0.15),
        np.where((_HOURS >= 8) & (_HOURS < 18), 1.0, 0.5),
    ]
)


@dataclass(frozen=True)
class Timeline:
    """Whole local days (China Standard Time) as consecutive hours."""

    days: tuple[date, ...]
    timestamps: Timestamps  # UTC, datetime64[us]
    local_hours: Timestamps  # local wall time, datetime64[h]


def hourly_timeline(end: date, days: int) -> Timeline:
    """The `days` local days ending with `end` (included), hour by hour."""
    if days < 1:
        raise ValueError(f"a load history needs at least one day; got {days}")
    first = end - timedelta(days=days - 1)
    local = np.datetime64(first, "h") + np.arange(days * 24)
    return Timeline(
        days=tuple(first + timedelta(days=offset) for offset in range(days)),
        timestamps=(local - CHINA_UTC_OFFSET).astype("datetime64[us]"),
        local_hours=local,
    )


@dataclass(frozen=True)
class LoadProfile:
    """Load shapes shapes[type, t] (fraction of contracted kW) over a timeline."""

    timestamps: Timestamps
    temperature_c: npt.NDArray[np.float64]
    day_kind: npt.NDArray[np.int8]  # per hour
    shapes: npt.NDArray[np.float64]  # [type in CUSTOMER_TYPES order, hour]

    @classmethod
    def build(cls, timeline: Timeline, temperature_c: npt.NDArray[np.float64]) -> LoadProfile:
        """The shapes over a timeline: daily curves by kind of day, the season and the weather."""
        kind = np.repeat(day_kinds(timeline.days), 24)
        local = timeline.local_hours
        hour = (local - local.astype("datetime64[D]").astype("datetime64[h]")).astype(np.int64)
        day_of_year = (local.astype("datetime64[D]") - local.astype("datetime64[Y]")).astype(float)
        winter = np.cos(2 * np.pi * (day_of_year - 355.0) / 365.25)
        seasonal = 1.0 + SEASONAL_AMPLITUDE[:, None] * winter[None, :]
        cooling = np.maximum(temperature_c - COOLING_ABOVE_C, 0.0)
        heating = np.maximum(HEATING_BELOW_C - temperature_c, 0.0)
        weather = (
            COOLING_PER_DEGREE[:, None] * cooling[None, :]
            + HEATING_PER_DEGREE[:, None] * heating[None, :]
        ) * TEMPERATURE_USE[:, hour]
        types = np.arange(len(CUSTOMER_TYPES))[:, None]
        shapes = DAILY_CURVES[types, kind[None, :], hour[None, :]] * seasonal
        shapes = shapes + _DAY_SCALE[types, kind[None, :]] * weather
        return cls(timeline.timestamps, temperature_c, kind, shapes)

    def last_hours(self, hours: int) -> LoadProfile:
        """The profile of the final `hours` hours."""
        return LoadProfile(
            self.timestamps[-hours:],
            self.temperature_c[-hours:],
            self.day_kind[-hours:],
            self.shapes[:, -hours:],
        )

    def mean_factors(self) -> dict[CustomerType, float]:
        """Mean load as a fraction of contracted kW, per type, over the profile's hours."""
        means = self.shapes.mean(axis=1)
        return {kind: float(means[index]) for index, kind in enumerate(CUSTOMER_TYPES)}

    def peak_factors(self) -> npt.NDArray[np.float64]:
        """The highest shape value of each type (an upper bound of its share of a peak)."""
        return np.asarray(self.shapes.max(axis=1))

    def peak_kw(
        self, contracted_kw: npt.NDArray[np.float64], block: int = 2000
    ) -> npt.NDArray[np.float64]:
        """Expected peak kW of groups of customers, contracted_kw[group, type]."""
        peaks = np.empty(len(contracted_kw))
        for start in range(0, len(contracted_kw), block):
            stop = start + block
            peaks[start:stop] = (contracted_kw[start:stop] @ self.shapes).max(axis=1)
        return peaks


@dataclass(frozen=True)
class ProfileLoad:
    """The demo's hourly transformer load, generated per block of transformers (a LoadSource).

    Block b's noise comes from its own seed stream (seed, LOAD_NOISE_STREAM, b), so a block is
    the same whichever blocks are generated before it.
    """

    profile: LoadProfile
    transformer_ids: npt.NDArray[np.int32]
    contracted_kw: npt.NDArray[np.float64]  # [transformer, type]
    seed: int
    noise_sd: float = 0.04
    noise_persistence: float = 0.9
    block_size: int = 250
    appliances: ApplianceLoad | None = None  # the load added by appliance sales

    @property
    def timestamps(self) -> Timestamps:
        """The profile's hours, UTC."""
        return self.profile.timestamps

    @property
    def transformer_count(self) -> int:
        """How many transformers the load covers."""
        return len(self.transformer_ids)

    def expected_mean_kw(self) -> npt.NDArray[np.float64]:
        """Mean kW per transformer implied by its customers (noise aside)."""
        factors = np.array(list(self.profile.mean_factors().values()))
        return np.asarray(self.contracted_kw @ factors)

    def blocks(self) -> Iterator[LoadBlock]:
        """Each block's kW: its customers' expected load and appliances, times persistent noise."""
        for index, start in enumerate(range(0, self.transformer_count, self.block_size)):
            stop = start + self.block_size
            yield LoadBlock(self.transformer_ids[start:stop], self._block_kw(index, start, stop))

    def _block_kw(self, index: int, start: int, stop: int) -> npt.NDArray[np.float32]:
        contracted = self.contracted_kw[start:stop]
        stream = np.random.SeedSequence(self.seed, spawn_key=(LOAD_NOISE_STREAM, index))
        rng = np.random.Generator(np.random.PCG64(stream))
        hours = self.profile.shapes.shape[1]
        noise = rng.standard_normal((hours, len(contracted)), dtype=np.float32)
        noise[0] *= self.noise_sd
        noise[1:] *= self.noise_sd * np.sqrt(1 - self.noise_persistence**2)
        persistence = np.float32(self.noise_persistence)
        for hour in range(1, hours):
            noise[hour] += persistence * noise[hour - 1]
        expected = (contracted @ self.profile.shapes).astype(np.float32)
        if self.appliances is not None:
            expected += self.appliances.added_kw(start, start + len(contracted))
        noise += np.float32(1.0)
        return np.maximum(expected * noise.T, np.float32(0.0))
