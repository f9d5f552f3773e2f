"""Service errors as the console shows them: the one place a callback turns a domain error
(gis/errors.py) into the message an operator or a customer reads."""

from __future__ import annotations

from app.console.i18n import Language, reason_text
from gis.errors import DomainError


def error_message(exc: DomainError, lang: Language) -> str:
    """The refusal in the user's language where the console has a text for its reason
    (app/console/i18n.py), else the service's own message."""
    return reason_text(exc.reason, exc.params, lang) or str(exc)
