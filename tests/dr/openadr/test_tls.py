"""The OpenADR 2.0b VTN over HTTPS against real openleadr VENs with client certificates.

OpenADR 2.0b secures the VTN-VEN exchange with TLS, client certificates and (optionally) XML
signatures, and identifies a VEN by its certificate's fingerprint. The certificates are made at
test time by the demo CA (dr/openadr/demo_certificates.py) in a temporary directory; the VTN is
on a free port of 127.0.0.1, as in test_vtn.py, whose helpers these tests share."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import partial
from typing import Any

import psycopg
import pytest
from openleadr import OpenADRClient, enums
from openleadr.messaging import create_message

from dr.openadr.demo_certificates import DemoCertificates, make_demo_certificates
from dr.openadr.settings import VtnSettings
from dr.openadr.tls import VtnTls, load_vtn_tls
from dr.openadr.ven import register_ven
from dr.openadr.vtn import GridOpsVtn, build_vtn
from tests.dr.openadr.test_vtn import (
    CUSTOMER_EVENT_SQL,
    POLL_EVERY,
    Ven,
    eventually,
    openadr_database,
    query,
    run_loop,
)
from tests.ports import free_port

VENS = (
    "ven-tls-home",
    "ven-tls-victim",
    "ven-tls-impostor",
    "ven-tls-unvouched",
    "ven-tls-signer",
    "ven-tls-unsigned",
)


@pytest.fixture(scope="module")
def tls_db_url(maintenance_url: str) -> Iterator[str]:
    """A database of its own, as test_vtn.py's: two transformers, four customers."""
    with openadr_database(maintenance_url, "gridops_test_openadr_tls") as url:
        yield url


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> DemoCertificates:
    return make_demo_certificates(tmp_path_factory.mktemp("openadr-pki"), ven_names=VENS)


@pytest.fixture(scope="module")
def tls(certificates: DemoCertificates) -> VtnTls:
    settings = VtnSettings(
        cert=certificates.vtn.cert, key=certificates.vtn.key, ca_file=certificates.ca_file
    )
    checked = load_vtn_tls(settings)
    assert checked is not None
    return checked


def tls_ven(
    name: str, vtn: GridOpsVtn, certificates: DemoCertificates, presenting: str | None = None
) -> Ven:
    """A real openleadr VEN over HTTPS with the client certificate of `presenting` (its own by
    default), checking the VTN's signatures against the VTN's fingerprint."""
    files = certificates.vens[presenting or name]
    ven = Ven(
        OpenADRClient(
            ven_name=name,
            vtn_url=vtn.url,
            cert=str(files.cert),
            key=str(files.key),
            ca_file=str(certificates.ca_file),
            vtn_fingerprint=certificates.vtn.fingerprint,
            show_fingerprint=False,
        )
    )
    ven.client.add_handler("on_event", ven.answer)
    ven.client.add_handler("on_update_event", ven.answer)
    ven.client.add_hook("after_parse_xml", ven.count)
    return ven


async def started_vtn(url: str, port: int, tls: VtnTls) -> GridOpsVtn:
    vtn = build_vtn(url, "127.0.0.1", port, poll_every=POLL_EVERY, resync_s=0.3, tls=tls)
    await vtn.start()
    return vtn


def registration(url: str, ven_name: str) -> list[tuple[Any, ...]]:
    return query(
        url, "SELECT registration_id, fingerprint FROM openadr_ven WHERE ven_name = %s", (ven_name,)
    )


