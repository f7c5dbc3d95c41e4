"""Arithmetic claims in a tutor turn (`24 + 6 = 30`, `$0.05 x 40 = $2`, `2(4) + 6(2) = 8 + 12 = 20`), checked.

What it sees: chains of numbers, `+ - x × * / ÷`, brackets and `=`, evaluated exactly with fractions. A result
written rounded (`10 / 3 = 3.33`) is right when it is the exact value rounded to the digits written.

A claim inside a question ("is 3 x 68 = 2448?") or a sentence that reports the student's work ("you are saying that
3 x $68 = $2448") is marked `quoted`: the tutor is asking about it, not asserting it.

What it cannot see: algebra with letters (`x + 5 = 9`), claims in words ("twelve minus three is nine"), units
(`2 hours = 120 minutes` is not arithmetic to it and is skipped), and whether a correct calculation is the right one
for the problem.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from fractions import Fraction

# A number as an arithmetic operand: currency and thousands separators allowed, no trailing sentence period.
_NUM = r"[$€£]?\d+(?:,\d{3})*(?:\.\d+)?"
_OPERAND = rf"(?:\(\s*)*{_NUM}(?:\s*\))*(?:\s*\(\s*{_NUM}\s*\))?"  # "2(4)" is 2 x 4
_OP = r"\s*[-+*/x×÷]\s*"
_EXPRESSION = rf"{_OPERAND}(?:{_OP}{_OPERAND})*"
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


def arithmetic_claims(text: str) -> list[ArithmeticClaim]:
    """Every `expression = expression` step in `text` that holds an operation, with whether it is right."""
    claims = []
    sentences = [(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    for match in _CHAIN.finditer(text):
        sentence = next((body for start, end, body in sentences if start <= match.start() < end), "")
        quoted = sentence.rstrip().endswith("?") or bool(_REPORTS_STUDENT.search(sentence))
        sides = [side.strip() for side in match.group(0).split("=")]
        for left, right in zip(sides, sides[1:], strict=False):
            if not (_has_operation(left) or _has_operation(right)):
                continue  # "4 = 4" restates, it does not calculate
            left_value, right_value = _evaluate(left), _evaluate(right)
            if left_value is None or right_value is None:
                continue
            correct = _agrees(left_value, right_value, right) or _agrees(right_value, left_value, left)
            claims.append(ArithmeticClaim(f"{left} = {right}", left_value, right_value, correct, quoted))
    return claims


def _has_operation(expression: str) -> bool:
    return bool(re.search(rf"{_NUM}{_OP}\(?\s*{_NUM}|\d\s*\(", expression))


def _evaluate(expression: str) -> Fraction | None:
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
    if _has_operation(written_text):
        return False
    match = re.search(r"\.(\d+)\s*$", written_text)
    if match is None:
        return False  # a whole number must be exact
    decimals = len(match.group(1))
    return abs(exact - written) <= Fraction(1, 2 * 10**decimals)
