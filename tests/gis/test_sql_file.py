"""SQL files by name: a name may lead through a sub-feature's folder of the package's sql/,
never out of it; every file there is read by some code, and every name the code gives exists,
so dead SQL cannot come back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gis.migrate import FUNCTION_FILES
from gis.sql_file import SqlNameError, load_sql


def test_a_name_may_lead_through_a_sub_features_folder() -> None:
    assert "INSERT INTO crew_job" in load_sql("outage", "dispatch/insert_crew_job.sql")
    assert "openadr_ven" in load_sql("dr", "openadr/register_ven.sql")


@pytest.mark.parametrize(
    "name",
    [
        "../migrations/001_initial.sql",
        "crew_job/../../../gis/sql_file.py",
        "/etc/passwd.sql",
        "crew_job//insert_crew_job.sql",
        "./crew_job/insert_crew_job.sql",
        "crew_job\\insert_crew_job.sql",
        "crew_job/",
        "",
        "crew_job/insert_crew_job.sql/..",
        "functions/outage_infer.py",
    ],
)
def test_a_name_that_would_leave_the_sql_folder_is_refused(name: str) -> None:
    with pytest.raises(SqlNameError):
        load_sql("outage", name)


# The packages whose Python reads SQL files; a file under <package>/sql/ is read when its name
# there (relative to sql/, "crew_job/select_crew_job.sql") is a string in the Python of the
# package, or of a module that loads from it (load_sql("<package>", ...)). Tests do not count.
CODE_PACKAGES = (
    "app",
    "gis",
    "layers",
    "data",
    "outage",
    "dr",
    "forecasting",
    "notify",
    "identity",
    "bench",
)
ROOT = Path(__file__).resolve().parents[2]
SQL_NAME = re.compile(r"""["']([A-Za-z0-9_/.]+\.sql)["']""")
LOADS_FROM = re.compile(r"""load_sql\(\s*["']([a-z_]+)["']""")


def _sources() -> dict[Path, str]:
    return {
        path: path.read_text()
        for package in CODE_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _names_read(sources: dict[Path, str]) -> dict[str, dict[str, set[Path]]]:
    """Per package with a sql/ folder: each SQL name its code reads, and where it is named."""
    read: dict[str, dict[str, set[Path]]] = {}
    for path, text in sources.items():
        packages = {path.relative_to(ROOT).parts[0], *LOADS_FROM.findall(text)}
        for package in packages:
            if not (ROOT / package / "sql").is_dir():
                continue
            for name in SQL_NAME.findall(text):
                read.setdefault(package, {}).setdefault(name, set()).add(path)
    return read


def _sql_files(package: str) -> set[str]:
    """The files of the package's sql/ folder that load_sql reads (functions/: gis.migrate)."""
    folder = ROOT / package / "sql"
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*.sql")
        if path.relative_to(folder).parts[0] != "functions"
    }


def test_every_sql_file_is_read_by_some_code() -> None:
    """No dead SQL: every file of a package's sql/ folder is named by the code that reads it,
    and the functions/ folder holds exactly gis.migrate.FUNCTION_FILES."""
    read = _names_read(_sources())
    packages = sorted(p.name for p in ROOT.iterdir() if (p / "sql").is_dir())
    assert {"outage", "dr", "layers", "data", "forecasting", "notify", "identity"} <= set(packages)
    unread = {
        f"{package}/sql/{name}"
        for package in packages
        for name in _sql_files(package) - set(read.get(package, {}))
    }
    assert not unread, f"SQL no code reads (delete it, or read it): {sorted(unread)}"
    for package in packages:
        functions = ROOT / package / "sql" / "functions"
        found = {p.name for p in functions.glob("*.sql")} if functions.is_dir() else set()
        assert found == {name for owner, name in FUNCTION_FILES if owner == package}


def test_every_sql_name_in_the_code_exists() -> None:
    """A name the code gives (a string ending .sql) is a file of a package it loads from (or a
    function file of gis.migrate, or a migration)."""
    read = _names_read(_sources())
    elsewhere = {name for _, name in FUNCTION_FILES}
    elsewhere |= {p.name for p in (ROOT / "gis" / "migrations").glob("*.sql")}
    missing = set()
    for path, text in _sources().items():
        packages = {path.relative_to(ROOT).parts[0], *LOADS_FROM.findall(text)}
        files = set().union(*(_sql_files(p) for p in packages if (ROOT / p / "sql").is_dir()))
        for name in SQL_NAME.findall(text):
            if name not in files | elsewhere:
                missing.add(f"{path.relative_to(ROOT).as_posix()}: {name}")
    assert read and not missing, f"SQL names with no file: {sorted(missing)}"
