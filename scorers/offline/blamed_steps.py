"""A right step of the work called the mistake: "Your working goes wrong at 18 x 2 = 36.", "Look at 600 / 3 = 200 -
that step is off.", where 18 x 2 = 36 is right and is a step of the problem's worked solution.

A step whose arithmetic is right may still be a mistake (the right sum of the wrong numbers), so a step is read as
wrongly blamed only where the worked solution does the same step: the same operation on the same two numbers with
the same result. Blamed: a word of fault in its sentence ("mistake", "error", "slip", "wrong", "off", "the
trouble", "to fix", "not right"), not a fault denied ("there's no mistake in 18 x 2 = 36"), not asked ("Is
18 x 2 = 36 the slip?"). The `correctness` scorer counts such a turn as one that states something false (the mistake
it identifies is none), like a false last step (`last_step.py`); the `strategy` scorer counts the turns with one.
Of the 5,030 real tutor turns we hold, none blames a step of the worked solution.

A computing slip named as the student's mistake (`misdiagnosed_slips`: "you dropped a carried one", "you lost a
zero", "the decimal point moved", "two digits got swapped", "a small calculation error") where there is none: every
calculation the student wrote is right and their answer as it stands is the result of one of them, so their mistake
is a wrong step, not a slip of computing. Where the student wrote no calculation there is nothing to check, and the
turn is left alone. Of the 5,030 real turns, 20 name such a slip: in each the student's work has a wrong calculation
(the slip is real) or none written; none is read as misdiagnosed.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from trtutor.answers import parse_number
from trtutor.scorers.offline.arithmetic import continued_claims, turn_arithmetic_claims
from trtutor.scorers.offline.leakage import sentences, standing_number
from trtutor.scorers.offline.operation_words import APPLY

_NUMBER = r"\$?\d[\d,]*(?:\.\d+)?"
# a number's unit between it and the sign: "4 * 3 customers = 12", "7 new records x 2 old records traded for each = 14"
_UNIT = r"(?:\s+(?!x\b)[A-Za-z][A-Za-z'-]*){0,5}?"
_STEP = re.compile(
    rf"(?<![\w.])(?P<a>{_NUMBER}){_UNIT}\s*(?P<op>[-+x×*/÷])\s*(?P<b>{_NUMBER}){_UNIT}\s*=\s*(?P<c>{_NUMBER})(?![\w.]?\d)"
)
# three numbers or more joined by one sign: "$204 + $160 + $330 = $694", "60 minutes + 30 minutes + 10 minutes = 100"
_CHAIN = re.compile(
    rf"(?<![\w.])(?P<chain>{_NUMBER}{_UNIT}(?:\s*[-+x×*/÷]\s*{_NUMBER}{_UNIT}){{2,}})\s*=\s*(?P<c>{_NUMBER})(?![\w.]?\d)"
)
_CHAIN_OPERAND = re.compile(_NUMBER)
_CHAIN_SIGN = re.compile(r"(?<=[\w\s])[-+x×*/÷](?=\s*\$?\d)")
# the operation each sign writes
OPERATION_OF_SIGN = {"+": "add", "-": "subtract", "x": "multiply", "×": "multiply", "*": "multiply", "/": "divide",
                      "÷": "divide"}  # fmt: skip
_FAULT = re.compile(
    r"\b(?:mistakes?|errors?|slips?|wrong|off|trouble|problem\s+starts|breaks|let\s+you\s+down|to\s+fix|fix\s+(?:it|that)"
    r"|incorrect|not\s+(?:right|correct)|isn't\s+(?:right|correct)|went\s+wrong|goes\s+wrong|went\s+astray)\b",
    re.IGNORECASE,
)
_NO_FAULT = re.compile(
    r"\b(?:no|nothing|not\s+(?:a|the|any|your)|isn't\s+(?:a|the|your)|never)\s+(?:\w+\s+)?(?:mistakes?|errors?|slips?"
    r"|problem|trouble|wrong)\b|\bnothing\s+(?:is\s+)?wrong\b",
    re.IGNORECASE,
)


# the right step given in place of a wrong one corrects it ("your final step: ... would be 33 - 28 = 5, not 12")
_GIVES_THE_FIX = re.compile(r"\b(?:would|should|must|needs?\s+to|has\s+to)\s+be\b|\binstead\b|,?\s+not\s+\$?\d", re.I)
# a contrast splits what is blamed from what is not: "12 + 3 = 15 is right, but 15 - 5 = 9 is wrong."
_CONTRAST = re.compile(r"[;,]?\s+\b(?:but|however|though|although|whereas|while|yet)\b", re.IGNORECASE)


def _value(text: str) -> Fraction | None:
    return parse_number(text.lstrip("$").replace(",", ""))


@lru_cache(maxsize=4096)
def solution_steps(text: str) -> frozenset[tuple[str, Fraction, Fraction, Fraction]]:
    """The right steps written in `text` as (operation, first number, second number, result), the operation by its
    name in `operation_words` ("add"); a sum or a product in either order. Cached: four checks of a turn read the same
    worked solution."""
    found = set()
    for match in _STEP.finditer(text):
        a, b, c = _value(match["a"]), _value(match["b"]), _value(match["c"])
        name = OPERATION_OF_SIGN[match["op"]]
        if a is None or b is None or c is None or APPLY[name](a, b) != c:
            continue  # a division by 0 gives None: no step
        found.add((name, a, b, c))
        if name in ("add", "multiply"):
            found.add((name, b, a, c))
    return frozenset(found)


# A number as the worked solution computes it: a number it starts from, or (operation, left, right) of the step that
# first gives it.
Work = Fraction | tuple[str, "Work", "Work"]


@lru_cache(maxsize=4096)
def worked_expressions(text: str) -> dict[Fraction, Work]:
    """Each result of the right steps written in `text`, as the expression of the numbers it starts from that the
    steps compute it by, in the order they are written ("12 + 3 = 15. 15 - 5 = 10." gives 10 as
    ("subtract", ("add", 12, 3), 5)); a chain of one sign's operations ("$204 + $160 + $330 = $694") is computed from
    the left."""
    found: dict[Fraction, Work] = {}
    steps = [(match.start(), [match["a"], match["b"]], [match["op"]], match["c"]) for match in _STEP.finditer(text)]
    for match in _CHAIN.finditer(text):
        operands = _CHAIN_OPERAND.findall(match["chain"])
        signs = _CHAIN_SIGN.findall(match["chain"])
        if len(set(signs)) == 1 and len(operands) == len(signs) + 1:
            steps.append((match.start(), operands, signs, match["c"]))
    for _, operands, signs, result in sorted(steps, key=lambda step: step[0]):
        values = [_value(operand) for operand in operands]
        c = _value(result)
        if c is None or any(value is None for value in values) or c in found or c in values:
            continue
        work: Work = found.get(values[0], values[0])
        total: Fraction | None = values[0]
        for sign, value in zip(signs, values[1:], strict=True):
            name = OPERATION_OF_SIGN[sign]
            total = APPLY[name](total, value) if total is not None else None
            work = (name, work, found.get(value, value))
        if total == c:
            found[c] = work
    return found


def blamed_right_steps(response: str, worked_solution: str, problem: str = "") -> list[str]:
    """The steps of the worked solution, right, that `response` calls the mistake, each as "a right step called the
    mistake: <sentence>". A word of fault that the problem says is a word of its story ("Leo got 2 x 2 = 4
    mistakes.", "1/2 off"), not a fault of the work."""
    worked = solution_steps(worked_solution)
    if not worked:
        return []
    story = " ".join(re.findall(r"[a-z']+", problem.lower()))
    found = []
    clauses = [clause for sentence in sentences(response) for clause in _CONTRAST.split(sentence) if clause.strip()]
    for sentence in clauses:
        faults = [match for match in _FAULT.finditer(sentence)
                  if not re.search(rf"\b{re.escape(' '.join(match.group(0).lower().split()))}\b", story)]  # fmt: skip
        if sentence.rstrip().endswith("?") or not faults or _NO_FAULT.search(sentence):
            continue
        if _GIVES_THE_FIX.search(sentence):
            continue
        if solution_steps(sentence) & worked:
            found.append(f"a right step of the solution called the mistake: {sentence.strip()!r}")  # the clause
    return found


