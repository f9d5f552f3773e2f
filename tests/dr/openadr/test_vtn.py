"""The OpenADR 2.0b VTN against real openleadr VENs, over HTTP, with PostgreSQL behind it.

Each test runs its own event loop (asyncio.run): the VTN on a free port, real OpenADRClient VENs
polling it every second. DR programs, events and participants are written with SQL here, as the
DR core would write them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from openleadr import OpenADRClient

from dr.openadr.event import OptType, record_opt
from dr.openadr.ven import VenRegistrationError, register_ven
from dr.openadr.vtn import GridOpsVtn, build_vtn, sync_events
from gis.migrate import upgrade
from tests.conftest import create_database, drop_database
from tests.ports import free_port

GRID_SQL = """
INSERT INTO substation (id, code, name, capacity_mva, geom)
VALUES (1, 'S1', 'Test substation', 40, ST_SetSRID(ST_MakePoint(104.06, 30.66), 4326));
INSERT INTO feeder (id, code, substation_id, geom)
VALUES (1, 'F1', 1, ST_Multi(ST_SetSRID(
    ST_MakeLine(ST_MakePoint(104.06, 30.66), ST_MakePoint(104.09, 30.67)), 4326)));
INSERT INTO transformer (id, code, feeder_id, capacity_kva, geom)
VALUES (1, 'T1', 1, 400, ST_SetSRID(ST_MakePoint(104.065, 30.665), 4326)),
       (2, 'T2', 1, 400, ST_SetSRID(ST_MakePoint(104.085, 30.665), 4326));
INSERT INTO customer (id, account_no, transformer_id, customer_type, contracted_kw, geom)
SELECT i, 'A' || i, 1, 'residential', 8,
       ST_SetSRID(ST_MakePoint(104.065 + i * 0.0001, 30.665), 4326)
FROM generate_series(1, 4) AS i;
INSERT INTO dr_program (name, incentive_per_kwh, max_events_per_month, notice_lead)
VALUES ('Summer peak', 0.8, 10, interval '30 minutes')
"""

# A published event for one customer of transformer 1 (a participant), an hour from now.
CUSTOMER_EVENT_SQL = """
WITH event AS (
    INSERT INTO dr_event (program_id, title, starts_at, ends_at, target_kw, transformer_ids,
                          status, response_deadline)
    SELECT id, 'Evening peak T1', now() + interval '1 hour', now() + interval '3 hours', 50,
           '{1}', 'published', now() + interval '30 minutes'
    FROM dr_program
    RETURNING id
)
INSERT INTO dr_participant (event_id, customer_id, transformer_id, token_hash, expected_kw)
SELECT event.id, %(customer)s, 1, repeat(%(token)s, 64), 2 FROM event
RETURNING event_id
"""

# A published event drawn as an area around transformer 2 (no transformer list).
AREA_EVENT_SQL = """
INSERT INTO dr_event (program_id, title, starts_at, ends_at, target_kw, geom, status,
                      response_deadline)
SELECT id, 'Area around T2', now() + interval '2 hours', now() + interval '4 hours', 30,
       ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(104.085, 30.665), 4326), 0.002)),
       'published', now() + interval '1 hour'
FROM dr_program
RETURNING id
"""

POLL_EVERY = timedelta(seconds=1)


def run_loop(coroutine: Any) -> Any:
    """asyncio.run in a thread of its own: the session's Playwright browser keeps an event loop
    running in the main thread once a browser test has run."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@contextmanager
def openadr_database(maintenance_url: str, name: str) -> Iterator[str]:
    """A database of its own: every migration, two transformers, four customers, a program;
    dropped after."""
    name, url = create_database(maintenance_url, name)
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
        for statement in GRID_SQL.split(";"):
            conn.execute(statement)
    try:
        yield url
    finally:
        drop_database(maintenance_url, name)


@pytest.fixture(scope="module")
def openadr_db_url(maintenance_url: str) -> Iterator[str]:
    with openadr_database(maintenance_url, "gridops_test_openadr") as url:
        yield url


