"""GET /api/v1/search: the console's search box finds a device code, an account number, a
substation's name or a customer's address, best match first, each with the grid map's link to
it; bad input is a 422 problem naming the parameter."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.inputs import BIGINT_MAX
from layers.search import MAX_QUERY_LENGTH

PROBLEM = "application/problem+json"


def _problem(answer, field: str) -> None:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    assert answer.json().get("field") == field, answer.json()


def test_a_transformer_code_finds_that_transformer_first(client: TestClient, db) -> None:
    code, lon, lat = db.execute(
        "SELECT code, ST_X(geom), ST_Y(geom) FROM transformer ORDER BY id LIMIT 1"
    ).fetchone()
    answer = client.get("/api/v1/search", params={"q": code.lower()})
    assert answer.status_code == 200, answer.text
    first = answer.json()[0]
    assert (first["kind"], first["code"]) == ("transformer", code)
    assert first["lon"] == pytest.approx(lon) and first["lat"] == pytest.approx(lat)
    assert first["map_path"] == f"/?lon={lon:.6f}&lat={lat:.6f}&zoom=18"


def test_part_of_a_feeder_code_finds_every_feeder_holding_it(client: TestClient, db) -> None:
    codes = [r[0] for r in db.execute("SELECT code FROM feeder WHERE code LIKE '%-F01' ORDER BY 1")]
    assert codes
    answer = client.get("/api/v1/search", params={"q": "-f01", "limit": 50})
    found = [r["code"] for r in answer.json() if r["kind"] == "feeder"]
    assert found == codes
    # the point given lies on the feeder's line
    one = next(r for r in answer.json() if r["kind"] == "feeder")
    distance = db.execute(
        "SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) "
        "FROM feeder WHERE code = %s",
        (one["lon"], one["lat"], one["code"]),
    ).fetchone()[0]
    assert distance < 1


def test_an_account_number_prefix_finds_its_customers(client: TestClient, db) -> None:
    account, transformer = db.execute(
        "SELECT c.account_no, t.code FROM customer c JOIN transformer t ON t.id = c.transformer_id "
        "ORDER BY c.id LIMIT 1"
    ).fetchone()
    exact = client.get("/api/v1/search", params={"q": account}).json()
    assert [(r["kind"], r["code"], r["label"]) for r in exact] == [
        ("customer", account, transformer)
    ]
    prefix = client.get("/api/v1/search", params={"q": account[:4], "limit": 50}).json()
    expected = db.execute(
        "SELECT count(*) FROM customer WHERE account_no LIKE %s", (account[:4] + "%",)
    ).fetchone()[0]
    assert len(prefix) == min(expected, 50) and all(
        r["code"].startswith(account[:4]) for r in prefix
    )


def test_a_substation_name_is_found(client: TestClient, db) -> None:
    code, name = db.execute("SELECT code, name FROM substation ORDER BY id LIMIT 1").fetchone()
    found = client.get("/api/v1/search", params={"q": name}).json()
    assert ("substation", code) in [(r["kind"], r["code"]) for r in found]


def test_a_part_of_an_address_finds_its_customer(client: TestClient, db) -> None:
    customer_id, account, address, lon, lat = db.execute(
        "SELECT id, account_no, address, ST_X(geom), ST_Y(geom) FROM customer "
        "WHERE address IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    typed = address.split("区", 1)[1]  # the street and the house number
    answer = client.get("/api/v1/search", params={"q": typed, "limit": 50})
    assert answer.status_code == 200, answer.text
    hits = [r for r in answer.json() if r["kind"] == "address"]
    assert hits and all(typed in r["code"] for r in hits)
    hit = next(r for r in hits if r["id"] == customer_id)
    assert (hit["code"], hit["label"]) == (address, account)
    assert hit["map_path"] == f"/?lon={lon:.6f}&lat={lat:.6f}&zoom=19"
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "address" in schema["SearchKind"]["enum"]


def test_wildcards_typed_are_matched_as_text(client: TestClient) -> None:
    for typed in ("%", "_", "\\"):
        answer = client.get("/api/v1/search", params={"q": typed})
        assert answer.status_code == 200 and answer.json() == [], typed


def test_the_limit_bounds_the_answer(client: TestClient) -> None:
    assert len(client.get("/api/v1/search", params={"q": "TR", "limit": 3}).json()) == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "TR\x00"}, "q"),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, "q"),
        ({"q": "TR", "limit": "-1"}, "limit"),
        ({"q": "TR", "limit": "0"}, "limit"),
        ({"q": "TR", "limit": str(BIGINT_MAX * 10)}, "limit"),
        ({"q": "TR", "limit": "ten"}, "limit"),
    ],
)
def test_bad_input_is_a_422_naming_the_parameter(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    _problem(client.get("/api/v1/search", params=params), field)
