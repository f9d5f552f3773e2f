"""`gridops import sales|readings|transformers|weather|addresses FILE.csv`: a user's own
records, with the rejected rows listed (row, field, reason) and the rest imported in one
transaction, with the import's audit row (identity/audit.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from data.import_rejection import ImportSummary

MAX_LISTED = 20

CsvFile = Annotated[
    Path,
    typer.Argument(
        exists=True, dir_okay=False, readable=True, help="CSV whose header row names the fields"
    ),
]
Progress = Annotated[bool, typer.Option(help="show a progress bar")]
Rejects = Annotated[
    Path | None, typer.Option(help="write every rejected row (row, field, reason) to this CSV")
]


def report(summary: ImportSummary, noun: str, rejects: Path | None) -> None:
    """The summary line, the first rejections, and every rejection in `rejects`."""
    from data.import_rejection import write_rejections

    typer.echo(summary.describe(noun))
    for rejection in summary.rejected[:MAX_LISTED]:
        typer.echo(f"  row {rejection.row}, {rejection.field}: {rejection.reason}")
    if len(summary.rejected) > MAX_LISTED:
        more = len(summary.rejected) - MAX_LISTED
        hint = "" if rejects else " (--rejects FILE.csv lists them all)"
        typer.echo(f"  ... and {more:,} more{hint}")
    if rejects is not None:
        write_rejections(rejects, summary.rejected)
        typer.echo(f"rejections written to {rejects}")


# The audit action of each import: the permission it needs (identity/audit.py).
IMPORT_ACTIONS = {
    "sales": "sales.import",
    "readings": "readings.import",
    "transformers": "readings.import",
    "weather": "readings.import",
    "addresses": "readings.import",
}


def run_audited(
    conn: Any, task: Callable[[Any], ImportSummary], kind: str, file: Path
) -> ImportSummary:
    """Run the import and write its audit row (cli:<os user>, the file's name and the counts)
    in one transaction of `conn`: the import's own transaction block becomes a savepoint of
    it, so the rows imported and their audit row are committed together or not at all."""
    from identity.actor import cli_actor
    from identity.audit import record

    with conn.transaction():
        summary = task(conn)
        record(
            conn,
            cli_actor(),
            IMPORT_ACTIONS[kind],
            object_type="import_file",
            object_id=file.name,
            summary={
                "kind": kind,
                "file": file.name,
                "imported": summary.imported,
                "replaced": summary.replaced,
                "rejected_rows": summary.rejected_rows,
            },
        )
    return summary


def _run(task: Callable[[Any], ImportSummary], kind: str, file: Path) -> ImportSummary:
    """Migrate, then run the import and its audit row on one connection, in one transaction."""
    from gis.database import connect, resolve_database_url
    from gis.migrate import upgrade

    url = resolve_database_url()
    with connect(url, autocommit=True) as conn:
        upgrade(conn)
    with connect(url) as conn:
        return run_audited(conn, task, kind, file)


def import_sales(
    file: CsvFile,
    partner: Annotated[
        str | None, typer.Option(help="partner of the rows whose partner column is empty")
    ] = None,
    progress: Progress = True,
    rejects: Rejects = None,
) -> None:
    """Appliance sales: partner_record_id, partner, sold_at, appliance_type, rated_kw,
    quantity, lon, lat, crs (partner may come from --partner; quantity defaults to 1, crs to
    WGS84)."""
    from data.appliance_sales import import_sales_csv

    summary = _run(lambda conn: import_sales_csv(conn, file, partner, progress), "sales", file)
    report(summary, "sales", rejects)


def import_readings(file: CsvFile, progress: Progress = True, rejects: Rejects = None) -> None:
    """Hourly transformer load: transformer_id, ts, kw (a stored hour is replaced)."""
    from data.grid_csv_import import import_readings_csv

    summary = _run(lambda conn: import_readings_csv(conn, file, progress), "readings", file)
    report(summary, "readings", rejects)


def import_transformers(file: CsvFile, progress: Progress = True, rejects: Rejects = None) -> None:
    """Transformers: id, lon, lat, capacity_kva, feeder_id (optional code); upserted by id."""
    from data.grid_csv_import import import_transformers_csv

    summary = _run(lambda conn: import_transformers_csv(conn, file, progress), "transformers", file)
    report(summary, "transformers", rejects)


def import_weather(file: CsvFile, progress: Progress = True, rejects: Rejects = None) -> None:
    """Hourly temperature of the territory: ts, temperature_c (a stored hour is replaced)."""
    from data.grid_csv_import import import_weather_csv

    summary = _run(lambda conn: import_weather_csv(conn, file, progress), "weather", file)
    report(summary, "temperatures", rejects)


def import_addresses(file: CsvFile, progress: Progress = True, rejects: Rejects = None) -> None:
    """Customers' postal addresses: account_no, address (an empty address clears it)."""
    from data.grid_csv_import import import_addresses_csv

    summary = _run(lambda conn: import_addresses_csv(conn, file, progress), "addresses", file)
    report(summary, "addresses", rejects)


def register(
    import_app: typer.Typer, clear_errors: Callable[[Callable[..., None]], Callable[..., None]]
) -> None:
    """Add the CSV imports to `gridops import`."""
    for name, command in (
        ("sales", import_sales),
        ("readings", import_readings),
        ("transformers", import_transformers),
        ("weather", import_weather),
        ("addresses", import_addresses),
    ):
        import_app.command(name)(clear_errors(command))
