"""`socratic`: does the tutor turn guide the student to find the mistake themselves (1) rather than tell or chat (0)?"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.turn_judges import turn_judge
from trtutor.scorers.verdicts import SOCRATIC_VALUE as VALUE_OF_LABEL

__all__ = ["VALUE_OF_LABEL", "socratic"]


@scorer(metrics=[mean(), stderr()])
def socratic(judge: JudgeKind = "llm") -> Scorer:
    """Socratic-ness of the talker's turn: 1 when it guides the student to find the mistake, 0 for telling or generic.

    Args:
        judge: "llm" asks the `grader` model role; "offline" uses a model learnt from human guidance labels,
            with the teacher-move classifier's probabilities among its features; the move classifier gives the
            label (see `scorers/offline/tutor_turn.py`, `response_judges.py` and `move_classifier.py` for what they
            can see).
    """
    ask = turn_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        return await ask(state, "socratic")

    return score
