"""Settings of outages from the environment (prefix GRIDOPS_)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OutageSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRIDOPS_", extra="ignore")

    reminder_hours: float = Field(
        default=24.0, gt=0, description="hours before a planned outage starts that reminders go"
    )
    schedule_every_s: float = Field(
        default=60.0, gt=0, description="seconds between the worker's planned-outage checks"
    )

    @property
    def reminder_lead(self) -> timedelta:
        return timedelta(hours=self.reminder_hours)


@lru_cache(maxsize=1)
def outage_settings() -> OutageSettings:
    return OutageSettings()
