"""Staff sign-in: POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me.

The session is a cookie (gridops_session: HttpOnly, SameSite=Lax, Path=/, Secure when
GRIDOPS_PUBLIC_BASE_URL is https) holding an opaque random id; the database keeps only its
SHA-256 (identity/sessions.py). A refused sign-in is one 401 message whatever the reason; too
many failures for the account or the address are a 429 with Retry-After. Signing in does not
yet gate any other route: that is the next step of issue 14.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.problem import Problem, ProblemError
from identity.actor import Actor, RequestOrigin
from identity.audit import origin_of
from identity.sessions import (
    REFUSED,
    SignInRefusedError,
    SignInThrottledError,
    resolve,
    sign_in,
    sign_out,
)
from identity.settings import identity_settings
from notify.settings import notify_settings

router = audience_router(Audience.PUBLIC)
COOKIE_NAME = "gridops_session"
NOT_SIGNED_IN = "not signed in (or the session has ended): sign in again"


class LoginIn(BaseModel):
    """A staff user's name and password."""

    model_config = ConfigDict(extra="forbid", strict=True)

    username: str = Field(min_length=1, max_length=100, description="the user's name, any case")
    password: str = Field(min_length=1, max_length=1000, description="the user's password")


class SignedInOut(BaseModel):
    """Who is signed in, with their roles and every permission those roles grant."""

    username: str = Field(description="the user's name as it was added")
    roles: list[str] = Field(description="the user's roles (gridops role list), by name")
    permissions: list[str] = Field(
        description="every permission the roles grant together, by name (e.g. "
        "planned_outage.publish)"
    )


def _out(actor: Actor) -> SignedInOut:
    return SignedInOut(
        username=actor.name, roles=list(actor.roles), permissions=sorted(actor.permissions)
    )


def cookie_secure() -> bool:
    """Whether the session cookie is sent over https only: when the public base URL is https."""
    return notify_settings().public_base_url.lower().startswith("https://")


def _origin(request: Request) -> RequestOrigin:
    """The client's address and the request's id as the audit trail keeps them (bounded)."""
    return origin_of(
        request.client.host if request.client else None, request.headers.get("x-request-id")
    )


_UNAUTHORIZED = {"model": Problem, "description": "not signed in: " + NOT_SIGNED_IN}


@router.post(
    "/api/v1/auth/login",
    response_model=SignedInOut,
    summary="Sign in as a staff user (sets the session cookie)",
    responses={
        401: {"model": Problem, "description": f"refused, one message: {REFUSED}"},
        429: {"model": Problem, "description": "too many failed sign-ins; see Retry-After"},
    },
)
def login(body: LoginIn, request: Request, response: Response, conn: Connection) -> SignedInOut:
    """Check the name and password and open a session: a new session id at every sign-in,
    and the session the browser held before, if any, ended (it never becomes the new one)."""
    now = datetime.now(UTC)
    try:
        signed_in = sign_in(
            conn,
            body.username,
            body.password,
            _origin(request),
            now,
            user_agent=request.headers.get("user-agent"),
        )
    except SignInThrottledError as exc:
        conn.commit()  # the attempt's audit row is kept although the answer is a 429
        raise ProblemError(
            429,
            exc.title,
            str(exc),
            kind=exc.kind,
            headers={"Retry-After": str(exc.retry_after_s)},
        ) from None
    except SignInRefusedError:
        conn.commit()  # the failure counts towards the throttles although the answer is a 401
        raise
    sign_out(conn, request.cookies.get(COOKIE_NAME), now)
    response.set_cookie(
        COOKIE_NAME,
        signed_in.cookie,
        max_age=int(identity_settings().max_age.total_seconds()),
        path="/",
        secure=cookie_secure(),
        httponly=True,
        samesite="lax",
    )
    response.headers["Cache-Control"] = "no-store"
    return _out(signed_in.actor)


@router.post(
    "/api/v1/auth/logout",
    status_code=204,
    summary="Sign out: end this session and clear its cookie",
)
def logout(request: Request, conn: Connection) -> Response:
    """End the session of the cookie, if it has one, and clear the cookie (204 either way)."""
    sign_out(conn, request.cookies.get(COOKIE_NAME), datetime.now(UTC))
    response = Response(status_code=204)
    response.delete_cookie(
        COOKIE_NAME, path="/", secure=cookie_secure(), httponly=True, samesite="lax"
    )
    return response


@router.get(
    "/api/v1/auth/me",
    response_model=SignedInOut,
    summary="Who is signed in (the session cookie's user)",
    responses={401: _UNAUTHORIZED},
)
def me(request: Request, response: Response, conn: Connection) -> SignedInOut:
    """The signed-in user, their roles and permissions; 401 without a live session."""
    actor = resolve(conn, request.cookies.get(COOKIE_NAME), datetime.now(UTC))
    if actor is None:
        raise ProblemError(401, "Unauthorized", NOT_SIGNED_IN, kind="not-signed-in")
    response.headers["Cache-Control"] = "no-store"
    return _out(actor)
