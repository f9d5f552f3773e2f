"""The vocabulary of demand response: statuses, responses and the records passed around."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class DrEventStatus(StrEnum):
    """draft: being prepared; published: requests sent; active: the window is open;
    completed: the window has closed; cancelled: called off."""

    DRAFT = "draft"
    PUBLISHED = "published"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        """Completed or cancelled: the event can no longer change nor take responses."""
        return self in (DrEventStatus.COMPLETED, DrEventStatus.CANCELLED)


class DrResponse(StrEnum):
    """A participant's answer to a DR request: it takes part (opt in) or declines (opt out)."""

    OPT_IN = "opt_in"
    OPT_OUT = "opt_out"


@dataclass(frozen=True)
class DrProgram:
    """A DR program: its incentive per kWh and limits on its events' count, notice and length."""

    id: int
    name: str
    incentive_per_kwh: Decimal
    max_events_per_month: int
    notice_lead: Any  # timedelta
    max_duration: Any  # timedelta
    active: bool


@dataclass(frozen=True)
class TransformerRelief:
    """Expected (preview) relief on one targeted transformer."""

    transformer_id: int
    code: str
    customers: int
    capacity_kva: float
    baseline_kw: float
    expected_relief_kw: float
    loading_before_pct: float
    loading_after_pct: float


@dataclass(frozen=True)
class DrPreview:
    """What a draft's target is expected to shed against the kW sought, by transformer."""

    customers: int
    expected_kw: float
    target_kw: float
    transformers: list[TransformerRelief]
    target_rule: str

    @property
    def shortfall_kw(self) -> float:
        """The kW the expected relief falls short of the target by (0 when it reaches it)."""
        return max(0.0, self.target_kw - self.expected_kw)


@dataclass(frozen=True)
class ResponseCounts:
    """How many participants an event asked and how many opted in or out."""

    participants: int = 0
    opt_in: int = 0
    opt_out: int = 0

    @property
    def pending(self) -> int:
        """Participants who have not answered yet."""
        return self.participants - self.opt_in - self.opt_out


@dataclass(frozen=True)
class EventMeasurement:
    """The event's M&V totals (None until it is measured)."""

    measured_at: datetime
    method: dict[str, Any]
    participants: int
    measured: int
    baseline_kwh: float
    actual_kwh: float
    reduction_kwh: float
    incentive: Decimal
    transformers: list[dict[str, Any]] = field(default_factory=list)
    hourly: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class DrEvent:
    """A DR event: program, window, kW sought, target, status, responses and, once measured, M&V."""

    id: int
    program_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    target_kw: float
    geometry: dict[str, Any] | None
    transformer_ids: list[int]
    target_rule: str
    status: DrEventStatus
    modification_number: int
    response_deadline: datetime
    created_at: datetime
    updated_at: datetime
    responses: ResponseCounts = ResponseCounts()
    measurement: EventMeasurement | None = None
