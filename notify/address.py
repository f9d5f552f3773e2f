"""Addresses of each channel: checked when saved and again before a delivery. Error messages
name the channel and what is wrong, never the address itself (contact details stay private)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from notify.models import Channel, RecipientType

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
MAX_TOPIC_BYTES = 1024
REDACTED = "<address>"


class InvalidAddressError(ValueError):
    """An address that cannot be delivered to on its channel (a permanent error)."""


def check_address(channel: Channel, address: str) -> str:
    """The address, stripped, if it suits the channel; InvalidAddressError otherwise."""
    value = address.strip()
    if not value:
        raise InvalidAddressError(f"empty {channel} address")
    if channel is Channel.EMAIL and (len(value) > 254 or not _EMAIL.match(value)):
        raise InvalidAddressError("invalid email address")
    if channel is Channel.WEBHOOK:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidAddressError("webhook address must be an http(s) URL with a host")
    if channel is Channel.MQTT and (
        "+" in value or "#" in value or "\x00" in value or len(value.encode()) > MAX_TOPIC_BYTES
    ):
        raise InvalidAddressError("MQTT topic must be a plain topic name without wildcards")
    if channel is Channel.FILE and (not _FILE_NAME.match(value) or ".." in value):
        raise InvalidAddressError("file sink address must be a plain file name")
    return value


# The channels that reach a recipient without an address on file (default_address).
DEFAULT_ADDRESS_CHANNELS = frozenset({Channel.MQTT, Channel.FILE})


def default_address(
    channel: Channel, recipient_type: RecipientType, recipient_id: int
) -> str | None:
    """Where a recipient with no address on file is reached: its own MQTT topic, or the file
    sink's file of its type; webhook and email need an address on file (None)."""
    if channel is Channel.MQTT:
        leaf = "jobs" if recipient_type is RecipientType.CREW else "notices"
        return f"gridops/{recipient_type.value}/{recipient_id}/{leaf}"
    if channel is Channel.FILE:
        return f"{recipient_type.value}.jsonl"
    return None


def redact(text: str, address: str | None) -> str:
    """text with every occurrence of the address (and an email's local part) blanked."""
    if not address:
        return text
    redacted = text.replace(address, REDACTED)
    if "@" in address:
        local = address.split("@", 1)[0]
        if len(local) >= 3:
            redacted = redacted.replace(local, REDACTED)
    return redacted
