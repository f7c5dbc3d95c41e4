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
    """Socratic-ness of the talker's turn: 1 for a guiding move (focus, probing), 0 for telling or generic.

    Args:
        judge: "llm" asks the `grader` model role; "offline" uses the teacher-move classifier trained on
            MathDial's human move labels (see `scorers/offline/move_classifier.py` for what it can see).
    """
    check_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        if judge == "llm":
            return judge_score(await judge_tutor_turn(state), "socratic", VALUE_OF_LABEL)
        from trtutor.scorers.offline.move_classifier import default_move_classifier

        classifier = default_move_classifier()
        probabilities = dict(
            zip(classifier.classes, classifier.predict_proba([state.output.completion])[0].tolist(), strict=True)
        )
        guiding = sum(probabilities[label] for label in SOCRATIC_LABELS)
        label = max(probabilities, key=probabilities.__getitem__)
        return Score(
            value=1.0 if guiding >= 0.5 else 0.0,
            answer=label,
            explanation=f"move classifier: P(focus or probing) = {guiding:.2f}; most likely move {label}",
            metadata={"judge": "offline/move_classifier", "label": label, "move_probabilities": probabilities},
        )

    return score
