"""Synthetic transformer load with known seasonality, temperature response and sales steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from forecasting.features import (
    ApplianceSales,
    DayCalendar,
    degree_hours,
    local_hour_of_day,
)
from forecasting.history import LoadHistory, hour_of
from gis.vocabulary import APPLIANCE_TYPES, ApplianceType

AC = APPLIANCE_TYPES.index(ApplianceType.AIR_CONDITIONER)
EV = APPLIANCE_TYPES.index(ApplianceType.EV_CHARGER)
TRUE_DIVERSITY = {AC: 0.35, EV: 0.45}
WORKDAY_SHAPE = 0.6 + 0.4 * np.sin(np.pi * (np.arange(24) - 6) / 12).clip(0)  # daytime hump
WEEKEND_SHAPE = 0.8 * WORKDAY_SHAPE
COOLING_KW_PER_DEGREE = 3.0
HEATING_KW_PER_DEGREE = 1.5


@dataclass(frozen=True)
class Synthetic:
    history: LoadHistory
    base_kw: np.ndarray  # [n]
    sale_day: int  # days after the start when the sales land
    ac_kw: np.ndarray  # [n] rated AC kW sold on sale_day
    ev_kw: np.ndarray  # [n]


def synthetic_history(
    transformers: int = 24,
    days: int = 120,
    start: datetime = datetime(2026, 4, 1, 16, tzinfo=UTC),  # local midnight, 2 April
    noise: float = 0.02,
    seed: int = 1,
    sale_day: int = 60,
) -> Synthetic:
    rng = np.random.default_rng(seed)
    hours = hour_of(start) + np.arange(days * 24, dtype=np.int64)
    t = np.arange(len(hours))
    hour = local_hour_of_day(hours)
    temperature = (
        19
        + 7 * np.sin(2 * np.pi * t / (25 * 24))
        + 4 * np.cos(2 * np.pi * (hour - 15) / 24)
        + rng.normal(0, 1.0, len(hours))
    )
    cooling, heating = degree_hours(temperature)
    calendar = DayCalendar.of(hours)
    shape = np.where(calendar.kind == 0, WORKDAY_SHAPE[hour], WEEKEND_SHAPE[hour])
    base = rng.uniform(80, 300, transformers)
    ac_kw = np.where(np.arange(transformers) % 2 == 0, rng.uniform(40, 120, transformers), 0.0)
    ev_kw = np.where(np.arange(transformers) % 3 == 0, rng.uniform(20, 60, transformers), 0.0)
    sale_hour = int(hours[0]) + sale_day * 24
    after = (hours >= sale_hour).astype(float)
    ac_use = np.minimum(cooling / 8.0, 1.0)  # ACs at full output 8 degrees above 24 C
    ev_use = (hour >= 18).astype(float)  # EV chargers in the evening block
    load = (
        base[:, None] * shape[None, :]
        + (base[:, None] / 100)
        * (COOLING_KW_PER_DEGREE * cooling + HEATING_KW_PER_DEGREE * heating)
        + TRUE_DIVERSITY[AC] * ac_kw[:, None] * after * ac_use
        + TRUE_DIVERSITY[EV] * ev_kw[:, None] * after * ev_use
    )
    load *= 1 + rng.normal(0, noise, load.shape)
    sold = np.flatnonzero(ac_kw > 0)
    sold_ev = np.flatnonzero(ev_kw > 0)
    sales = ApplianceSales(
        transformer_index=np.concatenate([sold, sold_ev]).astype(np.int64),
        hour=np.full(len(sold) + len(sold_ev), sale_hour, dtype=np.int64),
        type_index=np.array([AC] * len(sold) + [EV] * len(sold_ev), dtype=np.int64),
        kw=np.concatenate([ac_kw[sold], ev_kw[sold_ev]]),
    )
    history = LoadHistory(
        transformer_ids=np.arange(1, transformers + 1, dtype=np.int64),
        capacity_kva=base * 2.0,
        hours=hours,
        load_kw=load.astype(np.float32),
        temperature_c=temperature,
        sales=sales,
    )
    return Synthetic(history, base, sale_day, ac_kw, ev_kw)
