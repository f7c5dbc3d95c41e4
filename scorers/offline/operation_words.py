"""The words that name the four operations, one vocabulary for every check that reads which operation a sentence
names (`last_step.py`, `number_laws.py`, `advice.py`), and what each operation gives.

`OPERATION_WORDS` are the operations' own words: the verb to do it ("add", "adding"), its noun ("addition", "sum")
and the word said between its terms ("plus", "times"), and the step to take in the passive ("they should be
added"). Past forms alone ("added", "divided") are left out on purpose: they report a step taken (mostly the
student's), not one to take. `EVERYDAY_OPERATION_WORDS` are how tutors also
say them without the grammar ("put them together", "split one by the other"); they are read only where a check needs
every way of naming an operation, since "share your answer" or "combine the steps" name none.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from fractions import Fraction

Operation = Callable[[Fraction, Fraction], Fraction | None]

OPERATION_WORDS: dict[str, tuple[str, ...]] = {
    "add": ("add", "adding", "addition", "plus", "sum", "be added"),
    "subtract": (
        "subtract",
        "subtracting",
        "subtraction",
        "minus",
        "take away",
        "taking away",
        "difference",
        "be subtracted",
    ),  # fmt: skip
    "multiply": ("multiply", "multiplying", "multiplication", "times", "product", "be multiplied"),
    "divide": ("divide", "dividing", "division", "quotient", "be divided"),
}
EVERYDAY_OPERATION_WORDS: dict[str, tuple[str, ...]] = {
    "add": ("put together", "putting together", "combine", "combining", "total up", "add up", "adding up",
            "added together"),
    "subtract": ("take one from the other", "take the smaller from the bigger", "find the difference", "take it away",
                 "take them away", "the gap between", "how many more"),
    "multiply": ("times together", "multiply together", "multiplied together"),
    "divide": ("split one by the other", "split", "splitting", "share", "sharing", "share out", "shared out",
               "goes into", "go into"),
}  # fmt: skip


def _divide(a: Fraction, b: Fraction) -> Fraction | None:
    return None if b == 0 else a / b  # None: undefined


APPLY: dict[str, Operation] = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
                               "divide": _divide}  # fmt: skip


def operation_of_word(words: dict[str, tuple[str, ...]] = OPERATION_WORDS) -> dict[str, str]:
    """Each word of `words` with the operation it names: {"adding": "add", ...}."""
    return {word: name for name, named_by in words.items() for word in named_by}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first (so "take away" wins over "take"), spaces matching any space."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(set(words), key=len, reverse=True))


def results_in_either_order(name: str, a: Fraction, b: Fraction) -> set[Fraction]:
    """What the operation `name` gives on two numbers, in either order of them (an undefined result left out)."""
    return {result for x, y in ((a, b), (b, a)) if (result := APPLY[name](x, y)) is not None}


# every word of an operation, its own or an everyday one: what `operations_named` reads
ANY_OPERATION_WORD = {**operation_of_word(OPERATION_WORDS), **operation_of_word(EVERYDAY_OPERATION_WORDS)}
_ANY_OPERATION = re.compile(rf"\b(?:{alternation(ANY_OPERATION_WORD)})\b", re.IGNORECASE)


def operations_named(text: str) -> set[str]:
    """The operations `text` names, by their own words or everyday ones ("add", "put together", "the gap between")."""
    return {ANY_OPERATION_WORD[" ".join(match.group(0).lower().split())] for match in _ANY_OPERATION.finditer(text)}
