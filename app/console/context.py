"""What the console's layouts and callbacks need from the process: the pool and settings.

Set once by the app factory (app.main.create_app); nothing connects at import time.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from gis.settings import WebSettings
from layers.query import BBox, grid_backdrop, grid_extent

GRID_EXTENT_MAX_AGE_S = 300.0  # a grid loaded by another process shows within this


class GridExtent:
    """The loaded grid's extent, read once per process rather than by every page layout
    (it places the map, and only a data load changes it). `refresh()` forgets it after a load;
    an empty grid is read again on each layout, and a known extent after
    GRID_EXTENT_MAX_AGE_S, so a load by another process (`gridops demo load`) shows too."""

    def __init__(self, pool: Any, max_age_s: float = GRID_EXTENT_MAX_AGE_S) -> None:
        self._pool = pool
        self._max_age_s = max_age_s
        self._lock = threading.Lock()
        self._known: tuple[BBox, float] | None = None

    def get(self) -> BBox | None:
        """The grid's extent, from memory while fresh, else read from the database."""
        with self._lock:
            known = self._known
        if known is not None and time.monotonic() - known[1] < self._max_age_s:
            return known[0]
        with self._pool.connection() as conn:
            extent = grid_extent(conn)
        with self._lock:
            self._known = (extent, time.monotonic()) if extent is not None else None
        return extent

    def refresh(self) -> None:
        """Forget the extent: the next layout reads it again (after a data load)."""
        with self._lock:
            self._known = None


class GridBackdrop:
    """The public maps' grid backdrop (territory, feeders and substations in a view), read once
    per process like GridExtent: a public page's layout draws it without asking the database.
    Kept for one view (the grid's extent) and GRID_EXTENT_MAX_AGE_S; another view, an empty
    grid, or `refresh()` after a load reads it again."""

    def __init__(self, pool: Any, max_age_s: float = GRID_EXTENT_MAX_AGE_S) -> None:
        self._pool = pool
        self._max_age_s = max_age_s
        self._lock = threading.Lock()
        self._known: tuple[BBox, dict[str, Any], float] | None = None

    def get(self, view: BBox) -> dict[str, Any]:
        """The backdrop in the view, from memory while fresh and the same view, else read again."""
        with self._lock:
            known = self._known
        if known is not None and known[0] == view and time.monotonic() - known[2] < self._max_age_s:
            return known[1]
        with self._pool.connection() as conn:
            collection = grid_backdrop(conn, view, transformers=False)
        with self._lock:
            self._known = (view, collection, time.monotonic()) if collection["features"] else None
        return collection

    def refresh(self) -> None:
        """Forget the backdrop: the next layout reads it again (after a data load)."""
        with self._lock:
            self._known = None


@dataclass(frozen=True)
class ConsoleContext:
    """What every page and callback shares: the connection pool, the web settings, the caches."""

    pool: Any  # psycopg_pool.ConnectionPool; typed loosely so callbacks never import psycopg
    web: WebSettings
    extent: GridExtent = field(init=False, repr=False, compare=False)
    backdrop: GridBackdrop = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extent", GridExtent(self.pool))
        object.__setattr__(self, "backdrop", GridBackdrop(self.pool))

    def grid_extent(self) -> BBox | None:
        """The loaded grid's extent (cached per process), or None when the grid is empty."""
        return self.extent.get()

    def public_backdrop(self, view: BBox) -> dict[str, Any]:
        """The grid under a public map of this view, without transformers (cached per process)."""
        return self.backdrop.get(view)


_current: list[ConsoleContext] = []


def set_context(context: ConsoleContext) -> None:
    """Make this the context that pages and callbacks use (once, when the console is built)."""
    _current[:] = [context]


def current_context() -> ConsoleContext:
    """The context the console was built with (an error when it was not built)."""
    if not _current:
        raise RuntimeError("the console was not built by app.main.create_app")
    return _current[0]
