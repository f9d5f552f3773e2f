"""The demo channel: each notice appended as one JSON line to <GRIDOPS_NOTICE_DIR>/<address>
(default customer.jsonl, crew.jsonl, external.jsonl), flushed before it counts as sent."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import IO

from notify.channels.message import DeliveryError, Message
from notify.settings import NotifySettings


class FileSink:
    """The file channel: appends each notice as a JSON line to its address's file."""

    def __init__(self, settings: NotifySettings) -> None:
        self._folder = settings.notice_folder()
        self._files: dict[str, IO[bytes]] = {}
        self._lock = threading.Lock()

    def send(self, message: Message) -> None:
        """Append the notice's JSON line to its file and flush it."""
        line = message.json_bytes + b"\n"
        name = Path(message.address).name  # the address is checked to be a plain file name
        try:
            with self._lock:
                sink = self._files.get(name)
                if sink is None:
                    self._folder.mkdir(parents=True, exist_ok=True)
                    sink = self._files[name] = (self._folder / name).open("ab")
                sink.write(line)
                sink.flush()
        except OSError as exc:
            raise DeliveryError(f"file sink: {type(exc).__name__}: {exc.strerror}") from exc

    def close(self) -> None:
        """Close the open files."""
        with self._lock:
            files, self._files = self._files, {}
        for sink in files.values():
            sink.close()
