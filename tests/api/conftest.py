"""The API in process: FastAPI's TestClient on the session's demo database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def client(demo_db_url: str) -> Iterator[TestClient]:
    from app.main import create_app

    with TestClient(create_app(demo_db_url), raise_server_exceptions=False) as test_client:
        yield test_client
