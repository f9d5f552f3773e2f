"""Run a test as a process started with another GRIDOPS_TIMEZONE: the settings are cached
(lru_cache), so they are cleared on the way in and again on the way out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from dr.settings import dr_settings
from gis.settings import web_settings
from notify.settings import notify_settings


def _clear() -> None:
    for cached in (web_settings, dr_settings, notify_settings):
        cached.cache_clear()


@contextmanager
def shown_in(zone: str, dr_zone: str | None = None) -> Iterator[str]:
    """GRIDOPS_TIMEZONE=zone (and GRIDOPS_DR_TIMEZONE=dr_zone, or unset) inside the block."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRIDOPS_TIMEZONE", zone)
        if dr_zone is None:
            patch.delenv("GRIDOPS_DR_TIMEZONE", raising=False)
        else:
            patch.setenv("GRIDOPS_DR_TIMEZONE", dr_zone)
        _clear()
        try:
            yield web_settings().timezone
        finally:
            _clear()
    _clear()
