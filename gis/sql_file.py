"""SQL text from a package's sql/ folder (named verb_noun.sql), read once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=256)
def load_sql(package: str, name: str) -> str:
    """The text of a package's sql/ file, read once."""
    return (resources.files(package) / "sql" / name).read_text()
