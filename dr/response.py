"""Customers' answers to a DR request, by the token their dr_request notice carried.

The token is the only credential: an unknown one is refused (403, the same answer as a
token of another event, so tokens cannot be probed per event). Answers count until the
response deadline; a later answer replaces an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg

from dr.models import DrEventStatus, DrResponse
from dr.request import token_hash
from gis.errors import ConflictError, ForbiddenError
from gis.sql_file import load_sql


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
    event_id: int
    response: DrResponse
    responded_at: datetime


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def respond(
    conn: psycopg.Connection,
    token: str,
    response: DrResponse,
    now: datetime,
    event_id: int | None = None,
) -> RecordedResponse:
    """Record an opt-in or opt-out; event_id, when given, must be the token's event."""
    row = conn.execute(
        _sql("select_participant_by_token.sql"), {"token_hash": token_hash(token)}
    ).fetchone()
    if row is None or (event_id is not None and row[0] != event_id):
        raise TokenRejectedError("this response link is not valid")
    found_event, customer_id, status, deadline = row
    if DrEventStatus(status) is DrEventStatus.CANCELLED:
        raise ResponseClosedError("this demand response event was cancelled")
    if now > deadline or DrEventStatus(status).is_final:
        raise ResponseClosedError("the response deadline has passed")
    conn.execute(
        _sql("update_participant_response.sql"),
        {
            "event_id": found_event,
            "customer_id": customer_id,
            "response": DrResponse(response).value,
            "at": now,
        },
    )
    return RecordedResponse(found_event, DrResponse(response), now)
