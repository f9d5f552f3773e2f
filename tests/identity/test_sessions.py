"""Sign-in and sessions: one refusal for every reason, throttles per account and per address,
a new id at every sign-in, idle and absolute timeouts, sign-out, the cookie never stored."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import psycopg
import pytest

from identity.actor import Actor, ActorKind, RequestOrigin
from identity.sessions import (
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_CLIENT,
    REFUSED,
    THROTTLE_WINDOW,
    SignInRefusedError,
    SignInThrottledError,
    resolve,
    sign_in,
    sign_out,
    sign_out_everywhere,
)
from identity.settings import IdentitySettings
from identity.users import add_user, disable_user
from tests.identity.conftest import NOW, PASSWORD

ORIGIN = RequestOrigin(client="192.0.2.20")


@pytest.fixture()
def dispatcher(db: psycopg.Connection, cli: Actor) -> str:
    add_user(db, cli, "Disp", ["dispatcher"], PASSWORD, NOW)
    return "Disp"


def _refusal(db: psycopg.Connection, username: str, password: str, origin=ORIGIN) -> str:
    with pytest.raises(SignInRefusedError) as refused:
        sign_in(db, username, password, origin, NOW)
    assert refused.value.status == 401
    return str(refused.value)


def test_sign_in_opens_a_session_whose_cookie_resolves_to_the_actor(
    db: psycopg.Connection, dispatcher: str
) -> None:
    signed = sign_in(db, "disp", PASSWORD, ORIGIN, NOW, user_agent="pytest")
    actor = signed.actor
    assert actor.kind is ActorKind.USER and actor.name == "Disp" and actor.roles == ("dispatcher",)
    assert actor.can("incident.dispatch") and not actor.can("planned_outage.publish")
    assert signed.expires_at == NOW + timedelta(hours=12)
    assert resolve(db, signed.cookie, NOW + timedelta(minutes=1)) == actor
    row = db.execute(
        "SELECT client, user_agent FROM staff_session WHERE user_id = %s", (actor.id,)
    ).fetchone()
    assert row == ("192.0.2.20", "pytest")


def test_unknown_user_wrong_password_and_disabled_get_one_message(
    db: psycopg.Connection, cli: Actor, dispatcher: str
) -> None:
    add_user(db, cli, "gone", ["viewer"], PASSWORD, NOW)
    disable_user(db, cli, "gone", NOW)
    messages = {
        _refusal(db, "nobody", PASSWORD),
        _refusal(db, "Disp", "wrong password!"),
        _refusal(db, "gone", PASSWORD),
        _refusal(db, "Disp", "x" * 2000),
    }
    assert messages == {REFUSED}


def test_failures_are_throttled_per_account(db: psycopg.Connection, dispatcher: str) -> None:
    for n in range(MAX_FAILURES_PER_ACCOUNT):  # from as many addresses
        _refusal(db, "disp", "wrong password!", RequestOrigin(client=f"198.51.100.{n}"))
    with pytest.raises(SignInThrottledError) as throttled:
        sign_in(db, "DISP", PASSWORD, RequestOrigin(client="203.0.113.1"), NOW)  # right one
    assert throttled.value.status == 429
    assert 0 < throttled.value.retry_after_s <= THROTTLE_WINDOW.total_seconds()
    # an unknown name is throttled alike: the throttle does not tell names apart
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        _refusal(db, "nobody", "wrong password!", RequestOrigin(client="203.0.113.9"))
    with pytest.raises(SignInThrottledError):
        sign_in(db, "nobody", PASSWORD, RequestOrigin(client="203.0.113.2"), NOW)
    # a window later the account may try again
    later = NOW + THROTTLE_WINDOW + timedelta(seconds=1)
    assert sign_in(db, "disp", PASSWORD, ORIGIN, later).actor.name == "Disp"


def test_failures_are_throttled_per_client_address(db: psycopg.Connection, dispatcher: str) -> None:
    guesser = RequestOrigin(client="203.0.113.50")
    for n in range(MAX_FAILURES_PER_CLIENT):  # a different name each time
        _refusal(db, f"user{n}", "wrong password!", guesser)
    with pytest.raises(SignInThrottledError):
        sign_in(db, "Disp", PASSWORD, guesser, NOW)
    assert sign_in(db, "Disp", PASSWORD, ORIGIN, NOW).actor.name == "Disp"  # elsewhere: fine


def test_every_sign_in_gets_a_new_session_id(db: psycopg.Connection, dispatcher: str) -> None:
    first = sign_in(db, "Disp", PASSWORD, ORIGIN, NOW)
    second = sign_in(db, "Disp", PASSWORD, ORIGIN, NOW)
    assert first.cookie != second.cookie and len(first.cookie) >= 43
    assert resolve(db, first.cookie, NOW) is not None and resolve(db, second.cookie, NOW)


def test_the_cookie_value_is_not_stored_only_its_hash(
    db: psycopg.Connection, dispatcher: str
) -> None:
    signed = sign_in(db, "Disp", PASSWORD, ORIGIN, NOW)
    ids = [
        bytes(row[0])
        for row in db.execute(
            "SELECT s.id FROM staff_session AS s JOIN staff_user AS u ON u.id = s.user_id "
            "WHERE u.username = 'Disp'"
        )
    ]
    assert ids == [hashlib.sha256(signed.cookie.encode()).digest()]
    dumped = db.execute("SELECT string_agg(s::text, ' ') FROM staff_session AS s").fetchone()[0]
    assert signed.cookie not in dumped and signed.cookie.encode().hex() not in dumped


def test_idle_and_absolute_timeouts(db: psycopg.Connection, dispatcher: str) -> None:
    settings = IdentitySettings(session_idle_minutes=30, session_max_hours=2)
    signed = sign_in(db, "Disp", PASSWORD, ORIGIN, NOW, settings=settings)
    assert signed.expires_at == NOW + timedelta(hours=2)
    # idle: unused for 30 minutes, it has ended
    assert resolve(db, signed.cookie, NOW + timedelta(minutes=29), settings) is not None
    assert resolve(db, signed.cookie, NOW + timedelta(minutes=59), settings) is None
    # used every 20 minutes it lives on, up to its absolute timeout and no further
    kept = sign_in(db, "Disp", PASSWORD, ORIGIN, NOW, settings=settings)
    at = NOW
    while at < NOW + timedelta(hours=2) - timedelta(minutes=20):
        at += timedelta(minutes=20)
        assert resolve(db, kept.cookie, at, settings) is not None, at
    assert resolve(db, kept.cookie, NOW + timedelta(hours=2), settings) is None


def test_last_seen_is_written_at_most_once_a_minute(
    db: psycopg.Connection, dispatcher: str
) -> None:
    signed = sign_in(db, "Disp", PASSWORD, ORIGIN, NOW)
    key = hashlib.sha256(signed.cookie.encode()).digest()

    def seen() -> object:
        return db.execute(
            "SELECT last_seen_at FROM staff_session WHERE id = %s", (key,)
        ).fetchone()[0]

    resolve(db, signed.cookie, NOW + timedelta(seconds=30))
    assert seen() == NOW
    resolve(db, signed.cookie, NOW + timedelta(seconds=61))
    assert seen() == NOW + timedelta(seconds=61)


def test_sign_out_and_sign_out_everywhere(db: psycopg.Connection, dispatcher: str) -> None:
    one, two, three = (sign_in(db, "Disp", PASSWORD, ORIGIN, NOW) for _ in range(3))
    assert sign_out(db, one.cookie, NOW) is True
    assert sign_out(db, one.cookie, NOW) is False  # once is enough
    assert resolve(db, one.cookie, NOW) is None and resolve(db, two.cookie, NOW) is not None
    assert sign_out_everywhere(db, two.actor.id or 0, NOW) == 2
    assert resolve(db, two.cookie, NOW) is None and resolve(db, three.cookie, NOW) is None


@pytest.mark.parametrize("cookie", [None, "", "not-a-session", "x" * 5000, "\udcff" * 10])
def test_a_cookie_that_is_no_session_resolves_to_nobody(
    db: psycopg.Connection, cookie: str | None
) -> None:
    assert resolve(db, cookie, NOW) is None
    assert sign_out(db, cookie, NOW) is False


def test_a_hash_with_older_parameters_is_made_again_at_sign_in(
    db: psycopg.Connection, dispatcher: str
) -> None:
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    db.execute("UPDATE staff_user SET password_hash = %s WHERE username = 'Disp'", (old,))
    sign_in(db, "Disp", PASSWORD, ORIGIN, NOW)
    stored = db.execute("SELECT password_hash FROM staff_user WHERE username = 'Disp'")
    assert stored.fetchone()[0] != old
    assert sign_in(db, "Disp", PASSWORD, ORIGIN, NOW).actor.name == "Disp"


def test_an_unknown_name_is_verified_against_the_dummy_hash(
    db: psycopg.Connection, dispatcher: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same work for an unknown name as for a known one: a verify of a hash made with the
    same parameters."""
    from identity import passwords, sessions

    verified: list[str] = []
    real = sessions.verify

    def spy(password_hash: str, password: str) -> tuple[bool, bool]:
        verified.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(sessions, "verify", spy)
    _refusal(db, "nobody-at-all", PASSWORD)
    _refusal(db, "Disp", "wrong password!")
    assert verified[0] == passwords.dummy_hash()
    assert verified[0].split("$")[:4] == verified[1].split("$")[:4]  # argon2id, same m, t, p


