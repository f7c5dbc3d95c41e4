"""`correctness`: is what the tutor says mathematically correct, and does it treat the student's mistake right?"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.scorers.answer_leakage import offline_leakage
from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.llm_judge import judge_score, judge_tutor_turn
from trtutor.scorers.offline.arithmetic import arithmetic_claims
from trtutor.scorers.offline.degenerate import find_degeneracy
from trtutor.scorers.offline.response_judges import response_judge

VALUE_OF_LABEL = {"correct": 1.0, "incorrect": 0.0}


@scorer(metrics=[mean(), stderr()])
def correctness(judge: JudgeKind = "llm") -> Scorer:
    """Mathematical correctness of the talker's turn: 1 correct, 0 incorrect.

    Args:
        judge: "llm" asks the `grader` model role; "offline" marks the turn incorrect when an arithmetic claim in
            it is wrong (`24 + 6 = 31`), when it asserts a wrong final answer, or when a model learnt from human
            mistake-identification labels finds it does not treat the student's mistake (see
            `scorers/offline/arithmetic.py`, `leakage.py` and `response_judges.py` for what they can see).
    """
    check_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        if judge == "llm":
            return judge_score(await judge_tutor_turn(state), "correctness", VALUE_OF_LABEL)
        response = state.output.completion
        degeneracy = find_degeneracy(response, state.metadata)
        if degeneracy is not None:
            return Score(
                value=VALUE_OF_LABEL["incorrect"],
                answer="incorrect",
                explanation=f"{degeneracy.explanation()}: it does not treat the student's mistake",
                metadata={"judge": "offline/degenerate", "label": "incorrect", "degenerate": degeneracy.kind},
            )
        claims = arithmetic_claims(response)
        wrong = [claim.text for claim in claims if not claim.correct and not claim.quoted]
        leak = offline_leakage(state)
        [identified] = response_judge("mistake_identification").probability([response], [state.metadata])
        problems = [f"wrong arithmetic: {text}" for text in wrong]
        if leak.label == "yes_incorrect":
            problems.append(leak.rationale)
        if identified < 0.5:
            problems.append(f"does not treat the student's mistake (P(identifies it) = {identified:.2f})")
        label = "incorrect" if problems else "correct"
        return Score(
            value=VALUE_OF_LABEL[label],
            answer=label,
            explanation="; ".join(problems)
            or f"{len(claims)} arithmetic claim(s), all right; P(identifies the mistake) = {identified:.2f}",
            metadata={
                "judge": "offline/arithmetic_check+response_judges:mistake_identification",
                "label": label,
                "probability_identifies_mistake": identified,
                "arithmetic_claims": [{"claim": c.text, "correct": c.correct, "quoted": c.quoted} for c in claims],
            },
        )

    return score
