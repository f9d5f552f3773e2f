"""DR events as OpenADR 2.0b events: which events each VEN holds (from PostgreSQL), how one is
written for openleadr, and how a VEN's opt-in or opt-out is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import psycopg
from openleadr import enums, objects, utils

from gis.sql_file import load_sql

MARKET_CONTEXT = "oadr://gridops/dr-program/{program_id}"
# An OpenADR eventID is text; a bare number would come back from openleadr's parser as an int.
EVENT_ID_PREFIX = "dr-event-"
# The SIMPLE signal's level: 0 normal, 1 moderate, 2 high, 3 special. A DR request is moderate.
SIMPLE_LEVEL = 1.0
# The kW asked of the VEN. OpenADR 2.0b carries an amount of power in LOAD_DISPATCH (types
# setpoint or delta, units powerReal); LOAD_CONTROL's types (x-loadControlCapacity and the
# other x-loadControl*) are dimensionless levels and fractions of a device's capacity, which a
# kW request is not. A delta is the change from the load without the signal: shedding is < 0.
KILOWATTS = objects.Measurement(
    name="powerReal",
    description="RealPower",
    unit="W",
    scale="k",
    power_attributes=objects.PowerAttributes(hertz=50, voltage=220, ac=True),
)


class OptType(StrEnum):
    """A VEN's answer to an event, in OpenADR's words."""

    OPT_IN = "optIn"
    OPT_OUT = "optOut"


@dataclass(frozen=True)
class VenEvent:
    """One DR event as one VEN must hold it."""

    ven_id: str
    resource_ids: tuple[str, ...]
    event_id: int
    program_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    target_kw: float
    status: str
    modification_number: int
    created_at: datetime
    updated_at: datetime
    requested_kw: float = 0.0  # the expected kW of the VEN's participants

    @property
    def openadr_event_id(self) -> str:
        """The event's OpenADR eventID (dr-event-N: text, never a bare number)."""
        return f"{EVENT_ID_PREFIX}{self.event_id}"

    @property
    def version(self) -> tuple[str, int]:
        """The eventID and modification number: when either changes, the VEN is sent it again."""
        return (self.openadr_event_id, self.modification_number)


VenEvents = dict[str, tuple[VenEvent, ...]]


def select_ven_events(conn: psycopg.Connection) -> VenEvents:
    """Every pre-registered VEN's events, by ven_id (VENs without events are absent)."""
    held: dict[str, list[VenEvent]] = {}
    for row in conn.execute(load_sql("dr", "openadr/select_ven_events.sql")):
        ven_id, resource_ids, *rest = row
        event = VenEvent(ven_id, tuple(resource_ids), *rest)
        held.setdefault(ven_id, []).append(event)
    return {ven_id: tuple(events) for ven_id, events in held.items()}


def build_openadr_event(event: VenEvent) -> Any:
    """The openleadr Event for one VEN: over the event window, a SIMPLE level signal and a
    LOAD_DISPATCH delta of the kW asked of the VEN's load; targeted at the VEN and at each
    resource it registered (oadrRegisterReport); cancelled when the DR event is."""
    cancelled = event.status == "cancelled"

    def interval(payload: float) -> Any:
        return objects.Interval(
            dtstart=event.starts_at,
            duration=event.ends_at - event.starts_at,
            signal_payload=payload,
            uid=0,
        )

    simple, dispatch = interval(SIMPLE_LEVEL), interval(-round(event.requested_kw, 2) or 0.0)
    active_period = utils.get_active_period_from_intervals([simple], False)
    event_status = utils.determine_event_status(active_period)
    active = event_status == enums.EVENT_STATUS.ACTIVE and not cancelled
    targets = [objects.Target(ven_id=event.ven_id)]
    targets += [objects.Target(resource_id=resource) for resource in event.resource_ids]
    openadr_event = objects.Event(
        event_descriptor=objects.EventDescriptor(
            event_id=event.openadr_event_id,
            modification_number=event.modification_number,
            market_context=MARKET_CONTEXT.format(program_id=event.program_id),
            event_status=event_status,
            created_date_time=event.created_at,
            modification_date_time=event.updated_at,
            vtn_comment=event.title,
        ),
        # The signal with a measurement first: openleadr's parser stops normalising measurements
        # at the first signal without one (a VEN would not see the kW otherwise).
        event_signals=[
            objects.EventSignal(
                intervals=[dispatch],
                signal_name=enums.SIGNAL_NAME.LOAD_DISPATCH,
                signal_type=enums.SIGNAL_TYPE.DELTA,
                signal_id=f"{event.openadr_event_id}-dispatch",
                measurement=KILOWATTS,
                current_value=dispatch.signal_payload if active else 0.0,
            ),
            objects.EventSignal(
                intervals=[simple],
                signal_name=enums.SIGNAL_NAME.SIMPLE,
                signal_type=enums.SIGNAL_TYPE.LEVEL,
                signal_id=f"{event.openadr_event_id}-simple",
                current_value=SIMPLE_LEVEL if active else 0.0,
            ),
        ],
        targets=targets,
        active_period=active_period,
        response_required="always",
    )
    if cancelled:  # after construction: objects.Event sets the status from the active period
        openadr_event.event_descriptor.event_status = enums.EVENT_STATUS.CANCELLED
    return openadr_event


def parse_event_id(openadr_event_id: str) -> int | None:
    """The dr_event id in an OpenADR eventID we issued, or None for any other text."""
    number = str(openadr_event_id).removeprefix(EVENT_ID_PREFIX)
    return int(number) if number.isdecimal() and number != str(openadr_event_id) else None


@dataclass(frozen=True)
class OptRecorded:
    """Whether a VEN's opt was recorded, and whether the customer's participation now shows it."""

    recorded: bool  # False: an older modification's answer, or an unknown event
    mirrored: bool  # True: the customer's participation now shows this answer


def record_opt(
    conn: psycopg.Connection,
    ven_id: str,
    event_id: int,
    opt_type: OptType,
    modification_number: int,
) -> OptRecorded:
    """Record the VEN's answer to one modification of an event (and mirror it to the customer's
    participation when the VEN is a customer's and the event still takes answers)."""
    row = conn.execute(
        load_sql("dr", "openadr/record_opt.sql"),
        {
            "ven_id": ven_id,
            "event_id": event_id,
            "opt_type": opt_type.value,
            "modification_number": modification_number,
        },
    ).fetchone()
    assert row is not None  # a SELECT of two counts always returns one row
    return OptRecorded(recorded=row[0] > 0, mirrored=row[1] > 0)
