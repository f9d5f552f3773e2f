"""`gridops audit export | list` (mounted by app.cli): the audit trail on the command line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="The audit trail: who changed what, when and from where.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def parse_moment(text: str, *, end_of_day: bool = False) -> datetime:
    """A time given on the command line, in the configured zone (GRIDOPS_TIMEZONE) unless it
    says its offset: YYYY-MM-DD is that day's start (or, with end_of_day, the next day's
    start, so that --until names the last day included), or an ISO 8601 time."""
    from gis.local_time import local

    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(0))
            return local(start)
        return local(datetime.fromisoformat(text))
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date (YYYY-MM-DD) or an ISO 8601 time"
        ) from None


@contextmanager
def _audit_errors() -> Iterator[None]:
    """One clear line and exit 1 for an error a user can act on."""
    import psycopg

    from identity.cli import clear_errors

    try:
        with clear_errors():
            yield
    except psycopg.errors.UndefinedTable:
        typer.echo("gridops: the database has no audit trail yet (gridops db upgrade)", err=True)
        raise typer.Exit(code=1) from None


@app.command("export")
def export(
    since: Annotated[str, typer.Option(help="first day (YYYY-MM-DD) or time, configured zone")],
    until: Annotated[
        str | None, typer.Option(help="last day included (YYYY-MM-DD), or a time (excluded)")
    ] = None,
    output: Annotated[
        Path | None, typer.Option(dir_okay=False, help="CSV file to write (default: stdout)")
    ] = None,
) -> None:
    """Export the audit rows of a period as CSV (times ISO 8601 in the configured zone, with
    its offset); the export itself is recorded (audit.export)."""
    from gis.database import connect, resolve_database_url
    from identity.actor import cli_actor
    from identity.audit import export_csv, record

    starts = parse_moment(since)
    ends = parse_moment(until, end_of_day=True) if until else None
    with _audit_errors(), connect(resolve_database_url()) as conn, conn.transaction():
        if output is None:
            count = export_csv(conn, starts, ends, sys.stdout)
        else:
            with output.open("w", newline="", encoding="utf-8") as file:
                count = export_csv(conn, starts, ends, file)
        record(
            conn,
            cli_actor(),
            "audit.read",
            summary={"since": starts, "until": ends, "rows": count},
        )
    if output is not None:
        typer.echo(f"{count:,} audit rows written to {output}")


@app.command("list")
def list_rows(
    action: Annotated[str | None, typer.Option(help="only this action")] = None,
    actor: Annotated[str | None, typer.Option(help="only this actor (cli:root, a name)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="rows shown, newest first")] = 50,
) -> None:
    """Show the newest audit rows as a table (times in the configured zone)."""
    from gis.database import connect, resolve_database_url
    from identity.audit import query, table_lines

    with _audit_errors(), connect(resolve_database_url()) as conn:
        rows = query(conn, actor=actor, action=action, limit=limit)
    for line in table_lines(rows):
        typer.echo(line)
    if not rows:
        typer.echo("no audit rows")
