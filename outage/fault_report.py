"""Fault reports from customers: check, locate, answer with a planned outage or infer the
incident, file the reporter's private contact and write a fault_received notice — all in the
caller's transaction, so a rejected report stores nothing.

The contact is checked (notify.contact.reporter_contact) before the report takes its
substation's lock and filed (file_reporter_contact) once the report has its id; it never appears
in fault_report, in an answer or in an error message. A repeated Idempotency-Key returns the
first answer; the same key with a different request is refused (IdempotencyConflictError).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from gis.crs import CoordinatesRejectedError, InputCrs, check_lon_lat, to_wgs84
from gis.errors import RejectedInputError
from gis.sql_file import load_sql
from gis.vocabulary import Language
from notify.address import InvalidAddressError
from notify.contact import file_reporter_contact, reporter_contact
from notify.link_token import LinkPurpose, sign
from notify.models import NoticeKind
from notify.outbox import enqueue_for_reporters
from notify.settings import notify_settings
from outage import incident
from outage.locate import Location, LocationRejectedError, locate
from outage.models import FaultReportStatus, ReportChannel
from outage.settings import OutageSettings, outage_settings

MAX_DESCRIPTION = 500
MAX_CONTACT = 200
MAX_ACCOUNT_NO = 40
MAX_AGE = timedelta(days=7)
CLOCK_SKEW = timedelta(minutes=5)
STATUS_PATH = "/api/v1/fault-reports/"  # the report's status as JSON (apps)
STATUS_PAGE = "/public/reports/"  # the report's progress as a page (people)


class FaultReportRejectedError(RejectedInputError):
    """Input that cannot make a fault report (answered 422), naming the field at fault. The
    message is English (the API's); `reason` and `params` let a page say it in the reporter's
    language (app/console/i18n.py: reason_<reason>)."""

    title = "Invalid fault report"
    kind = "invalid-fault-report"


class IdempotencyConflictError(RejectedInputError):
    """An Idempotency-Key already used for a different request (answered 422)."""

    title = "Idempotency-Key reused"
    kind = "key-reused"
    field = "Idempotency-Key"


@dataclass(frozen=True)
class FaultReportDraft:
    """A fault report as the customer sends it, before it is checked and located."""

    lon: float
    lat: float
    channel: ReportChannel
    contact: str
    crs: InputCrs = InputCrs.WGS84
    account_no: str | None = None
    description: str = ""
    reported_at: datetime | None = None  # aware; None: now
    idempotency_key: str | None = None
    language: Language = Language.ZH_CN  # of the reporter's notices

    def request_hash(self) -> str:
        """What makes two requests the same request (the key and language aside)."""
        facts = {
            "lon": self.lon,
            "lat": self.lat,
            "crs": self.crs.value,
            "channel": self.channel.value,
            "contact": self.contact,
            "account_no": self.account_no,
            "description": self.description,
            "reported_at": self.reported_at.isoformat() if self.reported_at else None,
        }
        return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Submission:
    """What taking a report answers: the 201 answer, or the first one again for a repeated key."""

    answer: dict[str, Any]  # JSON-ready: the 201 answer
    replayed: bool = False  # a repeated Idempotency-Key: the first answer again


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def check(draft: FaultReportDraft, now: datetime) -> tuple[float, float, datetime]:
    """The WGS-84 point and the moment of a report, or FaultReportRejectedError."""
    try:
        check_lon_lat(draft.lon, draft.lat, draft.crs)
    except CoordinatesRejectedError as exc:
        raise FaultReportRejectedError(str(exc), exc.field, "coordinates") from None
    if not draft.contact.strip():
        raise FaultReportRejectedError("say how we can reach you", "contact", "required")
    if len(draft.contact) > MAX_CONTACT:
        raise FaultReportRejectedError(
            f"at most {MAX_CONTACT} characters", "contact", "too_long", most=MAX_CONTACT
        )
    if len(draft.description) > MAX_DESCRIPTION:
        raise FaultReportRejectedError(
            f"at most {MAX_DESCRIPTION} characters", "description", "too_long", most=MAX_DESCRIPTION
        )
    if draft.account_no is not None and not 1 <= len(draft.account_no) <= MAX_ACCOUNT_NO:
        raise FaultReportRejectedError(
            f"1 to {MAX_ACCOUNT_NO} characters", "account_no", "too_long", most=MAX_ACCOUNT_NO
        )
    reported_at = draft.reported_at or now
    if reported_at.tzinfo is None:
        raise FaultReportRejectedError("reported_at needs a time zone", "reported_at", "zone")
    if reported_at > now + CLOCK_SKEW:
        raise FaultReportRejectedError("reported_at lies in the future", "reported_at", "future")
    if reported_at < now - MAX_AGE:
        raise FaultReportRejectedError("reported_at is older than 7 days", "reported_at", "too_old")
    lon, lat = to_wgs84(draft.lon, draft.lat, draft.crs)
    return lon, lat, reported_at


def submit(
    conn: psycopg.Connection,
    draft: FaultReportDraft,
    now: datetime,
    settings: OutageSettings | None = None,
) -> Submission:
    """Take a fault report in the caller's transaction (roll it back on any error)."""
    settings = settings or outage_settings()
    lon, lat, reported_at = check(draft, now)
    request_hash = draft.request_hash()
    if draft.idempotency_key is not None:
        first = _first_answer(conn, draft.idempotency_key, request_hash)
        if first is not None:
            return Submission(_with_links(first), replayed=True)
    try:
        location = locate(conn, lon, lat, draft.account_no, settings)
    except LocationRejectedError as exc:
        raise FaultReportRejectedError(str(exc), "lon", "outside") from None
    try:  # checked before the report takes its substation's lock; filed with its id below
        contact = reporter_contact(draft.contact, draft.language)
    except InvalidAddressError as exc:
        raise FaultReportRejectedError(str(exc), "contact", "unreachable") from None
    stored = incident.infer(
        conn, _report_row(draft, request_hash, lon, lat, reported_at, now, location), settings
    )
    report_id, decision = stored.report_id, stored.decision
    file_reporter_contact(conn, report_id, contact)
    answer = _answer(stored, location)
    if draft.idempotency_key is not None:  # kept only to be given again for the key, and
        conn.execute(  # without the status link's token (rebuilt by _with_links)
            _sql("fault_report/update_fault_report_answer.sql"),
            {"id": report_id, "answer": Jsonb(answer)},
        )
    enqueue_for_reporters(
        conn,
        NoticeKind.FAULT_RECEIVED,
        f"fault_report:{report_id}",
        [report_id],
        _notice_facts(report_id, now, decision),
    )
    return Submission(_with_links(answer))


def status_token(report_id: int) -> str:
    """The token of a report's status link (made from the link key: no table holds it)."""
    return sign(notify_settings().link_key(), LinkPurpose.FAULT_REPORT, report_id)


def _with_links(answer: dict[str, Any]) -> dict[str, Any]:
    token = status_token(int(answer["id"]))
    return {**answer, "status_url": STATUS_PATH + token, "status_page": STATUS_PAGE + token}


def receive(
    conn: psycopg.Connection,
    draft: FaultReportDraft,
    now: datetime,
    settings: OutageSettings | None = None,
) -> Submission:
    """Take a fault report in a transaction of its own, committed on return (rolled back on
    any error). The statements travel in psycopg's pipeline mode: those whose answers are not
    needed go with the next that is, and the commit with the last writes. Inference holds its
    substation's lock (and the incident's row) until the commit, so every round trip saved
    after the lock is time other reports of that substation do not wait."""
    with conn.pipeline(), conn.transaction():
        return submit(conn, draft, now, settings)


def _first_answer(conn: psycopg.Connection, key: str, request_hash: str) -> dict[str, Any] | None:
    conn.execute(_sql("fault_report/lock_idempotency_key.sql"), {"key": key})
    row = conn.execute(_sql("fault_report/select_fault_report_by_key.sql"), {"key": key}).fetchone()
    if row is None:
        return None
    if row[0] != request_hash:
        raise IdempotencyConflictError(
            "this Idempotency-Key was already used for a different report: use a new key"
        )
    return dict(row[1])


def _report_row(
    draft: FaultReportDraft,
    request_hash: str,
    lon: float,
    lat: float,
    reported_at: datetime,
    now: datetime,
    location: Location,
) -> dict[str, Any]:
    """What incident.infer stores of the report (and the point deciding planned outages)."""
    return {
        "public_token": None,  # the status link's token is signed, not stored (status_token)
        "channel": draft.channel.value,
        "input_crs": draft.crs.value,
        "input_lon": draft.lon,
        "input_lat": draft.lat,
        "lon": lon,
        "lat": lat,
        "account_no": draft.account_no,
        "description": draft.description,
        "reported_at": reported_at,
        "received_at": now,
        "transformer_id": location.transformer_id,
        "supply_area_id": location.supply_area_id,
        "feeder_id": location.feeder_id,
        "substation_id": location.substation_id,
        "location_method": location.method.value,
        "distance_m": location.distance_m,
        "location_conflict": location.conflict,
        "idempotency_key": draft.idempotency_key,
        "request_hash": request_hash,
        "located_lon": location.lon,
        "located_lat": location.lat,
    }


def _answer(stored: incident.StoredReport, location: Location) -> dict[str, Any]:
    located = {k: v for k, v in asdict(location).items() if k not in ("lon", "lat")}
    located["method"] = location.method.value
    return json.loads(
        json.dumps(
            {
                "id": stored.report_id,
                "located": located,
                "planned_outage": stored.planned_outage,
                "incident_id": stored.decision.incident_id if stored.decision else None,
                "status": (
                    FaultReportStatus.IN_INCIDENT
                    if stored.decision
                    else FaultReportStatus.PLANNED_OUTAGE
                ).value,
            },
            default=_json_default,
        )
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _notice_facts(
    report_id: int, now: datetime, decision: incident.IncidentDecision | None
) -> dict[str, Any]:
    facts: dict[str, Any] = {"fault_report_id": report_id, "received_at": now.isoformat()}
    if decision is not None:
        facts["incident_id"] = decision.incident_id
        facts["customers_affected"] = decision.customers_affected
        if decision.estimated_restoration_at is not None:
            facts["etr"] = decision.estimated_restoration_at.isoformat()
    return facts
