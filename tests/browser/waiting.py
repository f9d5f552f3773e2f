"""One timeout for every wait of the browser tests, sized for a busy 2-core machine.

A browser test waits for what a user waits for (a row, a count, a chart), never for a fixed
time, and every wait — playwright's expect, actions, navigations, downloads — uses this one
setting: GRIDOPS_TEST_BROWSER_TIMEOUT_S, 30 s unless set. On a quiet machine a wait ends
within a second or two; the timeout only bounds how long a failing test takes to say so.
"""

from __future__ import annotations

import os
from typing import Any

from playwright.sync_api import Browser, BrowserContext, expect

BROWSER_TIMEOUT_S = float(os.environ.get("GRIDOPS_TEST_BROWSER_TIMEOUT_S", "30"))
BROWSER_TIMEOUT_MS = BROWSER_TIMEOUT_S * 1000

expect.set_options(timeout=BROWSER_TIMEOUT_MS)


def open_context(browser: Browser, **options: Any) -> BrowserContext:
    """A new browser context (its own cookies, cache, locale) whose actions, navigations and
    downloads wait BROWSER_TIMEOUT_S."""
    context = browser.new_context(**options)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    context.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
    return context
