"""Where customers, crews and external systems want notices: one address per channel, one
preferred channel. Addresses are private: they are written here and read only by the worker;
what this module hands back (ContactChannel) says which channels exist, never the address."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql

from gis.sql_file import load_sql
from gis.vocabulary import Language
from notify.address import (
    DEFAULT_ADDRESS_CHANNELS,
    InvalidAddressError,
    check_address,
    default_address,
)
from notify.models import Channel, NoticeKind, RecipientType
from notify.settings import NotifySettings, notify_settings

# a URL: a scheme and "//" (http://, gopher://, ...) or http: / https: however written
_URL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*://|https?:)", re.ASCII | re.IGNORECASE)

_TABLES = {
    RecipientType.CUSTOMER: ("customer_contact", "customer_id"),
    RecipientType.CREW: ("crew_contact", "crew_id"),
}


@dataclass(frozen=True)
class ContactChannel:
    """A channel on file for an owner: its language and whether it is preferred."""

    channel: Channel
    language: Language
    preferred: bool


def _statement(name: str, owner_type: RecipientType) -> sql.Composed:
    if owner_type not in _TABLES:
        raise ValueError(f"{owner_type} has no contact table (use add_external_endpoint)")
    table, owner = _TABLES[owner_type]
    return sql.SQL(load_sql("notify", name)).format(
        table=sql.Identifier(table), owner=sql.Identifier(owner)
    )


def set_contact(
    conn: psycopg.Connection,
    owner_type: RecipientType,
    owner_id: int,
    channel: Channel,
    address: str,
    language: Language = Language.ZH_CN,
    preferred: bool = True,
) -> None:
    """Store (or replace) the owner's address on a channel; preferred makes it the channel
    notices go to. The address is checked for its channel (InvalidAddressError)."""
    parameters = {
        "owner_id": owner_id,
        "channel": Channel(channel).value,
        "address": check_address(Channel(channel), address),
        "language": Language(language).value,
        "preferred": preferred,
    }
    if preferred:
        conn.execute(_statement("clear_preferred_contact.sql", owner_type), parameters)
    conn.execute(_statement("upsert_contact.sql", owner_type), parameters)


def remove_contact(
    conn: psycopg.Connection, owner_type: RecipientType, owner_id: int, channel: Channel
) -> bool:
    """Remove the owner's contact on a channel; False when there was none."""
    parameters = {"owner_id": owner_id, "channel": Channel(channel).value}
    return conn.execute(_statement("delete_contact.sql", owner_type), parameters).rowcount > 0


def contact_channels(
    conn: psycopg.Connection, owner_type: RecipientType, owner_id: int
) -> list[ContactChannel]:
    """The channels on file for the owner, without their addresses."""
    rows = conn.execute(
        _statement("select_contact_channels.sql", owner_type), {"owner_id": owner_id}
    ).fetchall()
    return [ContactChannel(Channel(c), Language(lang), bool(p)) for c, lang, p in rows]


def add_external_endpoint(
    conn: psycopg.Connection,
    name: str,
    channel: Channel,
    address: str,
    language: Language = Language.ZH_CN,
    kinds: Sequence[NoticeKind] = (),
) -> int:
    """Subscribe an external system (by name; again replaces it) to kinds (none: all);
    returns its id, the recipient_id of its notices."""
    row = conn.execute(
        load_sql("notify", "insert_external_endpoint.sql"),
        {
            "name": name,
            "channel": Channel(channel).value,
            "address": check_address(Channel(channel), address),
            "language": Language(language).value,
            "kinds": [NoticeKind(k).value for k in kinds],
        },
    ).fetchone()
    if row is None:  # INSERT ... ON CONFLICT DO UPDATE ... RETURNING always answers a row
        raise RuntimeError("external endpoint not written")
    return int(row[0])


@dataclass(frozen=True)
class ReporterContact:
    """How the reporter of a fault report is reached, checked before the report is stored:
    the channel and the address given (None: the channel's default address, which names the
    report and is filled in when the contact is filed)."""

    contact: str
    channel: Channel
    address: str | None
    language: Language


def add_reporter_contact(
    conn: psycopg.Connection,
    report_id: int,
    contact: str,
    language: Language = Language.ZH_CN,
    settings: NotifySettings | None = None,
) -> Channel:
    """File how the reporter of a fault report is reached (see reporter_contact). Returns
    the channel; InvalidAddressError when the contact does not suit it."""
    checked = reporter_contact(contact, language, settings)
    file_reporter_contact(conn, report_id, checked)
    return checked.channel


def reporter_contact(
    contact: str,
    language: Language = Language.ZH_CN,
    settings: NotifySettings | None = None,
) -> ReporterContact:
    """How the reporter of a fault report is reached, checked but not yet filed: an e-mail
    address by email, anything else (a phone number, a WeChat id) over
    GRIDOPS_DEFAULT_REPORTER_CHANNEL at the recipient's default address. Never a URL: an
    anonymous reporter must not choose where the worker POSTs a signed notice (webhook
    destinations are staff's: set_contact, add_external_endpoint). InvalidAddressError when
    the contact does not suit it."""
    settings = settings or notify_settings()
    value = contact.strip()
    if _URL.match(value):
        raise InvalidAddressError(
            "a reporter's contact is a phone number, a chat id or an e-mail address, not a URL"
        )
    if "@" in value and " " not in value:
        channel, address = Channel.EMAIL, check_address(Channel.EMAIL, value)
    else:
        channel, address = settings.default_reporter_channel, None
        if channel not in DEFAULT_ADDRESS_CHANNELS:
            raise InvalidAddressError(
                f"a phone or chat contact cannot be reached over {channel}: set "
                "GRIDOPS_DEFAULT_REPORTER_CHANNEL to mqtt or file"
            )
    return ReporterContact(value[:200], channel, address, Language(language))


def file_reporter_contact(
    conn: psycopg.Connection, report_id: int, checked: ReporterContact
) -> None:
    """File a contact that reporter_contact checked, once its report is stored."""
    address = checked.address or default_address(checked.channel, RecipientType.REPORTER, report_id)
    conn.execute(
        load_sql("notify", "insert_reporter_contact.sql"),
        {
            "report_id": report_id,
            "contact": checked.contact,
            "channel": checked.channel.value,
            "address": address,
            "language": checked.language.value,
        },
    )
