"""Staff sign-in over HTTP: login sets the session cookie (HttpOnly, SameSite=Lax, Path=/,
Secure only behind https), me answers who is signed in, logout ends the session; a refusal is
one 401 message and a throttled one a 429 with Retry-After."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from fastapi.testclient import TestClient

from app.api.auth import COOKIE_NAME, cookie_secure
from identity.actor import Actor, ActorKind
from identity.sessions import MAX_FAILURES_PER_ACCOUNT, REFUSED, session_key
from identity.users import add_user
from notify.settings import notify_settings

PASSWORD = "correct horse battery"


@pytest.fixture()
def staff(demo_db_url: str) -> Iterator[str]:
    """A dispatcher of a name of its own, committed (the app's pool sees it)."""
    name = f"api-{uuid.uuid4().hex[:8]}"
    with psycopg.connect(demo_db_url) as conn:
        add_user(
            conn,
            Actor(kind=ActorKind.CLI, name="cli:test"),
            name,
            ["dispatcher"],
            PASSWORD,
            datetime.now(UTC),
        )
    yield name


@pytest.fixture()
def fresh(client: TestClient) -> Iterator[TestClient]:
    """The session's client without cookies, before and after."""
    client.cookies.clear()
    yield client
    client.cookies.clear()


def _set_cookie(answer) -> str:
    headers = [v for k, v in answer.headers.multi_items() if k.lower() == "set-cookie"]
    assert len(headers) == 1, headers
    return headers[0]


def test_login_me_logout(fresh: TestClient, staff: str, demo_db_url: str) -> None:
    assert fresh.get("/api/v1/auth/me").status_code == 401
    answer = fresh.post(
        "/api/v1/auth/login", json={"username": staff.upper(), "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["username"] == staff and body["roles"] == ["dispatcher"]
    assert "incident.dispatch" in body["permissions"]
    assert body["permissions"] == sorted(body["permissions"])
    cookie = _set_cookie(answer)
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert {"httponly", "path", "max-age"} <= flags and "secure" not in flags
    assert "samesite=lax" in cookie.lower() and "path=/" in cookie.lower()
    value = fresh.cookies[COOKIE_NAME]
    with psycopg.connect(demo_db_url) as conn:  # stored as its hash, never as it is
        assert conn.execute(
            "SELECT count(*) FROM staff_session WHERE id = %s", (session_key(value),)
        ).fetchone() == (1,)
    me = fresh.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json() == body
    out = fresh.post("/api/v1/auth/logout")
    assert out.status_code == 204 and out.content == b""
    assert f"{COOKIE_NAME}=" in _set_cookie(out) and "max-age=0" in _set_cookie(out).lower()
    fresh.cookies.clear()
    fresh.cookies.set(COOKIE_NAME, value)  # the old cookie, replayed
    again = fresh.get("/api/v1/auth/me")
    assert again.status_code == 401
    assert again.headers["content-type"] == "application/problem+json"
    assert fresh.post("/api/v1/auth/logout").status_code == 204  # nothing left to end: fine


def test_wrong_password_and_unknown_user_get_one_401(fresh: TestClient, staff: str) -> None:
    wrong = fresh.post("/api/v1/auth/login", json={"username": staff, "password": "wrong!"})
    unknown = fresh.post(
        "/api/v1/auth/login", json={"username": f"no-{staff}", "password": PASSWORD}
    )
    for answer in (wrong, unknown):
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/problem+json"
        assert "set-cookie" not in answer.headers
    assert wrong.json()["detail"] == unknown.json()["detail"] == REFUSED
    assert wrong.json() == {**unknown.json()}


def test_an_overlong_request_id_is_kept_short_in_the_audit_not_a_500(
    fresh: TestClient, staff: str
) -> None:
    """The audit row of a sign-in keeps the client's X-Request-ID within its column's bound."""
    for password in ("wrong!", PASSWORD):
        answer = fresh.post(
            "/api/v1/auth/login",
            json={"username": staff, "password": password},
            headers={"X-Request-ID": "r" * 5000},
        )
        assert answer.status_code in (200, 401), answer.text


def test_failures_are_stored_and_throttle_the_account(fresh: TestClient, staff: str) -> None:
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        answer = fresh.post("/api/v1/auth/login", json={"username": staff, "password": "no!"})
        assert answer.status_code == 401
    throttled = fresh.post("/api/v1/auth/login", json={"username": staff, "password": PASSWORD})
    assert throttled.status_code == 429
    assert throttled.headers["content-type"] == "application/problem+json"
    assert 1 <= int(throttled.headers["Retry-After"]) <= 15 * 60


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "", "password": "x"},
        {"username": "x" * 101, "password": "x"},
        {"username": "a", "password": ""},
        {"username": "a", "password": "x" * 1001},
        {"username": "a\u0000b", "password": "x"},
        {"username": "a", "password": "x", "extra": 1},
        {"username": 5, "password": "x"},
    ],
)
def test_bad_bodies_are_422(fresh: TestClient, body: dict[str, object]) -> None:
    answer = fresh.post("/api/v1/auth/login", json=body)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


def test_the_cookie_is_secure_behind_https(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDOPS_PUBLIC_BASE_URL", "https://grid.example")
    notify_settings.cache_clear()
    try:
        assert cookie_secure()
    finally:
        monkeypatch.delenv("GRIDOPS_PUBLIC_BASE_URL")
        notify_settings.cache_clear()
    assert not cookie_secure()


def test_a_cookie_that_is_no_session_is_401(fresh: TestClient) -> None:
    fresh.cookies.set(COOKIE_NAME, "x" * 500)
    assert fresh.get("/api/v1/auth/me").status_code == 401


def test_signing_in_again_ends_the_session_the_browser_held(fresh: TestClient, staff: str) -> None:
    body = {"username": staff, "password": PASSWORD}
    assert fresh.post("/api/v1/auth/login", json=body).status_code == 200
    first = fresh.cookies[COOKIE_NAME]
    assert fresh.post("/api/v1/auth/login", json=body).status_code == 200
    second = fresh.cookies[COOKIE_NAME]
    assert first != second  # a new id at every sign-in
    assert fresh.get("/api/v1/auth/me").status_code == 200
    fresh.cookies.clear()
    fresh.cookies.set(COOKIE_NAME, first)
    assert fresh.get("/api/v1/auth/me").status_code == 401
    fresh.cookies.clear()
    fresh.cookies.set(COOKIE_NAME, second)
    assert fresh.get("/api/v1/auth/me").status_code == 200
