"""The OpenADR 2.0b VTN (openleadr's OpenADRServer) with its state in PostgreSQL.

openleadr keeps registrations, events and opt-ins in memory; here every one of its hooks reads or
writes the database instead, so a restarted VTN (or a second one) loses nothing:
- registration: only VENs pre-registered by name (register_ven) are accepted; the registration_id
  is stored and a VEN that registers again keeps it; ven_lookup answers every other message from
  the database, so a VEN polling a restarted VTN keeps its registration.
- events: the events each VEN must hold are read from dr_event (sync_events, at start-up and every
  resync_s) and served through on_poll / on_request_event, with their modification number and
  the cancelled status; a VEN is sent a distribution whenever its set of (event, modification)
  changes, and once after every VTN start.
- answers: oadrCreatedEvent is recorded in openadr_opt (and dr_participant for a customer's VEN).

With TLS material (dr/openadr/tls.py, from GRIDOPS_VTN_*) the VTN serves HTTPS and asks every
VEN for a client certificate issued by GRIDOPS_VTN_CA_FILE. A VEN registers only with the
certificate whose fingerprint was registered with its name (`gridops ven-register --cert`), and
openleadr checks every later message against that fingerprint (ven_lookup answers it from the
database); with signing on, the VTN signs its messages and accepts only messages the VEN signed
with that same certificate (openleadr's check, completed by dr/openadr/signatures.py). Without
TLS material it serves plain HTTP: nothing is signed or checked, for a trusted network or a demo
only (it says so in the log at start).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

import psycopg
from openleadr import OpenADRServer, errors
from psycopg_pool import ConnectionPool

from dr.openadr.event import (
    OptType,
    VenEvent,
    VenEvents,
    build_openadr_event,
    parse_event_id,
    record_opt,
    select_ven_events,
)
from dr.openadr.signatures import require_signatures
from dr.openadr.tls import VtnTls
from dr.openadr.ven import (
    RegistrationRefused,
    accept_certified_registration,
    accept_registration,
    add_resource,
    cancel_registration,
    touch_ven,
)
from gis.database import open_pool

logger = logging.getLogger(__name__)

VTN_ID = "GRIDOPS_VTN"  # upper case: openleadr VENs flag a lower-case vtnID as invalid
PATH = "/OpenADR2/Simple/2.0b"
T = TypeVar("T")


class GridOpsVtn(OpenADRServer):
    """OpenADRServer whose hooks go to PostgreSQL; start() and stop() own the pool and resync."""

    def __init__(
        self,
        database_url: str,
        host: str,
        port: int,
        poll_every: timedelta = timedelta(seconds=10),
        resync_s: float = 5.0,
        tls: VtnTls | None = None,
    ) -> None:
        # openleadr keeps the signing certificate, ven_lookup and the signature check on its
        # VTNService class, not on the server: one VTN per process.
        super().__init__(
            vtn_id=VTN_ID,
            http_host=host,
            http_port=port,
            http_path_prefix=PATH,
            requested_poll_freq=poll_every,
            ven_lookup=self._ven_lookup,
            **(tls.openleadr_arguments() if tls is not None else {}),
        )
        self.tls = tls
        if tls is not None and tls.sign_messages:
            self.app.middlewares.append(require_signatures)
        self.database_url = database_url
        self.resync_s = resync_s
        self.pool: ConnectionPool | None = None
        self.ven_events: VenEvents = {}
        self.delivered: dict[str, frozenset[tuple[str, int]]] = {}
        self._resync_task: asyncio.Task[None] | None = None
        self.add_handler("on_create_party_registration", self._create_party_registration)
        self.add_handler("on_cancel_party_registration", self._cancel_party_registration)
        self.add_handler("on_register_report", self._register_report)
        self.add_handler("on_poll", self._poll)
        self.add_handler("on_request_event", self._request_event)
        # openleadr's own oadrCreatedEvent handler drops the modification number; take the message.
        self.services["event_service"].handlers["oadrCreatedEvent"] = self._created_event

    @property
    def url(self) -> str:
        """The URL the VENs are given (their vtn_url)."""
        scheme = "http" if self.tls is None else "https"
        return f"{scheme}://{self.http_host}:{self.http_port}{PATH}"

    async def start(self) -> None:
        """Open the pool, load every VEN's events, serve HTTP(S) and resync every resync_s."""
        self.pool = await asyncio.to_thread(open_pool, self.database_url)
        await self.resync()
        await self.run()
        self._log_security()
        self._resync_task = asyncio.create_task(self._resync_forever())

    async def stop(self) -> None:
        """Stop resyncing and serving, then close the pool."""
        if self._resync_task is not None:
            self._resync_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._resync_task
        await super().stop()
        if self.pool is not None:
            await asyncio.to_thread(self.pool.close)
            self.pool = None

    def _log_security(self) -> None:
        if self.tls is None:
            logger.warning(
                "the VTN at %s serves plain HTTP: no TLS, no client certificates, no message "
                "signatures; for a trusted network or a demo only (set GRIDOPS_VTN_CERT, "
                "GRIDOPS_VTN_KEY and GRIDOPS_VTN_CA_FILE to serve HTTPS)",
                self.url,
            )
            return
        logger.info(
            "the VTN at %s serves HTTPS as %s, certificate fingerprint %s (the VENs' "
            "vtn_fingerprint); VEN client certificates from %s, checked against the registered "
            "fingerprints; messages %s",
            self.url,
            self.tls.subject,
            self.tls.fingerprint,
            self.tls.ca_file,
            "signed and signatures required" if self.tls.sign_messages else "not signed",
        )

    async def resync(self) -> None:
        """Reload every VEN's events from the database."""
        self.ven_events = await self._in_database(select_ven_events)

    async def _resync_forever(self) -> None:
        while True:
            await asyncio.sleep(self.resync_s)
            try:
                await self.resync()
            except psycopg.Error:
                logger.exception("VTN resync failed; serving the events of the last one")

    async def _in_database(self, work: Callable[[psycopg.Connection], T]) -> T:
        """Run work(conn) in a worker thread, in a transaction committed when it returns."""
        pool = self.pool
        if pool is None:
            raise RuntimeError("the VTN is not started")

        def run() -> T:
            with pool.connection() as conn:
                return work(conn)

        return await asyncio.to_thread(run)

    # --- registration -------------------------------------------------------------------------

    async def _ven_lookup(self, ven_id: str) -> dict[str, str | None] | None:
        record = await self._in_database(lambda conn: touch_ven(conn, ven_id))
        return None if record is None else record.as_lookup()

    async def _create_party_registration(self, payload: dict[str, Any]) -> Any:
        """(ven_id, registration_id), or False to refuse. Over HTTPS openleadr puts the client
        certificate's fingerprint in the payload; a first registration carries no venID, so
        openleadr has not checked it against anything: it is checked here."""
        ven_name = str(payload.get("ven_name") or "")
        if self.tls is None:
            accepted = await self._in_database(lambda conn: accept_registration(conn, ven_name))
            if accepted is None:
                logger.warning("refused the registration of unknown VEN %r", ven_name)
                return False
            return accepted
        fingerprint = payload.get("fingerprint")
        outcome = await self._in_database(
            lambda conn: accept_certified_registration(conn, ven_name, fingerprint)
        )
        if isinstance(outcome, RegistrationRefused):
            logger.warning(
                "refused the registration of VEN %r (certificate fingerprint %s): %s",
                ven_name,
                fingerprint,
                outcome.value,
            )
            return False
        return outcome

    async def _cancel_party_registration(self, payload: dict[str, Any]) -> Any:
        ven_id = str(payload.get("ven_id"))
        registration_id = str(payload.get("registration_id"))
        await self._in_database(lambda conn: cancel_registration(conn, ven_id, registration_id))
        self.delivered.pop(ven_id, None)
        return "oadrCanceledPartyRegistration", {
            "registration_id": registration_id,
            "ven_id": ven_id,
        }

    async def _register_report(
        self,
        ven_id: str,
        resource_id: str | None,
        measurement: str,
        unit: str | None,
        scale: str | None,
        min_sampling_interval: timedelta,
        max_sampling_interval: timedelta,
    ) -> None:
        """Remember the VEN's resources (targets by resource_id); no report is requested."""
        if resource_id:
            await self._in_database(lambda conn: add_resource(conn, ven_id, resource_id))

    # --- events -------------------------------------------------------------------------------

    def _events_for(self, ven_id: str) -> tuple[VenEvent, ...]:
        return self.ven_events.get(ven_id, ())

    async def _poll(self, ven_id: str) -> Any:
        """A distribution when the VEN's events changed since the last one it was sent."""
        held = self._events_for(ven_id)
        versions = frozenset(event.version for event in held)
        if self.delivered.get(ven_id) == versions:
            return None
        self.delivered[ven_id] = versions
        if not held:
            return None
        return "oadrDistributeEvent", {"events": [build_openadr_event(e) for e in held]}

    async def _request_event(self, ven_id: str) -> Any:
        held = self._events_for(ven_id)
        self.delivered[ven_id] = frozenset(event.version for event in held)
        return [build_openadr_event(e) for e in held] or None

    async def _created_event(self, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        ven_id = str(payload["ven_id"])
        for response in payload.get("event_responses") or []:
            event_id = parse_event_id(response.get("event_id", ""))
            try:
                opt_type = OptType(response.get("opt_type"))
            except ValueError:
                event_id = None
            if event_id is None:
                raise errors.InvalidIdError(f"no event {response.get('event_id')!r} here")
            modification_number = int(response.get("modification_number") or 0)
            outcome = await self._in_database(
                partial(
                    record_opt,
                    ven_id=ven_id,
                    event_id=event_id,
                    opt_type=opt_type,
                    modification_number=modification_number,
                )
            )
            logger.info("VEN %s answered %s to event %s: %s", ven_id, opt_type, event_id, outcome)
        return "oadrResponse", {}


def build_vtn(
    database_url: str,
    host: str = "127.0.0.1",
    port: int = 8080,
    poll_every: timedelta = timedelta(seconds=10),
    resync_s: float = 5.0,
    tls: VtnTls | None = None,
) -> GridOpsVtn:
    """The VTN (not started: `await vtn.start()`, `await vtn.stop()`); over HTTPS with tls."""
    return GridOpsVtn(database_url, host, port, poll_every=poll_every, resync_s=resync_s, tls=tls)


def sync_events(server: GridOpsVtn, conn: psycopg.Connection) -> None:
    """Reload every VEN's events now (after a DR event is published, modified or cancelled in
    this process); VENs see the change on their next poll."""
    server.ven_events = select_ven_events(conn)


async def serve_vtn(vtn: GridOpsVtn, stop: asyncio.Event | None = None) -> None:
    """Run the VTN until stop is set (or forever)."""
    await vtn.start()
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        await vtn.stop()
