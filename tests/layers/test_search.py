"""Search by address (issue 12 §10): a part of a customer's address finds that customer, at
its point, through the trigram index of migration 059."""

from __future__ import annotations

import pytest

from gis.sql_file import load_sql
from layers.search import MIN_ADDRESS_LENGTH, SearchKind, search_grid, search_parameters


def _customer(db) -> tuple[int, str, str, float, float]:
    row = db.execute(
        "SELECT id, account_no, address, ST_X(geom), ST_Y(geom) FROM customer "
        "WHERE address IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row is not None
    return row


def test_a_street_and_number_find_the_customer_at_its_point(db) -> None:
    customer_id, account, address, lon, lat = _customer(db)
    street_and_number = address.split("区", 1)[1]  # "玉林路12号": without city and district
    found = search_grid(db, street_and_number, limit=50)
    hits = [r for r in found if r.kind == SearchKind.ADDRESS]
    assert customer_id in [r.id for r in hits]
    hit = next(r for r in hits if r.id == customer_id)
    assert (hit.code, hit.label, hit.zoom) == (address, account, 19)
    assert (hit.lon, hit.lat) == pytest.approx((lon, lat))
    assert hit.map_path() == f"/?lon={lon:.6f}&lat={lat:.6f}&zoom=19"
    # every hit holds what was typed; the closest (an exact house number) come first
    assert all(street_and_number in r.code for r in hits)
    assert hits[0].code.endswith(street_and_number)


def test_the_whole_address_ranks_first_and_spaces_typed_do_not_matter(db) -> None:
    customer_id, _, address, _, _ = _customer(db)
    (first,) = search_grid(db, address, limit=1)
    assert (first.kind, first.code) == (SearchKind.ADDRESS, address)
    street, number = address.split("区", 1)[1].split("路" if "路" in address else "街")
    spaced = f"{street}{'路' if '路' in address else '街'} {number.removesuffix('号')} 号"
    assert customer_id in [r.id for r in search_grid(db, spaced, limit=50)]


def test_too_short_an_address_is_not_searched(db) -> None:
    _, _, address, _, _ = _customer(db)
    short = address.split("区", 1)[1][: MIN_ADDRESS_LENGTH - 1]
    assert all(r.kind != SearchKind.ADDRESS for r in search_grid(db, short, limit=50))
    # nor one of wildcards and signs only, which make no trigram either
    customer_id = _customer(db)[0]
    db.execute("UPDATE customer SET address = address || %s WHERE id = %s", (" %", customer_id))
    assert all(r.kind != SearchKind.ADDRESS for r in search_grid(db, "%%%", limit=50))
    hits = search_grid(db, f"{address[-3:]} %", limit=50)
    assert customer_id in [r.id for r in hits if r.kind == SearchKind.ADDRESS]


def test_a_customer_without_an_address_is_found_by_account_only(db) -> None:
    customer_id, account, address, _, _ = _customer(db)
    db.execute("UPDATE customer SET address = NULL WHERE id = %s", (customer_id,))
    assert customer_id not in [
        r.id for r in search_grid(db, address, limit=50) if r.kind == SearchKind.ADDRESS
    ]
    assert [(r.kind, r.id) for r in search_grid(db, account)] == [
        (SearchKind.CUSTOMER, customer_id)
    ]


def test_the_address_search_uses_the_trigram_index(db) -> None:
    """With sequential scans priced out, the plan of the search names
    customer_address_trgm_idx (the small demo is too small for the planner to prefer it
    unprompted; bench/address_search.py measures it on a million customers)."""
    _, _, address, _, _ = _customer(db)
    db.execute("SET LOCAL enable_seqscan = off")
    plan = db.execute(
        b"EXPLAIN " + load_sql("layers", "search_grid.sql").encode(),
        search_parameters(address[-6:], 10),
    ).fetchall()
    assert "customer_address_trgm_idx" in "\n".join(row[0] for row in plan)
