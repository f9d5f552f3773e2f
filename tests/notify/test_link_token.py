"""The link key: GRIDOPS_LINK_SECRET when set, else a key generated once into a file that the
web processes and the worker share; tokens made under it name their ids and nothing else."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from notify.link_token import LinkPurpose, link_secret, redact_tokens, sign, verify
from notify.settings import NotifySettings


def test_without_a_configured_secret_one_is_generated_once_and_kept_private(
    tmp_path: Path,
) -> None:
    path = tmp_path / "var" / "link_secret"
    first = link_secret(None, path)
    assert len(first) >= 32 and path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert link_secret(None, path) == first  # the next process reads the same key
    assert link_secret("configured", path) == b"configured"


def test_the_generated_key_and_the_file_sink_live_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With GRIDOPS_DATA_DIR elsewhere, nothing is written into ./var of the current folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRIDOPS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GRIDOPS_LINK_SECRET", raising=False)
    monkeypatch.delenv("GRIDOPS_LINK_SECRET_FILE", raising=False)
    monkeypatch.delenv("GRIDOPS_NOTICE_DIR", raising=False)
    settings = NotifySettings()
    settings.link_key()
    assert (tmp_path / "data" / "link_secret").exists() and not (tmp_path / "var").exists()
    assert settings.notice_folder() == tmp_path / "data" / "notices"
    monkeypatch.setenv("GRIDOPS_NOTICE_DIR", str(tmp_path / "sink"))
    assert NotifySettings().notice_folder() == tmp_path / "sink"


def test_a_token_grants_its_purpose_and_ids_only() -> None:
    key = b"k"
    token = sign(key, LinkPurpose.FAULT_REPORT, 41)
    assert verify(key, LinkPurpose.FAULT_REPORT, token, 1) == (41,)
    assert verify(key, LinkPurpose.CREW_JOB, token, 1) is None
    assert verify(key, LinkPurpose.FAULT_REPORT, token.replace("41.", "42.", 1), 1) is None
    assert verify(key, LinkPurpose.FAULT_REPORT, "41", 1) is None
    text = f"Follow: https://x.test/public/reports/{token}?lang=en"
    assert redact_tokens(text) == "Follow: https://x.test/public/reports/<token>?lang=en"
