"""The real console served on a local port, and headless Debian Chromium driving it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.page_errors import PageErrors
from tests.browser.waiting import open_context
from tests.live_server import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def serve_console(database_url: str) -> Iterator[str]:
    """The console of that database on a free local port, for as long as the block runs."""
    from app.main import create_app

    with serve(create_app(database_url)) as url:
        yield url


@pytest.fixture(scope="module")
def console_url(demo_db_url: str) -> Iterator[str]:
    """The console for one test module. Per module, not per session: the console's context
    (app.console.context: its pool and settings) is one per process, and any test that builds
    an app in between (under pytest-xdist another file's test can run on this worker between
    two browser files) replaces it and closes its pool ("the pool is already closed")."""
    with serve_console(demo_db_url) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: apt-get install chromium (scripts/setup.sh --test)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = open_context(browser, locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture()
def console_errors(page: Page, console_url: str) -> Iterator[PageErrors]:
    """Fails the test when the page logs a console error of its own or throws one."""
    errors = PageErrors.watch(page, console_url)
    yield errors
    errors.assert_none()
