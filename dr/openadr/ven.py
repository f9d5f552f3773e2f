"""OpenADR 2.0b VENs in PostgreSQL: pre-registration to a customer or a transformer, the VTN's
registration state, and the lookups the VTN makes for every message.

A VEN is known by its name before it ever talks to the VTN (the console or `gridops` registers
it); only a known name is given a registration, and the registration outlives VTN restarts.
Over HTTPS a VEN is also known by the fingerprint of its certificate, registered with its name:
it registers, and every later message is accepted, only with that certificate.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

import psycopg

from gis.errors import GridOpsError
from gis.sql_file import load_sql

# An OpenADR fingerprint: the last 10 bytes of a certificate's SHA-256, as AB:CD:… upper-case hex.
FINGERPRINT_BYTES = 10
HEX_PAIRS = re.compile(r"[0-9A-F]{2}")


class VenRegistrationError(GridOpsError):
    """A VEN cannot be registered as asked."""


class RegistrationRefused(StrEnum):
    """Why a VEN that asked over HTTPS was given no registration."""

    UNKNOWN_VEN = "no VEN of this name is registered"
    NO_FINGERPRINT = "no certificate fingerprint is registered for it"
    WRONG_CERTIFICATE = "its certificate is not the one registered for it"


@dataclass(frozen=True)
class VenRecord:
    """What ven_lookup hands openleadr: who the VEN is and its current registration."""

    ven_id: str
    ven_name: str
    fingerprint: str | None
    registration_id: str | None

    def as_lookup(self) -> dict[str, str | None]:
        """The record as openleadr's ven_lookup hands it back."""
        return {
            "ven_id": self.ven_id,
            "ven_name": self.ven_name,
            "fingerprint": self.fingerprint,
            "registration_id": self.registration_id,
        }


def parse_fingerprint(text: str) -> str:
    """An OpenADR certificate fingerprint in openleadr's form (AB:CD:…, 10 bytes) from text
    with or without colons, in either case."""
    compact = text.strip().upper().replace(":", "")
    pairs = [compact[i : i + 2] for i in range(0, len(compact), 2)]
    if len(pairs) != FINGERPRINT_BYTES or not all(HEX_PAIRS.fullmatch(p) for p in pairs):
        raise VenRegistrationError(
            f"fingerprint {text!r}: {FINGERPRINT_BYTES} hexadecimal bytes, as AB:CD:…:EF"
        )
    return ":".join(pairs)


def register_ven(
    conn: psycopg.Connection,
    ven_name: str,
    customer_id: int | None = None,
    transformer_id: int | None = None,
    fingerprint: str | None = None,
) -> str:
    """Pre-register the VEN named ven_name to a customer or a transformer, with the fingerprint
    of its certificate when given; return its ven_id.

    Registering a known name again moves it to the new customer or transformer and keeps its
    ven_id and registration, and its fingerprint unless a new one is given."""
    if fingerprint is not None:
        fingerprint = parse_fingerprint(fingerprint)
    if (customer_id is None) == (transformer_id is None):
        raise VenRegistrationError("a VEN is registered to one customer or one transformer")
    name = ven_name.strip()
    if not 1 <= len(name) <= 200:
        raise VenRegistrationError("a VEN name has 1 to 200 characters")
    try:
        row = conn.execute(
            load_sql("dr", "openadr/register_ven.sql"),
            {
                "ven_id": f"ven_{secrets.token_hex(8)}",
                "ven_name": name,
                "customer_id": customer_id,
                "transformer_id": transformer_id,
                "fingerprint": fingerprint,
            },
        ).fetchone()
    except psycopg.errors.ForeignKeyViolation as exc:
        kind = "customer" if customer_id is not None else "transformer"
        raise VenRegistrationError(
            f"no {kind} {customer_id if customer_id is not None else transformer_id}"
        ) from exc
    assert row is not None  # INSERT … ON CONFLICT DO UPDATE … RETURNING always returns the row
    return str(row[0])


def accept_registration(conn: psycopg.Connection, ven_name: str) -> tuple[str, str] | None:
    """Over plain HTTP: (ven_id, registration_id) for a pre-registered VEN, keeping a
    registration it holds; None for a name nobody registered. A VEN over plain HTTP shows no
    certificate: its registered fingerprint is kept as it is."""
    row = conn.execute(
        load_sql("dr", "openadr/accept_registration.sql"),
        {"ven_name": ven_name, "registration_id": f"reg_{secrets.token_hex(12)}"},
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def accept_certified_registration(
    conn: psycopg.Connection, ven_name: str, fingerprint: str | None
) -> tuple[str, str] | RegistrationRefused:
    """Over HTTPS: (ven_id, registration_id) for a pre-registered VEN whose client certificate
    has the fingerprint registered for it (keeping a registration it holds); why not otherwise."""
    row = conn.execute(
        load_sql("dr", "openadr/accept_certified_registration.sql"),
        {
            "ven_name": ven_name,
            "registration_id": f"reg_{secrets.token_hex(12)}",
            "fingerprint": fingerprint,
        },
    ).fetchone()
    if row is None:
        return RegistrationRefused.UNKNOWN_VEN
    ven_id, registration_id, registered = row
    if registration_id is None:
        if registered is None:
            return RegistrationRefused.NO_FINGERPRINT
        return RegistrationRefused.WRONG_CERTIFICATE
    return str(ven_id), str(registration_id)


def touch_ven(conn: psycopg.Connection, ven_id: str) -> VenRecord | None:
    """The VEN with this ven_id (now seen), or None when it is unknown."""
    row = conn.execute(load_sql("dr", "openadr/touch_ven.sql"), {"ven_id": ven_id}).fetchone()
    return None if row is None else VenRecord(*row)


def cancel_registration(conn: psycopg.Connection, ven_id: str, registration_id: str) -> bool:
    """Drop the VEN's registration (it stays pre-registered); False if it was not this one."""
    row = conn.execute(
        load_sql("dr", "openadr/cancel_registration.sql"),
        {"ven_id": ven_id, "registration_id": registration_id},
    ).fetchone()
    return row is not None


def add_resource(conn: psycopg.Connection, ven_id: str, resource_id: str) -> None:
    """Remember a resource the VEN reports on."""
    conn.execute(
        load_sql("dr", "openadr/add_resource.sql"),
        {"ven_id": ven_id, "resource_id": resource_id},
    )
