"""Search the grid: GET /api/v1/search?q=… finds a device code, an account number, a
substation's name or a customer's address, each with the console's map link to it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from app.api.audience import Audience, audience_router
from app.api.dependencies import Connection
from layers.search import (
    MAX_QUERY_LENGTH,
    MAX_RESULTS,
    MIN_ADDRESS_LENGTH,
    SearchKind,
    search_grid,
)

router = audience_router(Audience.CONSOLE)


class SearchResultOut(BaseModel):
    """One grid feature or customer that matches the search, and where the map shows it."""

    kind: SearchKind = Field(
        description="what was found: substation, feeder, transformer, customer (by account) "
        "or address (a customer, by its address)"
    )
    id: int = Field(description="the substation's, feeder's, transformer's or customer's id")
    code: str = Field(
        description="the device's code, the customer's account number, or the customer's address"
    )
    label: str = Field(
        description="its substation's name, feeder or transformer; an address's account number"
    )
    lon: float = Field(description="longitude to open the map at, WGS-84")
    lat: float = Field(description="latitude to open the map at, WGS-84")
    zoom: int = Field(description="the map's zoom that shows it")
    map_path: str = Field(description="the console's grid map opened on it: /?lon=&lat=&zoom=")


@router.get(
    "/api/v1/search",
    response_model=list[SearchResultOut],
    summary="Grid features by code, account number, name or address: exact, then prefix, "
    "then contained",
)
def search(
    conn: Connection,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_LENGTH,
            description="a device code, an account number, a substation's name or a part of "
            f"a customer's address (addresses from {MIN_ADDRESS_LENGTH} characters)",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS, description=f"1..{MAX_RESULTS}")] = 10,
) -> list[SearchResultOut]:
    """Substations, feeders, transformers and customers matching q, with a map link each."""
    return [
        SearchResultOut(**found.__dict__, map_path=found.map_path())
        for found in search_grid(conn, q, limit)
    ]
