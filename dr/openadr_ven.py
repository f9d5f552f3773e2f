"""OpenADR 2.0b VENs in PostgreSQL: pre-registration to a customer or a transformer, the VTN's
registration state, and the lookups the VTN makes for every message.

A VEN is known by its name before it ever talks to the VTN (the console or `gridops` registers
it); only a known name is given a registration, and the registration outlives VTN restarts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import psycopg

from gis.errors import GridOpsError
from gis.sql_file import load_sql


class VenRegistrationError(GridOpsError):
    """A VEN cannot be registered as asked."""


@dataclass(frozen=True)
class VenRecord:
    """What ven_lookup hands openleadr: who the VEN is and its current registration."""

    ven_id: str
    ven_name: str
    fingerprint: str | None
    registration_id: str | None

    def as_lookup(self) -> dict[str, str | None]:
        return {
            "ven_id": self.ven_id,
            "ven_name": self.ven_name,
            "fingerprint": self.fingerprint,
            "registration_id": self.registration_id,
        }


def register_ven(
    conn: psycopg.Connection,
    ven_name: str,
    customer_id: int | None = None,
    transformer_id: int | None = None,
) -> str:
    """Pre-register the VEN named ven_name to a customer or a transformer; return its ven_id.

    Registering a known name again moves it to the new customer or transformer and keeps its
    ven_id and registration."""
    if (customer_id is None) == (transformer_id is None):
        raise VenRegistrationError("a VEN is registered to one customer or one transformer")
    name = ven_name.strip()
    if not 1 <= len(name) <= 200:
        raise VenRegistrationError("a VEN name has 1 to 200 characters")
    try:
        row = conn.execute(
            load_sql("dr", "openadr_register_ven.sql"),
            {
                "ven_id": f"ven_{secrets.token_hex(8)}",
                "ven_name": name,
                "customer_id": customer_id,
                "transformer_id": transformer_id,
            },
        ).fetchone()
    except psycopg.errors.ForeignKeyViolation as exc:
        kind = "customer" if customer_id is not None else "transformer"
        raise VenRegistrationError(
            f"no {kind} {customer_id if customer_id is not None else transformer_id}"
        ) from exc
    assert row is not None  # INSERT … ON CONFLICT DO UPDATE … RETURNING always returns the row
    return str(row[0])


def accept_registration(
    conn: psycopg.Connection, ven_name: str, fingerprint: str | None
) -> tuple[str, str] | None:
    """(ven_id, registration_id) for a pre-registered VEN, keeping a registration it holds;
    None for a name nobody registered."""
    row = conn.execute(
        load_sql("dr", "openadr_accept_registration.sql"),
        {
            "ven_name": ven_name,
            "registration_id": f"reg_{secrets.token_hex(12)}",
            "fingerprint": fingerprint,
        },
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def touch_ven(conn: psycopg.Connection, ven_id: str) -> VenRecord | None:
    """The VEN with this ven_id (now seen), or None when it is unknown."""
    row = conn.execute(load_sql("dr", "openadr_touch_ven.sql"), {"ven_id": ven_id}).fetchone()
    return None if row is None else VenRecord(*row)


def cancel_registration(conn: psycopg.Connection, ven_id: str, registration_id: str) -> bool:
    """Drop the VEN's registration (it stays pre-registered); False if it was not this one."""
    row = conn.execute(
        load_sql("dr", "openadr_cancel_registration.sql"),
        {"ven_id": ven_id, "registration_id": registration_id},
    ).fetchone()
    return row is not None


def add_resource(conn: psycopg.Connection, ven_id: str, resource_id: str) -> None:
    """Remember a resource the VEN reports on."""
    conn.execute(
        load_sql("dr", "openadr_add_resource.sql"),
        {"ven_id": ven_id, "resource_id": resource_id},
    )
