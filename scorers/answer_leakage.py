"""`answer_leakage`: does the tutor turn reveal the final answer, correct or not? 1 = leaked. Lower is better."""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.turn_judges import turn_judge


@scorer(metrics=[mean(), stderr()])
def answer_leakage(judge: JudgeKind = "llm") -> Scorer:
    """Answer leakage of the talker's turn: 1 when it states the final answer (or a wrong one), else 0.

    Lower is better: a Socratic tutor lets the student find the answer.

    Args:
        judge: "llm" asks the `grader` model role; "offline" uses a model learnt from human leakage labels over
            the turn's words and the numbers it states against the final answer and the conversation (see
            `scorers/offline/tutor_turn.py`, `response_judges.py` and `leakage.py` for what they can see).
    """
    ask = turn_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        return await ask(state, "answer_leakage")

    return score
