"""Errors with a message a user can act on: those of the database layer, and the few base
errors of the domain that every service raises.

A service error subclasses one of `RejectedInputError` (422, naming the field at fault),
`NotFoundError` (404), `ConflictError` (409) or `ForbiddenError` (403), and says on the class
what it means: an HTTP status as RFC 9110 names them (pygeoapi's provider errors carry theirs
the same way), a title and a kind (the last segment of its problem type). The API translates
every one of them in one handler (app/api/problem.py) and the console in one helper
(app/console/errors.py), so a new service error needs no edit in either.
"""

from __future__ import annotations

from typing import ClassVar


class GridOpsError(Exception):
    """Base of the errors gridops reports as one clear line."""


class DatabaseUnavailableError(GridOpsError):
    """The database cannot be reached, started or prepared."""


class MigrationError(GridOpsError):
    """A migration failed or the recorded history disagrees with the files."""


class DomainError(Exception):
    """A request a service cannot carry out, with its meaning, the field at fault (None when
    no one field is) and, for pages that say it in the user's language, a `reason` key and
    its `params` (app/console/i18n.py)."""

    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"
    kind: ClassVar[str] = "bad-request"
    field: str | None = None

    def __init__(
        self, message: str, field: str | None = None, reason: str = "", **params: int | str
    ) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field
        self.reason = reason
        self.params = params


class RejectedInputError(DomainError, ValueError):
    """Input that cannot be used, naming the field at fault (422)."""

    status = 422
    title = "Invalid request"
    kind = "invalid-request"
    field: str = "body"


class NotFoundError(DomainError, LookupError):
    """No such thing (404)."""

    status = 404
    title = "Not found"
    kind = "not-found"


class ConflictError(DomainError):
    """A change the thing's state does not allow (409)."""

    status = 409
    title = "Conflict"
    kind = "conflict"


class ForbiddenError(DomainError, PermissionError):
    """A key that does not grant what was asked (403)."""

    status = 403
    title = "Forbidden"
    kind = "forbidden"
