"""The outage history and the reliability indices as CSV, for the API and the console alike:
times in the configured zone with their offset, months as YYYY-MM, indices to 4 decimals."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from gis.local_time import format_time
from outage.history import OutageRecord
from outage.reliability import ReliabilityRow

INDEX_COLUMNS = (
    "month",
    "feeder_code",
    "kind",
    "customers_served",
    "customer_interruptions",
    "customer_minutes",
    "momentary_interruptions",
    "saifi",
    "saidi_min",
    "caidi_min",
    "maifi",
)
HISTORY_COLUMNS = (
    "kind",
    "id",
    "cause",
    "title",
    "reason",
    "feeders",
    "started_at",
    "ended_at",
    "duration_min",
    "customers",
    "customer_minutes",
    "lon",
    "lat",
)


def _index(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def index_values(row: ReliabilityRow) -> list[str | int]:
    """One row of the indices table: the month (or "period"), the scope (or "system")…"""
    return [
        row.month.strftime("%Y-%m") if row.month else "period",
        row.feeder_code or "system",
        row.kind.value,
        row.customers_served,
        row.customer_interruptions,
        round(row.customer_minutes),
        row.momentary_interruptions,
        _index(row.saifi),
        _index(row.saidi),
        _index(row.caidi),
        _index(row.maifi),
    ]


def indices_csv(rows: Sequence[ReliabilityRow]) -> str:
    """The reliability indices as CSV with a header row: one line per scope, month and kind."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(INDEX_COLUMNS)
    writer.writerows(index_values(row) for row in rows)
    return buffer.getvalue()


def history_csv(records: Sequence[OutageRecord], zone: str | None = None) -> str:
    """The outages as CSV with a header row, times in `zone` (default: the configured one)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HISTORY_COLUMNS)
    for r in records:
        writer.writerow(
            [
                r.kind.value,
                r.id,
                r.cause.value,
                r.title,
                r.reason,
                " ".join(r.feeder_codes),
                format_time(r.started_at, with_offset=True, name=zone),
                format_time(r.ended_at, with_offset=True, name=zone),
                round(r.duration_s / 60, 1),
                r.customers,
                r.customer_minutes,
                f"{r.lon:.6f}",
                f"{r.lat:.6f}",
            ]
        )
    return buffer.getvalue()
