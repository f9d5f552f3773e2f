"""The demo's staff users (`gridops demo prepare`, step "demo users"): one user per role, named
`demo-<role>` and holding that one role, with a generated password. They are added through
identity.users.add_user, so each has its audit row (user.manage, "added"), and their passwords
are kept in `<data dir>/demo_users.txt`, readable only by its owner (mode 0600 from its
creation), one line per user: role, username, password. The passwords are shown once, by the
run that makes the users; a later run names the file and never shows them again."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from gis.sql_file import load_sql
from identity.actor import Actor, cli_actor
from identity.passwords import generate_password
from identity.permissions import Role
from identity.users import add_user

Say = Callable[[str], None]

USERS_FILE_NAME = "demo_users.txt"
FILE_MODE = 0o600  # the owner reads and writes it; nobody else, not even for a moment
HEADER = "# role username password (the demo's staff users; gridops demo prepare)"


@dataclass(frozen=True)
class DemoUser:
    """A demo user's line in the passwords' file."""

    role: str
    username: str
    password: str

    def line(self) -> str:
        """The file's line (and the one shown): role, username, password."""
        return f"{self.role} {self.username} {self.password}"


def demo_username(role: Role) -> str:
    """The demo user of a role: demo-dispatcher, demo-senior_dispatcher, ..."""
    return f"demo-{role.value}"


def demo_usernames() -> list[str]:
    """Every demo user's name, one per role, in the roles' order."""
    return [demo_username(role) for role in Role]


def users_file(data_dir: Path | None = None) -> Path:
    """Where the demo users' passwords are kept: demo_users.txt in the data folder
    (GRIDOPS_DATA_DIR, var/ by default: the folder of the embedded cluster)."""
    if data_dir is None:
        from gis.settings import database_settings

        data_dir = database_settings().data_dir
    return (data_dir / USERS_FILE_NAME).resolve()


def existing_demo_users(conn: psycopg.Connection) -> set[str]:
    """The demo users there are already, by their lower-case names."""
    names = [name.lower() for name in demo_usernames()]
    rows = conn.execute(
        load_sql("data", "select_demo_users.sql").encode(), {"usernames": names}
    ).fetchall()
    return {str(row[0]).lower() for row in rows}


def read_users_file(path: Path) -> list[DemoUser]:
    """The lines of the passwords' file (none when it is not there)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    users = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            users.append(DemoUser(*parts))
    return users


def write_users_file(path: Path, users: list[DemoUser]) -> None:
    """Write the passwords' file whole: a new file opened with mode 0600 (never readable by
    others, even briefly, whatever the umask), then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have taken bits away; it never adds any
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join([HEADER, *(user.line() for user in users)]) + "\n")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def prepare_demo_users(
    url: str, say: Say, path: Path, actor: Actor | None = None, now: datetime | None = None
) -> list[DemoUser]:
    """Add the demo users that are not there yet (each with its audit row, in one transaction
    with the file's writing: a file that cannot be written adds no user); the users added, whose
    passwords the caller shows this once (say_passwords)."""
    from gis.database import connect

    actor = actor or cli_actor()
    now = now or datetime.now(UTC)
    with connect(url) as conn, conn.transaction():
        existing = existing_demo_users(conn)
        missing = [role for role in Role if demo_username(role).lower() not in existing]
        if not missing:
            say_present(say, path, len(existing))
            return []
        say(
            f"demo users: adding {len(missing)} (one per role, named demo-<role>) with "
            "generated passwords"
        )
        added = []
        for role in missing:
            password = generate_password()
            user = add_user(conn, actor, demo_username(role), [role.value], password, now)
            added.append(DemoUser(role.value, user.username, password))
        kept = [user for user in read_users_file(path) if user.username.lower() in existing]
        write_users_file(path, kept + added)
    lost = sorted(existing - {user.username.lower() for user in kept})
    if lost:
        say(
            f"demo users: no password on file for {', '.join(lost)}: set a new one with "
            "`gridops user set-password NAME`"
        )
    return added


def say_passwords(say: Say, path: Path, added: list[DemoUser]) -> None:
    """Show the passwords of the users just added, this once (the end of the set-up)."""
    say(f"demo users: passwords in {path} (readable only by its owner); shown this once:")
    for user in added:
        say(f"  {user.line()}")


def say_present(say: Say, path: Path, count: int) -> None:
    """The demo users are there already: where their passwords are, or that the file is gone."""
    if path.exists():
        say(f"demo users: {count} already there, kept (passwords in {path})")
        return
    say(
        f"demo users: {count} already there, kept; their passwords' file {path} is gone: "
        "set a new password with `gridops user set-password NAME` (e.g. demo-dispatcher)"
    )
