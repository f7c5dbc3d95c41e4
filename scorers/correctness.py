"""`correctness`: is what the tutor says mathematically correct, and does it treat the student's mistake right?"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.jury import grader_agreement
from trtutor.scorers.rubric import ALL_DIMENSIONS
from trtutor.scorers.turn_judges import turn_judge


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def correctness(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Mathematical correctness of the talker's turn: 1 correct, 0 incorrect.

    Args:
        judge: "llm" reads the `grader` model role's Mistake_Identification verdict leniently
            (`scorers/llm_tutor_turn.py`); "offline" marks the turn incorrect when an arithmetic claim in
            it is wrong (`24 + 6 = 31`), when it states a false fact of units ("a gallon holds five quarts"), when it
            asserts a wrong final answer, or when a model learnt from human
            mistake-identification labels finds it does not treat the student's mistake (see
            `scorers/offline/tutor_turn.py`, `arithmetic.py`, `leakage.py` and `response_judges.py`).
        dimensions: The MRBench dimensions the LLM judge's one call per turn asks for (with the one this scorer
            reads). Defaults to all eight, so this score and the `-T rubric=mrbench` scorer of its dimension are
            one verdict of one call (and one cache entry), whichever rubric a run asks for.
    """
    ask = turn_judge(judge, dimensions)

    async def score(state: TaskState, target: Target) -> Score:
        return await ask(state, "correctness")

    return score
