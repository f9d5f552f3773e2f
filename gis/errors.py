"""Errors of the database layer, each with a message a user can act on."""


class GridOpsError(Exception):
    """Base of the errors gridops reports as one clear line."""


class DatabaseUnavailableError(GridOpsError):
    """The database cannot be reached, started or prepared."""


class MigrationError(GridOpsError):
    """A migration failed or the recorded history disagrees with the files."""
