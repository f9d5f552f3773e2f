"""Settings of notices from the environment (prefix GRIDOPS_), one class for the concern."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from gis.vocabulary import Language
from notify.models import Channel

DEV_WEBHOOK_SECRET = "gridops-dev-webhook-secret"  # noqa: S105 (a named default the worker warns of)


class NotifySettings(BaseSettings):
    """Texts, retries, the worker and the four channels."""

    model_config = SettingsConfigDict(env_prefix="GRIDOPS_", extra="ignore")

    # texts
    public_base_url: str = Field(
        default="http://127.0.0.1:8050", description="where map links in notices point"
    )
    map_location_path: str = Field(
        default="/?lon={lon}&lat={lat}&zoom=17",
        description="console path that shows a place ({lon}, {lat}); used when a notice names "
        "a location but no map_path",
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
    notice_dir: Path = Field(default=Path("var/notices"), description="folder of the file sink")

    def rate_per_s(self, channel: Channel) -> float:
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
    return NotifySettings()
