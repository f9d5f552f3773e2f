"""The link key: GRIDOPS_LINK_SECRET when set, else a key generated once into a file that the
web processes and the worker share; tokens made under it name their ids and nothing else."""

from __future__ import annotations

import stat
from pathlib import Path

from notify.link_token import LinkPurpose, link_secret, redact_tokens, sign, verify


def test_without_a_configured_secret_one_is_generated_once_and_kept_private(
    tmp_path: Path,
) -> None:
    path = tmp_path / "var" / "link_secret"
    first = link_secret(None, path)
    assert len(first) >= 32 and path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert link_secret(None, path) == first  # the next process reads the same key
    assert link_secret("configured", path) == b"configured"


def test_a_token_grants_its_purpose_and_ids_only() -> None:
    key = b"k"
    token = sign(key, LinkPurpose.FAULT_REPORT, 41)
    assert verify(key, LinkPurpose.FAULT_REPORT, token, 1) == (41,)
    assert verify(key, LinkPurpose.CREW_JOB, token, 1) is None
    assert verify(key, LinkPurpose.FAULT_REPORT, token.replace("41.", "42.", 1), 1) is None
    assert verify(key, LinkPurpose.FAULT_REPORT, "41", 1) is None
    text = f"Follow: https://x.test/public/reports/{token}?lang=en"
    assert redact_tokens(text) == "Follow: https://x.test/public/reports/<token>?lang=en"
