"""SQL text from a package's sql/ folder (named verb_noun.sql), read once.

A name may lead through the sub-feature's folder (dispatch/insert_crew_job.sql of outage); it
never leaves the package's sql/ folder (no "..", no absolute path, no backslash).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


class SqlNameError(ValueError):
    """A name that is not a relative path inside the package's sql/ folder."""


def sql_parts(name: str) -> list[str]:
    """The folders and file of a name relative to sql/; SqlNameError if it would escape it."""
    parts = name.split("/")
    if (
        not name.endswith(".sql")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise SqlNameError(f"not a file name inside the sql/ folder: {name!r}")
    return parts


@lru_cache(maxsize=256)
def load_sql(package: str, name: str) -> str:
    """The text of a package's sql/ file, read once."""
    entry = resources.files(package) / "sql"
    for part in sql_parts(name):
        entry = entry / part
    return entry.read_text()
