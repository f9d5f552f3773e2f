"""What `gridops db status` reports."""

from __future__ import annotations

from psycopg import sql

from gis.database import connect, embedded_cluster, mask_url
from gis.migrate import applied_versions, available_migrations
from gis.settings import database_settings

_COUNTED = ("substation", "feeder", "transformer", "supply_area", "customer", "crew")


def database_status() -> dict[str, str]:
    """Where the database is, its server, PostGIS and migration state, and the grid's row counts."""
    settings = database_settings()
    report: dict[str, str] = {}
    if settings.database_url:
        url = settings.database_url
        report["database"] = mask_url(url)
    else:
        cluster = embedded_cluster(settings)
        running = cluster.is_running()
        report["embedded cluster"] = str(cluster.data)
        report["state"] = (
            "running" if running else ("stopped" if cluster.is_initialised() else "not created")
        )
        if not running:
            return report
        url = cluster.url
        report["database"] = url
    with connect(url) as conn:
        row = conn.execute("SELECT current_setting('server_version')").fetchone()
        report["server"] = f"PostgreSQL {row[0] if row else '?'}"
        postgis = conn.execute(
            "SELECT extversion FROM pg_extension WHERE extname = 'postgis'"
        ).fetchone()
        report["postgis"] = postgis[0] if postgis else "not installed"
        done = applied_versions(conn)
        pending = [m for m in available_migrations() if m.version not in done]
        report["migrations"] = f"{len(done)} applied, {len(pending)} pending"
        if done:
            source = conn.execute("SELECT kind, name FROM grid_source").fetchone()
            report["grid"] = f"{source[0]}: {source[1]}" if source else "empty"
            for table in _COUNTED:
                query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                count = conn.execute(query).fetchone()
                report[table] = f"{count[0] if count else 0:,}"
    return report