def test_a_ven_with_its_registered_certificate_gets_its_event_over_https_and_opts_in(
    tls_db_url: str, certificates: DemoCertificates, tls: VtnTls
) -> None:
    """Rule: OpenADR 2.0b runs over TLS with client certificates, and a VEN is known by the
    fingerprint of its certificate — a VEN registered with the fingerprint of its certificate
    registers over HTTPS, receives the event for its customer in messages the VTN signed, and
    its (signed) opt-in reaches openadr_opt, dr_participant and the API's response count."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    url = tls_db_url
    home = certificates.vens["ven-tls-home"]
    with psycopg.connect(url) as conn:
        ven_id = register_ven(conn, "ven-tls-home", customer_id=1, fingerprint=home.fingerprint)
    event_id = query(url, CUSTOMER_EVENT_SQL, {"customer": 1, "token": "e"})[0][0]
    port = free_port()

    async def scenario() -> None:
        vtn = await started_vtn(url, port, tls)
        assert vtn.url.startswith("https://")
        ven = tls_ven("ven-tls-home", vtn, certificates)
        try:
            await ven.client.run()
            assert ven.client.ven_id == ven_id
            assert ven.event_ids() == {f"dr-event-{event_id}"}
            await eventually(
                lambda: query(
                    url,
                    "SELECT opt_type FROM openadr_opt WHERE event_id = %s AND ven_id = %s",
                    (event_id, ven_id),
                )
            )
        finally:
            await ven.client.stop()
            await vtn.stop()

    run_loop(scenario())
    assert registration(url, "ven-tls-home")[0][1] == home.fingerprint
    assert query(
        url,
        "SELECT response FROM dr_participant WHERE event_id = %s AND customer_id = 1",
        (event_id,),
    ) == [("opt_in",)]
    with TestClient(create_app(url)) as api:
        answer = api.get(f"/api/v1/dr-events/{event_id}")
    assert answer.status_code == 200
    assert answer.json()["responses"]["opt_in"] == 1


def test_a_ven_presenting_another_certificate_is_refused(
    tls_db_url: str, certificates: DemoCertificates, tls: VtnTls
) -> None:
    """Rule: "a VEN's messages must be checked against the fingerprint registered for it" — a
    VEN with a certificate from the same CA but not the one registered for the name it gives
    gets no registration (and the registered fingerprint stays), a VEN whose fingerprint was
    never registered gets none either, and a poll with another VEN's venID but its own
    certificate is answered 452 (not registered or authorized), not with the VEN's events."""
    url = tls_db_url
    victim = certificates.vens["ven-tls-victim"]
    with psycopg.connect(url) as conn:
        register_ven(conn, "ven-tls-victim", customer_id=2, fingerprint=victim.fingerprint)
        register_ven(conn, "ven-tls-unvouched", customer_id=3)  # no fingerprint
    query(url, CUSTOMER_EVENT_SQL, {"customer": 2, "token": "f"})
    port = free_port()

    async def scenario() -> tuple[Any, Any]:
        vtn = await started_vtn(url, port, tls)
        impostor = tls_ven("ven-tls-victim", vtn, certificates, presenting="ven-tls-impostor")
        unvouched = tls_ven("ven-tls-unvouched", vtn, certificates)
        genuine = tls_ven("ven-tls-victim", vtn, certificates)
        thief = tls_ven("ven-tls-victim", vtn, certificates, presenting="ven-tls-impostor")
        try:
            await impostor.client.run()  # refused: openleadr's client gives up and stops
            assert impostor.client.registration_id is None
            assert registration(url, "ven-tls-victim") == [(None, victim.fingerprint)]
            await unvouched.client.run()
            assert unvouched.client.registration_id is None

            await genuine.client.create_party_registration()
            assert genuine.client.registration_id is not None
            thief.client.ven_id = genuine.client.ven_id  # a stolen venID, its own certificate
            return await thief.client.poll()
        finally:
            for ven in (impostor, unvouched, genuine, thief):
                if ven.client.client_session is not None:
                    await ven.client.stop()
            await vtn.stop()

    message_type, payload = run_loop(scenario())
    assert message_type == "oadrResponse"
    assert payload["response"]["response_code"] == enums.STATUS_CODES.NOT_REGISTERED_OR_AUTHORIZED
    assert registration(url, "ven-tls-unvouched") == [(None, None)]


