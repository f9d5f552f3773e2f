"""Customers' answers to a DR request, by the token their dr_request notice carried, and what
the answer page shows of the request (its window, deadline and incentive).

The token is the only credential (notify/link_token.py: the event, customer and modification
number, signed with the link key; a random one from before migration 051 by its sha256): an
unknown one is refused (403, the same answer as a token of another event, so tokens cannot be
probed per event). Answers count until the response deadline; a later answer replaces an earlier
one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import dict_row

from dr.models import DrEventStatus, DrResponse
from gis.errors import ConflictError, ForbiddenError
from gis.sql_file import load_sql
from notify.link_token import LinkPurpose, is_signed, legacy_hash, verify
from notify.settings import notify_settings


class TokenRejectedError(ForbiddenError):
    """An unknown token, or one of another event (answered 403)."""

    kind = "bad-token"
    field = "token"


class ResponseClosedError(ConflictError):
    """The deadline has passed or the event is over (answered 409)."""

    title = "Too late"
    kind = "response-closed"


@dataclass(frozen=True)
class RecordedResponse:
    """What a response link recorded: the event, the answer and when it was given."""

    event_id: int
    response: DrResponse
    responded_at: datetime


@dataclass(frozen=True)
class RequestView:
    """The request a response link answers, as its customer may see it."""

    event_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    response_deadline: datetime
    status: DrEventStatus
    incentive_per_kwh: Decimal
    requested_kw: float
    response: DrResponse | None


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def _token_key(token: str) -> dict[str, Any]:
    """The parameters that find a token's participant (none match a token not ours)."""
    key: dict[str, Any] = dict.fromkeys(
        ("event_id", "customer_id", "modification_number", "token_hash")
    )
    if is_signed(token):
        ids = verify(notify_settings().link_key(), LinkPurpose.DR_RESPONSE, token, 3)
        if ids is not None:
            key.update(event_id=ids[0], customer_id=ids[1], modification_number=ids[2])
    elif 16 <= len(token) <= 100:
        key["token_hash"] = legacy_hash(token)
    return key


def request_for_token(conn: psycopg.Connection, token: str) -> RequestView:
    """The request behind a response link; TokenRejectedError when it is none of ours (or
    one the event's modification replaced)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _sql("response/select_request_by_token.sql"), _token_key(token)
        ).fetchone()
    if row is None:
        raise TokenRejectedError("this response link is not valid")
    return RequestView(
        event_id=row["event_id"],
        title=row["title"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        response_deadline=row["response_deadline"],
        status=DrEventStatus(row["status"]),
        incentive_per_kwh=row["incentive_per_kwh"],
        requested_kw=round(float(row["expected_kw"]), 1),
        response=DrResponse(row["response"]) if row["response"] else None,
    )


def respond(
    conn: psycopg.Connection,
    token: str,
    response: DrResponse,
    now: datetime,
    event_id: int | None = None,
) -> RecordedResponse:
    """Record an opt-in or opt-out; event_id, when given, must be the token's event."""
    row = conn.execute(
        _sql("response/select_participant_by_token.sql"), _token_key(token)
    ).fetchone()
    if row is None or (event_id is not None and row[0] != event_id):
        raise TokenRejectedError("this response link is not valid")
    found_event, customer_id, status, deadline = row
    if DrEventStatus(status) is DrEventStatus.CANCELLED:
        raise ResponseClosedError("this demand response event was cancelled")
    if now > deadline or DrEventStatus(status).is_final:
        raise ResponseClosedError("the response deadline has passed")
    conn.execute(
        _sql("response/update_participant_response.sql"),
        {
            "event_id": found_event,
            "customer_id": customer_id,
            "response": DrResponse(response).value,
            "at": now,
        },
    )
    return RecordedResponse(found_event, DrResponse(response), now)
