"""Liveness and database readiness."""

from __future__ import annotations

from pydantic import BaseModel

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection

router = audience_router(Audience.PUBLIC)


class Health(BaseModel):
    status: str
    database: str


@router.get("/api/v1/health", response_model=Health, summary="Is the service up")
def health(conn: Connection) -> Health:
    conn.execute("SELECT 1")
    return Health(status="ok", database="ok")
