"""Measurement and verification: baselines, actual load, reductions and incentives.

The default baseline is the "highest 5 of the last 10 similar days" used by US ISOs (NYISO's
CBL, PJM's economic baseline): similar days are workdays for a workday event and weekends or
public holidays (chinese_calendar, with its make-up working days) for the others, looking back
up to `lookback_days`; of the last 10 with a complete window of readings, the 5 with the
highest window kWh are averaged. Days on which the customer took part in another DR event (not
called off, not opted out) are skipped, per customer, as ISOs skip event days: its load was
curtailed on them. A same-day additive adjustment (the event day's load in the
hours before the event minus the baseline days' load in the same hours) is capped at +/-
`adjustment_cap` of the baseline. Every figure is configurable (BaselineMethod).

Reductions are adjusted baseline minus actual; by default a negative reduction (a customer who
used more) is reported as 0 (allow_negative=True keeps it, for analysis). The incentive pays the
positive reduction at the program's rate, except to customers who opted out. Participants
without a baseline or a complete window of readings stay unmeasured (NULL), not zero.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import chinese_calendar
import psycopg
from psycopg.types.json import Jsonb

from dr.event import DrConflictError, get
from dr.models import DrEventStatus, EventMeasurement
from dr.settings import dr_settings
from dr.target import window_hours
from gis import local_time
from gis.sql_file import load_sql


@dataclass(frozen=True)
class BaselineMethod:
    """How baselines are made: similar days, how many highest are averaged, same-day adjustment."""

    similar_days: int = 10
    highest: int = 5
    lookback_days: int = 60
    adjustment: bool = True
    adjustment_hours: int = 2
    adjustment_gap_hours: int = 1  # hours between the adjustment hours and the start
    adjustment_cap: float = 0.2
    allow_negative: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.highest <= self.similar_days:
            raise ValueError("highest must lie between 1 and similar_days")
        if self.adjustment_cap < 0 or self.adjustment_hours < 0 or self.adjustment_gap_hours < 0:
            raise ValueError("adjustment settings must not be negative")


def _sql(name: str) -> bytes:
    return load_sql("dr", name).encode()


def is_workday(day: date) -> bool:
    """A working day in China (holidays off, make-up weekend days on); outside the years
    chinese_calendar knows, Monday to Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def similar_days(event_day: date, method: BaselineMethod) -> list[date]:
    """Candidate days of the event day's kind, most recent first: twice as many as the method
    uses, so days without readings still leave enough."""
    kind = is_workday(event_day)
    found: list[date] = []
    for back in range(1, method.lookback_days + 1):
        day = event_day - timedelta(days=back)
        if is_workday(day) == kind:
            found.append(day)
            if len(found) == 2 * method.similar_days:
                break
    return found


def adjustment_hours(first_hour: int, method: BaselineMethod) -> list[int]:
    """The local hours before the event that the same-day adjustment compares."""
    last = first_hour - method.adjustment_gap_hours  # exclusive
    return [h for h in range(last - method.adjustment_hours, last) if h >= 0]


