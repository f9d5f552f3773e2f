"""Roles are sets of named permissions, defined once; the database accepts exactly those
roles."""

from __future__ import annotations

import psycopg
import pytest

from gis.vocabulary import Language
from identity.permissions import (
    ROLES,
    Permission,
    Role,
    UnknownRoleError,
    parse_role,
    permissions_of,
)


def test_every_role_is_defined_with_a_description_in_both_languages() -> None:
    assert set(ROLES) == set(Role)
    for definition in ROLES.values():
        assert definition.permissions
        assert set(definition.description) == set(Language)
        assert all(text.strip() for text in definition.description.values())


def test_the_roles_of_the_issue() -> None:
    P = Permission  # noqa: N806 (the short name reads the sets)
    viewer = ROLES[Role.VIEWER].permissions
    assert viewer == {P.CONSOLE_VIEW}
    assert P.CUSTOMER_READ not in viewer and P.LAYER_CUSTOMERS not in viewer
    dispatcher = ROLES[Role.DISPATCHER].permissions
    assert {P.INCIDENT_DISPATCH, P.PLANNED_OUTAGE_DRAFT} <= dispatcher
    assert P.PLANNED_OUTAGE_PUBLISH not in dispatcher
    senior = ROLES[Role.SENIOR_DISPATCHER].permissions
    assert dispatcher < senior
    assert {P.PLANNED_OUTAGE_PUBLISH, P.PLANNED_OUTAGE_CANCEL} <= senior
    assert {P.FORECAST_RUN, P.EXPORT_CUSTOMERS, P.SALES_IMPORT, P.READINGS_IMPORT} <= ROLES[
        Role.PLANNER
    ].permissions
    assert {P.DR_EVENT_PUBLISH, P.DR_PROGRAM_MANAGE} <= ROLES[Role.DR_OPERATOR].permissions
    assert {P.CUSTOMER_READ, P.NOTICE_READ, P.BILLING_READ} <= ROLES[
        Role.CUSTOMER_SERVICE
    ].permissions
    assert {P.USER_MANAGE, P.AUDIT_READ} <= ROLES[Role.ADMIN].permissions
    assert ROLES[Role.FIELD_CREW].permissions == {P.CREW_JOB_OWN}
    # every permission is held by some role
    assert set().union(*(d.permissions for d in ROLES.values())) == set(Permission)


def test_permissions_of_roles_together() -> None:
    granted = permissions_of(["planner", "dr_operator", "not_a_role"])
    assert Permission.FORECAST_RUN in granted and Permission.DR_EVENT_PUBLISH in granted
    assert permissions_of([]) == frozenset()


def test_an_unknown_role_is_a_clear_error() -> None:
    with pytest.raises(UnknownRoleError, match=r"no such role: 'root'.*dispatcher") as refused:
        parse_role("root")
    assert refused.value.field == "roles"


def test_the_database_accepts_exactly_the_roles_of_the_code(db: psycopg.Connection) -> None:
    names = {row[0] for row in db.execute("SELECT name FROM staff_role")}
    assert names == {role.value for role in Role}
