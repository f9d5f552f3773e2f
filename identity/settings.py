"""Settings of staff sign-in and sessions from the environment (prefix GRIDOPS_)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from gis.vocabulary import Language


class IdentitySettings(BaseSettings):
    """How long a staff session lasts, and the language of `gridops role list`."""

    model_config = SettingsConfigDict(env_prefix="GRIDOPS_", extra="ignore")

    session_idle_minutes: float = Field(
        default=30,
        gt=0,
        le=24 * 60,
        description="a session unused this long ends (the idle timeout)",
    )
    session_max_hours: float = Field(
        default=12,
        gt=0,
        le=24 * 30,
        description="a session ends this long after its sign-in, used or not (the absolute "
        "timeout)",
    )
    language: Language = Field(
        default=Language.EN, description="the language of the command line's role list"
    )

    @property
    def idle_timeout(self) -> timedelta:
        """How long a session may go unused."""
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def max_age(self) -> timedelta:
        """How long a session lasts at most."""
        return timedelta(hours=self.session_max_hours)


@lru_cache(maxsize=1)
def identity_settings() -> IdentitySettings:
    """The identity settings from the environment, read once per process."""
    return IdentitySettings()
