"""Find a grid feature by what an operator types: a substation, feeder or transformer code (or
part of one), a substation's name, the start of a customer's account number, or a part of a
customer's address (from MIN_ADDRESS_LENGTH characters in a row). Each match carries a point on the
feature and the zoom the map opens at (/?lon=&lat=&zoom=)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import psycopg
from psycopg.rows import class_row

from gis.errors import RejectedInputError
from gis.sql_file import load_sql

MAX_QUERY_LENGTH = 100
MAX_RESULTS = 50
# Addresses are searched when what is typed holds a run of this many word characters (letters,
# digits, Chinese characters): pg_trgm makes trigrams of those only, and a pattern without
# one would read the whole index (every customer).
MIN_ADDRESS_LENGTH = 3
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


class SearchKind(StrEnum):
    """What a search result is: a device, or a customer found by account or by address."""

    SUBSTATION = "substation"
    FEEDER = "feeder"
    TRANSFORMER = "transformer"
    CUSTOMER = "customer"
    ADDRESS = "address"  # a customer found by its address


@dataclass(frozen=True)
class SearchResult:
    """One match of the search box: the feature, its code and label, and where to show it."""

    kind: SearchKind
    id: int
    code: str  # the device's code, the customer's account number, or the customer's address
    label: str  # the substation's name; the feeder's substation, …; an address's account
    lon: float
    lat: float
    zoom: int

    def map_path(self) -> str:
        """The grid map opened on the feature, marked."""
        return f"/?lon={self.lon:.6f}&lat={self.lat:.6f}&zoom={self.zoom}"


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_parameters(query: str, limit: int = 10) -> dict[str, object]:
    """The parameters of layers/sql/search_grid.sql for what was typed; RejectedInputError
    naming `q` or `limit` when they cannot be searched."""
    typed = query.strip()
    if not typed:
        raise RejectedInputError("q: type a code, an account number or a name", field="q")
    if len(typed) > MAX_QUERY_LENGTH or "\x00" in typed:
        raise RejectedInputError(
            f"q: at most {MAX_QUERY_LENGTH} characters, without NUL", field="q"
        )
    if not 1 <= limit <= MAX_RESULTS:
        raise RejectedInputError(f"limit: 1..{MAX_RESULTS}", field="limit")
    exact = typed.upper()
    compact = _SPACE.sub("", typed)
    return {
        "exact": exact,
        "prefix": _like_escaped(exact) + "%",
        "contains": "%" + _like_escaped(exact) + "%",
        "account": typed,
        "account_prefix": _like_escaped(typed) + "%",
        "address": typed,
        "address_prefix": _like_escaped(typed) + "%",
        "address_contains": "%" + _like_escaped(typed) + "%",
        "address_compact": "%" + _like_escaped(compact) + "%",
        "address_search": max(map(len, _WORD.findall(compact)), default=0) >= MIN_ADDRESS_LENGTH,
        "limit": limit,
    }


def search_grid(conn: psycopg.Connection, query: str, limit: int = 10) -> list[SearchResult]:
    """Features matching `query`, best first (exact, then prefix, then contained), at most
    `limit`; RejectedInputError naming `q` or `limit` when they cannot be searched."""
    params = search_parameters(query, limit)
    with conn.cursor(row_factory=class_row(SearchResult)) as cur:
        rows = cur.execute(load_sql("layers", "search_grid.sql").encode(), params).fetchall()
    return [
        SearchResult(
            SearchKind(r.kind), r.id, r.code, r.label, float(r.lon), float(r.lat), int(r.zoom)
        )
        for r in rows
    ]
