"""`gridops user add|list|disable|enable|set-password|set-roles` and `gridops role list`
(mounted by app.cli). The command line acts as Actor(kind=cli, name="cli:<os user>"): whoever
has a shell on the server and the database's URL administers the users."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from gis.errors import DomainError, GridOpsError
from identity.actor import cli_actor

user_app = typer.Typer(
    help="Staff users: add, list, disable, enable, set a password or roles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
role_app = typer.Typer(
    help="Staff roles and their permissions.", no_args_is_help=True, pretty_exceptions_enable=False
)

Username = Annotated[str, typer.Argument(help="the user's name (any case finds it)")]
Roles = Annotated[
    list[str], typer.Option("--role", help="a role (gridops role list); repeat for more")
]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="read the password from the first line of standard input; without it a password "
        "is generated and printed once",
    ),
]


@contextmanager
def clear_errors() -> Iterator[None]:
    """A GridOpsError or a DomainError (a bad role, a short password, an unknown user) as one
    line on stderr and exit 1, never a traceback; the identity commands all answer this way."""
    try:
        yield
    except (GridOpsError, DomainError) as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None


@contextmanager
def _transaction() -> Iterator[Any]:
    """A connection to the migrated database, in a transaction committed at the end; a
    GridOpsError or a DomainError is one line on stderr and exit 1, with nothing changed."""
    from gis.database import connect, resolve_database_url
    from gis.migrate import upgrade

    with clear_errors():
        url = resolve_database_url()
        with connect(url, autocommit=True) as conn:
            upgrade(conn)
        with connect(url) as conn, conn.transaction():
            yield conn


def _read_password(from_stdin: bool) -> tuple[str, bool]:
    """(the password, whether it was generated)."""
    from identity.passwords import generate_password

    if not from_stdin:
        return generate_password(), True
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r"), False


def _checked(password: str) -> str:
    """The password, or one line and exit 1 when it cannot be used (before any connection)."""
    from identity.passwords import check_password

    try:
        return check_password(password)
    except DomainError as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None


def _describe(user: Any) -> str:
    state = "disabled" if user.disabled_at else "active"
    return f"{user.username} ({user.display_name}): {', '.join(user.roles) or '-'}; {state}"


@user_app.command("add")
def add(
    username: Username,
    role: Roles,
    password_stdin: PasswordStdin = False,
    display_name: Annotated[
        str | None, typer.Option(help="the name the console shows (default the username)")
    ] = None,
) -> None:
    """Add a staff user with one or more roles."""
    from identity.users import add_user

    password, generated = _read_password(password_stdin)
    _checked(password)
    _check_roles(role)
    with _transaction() as conn:
        user = add_user(
            conn, cli_actor(), username, role, password, datetime.now(UTC), display_name
        )
    typer.echo(f"added {_describe(user)}")
    if generated:
        typer.echo(f"password (shown once): {password}")


def _check_roles(names: list[str]) -> None:
    """One line and exit 1 for an unknown role, before anything is asked of the database."""
    from identity.permissions import parse_role

    try:
        for name in names:
            parse_role(name)
    except DomainError as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None


@user_app.command("list")
def list_command() -> None:
    """List the staff users, their roles and whether they are disabled."""
    from identity.users import list_users

    with _transaction() as conn:
        users = list_users(conn, cli_actor())
    for user in users:
        typer.echo(_describe(user))
    if not users:
        typer.echo("no staff users yet (gridops user add NAME --role ROLE)")


@user_app.command("disable")
def disable(username: Username) -> None:
    """Disable a user: they cannot sign in, and every session of theirs ends."""
    from identity.users import disable_user

    with _transaction() as conn:
        user = disable_user(conn, cli_actor(), username, datetime.now(UTC))
    typer.echo(f"disabled {_describe(user)}; signed out everywhere")


@user_app.command("enable")
def enable(username: Username) -> None:
    """Enable a disabled user again."""
    from identity.users import enable_user

    with _transaction() as conn:
        user = enable_user(conn, cli_actor(), username)
    typer.echo(f"enabled {_describe(user)}")


@user_app.command("set-password")
def set_password_command(username: Username, password_stdin: PasswordStdin = False) -> None:
    """Set a user's password (every session of theirs ends)."""
    from identity.users import set_password

    password, generated = _read_password(password_stdin)
    _checked(password)
    with _transaction() as conn:
        user = set_password(conn, cli_actor(), username, password, datetime.now(UTC))
    typer.echo(f"password set for {user.username}; signed out everywhere")
    if generated:
        typer.echo(f"password (shown once): {password}")


@user_app.command("set-roles")
def set_roles_command(username: Username, role: Roles) -> None:
    """Replace a user's roles with the ones given."""
    from identity.users import set_roles

    _check_roles(role)
    with _transaction() as conn:
        user = set_roles(conn, cli_actor(), username, role)
    typer.echo(f"roles set: {_describe(user)}")


@role_app.command("list")
def role_list() -> None:
    """The roles, each with what it is for and its permissions (in GRIDOPS_LANGUAGE, en or
    zh-CN; English by default)."""
    from identity.permissions import ROLES
    from identity.settings import identity_settings

    language = identity_settings().language
    for definition in ROLES.values():
        typer.echo(f"{definition.role.value}: {definition.describe(language)}")
        for permission in sorted(definition.permissions):
            typer.echo(f"  {permission.value}")
