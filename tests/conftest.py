"""Test set-up: everything offline and isolated from the user's caches and logs."""

from __future__ import annotations

import pytest

from trtutor.data.mathdial import Conversation, load_conversations


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch, shared_cache_dir):
    # A fresh Inspect generate cache per test, so one test's judge replies never answer another's; logs in tmp.
    monkeypatch.setenv("INSPECT_CACHE_DIR", str(tmp_path / "inspect-cache"))
    monkeypatch.setenv("INSPECT_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("TRTUTOR_CACHE_DIR", str(shared_cache_dir))


@pytest.fixture(scope="session")
def shared_cache_dir(tmp_path_factory):
    # The offline move classifier trains once per test session, into this folder.
    return tmp_path_factory.mktemp("trtutor-cache")


@pytest.fixture(scope="session")
def dev_conversations() -> list[Conversation]:
    conversations, _ = load_conversations()
    return conversations
