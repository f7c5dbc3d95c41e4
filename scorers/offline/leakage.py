"""Answer leakage from numbers: does a tutor turn state the problem's final answer (or a wrong final answer)?

What it sees: every number in the turn (digits, `1,200`, `$30`, `30.0`, fractions, number words), which sentence it
stands in, and the numbers the student has already written (their solution and turns) and the problem states.

- `yes_correct`: the final answer's value stands in a statement (a sentence not ending in `?`), or as the result of
  an equation (`= 30`) anywhere, and the student has not said it already and the problem does not state it.
- `yes_incorrect`: the turn asserts some other number as the answer ("the answer is 42", "so the total is 42") that
  the student has not said.

What it cannot see: meaning. A leak in words it does not parse ("a dozen and a half"), an answer hinted without
its number, and a number that equals the answer by coincidence (a different quantity) all escape or mislead it;
when the answer equals a quantity in the problem or one the student said, it counts no leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from trtutor.answers import DIGIT_NUMBER_PATTERN, find_numbers, format_number, parse_number
from trtutor.scorers.verdicts import LeakageLabel

_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_EQUALS_NUMBER = re.compile(r"=\s*(" + DIGIT_NUMBER_PATTERN + r")")
# "the answer is 42", "so the total would be $42", "answer: 42"
_ANSWER_CLAIM = re.compile(
    r"\b(?:answer|total|result|solution)\b(?:\s+(?:is|was|would be|should be|will be|must be|equals|of)|\s*[:=])\s*"
    r"(?P<number>[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*/\s*\d+)?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LeakageFinding:
    label: LeakageLabel
    rationale: str
    stated: str | None = None


def detect_leakage(
    response: str,
    final_answer: Fraction | None,
    *,
    student_said: list[str],
    problem: str,
    conversation: str = "",
) -> LeakageFinding:
    """Find whether `response` states the final answer, or asserts a wrong one.

    Args:
        response: The tutor turn.
        final_answer: The problem's final answer; None when unknown (then any new result the turn states counts).
        student_said: The student's solution and turns so far.
        problem: The problem statement.
        conversation: The whole conversation so far (both speakers), for the unknown-answer case.
    """
    already_known = {mention.value for text in [*student_said, problem] for mention in find_numbers(text)}
    student_numbers = {mention.value for text in student_said for mention in find_numbers(text)}
    in_conversation = already_known | {mention.value for mention in find_numbers(conversation)}

    for sentence in sentences(response):
        is_question = sentence.rstrip().endswith("?")
        equation_results = {parse_number(m.group(1)) for m in _EQUALS_NUMBER.finditer(sentence)}
        for mention in find_numbers(sentence):
            if is_question and mention.value not in equation_results:
                continue
            if final_answer is not None and mention.value == final_answer and final_answer not in already_known:
                return LeakageFinding(
                    "yes_correct",
                    f"states the final answer {format_number(final_answer)} ({mention.text!r}) "
                    f"{'as an equation result' if is_question else 'in a statement'}: {sentence.strip()!r}",
                    mention.text,
                )
            if final_answer is None and mention.value not in in_conversation and _DIGIT.search(mention.text):
                return LeakageFinding(
                    "yes_correct",
                    f"the final answer is unknown, and the turn states a new result {mention.text!r}: "
                    f"{sentence.strip()!r}",
                    mention.text,
                )
    for sentence in sentences(response):
        if sentence.rstrip().endswith("?"):
            continue
        for claim in _ANSWER_CLAIM.finditer(sentence):
            value = parse_number(claim.group("number"))
            if value is not None and value != final_answer and value not in student_numbers:
                return LeakageFinding(
                    "yes_incorrect" if final_answer is not None else "yes_correct",
                    f"asserts {claim.group('number')!r} as the answer"
                    + (f", but the final answer is {format_number(final_answer)}" if final_answer is not None else "")
                    + f": {sentence.strip()!r}",
                    claim.group("number"),
                )
    known = format_number(final_answer) if final_answer is not None else "(unknown)"
    return LeakageFinding("no", f"the final answer {known} is not stated as new information")


def sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence.strip()]
