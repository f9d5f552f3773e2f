"""The crew's job page in headless Chromium on a phone: the crew opens its link, shares its
location, and taps through accepted, en route, on site and restored; the database agrees."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from playwright.sync_api import Browser, expect

from outage import crew_job as service
from outage.dispatch import dispatch
from tests.browser.waiting import open_context
from tests.outage.incident_factory import MadeIncident, forget_incidents, open_incident

STEPS = (
    ("accepted", "Accept"),
    ("en_route", "En route"),
    ("on_site", "On site"),
    ("restored", "Restored"),
)


@pytest.fixture()
def dispatched(demo_db_url: str) -> Iterator[tuple[MadeIncident, service.CrewJob]]:
    """A committed incident with two reporters and its job; deleted after the test."""
    with psycopg.connect(demo_db_url) as conn:
        made = open_incident(conn, reports=2)
        job = dispatch(conn, made.id, datetime.now(UTC))
    yield made, job
    with psycopg.connect(demo_db_url) as conn:
        forget_incidents(conn, [made.id])


def test_the_crew_taps_through_its_job_on_a_phone(
    browser: Browser,
    console_url: str,
    demo_db_url: str,
    dispatched: tuple[MadeIncident, service.CrewJob],
) -> None:
    made, job = dispatched
    context = open_context(
        browser,
        locale="en-US",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": job.lon + 0.001, "latitude": job.lat},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.goto(f"{console_url}{job.crew_path}")
        expect(page.locator("#nav")).to_be_hidden()  # no way into the console
        expect(page.locator("#crew-card")).to_contain_text(job.device)
        expect(page.locator("path.gridops-crew-device")).to_have_count(1)
        expect(page.locator("path.gridops-crew-area").first).to_be_visible()
        expect(page.locator("path.gridops-crew-position")).to_have_count(1)
        expect(page.locator("#crew-navigate")).to_have_attribute(
            "href", f"geo:{job.lat:.6f},{job.lon:.6f}"
        )
        expect(page.locator("#crew-card")).to_contain_text(f"{job.lat:.5f}, {job.lon:.5f}")
        expect(page.locator("#crew-card")).to_contain_text(
            f"Customers without power{job.customers_affected:,}"
        )
        expect(page.locator("#crew-step-en_route")).to_be_disabled()
        for status, label in STEPS:
            button = page.locator(f"#crew-step-{status}")
            expect(button).to_have_text(label)
            expect(button).to_be_enabled()
            page.locator("#crew-note").fill(f"note {status}")
            button.click()
            expect(page.locator("#crew-status")).to_have_class(f"gridops-crew-status-{status}")
            expect(button).to_be_disabled()
        expect(page.locator("#crew-timeline-list li")).to_have_count(5)
        expect(page.locator("#crew-card")).to_contain_text("Customers without power0")
        expect(page.locator("#crew-timeline-list")).to_contain_text("note on_site")
    finally:
        context.close()

    with psycopg.connect(demo_db_url) as conn:
        events = conn.execute(
            "SELECT status, note, ST_X(position) FROM job_event WHERE job_id = %s ORDER BY id",
            (job.id,),
        ).fetchall()
        incident = conn.execute(
            "SELECT status, customer_minutes FROM incident WHERE id = %s", (made.id,)
        ).fetchone()
        crew = conn.execute("SELECT status FROM crew WHERE id = %s", (job.crew_id,)).fetchone()
        progress = conn.execute(
            "SELECT count(*) FROM notice WHERE kind = 'fault_progress' AND event_ref LIKE %s",
            (f"incident:{made.id}:%",),
        ).fetchone()
    assert [e[0] for e in events] == ["assigned", *(s for s, _ in STEPS)]
    assert [e[1] for e in events[1:]] == [f"note {s}" for s, _ in STEPS]
    assert all(abs(e[2] - (job.lon + 0.001)) < 1e-6 for e in events[1:])  # the phone's place
    assert incident[0] == "restored" and incident[1] > 0
    assert crew == ("available",)
    assert progress == (2 * 5,)


def test_an_unknown_link_shows_no_job(browser: Browser, console_url: str) -> None:
    context = open_context(browser, locale="en-US", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{console_url}/crew/jobs/not-a-real-token-000000000")
        expect(page.locator("#crew-none")).to_be_visible()
        expect(page.locator("#crew-step-accepted")).to_be_disabled()
    finally:
        context.close()
