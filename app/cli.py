"""The `gridops` command: db, demo, import, serve, worker, forecast, dr, vtn, user, role, audit.

A command that changes state writes its audit row (identity/audit.py) as `cli:<os user>`."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from gis.errors import GridOpsError

if TYPE_CHECKING:
    from notify.periodic import PeriodicTask

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="gridops",
    help="GridOps Console: the grid on a map, outages, load forecasts and demand response.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(
    help="The database: migrations and the embedded cluster.", no_args_is_help=True
)
demo_app = typer.Typer(help="The demo network: generate and load it.", no_args_is_help=True)
import_app = typer.Typer(
    help="Import a real network, or a user's own sales, readings, transformers, weather and "
    "customer addresses.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(import_app, name="import")


def clear_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Report a GridOpsError as one line on stderr and exit 1, never a traceback."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GridOpsError as exc:
            typer.echo(f"gridops: {exc}", err=True)
            raise typer.Exit(code=1) from None

    return wrapper


@db_app.command("upgrade")
@clear_errors
def db_upgrade() -> None:
    """Apply pending migrations (in order, each in a transaction; twice changes nothing), then
    the function files again (outage/ and identity/ sql/functions/, in gis.migrate.FUNCTION_FILES
    order)."""
    from gis.database import connect, describe_target, resolve_database_url
    from gis.migrate import FUNCTION_FILES, upgrade
    from gis.settings import database_settings

    url = resolve_database_url(say=typer.echo)
    with connect(url, autocommit=True) as conn:
        if database_settings().database_url:
            typer.echo(f"database: {describe_target(url)} (GRIDOPS_DATABASE_URL)")
        applied = upgrade(conn)
    if applied:
        for migration in applied:
            typer.echo(f"applied {migration.version:03d}_{migration.name}")
    else:
        typer.echo("database is up to date")
    typer.echo(f"function files applied: {len(FUNCTION_FILES)}")


@db_app.command("status")
@clear_errors
def db_status() -> None:
    """Report where the database is, whether it runs, and what it holds."""
    from gis.status import database_status

    for key, value in database_status().items():
        typer.echo(f"{key:<22}{value}")


@db_app.command("stop")
@clear_errors
def db_stop() -> None:
    """Stop the embedded cluster (nothing to do with GRIDOPS_DATABASE_URL set)."""
    from gis.database import embedded_cluster
    from gis.settings import database_settings

    if database_settings().database_url:
        typer.echo("GRIDOPS_DATABASE_URL is set: the embedded cluster is not in use")
        return
    stopped = embedded_cluster().stop()
    typer.echo("embedded cluster stopped" if stopped else "embedded cluster was not running")


@demo_app.command("load")
@clear_errors
def demo_load(
    size: Annotated[str, typer.Option(help="small | medium | large")] = "medium",
    seed: Annotated[int, typer.Option(help="same seed and end date, same data")] = 7,
    center: Annotated[
        str, typer.Option(help="LON,LAT of the service territory (default Chengdu)")
    ] = "104.06,30.66",
    end: Annotated[
        str | None, typer.Option(help="last day of load history, YYYY-MM-DD (default yesterday)")
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(
            min=1, max=1830, help="days of hourly load (default: 60 small, 365 otherwise)"
        ),
    ] = None,
    progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
) -> None:
    """Generate a demo distribution network and bulk-load it (replacing the grid tables).
    Two years (--days 730) allow a true 12-month forecast backtest."""
    from data.demo_load import load_demo
    from data.demo_network import DemoSize, parse_center

    try:
        demo_size = DemoSize(size)
    except ValueError:
        raise typer.BadParameter(
            f"size must be one of small, medium, large; got {size!r}"
        ) from None
    try:
        lon_lat = parse_center(center)
        end_day = date.fromisoformat(end) if end else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    from identity.actor import cli_actor

    summary = load_demo(
        demo_size,
        seed=seed,
        center=lon_lat,
        end=end_day,
        progress=progress,
        days=days,
        actor=cli_actor(),
    )
    typer.echo(summary)


@demo_app.command("prepare")
@clear_errors
def demo_prepare(
    progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
) -> None:
    """Give every page something real on its first visit: a forecast run, the DR program with a
    measured event, incidents with a crew dispatched, a planned outage and their notices; and
    one demo staff user per role (demo-<role>), whose passwords are shown once and kept in
    demo_users.txt in the data folder (mode 0600). Each step runs once; what is already there
    is kept."""
    from data.demo_operations import prepare_pages
    from gis.database import resolve_database_url
    from gis.settings import web_settings
    from identity.actor import cli_actor

    prepare_pages(
        resolve_database_url(),
        lambda line: typer.echo(f"demo: {line}"),
        web_settings().timezone,
        progress=progress,
        actor=cli_actor(),
    )


@import_app.command("pandapower")
@clear_errors
def import_pandapower(
    network: Annotated[str, typer.Argument(help="mv_oberrhein | lv_schutterwald")],
    progress: Annotated[bool, typer.Option(help="show a progress bar")] = True,
) -> None:
    """Import a real network with its real coordinates from pandapower (extra 'real')."""
    from data.pandapower_import import import_network
    from identity.actor import cli_actor

    typer.echo(import_network(network, progress=progress, actor=cli_actor()))


def _mount_csv_imports() -> None:
    """`gridops import sales|readings|transformers|weather|addresses FILE.csv`
    (app/import_commands.py)."""
    from app.import_commands import register

    register(import_app, clear_errors)


_mount_csv_imports()


@app.command("serve")
@clear_errors
def serve(
    host: Annotated[str | None, typer.Option(help="default GRIDOPS_HOST or 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="default GRIDOPS_PORT or 8050")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="server processes (default GRIDOPS_WEB_WORKERS or 1)"),
    ] = None,
) -> None:
    """Serve the console at / and the JSON API at /api (OpenAPI at /api/openapi.json)."""
    import os

    import uvicorn

    from app.main import SERVER_OPTIONS
    from gis.database import connect, resolve_database_url
    from gis.settings import web_settings

    settings = web_settings()
    bind_host, bind_port = host or settings.host, port or settings.port
    processes = workers or settings.web_workers
    # Resolve (and start, when embedded) the database once, here; the workers inherit the URL.
    url = resolve_database_url()
    connect(url).close()
    os.environ["GRIDOPS_DATABASE_URL"] = url
    typer.echo(f"GridOps Console on http://{bind_host}:{bind_port}/ ({processes} process(es))")
    if processes == 1:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=bind_host,
            port=bind_port,
            log_level="info",
            **SERVER_OPTIONS,
        )
        return
    # Several processes share one listening socket made here with TCP_NODELAY, which accepted
    # connections inherit: uvicorn's own shared socket reaches its children without it, and
    # Nagle's algorithm then held every response for the client's delayed ACK (44 ms each).
    listening = _listening_socket(bind_host, bind_port)  # held open while uvicorn runs
    try:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            fd=listening.fileno(),
            workers=processes,
            log_level="info",
            **SERVER_OPTIONS,
        )
    finally:
        listening.close()


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise GridOpsError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def _mount_worker() -> None:
    """`gridops worker` is the notices' delivery worker (notify.cli); it also runs the
    periodic tasks of outage/ (reminders, the planned-outage lifecycle)."""
    from notify.cli import worker
    from notify.periodic import register
    from outage.planned_outage_schedule import planned_outage_tasks
    from outage.settings import outage_settings

    settings = outage_settings()
    register(*planned_outage_tasks(settings.reminder_lead, settings.schedule_every_s))
    register(*_dr_tasks())
    app.command("worker")(worker)


def _dr_tasks() -> list[PeriodicTask]:
    """dr/'s periodic task: the DR event lifecycle, measurement and dr_result notices."""
    from dr.schedule import dr_tasks
    from dr.settings import dr_settings

    return dr_tasks(dr_settings().schedule_every_s)


