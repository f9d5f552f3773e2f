"""Time until the console's map shows its features in headless Chromium (medium demo).

Measured from navigation start to the moment every transformer in the view is drawn, over
several fresh page loads; the peer in the same run is the time to DOMContentLoaded of the
same page, so the ratio shows what the map's layer loading adds.
Run: .venv/bin/python -m bench.console_map [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from playwright.sync_api import sync_playwright

from bench.rounds import check_rounds
from bench.server import running_console
from gis.database import connect, resolve_database_url

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    """Time the console's map until every transformer in view is drawn, against DOMContentLoaded."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=check_rounds, default=5)
    args = parser.parse_args()
    url = resolve_database_url()
    with connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM transformer").fetchone()
        transformers = int(row[0]) if row else 0
    shown, dom = [], []
    with running_console(url) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for _ in range(args.repeat + 1):  # the first load warms the server's caches
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(base, wait_until="domcontentloaded")
            dom_s = time.perf_counter() - start
            page.wait_for_function(
                "n => document.querySelectorAll('path.gridops-transformers').length >= n",
                arg=max(1, int(transformers * 0.9)),
                timeout=60_000,
            )
            shown.append(time.perf_counter() - start)
            dom.append(dom_s)
            context.close()
        browser.close()
    shown, dom = shown[1:], dom[1:]
    print(f"transformers on the map: {transformers}")
    print(f"{'measure':<34}{'median s':>10}{'min s':>8}{'max s':>8}")
    for name, samples in (("DOMContentLoaded (peer)", dom), ("map shows transformers", shown)):
        print(
            f"{name:<34}{statistics.median(samples):>10.2f}{min(samples):>8.2f}{max(samples):>8.2f}"
        )
    print(f"ratio map / DOMContentLoaded: {statistics.median(shown) / statistics.median(dom):.1f}")


if __name__ == "__main__":
    main()
