"""Settings of demand response from the environment (prefix GRIDOPS_DR_)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gis.settings import known_zone, web_settings


class DrSettings(BaseSettings):
    """DR's zone, shedding expected without a pledge, preview reference days, the worker's pace."""

    model_config = SettingsConfigDict(env_prefix="GRIDOPS_DR_", extra="ignore")

    timezone: str = Field(
        default_factory=lambda: web_settings().timezone,
        description="the zone whose days and hours baselines compare; GRIDOPS_TIMEZONE (the "
        "zone times are shown in) unless set",
    )
    _known_zone = field_validator("timezone")(known_zone)

    typical_response: float = Field(
        default=0.2,
        gt=0,
        le=1,
        description="share of its load an enrolled customer without a pledge is expected to shed",
    )
    reference_days: int = Field(
        default=14, gt=0, description="days of transformer load behind a preview's baseline"
    )
    schedule_every_s: float = Field(
        default=300.0, gt=0, description="seconds between the worker's DR lifecycle checks"
    )


@lru_cache(maxsize=1)
def dr_settings() -> DrSettings:
    """The DR settings from the environment, read once per process."""
    return DrSettings()
