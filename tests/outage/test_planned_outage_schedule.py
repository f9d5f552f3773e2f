"""Reminders and the clock-driven lifecycle of planned outages, on the small demo."""

from __future__ import annotations

from datetime import timedelta

from outage import planned_outage as service
from outage.models import PlannedOutageStatus
from outage.planned_outage_schedule import advance_lifecycle, send_due_reminders
from tests.outage.test_planned_outage import NOW, _centre_box, _draft, _notices

LEAD = timedelta(hours=24)


def test_a_reminder_goes_once_per_customer_within_the_lead_and_again_after_a_change(db) -> None:
    outage = service.create(db, _draft(_centre_box(db, 0.2), start_in_h=30), NOW)
    _, counts = service.publish(db, outage.id, NOW)
    affected = _notices(db, outage.id, 1)["outage_notice"]
    assert len(affected) == counts.by_kind["outage_notice"] > 0

    assert send_due_reminders(db, NOW, LEAD) == 0  # 30 h before: not yet
    assert send_due_reminders(db, NOW + timedelta(hours=7), LEAD) == len(affected)
    assert _notices(db, outage.id, 1)["outage_reminder"] == affected
    assert send_due_reminders(db, NOW + timedelta(hours=8), LEAD) == 0  # never twice

    moved = service.OutageChanges(
        starts_at=NOW + timedelta(hours=20), ends_at=NOW + timedelta(hours=23)
    )
    service.update(db, outage.id, moved, NOW + timedelta(hours=8))  # revision 2
    assert send_due_reminders(db, NOW + timedelta(hours=8), LEAD) == len(affected)
    assert _notices(db, outage.id, 2)["outage_reminder"] == affected


def test_drafts_and_cancelled_outages_get_no_reminder(db) -> None:
    draft = service.create(db, _draft(_centre_box(db, 0.2), start_in_h=2), NOW)
    cancelled = service.create(db, _draft(_centre_box(db, 0.1), start_in_h=2), NOW)
    service.publish(db, cancelled.id, NOW)
    service.update(
        db, cancelled.id, service.OutageChanges(status=PlannedOutageStatus.CANCELLED), NOW
    )
    assert send_due_reminders(db, NOW, LEAD) == 0
    assert "outage_reminder" not in _notices(db, draft.id, 1)


def test_the_window_moves_an_outage_to_in_progress_then_completed(db) -> None:
    outage = service.create(db, _draft(_centre_box(db, 0.2), start_in_h=2, hours=3), NOW)
    draft = service.create(db, _draft(_centre_box(db, 0.1), start_in_h=2, hours=3), NOW)
    service.publish(db, outage.id, NOW)
    assert advance_lifecycle(db, NOW + timedelta(hours=1)) == 0
    assert advance_lifecycle(db, NOW + timedelta(hours=3)) == 1
    assert service.get(db, outage.id).status is PlannedOutageStatus.IN_PROGRESS
    assert advance_lifecycle(db, NOW + timedelta(hours=6)) == 1
    assert service.get(db, outage.id).status is PlannedOutageStatus.COMPLETED
    assert service.get(db, draft.id).status is PlannedOutageStatus.DRAFT  # drafts wait
