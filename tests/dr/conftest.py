"""DR fixtures on the session's small demo (its load ends 2026-10-31, Asia/Shanghai)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import psycopg
import pytest

from dr.models import DrProgram
from dr.program import ProgramDraft, create_program, enrol_share
from notify.settings import notify_settings
from notify.text import render

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The event the tests plan: Friday 2026-10-30, 14:00-16:00, planned the day before.
EVENT_START = datetime(2026, 10, 30, 14, tzinfo=SHANGHAI)
EVENT_END = EVENT_START + timedelta(hours=2)
PLANNED_AT = datetime(2026, 10, 29, 12, tzinfo=SHANGHAI)


@pytest.fixture()
def program(db: psycopg.Connection) -> DrProgram:
    """A program with a fifth of the demo's customers enrolled (in the rolled-back test)."""
    created = create_program(
        db,
        ProgramDraft(
            name="summer peak",
            incentive_per_kwh=Decimal("0.5"),
            max_events_per_month=4,
            notice_lead=timedelta(hours=4),
            max_duration=timedelta(hours=3),
        ),
    )
    assert enrol_share(db, created.id, 0.2) > 0
    return created


def sent_tokens(db, event_ref: str) -> list[str]:
    """The answer links' tokens as the worker sends them: rendered from each notice's facts."""
    rows = db.execute(
        "SELECT kind, language, payload, recipient_type, recipient_id FROM notice "
        "WHERE event_ref = %s AND kind = 'dr_request' ORDER BY id",
        (event_ref,),
    ).fetchall()
    tokens = []
    for kind, language, payload, recipient_type, recipient_id in rows:
        body = render(kind, language, payload, notify_settings(), (recipient_type, recipient_id))
        tokens.append(re.search(r"/public/dr/([^?\s]+)", body.body).group(1))
    return tokens
