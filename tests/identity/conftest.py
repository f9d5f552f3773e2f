"""Identity fixtures: the command line's actor and a user added in the test's transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from identity.actor import Actor, ActorKind

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture()
def cli() -> Actor:
    return Actor(kind=ActorKind.CLI, name="cli:test")
