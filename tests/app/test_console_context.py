"""The console's page layouts read the grid's extent once per process, not per layout."""

from __future__ import annotations

import psycopg

from app.console.context import GridBackdrop, GridExtent
from data.grid_network import GridNetwork
from data.grid_writer import write_network
from gis.database import open_pool
from gis.migrate import upgrade
from layers.query import BBox, grid_backdrop, grid_extent


def _requests(pool: object) -> int:
    return int(pool.get_stats().get("requests_num", 0))  # type: ignore[attr-defined]


def test_the_extent_is_read_once_and_again_after_a_load(
    empty_db_url: str, demo_network: GridNetwork
) -> None:
    """An empty grid is read again on every layout; once loaded, the extent is read once and
    kept until refresh() (called after a data load) forgets it."""
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        upgrade(conn)
    pool = open_pool(empty_db_url)
    try:
        extent = GridExtent(pool)
        assert extent.get() is None
        before = _requests(pool)
        assert extent.get() is None
        assert _requests(pool) == before + 1  # empty: read again

        with psycopg.connect(empty_db_url) as conn:
            with conn.transaction():
                write_network(conn, demo_network)
            loaded = grid_extent(conn)
        assert loaded is not None
        assert extent.get() == loaded
        before = _requests(pool)
        for _ in range(5):
            assert extent.get() == loaded
        assert _requests(pool) == before  # the layouts open no connection for it

        extent.refresh()
        assert extent.get() == loaded
        assert _requests(pool) == before + 1
    finally:
        pool.close()


def test_an_old_extent_is_read_again(empty_db_url: str, demo_network: GridNetwork) -> None:
    """A known extent older than its maximum age is read again (a load by another process)."""
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        upgrade(conn)
    with psycopg.connect(empty_db_url) as conn, conn.transaction():
        write_network(conn, demo_network)
    pool = open_pool(empty_db_url)
    try:
        extent = GridExtent(pool, max_age_s=0.0)
        first = extent.get()
        before = _requests(pool)
        assert extent.get() == first
        assert _requests(pool) == before + 1
    finally:
        pool.close()


def test_the_public_backdrop_is_read_once_per_view(
    empty_db_url: str, demo_network: GridNetwork
) -> None:
    """A public page's layout draws the grid backdrop without asking the database again; an
    empty grid is read again, and so is another view or a backdrop after refresh()."""
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        upgrade(conn)
    pool = open_pool(empty_db_url)
    try:
        backdrop = GridBackdrop(pool)
        view = BBox(103.0, 30.0, 105.0, 31.0)
        assert backdrop.get(view)["features"] == []
        before = _requests(pool)
        backdrop.get(view)
        assert _requests(pool) == before + 1  # empty: read again

        with psycopg.connect(empty_db_url) as conn, conn.transaction():
            write_network(conn, demo_network)
        with psycopg.connect(empty_db_url) as conn:
            view = grid_extent(conn) or view
            expected = grid_backdrop(conn, view, transformers=False)
        assert backdrop.get(view) == expected and expected["features"]
        before = _requests(pool)
        for _ in range(5):
            assert backdrop.get(view) == expected
        assert _requests(pool) == before  # the layouts open no connection for it

        backdrop.get(BBox(view.minlon, view.minlat, view.maxlon + 0.01, view.maxlat))
        assert _requests(pool) == before + 1  # another view
        backdrop.refresh()
        backdrop.get(view)
        assert _requests(pool) == before + 2
    finally:
        pool.close()
