"""Staff users: add, list, disable, enable, set a password, set roles. Each change takes the
acting `Actor` and is refused unless it holds user.manage (a user may set their own password);
disabling a user or changing a password signs the user out everywhere. The caller's
transaction holds every change (the command line commits it; a refusal changes nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import dict_row

from gis.errors import ConflictError, ForbiddenError, NotFoundError, RejectedInputError
from gis.sql_file import load_sql
from identity import audit
from identity.actor import Actor, ActorKind
from identity.passwords import hash_password
from identity.permissions import Permission, Role, parse_role
from identity.sessions import sign_out_everywhere

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")  # as staff_user's CHECK says
MAX_DISPLAY_NAME = 200


@dataclass(frozen=True)
class StaffUser:
    """A staff user as listed: never their password hash."""

    id: int
    organisation_id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    disabled_at: datetime | None
    created_at: datetime
    password_changed_at: datetime


class UserNotFoundError(NotFoundError):
    """No staff user of that name (answered 404)."""


class UsernameTakenError(ConflictError):
    """A user of that name exists already, in any case (answered 409)."""


class UserInputError(RejectedInputError):
    """A username, display name or role list that cannot be used (answered 422)."""

    kind = "invalid-user"


class NotAllowedError(ForbiddenError):
    """The actor does not hold the permission the change needs (answered 403)."""


def _sql(name: str) -> bytes:
    return load_sql("identity", name).encode()


def _require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise NotAllowedError(
            f"{actor.name} does not hold the permission {permission.value}",
            reason="not_allowed",
            permission=permission.value,
        )


def _roles(names: Iterable[str]) -> list[Role]:
    """The roles named, each once, in the order given; at least one."""
    roles = list(dict.fromkeys(parse_role(name) for name in names))
    if not roles:
        raise UserInputError("a user needs at least one role", field="roles")
    return roles


def _user(row: dict[str, Any]) -> StaffUser:
    return StaffUser(
        id=row["id"],
        organisation_id=row["organisation_id"],
        username=row["username"],
        display_name=row["display_name"],
        roles=tuple(row["roles"]),
        disabled_at=row["disabled_at"],
        created_at=row["created_at"],
        password_changed_at=row["password_changed_at"],
    )


def _select(conn: Any, username: str | None) -> list[StaffUser]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(_sql("users/select_users.sql"), {"username": username})
        return [_user(row) for row in cur.fetchall()]


def _audited(conn: Any, actor: Actor, user: StaffUser, change: str, **facts: Any) -> StaffUser:
    """The user as changed, after writing the change's audit row in the same transaction."""
    audit.record(
        conn,
        actor,
        Permission.USER_MANAGE,
        object_type="staff_user",
        object_id=user.username,
        summary={"change": change, **facts},
        permission=Permission.USER_MANAGE if actor.kind is not ActorKind.CLI else None,
    )
    return user


def get_user(conn: Any, username: str) -> StaffUser:
    """The user of that name (any case); UserNotFoundError if there is none."""
    found = _select(conn, username)
    if not found:
        raise UserNotFoundError(f"no staff user named {username!r}", field="username")
    return found[0]


def add_user(
    conn: Any,
    actor: Actor,
    username: str,
    roles: Iterable[str],
    password: str,
    now: datetime,
    display_name: str | None = None,
) -> StaffUser:
    """A new staff user of the actor's organisation with these roles and this password."""
    _require(actor, Permission.USER_MANAGE)
    if not USERNAME.fullmatch(username):
        raise UserInputError(
            "a username is 1 to 100 letters, digits or . _ @ -, starting with a letter or "
            f"digit; got {username!r}",
            field="username",
        )
    display = (display_name if display_name is not None else username).strip()
    if not 1 <= len(display) <= MAX_DISPLAY_NAME or "\x00" in display:
        raise UserInputError(
            f"a display name is 1 to {MAX_DISPLAY_NAME} characters", field="display_name"
        )
    chosen = _roles(roles)
    password_hash = hash_password(password)
    with conn.cursor() as cur:
        cur.execute(
            _sql("users/insert_user.sql"),
            {
                "organisation_id": actor.organisation_id,
                "username": username,
                "display_name": display,
                "password_hash": password_hash,
                "now": now,
            },
        )
        row = cur.fetchone()
        if row is None:
            raise UsernameTakenError(
                f"a staff user named {username!r} exists already", field="username"
            )
        cur.execute(
            _sql("users/replace_user_roles.sql"),
            {"user_id": row[0], "roles": [role.value for role in chosen]},
        )
    user = get_user(conn, username)
    return _audited(conn, actor, user, "added", roles=[role.value for role in chosen])


def list_users(conn: Any, actor: Actor) -> list[StaffUser]:
    """Every staff user with their roles, by name."""
    _require(actor, Permission.USER_MANAGE)
    return _select(conn, None)


def _set_disabled(conn: Any, username: str, now: datetime | None) -> int:
    with conn.cursor() as cur:
        cur.execute(_sql("users/update_user_disabled.sql"), {"username": username, "now": now})
        row = cur.fetchone()
    if row is None:
        raise UserNotFoundError(f"no staff user named {username!r}", field="username")
    return int(row[0])


def disable_user(conn: Any, actor: Actor, username: str, now: datetime) -> StaffUser:
    """The user can no longer sign in, and every session of theirs ends now."""
    _require(actor, Permission.USER_MANAGE)
    user_id = _set_disabled(conn, username, now)
    ended = sign_out_everywhere(conn, user_id, now)
    return _audited(conn, actor, get_user(conn, username), "disabled", sessions_ended=ended)


def enable_user(conn: Any, actor: Actor, username: str) -> StaffUser:
    """A disabled user may sign in again (their old sessions stay ended)."""
    _require(actor, Permission.USER_MANAGE)
    _set_disabled(conn, username, None)
    return _audited(conn, actor, get_user(conn, username), "enabled")


def set_password(conn: Any, actor: Actor, username: str, password: str, now: datetime) -> StaffUser:
    """The user's new password; every session of theirs ends now (sign-out everywhere).
    A user may set their own; anyone else's needs user.manage."""
    if not (actor.kind is ActorKind.USER and actor.name.lower() == username.lower()):
        _require(actor, Permission.USER_MANAGE)
    password_hash = hash_password(password)
    with conn.cursor() as cur:
        cur.execute(
            _sql("users/update_user_password.sql"),
            {"username": username, "password_hash": password_hash, "now": now},
        )
        row = cur.fetchone()
    if row is None:
        raise UserNotFoundError(f"no staff user named {username!r}", field="username")
    ended = sign_out_everywhere(conn, int(row[0]), now)
    return _audited(conn, actor, get_user(conn, username), "password set", sessions_ended=ended)


def set_roles(conn: Any, actor: Actor, username: str, roles: Iterable[str]) -> StaffUser:
    """The user's roles become exactly these (an unknown role: nothing changes)."""
    _require(actor, Permission.USER_MANAGE)
    chosen = _roles(roles)
    user = get_user(conn, username)
    with conn.cursor() as cur:
        cur.execute(
            _sql("users/replace_user_roles.sql"),
            {"user_id": user.id, "roles": [role.value for role in chosen]},
        )
    changed = get_user(conn, username)
    return _audited(
        conn, actor, changed, "roles set", before=list(user.roles), after=list(changed.roles)
    )
