"""Email over SMTP (GRIDOPS_SMTP_HOST:GRIDOPS_SMTP_PORT), one connection per message.

5xx answers about the message or its recipient are permanent (dead at once); a dropped
connection, a refusal to connect, a timeout or a 4xx answer is tried again later.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage

from notify.address import redact
from notify.channels.message import DeliveryError, Message
from notify.settings import NotifySettings

IDEMPOTENCY_HEADER = "X-GridOps-Idempotency-Key"


def message_id(idempotency_key: str) -> str:
    """The same Message-ID at every attempt, so a mailbox can drop a repeat."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@gridops.notice>"


class EmailSender:
    """The email channel: sends each notice as a mail over SMTP."""

    def __init__(self, settings: NotifySettings) -> None:
        self._settings = settings

    def _compose(self, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self._settings.smtp_sender
        mail["To"] = message.address
        mail["Subject"] = message.text.subject
        mail["Message-ID"] = message_id(message.notice.idempotency_key)
        mail["Content-Language"] = message.notice.language.value
        mail[IDEMPOTENCY_HEADER] = message.notice.idempotency_key
        mail.set_content(message.text.body)
        return mail

    def send(self, message: Message) -> None:
        """Send the notice's mail; a 5xx about the message or its recipient is a permanent error."""
        settings = self._settings
        mail = self._compose(message)
        try:
            with smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s
            ) as smtp:
                if settings.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if settings.smtp_user and settings.smtp_password:
                    smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
                smtp.send_message(mail, to_addrs=[message.address])
        except smtplib.SMTPRecipientsRefused as exc:
            code, answer = next(iter(exc.recipients.values()), (0, b""))
            raise self._answer_error("recipient refused", code, answer, message) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"SMTP login refused: {exc.smtp_code}") from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            error = self._answer_error("message refused", exc.smtp_code, exc.smtp_error, message)
            raise error from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise DeliveryError(redact(f"SMTP connection dropped: {exc}", message.address)) from exc
        except smtplib.SMTPResponseException as exc:
            raise self._answer_error("SMTP error", exc.smtp_code, exc.smtp_error, message) from exc
        except (OSError, smtplib.SMTPException) as exc:
            kind = "timed out" if isinstance(exc, TimeoutError) else f"{type(exc).__name__}: {exc}"
            raise DeliveryError(redact(f"SMTP {kind}", message.address)) from exc

    @staticmethod
    def _answer_error(what: str, code: int, answer: bytes | str, message: Message) -> DeliveryError:
        text = answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
        detail = redact(f"{what}: {code} {text}".strip(), message.address)
        return DeliveryError(detail, permanent=500 <= code < 600)

    def close(self) -> None:
        """Nothing kept open between messages."""
