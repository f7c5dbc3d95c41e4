"""Two things a tutor turn can get wrong about the problem, found exactly (the `correctness` judge's checks):

- `false_quantities`: a quantity of the problem stated with another value ("Tom has 5 boxes" where the problem says
  3 boxes). A quantity is a number and the noun after it; it is false when the problem gives that noun one value,
  the turn states the noun with another in a statement or a tag question (not a question, not negated, not a
  supposition), and that value is nowhere in the problem, its solution or the conversation (where a tutor's quoting
  of the student's numbers, and every step of the solution, come from).
- `agrees_with_wrong_answer`: the student's answer as it stands (the last number of their last turn) is wrong (not
  the final answer, not a number of the correct solution or the problem) and the turn calls it right ("That's
  correct!", "Yes, the answer is 42.") with nothing that questions it ("but", "check", "not", ...) and no other
  number: no mistake identified, and a wrong answer endorsed.

What they cannot see: a quantity named by another noun ("3 crates" for 3 boxes), or agreement said without these
words; both then fall to the learnt judges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from trtutor.answers import find_numbers, format_number
from trtutor.scorers.offline.leakage import ANSWER_CLAIM, TAG_QUESTION, sentences

_NOUN_AFTER = re.compile(r"\s*([a-z]{3,})\b", re.IGNORECASE)
# not nouns of a quantity: "4 times", "2 of the", "20 from"; one (or "a") of something is per-unit reasoning
_NOT_A_NOUN = frozenset(ENGLISH_STOP_WORDS) | {
    "time",
    "times",
    "each",
    "per",
    "more",
    "less",
    "percent",
    "plus",
    "minus",
    "divided",
    "multiplied",
    "total",
    "altogether",
    "different",
    "other",
    "extra",
    "new",
    "additional",
    "whole",
    "equal",
    "same",
    "left",
    "remaining",
}
_SUPPOSES = re.compile(
    r"\b(?:if|suppose|supposing|imagine|say|let's say|would|could|might|instead of|not|n't|never|no longer|rather)\b",
    re.IGNORECASE,
)
_AFFIRMS = re.compile(
    r"\b(?:(?:that's|that is|you're|you are|it's|it is|this is|[$€£]?\d[\d,.]*\s+is)\s+(?:absolutely\s+|exactly\s+"
    r"|totally\s+|completely\s+|quite\s+)?(?:right|correct)|correct\s*!|exactly(?:\s+right)?|well done|great job"
    r"|good job|perfect|you got it|spot on|nailed it|that's it|checks out|is what i got|i got that too|i agree|agreed"
    r"|that works|sounds right|is fine|works|^\W*(?:yes|yep|yeah|right)\b)",
    re.IGNORECASE,
)
# what questions the answer rather than endorse it; a follow-up question alone ("Which step was hardest?", "How did
# you decide to add?") does not, but asking for the next quantity moves on to the next step ("Yes - well done. Now
# how many were left?"), as MathDial's teachers do after a right step that this check cannot tell from a wrong one
_QUESTIONS_IT = re.compile(
    r"\b(?:but|however|although|though|not|almost|close|check|recheck|double-check|again|mistake|mistakes|wrong"
    r"|error|incorrect|careful|sure|reconsider|instead|how (?:many|much|long|far|old|often))\b|n't\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FalseQuantity:
    noun: str
    problem_value: Fraction
    stated: str
    sentence: str

    def explanation(self) -> str:
        return (
            f"states {self.stated!r} where the problem gives {format_number(self.problem_value)} {self.noun}: "
            f"{self.sentence.strip()!r}"
        )


def _quantities(text: str) -> list[tuple[Fraction, str, str]]:
    """(value, noun, text) of every number followed by a noun (at most one word between)."""
    found = []
    for mention in find_numbers(text):
        match = _NOUN_AFTER.match(text, mention.end)
        if match and match.group(1).lower() not in _NOT_A_NOUN and mention.value not in (0, 1):
            found.append((mention.value, _singular(match.group(1).lower()), text[mention.start : match.end()]))
    return found


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"  # candies, candy
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def false_quantities(response: str, metadata: dict[str, Any]) -> list[FalseQuantity]:
    """The quantities of the problem that `response` states with a value the problem, its solution and the
    conversation never give."""
    problem = metadata.get("problem") or ""
    said = " ".join(str(metadata.get(key) or "") for key in ("problem", "ground_truth", "conversation_history",
                                                            "student_incorrect_solution"))  # fmt: skip
    said_values = {mention.value for mention in find_numbers(said)}
    values_of: dict[str, set[Fraction]] = {}
    for value, noun, _ in _quantities(problem):
        values_of.setdefault(noun, set()).add(value)
    found = []
    for sentence in sentences(response):
        asked = sentence.rstrip().endswith("?") and not TAG_QUESTION.search(sentence)
        if asked or _SUPPOSES.search(sentence):
            continue
        for value, noun, text in _quantities(sentence):
            given = values_of.get(noun)
            # a noun the problem gives one value: a noun of many ("12 spoons", "5 spoons") names several
            # quantities, and a new value of it is often a step of the tutor's own (MRBench: 3 of 3 such turns
            # credited with identifying the mistake)
            if given is not None and len(given) == 1 and value not in said_values:
                found.append(FalseQuantity(noun, next(iter(given)), text, sentence))
    return found


def student_latest_answer(metadata: dict[str, Any]) -> Fraction | None:
    """The last number of the student's last turn (their answer as it stands, which the tutor's turn answers), or
    None when that turn has none."""
    said = metadata.get("student_utterances") or []
    mentions = find_numbers(said[-1]) if said else []
    return mentions[-1].value if mentions else None


def student_answer_is_wrong(metadata: dict[str, Any]) -> bool:
    """Is the student's answer as it stands wrong: a number that is neither the final answer nor a number of the
    correct solution or the problem (a right step of another path may look wrong to this; a right one never)?"""
    if not metadata.get("final_answer"):
        return False
    latest = student_latest_answer(metadata)
    right_values = {mention.value for key in ("ground_truth", "problem")
                    for mention in find_numbers(str(metadata.get(key) or ""))}  # fmt: skip
    return latest is not None and latest != Fraction(metadata["final_answer"]) and latest not in right_values


def agrees_with_wrong_answer(response: str, metadata: dict[str, Any]) -> str | None:
    """Why the turn endorses the student's wrong answer, or None when it does not (or the answer is not wrong)."""
    if not student_answer_is_wrong(metadata):
        return None
    latest = student_latest_answer(metadata)
    if _QUESTIONS_IT.search(response):
        return None
    stated = {mention.value for mention in find_numbers(response)}
    affirms = _AFFIRMS.search(response)
    if affirms is None and not (latest in stated and ANSWER_CLAIM.search(response)):
        return None
    if stated - {latest}:
        return None  # another number: the turn moves to something else, not only the student's answer
    how = f"calls it right ({affirms.group(0).strip()!r})" if affirms else "states it as the answer"
    return f"the student's answer {format_number(latest)} is wrong, and the turn {how} without questioning it"
