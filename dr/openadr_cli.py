"""Commands for the OpenADR 2.0b VTN, mounted in `gridops`: `vtn` serves it, `ven-register`
pre-registers a VEN to a customer or a transformer (only registered VENs are accepted)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta
from typing import Annotated

import typer

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def vtn(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="HTTP port")] = 8080,
    poll_s: Annotated[
        int, typer.Option(min=1, max=3600, help="poll frequency asked of the VENs, seconds")
    ] = 10,
    resync_s: Annotated[
        float, typer.Option(min=0.5, max=600, help="reload the events from the database every")
    ] = 5.0,
) -> None:
    """Serve the OpenADR 2.0b VTN over plain HTTP (no TLS, unsigned messages: a demo or a
    trusted network) at http://HOST:PORT/OpenADR2/Simple/2.0b; state lives in the database."""
    from dr.openadr_vtn import build_vtn, serve_vtn
    from gis.database import resolve_database_url

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    url = resolve_database_url()
    server = build_vtn(url, host, port, poll_every=timedelta(seconds=poll_s), resync_s=resync_s)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve_vtn(server, stop)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


def ven_register(
    ven_name: Annotated[str, typer.Argument(help="the name the VEN registers with")],
    customer: Annotated[int | None, typer.Option(help="the customer's id")] = None,
    transformer: Annotated[int | None, typer.Option(help="the transformer's id")] = None,
) -> None:
    """Pre-register a VEN (by name) to one customer or one transformer; prints its venID."""
    from dr.openadr_ven import register_ven
    from gis.database import connect, resolve_database_url

    with connect(resolve_database_url()) as conn:
        ven_id = register_ven(conn, ven_name, customer_id=customer, transformer_id=transformer)
    typer.echo(ven_id)
