"""Settings from the environment (prefix GRIDOPS_), one class per concern."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def known_zone(value: str) -> str:
    """A zone setting names an IANA zone (Asia/Shanghai); refused at start, not when shown."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"names no known time zone: {value!r}") from exc
    return value


class DatabaseSettings(BaseSettings):
    """Where the database is. With no URL, the embedded cluster under data_dir is used."""

    model_config = SettingsConfigDict(env_prefix="GRIDOPS_", extra="ignore")

    database_url: str | None = Field(
        default=None, description="libpq URL; unset means the embedded cluster"
    )
    data_dir: Path = Field(default=Path("var"), description="folder of the embedded cluster")
    embedded_port: int = Field(default=54329, ge=1024, le=65535)
    embedded_database: str = "gridops"
    embedded_user: str = Field(
        default="postgres", description="unprivileged OS user that runs the cluster as root"
    )
    pool_min_size: int = Field(default=1, ge=0)
    pool_max_size: int = Field(default=10, ge=1)
    connect_timeout_s: int = Field(default=5, ge=1)
    pool_timeout_s: float = Field(
        default=10,
        gt=0,
        description="how long a request waits for a pooled connection before a 503",
    )


class WebSettings(BaseSettings):
    """The web server and the console."""

    model_config = SettingsConfigDict(env_prefix="GRIDOPS_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8050, ge=1, le=65535)
    web_workers: int = Field(default=1, ge=1, le=64, description="gridops serve processes")
    basemap_url: str = Field(
        default="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        description="XYZ tile URL of the basemap; empty for a blank background",
    )
    basemap_attribution: str = "&copy; OpenStreetMap contributors"
    layer_feature_limit: int = Field(default=20000, ge=100)
    timezone: str = Field(
        default="Asia/Shanghai",
        description="the one zone of every time shown (lists, charts, exports, notices) and of "
        "times given without one",
    )
    public_rate_per_minute: int = Field(
        default=120, ge=1, description="public lookups per client and minute"
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="addresses or networks (CIDR) of the reverse proxies whose X-Forwarded-For"
        " names the client, comma-separated; none by default: the peer is the client",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="the largest request body, in bytes, of any route without its own limit",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="origins (https://host[:port]) whose pages may call the API, comma-separated;"
        " none by default: no cross-origin access",
    )

    _known_zone = field_validator("timezone")(known_zone)

    @field_validator("trusted_proxies", "cors_origins", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for item in value:
            parts = urlsplit(item)
            if (
                parts.scheme not in ("http", "https")
                or not parts.netloc
                or item != (f"{parts.scheme}://{parts.netloc}")
            ):
                raise ValueError(f"is not an origin (scheme://host[:port], no path): {item!r}")
        return value


@lru_cache(maxsize=1)
def database_settings() -> DatabaseSettings:
    """The database settings from the environment, read once per process."""
    return DatabaseSettings()


@lru_cache(maxsize=1)
def web_settings() -> WebSettings:
    """The web server's and console's settings from the environment, read once per process."""
    return WebSettings()
