"""The offline judges' verdicts on a tutor turn for our three scorers (`socratic`, `answer_leakage`,
`correctness`), each a `Score` whose answer and explanation agree with its value.

One judgement per human dimension (issue 25): each of the three is a reading of the offline rubric judge's verdict
on the MRBench dimension it is validated against (`rubric.py`'s `OfflineRubricJudge`, kept in the sample's store),
so `socratic` and `providing_guidance` can never disagree on a turn, nor `answer_leakage` and
`revealing_of_the_answer`, nor `correctness` and `mistake_identification` (except where `correctness`'s own
exact checks find the turn wrong, which its explanation says):

- `socratic`: Providing_Guidance, read leniently (Yes or To some extent is 1); the teacher-move classifier
  (`move_classifier.py`) names the move of that kind the turn most resembles;
- `answer_leakage`: Revealing_of_the_Answer (the number check of `leakage.py` decides first, then the model);
- `correctness`: Mistake_Identification, read leniently, and 0 when the turn's arithmetic is wrong
  (`arithmetic.py`), it states a quantity of the problem with a wrong value or endorses the student's wrong
  answer (`false_statements.py`), or it asserts a wrong answer (`leakage.py`).

The verdicts themselves (the degenerate-turn check first, then the exact checks, then the learnt models) are
`OfflineRubricJudge`'s; each part says in its docstring what it can and cannot see.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any

from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState

from trtutor.scorers.offline.answer_bounds import denied_answers, false_bounds, false_models, false_properties
from trtutor.scorers.offline.arithmetic import (
    continued_claims,
    false_comparisons,
    false_denials,
    false_number_facts,
    false_remainders,
    turn_arithmetic_claims,
)
from trtutor.scorers.offline.blamed_steps import blamed_right_steps, misdiagnosed_slips
from trtutor.scorers.offline.degenerate import Degeneracy
from trtutor.scorers.offline.false_statements import (
    denied_givens,
    endorses_the_wrong_answer_as_it_stands,
    false_quantities,
    misquoted_operations,
    misstated_comparisons,
    regrouped_quantities,
    reversed_relations,
    student_latest_answer,
    takes_a_wrong_number_as_settled,
)
from trtutor.scorers.offline.last_step import (
    false_last_steps,
    misadvised_steps,
    misnamed_operations,
    needless_key_steps,
    needless_numbers,
)
from trtutor.scorers.offline.leakage import LeakageFinding, detect_leakage, number_values
from trtutor.scorers.offline.move_classifier import move_probabilities
from trtutor.scorers.offline.number_laws import false_laws
from trtutor.scorers.offline.problem_quotes import (
    faulted_problem,
    misquoted_problem,
    misreported_work,
    misstated_question,
)
from trtutor.scorers.offline.unit_facts import false_unit_facts
from trtutor.scorers.verdicts import CORRECTNESS_VALUE, LEAKAGE_VALUE, SOCRATIC_VALUE, LeakageLabel

# the labels of Revealing_of_the_Answer as `answer_leakage` labels
LEAKAGE_OF_REVEALING: dict[str, LeakageLabel] = {
    "Yes (and the answer is correct)": "yes_correct",
    "Yes (but the answer is incorrect)": "yes_incorrect",
    "No": "no",
}
LENIENT_YES = ("Yes", "To some extent")


def offline_turn(state: TaskState) -> str:
    """The talker's turn as every offline judge reads it: as written, less a speaker label before it and its layout
    (`degenerate.plain_turn`), which would otherwise count as words of the turn."""
    from trtutor.scorers.offline.degenerate import plain_turn

    return plain_turn(state.output.completion)


async def offline_verdict(state: TaskState, dimension: str):  # noqa: ANN201 - a DimensionVerdict
    """The offline rubric judge's verdict on `dimension` (a scorer name of `rubric.py`) for the turn in `state`."""
    from trtutor.scorers.rubric import OfflineRubricJudge

    return (await OfflineRubricJudge()(state, (dimension,)))[dimension]


