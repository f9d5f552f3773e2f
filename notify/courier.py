"""One delivery attempt at one claimed notice: render, resolve the address, wait for the
channel's rate limit, send, and say what came of it. Never raises: every failure becomes an
Outcome (retry or dead), so no notice can crash the worker.

Logs name the notice by id, kind and channel only: never an address, never a text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from notify.address import InvalidAddressError, check_address, default_address, redact
from notify.channels.message import DeliveryError, Message, Sender
from notify.models import Channel, ClaimedNotice, Outcome, OutcomeKind
from notify.retry_policy import RetryPolicy
from notify.settings import NotifySettings
from notify.text import TemplateError, kept_text, render
from notify.token_bucket import TokenBucket

log = logging.getLogger("notify.delivery")
MAX_ERROR = 2000


class Courier:
    """Delivers a claimed notice: renders it, sends it at the channel's rate, judges the outcome."""

    def __init__(
        self,
        settings: NotifySettings,
        senders: Mapping[Channel, Sender],
        policy: RetryPolicy | None = None,
    ) -> None:
        self._settings = settings
        self._senders = senders
        self._policy = policy or RetryPolicy(
            settings.notice_backoff_base_s, settings.notice_backoff_max_s
        )
        self._buckets = {channel: TokenBucket(settings.rate_per_s(channel)) for channel in Channel}

    def deliver(self, notice: ClaimedNotice, deadline: float) -> Outcome:
        """Deliver unless the lease's deadline (time.monotonic()) has come: then hand it back."""
        if time.monotonic() >= deadline:
            return Outcome(notice.id, notice.attempts, OutcomeKind.RELEASED)
        try:
            outcome = self._attempt(notice, deadline)
        except Exception as exc:  # a bug met by one notice must not stop the rest
            error = redact(f"internal error: {type(exc).__name__}: {exc}", notice.address)
            log.exception(
                "notice %d %s via %s: internal error", notice.id, notice.kind, notice.channel
            )
            outcome = self._policy.after_failure(notice, error[:MAX_ERROR])
        self._log(notice, outcome)
        return outcome

    def _attempt(self, notice: ClaimedNotice, deadline: float) -> Outcome:
        try:
            text = render(
                notice.kind,
                notice.language,
                notice.payload,
                self._settings,
                (notice.recipient_type, notice.recipient_id),
            )
        except TemplateError as exc:
            return self._policy.after_failure(notice, str(exc)[:MAX_ERROR], permanent=True)
        address = notice.address or default_address(
            notice.channel, notice.recipient_type, notice.recipient_id
        )
        if address is None:
            error = (
                f"no {notice.channel} address on file for "
                f"{notice.recipient_type} {notice.recipient_id}"
            )
            return self._policy.after_failure(notice, error, permanent=True)
        try:
            address = check_address(notice.channel, address)
        except InvalidAddressError as exc:
            return self._policy.after_failure(notice, str(exc), permanent=True)
        if not self._buckets[notice.channel].acquire(deadline):
            return Outcome(notice.id, notice.attempts, OutcomeKind.RELEASED)
        try:
            self._senders[notice.channel].send(Message(notice, text, address))
        except DeliveryError as exc:
            error = redact(str(exc), address)[:MAX_ERROR]
            return self._policy.after_failure(
                notice, error, permanent=exc.permanent, retry_after_s=exc.retry_after_s
            )
        # the row keeps the text without its link's token: no table holds a token readable
        return Outcome(notice.id, notice.attempts, OutcomeKind.SENT, text=kept_text(text))

    @staticmethod
    def _log(notice: ClaimedNotice, outcome: Outcome) -> None:
        if outcome.kind is OutcomeKind.SENT:
            log.debug("notice %d %s via %s: sent", notice.id, notice.kind, notice.channel)
        elif outcome.kind is OutcomeKind.RETRY:
            log.warning(
                "notice %d %s via %s: attempt %d failed, retry in %.1f s: %s",
                notice.id,
                notice.kind,
                notice.channel,
                notice.attempts,
                outcome.retry_in_s,
                outcome.error,
            )
        elif outcome.kind is OutcomeKind.DEAD:
            log.error(
                "notice %d %s via %s: dead after attempt %d: %s",
                notice.id,
                notice.kind,
                notice.channel,
                notice.attempts,
                outcome.error,
            )