def query(url: str, statement: str, params: Any = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


async def eventually(check: Callable[[], Any], timeout_s: float = 8.0) -> Any:
    """check()'s first truthy answer (run in a thread: it may query the database)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        found = await asyncio.to_thread(check)
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {timeout_s} s: {check}")
        await asyncio.sleep(0.1)


@dataclass
class Ven:
    """A real openleadr VEN that opts in to everything and remembers what it was sent."""

    client: Any
    seen: list[tuple[str, int, str]] = field(default_factory=list)  # (event, modification, status)
    distributions: int = 0

    @classmethod
    def make(cls, name: str, port: int) -> Ven:
        ven = cls(
            OpenADRClient(ven_name=name, vtn_url=f"http://127.0.0.1:{port}/OpenADR2/Simple/2.0b")
        )
        ven.client.add_handler("on_event", ven.answer)
        ven.client.add_handler("on_update_event", ven.answer)
        ven.client.add_hook("after_parse_xml", ven.count)
        return ven

    async def answer(self, event: dict[str, Any]) -> str:
        descriptor = event["event_descriptor"]
        self.seen.append(
            (descriptor["event_id"], descriptor["modification_number"], descriptor["event_status"])
        )
        return "optIn"

    def count(self, message_type: str, _payload: dict[str, Any]) -> None:
        if message_type == "oadrDistributeEvent":
            self.distributions += 1

    def event_ids(self) -> set[str]:
        return {e["event_descriptor"]["event_id"] for e in self.client.received_events}


async def started_vtn(url: str, port: int) -> GridOpsVtn:
    vtn = build_vtn(url, "127.0.0.1", port, poll_every=POLL_EVERY, resync_s=0.3)
    await vtn.start()
    return vtn


def test_a_registered_ven_gets_its_events_opts_in_and_keeps_its_registration_over_restarts(
    openadr_db_url: str,
) -> None:
    """Rule: "registrations, events and responses kept in PostgreSQL so that a restart loses
    nothing" — the VEN registers once, receives the event that targets its customer, opts in
    (openadr_opt and dr_participant), then keeps its registration and its events across a VTN
    restart; a modification and a cancellation reach it on its next poll."""
    url = openadr_db_url
    with psycopg.connect(url) as conn:
        home_ven_id = register_ven(conn, "ven-home-1", customer_id=1)
        area_ven_id = register_ven(conn, "ven-feeder-t2", transformer_id=2)
    event_id = query(url, CUSTOMER_EVENT_SQL, {"customer": 1, "token": "a"})[0][0]
    area_event_id = query(url, AREA_EVENT_SQL)[0][0]
    port = free_port()

    async def scenario() -> None:
        vtn = await started_vtn(url, port)
        home, area = Ven.make("ven-home-1", port), Ven.make("ven-feeder-t2", port)
        try:
            await home.client.run()
            await area.client.run()
            assert home.client.ven_id == home_ven_id
            registration_id = home.client.registration_id
            stored = query(
                url, "SELECT registration_id FROM openadr_ven WHERE ven_id = %s", (home_ven_id,)
            )
            assert stored == [(registration_id,)]

            # The event reaches the customer's VEN, the area event the transformer's VEN.
            assert home.event_ids() == {f"dr-event-{event_id}"}
            assert area.event_ids() == {f"dr-event-{area_event_id}"}
            opt = await eventually(
                lambda: query(
                    url,
                    "SELECT opt_type, modification_number FROM openadr_opt "
                    "WHERE event_id = %s AND ven_id = %s",
                    (event_id, home_ven_id),
                )
            )
            assert opt == [("optIn", 0)]
            participant = query(
                url,
                "SELECT response FROM dr_participant WHERE event_id = %s AND customer_id = 1",
                (event_id,),
            )
            assert participant == [("opt_in",)]
            await eventually(
                lambda: query(
                    url,
                    "SELECT 1 FROM openadr_opt WHERE event_id = %s AND ven_id = %s",
                    (area_event_id, area_ven_id),
                )
            )

            # The VTN stops and starts again; the VENs go on polling the new one.
            await vtn.stop()
            before = home.distributions
            vtn = await started_vtn(url, port)
            await eventually(lambda: home.distributions > before)
            assert home.client.registration_id == registration_id
            assert home.event_ids() == {f"dr-event-{event_id}"}
            assert home.seen == [
                (f"dr-event-{event_id}", 0, "far")
            ]  # the same event, not a new one
            assert query(
                url, "SELECT registration_id FROM openadr_ven WHERE ven_id = %s", (home_ven_id,)
            ) == [(registration_id,)]

            # Modified: the VEN is sent modification 1 and answers it.
            query(
                url,
                "UPDATE dr_event SET target_kw = 60, "
                "modification_number = modification_number + 1 WHERE id = %s",
                (event_id,),
            )
            with psycopg.connect(url) as conn:
                sync_events(vtn, conn)
            await eventually(lambda: (f"dr-event-{event_id}", 1, "far") in home.seen)
            await eventually(
                lambda: query(
                    url,
                    "SELECT 1 FROM openadr_opt WHERE event_id = %s AND ven_id = %s "
                    "AND modification_number = 1",
                    (event_id, home_ven_id),
                )
            )

            # Cancelled: the VEN is sent the event as cancelled, with a higher modification.
            query(url, "UPDATE dr_event SET status = 'cancelled' WHERE id = %s", (event_id,))
            await eventually(
                lambda: any(
                    seen[0] == f"dr-event-{event_id}" and seen[2] == "cancelled"
                    for seen in home.seen
                )
            )
            cancelled = [seen for seen in home.seen if seen[2] == "cancelled"]
            assert cancelled == [(f"dr-event-{event_id}", 2, "cancelled")]
            await eventually(
                lambda: query(
                    url,
                    "SELECT 1 FROM openadr_opt WHERE event_id = %s AND ven_id = %s "
                    "AND modification_number = 2",
                    (event_id, home_ven_id),
                )
            )
            await eventually(lambda: home_ven_id not in vtn.ven_events)
            assert query(
                url, "SELECT count(*) FROM openadr_ven WHERE registration_id IS NOT NULL"
            ) == [(2,)]
        finally:
            await home.client.stop()
            await area.client.stop()
            await vtn.stop()

    run_loop(scenario())


def test_an_unknown_ven_is_refused(openadr_db_url: str) -> None:
    """Rule: "VENs registered to customers or transformers" — a VEN nobody registered gets no
    registration, and a poll with a made-up venID is told to register again."""
    port = free_port()

    async def scenario() -> None:
        vtn = await started_vtn(openadr_db_url, port)
        stranger = Ven.make("ven-nobody", port)
        forger = Ven.make("ven-forger", port)
        forger.client.ven_id = "ven_made_up"
        try:
            await stranger.client.run()  # refused: openleadr's client gives up and stops
            assert stranger.client.registration_id is None
            message_type, _ = await forger.client.poll()
            assert message_type == "oadrRequestReregistration"
        finally:
            await forger.client.stop()
            await vtn.stop()

    run_loop(scenario())
    assert query(
        openadr_db_url, "SELECT count(*) FROM openadr_ven WHERE ven_name = 'ven-nobody'"
    ) == [(0,)]


def test_a_restarted_ven_registers_again_and_keeps_its_registration(openadr_db_url: str) -> None:
    """Rule: a VEN that registers again (its own restart, with or without its venID) keeps the
    registration the database holds, also when the VTN was restarted in between."""
    with psycopg.connect(openadr_db_url) as conn:
        ven_id = register_ven(conn, "ven-restarting", customer_id=2)
    port = free_port()

    async def register_once(with_ven_id: str | None) -> tuple[str, str]:
        vtn = await started_vtn(openadr_db_url, port)
        ven = Ven.make("ven-restarting", port)
        ven.client.ven_id = with_ven_id
        try:
            await ven.client.create_party_registration(ven_id=with_ven_id)
            return ven.client.ven_id, ven.client.registration_id
        finally:
            await ven.client.stop()
            await vtn.stop()

    first = run_loop(register_once(None))
    again = run_loop(register_once(ven_id))
    assert first[0] == ven_id
    assert again == first


def test_the_latest_answer_counts_and_reaches_the_customer_only_before_the_deadline(
    openadr_db_url: str,
) -> None:
    """Rule: "repeated responses (the last one before the deadline counts)" — a VEN's answer to
    an older modification is ignored, an unchanged answer leaves the customer's response time
    alone, and after the response deadline openadr_opt still records the VEN's answer but the
    customer's participation no longer changes."""
    url = openadr_db_url
    with psycopg.connect(url) as conn:
        ven_id = register_ven(conn, "ven-home-4", customer_id=4)
    event_id = query(url, CUSTOMER_EVENT_SQL, {"customer": 4, "token": "d"})[0][0]
    query(url, "UPDATE dr_event SET modification_number = 1 WHERE id = %s", (event_id,))

    def answer(opt: OptType, modification: int) -> tuple[bool, bool]:
        with psycopg.connect(url) as conn:
            outcome = record_opt(conn, ven_id, event_id, opt, modification)
        return outcome.recorded, outcome.mirrored

    def participant() -> list[tuple[Any, ...]]:
        return query(
            url,
            "SELECT response, responded_at FROM dr_participant "
            "WHERE event_id = %s AND customer_id = 4",
            (event_id,),
        )

    assert answer(OptType.OPT_IN, 1) == (True, True)
    first = participant()
    assert first[0][0] == "opt_in"
    assert answer(OptType.OPT_IN, 1) == (True, False)  # the same answer again
    assert participant() == first
    assert answer(OptType.OPT_OUT, 0) == (False, False)  # an older modification's answer
    assert participant() == first
    query(
        url,
        "UPDATE dr_event SET response_deadline = now() - interval '1 minute' WHERE id = %s",
        (event_id,),
    )
    assert answer(OptType.OPT_OUT, 1) == (True, False)  # after the deadline
    assert participant() == first
    assert query(
        url,
        "SELECT opt_type FROM openadr_opt WHERE event_id = %s AND ven_id = %s",
        (event_id, ven_id),
    ) == [("optOut",)]


def test_a_ven_is_registered_to_one_customer_or_one_transformer(openadr_db_url: str) -> None:
    """Rule: a VEN belongs to a customer or a transformer, and registering its name again moves
    it without changing its ven_id."""
    with psycopg.connect(openadr_db_url) as conn:
        with pytest.raises(VenRegistrationError):
            register_ven(conn, "ven-both", customer_id=1, transformer_id=1)
        with pytest.raises(VenRegistrationError):
            register_ven(conn, "ven-neither")
        with pytest.raises(VenRegistrationError):
            register_ven(conn, "ven-ghost", customer_id=999)
    with psycopg.connect(openadr_db_url) as conn:
        first = register_ven(conn, "ven-moving", customer_id=2)
        again = register_ven(conn, "ven-moving", customer_id=3)
        assert first == again
        row = conn.execute("SELECT customer_id FROM openadr_ven WHERE ven_id = %s", (first,))
        assert row.fetchall() == [(3,)]


def test_a_ven_with_a_resource_is_sent_the_kw_asked_of_it_and_the_cancellation(
    openadr_db_url: str,
) -> None:
    """Rule: "simple and load-control signals, targets by ven_id or resource" — a VEN that
    registered a resource (oadrRegisterReport) is sent the event targeted at its venID and its
    resource, with a SIMPLE level and a LOAD_DISPATCH delta of its customer's requested kW
    (powerReal, scale k; shedding is negative); dr.event.cancel reaches it on a later poll as a
    cancelled event — even though its answer never arrived — and the participant is sent a
    dr_cancelled notice."""
    from dr.event import cancel

    url = openadr_db_url
    with psycopg.connect(url) as conn:
        ven_id = register_ven(conn, "ven-meter-3", customer_id=3)
    port = free_port()

    async def scenario() -> int:
        vtn = await started_vtn(url, port)
        ven = Ven.make("ven-meter-3", port)
        ven.client.add_report(
            callback=lambda: 1.2,
            resource_id="meter-3",
            measurement="power_real",
            report_duration=timedelta(hours=1),
        )
        try:
            await ven.client.run()
            await eventually(
                lambda: (
                    query(url, "SELECT resource_ids FROM openadr_ven WHERE ven_id = %s", (ven_id,))
                    == [(["meter-3"],)]
                )
            )
            event_id = query(url, CUSTOMER_EVENT_SQL, {"customer": 3, "token": "c"})[0][0]
            query(
                url, "UPDATE dr_participant SET expected_kw = 2.5 WHERE event_id = %s", (event_id,)
            )
            openadr_id = f"dr-event-{event_id}"
            await eventually(lambda: openadr_id in ven.event_ids())
            event = next(
                e
                for e in ven.client.received_events
                if e["event_descriptor"]["event_id"] == openadr_id
            )
            targets = {(k, v) for target in event["targets"] for k, v in target.items() if v}
            assert targets == {("ven_id", ven_id), ("resource_id", "meter-3")}
            signals = {s["signal_name"]: s for s in event["event_signals"]}
            assert signals["SIMPLE"]["intervals"][0]["signal_payload"] == 1.0
            dispatch = signals["LOAD_DISPATCH"]
            assert dispatch["signal_type"] == "delta"
            assert dispatch["intervals"][0]["signal_payload"] == -2.5
            assert dispatch["measurement"]["name"] == "powerReal"
            assert dispatch["measurement"]["scale"] == "k"
            await eventually(
                lambda: query(url, "SELECT 1 FROM openadr_opt WHERE event_id = %s", (event_id,))
            )
            # as if its answer had never arrived: a VEN that held the event and never answered
            # it must hear of the cancellation all the same
            query(url, "DELETE FROM openadr_opt WHERE event_id = %s", (event_id,))

            def call_off() -> int:
                with psycopg.connect(url) as conn:
                    return cancel(conn, event_id)[1]

            told = await asyncio.to_thread(call_off)
            await eventually(
                lambda: (openadr_id, 2, "cancelled") in ven.seen  # modification 1 + 1
            )
            return told
        finally:
            await ven.client.stop()
            await vtn.stop()

    assert run_loop(scenario()) == 1
