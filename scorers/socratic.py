"""`socratic`: does the tutor turn guide the student to find the mistake themselves (1) rather than tell or chat (0)?"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.jury import grader_agreement
from trtutor.scorers.rubric import ALL_DIMENSIONS
from trtutor.scorers.turn_judges import turn_judge
from trtutor.scorers.verdicts import SOCRATIC_VALUE as VALUE_OF_LABEL

__all__ = ["VALUE_OF_LABEL", "socratic"]


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def socratic(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Socratic-ness of the talker's turn: 1 when it guides the student to find the mistake, 0 for telling or generic.

    Args:
        judge: "llm" reads the `grader` model role's Providing_Guidance verdict leniently, its answer the teacher
            move the grader names (`scorers/llm_tutor_turn.py`); "offline" reads the offline rubric judge's
            Providing_Guidance verdict the same way, the move classifier naming the move (see
            `scorers/offline/tutor_turn.py`, `response_judges.py` and `move_classifier.py` for what they
            can see).
        dimensions: The MRBench dimensions the LLM judge's one call per turn asks for (with the one this scorer
            reads). Defaults to all eight, so this score and the `-T rubric=mrbench` scorer of its dimension are
            one verdict of one call (and one cache entry), whichever rubric a run asks for.
    """
    ask = turn_judge(judge, dimensions)

    async def score(state: TaskState, target: Target) -> Score:
        return await ask(state, "socratic")

    return score
