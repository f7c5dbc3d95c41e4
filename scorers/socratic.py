"""`socratic`: does the tutor turn guide the student to find the mistake themselves (1) rather than tell or chat (0)?"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.llm_judge import judge_score, judge_tutor_turn
from trtutor.scorers.verdicts import SOCRATIC_LABELS

VALUE_OF_LABEL = {
    label: 1.0 if label in SOCRATIC_LABELS else 0.0 for label in ("focus", "probing", "telling", "generic")
}


@scorer(metrics=[mean(), stderr()])
def socratic(judge: JudgeKind = "llm") -> Scorer:
    """Socratic-ness of the talker's turn: 1 when it guides the student to find the mistake, 0 for telling or generic.

    Args:
        judge: "llm" asks the `grader` model role; "offline" uses a model learnt from human guidance labels,
            with the teacher-move classifier's probabilities among its features; the move classifier gives the
            label (see `scorers/offline/response_judges.py` and `move_classifier.py` for what they can see).
    """
    check_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        if judge == "llm":
            return judge_score(await judge_tutor_turn(state), "socratic", VALUE_OF_LABEL)
        from trtutor.scorers.offline.degenerate import find_degeneracy
        from trtutor.scorers.offline.move_classifier import move_probabilities
        from trtutor.scorers.offline.response_judges import response_judge

        response = state.output.completion
        degeneracy = find_degeneracy(response, state.metadata)
        if degeneracy is not None:
            return Score(
                value=0.0,
                answer="generic",
                explanation=f"{degeneracy.explanation()}: it gives no guidance",
                metadata={
                    "judge": "offline/degenerate",
                    "label": "generic",
                    "degenerate": degeneracy.kind,
                    "most_likely_move": "generic",
                },
            )
        moves = move_probabilities(response)
        [guidance] = response_judge("guidance").probability([response], [state.metadata])
        guides = guidance >= 0.5
        # The answer is a move of the kind the value says: the guidance model decides guiding or not, and the
        # move classifier says which move of that kind the turn most resembles.
        kind = [move for move in moves if (VALUE_OF_LABEL[move] == 1.0) == guides]
        move = max(kind, key=moves.__getitem__)
        return Score(
            value=1.0 if guides else 0.0,
            answer=move,
            explanation=f"P(guides the student) = {guidance:.2f}, so it {'guides' if guides else 'does not guide'}; "
            f"the {'guiding' if guides else 'non-guiding'} teacher move it most resembles: {move}",
            metadata={
                "judge": "offline/response_judges:guidance",
                "label": move,
                "probability": guidance,
                "move_probabilities": moves,
                "most_likely_move": max(moves, key=moves.__getitem__),  # of all four, whatever the verdict
            },
        )

    return score
