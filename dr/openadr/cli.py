"""Commands for the OpenADR 2.0b VTN, mounted in `gridops`: `vtn` serves it, `ven-register`
pre-registers a VEN to a customer or a transformer (only registered VENs are accepted), with the
fingerprint of its certificate for HTTPS, and `vtn-certs` makes demo certificates to try HTTPS."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta
from pathlib import Path
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
    """Serve the OpenADR 2.0b VTN at https://HOST:PORT/OpenADR2/Simple/2.0b with client
    certificates and signed messages when GRIDOPS_VTN_CERT, GRIDOPS_VTN_KEY and
    GRIDOPS_VTN_CA_FILE are set, else over plain HTTP (a demo or a trusted network only); state
    lives in the database."""
    from dr.openadr.settings import VtnSettings
    from dr.openadr.tls import load_vtn_tls
    from dr.openadr.vtn import build_vtn, serve_vtn
    from gis.database import resolve_database_url

    tls = load_vtn_tls(VtnSettings())  # before anything else: a bad file is one clear line
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    url = resolve_database_url()
    server = build_vtn(
        url, host, port, poll_every=timedelta(seconds=poll_s), resync_s=resync_s, tls=tls
    )

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
    fingerprint: Annotated[
        str | None,
        typer.Option(help="fingerprint of the VEN's certificate (10 hex bytes, colon-separated)"),
    ] = None,
    cert: Annotated[
        Path | None,
        typer.Option(help="the VEN's PEM certificate, to register its fingerprint instead"),
    ] = None,
) -> None:
    """Pre-register a VEN (by name) to one customer or one transformer, with the fingerprint of
    its certificate (a VTN over HTTPS accepts no VEN without one); prints its venID."""
    from dr.openadr.tls import fingerprint_of_certificate
    from dr.openadr.ven import VenRegistrationError, register_ven
    from gis.database import connect, resolve_database_url
    from identity.actor import cli_actor
    from identity.audit import record

    if fingerprint is not None and cert is not None:
        raise VenRegistrationError("give --fingerprint or --cert, not both")
    if cert is not None:
        fingerprint = fingerprint_of_certificate(cert, "--cert")
    with connect(resolve_database_url()) as conn:
        ven_id = register_ven(
            conn,
            ven_name,
            customer_id=customer,
            transformer_id=transformer,
            fingerprint=fingerprint,
        )
        record(  # committed with the registration, when the connection's block ends
            conn,
            cli_actor(),
            "dr_program.manage",
            object_type="openadr_ven",
            object_id=ven_name,
            summary={
                "customer_id": customer,
                "transformer_id": transformer,
                "fingerprint": fingerprint,
            },
        )
    typer.echo(ven_id)


def vtn_certs(
    directory: Annotated[Path, typer.Argument(help="where to write the PEM files (made if new)")],
    ven: Annotated[
        list[str] | None, typer.Option(help="a VEN to make a client certificate for (repeat)")
    ] = None,
    host: Annotated[
        list[str] | None,
        typer.Option(help="a name or address the VTN is reached at, besides localhost (repeat)"),
    ] = None,
    days: Annotated[int, typer.Option(min=1, max=3650, help="validity, days")] = 365,
) -> None:
    """Make a demo CA, a VTN certificate and VEN client certificates to try the VTN over HTTPS
    locally (not for production); prints the settings and the commands that use them."""
    from dr.openadr.demo_certificates import make_demo_certificates

    made = make_demo_certificates(
        directory,
        ven_names=tuple(ven or ["ven-demo"]),
        hosts=tuple(host or ()),
        valid_for=timedelta(days=days),
    )
    typer.echo("# serve HTTPS with client certificates and signed messages:")
    typer.echo(f"export GRIDOPS_VTN_CERT={made.vtn.cert.resolve()}")
    typer.echo(f"export GRIDOPS_VTN_KEY={made.vtn.key.resolve()}")
    typer.echo(f"export GRIDOPS_VTN_CA_FILE={made.ca_file.resolve()}")
    typer.echo("gridops vtn")
    typer.echo(f"# the VTN's fingerprint, for the VENs (vtn_fingerprint): {made.vtn.fingerprint}")
    for name, files in made.vens.items():
        typer.echo(
            f"# VEN {name}: cert={files.cert.resolve()} key={files.key.resolve()} "
            f"ca_file={made.ca_file.resolve()} fingerprint {files.fingerprint}"
        )
        typer.echo(f"gridops ven-register {name} --customer ID --cert {files.cert.resolve()}")
