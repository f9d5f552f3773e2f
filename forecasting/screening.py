"""Which transformers have enough load history to forecast, and why the others do not."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from forecasting.models import ForecastSettings

STALE_AFTER_HOURS = 7 * 24


@dataclass(frozen=True)
class Screening:
    """Per transformer: whether its data suffice to forecast it and, if not, why."""

    sufficient: npt.NDArray[np.bool_]
    reasons: list[str | None]  # per transformer, None when sufficient


def screen(load_kw: npt.NDArray[np.float32], settings: ForecastSettings) -> Screening:
    """Insufficient: no readings; fewer than min_history_days days from the first reading to
    the cut-off; more than max_missing_share of those hours missing; or no reading in the last
    week (a forecast from stale data)."""
    count, hours = load_kw.shape
    observed: npt.NDArray[np.bool_] = np.asarray(~np.isnan(load_kw))
    any_reading: npt.NDArray[np.bool_] = np.asarray(observed.any(axis=1))
    first = np.where(any_reading, observed.argmax(axis=1), hours)
    last = np.where(any_reading, hours - 1 - observed[:, ::-1].argmax(axis=1), -1)
    span = hours - first
    missing_share = 1.0 - observed.sum(axis=1) / np.maximum(span, 1)
    reasons: list[str | None] = []
    for index in range(count):
        reasons.append(
            _reason(
                int(span[index]),
                float(missing_share[index]),
                int(hours - 1 - last[index]),
                bool(any_reading[index]),
                settings,
            )
        )
    sufficient = np.array([reason is None for reason in reasons], dtype=bool)
    return Screening(sufficient=sufficient, reasons=reasons)


def _reason(
    span_hours: int,
    missing_share: float,
    hours_since_last: int,
    any_reading: bool,
    settings: ForecastSettings,
) -> str | None:
    if not any_reading:
        return "no load readings before the cut-off"
    if hours_since_last >= STALE_AFTER_HOURS:
        return f"no load reading in the last {hours_since_last // 24} days before the cut-off"
    days = span_hours / 24
    if days < settings.min_history_days:
        return f"{days:.0f} days of load history (at least {settings.min_history_days} needed)"
    if missing_share > settings.max_missing_share:
        return (
            f"{missing_share:.0%} of hours missing since the first reading "
            f"(at most {settings.max_missing_share:.0%} allowed)"
        )
    return None
