"""The LLM judge: one call per tutor turn, through the `grader` model role, returning all three verdicts.

The three scorers (`socratic`, `answer_leakage`, `correctness`) each ask `judge_tutor_turn` for their verdict. The
first asks the judge; the result (verdicts, or the error with the raw reply) is kept in the sample's store under a
key of the judge model, the prompts and the judged turn, so the other two reuse it and one call is made per
response. Calls go through Inspect's cache too, so re-scoring a log with the same judge (`inspect score`) pays for
nothing new.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from inspect_ai.model import GenerateConfig, ResponseSchema, get_model, model_roles
from inspect_ai.scorer import Score
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import json_schema

from trtutor.errors import UsageError
from trtutor.prompts import fill_prompt, load_prompt, prompt_hashes
from trtutor.scorers.verdicts import TutorTurnVerdicts, VerdictParseError, parse_verdicts

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
JUDGE_PROMPTS = ("judge_tutor_turn", "judge_socratic", "judge_answer_leakage", "judge_correctness")
JUDGE_CONFIG = GenerateConfig(
    temperature=0.0,
    response_schema=ResponseSchema(
        name="tutor_turn_verdicts",
        json_schema=json_schema(TutorTurnVerdicts),
        description="Verdicts on one tutor turn: socratic, answer_leakage, correctness",
        strict=True,
    ),
)
# The judged text must not be able to close the prompt's own sections.
_PROMPT_TAGS = re.compile(
    r"</?\s*(problem|correct_solution|correct_final_answer|student_incorrect_solution|conversation_so_far|tutor_turn"
    r"|turn_a|turn_b)\s*>",
    re.IGNORECASE,
)
_STORE_PREFIX = "trtutor:llm_judge:"


@dataclass(frozen=True)
class JudgeOutcome:
    """The result of judging one turn: verdicts, or why there are none (with the raw reply kept)."""

    judge: str
    raw: str
    verdicts: TutorTurnVerdicts | None = None
    error_reason: str | None = None
    error: str | None = None

    def to_store(self) -> dict[str, Any]:
        return {
            "judge": self.judge,
            "raw": self.raw,
            "verdicts": self.verdicts.model_dump() if self.verdicts else None,
            "error_reason": self.error_reason,
            "error": self.error,
        }

    @classmethod
    def from_store(cls, data: dict[str, Any]) -> JudgeOutcome:
        verdicts = data.get("verdicts")
        return cls(
            judge=data["judge"],
            raw=data["raw"],
            verdicts=TutorTurnVerdicts.model_validate(verdicts) if verdicts else None,
            error_reason=data.get("error_reason"),
            error=data.get("error"),
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


def judge_prompt(state: TaskState) -> str:
    """The judge's prompt for the turn the talker produced in `state`."""
    metadata = state.metadata

    return fill_prompt(
        "judge_tutor_turn",
        problem=neutral(metadata["problem"]),
        ground_truth=neutral(metadata["ground_truth"]),
        final_answer=neutral(metadata["final_answer"]),
        student_solution=neutral(metadata["student_incorrect_solution"]),
        conversation_history=neutral(metadata["conversation_history"]),
        response=neutral_turn(state.output.completion),
        rubric_socratic=load_prompt("judge_socratic").strip(),
        rubric_answer_leakage=load_prompt("judge_answer_leakage").strip(),
        rubric_correctness=load_prompt("judge_correctness").strip(),
    )


async def judge_tutor_turn(state: TaskState) -> JudgeOutcome:
    """Judge the talker's turn in `state` with the `grader` role: one call, shared by the three scorers."""
    # required=True: with no grader bound, fail rather than fall back to the talker grading itself.
    grader = get_model(role=GRADER_ROLE, required=True)
    prompt = judge_prompt(state)
    key = _STORE_PREFIX + hashlib.sha256(f"{grader}\n{prompt}".encode()).hexdigest()[:16]
    if (stored := state.store.get(key)) is not None:
        return JudgeOutcome.from_store(stored)
    output = await grader.generate(prompt, config=JUDGE_CONFIG, cache=True)
    raw = output.completion
    try:
        outcome = JudgeOutcome(str(grader), raw, parse_verdicts(raw, refused=output.stop_reason == "content_filter"))
    except VerdictParseError as error:
        outcome = JudgeOutcome(str(grader), raw, error_reason=error.reason, error=str(error))
    state.store.set(key, outcome.to_store())
    return outcome


def judge_score(outcome: JudgeOutcome, rubric: str, value_of: dict[str, float]) -> Score:
    """The score of one rubric from a judge outcome; an unusable verdict is unscored, with the raw reply kept."""
    metadata: dict[str, Any] = {"judge": outcome.judge, "judge_prompts": prompt_hashes(*JUDGE_PROMPTS)}
    if outcome.verdicts is None:
        return Score.unscored(
            reason=outcome.error_reason,
            explanation=f"scoring error ({outcome.error_reason}): {outcome.error}",
            metadata={**metadata, "unscored_reason": outcome.error_reason, "raw_judge_reply": outcome.raw},
        )
    verdict = getattr(outcome.verdicts, rubric)
    return Score(
        value=value_of[verdict.label],
        answer=verdict.label,
        explanation=verdict.rationale,
        metadata={**metadata, "label": verdict.label},
    )
