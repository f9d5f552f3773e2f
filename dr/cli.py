"""`gridops dr demo` and `gridops dr measure EVENT_ID` (mounted by app.cli)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from gis.errors import GridOpsError

app = typer.Typer(
    help="Demand response: the demo program and event, measurement.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command("demo")
def demo(
    share: Annotated[float, typer.Option(min=0.01, max=1.0, help="share of customers")] = 0.2,
    transformers: Annotated[int, typer.Option(min=1, help="most loaded transformers")] = 10,
) -> None:
    """Enrol a share of customers in a demo program and replay one measured event."""
    from dr.demo import run_demo
    from dr.target import DrRejectedError
    from gis.database import connect, resolve_database_url
    from identity.actor import cli_actor

    try:
        with connect(resolve_database_url()) as conn, conn.transaction():
            outcome = run_demo(conn, share, transformers, actor=cli_actor())
    except (GridOpsError, DrRejectedError) as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None
    result = outcome.measurement
    typer.echo(
        f"program {outcome.program_id}: {outcome.enrolled} newly enrolled; event "
        f"{outcome.event_id}: {outcome.participants} participants, {outcome.requests} requests; "
        f"reduction {result.reduction_kwh:.1f} kWh, incentive {result.incentive} CNY"
    )


@app.command("measure")
def measure_event(event_id: int) -> None:
    """Measure an event whose window has closed and send its dr_result notices."""
    from dr.event import DrConflictError, DrEventNotFoundError
    from dr.measurement import measure
    from dr.result_notice import notify_results
    from gis.database import connect, resolve_database_url
    from identity.actor import cli_actor
    from identity.audit import record

    try:
        with connect(resolve_database_url()) as conn, conn.transaction():
            result = measure(conn, event_id, datetime.now(UTC))
            sent = notify_results(conn, event_id)
            record(
                conn,
                cli_actor(),
                "dr_event.measure",
                object_type="dr_event",
                object_id=event_id,
                summary={
                    "measured": result.measured,
                    "participants": result.participants,
                    "reduction_kwh": round(result.reduction_kwh, 1),
                    "incentive": result.incentive,
                    "dr_result_notices": sent,
                },
            )
    except (DrConflictError, DrEventNotFoundError) as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(
        f"event {event_id}: {result.measured}/{result.participants} measured, reduction "
        f"{result.reduction_kwh:.1f} kWh, incentive {result.incentive} CNY, {sent} dr_result"
    )
