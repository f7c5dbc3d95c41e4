"""No API key -- given in the environment or as `-M api_key=...` -- reaches a log, a results file or a leaderboard
output. The talker, the grader and the reasoner are on the local fake OpenAI-compatible server."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.readme_commands import BIN, REPO

ENV_KEY = "sk-env-SECRET-5f1e7d2c9a"
ARG_KEY = "sk-arg-SECRET-0b3c8e4a71"


def _texts(folder: Path) -> list[tuple[str, str]]:
    """(name, text) of every file under `folder`, the members of `.eval` archives included."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".eval":
            with zipfile.ZipFile(path) as archive:
                found += [
                    (f"{path}:{name}", archive.read(name).decode("utf-8", "replace")) for name in archive.namelist()
                ]
        else:
            found.append((str(path), path.read_bytes().decode("utf-8", "replace")))
    return found


@pytest.mark.slow
def test_api_keys_reach_no_output(fake_openai, tmp_path):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "OPENAI_BASE_URL": fake_openai,
           "OPENAI_API_KEY": ENV_KEY}  # fmt: skip
    env.pop("PYTHONPATH", None)

    def run(*command: str) -> str:
        result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]
        return result.stdout + result.stderr

    printed = run(sys.executable, "-m", "inspect_ai", "eval", "tasks/socratic.py", "--model", "openai/gpt-4o-mini",
                  "-M", f"api_key={ARG_KEY}", "--model-role", "grader=openai/gpt-4o-mini", "--limit", "3",
                  "--log-dir", str(tmp_path / "logs"))  # fmt: skip
    printed += run("trtutor", "leaderboard", str(tmp_path / "logs"), "--out", str(tmp_path / "board"))
    printed += run("trtutor", "reason", "--data", "trtutor/data/bundled/mathdial_test_dev.csv", "--model",
                   "openai/gpt-4o-mini", "--output", str(tmp_path / "contexts.jsonl"), "--limit", "3")  # fmt: skip
    outputs = _texts(tmp_path)
    assert any(name.endswith("leaderboard.md") for name, _ in outputs) and (tmp_path / "contexts.jsonl").is_file()
    leaks = [name for name, text in [*outputs, ("printed output", printed)] if ENV_KEY in text or ARG_KEY in text]
    assert not leaks, f"an API key reached: {leaks}"
