"""The gridops command: help everywhere, one clear line for a database it cannot reach."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from app.cli import app

COMMANDS = [
    [],
    ["db"],
    ["db", "upgrade"],
    ["db", "status"],
    ["db", "stop"],
    ["demo"],
    ["demo", "load"],
    ["import"],
    ["import", "pandapower"],
    ["import", "sales"],
    ["import", "readings"],
    ["import", "transformers"],
    ["import", "weather"],
    ["serve"],
    ["worker"],
]


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
        deadline = time.monotonic() + 60
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
