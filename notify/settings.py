"""Settings of notices from the environment (prefix GRIDOPS_), one class for the concern."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from gis.vocabulary import Language
from notify.link_token import link_secret
from notify.models import Channel

DEV_WEBHOOK_SECRET = "gridops-dev-webhook-secret"  # noqa: S105 (a named default the worker warns of)


def _data_dir() -> Path:
    """The data folder (GRIDOPS_DATA_DIR, var by default) that holds what the server generates."""
    from gis.settings import DatabaseSettings

    return DatabaseSettings().data_dir


class NotifySettings(BaseSettings):
    """Texts, retries, the worker and the four channels."""

    model_config = SettingsConfigDict(env_prefix="GRIDOPS_", extra="ignore")

    # texts
    public_base_url: str = Field(
        default="http://127.0.0.1:8050", description="where the links in notices point"
    )
    link_secret: SecretStr | None = Field(
        default=None,
        description="key of the tokens in notice links (notify/link_token.py); the same for "
        "the web processes and the worker; unset: link_secret_file",
    )
    link_secret_file: Path | None = Field(
        default=None,
        description="where the generated link key is kept when GRIDOPS_LINK_SECRET is unset; "
        "unset: link_secret in the data folder (GRIDOPS_DATA_DIR)",
    )
    default_language: Language = Language.ZH_CN
    default_customer_channel: Channel = Channel.FILE
    default_crew_channel: Channel = Channel.MQTT
    default_reporter_channel: Channel = Field(
        default=Channel.FILE,
        description="how a fault reporter whose contact is neither an e-mail address nor an "
        "http(s) URL (a phone number, a WeChat id) is reached",
    )

    # retries and the worker
    notice_max_attempts: int = Field(default=5, ge=1, le=100)
    notice_backoff_base_s: float = Field(default=5.0, gt=0, description="delay after try 1")
    notice_backoff_max_s: float = Field(default=900.0, gt=0, description="longest delay")
    worker_concurrency: int = Field(default=8, ge=1, le=256)
    worker_batch_size: int = Field(default=200, ge=1, le=10000)
    worker_lease_s: float = Field(default=120.0, ge=2, description="claim lease per batch")
    worker_poll_s: float = Field(default=1.0, gt=0, description="longest idle wait")

    # per-channel rate limits, deliveries per second (0: unlimited)
    rate_webhook_per_s: float = Field(default=5000.0, ge=0)
    rate_email_per_s: float = Field(default=20.0, ge=0)
    rate_mqtt_per_s: float = Field(default=2000.0, ge=0)
    rate_file_per_s: float = Field(default=0.0, ge=0)

    # webhook
    webhook_secret: SecretStr = SecretStr(DEV_WEBHOOK_SECRET)
    webhook_timeout_s: float = Field(default=5.0, gt=0)
    webhook_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="host names of our own webhook receivers that may resolve to loopback, "
        "link-local or private addresses, comma-separated; none by default",
    )
    webhook_allowed_networks: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="addresses or networks (CIDR) a webhook may reach although they are "
        "loopback, link-local or private, comma-separated; none by default",
    )

    # email
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=8025, ge=1, le=65535)
    smtp_sender: str = "GridOps <notices@gridops.invalid>"
    smtp_timeout_s: float = Field(default=10.0, gt=0)
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None

    # MQTT
    mqtt_host: str = "127.0.0.1"
    mqtt_port: int = Field(default=1883, ge=1, le=65535)
    mqtt_timeout_s: float = Field(default=5.0, gt=0)
    mqtt_username: str | None = None
    mqtt_password: SecretStr | None = None

    # file sink (the demo channel)
    notice_dir: Path | None = Field(
        default=None,
        description="folder of the file sink; unset: notices in the data folder (GRIDOPS_DATA_DIR)",
    )

    @field_validator("webhook_allowed_hosts", "webhook_allowed_networks", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("webhook_allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    def link_key(self) -> bytes:
        """The key of notice link tokens (GRIDOPS_LINK_SECRET or the generated file)."""
        configured = self.link_secret.get_secret_value() if self.link_secret else None
        return link_secret(configured, self.link_secret_file or _data_dir() / "link_secret")

    def notice_folder(self) -> Path:
        """The file sink's folder (GRIDOPS_NOTICE_DIR, or notices in the data folder)."""
        return self.notice_dir or _data_dir() / "notices"

    def rate_per_s(self, channel: Channel) -> float:
        """The most notices per second the channel may deliver."""
        return {
            Channel.WEBHOOK: self.rate_webhook_per_s,
            Channel.EMAIL: self.rate_email_per_s,
            Channel.MQTT: self.rate_mqtt_per_s,
            Channel.FILE: self.rate_file_per_s,
        }[channel]

    def timeout_s(self, channel: Channel) -> float:
        """Longest one delivery on the channel can block (the worker keeps it inside a lease)."""
        return {
            Channel.WEBHOOK: self.webhook_timeout_s,
            Channel.EMAIL: self.smtp_timeout_s,
            Channel.MQTT: self.mqtt_timeout_s,
            Channel.FILE: 1.0,
        }[channel]


@lru_cache(maxsize=1)
def notify_settings() -> NotifySettings:
    """The notice settings from the environment, read once per process."""
    return NotifySettings()
