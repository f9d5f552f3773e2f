"""Staff sign-in and server-side sessions (kept in PostgreSQL).

`sign_in` checks a name and password and opens a session: a new random id every time (the id
rotates at each sign-in), of which the cookie carries the value and the database only its
SHA-256. An unknown name, a wrong password and a disabled user get one and the same refusal,
after the same work (a dummy hash is verified for an unknown name). Failures are throttled per
account (the name as typed, known or not) and per client address. `resolve` turns a cookie's
value back into its `Actor` while the session lives: not signed out, within the idle timeout
and the absolute one, its user not disabled.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from psycopg.rows import dict_row

from gis.errors import DomainError
from gis.sql_file import load_sql
from identity import audit
from identity.actor import Actor, ActorKind, RequestOrigin
from identity.audit import AuditAction
from identity.passwords import MAX_LENGTH, dummy_hash, hasher, verify
from identity.permissions import permissions_of
from identity.settings import IdentitySettings, identity_settings

# The throttles: this many failed sign-ins within the window refuse the next attempts, without
# checking the password, until the oldest failure of the window is a window old.
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5  # one name guessed at from anywhere
MAX_FAILURES_PER_CLIENT = 20  # one address guessing at names (a control room may share one)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often
SESSION_ID_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 bits
MAX_COOKIE_LENGTH = 200  # a longer cookie is no session of ours: not even hashed
REFUSED = "unknown username or wrong password"  # the one refusal, whatever the reason


class SignInRefusedError(DomainError):
    """The name and password do not open a session (answered 401). The message never says
    whether the name exists, the password is wrong or the user is disabled."""

    status = 401
    title = "Unauthorized"
    kind = "sign-in-refused"


class SignInThrottledError(DomainError):
    """Too many failed sign-ins for the account or the address (answered 429 with
    Retry-After)."""

    status = 429
    title = "Too many requests"
    kind = "sign-in-throttled"

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many failed sign-ins: try again in {retry_after_s} s",
            reason="sign_in_throttled",
            seconds=retry_after_s,
        )
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class SignedIn:
    """A session opened: the cookie's value (shown to the browser once, never stored), its
    actor and when the session ends at the latest."""

    cookie: str
    actor: Actor
    expires_at: datetime


def _sql(name: str) -> bytes:
    return load_sql("identity", name).encode()


def session_key(cookie: str) -> bytes:
    """What the database keeps of a cookie's value: its SHA-256."""
    return hashlib.sha256(cookie.encode("utf-8", "surrogatepass")).digest()


def _actor(row: dict[str, Any]) -> Actor:
    roles = tuple(row["roles"])
    return Actor(
        kind=ActorKind.USER,
        name=row["username"],
        id=row["id"],
        organisation_id=row["organisation_id"],
        roles=roles,
        permissions=frozenset(p.value for p in permissions_of(roles)),
    )


def _throttle(conn: Any, account: str, client: str | None, now: datetime) -> None:
    """SignInThrottledError when the account or the client has failed too often lately."""
    limits = {"account": MAX_FAILURES_PER_ACCOUNT, "client": MAX_FAILURES_PER_CLIENT}
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            _sql("sessions/select_recent_failures.sql"),
            {"username": account, "client": client, "since": now - THROTTLE_WINDOW},
        )
        rows = cur.fetchall()
    waits = [
        (row["oldest"] + THROTTLE_WINDOW - now).total_seconds()
        for row in rows
        if row["failures"] >= limits[row["scope"]]
    ]
    if waits:
        raise SignInThrottledError(max(1, math.ceil(max(waits))))


def _record_failure(conn: Any, account: str, client: str | None, now: datetime) -> None:
    with conn.cursor() as cur:
        cur.execute(
            _sql("sessions/insert_sign_in_failure.sql"),
            {
                "now": now,
                "username": account,
                "client": client,
                "expired_before": now - THROTTLE_WINDOW,
            },
        )


def _audit_attempt(
    conn: Any, account: str, row: dict[str, Any] | None, origin: RequestOrigin, reason: str
) -> None:
    """A refused or throttled sign-in's audit row: the name tried, and why (the audit trail
    may tell what the answer never does)."""
    audit.record(
        conn,
        Actor(kind=ActorKind.USER, name=account[:200], id=row["id"] if row else None),
        AuditAction.SIGN_IN_FAILURE,
        object_type="staff_user",
        object_id=account[:200],
        summary={"reason": reason},
        origin=origin,
    )


