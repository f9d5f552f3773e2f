"""The one description of who is acting, shared by the API, the console, the CLI and the audit
trail: a staff user, an API token, a signed-in customer, a crew link, or the command line."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from enum import StrEnum

GRID_ORGANISATION_ID = 1  # the grid company, made by migration 060


class ActorKind(StrEnum):
    """What kind of credential an actor acted with."""

    USER = "user"  # a staff user signed in (session cookie)
    TOKEN = "token"  # noqa: S105 (a kind, not a secret): an API token (Authorization: Bearer)
    CUSTOMER = "customer"  # a customer signed in with a phone code
    CREW_LINK = "crew_link"  # a field crew through the link of its job
    CLI = "cli"  # the gridops command on the server (an operator with shell access)


@dataclass(frozen=True)
class Actor:
    """Who acts, with what they may do: the name the audit trail shows (a username, a token's
    name, a crew link's job, `cli:<os user>`), and for users and tokens their permissions."""

    kind: ActorKind
    name: str
    id: int | None = None  # the staff user's, token's or customer account's row, if any
    organisation_id: int = GRID_ORGANISATION_ID
    roles: tuple[str, ...] = ()
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        """Whether this actor holds the named permission (the command line holds every one)."""
        return self.kind is ActorKind.CLI or permission in self.permissions


@dataclass(frozen=True)
class RequestOrigin:
    """Where an action came from, as the audit trail records it."""

    client: str | None = None  # the client's address (as the trusted proxies name it)
    request_id: str | None = None  # the request's id (X-Request-ID or one made for it)


def cli_actor(user: str | None = None) -> Actor:
    """The `gridops` command's actor: `cli:<os user>` (an operator with shell access)."""
    try:
        name = user or getpass.getuser()
    except (OSError, KeyError):  # no login name and no user database entry (a bare container)
        name = "unknown"
    return Actor(kind=ActorKind.CLI, name=f"cli:{name}"[:200])
