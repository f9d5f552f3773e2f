"""Versioned SQL migrations: gis/migrations/NNN_name.sql, applied in order, each in a
transaction, recorded in schema_migrations, behind an advisory lock; then the functions,
views and triggers that evolve (FUNCTION_FILES), re-applied on every upgrade.

Tables, columns and indexes live in migrations, which never change once landed. Functions,
views and triggers that change with the rules live in their domain's sql/functions/ folder as
CREATE OR REPLACE files (as tipg keeps its catalog functions): every upgrade applies them
all again, in the order of FUNCTION_FILES, in one transaction — that of the last pending
migration when there is one, so a database never holds new tables with the old functions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources

import psycopg

from gis.errors import MigrationError

MIGRATION_LOCK_KEY = 0x6772_6964  # "grid": one key for every gridops process
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

# Checksums of landed versions of a migration that was changed after it landed, which a
# database may have applied: accepted as well as the file's own. 050 (outage_infer) changed
# after it landed in 737aa08 (d8a9c5e wrote the confidence and the id merge once); both texts
# made the same type and the functions FUNCTION_FILES replace, so a database that applied
# either is upgraded alike. A landed migration never changes again: this list only grows by a
# mistake like that one.
SUPERSEDED_CHECKSUMS: dict[int, frozenset[str]] = {
    50: frozenset({"caea947dd026d1dbb992cef010a5cb579c0dd7098e8059c8c949bfb78dd3f899"}),  # 737aa08
}

# The re-applied files, (package, name in <package>/sql/functions/), in the order they run:
# a file comes after every file it uses (SQL-language bodies are checked when created).
FUNCTION_FILES: tuple[tuple[str, str], ...] = (
    ("outage", "outage_confidence.sql"),
    ("outage", "outage_incident_evidence.sql"),
    ("outage", "outage_open_incident.sql"),
    ("outage", "outage_absorb_incidents.sql"),
    ("outage", "outage_refresh_incident_evidence.sql"),
    ("outage", "outage_add_report_to_incident.sql"),
    ("outage", "outage_infer.sql"),
    ("identity", "audit_append_only.sql"),  # and its trigger on audit_event (migration 061)
)


@dataclass(frozen=True)
class Migration:
    """One migration file: its version, name and SQL."""

    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """The SHA-256 of the SQL, recorded so that a landed migration cannot change unseen."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


def available_migrations() -> list[Migration]:
    """The migration files shipped in gis/migrations, by version; refuse two with one version."""
    folder = resources.files("gis") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text()))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version: {versions}")
    return found


def function_file_text(package: str, name: str) -> str:
    """The text of a package's sql/functions/ file."""
    return (resources.files(package) / "sql" / "functions" / name).read_text()


def apply_function_files(conn: psycopg.Connection) -> None:
    """Apply every file of FUNCTION_FILES, in order, in the caller's transaction."""
    for package, name in FUNCTION_FILES:
        try:
            conn.execute(function_file_text(package, name).encode())
        except psycopg.Error as exc:
            raise MigrationError(f"{package}/sql/functions/{name} failed: {exc}") from exc


def _ensure_history(conn: psycopg.Connection) -> None:
    conn.execute(
        """CREATE TABLE IF NOT EXISTS schema_migrations (
               version     integer PRIMARY KEY,
               name        text NOT NULL,
               checksum    text NOT NULL,
               applied_at  timestamptz NOT NULL DEFAULT now())"""
    )


def applied_versions(conn: psycopg.Connection) -> dict[int, str]:
    """The versions applied to this database, with their checksums (none before the first)."""
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return {}
    rows = conn.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    return {int(v): str(c) for v, c in rows}


def upgrade(conn: psycopg.Connection) -> list[Migration]:
    """Apply the pending migrations, then the function files (always); returns the
    migrations applied (none when up to date).

    conn must be in autocommit mode: the advisory lock is held for the session while each
    migration runs in its own transaction.
    """
    if not conn.autocommit:
        raise MigrationError("upgrade needs an autocommit connection")
    conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
    try:
        _ensure_history(conn)
        done = applied_versions(conn)
        pending: list[Migration] = []
        for migration in available_migrations():
            if migration.version not in done:
                pending.append(migration)
            elif done[migration.version] != migration.checksum and done[
                migration.version
            ] not in SUPERSEDED_CHECKSUMS.get(migration.version, frozenset()):
                raise MigrationError(
                    f"migration {migration.version:03d}_{migration.name} was changed after "
                    "it was applied; add a new migration instead"
                )
        applied: list[Migration] = []
        if not pending:
            with conn.transaction():
                apply_function_files(conn)
        for migration in pending:
            with conn.transaction():
                try:
                    conn.execute(migration.sql.encode())
                except psycopg.Error as exc:
                    raise MigrationError(
                        f"migration {migration.version:03d}_{migration.name} failed: {exc}"
                    ) from exc
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                    (migration.version, migration.name, migration.checksum),
                )
                if migration is pending[-1]:
                    apply_function_files(conn)
            applied.append(migration)
        return applied
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