# A slip of computing said to have happened: done by the student ("you dropped a carried one", "you've lost a zero",
# "you might have added an extra zero"), or named ("a calculation error", "a times-table fact slipped", "the decimal
# point moved", "two digits got swapped"). "A multiplication error" and a sign switched are left out: they may mean
# the wrong operation chosen ("You mixed up the signs - the 3 used spoons should be added back"), no slip of computing.
_COMPUTING_SLIP = re.compile(
    r"\byou(?:'ve|\s+have|\s+(?:might|may|must)\s+have)?\s+(?:\w+ly\s+)?"
    r"(?:dropped|forgot|lost|missed|left\s+(?:out|off)|added|put\s+in|moved|misplaced|swapped|switched|transposed"
    r"|mixed\s+up|flipped|borrowed|miscalculated|made)\s+(?:(?:a|an|the|one|two|your|some)\s+)?(?:\w+\s+){0,2}?"
    r"(?:carr(?:y|ied\s+(?:one|1|digit|ten))|to\s+carry|zeros?|decimal(?:\s+point)?|digits"
    r"|from\s+the\s+wrong\s+(?:column|place)"
    r"|(?:calculation|arithmetic|computation|computing|times[- ]tables?)\s+(?:errors?|mistakes?|slips?))\b"
    r"|\b(?:calculation|arithmetic|computation(?:al)?|computing|carrying|borrowing|times[- ]tables?|decimal)\s+"
    r"(?:errors?|mistakes?|slips?|facts?\s+slipped)\b"
    r"|\b(?:decimal\s+point|zero)\s+(?:moved|slipped|went\s+missing|got\s+lost|dropped)\b"
    r"|\b(?:two\s+)?digits\s+(?:got\s+)?(?:swapped|switched|flipped|transposed|mixed\s+up)\b"
    r"|\b(?:dropped|lost|forgot)\s+(?:a|the)\s+carried\s+(?:one|digit)\b",
    re.IGNORECASE,
)
# the slip denied, or the calculations praised, anywhere in its sentence: "you made zero calculation errors", "A
# calculation error isn't what happened", "free of any arithmetic mistakes", "You made every calculation correctly"
_SLIP_DENIED = re.compile(
    r"\b(?:no|not|never|nothing|without|free\s+of|isn't|aren't|wasn't|didn't|don't|doesn't|correctly)\b|n't\b"
    r"|\bzero\s+(?:\w+\s+)?(?:errors?|mistakes?|slips?)\b"
    r"|\b(?:calculations?|arithmetic|sums?|working)\s+(?:is|are|was|were)\s+(?:all\s+)?(?:right|correct|fine)\b"
    r"|\b(?:added|divided|multiplied|subtracted)\s+(?:\w+\s+){0,2}?right\b",
    re.IGNORECASE,
)


