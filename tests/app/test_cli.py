"""The gridops command: help everywhere, one clear line for a database it cannot reach."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from app.cli import app
from tests.live_server import START_TIMEOUT_S


def _commands(command: Any, path: list[str]) -> list[list[str]]:
    """`command` and every command under it (a group's `commands`), as the words that call
    them. Typer's click commands are its own (typer._click), so groups are told by shape."""
    found = [path]
    for name, child in sorted((getattr(command, "commands", None) or {}).items()):
        found += _commands(child, [*path, name])
    return found


COMMANDS = _commands(typer.main.get_command(app), [])


def test_the_command_list_is_read_from_the_app() -> None:
    """Help is checked on every command the app has, found by walking it (so a new command
    cannot be left out): the ones of each area are there."""
    for command in (["db", "upgrade"], ["forecast", "run"], ["dr", "measure"], ["vtn"]):
        assert command in COMMANDS
    assert len(COMMANDS) > 20


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "gridops")
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 3


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql://postgres@127.0.0.1:1/gridops",
            "cannot connect to the database at 127.0.0.1:1",
        ),
        ("not a url at all", "invalid database URL"),
    ],
)
def test_unreachable_database_gives_one_clear_line(url: str, expected: str) -> None:
    env = {**os.environ, "GRIDOPS_DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("gridops: ") and expected in lines[0]
    assert "Traceback" not in result.stderr


def test_demo_load_refuses_an_unknown_size() -> None:
    result = CliRunner().invoke(app, ["demo", "load", "--size", "huge"])
    assert result.exit_code == 2
    assert "small, medium, large" in result.output


def test_serve_in_two_processes_answers_on_one_port(demo_db_url: str) -> None:
    """gridops serve --workers 2 shares one listening socket between two server processes."""
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "GRIDOPS_DATABASE_URL": demo_db_url, "GRIDOPS_BASEMAP_URL": ""}
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            answers = [client.get("/api/v1/health") for _ in range(20)]
            page = client.get("/")
        assert [a.json()["status"] for a in answers] == ["ok"] * 20
        assert page.status_code == 200 and "GridOps" in page.text
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode is not None
