"""Collect what a page reports as broken: console errors and uncaught exceptions.

    errors = PageErrors.watch(page, console_url)
    page.goto(...); ...  # use the page
    errors.assert_none()

A console error about a resource from another origin (the basemap's tiles, unreachable
offline or blocked) is not the console's own and is left out; everything else counts,
including a failed request to the console itself (a 4xx or 5xx answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Error, Page


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class PageErrors:
    """The errors one page has reported so far, in order."""

    origin: str
    messages: list[str] = field(default_factory=list)

    @classmethod
    def watch(cls, page: Page, console_url: str) -> PageErrors:
        """Start collecting on `page` (before it navigates, so nothing is missed)."""
        errors = cls(_origin(console_url))
        page.on("console", errors._on_console)
        page.on("pageerror", errors._on_page_error)
        return errors

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url") or ""
        if source.startswith("http") and _origin(source) != self.origin:
            return  # another site's resource (basemap tiles): not the console's error
        self.messages.append(f"console: {message.text} ({source})")

    def _on_page_error(self, error: Error) -> None:
        self.messages.append(f"pageerror: {error.name}: {error.message}")

    def assert_none(self, context: str = "") -> None:
        where = f" on {context}" if context else ""
        assert not self.messages, f"the browser reported errors{where}:\n" + "\n".join(
            self.messages
        )
