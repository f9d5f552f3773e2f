"""Times from requests: a time without a zone is read in the utility's zone (GRIDOPS_TIMEZONE)."""

from __future__ import annotations

from datetime import datetime

from gis.local_time import local


def aware(value: datetime) -> datetime:
    """The time as given; one without a zone is read in GRIDOPS_TIMEZONE."""
    return value if value.tzinfo is not None else local(value)