_mount_worker()


def _mount_forecast() -> None:
    """`gridops forecast run | backtest` (forecasting.cli)."""
    from forecasting.cli import app as forecast_app

    app.add_typer(forecast_app, name="forecast")


_mount_forecast()


def _mount_dr() -> None:
    """`gridops dr demo | measure` (dr.cli)."""
    from dr.cli import app as dr_app

    app.add_typer(dr_app, name="dr")


_mount_dr()


def _mount_vtn() -> None:
    """`gridops vtn` (the OpenADR 2.0b VTN), `gridops ven-register` and `gridops vtn-certs`
    (dr.openadr.cli)."""
    from dr.openadr.cli import ven_register, vtn, vtn_certs

    app.command("vtn")(clear_errors(vtn))
    app.command("ven-register")(clear_errors(ven_register))
    app.command("vtn-certs")(clear_errors(vtn_certs))


_mount_vtn()


def _mount_identity() -> None:
    """`gridops user ...`, `gridops role list` (identity.cli) and `gridops audit export | list`
    (identity.audit_cli)."""
    from identity.audit_cli import app as audit_app
    from identity.cli import role_app, user_app

    app.add_typer(user_app, name="user")
    app.add_typer(role_app, name="role")
    app.add_typer(audit_app, name="audit")


_mount_identity()


def main() -> None:
    """Run the gridops command line; Ctrl-C ends it with status 130, without a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
