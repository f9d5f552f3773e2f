"""The VTN's TLS material, checked before openleadr sees it, and certificate fingerprints.

openleadr serves HTTPS only when it is given a certificate, its key and a CA file (with any one
missing it quietly serves plain HTTP) and reports a bad file as an ssl or OpenSSL traceback; here
each file is read and checked first, so `gridops vtn` fails with one clear line instead.

An OpenADR certificate fingerprint is the last 10 bytes of the SHA-256 of the certificate's DER,
as colon-separated upper-case hex (openleadr.utils.certificate_fingerprint).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes
from openleadr import utils

from dr.openadr.settings import VtnSettings
from gis.errors import GridOpsError


class VtnCertificateError(GridOpsError):
    """A certificate, a key or a CA file cannot be used as configured."""


@dataclass(frozen=True)
class VtnTls:
    """Checked TLS material of the VTN: HTTPS with client certificates, maybe signatures."""

    cert: Path
    key: Path
    ca_file: Path
    passphrase: str | None
    sign_messages: bool
    fingerprint: str  # the VTN certificate's, for the VENs (their vtn_fingerprint)
    subject: str

    def openleadr_arguments(self) -> dict[str, object]:
        """The OpenADRServer arguments for HTTPS, client certificates and signatures."""
        arguments: dict[str, object] = {
            "http_cert": str(self.cert),
            "http_key": str(self.key),
            "http_ca_file": str(self.ca_file),
            "http_key_passphrase": self.passphrase,
            "verify_message_signatures": self.sign_messages,
            "show_fingerprint": False,  # the VTN logs it instead of printing a banner
        }
        if self.sign_messages:
            arguments |= {"cert": str(self.cert), "key": str(self.key)}
            arguments["passphrase"] = self.passphrase
        return arguments


def load_vtn_tls(settings: VtnSettings) -> VtnTls | None:
    """The VTN's checked TLS material, or None when none is configured (plain HTTP).

    Raises VtnCertificateError for a half configuration, a file that cannot be read or parsed,
    a key that is not the certificate's, or a certificate that has expired."""
    if settings.cert is None and settings.key is None and settings.ca_file is None:
        return None
    if settings.cert is None or settings.key is None:
        raise VtnCertificateError(
            "GRIDOPS_VTN_CERT and GRIDOPS_VTN_KEY are set together (or neither, for plain HTTP)"
        )
    if settings.ca_file is None:
        raise VtnCertificateError(
            "GRIDOPS_VTN_CA_FILE is not set: over HTTPS every VEN presents a client certificate, "
            "checked against this CA file"
        )
    passphrase = settings.key_passphrase.get_secret_value() if settings.key_passphrase else None
    certificate = _load_certificate(settings.cert, "GRIDOPS_VTN_CERT")
    key = _load_key(settings.key, passphrase)
    if _public_der(key.public_key()) != _public_der(certificate.public_key()):
        raise VtnCertificateError(
            f"GRIDOPS_VTN_KEY {settings.key} is not the key of GRIDOPS_VTN_CERT {settings.cert}"
        )
    if settings.sign_messages and not isinstance(
        key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    ):
        raise VtnCertificateError(
            f"GRIDOPS_VTN_KEY {settings.key}: OpenADR signs messages with an RSA or EC key only"
        )
    _check_dates(certificate, settings.cert, "GRIDOPS_VTN_CERT")
    authorities = _read(settings.ca_file, "GRIDOPS_VTN_CA_FILE")
    try:
        for authority in x509.load_pem_x509_certificates(authorities):
            _check_dates(authority, settings.ca_file, "GRIDOPS_VTN_CA_FILE")
    except ValueError:
        raise VtnCertificateError(
            f"GRIDOPS_VTN_CA_FILE {settings.ca_file} holds no PEM certificate"
        ) from None
    _check_with_openssl(settings.cert, settings.key, settings.ca_file, passphrase)
    return VtnTls(
        cert=settings.cert,
        key=settings.key,
        ca_file=settings.ca_file,
        passphrase=passphrase,
        sign_messages=settings.sign_messages,
        fingerprint=_fingerprint(certificate),
        subject=certificate.subject.rfc4514_string(),
    )


def fingerprint_of_certificate(path: Path, setting: str = "certificate") -> str:
    """The OpenADR fingerprint of the PEM certificate at path (given as setting)."""
    return _fingerprint(_load_certificate(path, setting))


def _fingerprint(certificate: x509.Certificate) -> str:
    return str(utils.certificate_fingerprint(certificate.public_bytes(serialization.Encoding.PEM)))


def _read(path: Path, setting: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise VtnCertificateError(f"cannot read {setting} {path}: {exc.strerror}") from None


def _load_certificate(path: Path, setting: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(_read(path, setting))
    except ValueError:
        raise VtnCertificateError(f"{setting} {path} is not a PEM certificate") from None


def _load_key(path: Path, passphrase: str | None) -> PrivateKeyTypes:
    data = _read(path, "GRIDOPS_VTN_KEY")
    password = passphrase.encode() if passphrase else None
    try:
        return serialization.load_pem_private_key(data, password)
    except TypeError:  # encrypted without a passphrase given, or the other way round
        wanted = "needs" if password is None else "is not encrypted: unset"
        raise VtnCertificateError(
            f"GRIDOPS_VTN_KEY {path} {wanted} GRIDOPS_VTN_KEY_PASSPHRASE"
        ) from None
    except ValueError:
        raise VtnCertificateError(
            f"GRIDOPS_VTN_KEY {path} is not a PEM private key (or the passphrase is wrong)"
        ) from None


def _public_der(public_key: PublicKeyTypes) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _check_dates(certificate: x509.Certificate, path: Path, setting: str) -> None:
    now = datetime.now(UTC)
    if certificate.not_valid_after_utc < now:
        raise VtnCertificateError(
            f"{setting} {path} expired on {certificate.not_valid_after_utc:%Y-%m-%d}"
        )
    if certificate.not_valid_before_utc > now:
        raise VtnCertificateError(
            f"{setting} {path} is not valid before {certificate.not_valid_before_utc:%Y-%m-%d}"
        )


def _check_with_openssl(cert: Path, key: Path, ca_file: Path, passphrase: str | None) -> None:
    """What openleadr will do with the files, so that OpenSSL's refusal is one clear line."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_verify_locations(ca_file)
        context.load_cert_chain(cert, key, passphrase)
    except ssl.SSLError as exc:
        raise VtnCertificateError(
            f"OpenSSL refuses GRIDOPS_VTN_CERT {cert} / GRIDOPS_VTN_KEY {key} / "
            f"GRIDOPS_VTN_CA_FILE {ca_file}: {exc.reason or exc}"
        ) from None