def sign_in(
    conn: Any,
    username: str,
    password: str,
    origin: RequestOrigin,
    now: datetime,
    user_agent: str | None = None,
    settings: IdentitySettings | None = None,
) -> SignedIn:
    """Open a session for the name and password, or refuse: SignInThrottledError before any
    check while the account or the address is throttled, else SignInRefusedError (one
    message) after recording the failure. The caller commits in both cases, so that the
    failure counts (the API commits before it answers the refusal). Sign-ins of one account
    take turns (a transaction-scoped advisory lock); a client of no known address (None) is
    throttled per account only."""
    settings = settings or identity_settings()
    account = username.lower()
    with conn.cursor() as cur:
        cur.execute(_sql("sessions/lock_account.sql"), {"username": account})
    try:
        _throttle(conn, account, origin.client, now)
    except SignInThrottledError:
        _audit_attempt(conn, account, None, origin, "throttled")
        raise
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(_sql("sessions/select_user_for_sign_in.sql"), {"username": username})
        row = cur.fetchone()
    if len(password) > MAX_LENGTH:  # refused after as long as a verify takes, like the rest
        verify(dummy_hash(), "")
        matches, rehash = False, False
    else:
        matches, rehash = verify(row["password_hash"] if row else dummy_hash(), password)
    if row is None or not matches or row["disabled_at"] is not None:
        _record_failure(conn, account, origin.client, now)
        reason = "unknown user" if row is None else "disabled" if matches else "wrong password"
        _audit_attempt(conn, account, row, origin, reason)
        raise SignInRefusedError(REFUSED, reason="sign_in_refused")
    with conn.cursor() as cur:
        if rehash:
            cur.execute(
                _sql("sessions/update_password_rehash.sql"),
                {"user_id": row["id"], "password_hash": hasher().hash(password)},
            )
        cookie = secrets.token_urlsafe(SESSION_ID_BYTES)
        expires_at = now + settings.max_age
        cur.execute(
            _sql("sessions/insert_session.sql"),
            {
                "id": session_key(cookie),
                "user_id": row["id"],
                "now": now,
                "expires_at": expires_at,
                "client": origin.client,
                "user_agent": user_agent,
            },
        )
    actor = _actor(row)
    audit.record(
        conn,
        actor,
        AuditAction.SIGN_IN_SUCCESS,
        object_type="staff_user",
        object_id=row["username"],
        origin=origin,
    )
    return SignedIn(cookie, actor, expires_at)


def resolve(
    conn: Any, cookie: str | None, now: datetime, settings: IdentitySettings | None = None
) -> Actor | None:
    """The actor of a live session, or None (no cookie, an unknown one, signed out, idle too
    long, past its absolute timeout, or its user disabled). Marks the session seen at most
    once a minute."""
    if not cookie or len(cookie) > MAX_COOKIE_LENGTH:
        return None
    settings = settings or identity_settings()
    key = session_key(cookie)
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            _sql("sessions/select_session.sql"),
            {"id": key, "now": now, "idle_since": now - settings.idle_timeout},
        )
        row = cur.fetchone()
        if row is None:
            return None
        if now - row["last_seen_at"] >= TOUCH_EVERY:
            cur.execute(_sql("sessions/update_session_seen.sql"), {"id": key, "now": now})
    return _actor(row)


def _revoke(conn: Any, key: bytes | None, user_id: int | None, now: datetime) -> int:
    with conn.cursor() as cur:
        cur.execute(
            _sql("sessions/update_session_revoked.sql"),
            {"id": key, "user_id": user_id, "now": now},
        )
        return int(cur.rowcount)


def sign_out(conn: Any, cookie: str | None, now: datetime) -> bool:
    """End the cookie's session; whether there was a live one."""
    if not cookie or len(cookie) > MAX_COOKIE_LENGTH:
        return False
    return _revoke(conn, session_key(cookie), None, now) > 0


def sign_out_everywhere(conn: Any, user_id: int, now: datetime) -> int:
    """End every live session of the user; how many there were."""
    return _revoke(conn, None, user_id, now)
