"""Indexes and constraints set aside during a bulk load and rebuilt after it.

Checking a foreign key row by row costs far more than checking it once for the whole table
(measured: 8.8 million load readings took 55 s with the key in place, 9 s without it plus 1 s
to add it back), and an index is built faster from sorted data than grown row by row. Inside
the loading transaction, which already holds the tables exclusively, the loader drops them and
restores them exactly as the catalog describes them, so the schema ends as the migrations
left it.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from gis.sql_file import load_sql


@dataclass(frozen=True)
class SetAside:
    """One index or constraint dropped for the load, with the statement that restores it."""

    kind: str  # index | primary_key | foreign_key
    schema: str
    table: str
    name: str
    definition: str

    def drop(self) -> sql.Composed:
        """The statement that drops the index or constraint."""
        if self.kind == "index":
            return sql.SQL("DROP INDEX {}").format(sql.Identifier(self.schema, self.name))
        return sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
            sql.Identifier(self.schema, self.table), sql.Identifier(self.name)
        )

    def restore(self) -> sql.Composed:
        """The statement that builds it again, as the catalog described it."""
        if self.kind == "index":
            return sql.Composed([sql.SQL(self.definition)])
        return sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            sql.Identifier(self.schema, self.table),
            sql.Identifier(self.name),
            sql.SQL(self.definition),
        )


def set_aside(conn: psycopg.Connection, tables: tuple[str, ...]) -> list[SetAside]:
    """Drop the plain indexes, unreferenced primary keys and foreign keys of the tables;
    returns them in the order to restore them."""
    rows = conn.execute(
        load_sql("data", "select_bulk_load_constraints.sql"), {"tables": list(tables)}
    ).fetchall()
    found = [SetAside(*row) for row in rows]
    for item in reversed(found):
        conn.execute(item.drop())
    return found


def restore(conn: psycopg.Connection, items: list[SetAside]) -> None:
    """Rebuild what set_aside dropped (indexes and primary keys first, then foreign keys)."""
    for item in items:
        conn.execute(item.restore())
