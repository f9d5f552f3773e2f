"""SQL files by name: a name may lead through a sub-feature's folder of the package's sql/,
never out of it."""

from __future__ import annotations

import pytest

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