def test_every_sign_in_writes_its_audit_row_and_a_refusal_says_why_only_there(
    db: psycopg.Connection, cli: Actor
) -> None:
    """Issue 14 §5: sign-in success and failure are audited (the failure's reason is in the
    audit trail, never in the answer, which is the same for every refusal)."""
    from identity.audit import query

    name = "Audited"
    add_user(db, cli, name, ["dispatcher"], PASSWORD, NOW)
    origin = RequestOrigin(client="192.0.2.9", request_id="req-1")
    sign_in(db, name, PASSWORD, origin, NOW)
    for password in ("wrong password!", "another wrong one"):
        with pytest.raises(SignInRefusedError):
            sign_in(db, name, password, origin, NOW)
    with pytest.raises(SignInRefusedError):
        sign_in(db, f"nobody{name}", "whatever it is", origin, NOW)
    rows = [
        row
        for object_id in (name, "audited", f"nobody{name}".lower())
        for row in query(db, object_type="staff_user", object_id=object_id, limit=20)
        if row.action.startswith("sign_in.")
    ]
    seen = sorted((r.id, r.action, r.object_id, r.summary.get("reason"), r.client) for r in rows)
    assert [row[1:] for row in seen] == [
        ("sign_in.success", name, None, "192.0.2.9"),
        ("sign_in.failure", "audited", "wrong password", "192.0.2.9"),
        ("sign_in.failure", "audited", "wrong password", "192.0.2.9"),
        ("sign_in.failure", "nobodyaudited", "unknown user", "192.0.2.9"),
    ]
    added = query(db, action="user.manage", object_type="staff_user", object_id=name, limit=5)
    assert [(r.summary["change"], r.actor.startswith("cli:")) for r in added] == [("added", True)]
