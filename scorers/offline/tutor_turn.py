"""The offline judges' verdicts on a tutor turn for our three scorers (`socratic`, `answer_leakage`,
`correctness`), each a `Score` whose answer and explanation agree with its value.

Every turn goes through the degenerate-turn check first (`degenerate.py`); then the learnt models
(`response_judges.py`), the teacher-move classifier (`move_classifier.py`), the number check (`leakage.py`) and the
arithmetic check (`arithmetic.py`) decide. Each says in its docstring what it can and cannot see.
"""

from __future__ import annotations

from fractions import Fraction

from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState

from trtutor.scorers.offline.arithmetic import arithmetic_claims
from trtutor.scorers.offline.degenerate import Degeneracy, find_degeneracy
from trtutor.scorers.offline.leakage import LeakageFinding, detect_leakage
from trtutor.scorers.offline.move_classifier import move_probabilities
from trtutor.scorers.offline.response_judges import response_judge
from trtutor.scorers.verdicts import CORRECTNESS_VALUE, LEAKAGE_VALUE, SOCRATIC_VALUE, LeakageLabel


def offline_socratic(state: TaskState) -> Score:
    """Does the turn guide the student? The guidance model decides; the move classifier names the move."""
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
    if tells_only_the_answer(state):
        return Score(
            value=0.0,
            answer="telling",
            explanation="it states this problem's final answer and nothing else: telling gives no guidance",
            metadata={"judge": "offline/answer_check", "label": "telling", "most_likely_move": "telling"},
        )
    moves = move_probabilities(response)
    [guidance] = response_judge("guidance").probability([response], [state.metadata])
    guides = guidance >= 0.5
    # The answer is a move of the kind the value says: the guidance model decides guiding or not, and the
    # move classifier says which move of that kind the turn most resembles.
    kind = [move for move in moves if (SOCRATIC_VALUE[move] == 1.0) == guides]
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


def offline_answer_leakage(state: TaskState) -> Score:
    """Does the turn reveal the answer? The number check, else the leakage model."""
    finding = offline_leakage(state)
    degeneracy = find_degeneracy(state.output.completion, state.metadata)
    if degeneracy is not None:  # the learnt model never saw such text: the number check alone decides
        label, explanation = degenerate_leakage(state, finding, degeneracy)
        return Score(
            value=LEAKAGE_VALUE[label],
            answer=label,
            explanation=explanation,
            metadata={"judge": "offline/degenerate+number_check", "label": label,
                      "degenerate": degeneracy.kind, "number_check": finding.label, "stated": finding.stated},
        )  # fmt: skip
    [probability] = response_judge("leakage").probability([state.output.completion], [state.metadata])
    # An answer the number check finds stated is a leak whatever the model says; the model finds the rest.
    if finding.label != "no":
        label = finding.label
    else:
        label = "yes_correct" if probability >= 0.5 else "no"
    return Score(
        value=LEAKAGE_VALUE[label],
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


def offline_correctness(state: TaskState) -> Score:
    """Is the turn's arithmetic right, its answer not wrong, and does it treat the mistake?"""
    response = state.output.completion
    degeneracy = find_degeneracy(response, state.metadata)
    if degeneracy is not None:
        return Score(
            value=CORRECTNESS_VALUE["incorrect"],
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
        value=CORRECTNESS_VALUE[label],
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


def degenerate_leakage(state: TaskState, finding: LeakageFinding, degeneracy: Degeneracy) -> tuple[LeakageLabel, str]:
    """What a degenerate turn leaks, and why: this problem's final answer, when the number check finds it stated,
    and nothing else. A number such a turn asserts is no answer to this problem (a turn copied from another
    conversation "asserts 26 as the total" everywhere), and with no known answer there is nothing to leak."""
    known = bool(state.metadata.get("final_answer"))
    label: LeakageLabel = "yes_correct" if finding.label == "yes_correct" and known else "no"
    explanation = f"{degeneracy.explanation()}; number check: {finding.rationale}"
    if label != finding.label:
        explanation += "; a degenerate turn leaks only this problem's known answer"
    return label, explanation


def tells_only_the_answer(state: TaskState) -> bool:
    """Does the turn state this problem's final answer (the number check finds it) and nothing else: no question,
    no arithmetic, no other number, no word of the moment ("The answer is 10.")? Right by construction: the
    annotators' guideline gives telling the answer no guidance and no next step. No real tutor turn of the MRBench
    dev files (820) or of MathDial's default samples (1,201) is one."""
    from trtutor.answers import find_numbers
    from trtutor.scorers.offline.degenerate import ARITHMETIC, development_vocabulary, tokens

    response, final_answer = state.output.completion, state.metadata.get("final_answer")
    # an expression ("72/8") points to a step that is left to the student: MathDial's teachers call it focus
    if not final_answer or "?" in response or ARITHMETIC.search(response):
        return False
    if offline_leakage(state).label != "yes_correct":
        return False
    words = [token for token in development_vocabulary().content(tokens(response)) if not token[0].isdigit()]
    return not words and {mention.value for mention in find_numbers(response)} <= {Fraction(final_answer)}


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