def misdiagnosed_slips(response: str, moment: dict) -> list[str]:
    """The sentences of `response` that name a slip of computing as the student's mistake where their work has none,
    each as "a slip of computing named where the student's calculations are right: <sentence>": the student wrote at
    least one calculation, every one is right, and their answer as it stands is the result of one. A question ("Did
    you forget to carry?") asks, and is left alone."""
    named = [sentence.strip() for sentence in sentences(response) if not sentence.rstrip().endswith("?")
             and _COMPUTING_SLIP.search(sentence) and not _SLIP_DENIED.search(sentence)]  # fmt: skip
    said = [str(turn) for turn in moment.get("student_utterances") or []]
    latest = standing_number(said[-1]) if said else None
    if not named or latest is None:
        return []  # (the student's work is read only where a slip is named: most turns name none)
    work = [str(moment.get("student_incorrect_solution") or ""), *said]
    calculations = [claim for text in work for claim in (*turn_arithmetic_claims(text, ()), *continued_claims(text))]
    if not calculations or not all(claim.correct for claim in calculations):
        return []
    if latest not in {claim.right for claim in calculations}:
        return []  # their answer is no result of the calculations read: a step unread may hold the slip
    return [f"a slip of computing named where the student's calculations are right: {sentence!r}" for sentence in named]
