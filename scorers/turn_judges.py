"""One interface for the judges of our three scorers (`socratic`, `answer_leakage`, `correctness`).

A `TurnJudge` gives the `Score` of one of them for the talker's turn in a sample. Two implement it, each reading its
rubric judge's (`rubric.py`) verdicts on Providing_Guidance, Revealing_of_the_Answer and Mistake_Identification: the
LLM judge (one call per turn to the `grader` role; the first scorer makes it, the others reuse it,
`llm_tutor_turn.py`) and the offline judges (`offline/tutor_turn.py`). The scorers only ask their judge; none of them
knows which kind it has.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal, Protocol

from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.rubric import ALL_DIMENSIONS, TURN_DIMENSIONS, asked_dimensions

TurnRubric = Literal["socratic", "answer_leakage", "correctness"]


class TurnJudge(Protocol):
    name: str

    async def __call__(self, state: TaskState, rubric: TurnRubric) -> Score: ...


class LLMTurnJudge:
    """The `grader` role: readings of one call per turn asking for `dimensions` (kept in the sample's store)."""

    name = "llm"

    def __init__(self, dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> None:
        self.dimensions = asked_dimensions((*dimensions, *TURN_DIMENSIONS))

    async def __call__(self, state: TaskState, rubric: TurnRubric) -> Score:
        from trtutor.scorers.llm_tutor_turn import llm_answer_leakage, llm_correctness, llm_socratic

        judges = {"socratic": llm_socratic, "answer_leakage": llm_answer_leakage, "correctness": llm_correctness}
        return await judges[rubric](state, self.dimensions)


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


def turn_judge(judge: JudgeKind, dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> TurnJudge:
    """The judge of kind `judge` ("llm" or "offline"); the LLM judge's one call per turn asks for `dimensions` (with
    the three our scorers read), so scorers given the same dimensions share it."""
    check_judge(judge)
    return LLMTurnJudge(dimensions) if judge == "llm" else OfflineTurnJudge()
