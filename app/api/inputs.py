"""The bounds every request's input keeps, stated once for every route.

Numbers: an id or a count is an `int` of one of the types below, bounded by the range of the
column it is compared with (PostgreSQL `integer` or `bigint`), so that an id beyond it is a 422
naming the parameter, never an out-of-range error from the database. Text: PostgreSQL text
cannot hold a NUL character, so a NUL anywhere in a path, a query or a JSON body is refused by
`refuse_nul`, a dependency of the whole application, with the field that holds it.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from annotated_types import Interval
from fastapi import Query, Request

from app.api.problem import ProblemError

INTEGER_MAX = 2**31 - 1  # PostgreSQL integer
BIGINT_MAX = 2**63 - 1  # PostgreSQL bigint
MAX_LIMIT = 1000

# The id of a row whose key is an `integer` (planned outages, DR events and programs,
# transformers, crews) or a `bigint` (incidents, crew jobs, fault reports).
IntegerId = Annotated[int, Interval(ge=1, le=INTEGER_MAX)]
BigintId = Annotated[int, Interval(ge=1, le=BIGINT_MAX)]
# How many rows a list answers at most.
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"1..{MAX_LIMIT}")]

NUL = "\x00"
_ESCAPED_NUL = b"\\u0000"  # JSON spells a NUL only this way: a bare one is not JSON


def _nul_at(value: Any, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The path to the first string (or key) of parsed JSON that holds a NUL, or None."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                return (*path, key.replace(NUL, "\\u0000"))
            found = _nul_at(item, (*path, key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, (*path, str(index)))
            if found is not None:
                return found
    return None


def _refused(field: str) -> ProblemError:
    return ProblemError(
        422,
        "Invalid request",
        f"{field}: text must not contain a NUL character (\\u0000)",
        field=field,
        kind="invalid-request",
    )


async def refuse_nul(request: Request) -> None:
    """422 naming the field when a path parameter, a query parameter or a JSON body's string
    holds a NUL. The body is parsed again only when its bytes spell a NUL (rarely)."""
    for name, value in request.path_params.items():
        if isinstance(value, str) and NUL in value:
            raise _refused(name)
    for name, value in request.query_params.multi_items():
        if NUL in name or NUL in value:
            raise _refused(name.replace(NUL, "\\u0000"))
    body = await request.body()
    if _ESCAPED_NUL not in body:
        return
    try:
        parsed = json.loads(body)
    except ValueError:
        return  # not JSON: the route's own parsing answers it
    found = _nul_at(parsed)
    if found is not None:
        raise _refused(".".join(found) or "body")
