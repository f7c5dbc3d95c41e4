"""One interface for the judges of our three scorers (`socratic`, `answer_leakage`, `correctness`).

A `TurnJudge` gives the `Score` of one of them for the talker's turn in a sample. Two implement it: the LLM judge
(one call per turn to the `grader` role returns all three verdicts; the first scorer makes it, the others reuse it,
`llm_judge.py`) and the offline judges (`offline/tutor_turn.py`). The scorers only ask their judge; none of them
knows which kind it has. MRBench's eight dimensions have the same design in `rubric.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal, Protocol

from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.llm_judge import judge_score, judge_tutor_turn
from trtutor.scorers.verdicts import CORRECTNESS_VALUE, LEAKAGE_VALUE, SOCRATIC_VALUE

TurnRubric = Literal["socratic", "answer_leakage", "correctness"]
VALUE_OF_LABEL: dict[str, dict[str, float]] = {
    "socratic": SOCRATIC_VALUE,
    "answer_leakage": LEAKAGE_VALUE,
    "correctness": CORRECTNESS_VALUE,
}


class TurnJudge(Protocol):
    name: str

    async def __call__(self, state: TaskState, rubric: TurnRubric) -> Score: ...


class LLMTurnJudge:
    """The `grader` role: one call per turn for all three rubrics (kept in the sample's store)."""

    name = "llm"

    async def __call__(self, state: TaskState, rubric: TurnRubric) -> Score:
        return judge_score(await judge_tutor_turn(state), rubric, VALUE_OF_LABEL[rubric])


class OfflineTurnJudge:
    """The offline judges: readings of the offline rubric judge's per-dimension verdicts (`offline/tutor_turn.py`)."""

    name = "offline"

    async def __call__(self, state: TaskState, rubric: TurnRubric) -> Score:
        from trtutor.scorers.offline.tutor_turn import offline_answer_leakage, offline_correctness, offline_socratic

        judges: dict[str, Callable[[TaskState], Awaitable[Score]]] = {
            "socratic": offline_socratic,
            "answer_leakage": offline_answer_leakage,
            "correctness": offline_correctness,
        }
        return await judges[rubric](state)


def turn_judge(judge: JudgeKind) -> TurnJudge:
    """The judge of kind `judge` ("llm" or "offline")."""
    check_judge(judge)
    return LLMTurnJudge() if judge == "llm" else OfflineTurnJudge()
