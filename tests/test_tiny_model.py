"""`python -m training.tiny_model`: the tiny talker that every offline example of the training stage starts from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def tiny_model(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Run from tmp_path, so that nothing a relative path names lands in the repository.
    return subprocess.run([sys.executable, "-m", "training.tiny_model", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip


def test_help_says_what_it_builds_and_where_it_goes(tmp_path):
    result = tiny_model("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--model_name" in result.stdout and "--reward-model" in result.stdout
    assert not any(tmp_path.iterdir())  # nothing built


def test_builds_a_talker_and_a_reward_model_and_says_how_to_train(tmp_path):
    pytest.importorskip("transformers")
    from transformers import AutoConfig, AutoTokenizer

    talker, reward = tmp_path / "talker", tmp_path / "reward"
    result = tiny_model(str(talker), "--reward-model", str(reward), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"wrote a tiny talker to {talker}" in result.stdout
    assert f"python training/sft_talker.py --model_name {talker} " in result.stdout
    assert f"-T reward_model={reward}" in result.stdout
    assert AutoTokenizer.from_pretrained(talker).chat_template
    assert AutoConfig.from_pretrained(talker).model_type == "qwen2"
    assert AutoConfig.from_pretrained(reward).num_labels == 1

    again = tiny_model(str(talker), cwd=tmp_path)  # never writes over a folder's files
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        f"error: {talker} is not an empty folder; name a new one (or delete it first)"
    ]
