"""Test set-up: everything offline and isolated from the user's caches and logs."""

from __future__ import annotations

import json
from pathlib import Path

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


@pytest.fixture(scope="session")
def tiny_talker(tmp_path_factory) -> Path:
    """A tiny Qwen2 talker with a locally trained tokenizer (training/tiny_model.py)."""
    pytest.importorskip("transformers")
    from training.tiny_model import build_tiny_talker

    return build_tiny_talker(tmp_path_factory.mktemp("tiny-talker"))


@pytest.fixture(scope="session")
def sft_data(tmp_path_factory) -> Path:
    """Eight prompt-completion examples from real MathDial turns, as `trtutor prepare-sft` writes them."""
    from trtutor.data.turn_samples import talker_prompt, turn_contexts

    contexts = turn_contexts(load_conversations()[0][:4])[:8]
    path = tmp_path_factory.mktemp("sft") / "train.jsonl"
    with path.open("w") as file:
        for context in contexts:
            record = {
                "id": context.sample_id,
                "prompt": [{"role": "user", "content": talker_prompt(context)}],
                "completion": [{"role": "assistant", "content": context.reference.text}],
            }
            file.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="session")
def tiny_reward_model(tiny_talker, tmp_path_factory) -> Path:
    """A tiny one-label Qwen2 sequence classifier with the tiny talker's tokenizer (training/tiny_model.py)."""
    from training.tiny_model import build_tiny_reward_model

    return build_tiny_reward_model(tmp_path_factory.mktemp("tiny-reward-model"), tiny_talker)
