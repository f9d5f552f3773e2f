"""A demo certificate authority with a VTN certificate and VEN client certificates, to try the
VTN over HTTPS locally (`gridops vtn-certs DIR`) and to test it.

Keys are EC P-256 (OpenADR 2.0b allows ECC P-256 or RSA 2048, both with SHA-256); the CA's key is
not kept, so a new VEN needs a new set. Not for production: a utility's VENs carry certificates
from an OpenADR Alliance CA or the utility's own PKI.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from openleadr import utils

from gis.errors import GridOpsError

DEMO_ORGANISATION = "GridOps demo"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# Certificate and key file names are made from the VEN names.
FILE_NAME_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class DemoCertificateError(GridOpsError):
    """The demo certificates cannot be made as asked."""


@dataclass(frozen=True)
class CertificateFiles:
    """A certificate file and its key file, with the certificate's OpenADR fingerprint."""

    cert: Path
    key: Path
    fingerprint: str


@dataclass(frozen=True)
class DemoCertificates:
    """The files of a demo set: the CA's certificate, the VTN's pair and each VEN's by name."""

    ca_file: Path
    vtn: CertificateFiles
    vens: dict[str, CertificateFiles]


def make_demo_certificates(
    directory: Path,
    ven_names: tuple[str, ...] = ("ven-demo",),
    hosts: tuple[str, ...] = (),
    valid_for: timedelta = timedelta(days=365),
) -> DemoCertificates:
    """Write ca.pem, vtn.pem/vtn-key.pem (for localhost, 127.0.0.1 and hosts) and NAME.pem /
    NAME-key.pem for each VEN into directory (made if missing; nothing is overwritten)."""
    for name in ven_names:
        if not FILE_NAME_SAFE.fullmatch(name) or name in {"ca", "vtn"}:
            raise DemoCertificateError(
                f"VEN name {name!r}: use letters, digits, '.', '_' and '-' (not 'ca' or 'vtn')"
            )
    if len(set(ven_names)) != len(ven_names):
        raise DemoCertificateError("each VEN name is given once")
    files = ["ca.pem", "vtn.pem", "vtn-key.pem"]
    files += [f"{name}{suffix}" for name in ven_names for suffix in (".pem", "-key.pem")]
    existing = [name for name in files if (directory / name).exists()]
    if existing:
        raise DemoCertificateError(f"{directory} already holds {', '.join(existing)}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemoCertificateError(f"cannot make {directory}: {exc.strerror}") from None

    now = datetime.now(UTC) - timedelta(minutes=5)  # a little slack for clocks behind ours
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{DEMO_ORGANISATION} CA")
    ca = (
        _builder(ca_name, ca_name, ca_key.public_key(), now, valid_for)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(certificates=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = directory / "ca.pem"
    _write(ca_file, ca.public_bytes(serialization.Encoding.PEM))

    def issue(name: str, common_name: str, usage: x509.ObjectIdentifier) -> CertificateFiles:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            _builder(_name(common_name), ca_name, key.public_key(), now, valid_for)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(certificates=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
        )
        if usage == ExtendedKeyUsageOID.SERVER_AUTH:
            names = dict.fromkeys((*LOCAL_HOSTS, *hosts))
            builder = builder.add_extension(
                x509.SubjectAlternativeName([_general_name(host) for host in names]),
                critical=False,
            )
        pem = builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
        cert, key_file = directory / f"{name}.pem", directory / f"{name}-key.pem"
        _write(cert, pem)
        _write(key_file, _private_pem(key), private=True)
        return CertificateFiles(cert, key_file, utils.certificate_fingerprint(pem))

    return DemoCertificates(
        ca_file=ca_file,
        vtn=issue("vtn", (hosts or LOCAL_HOSTS)[0], ExtendedKeyUsageOID.SERVER_AUTH),
        vens={name: issue(name, name, ExtendedKeyUsageOID.CLIENT_AUTH) for name in ven_names},
    )


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    not_before: datetime,
    valid_for: timedelta,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + valid_for)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _key_usage(certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=certificates,
        crl_sign=certificates,
        encipher_only=False,
        decipher_only=False,
    )


def _general_name(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes, private: bool = False) -> None:
    """Write a new file; a key file is readable by its owner only."""
    try:
        descriptor = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644
        )
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    except OSError as exc:
        raise DemoCertificateError(f"cannot write {path}: {exc.strerror}") from None