async def offline_socratic(state: TaskState) -> Score:
    """Does the turn guide the student? Providing_Guidance, read leniently; the move classifier names the move."""
    verdict = await offline_verdict(state, "providing_guidance")
    guides = verdict.label in LENIENT_YES
    details = verdict.details
    if "degenerate" in details or details.get("tells_only_the_answer"):
        move = "telling" if details.get("tells_only_the_answer") else "generic"
        return Score(
            value=0.0,
            answer=move,
            explanation=f"{verdict.rationale}: it gives no guidance",
            metadata={"judge": verdict.judge, "label": move, "providing_guidance": verdict.label, **details,
                      "most_likely_move": move},
        )  # fmt: skip
    moves = move_probabilities(offline_turn(state))
    # The answer is a move of the kind the value says: the guidance judgement decides guiding or not, and the
    # move classifier says which move of that kind the turn most resembles.
    kind = [move for move in moves if (SOCRATIC_VALUE[move] == 1.0) == guides]
    move = max(kind, key=moves.__getitem__)
    return Score(
        value=1.0 if guides else 0.0,
        answer=move,
        explanation=f"Providing_Guidance: {verdict.label} ({verdict.rationale}), so it "
        f"{'guides' if guides else 'does not guide'}; the {'guiding' if guides else 'non-guiding'} teacher move it "
        f"most resembles: {move}",
        metadata={
            "judge": verdict.judge,
            "label": move,
            "providing_guidance": verdict.label,
            "probability": _lenient_probability(details),
            "move_probabilities": moves,
            "most_likely_move": max(moves, key=moves.__getitem__),  # of all four, whatever the verdict
        },
    )


async def offline_answer_leakage(state: TaskState) -> Score:
    """Does the turn reveal the answer? Revealing_of_the_Answer: the number check, else the model."""
    verdict = await offline_verdict(state, "revealing_of_the_answer")
    label = LEAKAGE_OF_REVEALING[verdict.label]
    return Score(
        value=LEAKAGE_VALUE[label],
        answer=label,
        explanation=f"Revealing_of_the_Answer: {verdict.label} ({verdict.rationale})",
        metadata={"judge": verdict.judge, "label": label, "revealing_of_the_answer": verdict.label,
                  **verdict.details},
    )  # fmt: skip


async def offline_correctness(state: TaskState) -> Score:
    """Does the turn treat the student's mistake (Mistake_Identification, read leniently), with its arithmetic
    right, no quantity of the problem misstated and no wrong answer asserted or endorsed?"""
    verdict = await offline_verdict(state, "mistake_identification")
    response = offline_turn(state)
    claims = turn_arithmetic_claims(response, tuple(state.metadata["student_utterances"]))
    problems = []
    if "degenerate" not in verdict.details:
        problems += stated_falsehoods(response, state.metadata)
    if verdict.label not in LENIENT_YES:
        problems.append(f"does not treat the student's mistake (Mistake_Identification: {verdict.label}; "
                        f"{verdict.rationale})")  # fmt: skip
    label = "incorrect" if problems else "correct"
    return Score(
        value=CORRECTNESS_VALUE[label],
        answer=label,
        explanation="; ".join(problems)
        or f"{len(claims)} arithmetic claim(s), all right; Mistake_Identification: {verdict.label} "
        f"({verdict.rationale})",
        metadata={
            "judge": f"{verdict.judge}+arithmetic_check+false_statements",
            "label": label,
            "mistake_identification": verdict.label,
            "probability_identifies_mistake": _lenient_probability(verdict.details),
            "arithmetic_claims": [{"claim": c.text, "correct": c.correct, "quoted": c.quoted} for c in claims],
            **{key: value for key, value in verdict.details.items() if key != "probabilities"},
        },
    )


def stated_falsehoods(response: str, metadata: Mapping[str, Any]) -> list[str]:
    """What the turn states that is false, by the exact checks (each right by construction): wrong arithmetic
    (`arithmetic.py`, operations that go on from the number before them included; not the student's, quoted; a
    comparison or a property of a whole number asserted wrong: "17 is smaller than 12", "12 is odd"; a right result
    denied: "3 x 68 is not 204"), a law of numbers or a rule taught as a tip that fails (`number_laws.py`), the
    student's operation said back as another ("you divided 68 and 3" for their 3 x 68), a quantity of the problem
    with a wrong value or a sentence of it with its relation reversed (`false_statements.py`) or quoted with a word
    of its mathematics changed, or its question said to ask for another thing it counts (`problem_quotes.py`), a
    false fact of units ("a gallon holds five quarts": `unit_facts.py`), a bound on the answer that the final answer
    breaks ("The answer can't go past 204." where it is 250: `answer_bounds.py`), a last step said to finish the
    problem whose operation does not give the answer ("Try adding 15 and 5 - that finishes it." where it is 10:
    `last_step.py`), a wrong answer asserted as the answer, the tutor's own working said to end on one included
    (`leakage.py`), the student's wrong answer said back as right ("55 is correct!"; a bare "Great job!" states no
    answer, so it is praise, not a falsehood). `correctness` is 0 for any; the `strategy` scorer counts the turns
    with one."""
    fields = (str(metadata.get(key) or "") for key in _FALSEHOOD_FIELDS)
    return list(_stated_falsehoods(response, *fields, tuple(metadata.get("student_utterances") or ())))


# what of the moment the falsehood checks read
_FALSEHOOD_FIELDS = ("final_answer", "problem", "ground_truth", "conversation_history", "student_incorrect_solution")


