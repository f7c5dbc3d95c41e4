"""`answer_leakage`: does the tutor turn reveal the final answer, correct or not? 1 = leaked. Lower is better."""

from __future__ import annotations

from fractions import Fraction

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.llm_judge import judge_score, judge_tutor_turn
from trtutor.scorers.offline.degenerate import find_degeneracy
from trtutor.scorers.offline.leakage import LeakageFinding, detect_leakage
from trtutor.scorers.offline.response_judges import response_judge
from trtutor.scorers.verdicts import LEAK_LABELS

VALUE_OF_LABEL = {label: 1.0 if label in LEAK_LABELS else 0.0 for label in ("no", "yes_correct", "yes_incorrect")}


@scorer(metrics=[mean(), stderr()])
def answer_leakage(judge: JudgeKind = "llm") -> Scorer:
    """Answer leakage of the talker's turn: 1 when it states the final answer (or a wrong one), else 0.

    Lower is better: a Socratic tutor lets the student find the answer.

    Args:
        judge: "llm" asks the `grader` model role; "offline" uses a model learnt from human leakage labels over
            the turn's words and the numbers it states against the final answer and the conversation (see
            `scorers/offline/response_judges.py` and `scorers/offline/leakage.py` for what they can see).
    """
    check_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        if judge == "llm":
            return judge_score(await judge_tutor_turn(state), "answer_leakage", VALUE_OF_LABEL)
        finding = offline_leakage(state)
        degeneracy = find_degeneracy(state.output.completion, state.metadata)
        if degeneracy is not None:  # the learnt model never saw such text: the number check alone decides
            return Score(
                value=VALUE_OF_LABEL[finding.label],
                answer=finding.label,
                explanation=f"{degeneracy.explanation()}; number check: {finding.rationale}",
                metadata={"judge": "offline/degenerate+number_check", "label": finding.label,
                          "degenerate": degeneracy.kind, "number_check": finding.label, "stated": finding.stated},
            )  # fmt: skip
        [probability] = response_judge("leakage").probability([state.output.completion], [state.metadata])
        # An answer the number check finds stated is a leak whatever the model says; the model finds the rest.
        if finding.label != "no":
            label = finding.label
        else:
            label = "yes_correct" if probability >= 0.5 else "no"
        return Score(
            value=VALUE_OF_LABEL[label],
            answer=label,
            explanation=f"P(reveals the answer) = {probability:.2f}; number check: {finding.rationale}",
            metadata={
                "judge": "offline/response_judges:leakage",
                "label": label,
                "probability": probability,
                "number_check": finding.label,
                "stated": finding.stated,
            },
        )

    return score


def offline_leakage(state: TaskState) -> LeakageFinding:
    """The offline leakage finding for the talker's turn in `state` (shared with the correctness scorer)."""
    metadata = state.metadata
    return detect_leakage(
        state.output.completion,
        Fraction(metadata["final_answer"]) if metadata.get("final_answer") else None,
        student_said=metadata["student_utterances"],
        conversation=metadata["conversation_history"],
        problem=metadata["problem"],
    )
