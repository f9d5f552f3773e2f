"""Planned outages: preview what an area touches, create, publish, edit, cancel, look up.

Every change that customers must hear about writes its notices through the outbox in the same
transaction (outage/planned_outage_notice.py); the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row
from shapely import wkb as shapely_wkb
from shapely.geometry import MultiPolygon

from gis.errors import ConflictError, NotFoundError, RejectedInputError
from gis.geometry import DrawnArea
from gis.sql_file import load_sql
from outage.models import (
    AffectedCustomer,
    NoticeCounts,
    OutagePreview,
    PlannedOutage,
    PlannedOutageStatus,
)
from outage.planned_outage_notice import notify_change

LOOKUP_HORIZON = timedelta(days=7)
PREVIEW_SAMPLE = 100


class OutageRejectedError(RejectedInputError):
    """Input that cannot make a planned outage (answered 422), naming the field at fault."""

    title = "Invalid planned outage"
    kind = "invalid-planned-outage"


class OutageConflictError(ConflictError):
    """A change the outage's state does not allow (answered 409)."""

    title = "Planned outage cannot change"


class OutageNotFoundError(NotFoundError):
    """No planned outage with that id (answered 404)."""

    field = "id"


@dataclass(frozen=True)
class OutageDraft:
    """A new planned outage: title, reason, window, and a drawn area or the transformers cut off."""

    title: str
    reason: str
    starts_at: datetime
    ends_at: datetime
    area: DrawnArea | None
    transformer_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class OutageChanges:
    """An edit: None leaves a field as it is."""

    title: str | None = None
    reason: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    area: DrawnArea | None = None
    transformer_ids: tuple[int, ...] | None = None
    status: PlannedOutageStatus | None = None


def _sql(name: str) -> bytes:
    return load_sql("outage", name).encode()


def check_window(starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    """A window has time zones, ends after it starts and is not over; else OutageRejectedError."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise OutageRejectedError("start and end need a time zone", "starts_at")
    if ends_at <= starts_at:
        raise OutageRejectedError("the end must come after the start", "ends_at")
    if ends_at <= now:
        raise OutageRejectedError("the window is in the past", "ends_at")


def resolve_area(
    conn: psycopg.Connection, area: DrawnArea | None, transformer_ids: tuple[int, ...]
) -> DrawnArea:
    """The drawn area, or the union of the picked transformers' supply areas; it must touch
    the territory, and every picked transformer must exist."""
    if transformer_ids:
        row = conn.execute(
            _sql("planned_outage/select_unknown_transformers.sql"),
            {"transformer_ids": list(transformer_ids)},
        ).fetchone()
        if row and row[0]:
            raise OutageRejectedError(f"unknown transformers: {row[0]}", "transformer_ids")
    if area is None:
        if not transformer_ids:
            raise OutageRejectedError("draw an area or pick transformers", "geometry")
        row = conn.execute(
            _sql("planned_outage/select_supply_area_union.sql"),
            {"transformer_ids": list(transformer_ids)},
        ).fetchone()
        if not row or row[0] is None:
            raise OutageRejectedError(
                "the picked transformers have no supply area", "transformer_ids"
            )
        geometry = shapely_wkb.loads(bytes(row[0]))
        area = DrawnArea(MultiPolygon(list(getattr(geometry, "geoms", [geometry]))), "")
    inside = conn.execute(
        _sql("planned_outage/select_territory_overlap.sql"), {"area": area.wkb}
    ).fetchone()
    if not inside or not inside[0]:
        raise OutageRejectedError("the area lies outside the service territory", "geometry")
    return area


def preview(
    conn: psycopg.Connection, area: DrawnArea | None, transformer_ids: tuple[int, ...] = ()
) -> OutagePreview:
    """What an area, or the picked transformers' supply areas, would cut off; nothing is saved."""
    resolved = resolve_area(conn, area, transformer_ids)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _sql("planned_outage/select_outage_preview.sql"),
            {
                "area": resolved.wkb,
                "transformer_ids": list(transformer_ids),
                "sample": PREVIEW_SAMPLE,
            },
        ).fetchone()
    assert row is not None  # an aggregate query always answers one row
    return OutagePreview(
        customers=int(row["customers"]),
        customers_by_type={str(k): int(v) for k, v in (row["by_type"] or {}).items()},
        transformers=list(row["transformers"]),
        feeders=list(row["feeders"]),
        customer_sample=[AffectedCustomer(**item) for item in row["sample"]],
        supply_area_union=row["area_union"],
        repair=resolved.repair,
    )