@lru_cache(maxsize=4096)
def _stated_falsehoods(
    response: str,
    final_answer: str,
    problem: str,
    ground_truth: str,
    history: str,
    incorrect_solution: str,
    student_said: tuple[str, ...],
) -> tuple[str, ...]:
    # `correctness` and `strategy` both ask for a turn's falsehoods: computed once per turn
    moment = {"final_answer": final_answer, "problem": problem, "ground_truth": ground_truth,
              "conversation_history": history, "student_incorrect_solution": incorrect_solution,
              "student_utterances": list(student_said)}  # fmt: skip
    claims = turn_arithmetic_claims(response, student_said) + tuple(continued_claims(response, list(student_said)))
    found = [
        f"wrong arithmetic: {' '.join(claim.text.split())}"
        for claim in claims
        if not claim.correct and not claim.quoted
    ]
    found += [f"wrong comparison: {comparison}" for comparison in false_comparisons(response, list(student_said))]
    found += [f"a right result denied: {denial}" for denial in false_denials(response, list(student_said))]
    found += [f"wrong division: {division}" for division in false_remainders(response, list(student_said))]
    found += [f"false fact of a number: {fact}" for fact in false_number_facts(response)]
    found += [f"false law of numbers: {law}" for law in false_laws(response)]
    found += [quantity.explanation() for quantity in false_quantities(response, moment)]
    found += regrouped_quantities(response, problem)
    found += [f"reversed relation: {reversal}" for reversal in reversed_relations(response, problem)]
    found += [f"misstated comparison: {comparison}" for comparison in misstated_comparisons(response, problem)]
    found += denied_givens(response, problem)
    found += [f"the student's operation misquoted: {said}" for said in misquoted_operations(response, moment)]
    found += [fact.explanation() for fact in false_unit_facts(response, problem)]
    found += false_bounds(response, final_answer)
    found += denied_answers(response, final_answer)
    found += false_properties(response, final_answer, problem)
    found += false_models(response, final_answer, problem)
    found += false_last_steps(response, final_answer)
    found += blamed_right_steps(response, ground_truth, problem)
    found += misdiagnosed_slips(response, moment)
    found += misadvised_steps(response, ground_truth)
    found += needless_key_steps(response, ground_truth)
    found += needless_numbers(response, ground_truth, problem)
    found += misnamed_operations(response, ground_truth, final_answer)
    found += misquoted_problem(response, problem)
    found += faulted_problem(response, final_answer)
    found += misstated_question(response, problem)
    found += misreported_work(response, incorrect_solution, list(student_said))
    leak = _leakage(response, final_answer, student_said, history, problem, ground_truth)
    if leak.label == "yes_incorrect":
        found.append(leak.rationale)
    if settled := takes_a_wrong_number_as_settled(response, moment):
        found.append(settled)
    elif student_latest_answer(moment) in number_values(response) and (
        endorsed := endorses_the_wrong_answer_as_it_stands(response, moment)
    ):
        found.append(endorsed)
    return tuple(found)


def _lenient_probability(details: dict) -> float | None:
    """P(Yes) + P(To some extent) of a learnt verdict, None when an exact check gave it."""
    probabilities = details.get("probabilities")
    return None if probabilities is None else sum(probabilities.get(label, 0.0) for label in LENIENT_YES)


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
    annotators' guideline gives telling the answer no guidance and no next step. No MRBench dev turn (815) is one;
    3 of MathDial's 1,201 default teacher turns are ("The answer is 600")."""
    from trtutor.scorers.offline.degenerate import ARITHMETIC, development_vocabulary, tokens

    response, final_answer = offline_turn(state), state.metadata.get("final_answer")
    # an expression ("72/8") points to a step that is left to the student: MathDial's teachers call it focus
    if not final_answer or "?" in response or ARITHMETIC.search(response):
        return False
    if offline_leakage(state).label != "yes_correct":
        return False
    words = [token for token in development_vocabulary().content(tokens(response)) if not token[0].isdigit()]
    return not words and number_values(response) <= {Fraction(final_answer)}


def offline_leakage(state: TaskState) -> LeakageFinding:
    """The offline leakage finding for the talker's turn in `state` (the revealing, guidance and mistake verdicts and
    `correctness` all ask for it: it is computed once per turn)."""
    metadata = state.metadata
    return _leakage(
        offline_turn(state),
        metadata.get("final_answer") or "",
        tuple(metadata["student_utterances"]),
        metadata["conversation_history"],
        metadata["problem"],
        metadata.get("ground_truth") or "",
    )


def _leakage(
    response: str, final_answer: str, student_said: tuple[str, ...], conversation: str, problem: str, solution: str = ""
) -> LeakageFinding:
    return detect_leakage(
        response,
        Fraction(final_answer) if final_answer else None,
        student_said=list(student_said),
        conversation=conversation,
        problem=problem,
        solution=solution,
    )
