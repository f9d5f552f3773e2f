"""Liveness and database readiness."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection

router = audience_router(Audience.PUBLIC)


class Health(BaseModel):
    """Whether the service and its database answer."""

    status: str = Field(description="ok while the service answers")
    database: str = Field(description="ok when the database answered")


@router.get("/api/v1/health", response_model=Health, summary="Is the service up")
def health(conn: Connection) -> Health:
    """Ok when the service and its database answer; a 503 problem while the database is away."""
    conn.execute("SELECT 1")
    return Health(status="ok", database="ok")
