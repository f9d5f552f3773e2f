"""The vocabulary of outages: statuses and the records services hand back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class PlannedOutageStatus(StrEnum):
    """Where a planned outage stands: draft, published, in progress, then completed or cancelled."""

    DRAFT = "draft"
    PUBLISHED = "published"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        """Completed or cancelled: the outage can no longer change."""
        return self in (PlannedOutageStatus.COMPLETED, PlannedOutageStatus.CANCELLED)

    @property
    def is_announced(self) -> bool:
        """Published or in progress: its customers were told, so they hear of every change."""
        return self in (PlannedOutageStatus.PUBLISHED, PlannedOutageStatus.IN_PROGRESS)


@dataclass(frozen=True)
class AffectedCustomer:
    """One customer an outage's area would cut off, as the preview samples them."""

    id: int
    account_no: str
    customer_type: str
    transformer_code: str


@dataclass(frozen=True)
class OutagePreview:
    """What an area touches: counts, a sample of customers, the union of supply areas."""

    customers: int
    customers_by_type: dict[str, int]
    transformers: list[str]
    feeders: list[str]
    customer_sample: list[AffectedCustomer]
    supply_area_union: dict[str, Any] | None  # GeoJSON geometry
    repair: str = ""


@dataclass(frozen=True)
class PlannedOutage:
    """A planned outage: its window, area, status, revision and how many customers it cuts off."""

    id: int
    title: str
    reason: str
    starts_at: datetime
    ends_at: datetime
    status: PlannedOutageStatus
    geometry: dict[str, Any]
    transformer_ids: list[int]
    revision: int
    repair: str
    customers_affected: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None


@dataclass(frozen=True)
class NoticeCounts:
    """Notices written by one change, by kind."""

    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many notices the change wrote, of every kind."""
        return sum(self.by_kind.values())


class IncidentStatus(StrEnum):
    """Where an incident stands: suspected, confirmed, dispatched, restored; or rejected."""

    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"
    DISPATCHED = "dispatched"
    RESTORED = "restored"
    REJECTED = "rejected"

    @property
    def is_open(self) -> bool:
        """Not yet restored or rejected: still to be dealt with, so the dispatch board lists it."""
        return self in (
            IncidentStatus.SUSPECTED,
            IncidentStatus.CONFIRMED,
            IncidentStatus.DISPATCHED,
        )


class IncidentLevel(StrEnum):
    """The device an incident is inferred on: one transformer, a whole feeder or a substation."""

    TRANSFORMER = "transformer"
    FEEDER = "feeder"
    SUBSTATION = "substation"


class CrewStatus(StrEnum):
    """Whether a crew can be sent: available, busy on a job, or off duty."""

    AVAILABLE = "available"
    BUSY = "busy"
    OFF_DUTY = "off_duty"


class JobStatus(StrEnum):
    """A crew job moves forward one step at a time: assigned → accepted → en_route → on_site
    → restored; a dispatcher may cancel an open job."""

    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    EN_ROUTE = "en_route"
    ON_SITE = "on_site"
    RESTORED = "restored"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Neither restored nor cancelled: the crew reports steps, a dispatcher may cancel it."""
        return self not in (JobStatus.RESTORED, JobStatus.CANCELLED)

    @property
    def next(self) -> JobStatus | None:
        """The one status a crew may report next; None once the job is closed."""
        return _NEXT_JOB_STATUS.get(self)


CREW_STEPS = (JobStatus.ACCEPTED, JobStatus.EN_ROUTE, JobStatus.ON_SITE, JobStatus.RESTORED)
_NEXT_JOB_STATUS = {
    JobStatus.ASSIGNED: JobStatus.ACCEPTED,
    JobStatus.ACCEPTED: JobStatus.EN_ROUTE,
    JobStatus.EN_ROUTE: JobStatus.ON_SITE,
    JobStatus.ON_SITE: JobStatus.RESTORED,
}


class LocationMethod(StrEnum):
    """How a fault report found its transformer."""

    WITHIN = "within"  # the point lies in (or on the edge of) the transformer's supply area
    NEAREST = "nearest"  # outside every supply area, the nearest transformer within the limit
    ACCOUNT = "account"  # the reporter's account names its transformer


class FaultReportStatus(StrEnum):
    """Where a fault report stands: received, in a planned outage, or as far as its incident got."""

    RECEIVED = "received"
    PLANNED_OUTAGE = "planned_outage"
    IN_INCIDENT = "in_incident"
    DISPATCHED = "dispatched"
    RESTORED = "restored"
    REJECTED = "rejected"


class ReportChannel(StrEnum):
    """How a customer sent a fault report in: WeChat, the app, the web page or by phone."""

    WECHAT = "wechat"
    APP = "app"
    WEB = "web"
    PHONE = "phone"


CREW_PAGE_PATH = "/crew/jobs/{token}"
MAP_PATH = "/?lon={lon:.6f}&lat={lat:.6f}&zoom=17"


@dataclass(frozen=True)
class JobEvent:
    """One step on a crew job's timeline: the status reached, the crew's note and position."""

    status: JobStatus
    note: str
    lon: float | None
    lat: float | None
    at: datetime


@dataclass(frozen=True)
class CrewJob:
    """A crew's job as its crew sees it (never the reporters or their contacts)."""

    id: int
    incident_id: int
    crew_id: int
    crew_code: str
    crew_name: str
    status: JobStatus
    crew_token: str
    created_at: datetime
    updated_at: datetime
    level: IncidentLevel
    incident_status: IncidentStatus
    device: str
    customers_affected: int
    lon: float
    lat: float
    area: dict[str, Any] | None
    crew_lon: float | None
    crew_lat: float | None
    estimated_restoration_at: datetime | None
    opened_at: datetime
    restored_at: datetime | None
    timeline: list[JobEvent]
    notices: NoticeCounts = field(default_factory=NoticeCounts)

    @property
    def next_status(self) -> JobStatus | None:
        """The one status the crew may report next; None once the job is closed."""
        return self.status.next

    @property
    def crew_path(self) -> str:
        """The crew's page for this job: the link the crew is sent."""
        return CREW_PAGE_PATH.format(token=self.crew_token)

    @property
    def map_path(self) -> str:
        """The console map centred on the incident's device."""
        return MAP_PATH.format(lon=self.lon, lat=self.lat)


@dataclass(frozen=True)
class StatusUpdate:
    """A crew's step: the new status, an optional note and the crew's position."""

    status: JobStatus
    note: str = ""
    lon: float | None = None
    lat: float | None = None
