"""Arithmetic claims in a tutor turn (`24 + 6 = 30`, `$0.05 x 40 = $2`, `2(4) + 6(2) = 8 + 12 = 20`), checked.

What it sees: chains of numbers, `+ - x × * / ÷`, brackets and `=`, evaluated exactly with fractions. A result
written rounded (`10 / 3 = 3.33`) is right when it is the exact value rounded to the digits written.

Claims in words are read too: "twelve minus three is nine", "5 times 4 equals 25", "half of 30 is 15", "twice 8
makes 16", "20 percent of 50 is 10" (numbers in digits or English words).

A claim that reports the student's work ("you are saying that 3 x $68 = $2448"), or a question about a claim the
student made ("is 3 x 68 = 2448?" after the student wrote 2448), is marked `quoted`: the tutor is asking about it,
not asserting it. A wrong claim inside a question that the student never made ("Since 5 x 4 = 25, what is left?")
is the tutor's own. Without the student's words, every claim in a question counts as quoted.

What it cannot see: algebra with letters (`x + 5 = 9`), units (`2 hours = 120 minutes` is not arithmetic to it and
is skipped), and whether a correct calculation is the right one for the problem.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from fractions import Fraction

from trtutor.answers import NUMBER_WORD_PATTERN

# A number as an arithmetic operand: currency and thousands separators allowed, no trailing sentence period.
_NUM = r"[$€£]?\d+(?:,\d{3})*(?:\.\d+)?"
_OPERAND = rf"(?:\(\s*)*{_NUM}(?:\s*\))*(?:\s*\(\s*{_NUM}\s*\))?"  # "2(4)" is 2 x 4
_OP = r"\s*[-+*/x×÷]\s*"
_EXPRESSION = rf"{_OPERAND}(?:{_OP}{_OPERAND})*"
EXPRESSION = re.compile(rf"(?<![\w.]){_OPERAND}(?:{_OP}{_OPERAND})+(?![\w(])")  # arithmetic with no "=" needed
# Not after a letter or digit (so "x + 5 = 9" and "3x = 9" are not claims), at least one "=".
_CHAIN = re.compile(rf"(?<![\w.]){_EXPRESSION}(?:\s*=\s*{_EXPRESSION})+(?![\w(])")
# "you said", "you are saying", "you've written", "you got": the tutor reports the student's claim
_REPORTS_STUDENT = re.compile(
    r"\byou(?:'ve|'re| have| are| were)?\s+(?:said|saying|say|wrote|written|write|got|get|calculated|claim\w*|think)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?](?!\d)|\n|$)")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


@dataclass(frozen=True)
class ArithmeticClaim:
    text: str
    left: Fraction
    right: Fraction
    correct: bool
    quoted: bool = False


def arithmetic_claims(text: str, student_said: list[str] | None = None) -> list[ArithmeticClaim]:
    """Every `expression = expression` step in `text` that holds an operation, and every claim in words, with
    whether it is right. `student_said` (the student's solution and turns) tells a question about the student's own
    claim from a question that makes a claim of its own; without it, every claim in a question counts as quoted."""
    from trtutor.answers import find_numbers

    student_numbers = None
    if student_said is not None:
        student_numbers = {mention.value for said in student_said for mention in find_numbers(said)}
    sentences = [(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]

    def is_quoted(position: int, result: Fraction) -> bool:
        sentence = next((body for start, end, body in sentences if start <= position < end), "")
        if _REPORTS_STUDENT.search(sentence):
            return True
        asked = sentence.rstrip().endswith("?")
        return asked and (student_numbers is None or result in student_numbers)

    claims = []
    for match in _CHAIN.finditer(text):
        sides = [side.strip() for side in match.group(0).split("=")]
        for left, right in zip(sides, sides[1:], strict=False):
            if not (has_operation(left) or has_operation(right)):
                continue  # "4 = 4" restates, it does not calculate
            left_value, right_value = evaluate(left), evaluate(right)
            if left_value is None or right_value is None:
                continue
            correct = _agrees(left_value, right_value, right) or _agrees(right_value, left_value, left)
            quoted = is_quoted(match.start(), right_value) or is_quoted(match.start(), left_value)
            claims.append(ArithmeticClaim(f"{left} = {right}", left_value, right_value, correct, quoted))
    for match in _WORD_CLAIM.finditer(text):
        if _IN_A_CHAIN.search(text[: match.start()]) or _REMAINDER.match(text, match.end()):
            continue  # "1+3+...+4+2 equals 31" is more than its last two terms; "2 remainder 22" is no claim of 2
        claim = _word_claim(match)
        if claim is not None:
            left_value, right_value, result_text = claim
            correct = _agrees(left_value, right_value, result_text)
            quoted = is_quoted(match.start(), right_value)
            claims.append(ArithmeticClaim(match.group(0).strip(), left_value, right_value, correct, quoted))
    return claims


_SPOKEN = rf"(?:[$€£]?\d+(?:,\d{{3}})*(?:\.\d+)?|{NUMBER_WORD_PATTERN}(?:[\s-]+(?:and[\s-]+)?{NUMBER_WORD_PATTERN})*)"
_WORD_OPS = {
    "plus": operator.add, "added to": operator.add, "+": operator.add,
    "minus": operator.sub, "take away": operator.sub, "less": operator.sub,
    "times": operator.mul, "multiplied by": operator.mul, "x": operator.mul, "×": operator.mul, "*": operator.mul,
    "divided by": operator.truediv, "over": operator.truediv, "÷": operator.truediv,
}  # fmt: skip  # no "-" or "/" between numbers: "ages 5-7", "3/4" are ranges and fractions
_OP_WORDS = "|".join(sorted((re.escape(word) for word in _WORD_OPS), key=len, reverse=True))
_IS = r"(?:is|are|equals|is equal to|equal to|makes|make|gives(?:\s+(?:you|us))?|comes to|will be|would be|leaves)"
_WORD_CLAIM = re.compile(
    rf"(?<![\w.])(?:(?P<a>{_SPOKEN})\s*(?P<op>{_OP_WORDS})\s*(?P<b>{_SPOKEN})"
    rf"|(?P<unary>half|twice|double|a third|a quarter) of (?P<u>{_SPOKEN})|(?P<unary2>twice|double) (?P<u2>{_SPOKEN})"
    rf"|(?P<p>{_SPOKEN})\s*(?:%|percent) of (?P<whole>{_SPOKEN}))"
    rf"\s+{_IS}\s+(?P<result>{_SPOKEN})(?![\w/])",
    re.IGNORECASE,
)
_IN_A_CHAIN = re.compile(r"[-+*/x×÷=]\s*$")
_REMAINDER = re.compile(r"\s+(?:remainder|r\b|with a remainder)", re.IGNORECASE)
_UNARY = {"half": Fraction(1, 2), "twice": Fraction(2), "double": Fraction(2), "a third": Fraction(1, 3),
          "a quarter": Fraction(1, 4)}  # fmt: skip


_SPOKEN_EXPRESSION = re.compile(
    rf"(?<![\w.])(?:(?P<a>{_SPOKEN}|a dozen)\s*(?P<op>{_OP_WORDS})\s*(?P<b>{_SPOKEN}|a dozen)"
    rf"|(?P<unary>half|twice|double|a third|a quarter) of (?P<u>{_SPOKEN}|a dozen)|(?P<unary2>twice|double) "
    rf"(?P<u2>{_SPOKEN}|a dozen))(?![\w/])",
    re.IGNORECASE,
)


def spoken_expressions(text: str) -> list[tuple[Fraction, str, int]]:
    """(value, text, start) of arithmetic said in words without its result ("15 minus 5", "twice 5", "half of 20",
    "a dozen minus two"); symbol-only arithmetic ("4 x 5") is `EXPRESSION`'s."""
    found = []
    for match in _SPOKEN_EXPRESSION.finditer(text):
        operands = (match.group("a") or "") + (match.group("b") or "")
        if match.group("op") and match.group("op") in "+x×*÷" and not re.search(r"[a-z]", operands, re.IGNORECASE):
            continue  # digits and a symbol only: `EXPRESSION` reads it
        if (value := _computed_value(match)) is not None:
            found.append((value, match.group(0), match.start()))
    return found


def _word_claim(match: re.Match[str]) -> tuple[Fraction, Fraction, str] | None:
    """(the value the claim computes, the value it states, the stated result as written), or None."""
    computed, result = _computed_value(match), _spoken_value(match.group("result"))
    return None if computed is None or result is None else (computed, result, match.group("result"))


def _computed_value(match: re.Match[str]) -> Fraction | None:
    """The value of the arithmetic a match of `_SPOKEN_EXPRESSION` or `_WORD_CLAIM` says: "a op b", "half of u",
    "twice u", or "p percent of whole"; None when an operand is no number or it divides by zero."""
    groups = match.groupdict()
    if groups.get("op"):
        a, b = _spoken_value(groups["a"]), _spoken_value(groups["b"])
        operation = _WORD_OPS[groups["op"].lower()]
        if a is None or b is None or (b == 0 and operation is operator.truediv):
            return None
        return operation(a, b)
    if groups.get("unary") or groups.get("unary2"):
        operand = _spoken_value(groups.get("u") or groups.get("u2"))
        return None if operand is None else _UNARY[(groups.get("unary") or groups["unary2"]).lower()] * operand
    part, whole = _spoken_value(groups.get("p")), _spoken_value(groups.get("whole"))
    return None if part is None or whole is None else part * whole / 100


def _spoken_value(written: str | None) -> Fraction | None:
    """A number as said in a claim: digits, English words ("one hundred and twenty"), "a dozen"."""
    from trtutor.answers import parse_number

    if not written:
        return None
    if written.lower() == "a dozen":
        return Fraction(12)
    return parse_number(re.sub(r"[\s-]+and[\s-]+", " ", written))


def has_operation(expression: str) -> bool:
    return bool(re.search(rf"{_NUM}{_OP}\(?\s*{_NUM}|\d\s*\(", expression))


def evaluate(expression: str) -> Fraction | None:
    python = re.sub(r"[$€£,]", "", expression)
    python = re.sub(r"[x×]", "*", python).replace("÷", "/")
    python = re.sub(r"(\d|\))\s*\(", r"\1*(", python)
    try:
        return _evaluate_node(ast.parse(python, mode="eval").body)
    except (SyntaxError, ZeroDivisionError, ValueError):
        return None


def _evaluate_node(node: ast.expr) -> Fraction:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return Fraction(str(node.value))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate_node(node.left), _evaluate_node(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate_node(node.operand)
    raise ValueError("not arithmetic")


def _agrees(exact: Fraction, written: Fraction, written_text: str) -> bool:
    """`written` equals `exact`, or is `exact` rounded to as many decimals as `written_text` shows."""
    if exact == written:
        return True
    if has_operation(written_text):
        return False
    match = re.search(r"\.(\d+)\s*$", written_text)
    if match is None:
        return False  # a whole number must be exact
    decimals = len(match.group(1))
    return abs(exact - written) <= Fraction(1, 2 * 10**decimals)