def create(conn: psycopg.Connection, draft: OutageDraft, now: datetime) -> PlannedOutage:
    """Store a new outage as a draft, its window checked and area resolved; nobody is told yet."""
    check_window(draft.starts_at, draft.ends_at, now)
    area = resolve_area(conn, draft.area, draft.transformer_ids)
    row = conn.execute(
        _sql("planned_outage/insert_planned_outage.sql"),
        {
            "title": draft.title,
            "reason": draft.reason,
            "starts_at": draft.starts_at,
            "ends_at": draft.ends_at,
            "area": area.wkb,
            "transformer_ids": list(draft.transformer_ids),
            "repair": area.repair,
        },
    ).fetchone()
    assert row is not None
    return get(conn, int(row[0]))


def get(conn: psycopg.Connection, outage_id: int) -> PlannedOutage:
    """One planned outage by id; OutageNotFoundError when there is none."""
    found = list_outages(conn, outage_id=outage_id, limit=1)
    if not found:
        raise OutageNotFoundError(f"no planned outage {outage_id}")
    return found[0]


def list_outages(
    conn: psycopg.Connection,
    status: PlannedOutageStatus | None = None,
    outage_id: int | None = None,
    limit: int = 200,
) -> list[PlannedOutage]:
    """Planned outages, latest start first: every one, one status's, or the one with `outage_id`."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            _sql("planned_outage/select_planned_outages.sql"),
            {
                "id": outage_id,
                "status": status.value if status else None,
                "limit": limit,
            },
        ).fetchall()
    return [_outage(row) for row in rows]


def _outage(row: dict[str, Any]) -> PlannedOutage:
    return PlannedOutage(
        id=row["id"],
        title=row["title"],
        reason=row["reason"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        status=PlannedOutageStatus(row["status"]),
        geometry=row["geometry"],
        transformer_ids=list(row["transformer_ids"]),
        revision=row["revision"],
        repair=row["repair"],
        customers_affected=int(row["customers_affected"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        published_at=row["published_at"],
    )


def _locked(conn: psycopg.Connection, outage_id: int) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            _sql("planned_outage/select_planned_outage_for_update.sql"), {"id": outage_id}
        ).fetchone()
    if row is None:
        raise OutageNotFoundError(f"no planned outage {outage_id}")
    if PlannedOutageStatus(row["status"]).is_final:
        raise OutageConflictError(
            f"planned outage {outage_id} is {row['status']}: it cannot change"
        )
    return row


def publish(
    conn: psycopg.Connection, outage_id: int, now: datetime
) -> tuple[PlannedOutage, NoticeCounts]:
    """Announce a draft: record who is affected and write one outage_notice to each."""
    current = _locked(conn, outage_id)
    if current["status"] != PlannedOutageStatus.DRAFT:
        raise OutageConflictError(f"planned outage {outage_id} is already {current['status']}")
    check_window(current["starts_at"], current["ends_at"], now)
    _update(
        conn, outage_id, OutageChanges(status=PlannedOutageStatus.PUBLISHED), new_revision=False
    )
    added, removed, _ = _replace_customers(conn, outage_id)
    counts = notify_change(conn, get(conn, outage_id), added=added, removed=removed, kept=[])
    return get(conn, outage_id), counts


def update(
    conn: psycopg.Connection, outage_id: int, changes: OutageChanges, now: datetime
) -> tuple[PlannedOutage, NoticeCounts]:
    """Edit an outage. Once announced, a new window or area is a new revision: outage_update
    to those still affected, outage_cancelled to those no longer, outage_notice to new ones;
    cancelling sends outage_cancelled to everyone affected."""
    current = _locked(conn, outage_id)
    status = PlannedOutageStatus(current["status"])
    if changes.status is PlannedOutageStatus.PUBLISHED and status is PlannedOutageStatus.DRAFT:
        raise OutageConflictError("publish a draft with POST /api/v1/planned-outages/{id}/publish")
    if (
        changes.status is PlannedOutageStatus.PUBLISHED
        or changes.status is PlannedOutageStatus.DRAFT
    ):
        raise OutageConflictError(f"cannot move a {status} outage back to {changes.status}")
    if (
        changes.status in (PlannedOutageStatus.IN_PROGRESS, PlannedOutageStatus.COMPLETED)
        and status is PlannedOutageStatus.DRAFT
    ):
        raise OutageConflictError("a draft must be published first")
    starts = changes.starts_at or current["starts_at"]
    ends = changes.ends_at or current["ends_at"]
    if changes.starts_at or changes.ends_at:
        check_window(starts, ends, now)
    area = None
    if changes.area is not None or changes.transformer_ids is not None:
        area = resolve_area(conn, changes.area, changes.transformer_ids or ())
    reshaped = area is not None or changes.starts_at is not None or changes.ends_at is not None
    announced = status.is_announced
    _update(
        conn,
        outage_id,
        changes,
        new_revision=announced and (reshaped or changes.status is PlannedOutageStatus.CANCELLED),
        area=area,
    )
    if not announced:
        return get(conn, outage_id), NoticeCounts()
    if changes.status is PlannedOutageStatus.CANCELLED:
        _, _, everyone = _replace_customers(conn, outage_id, keep=True)
        return get(conn, outage_id), notify_change(
            conn, get(conn, outage_id), added=[], removed=everyone, kept=[]
        )
    if not reshaped:
        return get(conn, outage_id), NoticeCounts()
    added, removed, current_ids = _replace_customers(conn, outage_id)
    kept = sorted(set(current_ids) - set(added))
    return get(conn, outage_id), notify_change(
        conn, get(conn, outage_id), added=added, removed=removed, kept=kept
    )


def _update(
    conn: psycopg.Connection,
    outage_id: int,
    changes: OutageChanges,
    new_revision: bool,
    area: DrawnArea | None = None,
) -> None:
    conn.execute(
        _sql("planned_outage/update_planned_outage.sql"),
        {
            "id": outage_id,
            "title": changes.title,
            "reason": changes.reason,
            "starts_at": changes.starts_at,
            "ends_at": changes.ends_at,
            "area": area.wkb if area else None,
            "transformer_ids": list(changes.transformer_ids)
            if changes.transformer_ids is not None
            else None,
            "repair": area.repair if area else None,
            "status": changes.status.value if changes.status else None,
            "new_revision": new_revision,
        },
    )


def _replace_customers(
    conn: psycopg.Connection, outage_id: int, keep: bool = False
) -> tuple[list[int], list[int], list[int]]:
    """(added, removed, current) customer ids; keep=True only reads who is recorded."""
    if keep:
        rows = conn.execute(
            _sql("planned_outage/select_outage_customers.sql"), {"outage_id": outage_id}
        ).fetchone()
        everyone = list(rows[0]) if rows else []
        return [], [], everyone
    row = conn.execute(
        _sql("planned_outage/replace_outage_customers.sql"), {"outage_id": outage_id}
    ).fetchone()
    assert row is not None
    return list(row[0]), list(row[1]), list(row[2])


def lookup_at_point(
    conn: psycopg.Connection, lon: float, lat: float, now: datetime
) -> list[dict[str, Any]]:
    """Announced planned outages covering a WGS-84 point now or in the next 7 days."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            _sql("planned_outage/select_planned_outages_at_point.sql"),
            {
                "lon": lon,
                "lat": lat,
                "from_ts": now,
                "to_ts": now + LOOKUP_HORIZON,
            },
        ).fetchall()


def lookup_for_account(
    conn: psycopg.Connection, account_no: str, now: datetime
) -> list[dict[str, Any]]:
    """Announced planned outages affecting an account now or in the next 7 days."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            _sql("planned_outage/select_planned_outages_for_account.sql"),
            {
                "account_no": account_no,
                "from_ts": now,
                "to_ts": now + LOOKUP_HORIZON,
            },
        ).fetchall()


@dataclass(frozen=True)
class SavedOutage:
    """What saving an outage from the console gives: the outage, the notices written when it
    was published (None for a draft kept as a draft) and the newest outages after it."""

    outage: PlannedOutage
    notices: NoticeCounts | None
    outages: list[PlannedOutage]


def save(
    conn: psycopg.Connection,
    draft: OutageDraft,
    now: datetime,
    publishing: bool = False,
    listed: int = 50,
) -> SavedOutage:
    """Create an outage from a draft and, when `publishing`, announce it at once (its notices in
    the caller's transaction, as publish); then list the `listed` newest outages."""
    outage = create(conn, draft, now)
    notices = None
    if publishing:
        outage, notices = publish(conn, outage.id, now)
    return SavedOutage(outage, notices, list_outages(conn, limit=listed))
