"""Reading a user's input file: text, JSON and JSON Lines, with every failure one line naming the file (and line).

Every reader goes through these, so an empty file, bytes that are not UTF-8, JSON cut short, or a field too large
to be a tutoring text is reported the same way everywhere: a `UsageError` (no traceback from `inspect eval` or
`trtutor`) that says which file, which line, and what to do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from trtutor.errors import UsageError

# Longer than any conversation, solution or reasoner note we read (MathDial's longest conversation is ~6,000
# characters); a field beyond it is a broken export or a degenerate generation, not a text to send to a model.
MAX_FIELD_CHARS = 100_000


def read_text_file(path: str | Path, what: str) -> str:
    """The UTF-8 text of `path`; `what` says what the file should hold, for the messages.

    Raises:
        UsageError: no such file, a folder, unreadable, not UTF-8 (naming the line and byte), or empty.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file; expected {what}")
    if path.is_dir():
        raise UsageError(f"{path}: a folder, not a file; expected {what}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror}); expected {what}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UsageError(
            f"{path}, line {line}: not UTF-8 (byte {error.start} is {data[error.start : error.start + 1]!r}); "
            "save the file as UTF-8"
        ) from error
    if not text.strip():
        raise UsageError(f"{path}: empty file; expected {what}")
    return text.removeprefix("\ufeff")  # a byte-order mark some editors write


def parse_json_document(text: str, path: str | Path, what: str) -> Any:
    """One JSON document.

    Raises:
        UsageError: not valid JSON (a file cut short, say), naming the line and column.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        cut = " (the file looks cut short)" if error.pos >= len(text.rstrip()) else ""
        raise UsageError(
            f"{path}, line {error.lineno}: not valid JSON ({error.msg}, column {error.colno}){cut}; expected {what}"
        ) from error


def parse_json_lines(text: str, path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for every non-blank line.

    Raises:
        UsageError: a line that is not valid JSON, naming it.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"{path}, line {number}: not valid JSON ({error.msg}, column {error.colno})") from error


def oversized_fields(record: Mapping[str, Any], limit: int = MAX_FIELD_CHARS) -> list[str]:
    """The names of `record`'s fields whose text (or JSON) is longer than `limit` characters."""
    too_long = []
    for name, value in record.items():
        size = len(value) if isinstance(value, str) else len(json.dumps(value, default=str))
        if size > limit:
            too_long.append(f"{name} ({size:,} characters)")
    return too_long
