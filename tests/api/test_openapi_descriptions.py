"""The OpenAPI document says what every field of every answer means."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def _referenced(node: Any, schemas: dict[str, Any], found: set[str]) -> None:
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str):
            name = reference.rsplit("/", 1)[1]
            if name not in found:
                found.add(name)
                _referenced(schemas[name], schemas, found)
        for value in node.values():
            _referenced(value, schemas, found)
    elif isinstance(node, list):
        for value in node:
            _referenced(value, schemas, found)


def test_every_answer_field_has_a_description(client: TestClient) -> None:
    """Every field of every answer schema (any response of any route, and what it nests)
    has a description in /api/openapi.json."""
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    answers: set[str] = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                _referenced(response.get("content", {}), schemas, answers)
    assert {"DrEventOut", "IncidentDetailOut", "JobOut", "FaultReportOut"} <= answers
    undescribed = [
        f"{name}.{field}"
        for name in sorted(answers)
        for field, schema in schemas[name].get("properties", {}).items()
        if not schema.get("description")
    ]
    assert undescribed == []


def test_answers_keep_their_fields_and_types(client: TestClient) -> None:
    """Answers read from the domain's dataclasses keep the fields, types and required
    fields the API answered before (their descriptions added)."""
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    event = schemas["DrEventOut"]
    assert list(event["properties"])[:3] == ["id", "program_id", "title"]
    assert "measurement" not in event["properties"]
    assert {"results", "notices"} - set(event["required"]) == {"results", "notices"}
    assert event["properties"]["notices"]["default"] == 0
    assert schemas["ResponsesOut"]["required"] == ["participants", "opt_in", "opt_out", "pending"]
    assert "shortfall_kw" in schemas["DrPreviewOut"]["required"]
    incident = schemas["IncidentOut"]["properties"]
    assert {"job_id", "job_status", "crew_code"}.isdisjoint(incident)
    assert incident["age_s"] == {
        "description": "seconds since it opened (its duration once restored)",
        "title": "Age S",
        "type": "integer",
    }
    detail = schemas["IncidentDetailOut"]["properties"]
    assert set(incident) < set(detail) and "summary" not in detail
    job = schemas["JobOut"]["properties"]
    assert {"crew_token", "crew_lon", "crew_lat"}.isdisjoint(job)
    assert job["crew_link"]["type"] == "string"


def test_errors_are_documented_as_the_problems_the_api_sends(client: TestClient) -> None:
    """Invalid input is documented as the Problem the API answers (application/problem+json),
    not FastAPI's own validation schema, which the API never sends."""
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert set(schemas["Problem"]["properties"]) == {"type", "title", "status", "detail", "field"}
    invalid = document["paths"]["/api/v1/planned-outages/{outage_id}"]["get"]["responses"]["422"]
    assert invalid["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    errors = [
        (path, status, response.get("content", {}))
        for path, operations in document["paths"].items()
        for operation in operations.values()
        for status, response in operation["responses"].items()
        if status[0] in "45"
    ]
    assert errors and all(list(content) == ["application/problem+json"] for *_, content in errors)
    # what the document promises is what a client gets
    answer = client.get("/api/v1/planned-outages/not-a-number")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert set(answer.json()) <= set(schemas["Problem"]["properties"])


def test_the_crew_step_keeps_its_path_and_operation_id(client: TestClient) -> None:
    """Renaming the crew's step (outage.crew_job.record_step) left its route as clients know it:
    the path and the operation id FastAPI once derived from the old function name."""
    paths = client.get("/api/openapi.json").json()["paths"]
    step = paths["/api/v1/crew/jobs/{token}/status"]["post"]
    assert step["operationId"] == "report_status_api_v1_crew_jobs__token__status_post"
