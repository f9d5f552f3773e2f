"""MQTT: QoS 1 to the recipient's topic (default gridops/customer/<id>/notices,
gridops/crew/<id>/jobs) on GRIDOPS_MQTT_HOST:GRIDOPS_MQTT_PORT, sent once the broker's PUBACK
arrives. One paho-mqtt client per worker, shared by its threads; paho reconnects by itself.
"""

from __future__ import annotations

import os
import threading
import uuid
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from notify.address import redact
from notify.channels.message import DeliveryError, Message
from notify.settings import NotifySettings


class MqttSender:
    """The MQTT channel: publishes each notice at QoS 1 to its address's topic."""

    def __init__(self, settings: NotifySettings) -> None:
        self._settings = settings
        self._client: mqtt.Client | None = None
        self._connected = threading.Event()
        self._lock = threading.Lock()

    def _on_connect(
        self, _client: mqtt.Client, _data: Any, _flags: Any, reason: Any, _properties: Any
    ) -> None:
        if not reason.is_failure:
            self._connected.set()

    def _on_disconnect(
        self, _client: mqtt.Client, _data: Any, _flags: Any, _reason: Any, _properties: Any
    ) -> None:
        self._connected.clear()

    def _ensure_client(self) -> mqtt.Client:
        with self._lock:
            if self._client is None:
                settings = self._settings
                client = mqtt.Client(
                    CallbackAPIVersion.VERSION2,
                    client_id=f"gridops-worker-{os.getpid()}-{uuid.uuid4().hex[:8]}",
                )
                client.on_connect = self._on_connect
                client.on_disconnect = self._on_disconnect
                client.connect_timeout = settings.mqtt_timeout_s
                client.reconnect_delay_set(min_delay=1, max_delay=30)
                client.max_inflight_messages_set(100)
                if settings.mqtt_username:
                    password = settings.mqtt_password
                    client.username_pw_set(
                        settings.mqtt_username, password.get_secret_value() if password else None
                    )
                try:
                    client.connect(settings.mqtt_host, settings.mqtt_port, keepalive=30)
                except OSError as exc:
                    raise DeliveryError(f"MQTT broker unreachable: {exc}") from exc
                client.loop_start()
                self._client = client
            return self._client

    def send(self, message: Message) -> None:
        """Publish the notice and wait for the broker's acknowledgement."""
        client = self._ensure_client()
        timeout = self._settings.mqtt_timeout_s
        if not self._connected.wait(timeout):
            raise DeliveryError("MQTT broker not connected")
        try:
            info = client.publish(message.address, message.json_bytes, qos=1)
            info.wait_for_publish(timeout)
            published = info.is_published()
        except (RuntimeError, ValueError) as exc:
            raise DeliveryError(redact(f"MQTT publish failed: {exc}", message.address)) from exc
        if not published:
            raise DeliveryError("MQTT broker did not acknowledge within the timeout")

    def close(self) -> None:
        """Disconnect from the broker."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.disconnect()
            client.loop_stop()
