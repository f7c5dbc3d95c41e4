"""The LLM judge's plumbing: the `grader` model role (bound, never the talker), and judged text that cannot close the
prompt's own sections.

The calls themselves are `rubric.py`'s `LLMRubricJudge` (one structured call per turn, every MRBench dimension
asked and the teacher move), which `socratic`, `answer_leakage` and `correctness` read too (`llm_tutor_turn.py`),
and `pairwise.py`'s comparison with the human teacher. The role bound to a list of models is a jury (`jury.py`).
"""

from __future__ import annotations

import re

from inspect_ai.model import model_roles
from inspect_ai.solver import Generate, Solver, TaskState, solver

from trtutor.errors import UsageError

try:  # private in Inspect: tells whether eval() is building the task (roles bound) or user code is
    from inspect_ai.model._model import active_model
except ImportError:  # pragma: no cover - then the `require_grader` setup step alone does the check

    def active_model() -> None:
        return None


GRADER_ROLE = "grader"


def no_grader_message(task_file: str = "tasks/socratic.py", model: str = "<talker>") -> str:
    """What to do when judge=llm has no `grader` role, with the command line of the task at hand."""
    return (
        "judge=llm needs a judge model bound to the 'grader' role, and a talker must never grade itself. "
        f"Bind one, e.g. `inspect eval {task_file} --model {model} --model-role grader=openai/gpt-4o-mini` "
        "(Python: eval(task, model=..., model_roles={'grader': '...'})), or score offline with -T judge=offline."
    )


NO_GRADER_MESSAGE = no_grader_message()
# The judged text must not be able to close the prompt's own sections.
_PROMPT_TAGS = re.compile(
    r"</?\s*(problem|correct_solution|correct_final_answer|student_incorrect_solution|conversation_so_far|tutor_turn"
    r"|turn_a|turn_b)\s*>",
    re.IGNORECASE,
)


def check_grader_bound(judge: str, task_file: str = "tasks/socratic.py", model: str = "<talker>") -> None:
    """Fail while the task is built when an LLM judge is wanted and no `grader` role is bound.

    Inspect binds model roles before it builds a task from the command line, so this fails before any sample
    runs. A Task built before eval() (roles unknown yet) is checked by the `require_grader` setup step instead.
    """
    if judge == "llm" and active_model() is not None and GRADER_ROLE not in model_roles():
        raise UsageError(no_grader_message(task_file, model))


@solver
def require_grader(required: bool) -> Solver:
    """Stop before the talker runs when an LLM judge is wanted and no `grader` role is bound."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if required and GRADER_ROLE not in model_roles():
            raise ValueError(NO_GRADER_MESSAGE)
        return state

    return solve


def neutral(text: str) -> str:
    """Context that cannot close the prompt's own sections; an empty field says so (MRBench lacks some)."""
    return neutral_turn(text) if text.strip() else "(not given; see the conversation)"


def neutral_turn(text: str) -> str:
    """A judged tutor turn as the talker wrote it, except for the prompt's own tags: an empty turn stays empty (the
    rubric says what an empty turn is), and a turn that talks to the grader reaches it, to be judged as a turn."""
    return _PROMPT_TAGS.sub("", text)
