"""`correctness`: is what the tutor says mathematically correct, and does it treat the student's mistake right?"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from trtutor.scorers.answer_leakage import offline_leakage
from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.llm_judge import judge_score, judge_tutor_turn
from trtutor.scorers.offline.arithmetic import arithmetic_claims

VALUE_OF_LABEL = {"correct": 1.0, "incorrect": 0.0}


@scorer(metrics=[mean(), stderr()])
def correctness(judge: JudgeKind = "llm") -> Scorer:
    """Mathematical correctness of the talker's turn: 1 correct, 0 incorrect.

    Args:
        judge: "llm" asks the `grader` model role; "offline" checks every arithmetic claim in the turn
            (`24 + 6 = 30`) and whether it asserts a wrong final answer (see `scorers/offline/arithmetic.py` and
            `scorers/offline/leakage.py` for what they can see; conceptual errors escape them).
    """
    check_judge(judge)

    async def score(state: TaskState, target: Target) -> Score:
        if judge == "llm":
            return judge_score(await judge_tutor_turn(state), "correctness", VALUE_OF_LABEL)
        claims = arithmetic_claims(state.output.completion)
        wrong = [claim.text for claim in claims if not claim.correct and not claim.quoted]
        leak = offline_leakage(state)
        problems = [f"wrong arithmetic: {text}" for text in wrong]
        if leak.label == "yes_incorrect":
            problems.append(leak.rationale)
        label = "incorrect" if problems else "correct"
        explanation = (
            "; ".join(problems) if problems else f"{len(claims)} arithmetic claim(s), all right; no wrong answer stated"
        )
        return Score(
            value=VALUE_OF_LABEL[label],
            answer=label,
            explanation=explanation,
            metadata={
                "judge": "offline/arithmetic_check",
                "label": label,
                "arithmetic_claims": [{"claim": c.text, "correct": c.correct, "quoted": c.quoted} for c in claims],
            },
        )

    return score
