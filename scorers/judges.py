"""Which judge scores a run: an LLM through the `grader` model role, or the offline judges."""

from __future__ import annotations

from typing import Literal, get_args

from trtutor.errors import UsageError

JudgeKind = Literal["llm", "offline"]
JUDGE_KINDS: tuple[str, ...] = get_args(JudgeKind)


def check_judge(judge: str) -> None:
    if judge not in JUDGE_KINDS:
        raise UsageError(f"Invalid judge {judge!r}. Must be one of: {', '.join(JUDGE_KINDS)}")
