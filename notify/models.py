"""The vocabulary of notices: kinds, channels, statuses, and the records passed around."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from gis.vocabulary import Language


class NoticeKind(StrEnum):
    """What a notice tells: a fault, a planned outage, a DR event or a crew job's news."""

    FAULT_RECEIVED = "fault_received"
    FAULT_PROGRESS = "fault_progress"
    OUTAGE_NOTICE = "outage_notice"
    OUTAGE_UPDATE = "outage_update"
    OUTAGE_CANCELLED = "outage_cancelled"
    OUTAGE_REMINDER = "outage_reminder"
    DR_REQUEST = "dr_request"
    DR_RESULT = "dr_result"
    DR_CANCELLED = "dr_cancelled"
    JOB_ASSIGNED = "job_assigned"


class RecipientType(StrEnum):
    """Who a notice goes to: a customer, a crew, an external endpoint or a fault's reporter."""

    CUSTOMER = "customer"
    CREW = "crew"
    EXTERNAL = "external"
    REPORTER = "reporter"  # whoever reported a fault (fault_report_contact), customer or not


class Channel(StrEnum):
    """How a notice is delivered: webhook, email, MQTT or the demo file."""

    WEBHOOK = "webhook"
    EMAIL = "email"
    MQTT = "mqtt"
    FILE = "file"


class NoticeStatus(StrEnum):
    """pending: never tried; delivering: claimed under a lease; retrying: failed, will try again;
    sent: delivered; dead: given up (attempts used up or a permanent error), last_error kept."""

    PENDING = "pending"
    DELIVERING = "delivering"
    RETRYING = "retrying"
    SENT = "sent"
    DEAD = "dead"

    @property
    def is_open(self) -> bool:
        """Still on its way: the worker will (again) try it."""
        return self in (NoticeStatus.PENDING, NoticeStatus.DELIVERING, NoticeStatus.RETRYING)


class OutcomeKind(StrEnum):
    """What one delivery attempt came to (how record_outcomes.sql moves the notice)."""

    SENT = "sent"
    RETRY = "retry"
    DEAD = "dead"
    RELEASED = "released"  # not attempted before the lease ran low: handed back, no attempt spent


def idempotency_key(
    event_ref: str, kind: NoticeKind, recipient_type: RecipientType, recipient_id: int
) -> str:
    """One key per event, kind and recipient (insert_*_notices.sql build the same string)."""
    return f"{event_ref}/{kind.value}/{recipient_type.value}:{recipient_id}"


@dataclass(frozen=True)
class NoticeDraft:
    """A notice to write: the facts in payload, the text is rendered when it is delivered."""

    kind: NoticeKind
    recipient_type: RecipientType
    recipient_id: int
    channel: Channel
    language: Language
    event_ref: str
    payload: dict[str, Any] = field(default_factory=dict)
    max_attempts: int | None = None  # None: the setting GRIDOPS_NOTICE_MAX_ATTEMPTS

    @property
    def idempotency_key(self) -> str:
        """The key that makes one notice per event, kind and recipient (receivers dedupe on it)."""
        return idempotency_key(self.event_ref, self.kind, self.recipient_type, self.recipient_id)


@dataclass(frozen=True)
class ClaimedNotice:
    """A notice the worker holds under a lease, with the address looked up for its channel."""

    id: int
    kind: NoticeKind
    recipient_type: RecipientType
    recipient_id: int
    channel: Channel
    language: Language
    payload: dict[str, Any]
    event_ref: str
    idempotency_key: str
    attempts: int  # this attempt's number (counted when claimed)
    max_attempts: int
    created_at: datetime
    address: str | None  # private: never logged, never returned by notify.report


@dataclass(frozen=True)
class RenderedText:
    """A notice's text in its language: the subject and the body."""

    subject: str
    body: str


@dataclass(frozen=True)
class Outcome:
    """The result of one attempt at one notice, recorded in batches."""

    notice_id: int
    attempt: int
    kind: OutcomeKind
    error: str | None = None
    retry_in_s: float = 0.0
    text: RenderedText | None = None
