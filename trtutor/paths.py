"""Paths given on the command line, read from inside an Inspect task."""

from __future__ import annotations

import os
from pathlib import Path


def user_path(path: str) -> str:
    """`path` as the user meant it: relative to the directory they ran the command in.

    Inspect builds a task from a file with the working directory set to the file's folder (`tasks/`), so
    `-T data=data/x.csv` would otherwise be looked up under `tasks/`. The shell's `PWD` still names the directory
    the command ran in. A path that exists only relative to the task folder is kept as it is.
    """
    candidate = Path(path).expanduser()
    if candidate.is_absolute():
        return str(candidate)
    shell_dir = os.environ.get("PWD")
    if shell_dir and (Path(shell_dir) / candidate).exists():
        return str((Path(shell_dir) / candidate).resolve())
    return str(candidate.resolve()) if candidate.exists() else path


def command_dir() -> Path:
    """The directory the command ran in, for messages about paths not found: the shell's `PWD` when it names a
    folder (inside `inspect eval` the working directory is the task's folder), else the working directory."""
    shell_dir = os.environ.get("PWD")
    return Path(shell_dir) if shell_dir and Path(shell_dir).is_dir() else Path.cwd()
