"""Times from requests: a time without a zone is read in the utility's zone (Asia/Shanghai)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from gis.settings import web_settings


def aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(web_settings().timezone))
    return value
