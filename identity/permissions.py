"""Permissions and roles, defined once: a permission is a named operation, a role a set of them
with a one-line description in each language. `gridops role list` shows them, the sign-in
answer names an actor's permissions, and the checks of the next step read them from here.

The database knows the role names only (staff_role, migration 062), so that a user's roles
are checked there too; what a role may do lives here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gis.errors import RejectedInputError
from gis.vocabulary import Language


class Permission(StrEnum):
    """An operation a role may be allowed: `<object>.<verb>`, as the audit trail names it."""

    # the console and the grid
    CONSOLE_VIEW = "console.view"  # console pages, grid layers, search, history, forecasts shown
    LAYER_CUSTOMERS = "layer.customers"  # the customers layer: exact points, accounts, kW
    # planned outages
    PLANNED_OUTAGE_DRAFT = "planned_outage.draft"  # preview, create and edit a draft
    PLANNED_OUTAGE_PUBLISH = "planned_outage.publish"  # publish, edit a published one: notifies
    PLANNED_OUTAGE_CANCEL = "planned_outage.cancel"  # cancel: notifies its customers
    # incidents and crews
    INCIDENT_READ = "incident.read"  # incidents with their reports (reporters' points, texts)
    INCIDENT_CONFIRM = "incident.confirm"  # confirm or reject an inferred incident
    INCIDENT_DISPATCH = "incident.dispatch"  # dispatch a crew, withdraw its job
    CREW_READ = "crew.read"  # crews: names and live positions
    CREW_MANAGE = "crew.manage"  # add, change and retire crews
    CREW_JOB_OWN = "crew_job.own"  # a field crew: its own open jobs, and report their steps
    # demand response
    DR_EVENT_READ = "dr_event.read"  # DR events, their responses and results
    DR_EVENT_DRAFT = "dr_event.draft"  # preview, create and edit a draft DR event
    DR_EVENT_PUBLISH = "dr_event.publish"  # publish: requests to every participant
    DR_EVENT_CANCEL = "dr_event.cancel"  # cancel: notifies its participants
    DR_PROGRAM_MANAGE = "dr_program.manage"  # programs and their enrolment, OpenADR VENs
    DR_EVENT_MEASURE = "dr_event.measure"  # measure an event's reduction (M&V)
    # customers and their data
    CUSTOMER_READ = "customer.read"  # a customer's details, location and history
    EXPORT_CUSTOMERS = "export.customers"  # exports naming customers (risk list, DR results)
    NOTICE_READ = "notice.read"  # the notices and their delivery
    NOTICE_RETRY = "notice.retry"  # send a dead-lettered notice again
    # the later issues' (connection applications, billing, offers): held, used by no route yet
    CONNECTION_READ = "connection.read"
    BILLING_READ = "billing.read"
    SEGMENT_PREVIEW = "segment.preview"
    # forecasts and imports
    FORECAST_RUN = "forecast.run"  # run a forecast or a backtest
    SALES_IMPORT = "sales.import"  # partners' appliance sales
    READINGS_IMPORT = "readings.import"  # transformer readings, weather, addresses
    # administration
    USER_MANAGE = "user.manage"  # add, disable and enable users, set their roles and passwords
    TOKEN_MANAGE = "token.manage"  # noqa: S105 (a name): create and revoke API tokens
    AUDIT_READ = "audit.read"  # the audit trail and its export


class Role(StrEnum):
    """A staff role (staff_role rows: migration 062)."""

    VIEWER = "viewer"
    DISPATCHER = "dispatcher"
    SENIOR_DISPATCHER = "senior_dispatcher"
    PLANNER = "planner"
    DR_OPERATOR = "dr_operator"
    CUSTOMER_SERVICE = "customer_service"
    ADMIN = "admin"
    FIELD_CREW = "field_crew"


@dataclass(frozen=True)
class RoleDefinition:
    """A role: what it may do, and what it is for in each language."""

    role: Role
    permissions: frozenset[Permission]
    description: dict[Language, str]

    def describe(self, language: Language) -> str:
        """The one-line description in the language (English when there is none)."""
        return self.description.get(language, self.description[Language.EN])


P = Permission
_VIEWER = frozenset({P.CONSOLE_VIEW})
_DISPATCHER = _VIEWER | {
    P.INCIDENT_READ,
    P.INCIDENT_CONFIRM,
    P.INCIDENT_DISPATCH,
    P.CREW_READ,
    P.CREW_MANAGE,
    P.PLANNED_OUTAGE_DRAFT,
}

ROLES: dict[Role, RoleDefinition] = {
    definition.role: definition
    for definition in (
        RoleDefinition(
            Role.VIEWER,
            _VIEWER,
            {
                Language.EN: "console pages and grid layers, no customer data",
                Language.ZH_CN: "查看控制台页面和电网图层，不含客户数据",
            },
        ),
        RoleDefinition(
            Role.DISPATCHER,
            _DISPATCHER,
            {
                Language.EN: "incidents, crews and dispatch; drafts planned outages",
                Language.ZH_CN: "处理故障、管理抢修队伍并派工；起草计划停电",
            },
        ),
        RoleDefinition(
            Role.SENIOR_DISPATCHER,
            _DISPATCHER | {P.PLANNED_OUTAGE_PUBLISH, P.PLANNED_OUTAGE_CANCEL},
            {
                Language.EN: "a dispatcher who also publishes and cancels planned outages "
                "(anything that notifies customers)",
                Language.ZH_CN: "调度员权限，另可发布和取消计划停电（凡会通知客户的操作）",
            },
        ),
        RoleDefinition(
            Role.PLANNER,
            _VIEWER | {P.FORECAST_RUN, P.EXPORT_CUSTOMERS, P.SALES_IMPORT, P.READINGS_IMPORT},
            {
                Language.EN: "forecasts, exports, sales and readings imports",
                Language.ZH_CN: "负荷预测、数据导出、销售和读数导入",
            },
        ),
        RoleDefinition(
            Role.DR_OPERATOR,
            _VIEWER
            | {
                P.DR_PROGRAM_MANAGE,
                P.DR_EVENT_READ,
                P.DR_EVENT_DRAFT,
                P.DR_EVENT_PUBLISH,
                P.DR_EVENT_CANCEL,
                P.DR_EVENT_MEASURE,
            },
            {
                Language.EN: "demand response: programs, enrolment and DR events",
                Language.ZH_CN: "需求响应：项目、签约和需求响应事件",
            },
        ),
        RoleDefinition(
            Role.CUSTOMER_SERVICE,
            _VIEWER
            | {
                P.CUSTOMER_READ,
                P.LAYER_CUSTOMERS,
                P.NOTICE_READ,
                P.NOTICE_RETRY,
                P.CONNECTION_READ,
                P.BILLING_READ,
                P.SEGMENT_PREVIEW,
            },
            {
                Language.EN: "customer lookup and history, notices",
                Language.ZH_CN: "客户查询及其历史、通知",
            },
        ),
        RoleDefinition(
            Role.ADMIN,
            _VIEWER | {P.USER_MANAGE, P.TOKEN_MANAGE, P.AUDIT_READ},
            {
                Language.EN: "users, roles, API tokens and the audit trail",
                Language.ZH_CN: "用户、角色、API 令牌和审计记录",
            },
        ),
        RoleDefinition(
            Role.FIELD_CREW,
            frozenset({P.CREW_JOB_OWN}),
            {
                Language.EN: "a field crew: its own open jobs and their steps",
                Language.ZH_CN: "现场抢修队：查看自己未完成的工单并上报进度",
            },
        ),
    )
}


ROLE_NAMES = frozenset(role.value for role in Role)


class UnknownRoleError(RejectedInputError):
    """A role name that is not one of ROLES (answered 422 on the field roles)."""

    kind = "unknown-role"
    field = "roles"


def parse_role(name: str) -> Role:
    """The role of that name; UnknownRoleError naming the roles there are."""
    try:
        return Role(name)
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise UnknownRoleError(
            f"no such role: {name!r} (roles: {known})", reason="unknown_role", role=name
        ) from None


def permissions_of(roles: tuple[str, ...] | list[str]) -> frozenset[Permission]:
    """Every permission the roles grant together (a name that is no role grants none)."""
    granted: set[Permission] = set()
    for name in roles:
        if name in ROLE_NAMES:
            granted |= ROLES[Role(name)].permissions
    return frozenset(granted)
