"""A right step of the work called the mistake: "Your working goes wrong at 18 x 2 = 36.", "Look at 600 / 3 = 200 -
that step is off.", where 18 x 2 = 36 is right and is a step of the problem's worked solution.

A step whose arithmetic is right may still be a mistake (the right sum of the wrong numbers), so a step is read as
wrongly blamed only where the worked solution does the same step: the same operation on the same two numbers with
the same result. Blamed: a word of fault in its sentence ("mistake", "error", "slip", "wrong", "off", "the
trouble", "to fix", "not right"), not a fault denied ("there's no mistake in 18 x 2 = 36"), not asked ("Is
18 x 2 = 36 the slip?"). The `correctness` scorer counts such a turn as one that states something false (the mistake
it identifies is none), like a false last step (`last_step.py`); the `strategy` scorer counts the turns with one.
Of the 5,030 real tutor turns we hold, none blames a step of the worked solution.
"""

from __future__ import annotations

import re
from fractions import Fraction

from trtutor.answers import parse_number
from trtutor.scorers.offline.leakage import sentences
from trtutor.scorers.offline.operation_words import APPLY

_NUMBER = r"\$?\d[\d,]*(?:\.\d+)?"
_STEP = re.compile(
    rf"(?<![\w.])(?P<a>{_NUMBER})\s*(?P<op>[-+x×*/÷])\s*(?P<b>{_NUMBER})\s*=\s*(?P<c>{_NUMBER})(?![\w.]?\d)"
)
# the operation each sign writes
_OPERATION_OF_SIGN = {"+": "add", "-": "subtract", "x": "multiply", "×": "multiply", "*": "multiply", "/": "divide",
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


# a contrast splits what is blamed from what is not: "12 + 3 = 15 is right, but 15 - 5 = 9 is wrong."
_CONTRAST = re.compile(r"[;,]?\s+\b(?:but|however|though|although|whereas|while|yet)\b", re.IGNORECASE)


def _value(text: str) -> Fraction | None:
    return parse_number(text.lstrip("$").replace(",", ""))


def solution_steps(text: str) -> set[tuple[str, Fraction, Fraction, Fraction]]:
    """The right steps written in `text` as (operation, first number, second number, result), the operation by its
    name in `operation_words` ("add"); a sum or a product in either order."""
    found = set()
    for match in _STEP.finditer(text):
        a, b, c = _value(match["a"]), _value(match["b"]), _value(match["c"])
        name = _OPERATION_OF_SIGN[match["op"]]
        if a is None or b is None or c is None or APPLY[name](a, b) != c:
            continue  # a division by 0 gives None: no step
        found.add((name, a, b, c))
        if name in ("add", "multiply"):
            found.add((name, b, a, c))
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
        if solution_steps(sentence) & worked:
            found.append(f"a right step of the solution called the mistake: {sentence.strip()!r}")  # the clause
    return found