def measure(
    conn: psycopg.Connection,
    event_id: int,
    now: datetime,
    method: BaselineMethod | None = None,
) -> EventMeasurement:
    """Measure an event whose window has closed: every participant's baseline, actual,
    reduction and incentive, the event's totals, its hourly sums and each transformer's relief.
    Measuring again replaces the earlier figures."""
    method = method or BaselineMethod()
    event = get(conn, event_id)
    if event.status is DrEventStatus.CANCELLED:
        raise DrConflictError(f"DR event {event_id} was cancelled")
    if event.status is DrEventStatus.DRAFT:
        raise DrConflictError(f"DR event {event_id} was never published")
    if now < event.ends_at:
        raise DrConflictError(f"DR event {event_id}'s window has not closed yet")
    zone = local_time.zone(dr_settings().timezone)
    event_day = event.starts_at.astimezone(zone).date()
    days = similar_days(event_day, method)
    hours = window_hours(event.starts_at, event.ends_at)
    first_day = min(days) if days else event_day
    adjust = adjustment_hours(hours[0], method) if method.adjustment else []
    stamps = [(d, h) for d in [*days, event_day] for h in hours + adjust]
    parameters: dict[str, Any] = {
        "event_id": event_id,
        "tz": dr_settings().timezone,
        "event_day": event_day,
        "days": days,
        "window_hours": hours,
        "adjust_hours": adjust,
        "stamps": [datetime.combine(d, time(h), zone) for d, h in stamps],
        "stamp_days": [d for d, _ in stamps],
        "stamp_hours": [h for _, h in stamps],
        "stamp_in_window": [h in hours for _, h in stamps],
        "window_stamps": [datetime.combine(d, time(h), zone) for d, h in stamps if h in hours],
        "hours": len(hours),
        "from_ts": datetime.combine(first_day, time(0), zone),
        "to_ts": datetime.combine(event_day + timedelta(days=1), time(0), zone),
        "similar_days": method.similar_days,
        "highest": method.highest,
        "adjust": method.adjustment,
        "cap": method.adjustment_cap,
        "allow_negative": method.allow_negative,
        "now": now,
        "method": Jsonb(asdict(method)),
    }
    conn.execute(_sql("measurement/set_measure_work_mem.sql"))
    conn.execute(_sql("measurement/create_measure_table.sql"))
    conn.execute(_sql("measurement/insert_measure_participants.sql"), parameters)
    conn.execute(_sql("measurement/analyze_measure_table.sql"))
    conn.execute(_sql("measurement/insert_measure_days.sql"), parameters)
    conn.execute(_sql("measurement/delete_measure_event_days.sql"), parameters)
    conn.execute(_sql("measurement/analyze_measure_days.sql"))
    conn.execute(_sql("measurement/update_measure_baselines.sql"), parameters)
    # the baselines found: the hourly sums' plan
    conn.execute(_sql("measurement/analyze_measure_table.sql"))
    conn.execute(_sql("measurement/update_participants_measured.sql"), parameters)
    for name in (
        "measurement/delete_event_hourly.sql",
        "measurement/delete_transformer_relief.sql",
    ):
        conn.execute(_sql(name), parameters)
    conn.execute(_sql("measurement/replace_event_hourly.sql"), parameters)
    conn.execute(_sql("measurement/replace_transformer_relief.sql"), parameters)
    conn.execute(_sql("measurement/upsert_event_measurement.sql"), parameters)
    conn.execute(_sql("measurement/drop_measure_tables.sql"))
    if event.status is not DrEventStatus.COMPLETED:
        conn.execute(_sql("measurement/update_event_completed.sql"), parameters)
    result = measurement(conn, event_id)
    assert result is not None  # just written
    return result


def measurement(conn: psycopg.Connection, event_id: int) -> EventMeasurement | None:
    """An event's stored M&V totals, by transformer and by hour; None until it is measured."""
    row = conn.execute(
        _sql("measurement/select_measurement.sql"), {"event_id": event_id}
    ).fetchone()
    if row is None:
        return None
    return EventMeasurement(
        measured_at=row[0],
        method=row[1],
        participants=row[2],
        measured=row[3],
        baseline_kwh=float(row[4]),
        actual_kwh=float(row[5]),
        reduction_kwh=float(row[6]),
        incentive=Decimal(row[7]),
        transformers=row[8],
        hourly=row[9],
    )


def participant_results(conn: psycopg.Connection, event_id: int) -> list[tuple[Any, ...]]:
    """Per participant: customer id, account, transformer, response, responded at, expected
    kW, baseline, actual and reduction kWh, incentive."""
    return conn.execute(
        _sql("measurement/select_participant_results.sql"), {"event_id": event_id}
    ).fetchall()
