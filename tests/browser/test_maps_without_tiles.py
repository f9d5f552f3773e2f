"""Public and crew maps with the basemap's tiles blocked (offline, or a blocked tile server):
they still show the territory and the grid, and a tap still picks a place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from outage.dispatch import dispatch
from tests.browser.page_errors import PageErrors
from tests.browser.waiting import open_context
from tests.outage.incident_factory import forget_incidents, open_incident


@pytest.fixture()
def offline(browser: Browser, console_url: str) -> Iterator[BrowserContext]:
    """A phone whose every request off the console's own server fails."""
    context = open_context(
        browser,
        locale="en-US",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )

    def only_the_console(route: Route) -> None:
        if route.request.url.startswith(console_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_console)
    yield context
    context.close()


def _expect_grid(page: Page) -> None:
    expect(page.locator("path.gridops-backdrop-territory").first).to_be_visible()
    # (Leaflet draws a line out of the view as the empty path "M0 0")
    expect(page.locator("path.gridops-backdrop-feeder:not([d='M0 0'])").first).to_be_visible()
    expect(page.locator("path.gridops-backdrop-substation").first).to_be_attached()


@pytest.mark.parametrize("path", ["/public/outages", "/public/report"])
def test_public_maps_show_the_territory_and_grid_without_tiles(
    offline: BrowserContext, console_url: str, path: str
) -> None:
    """Issue 12 §4: without tiles the public maps were blank grey."""
    page = offline.new_page()
    errors = PageErrors.watch(page, console_url)
    page.goto(console_url + path)
    _expect_grid(page)
    expect(page.locator("path.gridops-backdrop-transformer")).to_have_count(0)
    legend = page.locator(".gridops-backdrop-legend")
    expect(legend).to_contain_text("Service territory")
    expect(legend).not_to_contain_text("Transformers")
    page.get_by_label("中文").check()
    expect(legend).to_contain_text("供电营业区")
    errors.assert_none(path)


def test_a_tap_on_the_grid_still_picks_the_place(offline: BrowserContext, console_url: str) -> None:
    page = offline.new_page()
    page.goto(console_url + "/public/report")
    _expect_grid(page)
    feeder = page.locator("path.gridops-backdrop-feeder:not([d='M0 0'])").first.bounding_box()
    assert feeder is not None
    page.mouse.click(feeder["x"] + feeder["width"] / 2, feeder["y"] + feeder["height"] / 2)
    expect(page.locator("#fault-report-place-hint")).to_contain_text("Place:")


def test_the_crew_map_shows_the_grid_around_the_job_without_tiles(
    offline: BrowserContext, console_url: str, demo_db_url: str
) -> None:
    with psycopg.connect(demo_db_url) as conn:
        made = open_incident(conn, reports=1)
        job = dispatch(conn, made.id, datetime.now(UTC))
    try:
        page = offline.new_page()
        errors = PageErrors.watch(page, console_url)
        page.goto(console_url + job.crew_path)
        _expect_grid(page)
        expect(page.locator("path.gridops-backdrop-transformer").first).to_be_attached()
        expect(page.locator("path.gridops-crew-device")).to_have_count(1)
        expect(page.locator(".gridops-backdrop-legend")).to_contain_text("Transformers")
        errors.assert_none("the crew page")
    finally:
        with psycopg.connect(demo_db_url) as conn:
            forget_incidents(conn, [made.id])
