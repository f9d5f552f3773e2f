"""Staff users: add, list, disable, enable, set a password, set roles; refusals change
nothing."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from identity.actor import Actor, ActorKind, RequestOrigin
from identity.passwords import PasswordRejectedError
from identity.permissions import UnknownRoleError
from identity.sessions import SignInRefusedError, resolve, sign_in
from identity.users import (
    NotAllowedError,
    UserInputError,
    UsernameTakenError,
    UserNotFoundError,
    add_user,
    disable_user,
    enable_user,
    get_user,
    list_users,
    set_password,
    set_roles,
)
from tests.identity.conftest import NOW, PASSWORD

ORIGIN = RequestOrigin(client="192.0.2.10")


def _count(db: psycopg.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM staff_user").fetchone()[0])


def test_add_and_list(db: psycopg.Connection, cli: Actor) -> None:
    user = add_user(db, cli, "Ops.Lead", ["dispatcher", "planner", "dispatcher"], PASSWORD, NOW)
    assert user.username == "Ops.Lead" and user.display_name == "Ops.Lead"
    assert user.roles == ("dispatcher", "planner") and user.disabled_at is None
    assert user.organisation_id == 1
    add_user(db, cli, "alice", ["viewer"], PASSWORD, NOW, display_name="Alice Wang")
    names = [u.username for u in list_users(db, cli)]
    assert {"alice", "Ops.Lead"} <= set(names)
    assert names == sorted(names, key=str.lower)  # by name, any case
    assert get_user(db, "ops.lead").id == user.id  # any case finds it
    stored = db.execute("SELECT password_hash FROM staff_user WHERE id = %s", (user.id,))
    assert stored.fetchone()[0].startswith("$argon2id$")


def test_a_name_taken_in_any_case_is_refused(db: psycopg.Connection, cli: Actor) -> None:
    add_user(db, cli, "ops", ["viewer"], PASSWORD, NOW)
    with pytest.raises(UsernameTakenError):
        add_user(db, cli, "OPS", ["viewer"], PASSWORD, NOW)


@pytest.mark.parametrize(
    ("username", "roles", "password", "error"),
    [
        ("bob", ["root"], PASSWORD, UnknownRoleError),
        ("bob", [], PASSWORD, UserInputError),
        ("bob", ["viewer"], "short", PasswordRejectedError),
        ("bob smith", ["viewer"], PASSWORD, UserInputError),
        ("", ["viewer"], PASSWORD, UserInputError),
        ("x" * 101, ["viewer"], PASSWORD, UserInputError),
    ],
)
def test_bad_input_is_refused_and_nothing_is_added(
    db: psycopg.Connection,
    cli: Actor,
    username: str,
    roles: list[str],
    password: str,
    error: type[Exception],
) -> None:
    before = _count(db)
    with pytest.raises(error):
        add_user(db, cli, username, roles, password, NOW)
    assert _count(db) == before


def test_set_roles(db: psycopg.Connection, cli: Actor) -> None:
    add_user(db, cli, "carol", ["viewer"], PASSWORD, NOW)
    assert set_roles(db, cli, "carol", ["dr_operator", "planner"]).roles == (
        "dr_operator",
        "planner",
    )
    with pytest.raises(UnknownRoleError):
        set_roles(db, cli, "carol", ["dr_operator", "superuser"])
    assert get_user(db, "carol").roles == ("dr_operator", "planner")
    with pytest.raises(UserNotFoundError):
        set_roles(db, cli, "nobody", ["viewer"])


def test_disable_signs_out_everywhere_and_enable_lets_in_again(
    db: psycopg.Connection, cli: Actor
) -> None:
    add_user(db, cli, "dave", ["dispatcher"], PASSWORD, NOW)
    first = sign_in(db, "dave", PASSWORD, ORIGIN, NOW)
    second = sign_in(db, "dave", PASSWORD, ORIGIN, NOW)
    later = NOW + timedelta(minutes=5)
    assert disable_user(db, cli, "dave", later).disabled_at == later
    assert resolve(db, first.cookie, later) is None and resolve(db, second.cookie, later) is None
    with pytest.raises(SignInRefusedError):
        sign_in(db, "dave", PASSWORD, ORIGIN, later)
    assert enable_user(db, cli, "dave").disabled_at is None
    assert resolve(db, first.cookie, later) is None  # old sessions stay ended
    assert sign_in(db, "dave", PASSWORD, ORIGIN, later).actor.name == "dave"
    with pytest.raises(UserNotFoundError):
        disable_user(db, cli, "nobody", later)


def test_set_password_signs_out_everywhere(db: psycopg.Connection, cli: Actor) -> None:
    add_user(db, cli, "erin", ["viewer"], PASSWORD, NOW)
    session = sign_in(db, "erin", PASSWORD, ORIGIN, NOW)
    later = NOW + timedelta(minutes=1)
    with pytest.raises(PasswordRejectedError):
        set_password(db, cli, "erin", "too short", later)
    assert resolve(db, session.cookie, later) is not None  # a refusal changed nothing
    changed = set_password(db, cli, "erin", "a new long passphrase", later)
    assert changed.password_changed_at == later
    assert resolve(db, session.cookie, later) is None
    with pytest.raises(SignInRefusedError):
        sign_in(db, "erin", PASSWORD, ORIGIN, later)
    assert sign_in(db, "erin", "a new long passphrase", ORIGIN, later).actor.name == "erin"


def test_changes_need_user_manage(db: psycopg.Connection, cli: Actor) -> None:
    add_user(db, cli, "frank", ["dispatcher"], PASSWORD, NOW)
    frank = sign_in(db, "frank", PASSWORD, ORIGIN, NOW).actor
    with pytest.raises(NotAllowedError, match=r"user\.manage"):
        add_user(db, frank, "grace", ["admin"], PASSWORD, NOW)
    with pytest.raises(NotAllowedError):
        set_roles(db, frank, "frank", ["admin"])
    with pytest.raises(NotAllowedError):
        list_users(db, frank)
    # a user may set their own password, and nobody else's
    set_password(db, frank, "FRANK", "frank's own new one", NOW)
    with pytest.raises(NotAllowedError):
        set_password(db, frank, "cli-made", "another long one", NOW)
    admin = Actor(kind=ActorKind.USER, name="root", id=None, permissions=frozenset({"user.manage"}))
    assert add_user(db, admin, "grace", ["viewer"], PASSWORD, NOW).username == "grace"
