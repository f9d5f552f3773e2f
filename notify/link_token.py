"""The tokens in the links of notices (a DR answer, a report's progress, a crew's job), made
from a server secret so that no table and no notice payload ever holds one readable.

A token is the ids it grants, then an HMAC-SHA256 of the purpose and those ids under
GRIDOPS_LINK_SECRET: `<id>[.<id>...].<mac>`, 192 bits of the MAC in URL-safe base64. The
payload of a notice keeps only the ids; the worker rebuilds the link when it sends the notice,
and the text kept on the row shows the link with the token blanked (redact_tokens). A page
or route that gets a token checks its MAC and reads the ids from it.

The secret: GRIDOPS_LINK_SECRET when set (it must be the same for the web processes and the
worker; beyond one machine set it), else the file GRIDOPS_LINK_SECRET_FILE (var/link_secret),
made with 256 random bits on first use. Changing it invalidates every link sent.

Tokens made before (random, kept in the tables as their sha256: migration 051) still work
through legacy_hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

MAC_CHARS = 32  # 192 bits
_TOKEN = re.compile(r"^(\d{1,19}(?:\.\d{1,19}){0,3})\.([A-Za-z0-9_-]{32})$")
# a token in a rendered text: ids and a MAC, or a legacy one (hex or URL-safe base64)
_IN_LINK = re.compile(r"(/public/dr/|/public/reports/|/crew/jobs/)[A-Za-z0-9_.-]{16,}")
REDACTED = "<token>"


class LinkPurpose(StrEnum):
    """What a signed link opens: a DR response, a fault report or a crew job."""

    DR_RESPONSE = "dr_response"  # ids: DR event, customer, modification number
    FAULT_REPORT = "fault_report"  # ids: fault report
    CREW_JOB = "crew_job"  # ids: crew job


def _mac(secret: bytes, purpose: LinkPurpose, ids: tuple[int, ...]) -> str:
    message = f"{purpose.value}:{'.'.join(str(i) for i in ids)}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:MAC_CHARS]


def sign(secret: bytes, purpose: LinkPurpose, *ids: int) -> str:
    """The token of a link granting `purpose` over the ids."""
    return ".".join(str(int(i)) for i in ids) + "." + _mac(secret, purpose, tuple(ids))


def verify(secret: bytes, purpose: LinkPurpose, token: str, count: int) -> tuple[int, ...] | None:
    """The `count` ids a token grants for `purpose`, or None when it is not one of ours."""
    found = _TOKEN.match(token or "")
    if found is None:
        return None
    ids = tuple(int(part) for part in found.group(1).split("."))
    if len(ids) != count or not hmac.compare_digest(found.group(2), _mac(secret, purpose, ids)):
        return None
    return ids


def is_signed(token: str) -> bool:
    """Whether the token has the shape of a signed link token (not that its signature holds)."""
    return _TOKEN.match(token or "") is not None


def legacy_hash(token: str) -> str:
    """What the tables keep of a random token made before migration 051 (sha256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def redact_tokens(text: str) -> str:
    """text with the token of every notice link blanked (the text kept on the notice row)."""
    return _IN_LINK.sub(lambda m: m.group(1) + REDACTED, text)


@lru_cache(maxsize=8)
def _secret_from_file(path: Path) -> bytes:
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: of two processes starting at once, one writes and both read its secret
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    return path.read_bytes().strip()


def link_secret(configured: str | None, path: Path) -> bytes:
    """GRIDOPS_LINK_SECRET, else the secret kept in (or first written to) path."""
    if configured:
        return configured.encode()
    return _secret_from_file(path.resolve())
