"""Commands for notices: `worker` (the delivery worker, mounted as `gridops worker`) and
`status` / `retry` for an operator at a terminal. Run alone: python -m notify.cli worker."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.process
import os
import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from gis.errors import GridOpsError

app = typer.Typer(
    help="Notices: the delivery worker and the outbox.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM/SIGINT: finish the batches in hand and stop; a second one stops at once
    (safe: leases hand unfinished notices to the next worker)."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            os._exit(128 + signum)
        logging.getLogger("notify.worker").warning(
            "%s: finishing the batches in hand, then stopping", signal.Signals(signum).name
        )
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def _helper_main(
    url: str,
    concurrency: int | None,
    batch_size: int | None,
    lease: float | None,
    drain: bool,
    log_level: str,
) -> None:
    """One more delivery worker in a process of its own (no periodic tasks)."""
    from notify.worker import run_worker

    logging.basicConfig(level=log_level.upper(), format=LOG_FORMAT)
    stop = threading.Event()
    _stop_on_signals(stop)
    run_worker(
        url,
        concurrency=concurrency,
        batch_size=batch_size,
        stop_event=stop,
        lease_s=lease,
        stop_when_drained=drain,
    )


def _start_helper(
    url: str,
    concurrency: int | None,
    batch_size: int | None,
    lease: float | None,
    drain: bool,
    log_level: str,
) -> multiprocessing.process.BaseProcess:
    helper = multiprocessing.get_context("spawn").Process(
        target=_helper_main,
        args=(url, concurrency, batch_size, lease, drain, log_level),
        daemon=False,
    )
    helper.start()
    return helper


@app.command("worker")
def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, help="deliveries at once (GRIDOPS_WORKER_CONCURRENCY)")
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="notices per claim (GRIDOPS_WORKER_BATCH_SIZE)")
    ] = None,
    lease: Annotated[
        float | None, typer.Option(help="seconds a claim is held (GRIDOPS_WORKER_LEASE_S)")
    ] = None,
    drain: Annotated[
        bool, typer.Option(help="stop once no notice is pending, retrying or being delivered")
    ] = False,
    processes: Annotated[
        int,
        typer.Option(min=1, max=64, help="worker processes; they claim side by side (SKIP LOCKED)"),
    ] = 1,
    log_level: Annotated[str, typer.Option(help="debug logs every delivery")] = "info",
) -> None:
    """Deliver pending notices (webhook, email, MQTT, file) until stopped."""
    from gis.database import resolve_database_url
    from notify.periodic import registered
    from notify.worker import run_worker

    logging.basicConfig(level=log_level.upper(), format=LOG_FORMAT)
    stop = threading.Event()
    _stop_on_signals(stop)
    try:
        url = resolve_database_url()
        helpers = [
            _start_helper(url, concurrency, batch_size, lease, drain, log_level)
            for _ in range(processes - 1)
        ]
        stats = run_worker(
            url,
            concurrency=concurrency,
            batch_size=batch_size,
            stop_event=stop,
            lease_s=lease,
            stop_when_drained=drain,
            periodic=registered(),  # periodic tasks run in this process only
        )
        for helper in helpers:
            if helper.is_alive() and stop.is_set():
                helper.terminate()  # SIGTERM: it finishes its batches in hand
            helper.join()
    except (GridOpsError, ValueError) as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(
        f"worker stopped: {stats.sent} sent, {stats.retried} to retry, {stats.dead} dead, "
        f"{stats.released} handed back in {stats.elapsed_s:.1f} s"
    )


@app.command("status")
def status() -> None:
    """Notices per status."""
    from gis.database import connect, resolve_database_url
    from notify.report import status_counts

    try:
        with connect(resolve_database_url()) as conn:
            counts = status_counts(conn)
    except GridOpsError as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None
    for notice_status, count in counts.by_status.items():
        typer.echo(f"{notice_status.value:<12}{count:>10,}")


@app.command("retry")
def retry(ids: Annotated[list[int], typer.Argument(help="ids of dead notices")]) -> None:
    """Give dead notices a fresh set of attempts."""
    from gis.database import connect, resolve_database_url
    from notify.report import retry_dead

    try:
        with connect(resolve_database_url()) as conn:
            revived = retry_dead(conn, ids)
            conn.commit()
    except GridOpsError as exc:
        typer.echo(f"gridops: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"{revived} dead notices back to pending")


if __name__ == "__main__":
    app()
