"""`correctness`: is what the tutor says mathematically correct, and does it treat the student's mistake right?"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.turn_judges import turn_judge


@scorer(metrics=[mean(), stderr()])
def correctness(judge: JudgeKind = "llm") -> Scorer:
    """Mathematical correctness of the talker's turn: 1 correct, 0 incorrect.

    Args:
        judge: "llm" asks the `grader` model role; "offline" marks the turn incorrect when an arithmetic claim in
            it is wrong (`24 + 6 = 31`), when it asserts a wrong final answer, or when a model learnt from human
            mistake-identification labels finds it does not treat the student's mistake (see
            `scorers/offline/tutor_turn.py`, `arithmetic.py`, `leakage.py` and `response_judges.py`).
    """
    ask = turn_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        return await ask(state, "correctness")

    return score
