"""Settings of outages from the environment (prefix GRIDOPS_)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OutageSettings(BaseSettings):
    """Planned-outage reminders, restoration estimates, locating reports and inferring incidents."""

    model_config = SettingsConfigDict(env_prefix="GRIDOPS_", extra="ignore")

    reminder_hours: float = Field(
        default=24.0, gt=0, description="hours before a planned outage starts that reminders go"
    )
    schedule_every_s: float = Field(
        default=60.0, gt=0, description="seconds between the worker's planned-outage checks"
    )

    etr_transformer_hours: float = Field(
        default=2.0, gt=0, description="estimated restoration after dispatch, transformer level"
    )
    etr_feeder_hours: float = Field(
        default=3.0, gt=0, description="estimated restoration after dispatch, feeder level"
    )
    etr_substation_hours: float = Field(
        default=4.0, gt=0, description="estimated restoration after dispatch, substation level"
    )

    locate_max_distance_m: float = Field(
        default=500.0,
        gt=0,
        description="farthest a report outside every supply area may lie "
        "from its nearest transformer",
    )
    incident_window_min: float = Field(
        default=30.0, gt=0, description="minutes within which reports are grouped into incidents"
    )
    feeder_min_transformers: int = Field(
        default=3, ge=2, description="transformers of one feeder reporting: a feeder incident"
    )
    feeder_min_share: float = Field(
        default=0.3, gt=0, le=1, description="or this share of a feeder's transformers (at least 2)"
    )
    substation_min_feeders: int = Field(
        default=2, ge=2, description="feeders of one substation out: a substation incident"
    )

    @property
    def reminder_lead(self) -> timedelta:
        """How long before a planned outage starts its customers are reminded."""
        return timedelta(hours=self.reminder_hours)

    def restoration_time(self, level: str) -> timedelta:
        """How long after dispatch power is expected back, by the incident's level."""
        hours = {
            "transformer": self.etr_transformer_hours,
            "feeder": self.etr_feeder_hours,
            "substation": self.etr_substation_hours,
        }[level]
        return timedelta(hours=hours)


@lru_cache(maxsize=1)
def outage_settings() -> OutageSettings:
    """The outage settings from the environment, read once per process."""
    return OutageSettings()
