"""What a channel delivers (Message), how it says it failed (DeliveryError), and the shape
every channel implements (Sender)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from notify.models import ClaimedNotice, RenderedText


class DeliveryError(Exception):
    """A failed delivery. permanent: trying again cannot help (dead at once); retry_after_s:
    the receiver asked for a pause. The message never holds contact details."""

    def __init__(
        self, message: str, permanent: bool = False, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Message:
    """One notice, rendered, with the address its channel delivers to."""

    notice: ClaimedNotice
    text: RenderedText
    address: str = field(repr=False)

    def document(self) -> dict[str, Any]:
        """The JSON a webhook, an MQTT subscriber or the file sink receives (no address)."""
        notice = self.notice
        return {
            "id": notice.id,
            "kind": notice.kind.value,
            "event_ref": notice.event_ref,
            "idempotency_key": notice.idempotency_key,
            "recipient": {"type": notice.recipient_type.value, "id": notice.recipient_id},
            "language": notice.language.value,
            "subject": self.text.subject,
            "body": self.text.body,
            "facts": notice.payload,
            "created_at": notice.created_at.isoformat(),
            "attempt": notice.attempts,
        }

    @cached_property
    def json_bytes(self) -> bytes:
        """The notice's JSON document, UTF-8 encoded, as channels send it."""
        return json.dumps(self.document(), ensure_ascii=False, default=str).encode()


class Sender(Protocol):
    """What every channel offers the courier: deliver one message, release its resources."""

    def send(self, message: Message) -> None:
        """Deliver, or raise DeliveryError; safe to call from several threads at once."""

    def close(self) -> None:
        """Release connections and files."""
