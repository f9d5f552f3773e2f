"""The vocabulary of outages: statuses and the records services hand back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class PlannedOutageStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        return self in (PlannedOutageStatus.COMPLETED, PlannedOutageStatus.CANCELLED)

    @property
    def is_announced(self) -> bool:
        return self in (PlannedOutageStatus.PUBLISHED, PlannedOutageStatus.IN_PROGRESS)


class CustomerType(StrEnum):
    RESIDENTIAL = "residential"
    COMMERCIAL = "commercial"
    INDUSTRIAL = "industrial"


@dataclass(frozen=True)
class AffectedCustomer:
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
        return sum(self.by_kind.values())
