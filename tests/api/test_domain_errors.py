"""Errors that carry their meaning: every service error subclasses one of the domain's base
errors (gis/errors.py), and the API (one handler in app/api/problem.py) and the console (one
helper, app/console/errors.py) translate all of them; a new service error needs no edit in any
adapter."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import dr
import outage
from app.api.problem import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, install_problem_handlers
from app.console.errors import error_message
from app.console.i18n import Language
from gis import geometry
from gis.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    GridOpsError,
    NotFoundError,
    RejectedInputError,
)

BASES = (RejectedInputError, NotFoundError, ConflictError, ForbiddenError)


def _service_errors() -> list[type[Exception]]:
    modules = [geometry]
    for package in (outage, dr):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    return [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Exception)
        and cls.__module__ == module.__name__
        and not issubclass(cls, GridOpsError)  # the CLI's one-line errors (certificates, VENs)
    ]


def test_every_service_error_subclasses_a_domain_base_error() -> None:
    """Every error a service of outage/, dr/ or gis.geometry raises is a rejected input, a
    not found, a conflict or a forbidden, and says its status, title and kind."""
    errors = _service_errors()
    assert len(errors) >= 14
    for cls in errors:
        assert issubclass(cls, BASES), cls
        assert cls.status in (403, 404, 409, 422) and cls.title and cls.kind, cls


@pytest.mark.parametrize(
    ("base", "status"),
    [(RejectedInputError, 422), (NotFoundError, 404), (ConflictError, 409), (ForbiddenError, 403)],
)
def test_a_new_service_error_is_answered_without_an_edit_in_any_adapter(
    base: type[DomainError], status: int
) -> None:
    """A service error defined now, never named by a router or a callback, answers its problem
    through the API's one handler and its message through the console's one helper."""

    class NewServiceError(base):  # type: ignore[valid-type, misc]
        title = "Something new"
        kind = "something-new"

    api = FastAPI()
    install_problem_handlers(api)

    @api.get("/raise")
    def raise_it() -> None:
        raise NewServiceError("it went wrong", "where")

    answer = TestClient(api).get("/raise")
    assert answer.status_code == status
    assert answer.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert answer.json() == {
        "type": PROBLEM_BASE + "something-new",
        "title": "Something new",
        "status": status,
        "detail": "it went wrong",
        "field": "where",
    }
    assert error_message(NewServiceError("it went wrong", "where"), Language.EN) == "it went wrong"


def test_the_console_says_a_refusal_in_the_users_language_where_it_has_a_text() -> None:
    from outage.fault_report import FaultReportRejectedError

    refusal = FaultReportRejectedError("at most 500 characters", "description", "too_long", most=5)
    assert error_message(refusal, Language.EN) != error_message(refusal, Language.ZH_CN)
    assert "5" in error_message(refusal, Language.ZH_CN)


def test_the_routers_keep_no_table_of_service_errors() -> None:
    """Translation happens once: no router or callback module names a table of errors."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    for path in [*root.glob("api/*.py"), *root.glob("console/callbacks/*.py")]:
        source = path.read_text()
        for name in ("SERVICE_ERRORS", "USER_ERRORS", "def _translate", "def translate"):
            assert name not in source, f"{path.name} keeps {name}"
