"""The demo's appliance sales over the load history, and the load they add to each transformer.

Adoption. In each supply area, sales of each appliance type arrive day by day as a Poisson
process with rate

    households x ANNUAL_SALES_PER_HOUSEHOLD[type] / 365 x area multiplier x season(type, day)
    x rise(day)

where households counts the area's customers (a shop or factory as a fraction of one), the
area multiplier is lognormal (most areas adopt slowly, a few faster), the season sells air
conditioners in early summer and heaters in late autumn, and the rise lifts the rate from 0.75
to 1.25 of itself over the history (the accelerating part of an adoption curve). On top, a
few residential areas with headroom (FAST_SHARE, at least MIN_FAST) adopt one appliance fast —
air conditioners, or every third one EV chargers — at a steady rate chosen so that their
connected kW, continued for a year past the history, adds FAST_OVERLOAD x the transformer's
headroom at the appliance's peak use: such a transformer is not overloaded in its history but
is within the next 12 months if the trend goes on. Over a history longer than a year the rate
is capped so that the connected kW reaches at most FAST_END_SHARE of the headroom by its end
(a steady rate over two years would otherwise overload it inside the history); a year later it
still passes the headroom for histories up to about four years. A year or less is unchanged.

Added load. A unit of rated kW adds rated_kw x usage(type, t): the diversified share of its
rating drawn at that hour (the DIVERSITY of a large group of units times the hour's activity):
air conditioners with the cooling degrees above 24 C, mostly in the afternoon and evening; EV
chargers in the evening (19-23 h); heat pumps with the heating degrees below 12 C; water
heaters in the morning and evening, more in winter; induction cookers at meal times. A sale
counts from the day after it (installation), so kW(t) of a transformer is its customers' load
plus the sum over its sales so far of rated_kw x quantity x usage(type, t).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from data.load_profile import CHINA_UTC_OFFSET, LoadProfile
from gis.vocabulary import APPLIANCE_TYPES, POWER_FACTOR, ApplianceType

ADOPTION_STREAM = 0x5A1E  # spawn key of the sales, apart from SeedSequence.spawn()
AC, EV, WATER_HEATER, HEAT_PUMP, COOKER, OTHER = range(len(APPLIANCE_TYPES))
ANNUAL_SALES_PER_HOUSEHOLD = np.array([0.05, 0.008, 0.025, 0.006, 0.025, 0.03])
HOUSEHOLD_WEIGHT = np.array([1.0, 0.4, 0.1])  # residential, commercial, industrial
AREA_SPREAD = 0.5  # sigma of the lognormal area multiplier
FAST_SHARE = 0.03
MIN_FAST = 3
FAST_OVERLOAD = 1.5
FAST_END_SHARE = 0.8  # at most this share of the headroom connected by the history's end
FAST_LOADING = (0.45, 0.85)  # design peak loading of the areas that may adopt fast
FAST_RESIDENTIAL_SHARE = 0.6  # of contracted kW
# Rated kW of one unit and how often each is sold, per type.
RATINGS: dict[ApplianceType, tuple[tuple[float, ...], tuple[float, ...]]] = {
    ApplianceType.AIR_CONDITIONER: ((0.9, 1.2, 1.6, 2.4, 3.2), (0.2, 0.3, 0.25, 0.15, 0.1)),
    ApplianceType.EV_CHARGER: ((3.5, 7.0, 11.0), (0.15, 0.75, 0.1)),
    ApplianceType.ELECTRIC_WATER_HEATER: ((1.5, 2.0, 2.5, 3.0), (0.2, 0.35, 0.3, 0.15)),
    ApplianceType.HEAT_PUMP: ((2.0, 3.0, 4.5, 6.0), (0.25, 0.35, 0.25, 0.15)),
    ApplianceType.INDUCTION_COOKER: ((1.8, 2.1, 2.5, 3.5), (0.3, 0.35, 0.25, 0.1)),
    ApplianceType.OTHER: ((0.5, 1.0, 2.0), (0.4, 0.4, 0.2)),
}
DIVERSITY = np.array([0.55, 0.35, 0.2, 0.5, 0.15, 0.06])
_HOURS = np.arange(24)
HOUR_USE = np.array(
    [
        np.select([_HOURS < 7, _HOURS < 12, _HOURS < 18, _HOURS < 23], [0.35, 0.3, 0.6, 1.0], 0.6),
        np.select([_HOURS < 6, _HOURS < 19, _HOURS < 23], [0.25, 0.08, 1.0], 0.6),
        np.where(((_HOURS >= 6) & (_HOURS < 9)) | ((_HOURS >= 19) & (_HOURS < 23)), 1.0, 0.15),
        np.where(((_HOURS >= 6) & (_HOURS < 10)) | (_HOURS >= 17), 1.0, 0.6),
        np.where(((_HOURS >= 11) & (_HOURS < 13)) | ((_HOURS >= 17) & (_HOURS < 20)), 1.0, 0.05),
        np.ones(24),
    ]
)
SALE_HOURS = (9, 22)  # shops' hours, local


def appliance_usage(profile: LoadProfile) -> npt.NDArray[np.float32]:
    """usage[type, t]: the share of a unit's rated kW drawn at each hour of the profile."""
    local = profile.timestamps.astype("datetime64[h]") + CHINA_UTC_OFFSET
    hour = (local - local.astype("datetime64[D]").astype("datetime64[h]")).astype(np.int64)
    temperature = profile.temperature_c
    cooling = np.clip((temperature - 24.0) / 8.0, 0.0, 1.0)
    heating = np.clip((12.0 - temperature) / 10.0, 0.0, 1.0)
    winter = np.clip((18.0 - temperature) / 15.0, 0.0, 1.0)
    weather = np.ones((len(APPLIANCE_TYPES), len(hour)))
    weather[AC] = cooling
    weather[HEAT_PUMP] = heating
    weather[WATER_HEATER] = 1.0 + 0.5 * winter
    usage = DIVERSITY[:, None] * HOUR_USE[:, hour] * weather
    return usage.astype(np.float32)


