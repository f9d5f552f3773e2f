"""The DR page in headless Chromium: an event is listed, selected, and its response count
shows and follows new responses (dcc.Interval); the dispatcher cancels it, after a
confirmation, and its participants are told."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import psycopg
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from dr import event as service
from dr.models import DrResponse
from dr.program import ProgramDraft, create_program, enrol_share
from dr.response import respond
from dr.target import Target
from tests.browser.waiting import open_context
from tests.dr.conftest import sent_tokens


@pytest.fixture()
def published_event(demo_db_url: str) -> Iterator[tuple[int, list[str]]]:
    now = datetime.now(UTC)
    start = (now.astimezone(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    with psycopg.connect(demo_db_url) as conn:
        program = create_program(conn, ProgramDraft("browser test", Decimal("0.5")))
        enrol_share(conn, program.id, 0.3)
        draft = service.EventDraft(
            program.id,
            "Browser peak",
            start,
            start + timedelta(hours=2),
            30.0,
            Target(transformer_ids=(11, 12)),
        )
        event, _ = service.publish(conn, service.create(conn, draft, now).id, now)
        tokens = sent_tokens(conn, f"dr_event:{event.id}:m0")
    yield event.id, tokens
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("DELETE FROM notice WHERE event_ref LIKE %s", (f"dr_event:{event.id}:%",))
        conn.execute("DELETE FROM dr_event WHERE id = %s", (event.id,))
        conn.execute("DELETE FROM dr_program WHERE id = %s", (program.id,))


def test_the_dr_page_shows_an_event_and_its_live_response_count(
    page: Page, console_url: str, demo_db_url: str, published_event
) -> None:
    event_id, tokens = published_event
    page.goto(f"{console_url}/dr?event={event_id}")
    expect(page.get_by_text("Browser peak")).to_be_visible()
    expect(page.get_by_text("Browser peak")).to_contain_text("18:00 – 20:00 +08:00")  # as entered
    expect(page.locator("#dr-zone")).to_contain_text("Asia/Shanghai (UTC+08:00)")
    expect(page.locator(".dr-responses")).to_contain_text(f"{len(tokens)} asked: 0 in, 0 out")
    with psycopg.connect(demo_db_url) as conn:
        respond(conn, tokens[0], DrResponse.OPT_IN, datetime.now(UTC), event_id)
    expect(page.locator(".dr-responses")).to_contain_text("1 in, 0 out")


def test_a_customer_answers_from_the_link_in_the_request(
    page: Page, console_url: str, published_event
) -> None:
    _, tokens = published_event
    page.goto(f"{console_url}/public/dr/{tokens[1]}")
    page.locator("#dr-answer-opt-in").click()
    expect(page.locator(".dr-answer")).to_contain_text("you take part")
    page.goto(f"{console_url}/public/dr/not-a-valid-link-at-all")
    page.locator("#dr-answer-opt-out").click()
    expect(page.locator(".dr-answer")).to_contain_text("not valid")


def test_the_dispatcher_cancels_the_selected_event_after_confirming(
    page: Page, console_url: str, demo_db_url: str, published_event
) -> None:
    event_id, tokens = published_event
    page.goto(f"{console_url}/dr?event={event_id}")
    expect(page.get_by_text("Browser peak")).to_be_visible()
    dialogs: list[str] = []

    def accept(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="Cancel this event").click()
    expect(page.locator(".dr-cancel-message")).to_contain_text(
        f"Event #{event_id} cancelled; {len(tokens)} participants told"
    )
    assert dialogs and "Call this event off?" in dialogs[0]
    expect(page.get_by_text(f"#{event_id} Browser peak")).to_contain_text("cancelled")
    with psycopg.connect(demo_db_url) as conn:
        told = conn.execute(
            "SELECT count(*) FROM notice WHERE kind = 'dr_cancelled' AND event_ref = %s",
            (f"dr_event:{event_id}:cancelled",),
        ).fetchone()
    assert told is not None and told[0] == len(tokens)
    # a cancelled event cannot be called off again: the button is gone
    expect(page.get_by_role("button", name="Cancel this event")).to_be_hidden()


def test_cancel_is_offered_only_for_an_event_that_can_still_be_called_off(
    page: Page, console_url: str, demo_db_url: str, published_event
) -> None:
    event_id, _ = published_event
    with psycopg.connect(demo_db_url) as conn:
        conn.execute("UPDATE dr_event SET status = 'completed' WHERE id = %s", (event_id,))
    page.goto(f"{console_url}/dr?event={event_id}")
    expect(page.get_by_text("Browser peak")).to_contain_text("completed")
    expect(page.locator(".dr-responses")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel this event")).to_be_hidden()
    expect(page.locator("#dr-chart")).to_have_count(0)  # not measured: no chart, no stray axis


def test_the_program_is_chosen_by_name_and_a_missing_target_is_named(
    page: Page, console_url: str, published_event
) -> None:
    page.goto(f"{console_url}/dr")
    program = page.locator("#dr-program")
    expect(program).to_contain_text("browser test")
    page.locator("#dr-start").fill("2030-07-01 18:00")
    page.locator("#dr-end").fill("2030-07-01 20:00")
    page.locator("#dr-preview-button").click()
    expect(page.locator("#dr-message")).to_have_text("Target reduction (kW): required")
    page.locator("#dr-target-kw").fill("30")
    page.locator("#dr-preview-button").click()  # nothing drawn: the area is what is missing
    expect(page.locator("#dr-message")).not_to_have_text("Target reduction (kW): required")
    expect(page.locator("#dr-message")).not_to_contain_text("required")


def test_a_chinese_browser_gets_the_dr_page_in_chinese(browser: Browser, console_url: str) -> None:
    context = open_context(browser, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{console_url}/dr")
        for label in ("预览", "创建并发送邀约"):
            expect(page.get_by_role("button", name=label)).to_be_visible()
        expect(page.get_by_role("button", name="Preview")).to_have_count(0)
    finally:
        context.close()
