"""Responses by token: wrong token 403, after the deadline 409, the last answer counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dr import event as service
from dr.models import DrResponse
from dr.response import ResponseClosedError, TokenRejectedError, respond
from dr.target import Target
from tests.dr.conftest import EVENT_END, EVENT_START, PLANNED_AT


def _published_tokens(db, program) -> tuple[int, list[str]]:
    draft = service.EventDraft(
        program_id=program.id,
        title="evening peak",
        starts_at=EVENT_START,
        ends_at=EVENT_END,
        target_kw=20.0,
        target=Target(transformer_ids=(6, 7)),
        response_deadline=EVENT_START - timedelta(hours=1),
    )
    created = service.create(db, draft, PLANNED_AT)
    service.publish(db, created.id, PLANNED_AT)
    urls = db.execute(
        "SELECT payload->>'respond_url' FROM notice WHERE event_ref = %s",
        (f"dr_event:{created.id}:m0",),
    ).fetchall()
    return created.id, [url.rsplit("/", 1)[1] for (url,) in urls]


def test_the_last_response_before_the_deadline_counts(db, program):
    event_id, tokens = _published_tokens(db, program)
    respond(db, tokens[0], DrResponse.OPT_IN, PLANNED_AT, event_id)
    respond(db, tokens[0], DrResponse.OPT_OUT, PLANNED_AT + timedelta(hours=1), event_id)
    respond(db, tokens[1], DrResponse.OPT_IN, PLANNED_AT, event_id)
    counts = service.get(db, event_id).responses
    assert (counts.opt_in, counts.opt_out) == (1, 1)


def test_a_wrong_token_or_another_events_token_is_refused(db, program):
    event_id, tokens = _published_tokens(db, program)
    with pytest.raises(TokenRejectedError):
        respond(db, "not-a-token-at-all-xxxxxxxx", DrResponse.OPT_IN, PLANNED_AT, event_id)
    with pytest.raises(TokenRejectedError):
        respond(db, tokens[0], DrResponse.OPT_IN, PLANNED_AT, event_id + 1000)


def test_a_response_after_the_deadline_is_refused(db, program):
    event_id, tokens = _published_tokens(db, program)
    late = EVENT_START - timedelta(minutes=30)
    with pytest.raises(ResponseClosedError):
        respond(db, tokens[0], DrResponse.OPT_IN, late, event_id)


def test_tokens_of_a_cancelled_event_no_longer_answer(db, program):
    event_id, tokens = _published_tokens(db, program)
    service.cancel(db, event_id)
    with pytest.raises(ResponseClosedError):
        respond(db, tokens[0], DrResponse.OPT_IN, PLANNED_AT, event_id)
