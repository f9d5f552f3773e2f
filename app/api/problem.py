"""Errors as RFC 9457 problem details: type, title, status, detail and the field at fault."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from gis.errors import DomainError

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://gridops.example/problems/"
RETRY_AFTER_S = 5  # what a client waits before trying again while the database is away


class Problem(BaseModel):
    """An RFC 9457 problem details document."""

    type: str = Field(default="about:blank", description="a URI naming the kind of problem")
    title: str = Field(description="what went wrong, in short")
    status: int = Field(description="the HTTP status")
    detail: str = Field(description="what went wrong here")
    field: str | None = Field(default=None, description="the input field at fault, if one is")


class ProblemError(Exception):
    """Raised by routers to answer a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        field: str | None = None,
        kind: str = "",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.headers = headers or {}
        self.problem = Problem(
            type=PROBLEM_BASE + kind if kind else "about:blank",
            title=title,
            status=status,
            detail=detail,
            field=field,
        )


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The problem as its HTTP answer: application/problem+json with the problem's status."""
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _location(error: dict[str, Any]) -> str:
    return ".".join(
        str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")
    )


def domain_problem(exc: DomainError) -> Problem:
    """A service's error as a problem: its class says the status, title and kind."""
    return Problem(
        type=PROBLEM_BASE + exc.kind,
        title=exc.title,
        status=exc.status,
        detail=str(exc),
        field=exc.field,
    )


# FastAPI's own schemas of its default 422 answer, which this API never sends.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def describe_problems(app: FastAPI) -> None:
    """Make the OpenAPI document say what the API answers on an error: every 4xx/5xx answer
    documented as JSON is a problem document (application/problem+json), the 422 of
    invalid input a Problem rather than FastAPI's own validation schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = _problems_described(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _problems_described(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if status[:1] not in ("4", "5"):
                    continue
                content = response.get("content", {})
                json_schema = content.pop("application/json", {}).get("schema")
                if json_schema is None or json_schema.get("$ref", "").endswith(
                    "/HTTPValidationError"
                ):
                    json_schema = problem_ref
                content[PROBLEM_MEDIA_TYPE] = {"schema": json_schema}
                response["content"] = content
    for name in FASTAPI_VALIDATION_SCHEMAS:
        schemas.pop(name, None)
    return document


def install_problem_handlers(app: FastAPI) -> None:
    """Make the app answer every error as a problem document, the unexpected ones as a 500,
    and its OpenAPI document say so."""
    describe_problems(app)

    @app.exception_handler(ProblemError)
    async def on_problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.problem, exc.headers)

    @app.exception_handler(DomainError)
    async def on_domain(_: Request, exc: DomainError) -> JSONResponse:
        """Every service error (gis/errors.py), translated here and nowhere else."""
        return problem_response(domain_problem(exc))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        field = _location(first) or None
        detail = "; ".join(f"{_location(e)}: {e.get('msg', 'invalid')}" for e in errors)
        return problem_response(
            Problem(
                type=PROBLEM_BASE + "invalid-request",
                title="Invalid request",
                status=422,
                detail=detail or "the request is invalid",
                field=field,
            )
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 413:  # app/api/body_limit.py: the detail says the limit
            return problem_response(too_large_problem(str(exc.detail)))
        titles = {404: "Not found", 405: "Method not allowed"}
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # every method of the path, not only the first route's
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem_response(
            Problem(
                title=titles.get(exc.status_code, "Error"),
                status=exc.status_code,
                detail=str(exc.detail),
            ),
            headers,
        )

    @app.exception_handler(psycopg.OperationalError)
    async def on_database_unavailable(_: Request, exc: psycopg.OperationalError) -> JSONResponse:
        """The database down, restarting or out of connections (psycopg_pool's PoolTimeout is
        an OperationalError too): the client may try again, and is told when."""
        return problem_response(
            Problem(
                type=PROBLEM_BASE + "database-unavailable",
                title="Service unavailable",
                status=503,
                detail=f"the database is not answering; try again in {RETRY_AFTER_S} s",
            ),
            {"Retry-After": str(RETRY_AFTER_S)},
        )

    @app.exception_handler(Exception)
    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        return problem_response(
            Problem(
                title="Internal error",
                status=500,
                detail=f"the server could not complete the request ({type(exc).__name__})",
            )
        )


def _allowed_methods(request: Request) -> list[str]:
    """The methods some route takes at the request's path (HEAD wherever GET is:
    app/api/methods.py answers it)."""
    allowed = [
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]
    return [*allowed, "HEAD"] if "GET" in allowed else allowed


def too_large_problem(detail: str) -> Problem:
    """A body over its limit (413); the detail says the limit."""
    return Problem(
        type=PROBLEM_BASE + "too-large",
        title="Body too large",
        status=413,
        detail=detail,
        field="body",
    )
