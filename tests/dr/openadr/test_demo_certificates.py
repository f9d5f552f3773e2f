"""The VTN's certificates: the checks that give one clear line, and `gridops vtn-certs`.

The certificates are made at test time by the demo CA in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from dr.openadr.demo_certificates import DemoCertificates, make_demo_certificates
from dr.openadr.settings import VtnSettings
from dr.openadr.tls import VtnCertificateError, load_vtn_tls


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> DemoCertificates:
    return make_demo_certificates(tmp_path_factory.mktemp("openadr-pki"), ven_names=("ven-a",))


def test_the_vtn_certificates_are_checked_with_one_clear_error(
    certificates: DemoCertificates, tmp_path: Path
) -> None:
    """Rule: bad paths or a key not matching the certificate give a clear one-line error."""
    vtn, ven = certificates.vtn, certificates.vens["ven-a"]
    not_pem = tmp_path / "notes.pem"
    not_pem.write_text("not a certificate")
    cases = {
        "is not the key of": VtnSettings(cert=vtn.cert, key=ven.key, ca_file=certificates.ca_file),
        "cannot read GRIDOPS_VTN_CERT": VtnSettings(
            cert=tmp_path / "missing.pem", key=vtn.key, ca_file=certificates.ca_file
        ),
        "is not a PEM certificate": VtnSettings(
            cert=not_pem, key=vtn.key, ca_file=certificates.ca_file
        ),
        "holds no PEM certificate": VtnSettings(cert=vtn.cert, key=vtn.key, ca_file=not_pem),
        "is not a PEM private key": VtnSettings(
            cert=vtn.cert, key=not_pem, ca_file=certificates.ca_file
        ),
        "GRIDOPS_VTN_CA_FILE is not set": VtnSettings(cert=vtn.cert, key=vtn.key),
        "are set together": VtnSettings(cert=vtn.cert, ca_file=certificates.ca_file),
    }
    for expected, settings in cases.items():
        with pytest.raises(VtnCertificateError, match=expected) as raised:
            load_vtn_tls(settings)
        assert "\n" not in str(raised.value)
    assert load_vtn_tls(VtnSettings()) is None


def test_vtn_certs_makes_a_demo_pki_the_vtn_accepts_and_says_how_to_use_it(
    tmp_path: Path,
) -> None:
    """Rule: an operator can try TLS locally with `gridops vtn-certs DIR`; the keys are the
    owner's only, and nothing is overwritten (a second run is one clear line)."""
    directory = tmp_path / "pki"
    made = CliRunner().invoke(app, ["vtn-certs", str(directory), "--ven", "ven-a"])
    assert made.exit_code == 0, made.output
    assert f"export GRIDOPS_VTN_CA_FILE={directory / 'ca.pem'}" in made.output
    assert f"gridops ven-register ven-a --customer ID --cert {directory / 'ven-a.pem'}" in (
        made.output
    )
    assert {p.name for p in directory.iterdir()} == {
        "ca.pem", "vtn.pem", "vtn-key.pem", "ven-a.pem", "ven-a-key.pem"
    }  # fmt: skip
    assert (directory / "vtn-key.pem").stat().st_mode & 0o777 == 0o600
    settings = VtnSettings(
        cert=directory / "vtn.pem", key=directory / "vtn-key.pem", ca_file=directory / "ca.pem"
    )
    assert load_vtn_tls(settings) is not None

    again = CliRunner().invoke(app, ["vtn-certs", str(directory)])
    assert again.exit_code == 1
    assert again.stderr.strip().splitlines() == [
        f"gridops: {directory} already holds ca.pem, vtn.pem, vtn-key.pem"
    ]


def test_gridops_vtn_with_a_key_not_of_its_certificate_fails_with_one_line(
    certificates: DemoCertificates,
) -> None:
    """Rule: "a key not matching the certificate: a clear one-line error from the CLI"."""
    env = {
        "GRIDOPS_VTN_CERT": str(certificates.vtn.cert),
        "GRIDOPS_VTN_KEY": str(certificates.vens["ven-a"].key),
        "GRIDOPS_VTN_CA_FILE": str(certificates.ca_file),
    }
    result = CliRunner().invoke(app, ["vtn"], env=env)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"gridops: GRIDOPS_VTN_KEY {env['GRIDOPS_VTN_KEY']} is not the key of "
        f"GRIDOPS_VTN_CERT {env['GRIDOPS_VTN_CERT']}"
    ]


def test_demo_certificate_files_are_named_after_safe_ven_names_only(tmp_path: Path) -> None:
    """Rule: a VEN name becomes a file name, so it cannot climb out of DIR or replace the
    VTN's files."""
    from dr.openadr.demo_certificates import DemoCertificateError

    for name in ("../ven", "vtn", "ven a"):
        with pytest.raises(DemoCertificateError, match="VEN name"):
            make_demo_certificates(tmp_path, ven_names=(name,))
    assert list(tmp_path.iterdir()) == []