@dataclass(frozen=True)
class ApplianceLoad:
    """Sales (sorted by transformer) and usage over the load's hours: the added kW per block."""

    transformer: npt.NDArray[np.int64]  # index into the load's transformers
    day: npt.NDArray[np.int64]  # local day of the sale, 0 = the history's first
    kind: npt.NDArray[np.int64]  # index into APPLIANCE_TYPES
    kw: npt.NDArray[np.float64]  # rated_kw x quantity
    usage: npt.NDArray[np.float32]  # [type, hour of the load]

    @property
    def days(self) -> int:
        """How many days the load's hours cover."""
        return self.usage.shape[1] // 24

    def cumulative_kw(self, start: int, stop: int) -> npt.NDArray[np.float32]:
        """[transformer start..stop, type, day]: kW connected at the start of each day."""
        first, last = np.searchsorted(self.transformer, [start, stop])
        counted = np.zeros((stop - start, len(APPLIANCE_TYPES), self.days + 1))
        sales = slice(first, last)
        place = (self.transformer[sales] - start, self.kind[sales], self.day[sales] + 1)
        np.add.at(counted, place, self.kw[sales])
        return np.cumsum(counted, axis=2)[:, :, : self.days].astype(np.float32)

    def added_kw(self, start: int, stop: int) -> npt.NDArray[np.float32]:
        """[transformer start..stop, hour]: the load the sales add."""
        cumulative = self.cumulative_kw(start, stop)
        added = np.zeros((stop - start, self.usage.shape[1]), dtype=np.float32)
        for kind in range(len(APPLIANCE_TYPES)):
            added += np.repeat(cumulative[:, kind, :], 24, axis=1) * self.usage[kind]
        return added


@dataclass(frozen=True)
class AdoptionPlan:
    """The demo's sales: the load they add, and per sale its customer (whose point it takes),
    local hour, rated kW and quantity; the fast-adopting transformers and their appliance."""

    load: ApplianceLoad
    customer: npt.NDArray[np.int64]
    hour: npt.NDArray[np.int64]
    rated_kw: npt.NDArray[np.float64]
    quantity: npt.NDArray[np.int64]
    fast_transformers: npt.NDArray[np.int64]
    fast_kind: npt.NDArray[np.int64]


def _season(profile: LoadProfile, days: int) -> npt.NDArray[np.float64]:
    """season[type, day]: the sales season of each type."""
    local_days = (profile.timestamps[::24] + CHINA_UTC_OFFSET).astype("datetime64[D]")[:days]
    day_of_year = (local_days - local_days.astype("datetime64[Y]")).astype(float)
    season = np.ones((len(APPLIANCE_TYPES), days))
    season[AC] = 1 + 0.7 * np.cos(2 * np.pi * (day_of_year - 170) / 365.25)
    for kind in (WATER_HEATER, HEAT_PUMP):
        season[kind] = 1 + 0.5 * np.cos(2 * np.pi * (day_of_year - 320) / 365.25)
    return season


