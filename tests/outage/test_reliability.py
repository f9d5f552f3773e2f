"""IEEE 1366 indices on a case small enough to compute by hand: SAIFI, SAIDI and CAIDI of
sustained interruptions (longer than 5 minutes), MAIFI of momentary ones, planned and
unplanned apart, by month in the configured zone, for the system and for each feeder."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from outage.history import Interruption, OutageCause, OutageKind
from outage.reliability import compute_indices, months_between

ZONE = "Asia/Shanghai"
SERVED = {1: 100, 2: 300}  # the system serves 400
FAULT = OutageCause.FEEDER_FAULT


def _cut(kind, outage_id, feeder, start, minutes, customers, cause=FAULT) -> Interruption:
    started = datetime.fromisoformat(start)
    return Interruption(
        kind, cause, outage_id, feeder, f"F{feeder}", started, started, minutes * 60, customers
    )


CASE = [
    _cut(OutageKind.UNPLANNED, 1, 1, "2026-01-10T02:00:00+00:00", 60, 50),  # 3,000 cust-min
    _cut(OutageKind.UNPLANNED, 2, 2, "2026-01-20T02:00:00+00:00", 30, 100),  # 3,000 cust-min
    _cut(OutageKind.UNPLANNED, 3, 2, "2026-01-21T02:00:00+00:00", 5, 200),  # momentary: 5 min
    # 17:00 UTC on 31 January is 01:00 on 1 February in Shanghai: a February outage
    _cut(OutageKind.PLANNED, 9, 1, "2026-01-31T17:00:00+00:00", 240, 100, OutageCause.PLANNED_WORK),
]
MONTHS = [date(2026, 1, 1), date(2026, 2, 1)]


def _find(rows, month, kind, feeder=None):
    (row,) = [r for r in rows if r.month == month and r.kind is kind and r.feeder_id == feeder]
    return row


def test_system_indices_by_month_computed_by_hand() -> None:
    rows = compute_indices(CASE, SERVED, MONTHS, zone=ZONE)
    january = _find(rows, MONTHS[0], OutageKind.UNPLANNED)
    assert january.customers_served == 400
    assert january.customer_interruptions == 150  # 50 + 100; the 5-minute one is momentary
    assert january.customer_minutes == pytest.approx(6000)
    assert january.saifi == pytest.approx(150 / 400)  # 0.375
    assert january.saidi == pytest.approx(6000 / 400)  # 15 minutes
    assert january.caidi == pytest.approx(6000 / 150)  # 40 minutes
    assert january.maifi == pytest.approx(200 / 400)  # 0.5
    planned_january = _find(rows, MONTHS[0], OutageKind.PLANNED)
    assert (planned_january.saifi, planned_january.saidi) == (0, 0)
    assert planned_january.caidi is None  # no sustained interruption: no duration per customer
    february = _find(rows, MONTHS[1], OutageKind.PLANNED)
    assert (february.saifi, february.saidi, february.caidi) == (0.25, 60, 240)
    assert _find(rows, MONTHS[1], OutageKind.UNPLANNED).saifi == 0


def test_the_period_adds_its_months() -> None:
    rows = compute_indices(CASE, SERVED, MONTHS, zone=ZONE)
    period = _find(rows, None, OutageKind.UNPLANNED)
    assert (period.saifi, period.saidi, period.caidi) == (0.375, 15, 40)
    assert _find(rows, None, OutageKind.PLANNED).saidi == 60


def test_each_feeder_over_its_own_customers() -> None:
    rows = compute_indices(CASE, SERVED, MONTHS, by_feeder=True, zone=ZONE)
    one = _find(rows, MONTHS[0], OutageKind.UNPLANNED, feeder=1)
    assert (one.customers_served, one.saifi, one.saidi, one.caidi) == (100, 0.5, 30, 60)
    two = _find(rows, MONTHS[0], OutageKind.UNPLANNED, feeder=2)
    assert two.saifi == pytest.approx(100 / 300) and two.saidi == pytest.approx(3000 / 300)
    assert two.maifi == pytest.approx(200 / 300)
    assert _find(rows, MONTHS[1], OutageKind.PLANNED, feeder=1).saidi == 240
    assert {r.feeder_code for r in rows} == {"F1", "F2"}


def test_five_minutes_is_momentary_a_second_more_is_sustained() -> None:
    start = "2026-01-05T00:00:00+00:00"
    momentary = _cut(OutageKind.UNPLANNED, 1, 1, start, 5, 10)
    sustained = Interruption(**{**momentary.__dict__, "duration_s": 301})
    (january, *_) = compute_indices([momentary], {1: 100}, MONTHS[:1], zone=ZONE)
    assert (january.customer_interruptions, january.momentary_interruptions) == (0, 10)
    (january, *_) = compute_indices([sustained], {1: 100}, MONTHS[:1], zone=ZONE)
    assert (january.customer_interruptions, january.momentary_interruptions) == (10, 0)


def test_months_of_a_period_in_the_zone() -> None:
    since = datetime(2025, 12, 31, 16, 0, tzinfo=UTC)  # 1 January 2026, 00:00 in Shanghai
    until = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)  # 1 April, 00:00: April is not touched
    assert months_between(since, until, ZONE) == [date(2026, m, 1) for m in (1, 2, 3)]
    assert months_between(since, until, "UTC")[0] == date(2025, 12, 1)