def test_over_https_a_ven_signs_its_messages_with_its_own_certificate(
    tls_db_url: str,
    certificates: DemoCertificates,
    tls: VtnTls,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Rule: with signing on, a VEN's messages are "checked against the fingerprint registered
    for it" — its first registration too, which openleadr does not check: a VEN that does not
    sign, or signs with a certificate other than its TLS one, gets no registration, and an
    unsigned poll of a registered VEN is refused (403), not a server error."""
    url = tls_db_url
    signer = certificates.vens["ven-tls-signer"]
    with psycopg.connect(url) as conn:
        register_ven(conn, "ven-tls-signer", customer_id=4, fingerprint=signer.fingerprint)
    other = certificates.vens["ven-tls-impostor"]
    port = free_port()

    async def scenario() -> list[Any]:
        vtn = await started_vtn(url, port, tls)
        unsigned = tls_ven("ven-tls-signer", vtn, certificates)
        unsigned.client._create_message = partial(create_message, disable_signature=True)
        misattributed = tls_ven("ven-tls-signer", vtn, certificates)
        misattributed.client._create_message = partial(
            create_message, cert=other.cert.read_bytes(), key=other.key.read_bytes()
        )
        genuine = tls_ven("ven-tls-signer", vtn, certificates)
        try:
            await unsigned.client.create_party_registration()
            await misattributed.client.create_party_registration()
            await genuine.client.create_party_registration()
            unsigned.client.ven_id = genuine.client.ven_id
            await unsigned.client.poll()
            return [v.client.registration_id for v in (unsigned, misattributed, genuine)]
        finally:
            for ven in (unsigned, misattributed, genuine):
                await ven.client.stop()
            await vtn.stop()

    with caplog.at_level(logging.WARNING, logger="dr.openadr.signatures"):
        unsigned_id, misattributed_id, genuine_id = run_loop(scenario())
    assert (unsigned_id, misattributed_id) == (None, None)
    assert genuine_id is not None
    refusals = [r.message for r in caplog.records if r.name == "dr.openadr.signatures"]
    assert [reason.split(": ", 1)[1] for reason in refusals] == [
        "the message is not signed (OpenADR XML signature)",
        "the message is not signed with the TLS client certificate",
        "the message is not signed (OpenADR XML signature)",  # the poll
    ]
    assert "The VTN server encountered an error" not in caplog.text


def test_with_signing_off_the_vtn_still_requires_the_registered_certificate(
    tls_db_url: str, certificates: DemoCertificates
) -> None:
    """Rule: GRIDOPS_VTN_SIGN_MESSAGES=false turns XML signatures off, not TLS: the VTN's
    messages carry no signature and an unsigned VEN is served, but only with the certificate
    registered for it."""
    url = tls_db_url
    own = certificates.vens["ven-tls-unsigned"]
    with psycopg.connect(url) as conn:
        register_ven(conn, "ven-tls-unsigned", customer_id=4, fingerprint=own.fingerprint)
    settings = VtnSettings(
        cert=certificates.vtn.cert,
        key=certificates.vtn.key,
        ca_file=certificates.ca_file,
        sign_messages=False,
    )
    unsigned_tls = load_vtn_tls(settings)
    assert unsigned_tls is not None
    port = free_port()
    received: list[str] = []

    async def scenario() -> tuple[Any, Any, Any]:
        vtn = await started_vtn(url, port, unsigned_tls)
        ven = tls_ven("ven-tls-unsigned", vtn, certificates)
        impostor = tls_ven("ven-tls-unsigned", vtn, certificates, presenting="ven-tls-impostor")
        for client in (ven.client, impostor.client):
            client.vtn_fingerprint = None  # nothing to check: the VTN does not sign
            client._create_message = partial(create_message, disable_signature=True)
        ven.client.add_hook("after_receive_xml", received.append)
        try:
            await ven.client.create_party_registration()
            await impostor.client.create_party_registration()
            polled, _ = await ven.client.poll()
            return ven.client.registration_id, impostor.client.registration_id, polled
        finally:
            await ven.client.stop()
            await impostor.client.stop()
            await vtn.stop()

    registered, refused, polled = run_loop(scenario())
    assert registered is not None and refused is None
    assert polled in {"oadrResponse", "oadrDistributeEvent"}
    assert received and not any("X509Certificate" in message for message in received)


def test_a_vtn_without_certificates_serves_plain_http_and_says_it_is_for_a_trusted_network(
    tls_db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Rule: without a certificate and key the VTN keeps plain HTTP "but logs a clear warning
    that it is for a trusted network/demo only"."""
    port = free_port()

    async def scenario() -> str:
        vtn = build_vtn(tls_db_url, "127.0.0.1", port)
        await vtn.start()
        await vtn.stop()
        return vtn.url

    with caplog.at_level(logging.WARNING, logger="dr.openadr.vtn"):
        assert run_loop(scenario()).startswith("http://")
    assert any("plain HTTP" in r.message and "trusted network" in r.message for r in caplog.records)


def test_ven_register_takes_the_fingerprint_given_or_that_of_a_certificate(
    tls_db_url: str, certificates: DemoCertificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule: `gridops ven-register` accepts --fingerprint, or --cert from which the fingerprint
    is computed (openleadr.utils.certificate_fingerprint); a malformed one is one clear line."""
    from typer.testing import CliRunner

    from app.cli import app
    from gis.settings import database_settings
    from identity.audit import query

    monkeypatch.setenv("GRIDOPS_DATABASE_URL", tls_db_url)
    database_settings.cache_clear()
    try:
        home = certificates.vens["ven-tls-home"]
        runner = CliRunner()
        by_cert = runner.invoke(
            app, ["ven-register", "ven-cli", "--customer", "1", "--cert", str(home.cert)]
        )
        assert by_cert.exit_code == 0, by_cert.output
        assert registration(tls_db_url, "ven-cli") == [(None, home.fingerprint)]
        typed = home.fingerprint.replace(":", "").lower()  # as an operator may type it
        by_text = runner.invoke(
            app, ["ven-register", "ven-cli-2", "--transformer", "2", "--fingerprint", typed]
        )
        assert by_text.exit_code == 0, by_text.output
        assert registration(tls_db_url, "ven-cli-2") == [(None, home.fingerprint)]
        bad = runner.invoke(
            app, ["ven-register", "ven-cli-3", "--customer", "1", "--fingerprint", "AB:CD"]
        )
        assert bad.exit_code == 1
        assert bad.stderr.startswith("gridops: fingerprint 'AB:CD': 10 hexadecimal bytes")
        assert registration(tls_db_url, "ven-cli-3") == []
        with psycopg.connect(tls_db_url) as conn:
            audited = [
                (row.object_id, row.summary.get("customer_id"))
                for row in query(conn, action="dr_program.manage")
            ]
        assert [a for a in audited if a[0].startswith("ven-cli")] == [
            ("ven-cli-2", None),
            ("ven-cli", 1),
        ]
    finally:
        database_settings.cache_clear()
