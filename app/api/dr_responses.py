"""Customers answer a DR request with the token from their dr_request notice (public)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Depends, Request
from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from app.api.inputs import IntegerId
from app.api.rate_limit import public_buckets, rate_limited
from dr.models import DrResponse
from dr.response import respond

router = audience_router(Audience.PUBLIC)


async def _limit(request: Request) -> None:
    rate_limited(public_buckets("dr_responses"))(request)


class DrResponseIn(BaseModel):
    token: str = Field(min_length=16, max_length=100)
    response: DrResponse


class DrResponseOut(BaseModel):
    event_id: int
    response: DrResponse
    responded_at: datetime


@router.post(
    "/api/v1/dr-events/{event_id}/responses",
    response_model=DrResponseOut,
    dependencies=[Depends(_limit)],
    summary="Opt in or out of a DR event (the last answer before the deadline counts)",
)
def post_response(event_id: IntegerId, body: DrResponseIn, conn: Connection) -> DrResponseOut:
    recorded = respond(conn, body.token, body.response, datetime.now(UTC), event_id)
    return DrResponseOut(**recorded.__dict__)
