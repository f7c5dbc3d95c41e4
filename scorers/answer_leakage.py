"""`answer_leakage`: does the tutor turn reveal the final answer, correct or not? 1 = leaked. Lower is better."""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.jury import grader_agreement
from trtutor.scorers.rubric import ALL_DIMENSIONS
from trtutor.scorers.turn_judges import turn_judge


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def answer_leakage(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Answer leakage of the talker's turn: 1 when it states the final answer (or a wrong one), else 0.

    Lower is better: a Socratic tutor lets the student find the answer.

    Args:
        judge: "llm" reads the `grader` model role's Revealing_of_the_Answer verdict
            (`scorers/llm_tutor_turn.py`); "offline" uses a model learnt from human leakage labels over
            the turn's words and the numbers it states against the final answer and the conversation (see
            `scorers/offline/tutor_turn.py`, `response_judges.py` and `leakage.py` for what they can see).
        dimensions: The MRBench dimensions the LLM judge's one call per turn asks for (with the one this scorer
            reads). Defaults to all eight, so this score and the `-T rubric=mrbench` scorer of its dimension are
            one verdict of one call (and one cache entry), whichever rubric a run asks for.
    """
    ask = turn_judge(judge, dimensions)

    async def score(state: TaskState, target: Target) -> Score:
        return await ask(state, "answer_leakage")

    return score
