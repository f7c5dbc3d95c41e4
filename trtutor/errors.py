"""A user's mistake (a missing file, an unbound model role, a bad argument), reported as one message, no traceback.

`UsageError` is a `ValueError` for Python callers and, for `inspect eval`, an Inspect `PrerequisiteError`: Inspect's
command line prints such an error's message alone and exits 1, where any other exception raised while a task or
model is built is printed as a traceback of 150-270 lines. The `trtutor` command prints it as `error: <message>`
on stderr and exits 2.
"""

from __future__ import annotations

try:  # private in Inspect (inspect_ai._util.error); the hook that prints it without a traceback is in its CLI
    from inspect_ai._util.error import PrerequisiteError
except ImportError:  # pragma: no cover - then Inspect prints a traceback, and the message is still its last line

    class PrerequisiteError(Exception):  # type: ignore[no-redef]
        def __init__(self, message: str) -> None:
            self.message = message


class UsageError(PrerequisiteError, ValueError):
    """Something the user asked for cannot work as given; the message says what and how to fix it."""

    def __init__(self, message: str) -> None:
        ValueError.__init__(self, message)
        # Inspect prints `message` with rich, which would read `[...]` as markup and drop it.
        self.message = _escape_markup(message)

    def __str__(self) -> str:
        return str(self.args[0])


def _escape_markup(text: str) -> str:
    try:
        from rich.markup import escape
    except ImportError:  # pragma: no cover
        return text
    return escape(text)