def _fast_adopters(
    reference: LoadProfile,
    contracted: npt.NDArray[np.float64],
    kva: npt.NDArray[np.float64],
    days: int,
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Transformers that adopt fast, their appliance, and the kW a day they add."""
    base_peak = reference.peak_kw(contracted)
    headroom = kva * POWER_FACTOR - base_peak
    loading = base_peak / (kva * POWER_FACTOR)
    residential = contracted[:, 0] / np.maximum(contracted.sum(axis=1), 1e-9)
    low, high = FAST_LOADING
    fits = (loading >= low) & (loading <= high) & (residential >= FAST_RESIDENTIAL_SHARE)
    candidates = np.flatnonzero(fits)
    count = min(len(candidates), max(MIN_FAST, round(FAST_SHARE * len(kva))))
    chosen = np.sort(rng.choice(candidates, size=count, replace=False))
    kind = np.where(np.arange(count) % 3 == 1, EV, AC)
    peak_use = appliance_usage(reference).max(axis=1)
    kw_a_day = FAST_OVERLOAD * headroom[chosen] / (peak_use[kind] * (days + 365))
    if FAST_OVERLOAD * days > FAST_END_SHARE * (days + 365):  # a longer history: capped
        kw_a_day = FAST_END_SHARE * headroom[chosen] / (peak_use[kind] * days)
    return chosen.astype(np.int64), kind.astype(np.int64), kw_a_day


def _mean_rating(kind: ApplianceType) -> float:
    ratings, odds = RATINGS[kind]
    return float(np.dot(ratings, odds))


def plan_adoption(
    reference: LoadProfile,
    window: LoadProfile,
    contracted: npt.NDArray[np.float64],
    customer_transformer: npt.NDArray[np.int64],
    customer_type: npt.NDArray[np.int8],
    kva: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> AdoptionPlan:
    """Sales over the window's days for transformers 0..len(kva)-1 (customers sorted by
    transformer); reference is the year the transformers were rated on."""
    transformers, days = len(kva), len(window.timestamps) // 24
    households = np.bincount(
        customer_transformer, HOUSEHOLD_WEIGHT[customer_type], minlength=transformers
    )
    multiplier = rng.lognormal(-(AREA_SPREAD**2) / 2, AREA_SPREAD, size=transformers)
    rise = 0.75 + 0.5 * (np.arange(days) + 0.5) / days
    daily = _season(window, days) * rise[None, :] / 365.0
    fast, fast_kind, fast_kw = _fast_adopters(reference, contracted, kva, days, rng)
    parts: list[list[npt.NDArray[np.int64]]] = [[], [], []]  # transformer, day, type
    for index, appliance in enumerate(APPLIANCE_TYPES):
        rate = (households * multiplier * ANNUAL_SALES_PER_HOUSEHOLD[index])[:, None]
        rate = rate * daily[index]
        mine = fast_kind == index
        rate[fast[mine]] += (fast_kw[mine] / _mean_rating(appliance))[:, None]
        counts = rng.poisson(rate)
        where = np.nonzero(counts)
        repeat = counts[where]
        parts[0].append(np.repeat(where[0], repeat))
        parts[1].append(np.repeat(where[1], repeat))
        parts[2].append(np.full(repeat.sum(), index))
    transformer, day, kind = (np.concatenate(part).astype(np.int64) for part in parts)
    order = np.lexsort((kind, day, transformer))
    transformer, day, kind = transformer[order], day[order], kind[order]
    rated = np.empty(len(kind))
    for index, appliance in enumerate(APPLIANCE_TYPES):
        ratings, odds = RATINGS[appliance]
        mine = kind == index
        rated[mine] = rng.choice(ratings, size=mine.sum(), p=odds)
    quantity = np.where(rng.random(len(kind)) < 0.06, 2, 1).astype(np.int64)
    first = np.searchsorted(customer_transformer, np.arange(transformers))
    served = np.bincount(customer_transformer, minlength=transformers)
    customer = first[transformer] + (rng.random(len(kind)) * served[transformer]).astype(np.int64)
    load = ApplianceLoad(transformer, day, kind, rated * quantity, appliance_usage(window))
    return AdoptionPlan(
        load=load,
        customer=customer,
        hour=rng.integers(*SALE_HOURS, size=len(kind)),
        rated_kw=rated,
        quantity=quantity,
        fast_transformers=fast,
        fast_kind=fast_kind,
    )


def adoption_rng(seed: int) -> np.random.Generator:
    """The random stream of the demo's appliance sales, apart from the seed's other streams."""
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(ADOPTION_STREAM,)))
    )
