"""`gridops user ...` and `gridops role list` against a database of their own (the commands
commit): a user added with --password-stdin can sign in; a bad role or a short password is one
line, exit 1, nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from typer.testing import CliRunner

from app.cli import app
from gis.settings import database_settings
from identity.actor import RequestOrigin
from identity.sessions import SignInRefusedError, sign_in
from identity.settings import identity_settings
from tests.identity.conftest import PASSWORD


@pytest.fixture()
def gridops(migrated_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("GRIDOPS_DATABASE_URL", migrated_db_url)
    database_settings.cache_clear()
    yield CliRunner()
    database_settings.cache_clear()
    identity_settings.cache_clear()


def _users(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [row[0] for row in conn.execute("SELECT username FROM staff_user ORDER BY 1")]


def _sign_in(url: str, username: str, password: str) -> str:
    with psycopg.connect(url) as conn:
        signed = sign_in(conn, username, password, RequestOrigin("192.0.2.1"), datetime.now(UTC))
        return signed.actor.name


def test_user_add_with_password_stdin_and_sign_in(gridops: CliRunner, migrated_db_url: str) -> None:
    result = gridops.invoke(
        app,
        ["user", "add", "cli-disp", "--role", "dispatcher", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "added cli-disp (cli-disp): dispatcher; active" in result.output
    assert PASSWORD not in result.output
    assert _sign_in(migrated_db_url, "cli-disp", PASSWORD) == "cli-disp"


def test_user_add_without_stdin_prints_a_generated_password_once(
    gridops: CliRunner, migrated_db_url: str
) -> None:
    add = ["user", "add", "cli-gen", "--role", "planner", "--role", "viewer"]
    result = gridops.invoke(app, add)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "shown once" in line]
    assert len(lines) == 1
    password = lines[0].rsplit(" ", 1)[1]
    assert len(password) >= 20
    assert _sign_in(migrated_db_url, "cli-gen", password) == "cli-gen"


@pytest.mark.parametrize(
    ("arguments", "stdin", "message"),
    [
        (
            ["user", "add", "cli-bad", "--role", "root", "--password-stdin"],
            PASSWORD,
            "no such role",
        ),
        (["user", "add", "cli-bad", "--role", "viewer", "--password-stdin"], "short", "12"),
        (["user", "add", "bad name", "--role", "viewer", "--password-stdin"], PASSWORD, "username"),
        (["user", "disable", "nobody"], "", "no staff user named 'nobody'"),
        (["user", "set-roles", "nobody", "--role", "viewer"], "", "no staff user"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    gridops: CliRunner, migrated_db_url: str, arguments: list[str], stdin: str, message: str
) -> None:
    before = _users(migrated_db_url)
    result = gridops.invoke(app, arguments, input=stdin + "\n")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gridops: ") and message in lines[0]
    assert _users(migrated_db_url) == before


def test_list_disable_enable_set_roles_and_set_password(
    gridops: CliRunner, migrated_db_url: str
) -> None:
    add = ["user", "add", "cli-ops", "--role", "viewer", "--password-stdin", "--display-name"]
    assert gridops.invoke(app, [*add, "Ops Wang"], input=PASSWORD).exit_code == 0
    listed = gridops.invoke(app, ["user", "list"])
    assert "cli-ops (Ops Wang): viewer; active" in listed.output
    roles = gridops.invoke(app, ["user", "set-roles", "CLI-OPS", "--role", "admin"])
    assert roles.exit_code == 0 and "cli-ops (Ops Wang): admin" in roles.output
    bad = gridops.invoke(app, ["user", "set-roles", "cli-ops", "--role", "admin", "--role", "x"])
    assert bad.exit_code == 1 and "no such role: 'x'" in bad.output
    assert "admin; active" in gridops.invoke(app, ["user", "list"]).output
    disabled = gridops.invoke(app, ["user", "disable", "cli-ops"])
    assert disabled.exit_code == 0 and "signed out everywhere" in disabled.output
    with pytest.raises(SignInRefusedError):
        _sign_in(migrated_db_url, "cli-ops", PASSWORD)
    assert gridops.invoke(app, ["user", "enable", "cli-ops"]).exit_code == 0
    new = "a brand new passphrase"
    changed = gridops.invoke(
        app, ["user", "set-password", "cli-ops", "--password-stdin"], input=new
    )
    assert changed.exit_code == 0, changed.output
    assert _sign_in(migrated_db_url, "cli-ops", new) == "cli-ops"


@pytest.mark.parametrize(
    ("language", "expected"),
    [(None, "console pages and grid layers"), ("zh-CN", "查看控制台页面")],
)
def test_role_list_in_the_configured_language(
    monkeypatch: pytest.MonkeyPatch, language: str | None, expected: str
) -> None:
    if language:
        monkeypatch.setenv("GRIDOPS_LANGUAGE", language)
    else:
        monkeypatch.delenv("GRIDOPS_LANGUAGE", raising=False)
    identity_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["role", "list"])
    finally:
        identity_settings.cache_clear()
    assert result.exit_code == 0
    assert expected in result.output
    assert "senior_dispatcher:" in result.output and "  planned_outage.publish" in result.output
