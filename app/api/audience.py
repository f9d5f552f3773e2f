"""Routes grouped by audience — console, public, crew — so roles are enforced in one place.

There is no login yet: every audience is open. When roles arrive (dispatcher, planner, crew,
customer), `require_audience` is the one place that checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, Request


class Audience(StrEnum):
    """Who a route serves; its audience will decide the roles that may call it (none yet)."""

    CONSOLE = "console"  # dispatchers and planners
    PUBLIC = "public"  # customers and their apps
    CREW = "crew"  # field crews, from the link of their job


def require_audience(audience: Audience) -> Callable[[Request], Coroutine[Any, Any, None]]:
    """A dependency marking each request with its route's audience: where roles will be checked."""

    async def check(request: Request) -> None:  # async: no thread hop on every request
        request.state.audience = audience

    return check


def audience_router(audience: Audience) -> APIRouter:
    """A router whose every route belongs to one audience."""
    return APIRouter(tags=[audience.value], dependencies=[Depends(require_audience(audience))])
