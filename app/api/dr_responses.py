"""Customers answer a DR request with the token from their dr_request notice (public)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Depends, Request
from pydantic import BaseModel, Field

from app.api.answers import answer_model
from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.inputs import IntegerId
from app.api.rate_limit import public_buckets, rate_limited
from dr.models import DrResponse
from dr.response import RecordedResponse, respond

router = audience_router(Audience.PUBLIC)


async def _limit(request: Request) -> None:
    rate_limited(public_buckets("dr_responses"))(request)


class DrResponseIn(BaseModel):
    """A customer's answer to a DR request: the token of their notice, and opt_in or opt_out."""

    token: str = Field(min_length=16, max_length=100)
    response: DrResponse


DrResponseOut = answer_model(
    "DrResponseOut",
    RecordedResponse,
    {
        "event_id": "the DR event answered",
        "response": "the answer recorded: opt_in or opt_out",
        "responded_at": "when it was recorded (the last answer before the deadline counts)",
    },
    module=__name__,
)


@router.post(
    "/api/v1/dr-events/{event_id}/responses",
    response_model=DrResponseOut,
    dependencies=[Depends(_limit)],
    summary="Opt in or out of a DR event (the last answer before the deadline counts)",
)
def post_response(event_id: IntegerId, body: DrResponseIn, conn: Connection) -> RecordedResponse:
    """Record a customer's answer to a DR event; the token says who answers."""
    return respond(conn, body.token, body.response, datetime.now(UTC), event_id)
