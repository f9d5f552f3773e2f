"""Settings of the OpenADR 2.0b VTN from the environment (prefix GRIDOPS_VTN_).

With GRIDOPS_VTN_CERT, GRIDOPS_VTN_KEY and GRIDOPS_VTN_CA_FILE the VTN serves HTTPS, asks every
VEN for a client certificate issued by the CA and checks it against the fingerprint registered
for the VEN; without them it serves plain HTTP (a trusted network or a demo only).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class VtnSettings(BaseSettings):
    """The VTN's TLS: certificate, key, the VENs' CA, message signing; without them plain HTTP."""

    model_config = SettingsConfigDict(
        env_prefix="GRIDOPS_VTN_", extra="ignore", env_ignore_empty=True
    )

    cert: Path | None = Field(
        default=None,
        description="PEM certificate the VTN serves HTTPS with (and signs its messages with)",
    )
    key: Path | None = Field(default=None, description="PEM private key of GRIDOPS_VTN_CERT")
    key_passphrase: SecretStr | None = Field(
        default=None, description="passphrase of GRIDOPS_VTN_KEY, when it is encrypted"
    )
    ca_file: Path | None = Field(
        default=None,
        description="PEM CA certificate(s) that issue the VENs' client certificates",
    )
    sign_messages: bool = Field(
        default=True,
        description="over HTTPS: sign the VTN's messages (XML signatures) and accept only "
        "messages a VEN signed with its registered certificate",
    )
