"""Responses by token: wrong token 403, after the deadline 409, the last answer counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dr import event as service
from dr.models import DrResponse
from dr.response import ResponseClosedError, TokenRejectedError, request_for_token, respond
from dr.target import Target
from tests.dr.conftest import EVENT_END, EVENT_START, PLANNED_AT, sent_tokens


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
    return created.id, sent_tokens(db, f"dr_event:{created.id}:m0")


def test_no_row_holds_a_token_that_grants_an_answer(db, program):
    """Issue 12 §7: the token was hashed in dr_participant but in clear in the notice's
    respond_url; now neither the payload nor the participant holds it."""
    event_id, tokens = _published_tokens(db, program)
    assert tokens
    stored = db.execute(
        "SELECT string_agg(payload::text, ' ') FROM notice WHERE event_ref = %s",
        (f"dr_event:{event_id}:m0",),
    ).fetchone()[0]
    assert "/public/dr/" not in stored and not any(token in stored for token in tokens)
    hashes = db.execute(
        "SELECT count(token_hash) FROM dr_participant WHERE event_id = %s", (event_id,)
    ).fetchone()[0]
    assert hashes == 0
    respond(db, tokens[0], DrResponse.OPT_IN, PLANNED_AT, event_id)  # and the link answers


def test_the_answer_page_sees_the_window_and_incentive(db, program):
    event_id, tokens = _published_tokens(db, program)
    view = request_for_token(db, tokens[0])
    assert (view.event_id, view.starts_at, view.ends_at) == (event_id, EVENT_START, EVENT_END)
    assert view.incentive_per_kwh == program.incentive_per_kwh and view.response is None
    with pytest.raises(TokenRejectedError):
        request_for_token(db, tokens[0][:-2] + "xx")


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
