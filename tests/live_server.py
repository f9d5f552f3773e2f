"""A real uvicorn server on a free local port, in a thread, for tests that need what only a
real server shows (a response sent before a dependency's exit, a browser)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from app.main import SERVER_OPTIONS
from tests.ports import free_port

# How long a test waits for a server it starts (in a thread, or `gridops serve` processes): a
# quiet machine builds the console in a few seconds; two server processes importing everything
# on 2 cores shared with other work took over 60 s. GRIDOPS_TEST_START_TIMEOUT_S overrides it.
START_TIMEOUT_S = float(os.environ.get("GRIDOPS_TEST_START_TIMEOUT_S", "180"))


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve `app` on 127.0.0.1, as `gridops serve` does, until the block ends; yields its base
    URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **SERVER_OPTIONS)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
