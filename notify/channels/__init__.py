"""The four delivery channels, each real: webhook (HTTP POST, HMAC-signed), email (SMTP),
MQTT (QoS 1 to a topic per recipient) and a file sink (JSON lines, the demo channel)."""

from __future__ import annotations

from notify.channels.file_sink import FileSink
from notify.channels.message import DeliveryError, Message, Sender
from notify.channels.mqtt import MqttSender
from notify.channels.smtp import EmailSender
from notify.channels.webhook import WebhookSender
from notify.models import Channel
from notify.settings import NotifySettings

__all__ = ["DeliveryError", "Message", "Sender", "open_senders"]


def open_senders(settings: NotifySettings) -> dict[Channel, Sender]:
    """One sender per channel; each connects on first use (a worker with no MQTT notice never
    needs the broker). Close each with .close()."""
    return {
        Channel.WEBHOOK: WebhookSender(settings),
        Channel.EMAIL: EmailSender(settings),
        Channel.MQTT: MqttSender(settings),
        Channel.FILE: FileSink(settings),
    }
