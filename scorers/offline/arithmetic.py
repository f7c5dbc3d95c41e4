"""Arithmetic claims in a tutor turn (`24 + 6 = 30`, `$0.05 x 40 = $2`, `2(4) + 6(2) = 8 + 12 = 20`), checked.

What it sees: chains of numbers, `+ - x × * / ÷` (and the same operators as Unicode's minus and dots, full-width
signs or LaTeX's `\\times`), brackets and `=`, evaluated exactly with fractions; a side may open with a minus sign, and
a percent is a value (`10/40 = 25%`). A result written rounded (`10 / 3 = 3.33`, `1/3 = 33%`) is right when it is the
exact value rounded to the digits written. Mixed numbers (`1 1/2`) are skipped, not judged.

Claims in words are read too: "twelve minus three is nine", "5 spoons plus 12 spoons makes 17 spoons" (the same unit
after each operand), "5 and 12 together make 17", "5 times 4 equals 25", "half of 30 is 15", "twice 8 makes 16", "20
percent of 50 is 10" (numbers in digits or English words); and, by a grammar of families, the operation named by a
verb ("if you multiply 12 by 5 you get 60", "take 5 away from 12 and you have 7", "doubling 12 gives 24", "we get 60
when we multiply 12 by 5", "adding the 12 to the 5 gives 17", "combining 5 with 12, we get 17", "forty lots of
three, that's 120", "two times as many as six is 12", "twenty with five taken off is 15", "what's left of 13 after
the 11", "13 once the 11 are gone", "55, 6 times over", "how many 4s fit in 20"), by a noun ("the sum of 12 and 5 is
17"), as a fraction ("a half of 12 is 6"), as groups ("12 lots of 5 gives 60", "3 packs of 4 pens is 12
pens"), and asked then answered ("What is 12 x 5? It is 60."), or the result first ("400 is 7 fewer than 405", "210
is 20 times 10", "3 is 25% of 12", "79, which is 40 plus 36", "the 25 that comes from 12 plus 12", "173 from adding
71 and 100", "7 from taking 5 from 12"), and division as sharing ("3 goes into 1200 400 times", "24 shared equally among
3 gives 8 each"); a result may be where a running total arrives ("3 multiplied by 68 lands on 205", "Start at 6, then
multiplied by 55, and that gets us to 328", "Starting from 160, add 330 and you're at 693"). A grouping whose result
names something else than its items ("2 bags of 6 is 3 dollars") and a result that is only part of what is said ("is
12 more than", "is 3 quarters") are skipped, not judged. Two numbers and a third said as what they come to, in words
no grammar names ("twelve, losing 5, ends at ten", "2 boxes holding 7 each hold 12 altogether"), are read only to find
them wrong: when no operation of the two gives the third (a percent changing the other number by its share, "10% off
$50 leaves $45", and a power said as one, "2 to the power of 5 is 32", are operations too; a rate's unit names none,
"60 miles per hour for 3 hours is 180 miles"). A time of day ("from 9:30 to 11:00") is no operand, and a division's
remainder may be said as what is left ("17 divided by 5 is 3 with 2 left over").

A claim that reports the student's work ("you are saying that 3 x $68 = $2448", "you multiplied 12 by 5 and got
59"), or a question about a claim the
student made ("is 3 x 68 = 2448?" after the student wrote 2448), is marked `quoted`: the tutor is asking about it,
not asserting it. A wrong claim inside a question that the student never made ("Since 5 x 4 = 25, what is left?")
is the tutor's own. Without the student's words, every claim in a question counts as quoted.

Algebra in one unknown is read too: the unknown's value said after its equation ("If x + 5 = 12, then x = 8": wrong;
`solutions_said`). What it cannot see: other algebra (`x^2 = 9`, two unknowns), units (`2 hours = 120 minutes` is not
arithmetic to it and is skipped), and whether a correct calculation is the right one for the problem.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import operator
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from trtutor.answers import ENGLISH_NUMBER_WORDS, FRACTION_DENOMINATORS, NUMBER_WORD_PATTERN, NumberMention
from trtutor.scorers.offline.degenerate import LATEX_DELIMITER
from trtutor.scorers.offline.english_words import singular
from trtutor.scorers.offline.number_forms import (
    COUNTED_MARKS,
    UNIT_WORD_PATTERN,
    counted_forms,
    in_two_units_of_a_kind,
    marked_runs,
)
from trtutor.scorers.offline.operation_words import APPLY

# A number as an arithmetic operand: currency and thousands separators allowed, a percent sign (25% is 0.25), no
# trailing sentence period.
_NUM = r"[$€£]?\d+(?:,\d{3})*(?:\.\d+)?%?"
_OP = r"\s*[-+*/x×÷^]\s*"
# "2(4)" and "2(40 + 9)" are 2 x 4 and 2 x 49; a negative number keeps its sign after an operator or a bracket:
# "-2 x -3", "5 - (-2)"
_OPERAND = rf"(?:\(\s*)*{_NUM}(?:\s*\))*(?:\s*\(\s*-?{_NUM}(?:{_OP}-?{_NUM})*\s*\))?"
_SIGNED_OPERAND = rf"(?:\(\s*)*(?:-(?=[\d(]))?{_OPERAND}"
_EXPRESSION = rf"{_OPERAND}(?:{_OP}{_SIGNED_OPERAND})*"
# Not inside a mixed number ("1 1/2 + 2 1/2 = 4" is no claim that 1/2 = 4): not after "3 " nor before " 1/2", nor
# at a denominator ("1 1/2 x 4 = 6" is no claim that 2 x 4 = 6).
_NOT_AFTER = r"(?<![\w./)])(?<!\d\s)(?<!\)\s)"  # nor after a bracket it multiplies: "(0.3x)(1/3)($10) = $50"
_NOT_BEFORE = r"(?![\w(%]|\s\d+/\d)"
# arithmetic with no "=" needed
EXPRESSION = re.compile(
    rf"{_NOT_AFTER}(?:{_OPERAND}(?:{_OP}{_SIGNED_OPERAND})+|{_NUM}\s*\(\s*-?{_NUM}(?:{_OP}-?{_NUM})+\s*\)){_NOT_BEFORE}"
)  # "2(40 + 9)" too: a bracket it multiplies
# Not after a letter or digit (so "x + 5 = 9" and "3x = 9" are not claims), nor after an unknown and its operator
# (an equation to solve: "x + 5 - 3 = 12" claims nothing of 5 - 3; probe 52), at least one "="; a side may open with
# a minus sign ("-5 + 12 = 7", "5 - 8 = -3").
_AFTER_AN_UNKNOWN = "".join(rf"(?<![A-Za-z?_]{gap}[-+*/×÷]{gap2})" for gap in ("", r"\s") for gap2 in ("", r"\s"))
# an "=" joins the lines next to it, never across a blank line: "ok so 26+46=" asks for the result, and a column worked
# in the next paragraph is another claim (adversary round 67)
_EQUALS = r"[ \t]*(?:\n[ \t]*)?=[ \t]*(?:\n[ \t]*)?"
_CHAIN = re.compile(
    rf"{_NOT_AFTER}{_AFTER_AN_UNKNOWN}(?<!-)(?:\(\s*)*-?{_EXPRESSION}(?:{_EQUALS}-?{_EXPRESSION})+{_NOT_BEFORE}"
)
# Other ways to write the operators, read as these ("12 − 5", "12 · 5", "12 \times 5", full-width "12 ＋ 5 ＝ 17", the
# emoji signs "12 ➕ 5 🟰 17" and "2 ✖️ 24", their variation selector dropped, "≡", "≅" and a programmer's "==" or
# ":=": adversary rounds 42 and 43).
_OPERATOR_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u00b7": "\u00d7", "\u22c5": "\u00d7",
                                 "\u2219": "\u00d7", "\u2217": "*", "\u2215": "/", "\u2044": "/", "\u2795": "+",
                                 "\u2796": "-", "\u2716": "\u00d7", "\u2715": "\u00d7", "\u2797": "\u00f7",
                                 "\U0001f7f0": "=", "\ufe0f": None, "\u2261": "=", "\u2245": "="})  # fmt: skip
_LATEX_OPERATOR = re.compile(r"\\(times|cdot|div)\b")
_DOUBLE_EQUALS = re.compile(r"(?<=[\d\s])(?:===?|:=)(?=[\s\d$€£(-])")
# "you said", "you are saying", "you've written", "you got": the tutor reports the student's claim
REPORTS_STUDENT = re.compile(
    r"\b(?:you|u)(?:'ve|'re| have| are| r| were)?\s+(?:said|saying|say|wrote|written|write|got|calculated|claim\w*"
    # "what do you get next?" asks for a result, it reports none ("Why did you think ...?" reports a belief)
    # "Double 36 and you get 40" gives an operation's result (round 42)
    r"|get(?<!do you get)(?<!would you get)(?<!will you get)(?<!can you get)(?<!could you get)(?<!should you get)"
    r"(?<!and you get)(?<!then you get)"
    r"|think|thought|put)\b(?!\s*\?)",  # not a tag that asks the student's view: "..., wouldn't you say?"
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\d))*(?:[.!?](?!\d)|\n|$)")  # a decimal point ends no sentence ("0.5")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.Pow: lambda base, exponent: _power(base, exponent)}  # fmt: skip
# superscript digits are a power: "10²" is 10^2
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def _power(base: Fraction, exponent: Fraction) -> Fraction:
    """`base` to a whole `exponent` of at most 12 (a larger one is no tutor's arithmetic)."""
    if exponent.denominator != 1 or not 0 <= exponent <= 12:
        raise ValueError("not a small whole exponent")
    return base ** int(exponent)


@dataclass(frozen=True)
class ArithmeticClaim:
    text: str
    left: Fraction
    right: Fraction
    correct: bool
    quoted: bool = False  # not the tutor's own: the student's, reported or asked, or a calculation named to correct it


# A stated result that an operation goes on from is only its first operand ("3 dozen at $68 a dozen is 3 x $68"; probe
# 52; in words, "5 x 3 is 3 groups of 5"); a negated relation denies, and a denial is `false_denials`'s to read ("7
# boxes can't hold 72 pencils if each holds 8")
_RESULT_GOES_ON = re.compile(r"\s*(?:[-+*/×÷x]|plus|minus|times|divided\s+by|over)\s*[$€£]?\d", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|cannot)\b|n't\b", re.IGNORECASE)
_AND_THEN = re.compile(r"\s*,?\s*and\b", re.IGNORECASE)


def _stated_result(
    text: str, start: int, result_start: int, result_end: int, computed: Fraction, result: Fraction
) -> tuple[Fraction, Fraction, int] | None:
    """(what the operation gives, the result it is said to give) for a claim from `start` whose result is said at
    `result_start:result_end`: the result read in its operands' unit where it is said in another unit of theirs and
    only that reading agrees (`number_forms.in_operands_unit`: "40 minutes plus 20 minutes makes one hour"; "1680
    seconds divided by 60 is 28 minutes" converts); two quantities in two units of one kind added or taken away in the
    result's unit ("2 hours plus 30 minutes is 150 minutes", `number_forms.sum_across_units`); None where the claim is
    no statement of a result (an operation goes on from it, the relation is negated, or its operands are in two units
    of one kind and are no sum of two quantities), and where the result ends."""
    from trtutor.scorers.offline.number_forms import (
        count_and_ones,
        count_unit_size,
        in_operands_unit,
        in_two_units_of_a_kind,
        sum_across_units,
        unit_after,
        unit_quantities,
    )

    if _NEGATED.search(text, start, result_start):
        return None
    clause = re.match(r"[^.!?;\n]*", text[result_start:]).group(0)  # type: ignore[union-attr]
    if _RESULT_GOES_ON.match(text, result_end) or any(
        at == 0 and len(said) > result_end - result_start
        for _, said, at in spoken_expressions(clause)
        if not _AND_THEN.match(clause, result_end - result_start)  # "is 10 and one more" goes a step on from it
    ):
        # the result is an operation, in symbols or words ("is 15 + 1", "equals 1 more than 72", "is 3 groups of 5"):
        # its value where it ends the clause (adversary round 65: "12 + 3 is 15 + 1" was read only with "="), else the
        # number is an operand of what goes on
        written = _operation_ending_the_clause(clause)
        if written is None:
            return None
        result, result_end = written[0], result_start + written[1]
    operands, result_unit = text[start:result_start], unit_after(text, result_end)
    if (in_ones := count_and_ones(operands)) is not None and (result_size := count_unit_size(result_unit)):
        # both in the things themselves: "1 dozen plus 6 is 18", "... 1.5 dozen"
        return in_ones, result * result_size, result_end
    if in_two_units_of_a_kind(operands):
        # their bare numbers are no operands: the two quantities are, each in the result's unit
        across = sum_across_units(operands, result_unit)
        if across is None:
            return None
        if result_unit is None:  # a bare result may be in either unit of theirs: "2 hours and 30 minutes is 2.5"
            readings = {sum_across_units(operands, quantity.unit) for quantity in unit_quantities(operands)}
            across = result if result in readings else across
        return across, result, result_end
    in_their_unit = in_operands_unit(result, operands, result_unit)
    return computed, (in_their_unit if computed == in_their_unit != result else result), result_end


# what may follow a result that ends its clause: a unit word, then the clause's end or a tag question
_ENDS_ITS_CLAUSE = r"(?:\s+[a-z]+)?\s*(?:[.,;:!?)]|$)"
_CLAUSE_ENDS = re.compile(_ENDS_ITS_CLAUSE, re.IGNORECASE)


def _placed_value(match: re.Match[str]) -> tuple[Fraction, int] | None:
    """The result a match of `_PLACED` says and where it ends: an offset or operation in words that ends its clause, a
    mark passed by so much, or fallen short of by so much; None where it says none."""
    if match["place"] is not None:
        written = _operation_ending_the_clause(match["place"])
        return None if written is None else (written[0], match.start("place") + written[1])
    amount = match["by"] or match["short"]
    by = Fraction(1) if re.match(r"a\s", amount, re.IGNORECASE) else _spoken_value(amount)
    mark = _spoken_value(match["mark"] or match["under"])
    if by is None or mark is None:
        return None
    return (mark + by if match["past"] else mark - by), match.end()


def _operation_ending_the_clause(clause: str) -> tuple[Fraction, int] | None:
    """The value and the end of the operation that `clause` starts with (in symbols, `EXPRESSION`, or in words,
    `spoken_expressions`), where nothing but a unit word follows it in the clause; None where none does."""
    found = [(len(said), value) for value, said, at in spoken_expressions(clause) if at == 0]
    if (symbols := EXPRESSION.match(clause)) and (value := evaluate(symbols.group(0))) is not None:
        found.append((symbols.end(), value))
    return next(((value, end) for end, value in sorted(found, reverse=True) if _CLAUSE_ENDS.match(clause, end)), None)


# A sentence that only gives the result of the one before: "Take 12 and throw in 5. That makes 19 so far.", "Imagine 5
# bags of 5. So we have 27 in total." is read as one sentence, the operation and its result ("That's 3 packs of 6"
# and "This is 5 spoons from her husband" say what a number is).
_RESULT_SENTENCE = re.compile(
    r"(?<=[a-z0-9])[.!]\s+(?=(?:(?:so|and)\s+)?(?:(?:altogether|in total|all in all),?\s+that(?:'s|\s+is)"
    r"|(?:that|this|which|it)\s+(?:gives|makes|equals|leaves|comes to|adds up to)(?:\s+(?:us|you))?"
    r"|so\s+(?:we|you)\s+(?:have|get|got))"
    # one number, the result: "That gives us 12 still on the table and 3 used" says what the numbers are
    r"\s+[$€£]?\d[\d,]*(?:\.\d+)?[^.!?\d]*(?:[.!?]|$))",
    re.IGNORECASE,
)


def turn_arithmetic_claims(text: str, student_said: tuple[str, ...]) -> tuple[ArithmeticClaim, ...]:
    """`arithmetic_claims` of a turn, computed once: `correctness`, `strategy` and the learnt judges' features all read
    them."""
    return _arithmetic_claims(text, tuple(student_said))


def arithmetic_claims(text: str, student_said: list[str] | None = None) -> list[ArithmeticClaim]:
    """Every `expression = expression` step in `text` that holds an operation, and every claim in words, with
    whether it is right. `student_said` (the student's solution and turns) tells a question about the student's own
    claim from a question that makes a claim of its own; without it, every claim in a question counts as quoted."""
    return list(_arithmetic_claims(text, None if student_said is None else tuple(student_said)))


@lru_cache(maxsize=8192)
def _arithmetic_claims(text: str, student_said: tuple[str, ...] | None) -> tuple[ArithmeticClaim, ...]:
    # the learnt judges' features and several exact checks read the same turn's claims: found once
    from trtutor.answers import find_numbers

    text = _RESULT_SENTENCE.sub(", ", _arithmetic_text(text))
    student_numbers = None
    if student_said is not None:
        student_numbers = {mention.value for said in student_said for mention in find_numbers(said)}
    sentences = [(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]

    def is_quoted(position: int, result: Fraction) -> bool:
        start, sentence = next(((start, body) for start, end, body in sentences if start <= position < end), (0, ""))
        if _reports(sentence, position - start):
            # reported as theirs, theirs only if they said its result: 'You wrote "8 times 20 is 163"' where they
            # never did is the tutor's own claim (round 47)
            return student_numbers is None or result in student_numbers
        return _asked(sentence, result, student_numbers, position - start)

    claims = []
    taken: list[tuple[int, int]] = []  # spans already read as a claim, so a later grammar does not read them twice

    def claim_whole(match: re.Match[str], computed: Fraction, result: Fraction) -> None:
        """The whole match as a claim that `computed` is `result`, its span taken."""
        said = next((name for name in ("result", "total", "each") if match.groupdict().get(name)), None)
        end = match.end()
        if said is not None and match.start(said) > match.start():
            stated = _stated_result(text, match.start(), match.start(said), match.end(said), computed, result)
            if stated is None:
                taken.append(match.span())  # read, and no claim: no later grammar reads a part of it as one
                return
            computed, result, result_end = stated
            end = max(end, result_end)
        claims.append(ArithmeticClaim(text[match.start() : end].strip(), computed, result, computed == result,
                                      is_quoted(match.start(), result)))  # fmt: skip
        taken.append((match.start(), end))

    # a division with its remainder is read whole by `false_remainders`, its own check: no part of it is a claim
    taken += [match.span() for match in _REMAINDER_SAID.finditer(text)]
    for match in _CHAIN.finditer(text):
        if _read_already(taken, match.start()):
            continue  # a division with its remainder, read whole above
        if any(has_operation(side) for side in match.group(0).split("=")):
            taken.append(match.span())  # "5 = 59" in "12 groups of 5 = 59" calculates nothing: the words may
        sides = [side.strip() for side in match.group(0).split("=")]
        for index, (left, right) in enumerate(zip(sides, sides[1:], strict=False)):
            if not (has_operation(left) or has_operation(right)):
                continue  # "4 = 4" restates, it does not calculate
            left_value, right_value = evaluate(left), evaluate(right)
            if left_value is None or right_value is None:
                continue
            goes_on = index < len(sides) - 2 or _LEFT_OPEN.match(text, match.end())
            if goes_on and _running_on(left_value, right):
                # "12 + 3 = 15 - 5 = 10": a running total, each "=" its value so far (round 69), whether it ends in a
                # number or is left open for the student ("12 + 3 = 15 - 5 = ?": round 70)
                continue
            if _part_for_an_amount(left, left_value, right, right_value):
                continue  # "12 = 2/3 (of the total)", "1/3 = 2 cookies": a part and what it comes to, no arithmetic
            correct = _agrees(left_value, right_value, right) or _agrees(right_value, left_value, left)
            # asked about as the student's by the result as written ("Is 2448 = 3 x 68?"), not by what the
            # operation's side comes to ("Since 33 + 33 = 56, what next?" where the student has 66)
            written = [value for side, value in ((left, left_value), (right, right_value)) if not has_operation(side)]
            quoted = any(is_quoted(match.start(), value) for value in written or [right_value])
            claims.append(ArithmeticClaim(f"{left} = {right}", left_value, right_value, correct, quoted))
    for match in _CHAIN_CLAIM.finditer(text):
        if _IN_A_CHAIN.search(text[: match.start()]) or _IN_A_WORD_CHAIN.search(text[: match.start()]):
            continue
        computed, result = _chain_value(match["chain"]), _spoken_value(match["result"])
        if computed is not None and result is not None:
            claim_whole(match, computed, result)
    for match in _WORD_CLAIM.finditer(text):
        if _IN_A_CHAIN.search(text[: match.start()]) or _REMAINDER.match(text, match.end()):
            continue  # "1+3+...+4+2 equals 31" is more than its last two terms; "2 remainder 22" is no claim of 2
        if _read_already(taken, match.start()) or _IN_A_WORD_CHAIN.search(text[: match.start()]):
            continue  # the last operation of a chain in words ("3 times 4 plus 2 is 14"), or of "double 6 plus 1"
        if match["a"] and _ends_an_operation(text, match.start("a"), match.end("a")):
            continue  # "2 lots of 4, plus 2, makes 10": a step on from "2 lots of 4", which `continued_claims` reads
        if match["other_unit"] and not in_two_units_of_a_kind(text[match.start() : match.start("result")]):
            continue  # "5 spoons plus 12 minutes": two things of two kinds make no sum
        if match["gloss"] and not _GLOSS_ENDS.match(text, match.end("result")):
            continue  # "12 + 3 - that's 3 added on to the 12": the gloss tells of an operand (round 71)
        claim = _word_claim(match)
        if claim is not None:
            left_value, right_value, result_text = claim
            stated = _stated_result(
                text, match.start(), match.start("result"), match.end("result"), left_value, right_value
            )
            if stated is None:
                taken.append(match.span())
                continue
            left_value, right_value, end = stated
            end = max(end, match.end())
            correct = _agrees(left_value, right_value, text[match.start("result") : end])
            quoted = is_quoted(match.start(), right_value)
            claims.append(ArithmeticClaim(text[match.start() : end].strip(), left_value, right_value, correct, quoted))
            taken.append((match.start(), end))
    the_result_from = [
        match for match in _THE_RESULT_FROM.finditer(text) if not _TAKES_AWAY.search(text[: match.start()])
    ]
    for match in [*_RESULT_FIRST.finditer(text), *_DIVISION_SAID.finditer(text), *_RESULT_FROM.finditer(text),
                  *the_result_from, *_RESULT_SINCE.finditer(text)]:  # fmt: skip
        if _read_already(taken, match.start()) or _IN_A_CHAIN.search(text[: match.start()]):
            continue
        if "(" in match.group(0) and _LABEL_BEFORE.search(text[: match.start()]):
            continue  # "In step 2 (3 x 4), ...": a label's number, not a result
        computed, result = _result_first_values(match)
        if computed is None or result is None:
            continue
        correct = _agrees(computed, result, match.group("result") or match.group("each"))
        # quoted when it reports the student, or asks about numbers that are all the student's (the result alone
        # is often a number of the problem the student said back)
        said = [value for value in map(_spoken_value, re.findall(_N, match.group(0), re.IGNORECASE)) if value]
        quoted = is_quoted(match.start(), result) and all(is_quoted(match.start(), value) for value in said)
        claims.append(ArithmeticClaim(match.group(0).strip(), computed, result, correct, quoted))
        taken.append(match.span())
    for match in _PLACED.finditer(text):
        if _read_already(taken, match.start()) or _IN_A_CHAIN.search(text[: match.start()]):
            continue
        computed, placed = _computed_value(match), _placed_value(match)
        if computed is None or placed is None:
            continue
        result, end = placed
        claims.append(ArithmeticClaim(text[match.start() : end].strip(), computed, result, computed == result,
                                      is_quoted(match.start(), result)))  # fmt: skip
        taken.append((match.start(), end))
    for match in _INVERTED_QUESTION.finditer(text):
        if _read_already(taken, match.start()):
            continue
        operation, result = match["operation"], _spoken_value(match["result"])
        # its value as the readers of an operation without its result read it: in words, or in symbols
        said = (value for value, written, start in spoken_expressions(operation) if start == 0 and written == operation)
        computed = next(said, None)
        computed = evaluate(operation) if computed is None else computed
        if computed is None or result is None:
            continue
        # the claim starts at its operation: the question's "isn't" denies nothing (`_stated_result`)
        start = match.start("operation")
        stated = _stated_result(text, start, match.start("result"), match.end("result"), computed, result)
        taken.append(match.span())
        if stated is not None:
            computed, result, end = stated
            claims.append(ArithmeticClaim(text[start : max(end, match.end("result"))].strip(), computed, result,
                                          computed == result, is_quoted(match.start(), result)))  # fmt: skip
    for match in _SUM_SAID.finditer(text):
        # "5 and 12 are 17" may name two things; "together", "in all" or a verb of summing ("make", "add up to")
        # makes it a sum
        said_together = match.group("before") or match.group("after") or match.group("verb").lower() in _SUMMING
        a, b, result = (_spoken_value(match.group(name)) for name in ("a", "b", "result"))
        if not said_together or a is None or b is None or result is None:
            continue
        if _read_already(taken, match.start()) or _IN_A_WORD_CHAIN.search(text[: match.start()]):
            continue  # "Twice the sum of 2 and 3 is 10": the sum is an operand
        listed = _LISTED_BEFORE.search(text[: match.start()])
        items = [_spoken_value(item) for item in re.findall(_SPOKEN, listed.group(0), re.IGNORECASE)] if listed else []
        whole = a + b + sum(item for item in items if item is not None)
        if listed and None not in items and (a + b != result or whole == result):
            # the last two of a list: "68, 68 and 68 add up to 204" sums all three (adversary round 37); where the
            # pair alone is right, what comes before may be no item ("After step 1, 5 and 7 make 12")
            claims.append(ArithmeticClaim(text[listed.start() : match.end()].strip(), whole, result, whole == result,
                                          is_quoted(listed.start(), result)))  # fmt: skip
            taken.append((listed.start(), match.end()))
            continue
        claim_whole(match, a + b, result)
    for match in _PARTS_OF.finditer(text):
        if match["count"]:  # "12 is made of 3 lots of 4", "15 breaks into 3 equal parts of 5": so many of a size
            a, b = _spoken_value(match["count"]), _spoken_value(match["size"])
            parts = None if a is None or b is None else a * b
        else:
            a, b = _spoken_value(match["a"] or match["a2"]), _spoken_value(match["b"] or match["b2"])
            parts = None if a is None or b is None else a + b
        whole = _spoken_value(match["whole"] or match["whole2"])
        if parts is None or whole is None or _read_already(taken, match.start()):
            continue
        if _IN_A_WORD_CHAIN.search(text[: match.start()]):
            continue
        claims.append(ArithmeticClaim(match.group(0).strip(), parts, whole, parts == whole,
                                      is_quoted(match.start(), whole)))  # fmt: skip
        taken.append(match.span())
    for match in (
        *_EACH_THEN_ALL.finditer(text),
        *_RATE_THEN_TIME.finditer(text),
        *_AT_EACH.finditer(text),
        *_COUNT_AT_EACH.finditer(text),
    ):
        rate, count, total = (_spoken_value(match.group(name)) for name in ("rate", "count", "total"))
        if rate is None or count is None or total is None or _read_already(taken, match.start()):
            continue
        if _number_before_in_sentence(text, match.start()):
            continue  # a starting amount, another rate or a pack size before it: its total is not this product alone
        if "unit" in match.groupdict() and singular(match["units"].lower()) != singular(match["unit"].lower()):
            continue  # "20 pages a day, so in 5 weeks" counts another unit
        claim_whole(match, rate * count, total)
    for match in _START_THEN_RATE.finditer(text):
        start, rate, count, total = (_spoken_value(match[name]) for name in ("start", "rate", "count", "total"))
        if None in (start, rate, count, total) or _read_already(taken, match.start()):
            continue
        if singular(match["units"].lower()) != singular(match["unit"].lower()):
            continue
        change = rate * count * (-1 if _TAKES_OFF.match(match["verb"]) else 1)
        claim_whole(match, start + change, total)
    for match in _SHARE_SAID.finditer(text):
        parts, whole, each = (_spoken_value(match[name]) for name in ("parts", "whole", "each"))
        if None in (parts, whole, each) or parts == 0 or _read_already(taken, match.start()):
            continue
        claim_whole(match, whole / parts, each)
    for match in [*_OPERATION_BY_ITS_VERB.finditer(text), *_DIFFERENCE_BY.finditer(text), *_SHORT_BY.finditer(text)]:
        a, b, result = (_spoken_value(match[name]) for name in ("a", "b", "result"))
        if None in (a, b, result) or _read_already(taken, match.start()):
            continue
        before = text[: match.start()]
        if _IN_A_WORD_CHAIN.search(before) or _LABEL_BEFORE.search(before):
            continue  # "the sum of 3 and 4 totals 7": an operand; "steps 1 and 2 total 40": labels
        if "more" in match.groupdict():
            claim_whole(match, a - b if match["more"] else b - a, result)
            continue
        if match.re is _SHORT_BY:  # the gap is said before what it is short of: read whole, as said
            claims.append(ArithmeticClaim(match.group(0).strip(), b - a, result, b - a == result,
                                          is_quoted(match.start(), result)))  # fmt: skip
            taken.append(match.span())
            continue
        name = next(name for name in _OPERATION_VERBS if match[name])
        computed = abs(a - b) if name == "subtract" else APPLY[name](a, b)
        if computed is not None:
            claim_whole(match, computed, result)
    for match in _CHANGE_OF.finditer(text):
        a, b, result = (_spoken_value(match[name]) for name in ("a", "b", "result"))
        if None in (a, b, result) or _read_already(taken, match.start()):
            continue
        claim_whole(match, abs(b - a), result)
    for match in (*_AT_A_RATE_TAKES.finditer(text), *_TAKES_AT_A_RATE.finditer(text)):
        rate, count, total = (_spoken_value(match[name]) for name in ("rate", "count", "total"))
        if None in (rate, count, total) or rate == 0 or _read_already(taken, match.start()):
            continue
        if singular(match["units"].lower()) != singular(match["unit"].lower()) or singular(
            match["pers"].lower()
        ) != singular(match["per"].lower()):
            continue  # "at 2 GB a minute, 30 files take ..." counts another thing
        claim_whole(match, count / rate, total)
    for claim, start in solutions_said(text):
        claims.append(dataclasses.replace(claim, quoted=is_quoted(start, claim.right)))
    for said in _said_operations(text, taken):
        correct = _agrees(said.computed, said.result, said.result_text)
        start, end, sentence = next((s for s in sentences if s[0] <= said.result_at < s[1]), (0, 0, ""))
        # The claim's own "if you multiply ... you get" is a generic you: only the rest of its sentence can report
        # the student's words; "you multiplied 12 by 5 and got 59" tells what the student did.
        rest = text[start : max(start, said.start)] + _before_a_question(text[said.end : end])
        did = _YOU_DID.search(text[start : said.end])
        reported = bool(REPORTS_STUDENT.search(rest) or did)
        asked = _asked(sentence, said.result, student_numbers, said.result_at - start)
        claims.append(ArithmeticClaim(said.text, said.computed, said.result, correct, reported or asked))
    for unnamed in [*_unnamed_operations(text, taken), *_results_with_their_reason(text, taken),
                    *_results_in_the_next_sentence(text, taken)]:  # fmt: skip
        start, end, sentence = next((s for s in sentences if s[0] <= unnamed.result_at < s[1]), (0, 0, ""))
        asked = _asked(sentence, unnamed.result, student_numbers, unnamed.result_at - start)
        reported = bool(_reports(sentence, unnamed.result_at - start) or _YOU_DID.search(sentence))
        claims.append(ArithmeticClaim(unnamed.text, unnamed.computed, unnamed.result, False, reported or asked))
    return tuple(_unless_named_to_correct(claim, text) for claim in claims)


# a chain left open for the student: "= ?", "= __", "= ..."
_LEFT_OPEN = re.compile(r"[ \t]*=[ \t]*(?:\?|_{2,}|\.\.\.|\u2026|\[\s*\])")
_LEADING_OPERAND = re.compile(r"[$€£]?\d+(?:,\d{3})*(?:\.\d+)?")


def _running_on(value: Fraction, side: str) -> bool:
    """Does an operation start from `value`, as a running total goes on from what it has come to ("15 - 5" after
    "12 + 3 =")? A wrong total so far ("12 + 3 = 16 - 5 = 11") goes on from another number."""
    leading = _LEADING_OPERAND.match(side)
    return bool(has_operation(side) and leading and evaluate(leading.group(0)) == value)


def _reports(sentence: str, at: int) -> bool:
    """Does the sentence report the student's words for a claim at `at`: before it ("You said 80 / 2 = 30"), or after
    it before any question of the tutor's ("80 / 2 = 30, you wrote"; not "80 / 2 is 30 - what do you get when you put
    it all together?")?"""
    return bool(REPORTS_STUDENT.search(sentence[:at] + _before_a_question(sentence[at:])))


def _before_a_question(text: str) -> str:
    """The text up to a question word that opens a question of the tutor's ("... - what do you get ...")."""
    return _QUESTION_OPENS.split(text, maxsplit=1)[0]


_QUESTION_OPENS = re.compile(r"\b(?:what|how|where|which|why)\b", re.IGNORECASE)


def _asked(sentence: str, result: Fraction, student_numbers: set[Fraction] | None, at: int = 0) -> bool:
    """Is a claim with this result (at `at` in its sentence) asked, not asserted, in its sentence: a question of yes
    or no, or of two alternatives ("Is it 0.4 x 200 = 80 or 0.4 x 200 = 8?"), or one about the student's own result;
    not a premise of a question of the tutor's ("Since 80 / 2 = 30, what next?"), nor what a question asks the reason
    for, which it takes as true ("Can you see why 6 + 4 gives 14?", "Do you see how 48 x 2 turns into 99?": round
    44)?"""
    if not sentence.rstrip().endswith("?"):
        return False
    # a premise the question goes on from asserts, whatever its numbers ("Since 12 plus 3 is 5, what next?"), unless
    # it quotes the student or names their work
    premise, goes_on = _PREMISE_OPENS.search(sentence[:at]), _CLAUSE_GOES_ON.search(sentence, at)
    if premise and goes_on and not _QUOTE_OPENS.search(sentence[:at]):
        if not _NAMES_THEIR_WORK.search(sentence, premise.start(), goes_on.start()):
            return False
    if student_numbers is None or result in student_numbers:
        return True
    return bool(_ASKS_YES_OR_NO.match(sentence)) and not _ASKS_WHY.search(sentence[:at])


# a clause that presents what it says as given, opened by its word at the start of the sentence or of a clause and
# unbroken up to the claim ("Since ...", "Now that ...", "With ...", "So, ..."; not "What is wrong with ..."), and a
# clause after it, the question (round 56); a premise that names the student's work ("Given your line 35 / 15 = 2,
# ...?", "With 35 / 15 = 2 in your answer, ...?") or quotes it reports it (probe 56b)
_PREMISE_OPENS = re.compile(
    r"(?:^|[,;:(]\s*)\W*(?:(?:and|but|now|okay|ok|well|then|right)\W+)?(?:since|because|given(?:\s+that)?|now\s+that"
    r"|once|knowing(?:\s+that)?|seeing\s+(?:as|that)|with|so)\b,?[^,;:?]*$",
    re.IGNORECASE,
)
_CLAUSE_GOES_ON = re.compile(r"[,;:\u2013\u2014]\s*\w")
_NAMES_THEIR_WORK = re.compile(r"\byours?\b|\byou(?:'ve|\s+have)?\s+(?:wrote|written|said|put|got|had|did|found)\b",
                               re.IGNORECASE)  # fmt: skip
_QUOTE_OPENS = re.compile("[\"'\u2018\u201c]\\s*$")


_ASKS_WHY = re.compile(r"\b(?:why|how(?!\s+(?:many|much|long|far|big|old)\b))\b", re.IGNORECASE)


_ASKS_YES_OR_NO = re.compile(
    # not asked the other way round ("Isn't it true that 80 / 2 is 30?", "Wouldn't 33 x 2 be 63?"): it asserts, as a
    # tag question does (adversary round 37)
    r"\W*(?:(?:so|and|ok|okay|hmm|well|now|then|but)\W+)?(?:is|are|was|were|does|do|did|can|could"
    r"|would|will|should|shall)\b(?!n't)",
    re.IGNORECASE,
)


def _unless_named_to_correct(claim: ArithmeticClaim, text: str) -> ArithmeticClaim:
    """The claim, not the tutor's own where `text` names it to be checked or corrected (`_named_to_correct`), or sets
    the right value against it (`_right_value_after`)."""
    if claim.quoted or not (_named_to_correct(text, claim.text) or _right_value_after(text, claim)):
        return claim
    return dataclasses.replace(claim, quoted=True)


def _right_value_after(text: str, claim: ArithmeticClaim) -> bool:
    """Does a wrong calculation have its right value said after it, in its sentence or the next, not denied ("Rather
    than 7 x 8 = 54, it's 56", "Is it 7 x 8 = 54 or 7 x 8 = 56?", "0.4 x 200 = 8 can't be right, since 0.4 x 200 =
    80")? The turn sets the two against each other: it names the wrong one to correct it. "8 x 7 = 54, not 56" denies
    the right one and asserts the wrong."""
    from trtutor.answers import find_numbers

    at = text.find(claim.text)
    if claim.correct or at < 0:
        return False
    end = at + len(claim.text)
    after = " ".join(match.group(0) for match in list(_SENTENCE.finditer(text, end))[:2])
    return any(mention.value == claim.left and not _NEGATES_BEFORE.search(after[: mention.start])
               for mention in find_numbers(after))  # fmt: skip


_NEGATES_BEFORE = re.compile(r"\b(?:not|never|isn't|wasn't|rather than|instead of)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


# A calculation named in order to check or correct it, not asserted: "Check your calculation of 20 + 5 = 27", "Take
# another look at this: ...", "It is not true that 2 times 9 is 19", "Some students write 2/2 = 4", "A common mistake
# is to think 3 x 3 = 6" (right before it), "Writing 2 x 4 = 10 would be wrong", "2 + 2 = 5 is a slip" (right after it)
_CROSS_MARKS = "\u2717\u2718\u274c\u274e"  # ✗ ✘ ❌ ❎
_TO_CORRECT_BEFORE = re.compile(
    # "check" as a verb ("Check 5 x 3 = 16"), not the tutor's own check named ("Quick check: 80 / 2 is 30.")
    r"(?:(?<!quick )(?<!sanity )(?<!final )(?<!a )(?<!one )\b(?:re|double[- ]?)?check(?:ing)?"
    r"|\blook(?:ing)?\s+(?:again\s+)?at|\btake\s+another\s+look\s+at|\brevisit"
    r"|\bverify)\b\s*(?:(?:your|the|this|that|my|our)\b\s*)?(?:(?:calculation|working|work|step|line|sum|equation)\b\s*"
    r"(?:of\s+yours\s*)?)?"
    r"(?:of\s+)?(?:[:,-]\s*)?$"
    r"|\bnot\s+(?:true|the\s+case|right|correct)\s+that\s+$"
    r"|\b(?:students|people|kids|learners|children)\s+(?:\w+\s+)?(?:write|think|say|believe|assume)\s+(?:that\s+)?$"
    r"|\b(?:mistake|error|slip|misconception)\s+(?:is|would be)\s+(?:to\s+)?(?:think|write|say|assume|thinking|writing"
    r"|saying)\s+(?:that\s+)?$|\bwriting\s+$"
    # where the fault lies, the student's work, a question whether it holds: "The mistake is in 5 x 3 = 16", "Where
    # you put 22 - 5 = 18, look again", "In your work, 2 x 4 = 9 should read ...", "Is 7 x 8 = 54 right?"
    r"|\b(?:mistake|error|slip|problem|fault|issue)s?\s+(?:is\s+|are\s+|lies\s+)?in\s+(?:your\s+|the\s+|this\s+)?"
    r"(?:(?:line|step|working|work|calculation)\s+)?$|\bwhere\s+you\s+(?:put|wrote|have|had|did|got)\s+$"
    r"|\bin\s+your\s+(?:work|working|solution|calculations?|steps?|answer)\s*,?\s*$|^\W*(?:is|was|does|did)\s+$"
    # what it is not, the student's, what many get wrong (round 33): "Instead of 4 x 6 = 26, ...", "Not 2 x 4 = 9, but
    # ...", "It isn't true that ...", "Many write 6 + 8 = 15 by accident"
    r"|\binstead\s+of\s+$|^\W*(?:\w+\W+)?not\s+$|\b(?:isn't|is\s+not|it's\s+not|wasn't|was\s+not)\s+(?:true|right"
    r"|correct|the\s+case)\s+that\s+$"
    r"|\b(?:many|some|most|lots\s+of)\s+(?:\w+\s+)?(?:write|think|say|believe|assume|get|put)\s+(?:that\s+)?$"
    # (round 34) "Watch out for ...", "Let's fix ... first", "Rather than ..., it's ...", "I see ... in your work"
    r"|\b(?:watch\s+out\s+for|beware\s+of|careful\s+with|let's\s+fix|fix|rather\s+than|i\s+see)\s+(?:that\s+|the\s+)?$"
    # a line marked with a cross, as a tutor marks the student's lines ("✗ 1 ÷ 4 = 1": round 42's honest style)
    rf"|[{_CROSS_MARKS}]\s*$",
    re.IGNORECASE,
)
# A claim held by someone else, or supposed, is material for the student, not the tutor's assertion (round 69's
# erroneous examples): "Your classmate claims ...", "A student once told me ...", "If someone wrote ...", "It is
# tempting to say ...", "Here is another student's working: ..."; not "I think" or "we said" (the tutor's own), "you
# said" (the student's, read against what they said), or what a text or a rule says (relayed as true). Until the
# tutor takes it on (`_ENDORSED`).
_HELD_BY_ANOTHER = re.compile(
    r"(?<![\w'])(?!(?:i|we|you|i've|we've|you've|it|this|that|which|what|answer|solution|problem|question|text|book"
    r"|rule|formula|table|chart|calculator|key)\b)[a-z]+(?:'s)?\s+(?:(?:once|also|just|then|always|often"
    r"|sometimes|might|may|could|would|will|to)\s+)?(?:wrote|writes|write|says|said|say|thinks|thought|think|claims?"
    r"|claimed|believes?|believed|argues|argued|insists|insisted|reckons|reckoned|suggests|suggested|concludes"
    r"|concluded|(?:tells|told)\s+(?:me|us|you|them|the\s+class))\s+(?:that\s+)?$"
    r"|\b(?:imagine|suppose|pretend)\s+(?:that\s+)?$|\btempting\s+to\s+(?:say|think|write|assume|conclude)\s+(?:that\s+)?$"
    r"|\b(?:someone|somebody|[a-z]+)'s\s+(?:working|work|solution|answer|attempt|steps?|line|calculation)\s*:\s*$",
    re.IGNORECASE,
)
# another's claim taken on by the tutor after it, in a statement (adversary round 70): "She's spot on.", "..., which is
# correct", "That's what I got too.", ", and that's exactly right!", "She'd be correct." (not "Is she right?", nor
# "That's not right.", nor "The right answer is 15.")
_ENDORSED = re.compile(
    r"\b(?:she|he|they|that|this|it|which|you)(?:'s|'re|'d\s+be|\s+(?:is|are|was|were|would\s+be))\s+"
    r"(?:(?:exactly|absolutely|quite|totally|completely|perfectly|so|dead)\s+)?(?:right|correct|spot[- ]on|true)\b"
    r"|\bthat'?s\s+what\s+i\s+(?:got|have|get|found)\b|\bi\s+(?:agree|got\s+that\s+too|got\s+the\s+same)\b"
    r"|\b(?:spot[- ]on|nailed\s+it|bang\s+on|exactly\s+right)\b",
    re.IGNORECASE,
)
# praise of a part of the claim (its method, its operation, the numbers chosen), or with its result doubted in the
# same sentence, leaves the claim with its holder (adversary round 72: "She's on the right track with the operation,
# but is 5 right?", "He's right to add, but check the result.", "The method is spot on, but what about 5?")
_PRAISES_A_PART = re.compile(
    r"\b(?:right|correct)\s+(?:track|idea|direction|to\s+\w+)\b|\b(?:method|operation|approach|idea|setup|set-up|start"
    r"|plan|thinking|reasoning|strategy|numbers)\s+(?:is|are|was|were|looks?)\s+(?:\w+\s+)?(?:right|correct|spot[- ]on"
    r"|good|fine)\b|\b(?:but|though|however|except)\b",
    re.IGNORECASE,
)


def _endorsed_after(text: str, end: int) -> bool:
    """Is a claim ending at `end` taken on after it: in the rest of its sentence or the next, a statement (not a
    question) that calls it right with no negation?"""
    for sentence in list(_SENTENCE.finditer(text, end))[:2]:
        said = sentence.group(0)
        if said.rstrip().endswith("?") or _NEGATED.search(said) or _PRAISES_A_PART.search(said):
            continue
        if _ENDORSED.search(said):
            return True
    return False


_FAULT = (r"wrong|incorrect|false|not\s+(?:right|correct|true|quite)|mistake|error|slip|typo|misconception|off\b"
          r"|fix\w*|re-?check\w*|check (?:it|that|this)|correct(?:ed|ing|ion)|read\s|another look|look again"
          r"|goes wrong|went wrong")  # fmt: skip
_CORRECTED_AFTER = re.compile(
    r"\s*,?\s*(?:is|was|would be|'s)\s+(?:(?:just|actually|really)\s+)?(?:(?:a|an)\s+)?(?:(?:common|classic|little"
    r"|small|easy|typical)\s+)?(?:wrong|incorrect|false|not\s+(?:right|correct|true)|mistake|error|slip|typo"
    r"|misconception)\b"
    # the calculation named and its fault told after it: "has a slip in it", "needs fixing", "is off by one", "should
    # read 2 x 4 = 8", "is where it goes wrong", "there - check it", "right? Not quite"
    rf"|\s*,?\s*(?:(?:has|have|contains|needs?|should|is|was|'s)\b|there\b)[^.!?]{{0,25}}?\b(?:{_FAULT})"
    rf"|\s+(?:right|correct|true)\s*\?\s*(?:{_FAULT})"
    # "isn't right", "should be 15", "? Hmm, recheck that", "- a small slip" (round 33)
    r"|\s*,?\s*(?:is|was|are)(?:n't|\s+not)\s+(?:quite\s+)?(?:right|correct|true)\b|\s*,?\s*should\s+(?:be|read|say"
    rf"|give|equal|come\s+to|make)\b|\s*\?[^.!?]{{0,20}}?\b(?:{_FAULT}|check)"
    r"|\s*[-\u2013\u2014,:;(]\s*(?:(?:just|only)\s+)?(?:an?\s+)?(?:(?:small|little|tiny|common|classic|silly|easy)\s+)?"
    r"(?:slip|mistake|error|typo)\b"
    # (round 34) "... in your work", "doesn't add up", "looks off", "can't be right", "- are you sure?"
    r"|\s+in\s+your\s+(?:work|working|solution|notes)\b|\s*,?\s*(?:doesn't|does\s+not|can't|cannot|won't)\s+(?:add\s+up"
    r"|be\s+right|be\s+correct|work)\b|\s*,?\s*looks?\s+(?:off|wrong|odd|strange)\b|\s*[-,?]\s*are\s+you\s+sure\b"
    rf"|[ \t]*[{_CROSS_MARKS}]",
    re.IGNORECASE,
)


_LONE_FRACTION = re.compile(r"\(?\d+\s*/\s*\d+\)?")


def _part_for_an_amount(left: str, left_value: Fraction, right: str, right_value: Fraction) -> bool:
    """Is one side a lone fraction of at most one whole and the other a whole number above one, as tutors write the
    part of a quantity and the amount it stands for ("12 = 2/3", "so 6 = 1/3", "3/3 = 6 cookies")? "3/4 = 0.8" and
    "6/2 = 4" stay arithmetic."""
    for part, part_value, amount, amount_value in ((left, left_value, right, right_value),
                                                   (right, right_value, left, left_value)):  # fmt: skip
        if (_LONE_FRACTION.fullmatch(part.strip()) and 0 < part_value <= 1 and not has_operation(amount)
                and amount_value.denominator == 1 and amount_value > 1):  # fmt: skip
            return True
    return False


def _named_to_correct(text: str, claim: str) -> bool:
    """Is the calculation `claim` (as it stands in `text`) named to be checked or corrected (`_TO_CORRECT_BEFORE`,
    `_CORRECTED_AFTER`)?"""
    at = text.find(claim)
    if at < 0:
        return False
    before = text[_sentence_start(text, at) : at]
    if _CHECK_HEADING.fullmatch(before):  # "Check: 12 + 3 = 15." heads the tutor's own check, as "Quick check:" does
        return bool(_CORRECTED_AFTER.match(text, at + len(claim)))
    if _HELD_BY_ANOTHER.search(before) and not _endorsed_after(text, at + len(claim)):
        return True
    if _SUPPOSED_RIGHT.search(before) and _DEMANDED.search(claim):
        return True
    return bool(_TO_CORRECT_BEFORE.search(before) or _CORRECTED_AFTER.match(text, at + len(claim)))


# What a number supposed right would demand, to be checked (adversary round 75: "Work it backwards: if 9 is right, then
# 9 plus 5 should come to 15. Does it?", as "if 9 were right, 9 + 5 would be 15" is): the supposition before the
# claim, a verb of what must hold in it ("If that's right, 12 plus 3 is 16." asserts its sum all the same)
_SUPPOSED_RIGHT = re.compile(
    r"\bif\s+(?:[\w$\u20ac\u00a3'.,]+\s+){1,4}?(?:is|are|was|were)\s+(?:really\s+|actually\s+)?(?:right|correct|true"
    r"|the\s+answer)\s*,?\s*(?:then\s+)?$",
    re.IGNORECASE,
)
_DEMANDED = re.compile(r"\b(?:should|must|would|ought\s+to|has\s+to|have\s+to|needs?\s+to)\b", re.IGNORECASE)
# a check's heading, alone before its claim (adversary round 67: "Check: 12 + 3 = 5." asserts, where "Check 12 + 3 = 20"
# asks for a calculation to be checked)
_CHECK_HEADING = re.compile(r"\W*(?:(?:re|double[- ]?)?check(?:ing)?|verif(?:y|ying|ication))\s*:\s*", re.IGNORECASE)


def _number_before_in_sentence(text: str, position: int) -> bool:
    """Is a number said before `position` in its sentence ("she starts with 10 dollars and saves 2 dollars a week, so
    after 4 weeks she has 18": the 18 comes from the 10 as well as from 2 x 4)?"""
    from trtutor.answers import find_numbers

    return bool(find_numbers(text[_sentence_start(text, position) : position]))


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence that `position` is in starts (after the last ". ", "! ", "? " or line break before it)."""
    return max(text.rfind(end, 0, position) for end in (". ", "! ", "? ", "\n")) + 1


def _read_already(taken: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` is inside a span an earlier grammar read as a claim."""
    return any(start <= position < end for start, end in taken)


# the fraction of a mixed number, after its whole: "2 1/2", "three and a half" are one number
_MIXED_TAIL = r"(?:[ \t]+\d+/\d+(?![\d/])|\s+and\s+an?\s+(?:half|third|quarter)\b)?"
_AND_A_PART = re.compile(r"\s+and\s+an?\s+(half|third|quarter)$", re.IGNORECASE)
_SPOKEN = (
    rf"(?:[$€£]?\d+(?:,\d{{3}})*(?:\.\d+)?{_MIXED_TAIL}"
    rf"|{NUMBER_WORD_PATTERN}(?:[\s-]+(?:and[\s-]+)?{NUMBER_WORD_PATTERN})*{_MIXED_TAIL})"
)
_SIGN = r"(?:(?<![\w.)])-(?=\d))?"  # a negative number keeps its sign: "the average of -2 and 6", "-2 and 8 make 6"
# the words and signs of an operation between two numbers, and what each computes
WORD_OPERATIONS = {
    "plus": operator.add, "added to": operator.add, "+": operator.add, "together with": operator.add,
    "joined by": operator.add,
    "minus": operator.sub, "take away": operator.sub, "less": operator.sub,
    "times": operator.mul, "multiplied by": operator.mul, "x": operator.mul, "×": operator.mul, "*": operator.mul,
    "divided by": operator.truediv, "over": operator.truediv, "÷": operator.truediv,
}  # fmt: skip  # no "-" or "/" between numbers: "ages 5-7", "3/4" are ranges and fractions
WORD_OPERATIONS["-"] = operator.sub  # only spaced, "23 - 10 is 12", where a range is never written (`_OP_WORDS`)
WORD_OPERATIONS["/"] = operator.truediv  # only spaced, "36 / 2": a division (a fraction is one too)
_OP_WORDS = "|".join(
    sorted((re.escape(word) for word in WORD_OPERATIONS if word not in ("-", "/")), key=len, reverse=True)
)
_OP_WORDS += r"|(?<=\s)-(?=\s)|(?<=\s)/(?=\s)"
# A result said as where a running total arrives: "gets us to 328", "brings us up to 16", "lands on 205", "leaves us at
# 202", "which gets you 170", "and end up on 328", "and you're at 693", "don't you get to 163?"
_ARRIVES = (
    r"(?:(?:gets?|got)\s+(?:(?:us|you|it|me)\s+)?(?:(?:up|down|back)\s+)?to|gets?\s+(?:us|you)"
    r"|brings?\s+(?:us|you|it)\s+(?:(?:up|down|back)\s+)?to|takes?\s+(?:us|you|it)\s+(?:(?:up|down)\s+)?to"
    r"|lands?\s+(?:(?:us|you)\s+)?(?:on|at)|leaves?\s+(?:us|you)\s+(?:at|on)|puts?\s+(?:us|you|it)\s+at"
    r"|(?:ends?|ended)\s+up\s+(?:on|at)|(?:you|we)(?:'re|\s+are)\s+(?:at|on)|comes?\s+out\s+(?:at|to|as)"
    r"|arrives?\s+at|(?:don't|won't|wouldn't)\s+(?:you|we)\s+(?:get|end\s+up)\s+(?:to|at|on|with))"
)
# a word that stresses the value: "66 + 33 is actually 109" (round 37), "12 plus 3, that's exactly 5" (round 73)
_STRESSED = r"(?:\s+(?:actually|really|indeed|definitely|clearly|exactly|precisely))?"
_IS = (
    r"(?:is|are|equals|is equal to|equal to|makes|make|gives(?:\s+(?:you|us))?|comes to|come to|adds up to|add up to"
    # "be" after a modal asked the other way round: "Wouldn't 33 x 2 be 63?" (adversary round 37); "come out as"
    # after "does" ("Why does 80 / 2 come out as 30?": round 38)
    rf"|will be|would be|be|leaves|works out (?:at|to|as)|come out as|being|{_ARRIVES}"
    # the other verbs of a result, in their other forms: "Why does 6 + 4 give 14?", "How does 48 x 2 lead us to 99?",
    # "What makes 48 x 2 equal 99?", "Now that 48 x 2 has given us 99", "With 48 x 2 coming to 99" (round 44)
    r"|(?:has|have|had)\s+given(?:\s+(?:you|us))?|give(?:\s+(?:you|us))?|equal|coming to|(?:ends?|ended|ending)\s+up"
    r"\s+(?:being|as)|(?:leads?|led|leading)\s+(?:(?:us|you)\s+)?to|(?:turns?|turned|turning)\s+into"
    r"|(?:produces?|produced|producing|yields?|yielded|yielding)|(?:results?|resulted)\s+in"
    # a value a result is worth or amounts to, where it sits or what it leaves in hand: "is worth 36", "amounts to
    # 36", "sits at 35", "leaves you holding 5" (round 53)
    r"|(?:is|are)\s+worth|(?:amounts?|amounted)\s+to|(?:sits?|stands?)\s+at|leaves?\s+(?:\w+\s+)?holding|leaves?\s+(?:you|us)\s+with"
    # what code or a calculator says it comes to: "`100 + 86` returns 71", "the cell =40*2 displays 36" (round 53)
    r"|returns?|prints?|outputs?|displays?|shows?|evaluates?\s+to|reads?\s+out"
    # the verbs of a result in their other tenses and persons: "12 and 3 have made 5", "15 minus 5 leave you 5", "12
    # with 3 add to five", "15 less 5 grow to 5" (round 56)
    r"|(?:has|have|had)\s+made|made|leave(?:\s+(?:you|us))?|left(?:\s+(?:you|us))?|(?:adds?|added)\s+to"
    r"|(?:grows?|grew|grown)\s+to|(?:becomes?|became)|came\s+to|(?:totals?|totalled|totaled)"
    # what an operation simplifies to is its value: "72 / 4 simplifies to 19", "12 + 6 boils down to 19" (round 68)
    r"|(?:simplif(?:y|ies|ied)|reduces?|reduced)\s+to|boils?\s+down\s+to|cancels?\s+(?:down\s+)?to)"
    f"{_STRESSED}"
)
# "so" before a result: a number that ends its clause or is called the whole or what is left ("15 - 5, so 11 left.",
# "so 16 in all, right?"); "so 3 bags" may start another quantity ("There are 5 bags of 12 apples, so 3 bags left")
_SO_RESULT = r"(?=\s+(?:{n})(?:\s+(?:in\s+all|in\s+total|altogether|total|each|left|remain\w*))?\s*(?:[.,;:!?)]|$))"
_WORD_CLAIM = re.compile(
    # the operands may name their unit, the same after each ("5 spoons plus 12 spoons makes 17 spoons"), or two units
    # of one kind ("2 hours plus 30 minutes is 150 minutes": `_stated_result` reads the two quantities)
    rf"(?<![\w./])(?:(?P<a>{_SPOKEN})(?:\s+(?P<unit>[a-z]+))?\s*(?P<op>{_OP_WORDS})\s*(?P<b>{_SPOKEN})"
    rf"(?(unit)\s+(?:(?P=unit)|(?P<other_unit>{UNIT_WORD_PATTERN})\b))"
    # a part of a number of things: "half of the 36 guests", "half of a 52-member choir" (adversary round 37)
    rf"|(?P<unary>half|twice|double|a third|a quarter) of (?:(?:the|a|an|these|those|her|his|their)\s+)?"
    rf"(?P<u>{_SPOKEN})(?:-[a-z]+)?(?:\s+(?!(?:is|are|was|were|makes?|gives?|equals?|comes?)\b)[a-z]+){{0,2}}?"
    rf"|(?P<unary2>twice|double) (?P<u2>{_SPOKEN})"
    rf"|(?P<p>{_SPOKEN})\s*(?:%|percent) of (?P<whole>{_SPOKEN}))"
    # the operation named as a step ("The 2 x 80 part comes to 158.")
    r"(?:\s+(?:part|bit|step|calculation|sum|product|one))?"
    # the result after a comma and a word that points back to the operation, with any verb of a result: "12 plus 3,
    # that's 16", "40 plus 20, which is 61", "12 + 3, which equals 5", "12 plus 3, that makes exactly 5" (round 73),
    # or after "so", the result it comes to (`_SO_RESULT`: "15 + 5, so 16 in all", adversary round 64)
    rf"(?:\s*,\s*(?:that's{_STRESSED}|(?:which|that) (?:gives|leaves)(?:\s+(?:us|you))?|(?:which|that|this)\s+{_IS}"
    rf"|so that's|so(?:\s+(?:we|you)\s+(?:have|get))?{_SO_RESULT.format(n=_SPOKEN)})|\s+{_IS}"
    # a value set beside the operation names it: "12 + 3, i.e. 16", "12 + 3 (aka 16)", "12 + 3 - that's 16", "12 +
    # 3, or 16 in all" (adversary round 69: apposition, no verb), where the gloss ends with it (`_GLOSS_ENDS`)
    r"|(?P<gloss>\s*(?:,\s*|[-\u2013\u2014]+\s*|\(\s*)(?:i\.\s?e\.|a\.?k\.?a\.?|in\s+other\s+words|namely)\s*,?"
    r"|\s*[-\u2013\u2014]+\s*(?:so\s+)?(?:that's|that\s+is|which\s+is)|\s*\(\s*(?:that's|that\s+is|which\s+is|=)"
    rf"|\s*,\s*or(?=\s+{_SPOKEN}\s+(?:in\s+all|in\s+total|altogether|total|all\s+told|combined)\b))"
    # "=" before a result in words ("12 + 3 = five": digits alone are `_CHAIN`'s), a colon before a result that ends
    # its sentence ("12 + 3: 5.": adversary round 67)
    rf"|\s*=(?=\s*[a-z])|\s*:(?=\s*{_SPOKEN}\s*(?:[.!;)]|$))"
    # what we get when we work it out: "when we work out 3 x 68, we get 214" (round 37)
    rf"|\s*,?\s*(?:and\s+)?(?:we|you)\s+(?:get|got|end\s+up\s+with))\s+"
    rf"(?P<result>{_SPOKEN})(?![\w/])",
    re.IGNORECASE,
)
# An operation, then its result said as a place by a verb of where it stands or how it compares, the result's words
# starting with no number: "15 minus 5 comes just after 10", "12 plus 3 is a notch above 15", "26 plus 46 sits one
# above 72" (the offset an operation of its own, `_operation_ending_the_clause`), "12 plus 3 beats 15 by one", "...
# falls 2 short of 17" (adversary round 65: a claimed result is a value however it is written)
# a gloss that names an operation's value ends with it, or with its unit, or calls it the whole ("that's 16.", "aka
# 16 apples)", "or 16 in all"); a number followed by what it counts tells of an operand ("12 + 3 - that's 3 added on
# to the 12", "40 x 2, aka 2 for each of the 40 guests": adversary round 71)
_GLOSS_ENDS = re.compile(
    r"(?:\s+(?!(?:for|of|per|each|equal|added|more|less|fewer|times|groups?|lots?)\b)[a-z]+)?"
    r"(?:\s+(?:in\s+all|in\s+total|altogether|all\s+told|combined|total))?\s*(?:[.,;:!?)]|$)",
    re.IGNORECASE,
)
_PLACED = re.compile(
    rf"(?<![\w./])(?P<a>{_SPOKEN})\s*(?P<op>{_OP_WORDS})\s*(?P<b>{_SPOKEN})\s+"
    r"(?:(?:is|sits|lands|comes|stands|falls|lies|ends\s+up)\s+(?P<place>(?=[a-z])(?!by\b)[^.!?;\n]*)"
    rf"|(?P<past>beats|tops|clears|exceeds|overshoots|outstrips|passes|goes\s+past|edges\s+past|runs\s+past)\s+"
    rf"(?P<mark>{_SPOKEN})\s+by\s+(?P<by>{_SPOKEN}|a\s+single\s+one|a\s+notch)"
    rf"|(?:falls|comes\s+up|ends\s+up)\s+(?P<short>{_SPOKEN}|a\s+notch)\s+short\s+of\s+(?P<under>{_SPOKEN}))"
    rf"(?(place)|(?={_ENDS_ITS_CLAUSE}))",  # the mark and its gap end the clause, as a place does
    re.IGNORECASE,
)
# A claim asked the other way round, its verb first and its result last: "Isn't 12 plus 3 16?", "Is the product of 4
# and 5 really 25?" (asked, it is quoted as a yes-or-no question is; asked in the negative, it asserts: `_asked`)
_INVERTED_QUESTION = re.compile(
    rf"\b(?:is|isn't|isn’t|is\s+not|was|wasn't|wasn’t)\s+"
    rf"(?P<operation>(?:{_SPOKEN})\s*(?:{_OP_WORDS})\s*(?:{_SPOKEN})"
    rf"|the\s+(?:sum|product|difference|quotient)\s+(?:of|between)\s+(?:{_SPOKEN})\s+and\s+(?:{_SPOKEN}))"
    rf"\s+(?:(?:really|actually|truly|indeed|then)\s+)?(?:(?:equal|equals)(?:\s+to)?\s+)?(?P<result>{_SPOKEN})"
    r"(?:\s+(?!or\b)[a-z]+)?\s*\?",
    re.IGNORECASE,
)
# The result first, then what it is: "400 is 7 fewer than 405", "210 is 20 times 10", "nine is half of sixteen",
# "79, which is 40 plus 36", "the 25 that comes from 12 plus 12", "the 16 you get from 36 / 2".
_WHAT_IT_IS = (
    r"\s*(?:(?:just|exactly|actually|really)\s+)?"
    rf"(?:(?P<a>{_SPOKEN})\s*(?P<op>{_OP_WORDS})\s*(?P<b>{_SPOKEN})|(?P<c>{_SPOKEN})\s+(?P<than>more|fewer|less)\s+"
    rf"than\s+(?P<d>{_SPOKEN})|(?P<unary>half|twice|double|a third|a quarter) of (?P<u>{_SPOKEN})"
    rf"|(?P<p>{_SPOKEN})\s*(?:%|percent) of (?P<whole>{_SPOKEN}))"
    r"(?![\w/]|\s*[-+*/×÷=]\s*[\d(]|\s+(?:x|plus|minus|times|over|divided)\b)"
)
# a number added after what a result said first is, ending its clause: "26 is 2 dozen and 2.", "... plus 2 donuts,"
_MORE_ADDED = re.compile(rf"\s*,?\s*(?:and|plus)\s+(?P<added>{_SPOKEN})(?:\s+[a-z]+)?\s*(?:[.,;:!?)]|$)",
                         re.IGNORECASE)  # fmt: skip
_RESULT_FIRST = re.compile(
    # a capital "That" after no comma starts a sentence whose full stop was left out ("The answer is 10  That is ...")
    rf"(?<![\w.])(?P<result>{_SPOKEN})(?:\s+(?:is|are|equals|makes)|(?:,\s*(?:which|that)|\s+(?-i:which|that))\s+(?:is|equals|makes"
    r"|comes from|came from|you get from|we get from)|\s+(?:you|we)\s+(?:get|got)\s+from"
    # "30 is what you get from 80 divided by 2" (adversary round 39), "The 30 here comes from 80 divided by 2", "That
    # makes 30 (80 / 2)." (round 40: the operation in brackets after its result)
    r"|\s+(?:is|are)\s+what\s+(?:you|we)\s+(?:get|got|end\s+up\s+with)\s+from"
    r"|(?:\s+(?:here|there))?\s+(?:comes|came)\s+from|\s+\((?=\s*[$€£]?\d))" + _WHAT_IT_IS,  # "2(40 + 9)" multiplies
    re.IGNORECASE,
)
# The result, then the operation it comes from as its reason: "That leaves 11, since 15 minus 5.", "It's 16 because 15
# + 5, right?" (adversary round 64: wrong arithmetic with its result first); the operation ends its clause, so that
# "11, since 15 minus 5 is 10" states another result of it. Not "as": "Think of 27 as 20 plus 7" splits a number, it
# works nothing out (a Mistral turn of MRBench dev)
_RESULT_SINCE = re.compile(
    rf"(?<![\w.])(?P<result>{_SPOKEN})(?:\s+[a-z]+)?\s*,?\s+(?:since|because)\s+(?:(?:it's|that's|it\s+is)\s+)?"
    + _WHAT_IT_IS
    + r"(?=\s*(?:[.,;:!?)]|$))",
    re.IGNORECASE,
)
# a number that labels what follows it: "step 2 (3 x 4)", "question 3 (5 + 7)"
_LABEL_BEFORE = re.compile(r"\b(?:steps?|lines?|questions?|parts?|problems?|numbers?|no\.?|items?|pages?|cases?"
                           r"|examples?|rows?|columns?|grades?|chapters?|sections?|days?|weeks?|years?)\s*#?\s*$"
                           r"|#\s*$", re.IGNORECASE)  # fmt: skip
# The result named, then where it comes from: "Keep the 166 from 160 + 5 in mind." (not "subtract the 3 from 12 + 5",
# `_TAKES_AWAY`)
_THE_RESULT_FROM = re.compile(rf"(?<=\bthe\s)(?P<result>{_SPOKEN})\s+from" + _WHAT_IT_IS, re.IGNORECASE)
_TAKES_AWAY = re.compile(r"\b(?:subtract\w*|take|takes|taking|took|remove\w*|minus|deduct\w*)\s+(?:away\s+)?the\s$",
                         re.IGNORECASE)  # fmt: skip
# The result, then the operation it comes from: "getting 173 from adding 71 and 100", "45 by multiplying 5 and 9",
# "7 from taking 5 from 12" (subtraction and division only in the order their preposition fixes).
_RESULT_FROM = re.compile(
    rf"(?<![\w.])(?P<result>{_SPOKEN})\s+(?:from|by)\s+(?:(?P<either_order>adding|multiplying)\s+(?P<x>{_SPOKEN})\s+"
    rf"(?:and|to|by|with)\s+(?P<y>{_SPOKEN})|(?:subtracting|taking(?:\s+away)?)\s+(?P<less>{_SPOKEN})\s+from\s+"
    rf"(?P<whole>{_SPOKEN})|dividing\s+(?P<dividend>{_SPOKEN})\s+by\s+(?P<divisor>{_SPOKEN}))(?![\w/])",
    re.IGNORECASE,
)
# Division said as sharing: "3 goes into 1200 400 times", "24 shared equally among 3 gives 8 each".
_DIVISION_SAID = re.compile(
    rf"(?<![\w.])(?:(?P<divisor>{_SPOKEN})\s+goes\s+into\s+(?P<dividend>{_SPOKEN})\s+(?P<result>{_SPOKEN})\s+times"
    rf"|(?P<whole>{_SPOKEN})\s+(?:shared|split|divided)\s+(?:equally\s+|evenly\s+)?(?:among|between|into)\s+"
    rf"(?P<parts>{_SPOKEN})\s+(?:gives|makes|is|leaves)\s+(?P<each>{_SPOKEN})\s+each)\b",
    re.IGNORECASE,
)
# A sum said with "and": "5 and 12 together make 17", "5 spoons and 12 spoons are 17 spoons in all", "twelve and
# three make sixteen" (the same unit after each operand, if any).
_SUM_SAID = re.compile(
    rf"(?<![\w.])(?P<a>{_SIGN}{_SPOKEN})(?:\s+(?P<unit>[a-z]+))?\s+and\s+(?P<b>{_SIGN}{_SPOKEN})(?(unit)\s+(?P=unit))"
    r"\s+(?P<before>(?:together|combined|altogether)\s+)?(?P<verb>make|makes|making|are|is|come to|comes to|add up to"
    r"|adds up to|give|gives|equal|equals)"
    rf"\s+(?P<result>{_SPOKEN})(?![\d/%]|[.,]\d|[\w-])(?(unit)(?:\s+(?P=unit))?)"
    r"(?P<after>\s+(?:in all|altogether|together|in total|combined))?",
    re.IGNORECASE,
)
# A whole said as its two parts, a sum: "5 is made of 12 and 3", "15 breaks into 9 and 5", "15 consists of 10 and 5",
# "9 and 5 make up 15" (adversary round 67: a partition is a sum), or as so many parts of a size, a product ("12 is
# made of 3 lots of 4", "15 breaks into 3 equal parts of 5"); the parts bare numbers that end the clause ("15 is made
# of 1 ten and 5 ones" names places)
_PARTS_OF = re.compile(
    rf"(?<![\w.])(?P<whole>{_SPOKEN})(?:\s+[a-z]+)?\s+(?:(?:is|are|was|were)\s+(?:made\s+(?:up\s+)?of|composed\s+of"
    r"|split\s+(?:up\s+)?into|broken\s+(?:up\s+)?into)|(?:breaks|splits|broke|split)\s+(?:up\s+)?into|consists?\s+of"
    rf"|comprises?)\s+(?:(?P<a>{_SPOKEN})\s+and\s+(?P<b>{_SPOKEN})|(?P<count>{_SPOKEN})\s+(?:equal\s+)?(?:lots|groups"
    rf"|parts|shares|pieces)\s+of\s+(?P<size>{_SPOKEN}))(?=\s*(?:[.,;:!?)]|$))"
    rf"|(?<![\w.])(?P<a2>{_SPOKEN})\s+and\s+(?P<b2>{_SPOKEN})\s+(?:make|makes|made)\s+up\s+(?P<whole2>{_SPOKEN})"
    r"(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
# the items of a list before its last two ("68, " and "89, 92, " before "... and ... add up to")
_LISTED_BEFORE = re.compile(rf"(?<![\w.,])(?:{_SIGN}{_SPOKEN}(?:\s+[a-z]+)?\s*,\s*)+$", re.IGNORECASE)
# So much each, then what so many of them come to: "each has 5, so 6 of them have 31", "Each box holds 4 apples,
# so 3 boxes hold 12 apples", "If one pen costs $2, then 7 pens cost $15" (a product said without its operation);
# "one" or "a" starts a rate only at the start of a sentence or clause, and with a verb that is not "is" ("One way is
# 5, and 3 others are 9" has no rate)
_RATE_VERB = (r"(?:has|have|had|holds?|held|costs?|weighs?|gets?|got|makes?|made|contains?|eats?|ate|earns?|needs?"
              r"|takes?|took|carr(?:y|ies)|reads?|sells?|sold|buys?|bought|uses?|used|is|are|was|were)")  # fmt: skip
_EACH_THEN_ALL = re.compile(
    rf"(?:\beach(?:\s+[a-z]+){{0,2}}?\s+{_RATE_VERB}|(?:^|(?<=[.!?;:]\s)|\b(?:if|when|since|because|say|suppose)\s+)"
    rf"(?:one|a|an|1)\s+[a-z]+\s+(?!(?:is|are|was|were)\b){_RATE_VERB})\s+(?P<rate>{_SPOKEN})(?:\s+[a-z]+)?\s*[,;]?\s+"
    rf"(?:so|and|then|which means|meaning|that means)\s+(?:all\s+)?(?P<count>{_SPOKEN})\s+(?:of\s+them|[a-z]+)\s+"
    rf"(?:[a-z]+\s+)?{_RATE_VERB}\s+(?:(?:a\s+)?total\s+of\s+)?(?P<total>{_SPOKEN})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
# So much a unit of time (or of anything), then what so many of the unit come to: "He reads 20 pages a day, so in 5
# days he reads 100 pages", "She saves $15 a week; after 4 weeks she has $70" (the unit named both times)
_TIME_RATE_VERB = (rf"(?:{_RATE_VERB}|saves?|saved|spends?|spent|pays?|paid|grows?|grew|grown|drives?|drove"
                   r"|driven|travels?|travell?ed|walks?|walked|runs?|ran|covers?|covered|earned|reads?|read|writes?"
                   r"|wrote|written)")  # fmt: skip
_RATE_THEN_TIME = re.compile(
    rf"\b{_TIME_RATE_VERB}\s+(?P<rate>{_SPOKEN})(?:\s+[a-z]+)?\s+(?:a|an|per|each|every)\s+(?P<unit>[a-z]+)\s*[,;]?\s+"
    rf"(?:(?:so|and|then)\s+)?(?:in|after|for|over|within)\s+(?P<count>{_SPOKEN})\s+(?P<units>[a-z]+)\s*,?\s+"
    rf"(?:(?:he|she|they|you|we|it|I)\s+)?(?:(?:will|would|should|can|could)\s+)?(?:[a-z]+\s+)?{_TIME_RATE_VERB}\s+"
    rf"(?:(?:a\s+)?total\s+of\s+)?(?P<total>{_SPOKEN})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
# A starting amount, so much a unit of time on top of it (or off it), then what so many of the unit leave: "she starts
# with 10 dollars and saves 2 dollars a week, so after 4 weeks she has 18 dollars", "he had 60 dollars and spent 2
# dollars a day, so after 5 days he had 50 dollars left" (the total counts the start: "... she has 8" drops it)
_START_THEN_RATE = re.compile(
    rf"\b(?:starts?\s+(?:out\s+)?(?:with|at)|started\s+(?:out\s+)?(?:with|at)|begins?\s+with|began\s+with|had|has|have"
    rf"|is|was)\s+(?P<start>{_SPOKEN})(?:\s+[a-z]+){{0,2}}?\s*,?\s+(?:and\s+)?(?:then\s+)?(?P<verb>{_TIME_RATE_VERB})\s+"
    rf"(?P<rate>{_SPOKEN})(?:\s+[a-z]+)?\s+(?:a|an|per|each|every)\s+(?P<unit>[a-z]+)\s*[,;]?\s+(?:(?:so|and|then)\s+)?"
    rf"(?:in|after|for|over|within)\s+(?P<count>{_SPOKEN})\s+(?P<units>[a-z]+)\s*,?\s+(?:(?:he|she|they|you|we|it|I)\s+)?"
    rf"(?:(?:will|would|should|can|could)\s+)?(?:[a-z]+\s+)?{_TIME_RATE_VERB}\s+(?:(?:a\s+)?total\s+of\s+)?"
    rf"(?P<total>{_SPOKEN})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
# the verbs of a rate that takes away from the start
_TAKES_OFF = re.compile(r"^(?:spends?|spent|loses?|lost|uses?|used|eats?|ate|burns?|gives?|gave|drops?|dropped"
                        r"|sells?|sold|pays?|paid|drinks?|drank)$", re.IGNORECASE)  # fmt: skip
# A unit price, then what so many come to: "at 40 dollars each, 4 of them cost 160 dollars"
_AT_EACH = re.compile(
    rf"\bat\s+(?P<rate>{_SPOKEN})(?:\s+[a-z]+)?\s+(?:each|apiece|a\s+piece)\s*,?\s+(?P<count>{_SPOKEN})\s+"
    rf"(?:of\s+them|[a-z]+)\s+(?:would\s+|will\s+)?(?:cost|costs|come\s+to|comes\s+to|is|are|make|makes|total)\s+"
    rf"(?P<total>{_SPOKEN})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
# the count first: "Eight video games at $20 apiece cost him $180", "Six truck tires at $60 each bring in $340"
# (adversary round 37)
_COUNT_AT_EACH = re.compile(
    rf"(?<![\w.$€£])(?P<count>{_SPOKEN})\s+(?:[a-z]+\s+){{1,3}}?at\s+(?P<rate>{_SPOKEN})\s+(?:each|apiece|a\s+piece)"
    rf"\s*,?\s+(?:would\s+|will\s+)?(?:cost|costs|come\s+to|comes\s+to|make|makes|total|bring\s+in|brings\s+in|earn"
    rf"|earns)(?:\s+(?:him|her|them|us|you|me))?\s+(?P<total>{_SPOKEN})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
# How long an amount takes at a rate: "At 2 GB a minute, the first 80 GB takes her 30 minutes" (adversary round 37),
# "80 GB at 2 GB per minute takes 40 minutes": the amount over the rate, in the rate's unit of time (each unit named
# twice, the same)
_RATE_PER = r"(?P<rate>{s})\s*(?P<unit>[a-z]+)\s*(?:/\s*|\s+(?:a|an|per|each|every)\s+)(?P<per>[a-z]+)"
_TAKES_TIME = (
    r"(?:takes?|took|needs?|needed|lasts?|lasted|requires?|required)(?:\s+(?:him|her|them|us|you|me|it))?\s+"
    r"(?P<total>{s})\s*(?P<pers>[a-z]+)\b"
)
_AT_A_RATE_TAKES = re.compile(
    rf"\bat\s+(?:a\s+(?:rate|speed)\s+of\s+)?{_RATE_PER.format(s=_SPOKEN)}\s*,?\s+(?:the\s+)?(?:(?:first|last|"
    rf"remaining|other|next|whole)\s+)?(?P<count>{_SPOKEN})\s*(?P<units>[a-z]+)\s+(?:[a-z]+\s+){{0,2}}?"
    rf"{_TAKES_TIME.format(s=_SPOKEN)}",
    re.IGNORECASE,
)
_TAKES_AT_A_RATE = re.compile(
    rf"(?<![\w.$€£])(?P<count>{_SPOKEN})\s*(?P<units>[a-z]+)\s+at\s+(?:a\s+(?:rate|speed)\s+of\s+)?"
    rf"{_RATE_PER.format(s=_SPOKEN)}\s*,?\s+(?:would\s+|will\s+)?{_TAKES_TIME.format(s=_SPOKEN)}",
    re.IGNORECASE,
)
# A fair share: "if 2 people share 4 dollars equally, each pays 2 dollars"
_SHARE_SAID = re.compile(
    rf"(?<![\w.])(?P<parts>{_SPOKEN})\s+(?:[a-z]+\s+){{0,2}}?(?:share|split|divide)\s+(?:the\s+)?(?P<whole>{_SPOKEN})"
    rf"(?:\s+[a-z]+)?\s+(?:equally|evenly)(?:\s+between\s+them)?\s*,?\s+(?:(?:then|so)\s+)?each\s+(?:one\s+|person\s+)?"
    rf"(?:gets?|pays?|has|receives?|takes?|owes?|is|gives?|puts\s+in)\s+(?P<each>{_SPOKEN})(?![\w/]|[.,]\d)"
    r"(?![\s-]+(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?)\b)",  # not "one third"
    re.IGNORECASE,
)
# A change between two numbers, named with its size: "going from 20 to 220 is an increase of 200"
_CHANGE_OF = re.compile(
    rf"\bfrom\s+(?P<a>{_SPOKEN})\s+to\s+(?P<b>{_SPOKEN})\s+(?:is|was|makes|gives|means)\s+(?:an?\s+)?(?:increase|decrease"
    rf"|rise|drop|fall|jump|gain|loss|change|difference|growth|gap)\s+of\s+(?P<result>{_SPOKEN})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
# Two numbers, then the verb of the operation that joins them and its result: "36 and 18 total 54", "36 and 18 sum to
# 54", "12 and 6 multiply out to 72", "72 and 4 divide to 18", "15 and 5 differ by 10" (adversary round 68: an
# operation is an operation whatever verb says it, and these verbs are the operations' own). Division in the order
# said; "divide into" is left alone ("4 divides into 72" names the divisor first).
_OPERATION_VERBS = {
    "add": r"(?:adds?|added|sums?|summed)\s+(?:up\s+)?to|(?:totals?|totalled|totaled)(?:\s+up\s+to)?"
           r"|(?:combines?|combined)\s+(?:to(?:\s+make)?|into|for)",
    "multiply": r"(?:multiply|multiplies|multiplied)\s+(?:out\s+|together\s+)?(?:to(?:\s+(?:make|give|get))?|into|as)"
                r"|(?:multiply|multiplies|multiplied)\s+out",
    "divide": r"(?:divides?|divided)\s+(?:out\s+)?to(?:\s+(?:make|give|get))?",
    "subtract": r"(?:differs?|differed)\s+by",
}  # fmt: skip
_OPERATION_BY_ITS_VERB = re.compile(
    rf"(?<![\w.])(?P<a>{_SIGN}{_SPOKEN})(?:\s+(?P<unit>[a-z]+))?\s+and\s+(?P<b>{_SIGN}{_SPOKEN})(?(unit)\s+(?P=unit))"
    r"\s+(?:(?:together|combined)\s+)?(?:"
    + "|".join(f"(?P<{name}>{verbs})" for name, verbs in _OPERATION_VERBS.items())
    + rf")\s+(?P<result>{_SPOKEN})(?![\d/%]|[.,]\d|[\w-])",
    re.IGNORECASE,
)
# One vocabulary of comparisons for every reader of them (`_DIFFERENCE_BY`, `_COMPARISON`): the verbs by which one
# number is above or below another, the words "than" follows, and the places above or below (adversary rounds 31, 66
# and 68)
_BE = r"(?:is|are|was|were)"
_ABOVE_VERBS = (r"exceed(?:s|ed)?|outnumber(?:s|ed)?|outweigh(?:s|ed)?|outstrip(?:s|ped)?|surpass(?:es|ed)?|beats?"
                r"|tops|topped|leads|led")  # fmt: skip
_BELOW_VERBS = r"trail(?:s|ed)|lag(?:s|ged)|(?:falls?|fell)\s+short\s+of"
MORE_THAN = r"bigger|larger|greater|more|higher|longer|taller|heavier|older"
LESS_THAN = r"smaller|less|fewer|lower|shorter|lighter|younger"
_ABOVE_PLACE = r"above|up\s+on|ahead\s+of"
_BELOW_PLACE = r"below|down\s+on|behind"
# A difference said as how far one number is above or below another: "15 exceeds 5 by 10", "15 is more than 5 by 10",
# "5 trails 15 by 10", "5 falls short of 15 by 10" (adversary round 68: a comparison by an amount is a subtraction); not
# "by 3 times" or "by a factor", which compare by a ratio
_MORE = rf"{_ABOVE_VERBS}|{_BE}\s+(?:{MORE_THAN})\s+than|{_BE}\s+(?:{_ABOVE_PLACE})"
_LESS = rf"{_BELOW_VERBS}|{_BE}\s+(?:{LESS_THAN})\s+than|{_BE}\s+(?:{_BELOW_PLACE})"
_DIFFERENCE_BY = re.compile(
    rf"(?<![\w.])(?P<a>{_SPOKEN})(?:\s+(?P<unit>[a-z]+))?\s+(?:(?P<more>{_MORE})|(?P<less>{_LESS}))\s+(?:the\s+)?"
    rf"(?P<b>{_SPOKEN})(?(unit)(?:\s+(?P=unit))?)\s+by\s+(?:just\s+|exactly\s+|only\s+)?(?P<result>{_SPOKEN})"
    r"(?![\d/%]|[.,]\d|[\w-]|\s+(?:times|percent|fold)\b)",
    re.IGNORECASE,
)
# ... or by how far short of it one number is: "12 is 3 short of 15", "12 falls 3 shy of 15" (adversary round 72: a
# gap is a subtraction, whatever its verb)
_SHORT_BY = re.compile(
    rf"(?<![\w.])(?P<a>{_SPOKEN})(?:\s+(?P<unit>[a-z]+))?\s+(?:is|are|was|were|sits?|falls?|fell|comes?|came|lies)\s+"
    rf"(?:just\s+|only\s+|exactly\s+)?(?P<result>{_SPOKEN})(?(unit)(?:\s+(?P=unit))?)\s+(?:short|shy)\s+of\s+(?:the\s+)?"
    rf"(?P<b>{_SPOKEN})(?![\d/%]|[.,]\d|[\w-])",
    re.IGNORECASE,
)
_MULTIPLE_OF = {"twos": "2", "threes": "3", "fours": "4", "fives": "5", "sixes": "6", "sevens": "7", "eights": "8",
                "nines": "9", "tens": "10", "elevens": "11", "twelves": "12", "dozen": "12",
                "dozens": "12"}  # fmt: skip
# A comparison of two numbers: "17 is smaller than 12", "given that 5 is bigger than 12" (a number between "is" and
# "than" makes a difference, "17 is 5 more than 12", which the phrases read)
# The left side may be one operation ("5 divided by 12 is greater than 5 itself", "5 shared among 12 gives more than
# 5"): its result is compared.
_COMPARED_OPERATION = {"divided by": operator.truediv, "shared among": operator.truediv, "shared between":
                       operator.truediv, "split among": operator.truediv, "split between": operator.truediv,
                       "/": operator.truediv, "÷": operator.truediv, "times": operator.mul, "multiplied by":
                       operator.mul, "*": operator.mul, "×": operator.mul, "plus": operator.add, "+": operator.add,
                       "minus": operator.sub, "-": operator.sub}  # fmt: skip
_COMPARED_OPERATOR = "|".join(re.escape(word) for word in sorted(_COMPARED_OPERATION, key=len, reverse=True))
# a negative number's sign: "-3 is less than 2", "minus 3", "negative 3"
_MINUS = r"-(?=\d)|(?:minus|negative)\s+"
# a number compared: a fraction too ("1/3 is bigger than 1/2"), with its noun ("11 apples are fewer than 4 apples"),
# "a greater number than", "exceeds" (adversary round 31)
# a fraction in words: "one third", "a half", "two fifths"
_FRACTION_WORDS = (rf"(?:{NUMBER_WORD_PATTERN}|an?)[\s-]+(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?"
                   r"|sevenths?|eighths?|ninths?|tenths?)\b")  # fmt: skip
_COMPARED = rf"(?:\d+\s*/\s*\d+(?![\d/])|{_FRACTION_WORDS}|{_SPOKEN})"
_INSIDE_A_NOUN_PHRASE = re.compile(r"\b(?:of|the|these|those|his|her|their|your|my|our|its|per|each|for|all)\s*$",
                                   re.IGNORECASE)  # fmt: skip
_COMPARISON = re.compile(
    rf"(?<![\w./])(?<![-+*/×÷=]\s)(?P<minus_a>{_MINUS})?(?P<a>{_COMPARED})(?:\s*(?P<op>{_COMPARED_OPERATOR})\s*"
    rf"(?P<a2>{_SPOKEN}))?(?:\s+(?P<noun>[a-z]+))?\s+"
    rf"(?:(?:{_BE}|(?P<gives>gives|makes|leaves))\s+(?:(?:a\s+lot|much|far|way|a\s+bit|slightly)\s+)?"
    rf"(?:an?\s+)?(?:(?P<larger>{MORE_THAN})|{LESS_THAN})(?:\s+(?:number|amount))?"
    rf"\s+than|(?P<exceeds>{_ABOVE_VERBS}|{_BE}\s+(?:{_ABOVE_PLACE}))|{_BELOW_VERBS}|{_BE}\s+(?:{_BELOW_PLACE}))\s+"
    # the verbs of a comparison in every person and tense, the numbers named ("The 5 outnumber the 12": round 66)
    rf"(?:the\s+)?(?P<minus_b>{_MINUS})?(?P<b>{_COMPARED})(?(noun)(?:\s+(?P=noun)\b|(?!\s+[a-z])))(?:\s+itself)?"
    r"(?![\w/]|[.,]\d|\s*[-+*/×÷x]\s*\d)",
    re.IGNORECASE,
)
# A division with its remainder: "26 divided by 4 is 6 remainder 2", "26 ÷ 4 = 6 r 2", "4 goes into 26 6 times with 2
# left over", "sharing 26 among 4 gives 6 each and 2 spare", "26 split into groups of 4 makes 6 groups with 2 over"
_LEFT = r"(?:left over|left|over|spare|remaining|extra)"
_REMAINDER_SAID = re.compile(
    rf"(?<![\w.])(?:(?P<whole>{_SPOKEN})\s*(?:divided by|÷|/)\s*(?P<divisor>{_SPOKEN})\s*(?:is|=|equals|gives|makes)\s*"
    rf"(?P<quotient>{_SPOKEN})(?:\s*(?:remainder|rem\.?|r|with (?:a )?remainder(?: of)?)\s*(?P<rest>{_SPOKEN})"
    rf"|,?\s+(?:with|and)\s+(?P<rest4>{_SPOKEN})\s+{_LEFT})"
    rf"|(?P<divisor2>{_SPOKEN})\s+goes\s+into\s+(?P<whole2>{_SPOKEN})\s+(?P<quotient2>{_SPOKEN})\s+times?,?\s+"
    rf"(?:with|and)\s+(?P<rest2>{_SPOKEN})\s+{_LEFT}"
    rf"|(?:sharing|dividing|splitting)\s+(?P<whole3>{_SPOKEN})\s+(?:\w+\s+)?(?:among|between|by|into)\s+"
    rf"(?P<divisor3>{_SPOKEN})\s+(?:\w+\s+)?(?:gives|makes|leaves)\s+(?P<quotient3>{_SPOKEN})\s+(?:each|apiece)"
    rf",?\s+(?:and|with)\s+(?P<rest3>{_SPOKEN})\s+{_LEFT}"
    rf"|(?P<whole5>{_SPOKEN})\s+(?:shared|split|divided)\s+(?:equally\s+|evenly\s+)?(?:among|between|into|by)\s+"
    rf"(?P<divisor5>{_SPOKEN})\s+(?:\w+\s+)?(?:gives|makes|is|leaves)\s+(?P<quotient5>{_SPOKEN})\s+(?:each|apiece)"
    rf",?\s+(?:and|with)\s+(?P<rest5>{_SPOKEN})\s+{_LEFT})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
_ASKS_WHETHER = re.compile(r"\W*(?:is|are|was|were|isn't|aren't|do|does|did|doesn't|don't|didn't)\b", re.IGNORECASE)
_SUMMING = {"make", "makes", "making", "come to", "comes to", "add up to", "adds up to"}
_IN_A_CHAIN = re.compile(r"[-+*/x×÷=]\s*$")
_REMAINDER = re.compile(
    rf"\s+(?:remainder|r\b|with a remainder)|(?:\s+(?:each|apiece))?,?\s+(?:with|and)\s+{_SPOKEN}"
    rf"\s+{_LEFT}",
    re.IGNORECASE,
)
# what is left over after a result: "10 eggs fill 2 boxes with 2 left over"
_LEFT_AFTER = re.compile(rf"(?:\s+[a-z]+)?,?\s+(?:with|and)\s+{_SPOKEN}\s+(?:[a-z]+\s+)?{_LEFT}", re.IGNORECASE)
_UNARY = {"half": Fraction(1, 2), "twice": Fraction(2), "double": Fraction(2), "a third": Fraction(1, 3),
          "a quarter": Fraction(1, 4)}  # fmt: skip


# a number named as one of the problem's or the student's: "four times the 40", "twice your 80" (adversary round 39)
# the words that may stand before an operand, one set for every reader of operations ("the 15", "your 21", "those 15",
# "the other 5", "another 5"): the readers of claims read "15 minus that 5 is 11" where the readers of operations
# left unworked did not read "15 minus that 5" (adversary round 64)
_DETERMINER = r"(?:(?:the|this|that|these|those|your|our|my|his|her|their)(?:\s+other)?|another)\s+"
_NAMED = rf"(?:{_DETERMINER})?"
_SPOKEN_EXPRESSION = re.compile(
    rf"(?<![\w.])(?:(?P<a>{_SPOKEN}|a dozen)\s*(?P<op>{_OP_WORDS})\s*(?:(?<=[a-z]\s){_DETERMINER})?"
    rf"(?P<b>{_SPOKEN}|a dozen)"
    rf"|(?P<unary>half|twice|double|a third|a quarter) of {_NAMED}(?P<u>{_SPOKEN}|a dozen)|(?P<unary2>twice|double) "
    rf"{_NAMED}(?P<u2>{_SPOKEN}|a dozen)|(?P<p>{_SPOKEN})\s*(?:%|percent) of (?P<whole>{_SPOKEN}))(?![\w/])",
    re.IGNORECASE,
)


def false_comparisons(text: str, student_said: list[str]) -> list[str]:
    """Comparisons of two numbers asserted wrong ("since 17 is smaller than 12"), not asked ("Is 17 bigger than
    12?") nor the student's. Apart from `arithmetic_claims`, whose claims the learnt judges read as features: a
    comparison is a check of its own (adding it to their features moved their dev agreement both ways)."""
    from trtutor.answers import find_numbers

    student_numbers = {mention.value for said in student_said for mention in find_numbers(said)}
    found = []
    for sentence in _SENTENCE.finditer(_arithmetic_text(text)):
        if sentence.group(0).rstrip().endswith("?") and _ASKS_WHETHER.match(sentence.group(0)):
            continue  # "Is 17 bigger than 12?" asks it
        for match in _COMPARISON.finditer(sentence.group(0)):
            if match.group("noun") and _INSIDE_A_NOUN_PHRASE.search(sentence.group(0)[: match.start()]):
                continue  # "the total of the 10 rolls was more than 30" compares the total, not the count
            a, b = _spoken_value(match.group("a")), _spoken_value(match.group("b"))
            if a is None or b is None or (sentence.group(0).rstrip().endswith("?") and {a, b} <= student_numbers):
                continue
            a, b = (-a if match.group("minus_a") else a), (-b if match.group("minus_b") else b)
            if match.group("op"):
                a2 = _spoken_value(match.group("a2"))
                function = _COMPARED_OPERATION[match.group("op").lower()]
                if a2 is None or (function is operator.truediv and a2 == 0):
                    continue
                a = function(a, a2)
            elif match.group("gives"):
                continue  # "5 gives more than 3" compares no result
            if (a > b) != (match.group("larger") is not None or match.group("exceeds") is not None) or a == b:
                found.append(match.group(0).strip())
    return found


# A right result denied: "3 x $68 is not $204", "12 - 3 isn't 9", "$204 is not what 3 x $68 gives" (a wrong one
# denied is a correction, which real tutors make: "3 x 68 is not 200").
_DENIES = r"(?:is\s+not|isn't|are\s+not|aren't|does\s+not\s+(?:equal|give|make)|doesn't\s+(?:equal|give|make)|≠)"
_DENIAL = re.compile(
    rf"(?<![\w.])(?<![-+*/×÷=]\s)(?P<a>{_SPOKEN})\s*(?P<op>{_COMPARED_OPERATOR}|x)\s*(?P<b>{_SPOKEN})\s+{_DENIES}\s+"
    rf"(?:(?:actually|really|quite|exactly)\s+)?(?P<c>{_SPOKEN})(?=\s*(?:[,;.!)]|$|\s+(?:but|and|so|because)\b))"
    rf"|(?<![\w.])(?P<c2>{_SPOKEN})\s+(?:is\s+not|isn't)\s+what\s+(?P<a2>{_SPOKEN})\s*(?P<op2>{_COMPARED_OPERATOR}|x)\s*"
    rf"(?P<b2>{_SPOKEN})\s+(?:gives|makes|equals|is|comes\s+to)\b",
    re.IGNORECASE,
)


def false_denials(text: str, student_said: list[str]) -> list[str]:
    """Right results of an operation asserted wrong ("3 x $68 is not $204"), not asked; a check of its own, as
    `false_comparisons` is."""
    found = []
    for sentence in _SENTENCE.finditer(_arithmetic_text(text)):
        if sentence.group(0).rstrip().endswith("?"):
            continue
        for match in _DENIAL.finditer(sentence.group(0)):
            a, b, c = (_spoken_value(match.group(name) or match.group(name + "2")) for name in ("a", "b", "c"))
            operation = (match.group("op") or match.group("op2")).lower()
            function = operator.mul if operation == "x" else _COMPARED_OPERATION[operation]
            if a is None or b is None or c is None or (function is operator.truediv and b == 0):
                continue
            if function(a, b) == c:
                found.append(match.group(0).strip())
    return found


# A property of a whole number asserted: "12 is odd", "15 is divisible by 4", "15 divides evenly by 4", "4 goes into
# 15 evenly", "15 is a multiple of 4", "7 is not a prime number", "4 is a factor of 15"
_NOT = r"(?P<not>\s+not|n't)?"
_NUMBER_FACT = re.compile(
    rf"(?<![\w.])(?:(?P<n>{_SPOKEN})\s+(?:is|are){_NOT}\s+(?:an?\s+)?(?:(?P<parity>odd|even)(?:\s+numbers?)?\b"
    rf"|(?:evenly\s+)?divisible\s+(?:evenly\s+)?by\s+(?P<by>{_SPOKEN})|a\s+multiple\s+of\s+(?P<of>{_SPOKEN})"
    rf"|(?P<prime>prime)(?:\s+numbers?)?\b|a\s+factor\s+of\s+(?P<multiple>{_SPOKEN}))"
    rf"|(?P<n2>{_SPOKEN})\s+(?:divides|can be divided)\s+evenly\s+by\s+(?P<by2>{_SPOKEN})"
    rf"|(?P<d>{_SPOKEN})\s+(?:goes|divides)\s+(?:evenly\s+)?into\s+(?P<n3>{_SPOKEN})\s+"
    r"(?:evenly|exactly|with no remainder))"
    r"(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)


def false_remainders(text: str, student_said: list[str]) -> list[str]:
    """Divisions with their remainder said wrong ("26 divided by 4 is 6 remainder 3", "sharing 30 among 5 gives 6
    each and 2 spare"), not the student's asked about; a check of its own, as `false_comparisons` is (read as claims,
    the one such dev turn, a right one, moved the learnt judges' tutor ranking)."""
    from trtutor.answers import find_numbers

    student_numbers = {mention.value for said in student_said for mention in find_numbers(said)}
    found = []
    for sentence in _SENTENCE.finditer(_arithmetic_text(text)):
        asked = sentence.group(0).rstrip().endswith("?")
        for match in _REMAINDER_SAID.finditer(sentence.group(0)):
            # each part is one group of whichever form matched ("whole", "whole2", ...)
            said = {group.rstrip("0123456789"): written for group, written in match.groupdict().items() if written}
            parts = [_spoken_value(said.get(name, "")) for name in ("whole", "divisor", "quotient", "rest")]
            if None in parts or any(part.denominator != 1 or part < 0 for part in parts) or parts[1] == 0:
                continue
            whole, divisor, quotient, rest = parts
            if asked and {quotient, rest} <= student_numbers:
                continue  # the student's division, asked about
            if divisor * quotient + rest != whole or rest >= divisor:
                found.append(match.group(0).strip())
    return found


def false_number_facts(text: str) -> list[str]:
    """Facts of numbers asserted wrong, not asked ("Is 12 odd?"): a property of a whole number ("12 is odd", "15 is
    divisible by 4", "7 is not prime"), a rounding ("40 to the nearest ten gives 50"), a place value ("the 2 in 20 is
    worth 2"), two values said equal ("1/4 as a percentage is 20%"), numbers put in order ("from smallest: 120, 20, 40,
    2") and an estimate far from the value ("40 + 120 should be near 320": more than half again off); a check of its
    own, as `false_comparisons` is."""
    found = []
    for sentence in _SENTENCE.finditer(_arithmetic_text(text)):
        said = sentence.group(0)
        if said.rstrip().endswith("?") or re.search(r"\b(?:if|suppose|whether)\b", said, re.IGNORECASE):
            continue
        for match in _NUMBER_FACT.finditer(said):
            holds = _number_fact_holds(match)
            if holds is not None and holds == bool(match.group("not")):
                found.append(match.group(0).strip())
        found += [match.group(0).strip() for pattern, holds in _FACT_CHECKS for match in pattern.finditer(said)
                  if holds(match) is False]  # fmt: skip
    return found


# --- more facts of numbers: rounding, place value, equal values, order, estimates ----------------------------------

_VALUE = rf"[$€£]?\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s*/\s*\d+|{_MIXED_TAIL})%?"
# not an operand or result of arithmetic, nor the fraction of a mixed number ("2 1/2")
_NOT_IN_ARITHMETIC = r"(?<![-+*/×÷x=^]\s)(?<![-+*/×÷=^\w.])(?<!\d[ \t])"
_NO_OPERATION_AFTER = r"(?!\s*[-+*/×÷x^(]\s*\d|[\w.,]\d)"
_PLACES = {"one": 1, "ones": 1, "unit": 1, "units": 1, "whole number": 1, "dollar": 1, "ten": 10, "tens": 10,
           "hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "tenth": Fraction(1, 10),
           "tenths": Fraction(1, 10), "hundredth": Fraction(1, 100), "hundredths": Fraction(1, 100)}  # fmt: skip
_PLACE = r"(?:ones?|units?|whole number|dollar|tens?|hundreds?|thousands?|tenths?|hundredths?)"
# a rounding said: "Rounding 40 to the nearest ten gives 50", "12 rounded to the nearest ten is 20", "Round 12 to the
# nearest ten and you get 20", "To the nearest ten, 12 is 20", "12 rounds to 20 to the nearest ten", "12 is about 20 to
# the nearest ten", "47 rounded up to the nearest ten is 50"
_NEAREST = rf"(?P<way>up|down)?\s*to\s+the\s+nearest\s+(?P<place>{_PLACE})"
_GIVES = r"(?:gives|is|makes|=|we get|you get|and (?:we|you) get|leaves|comes to|becomes|goes to)"
_ROUNDINGS = tuple(
    re.compile(rf"{_NOT_IN_ARITHMETIC}{pattern}(?![\d.,]\d)", re.IGNORECASE)
    for pattern in (
        rf"(?:round(?:ing|ed)?\s+)?(?P<n>{_VALUE})\s+(?:rounded\s+|rounds\s+)?{_NEAREST}\s*,?\s+{_GIVES}\s+"
        rf"(?:about\s+)?(?P<r>{_VALUE})",
        rf"to\s+the\s+nearest\s+(?P<place>{_PLACE})\s*,\s*(?P<n>{_VALUE})\s+(?:is|rounds to|becomes|goes to)\s+"
        rf"(?:about\s+)?(?P<r>{_VALUE})",
        rf"(?P<n>{_VALUE})\s+(?:rounds|is rounded|rounded)\s+(?P<way>up|down)?\s*to\s+(?P<r>{_VALUE})"
        rf"[^.!?]{{0,30}}?\bnearest\s+(?P<place>{_PLACE})",
        rf"(?P<n>{_VALUE})\s+is\s+(?:about|roughly|around|approximately)\s+(?P<r>{_VALUE})\s+to\s+the\s+nearest\s+"
        rf"(?P<place>{_PLACE})",
    )
)
# "The 2 in 20 is worth just 2", "In 12, the 1 is in the ones place"
_PLACE_VALUE = re.compile(
    r"\bthe\s+(?P<digit>\d)\s+in\s+(?P<n>\d+)\s+(?:is worth|stands for|means|represents|has a value of|is)\s+"
    r"(?:just\s+|only\s+|really\s+)?(?P<v>\d+)(?![\d.,]\d|\s*(?:ones|tens|hundreds|thousands)\b)"
    r"|\bin\s+(?P<n3>\d+),?\s+the\s+(?P<digit3>\d)\s+(?:is worth|stands for|represents|has a value of)\s+"
    r"(?:just\s+|only\s+|really\s+)?(?P<v3>\d+)(?![\d.,]\d|\s*(?:ones|tens|hundreds|thousands)\b)"
    r"|\bin\s+(?P<n2>\d+),?\s+the\s+(?P<digit2>\d)\s+is\s+in\s+the\s+(?P<place>ones|tens|hundreds|thousands)\s+"
    r"(?:place|column|spot)",
    re.IGNORECASE,
)
# two values said to be equal: "0.5 and 4/5 are equal", "1/4 is the same as 0.2", "1/4 as a percentage is 20%"
_EQUAL_VALUE = rf"(?:{_VALUE}|{_FRACTION_WORDS})"  # a fraction in words too: "25% is the same as one fifth"
_EQUAL = re.compile(
    rf"{_NOT_IN_ARITHMETIC}(?:(?P<a>{_EQUAL_VALUE})\s+and\s+(?P<b>{_EQUAL_VALUE})\s+are\s+"
    r"(?:equal|the same|equivalent)\b"
    # "equals" of an operand's result: not "3 times 4 equals 12" (the result's reader reads that), and of a part
    # only ("12/5 equals 9/4": round 42), as "4 equals 12" is a count for another
    rf"|(?<!times )(?<!by )(?<!plus )(?<!minus )(?<!over )(?<!of )(?<!and )(?P<a2>{_EQUAL_VALUE})\s+"
    rf"(?:(?:is|are)\s+(?:equal to|the same as|equivalent to|the same fraction as)"
    rf"|(?P<equals>equals|simplifies to|reduces to|matches))\s+(?P<b2>{_EQUAL_VALUE})"
    rf"{_NO_OPERATION_AFTER}(?![\d.,]?\d|\s+(?!(?:and|but|so|because|which|since|or|then)\b)[a-z])"  # not "500 cents"
    rf"|(?P<a3>{_EQUAL_VALUE})\s+(?:written\s+)?as\s+a\s+(?:percentage|percent|decimal|fraction)\s+(?:gives|is|=|makes|"
    rf"comes to)\s+(?P<b3>{_EQUAL_VALUE}){_NO_OPERATION_AFTER})",
    re.IGNORECASE,
)
# numbers put in order: "from smallest: 120, 20, 40, 2", "smallest to biggest, we have 2, 120, 40, 20"
_SMALLEST = r"smallest|least|lowest|fewest"
_BIGGEST = r"biggest|largest|greatest|highest|most"
_ORDERED = re.compile(
    rf"\b(?:from\s+(?:the\s+)?(?:(?P<up>{_SMALLEST})|(?P<down>{_BIGGEST}))(?:\s+to\s+(?:the\s+)?\w+)?"
    rf"|(?:(?P<up2>{_SMALLEST})|(?P<down2>{_BIGGEST}))\s+to\s+(?:the\s+)?(?:{_SMALLEST}|{_BIGGEST}))"
    rf"\s*[:,]?\s*(?:(?:we|you)\s+(?:have|get)\s+|(?:it|they)\s+(?:is|are|go)\s+)?"
    rf"(?P<list>{_VALUE}(?:\s*,\s*{_VALUE}){{2,}}(?:,?\s*(?:and|then)\s+{_VALUE})?)",
    re.IGNORECASE,
)
# an estimate far from the value: "40 + 120 should be somewhere near 320", "12 × 6 ≈ 30"; the estimate may be an
# operation of rounder numbers ("12 × 40 is about 10 × 40 = 400": adversary round 68, an honest estimate first)
_ESTIMATE = re.compile(
    rf"{_NOT_AFTER}(?P<expression>{_OPERAND}(?:{_OP}{_OPERAND})+)\s*(?:\s(?:should be|is|comes to|will be|would be"
    r"|gives|makes|is going to be)\s+(?:somewhere\s+)?(?:about|around|roughly|approximately|near|close to|nearly"
    rf"|in the region of)\s|≈|~)\s*(?P<estimate>{_OPERAND}(?:{_OP}{_OPERAND})*)(?![\d.,]\d)",
    re.IGNORECASE,
)


def _value_of(written: str) -> Fraction | None:
    """A written value, a percent as its fraction ("20%" is 1/5)."""
    from trtutor.answers import parse_number

    in_words = not (written[:1].isdigit() or written[:1] in "$€£")  # "one fifth"
    value = _spoken_value(written) if in_words else parse_number(written.rstrip("%"))
    return None if value is None else value / 100 if written.rstrip().endswith("%") else value


def _rounding_holds(match: re.Match[str]) -> bool | None:
    number, result = _value_of(match["n"]), _value_of(match["r"])
    place = _PLACES[match["place"].lower()]
    if number is None or result is None:
        return None
    way = (match.groupdict().get("way") or "").lower()
    units = number / place
    rounded = (
        math.ceil(units) if way == "up" else math.floor(units) if way == "down" else math.floor(units + Fraction(1, 2))
    )
    return rounded * place == result


def _place_value_holds(match: re.Match[str]) -> bool | None:
    number = match["n"] or match["n2"] or match["n3"]
    digit = match["digit"] or match["digit2"] or match["digit3"]
    if number.count(digit) != 1:
        return None  # which of its digits is meant is not said
    place = 10 ** (len(number) - 1 - number.index(digit))
    if match["place"]:
        return place == _PLACES[match["place"].lower()]
    return int(digit) * place == int(match["v"] or match["v3"])


def _equal_holds(match: re.Match[str]) -> bool | None:
    written = [match[name] or match[f"{name}2"] or match[f"{name}3"] for name in ("a", "b")]
    a, b = (_value_of(value) for value in written)
    if a is None or b is None:
        return None
    whole = [re.fullmatch(r"[$€£]?[\d,]+", value.strip()) is not None for value in written]
    simplified = (match["equals"] or "").lower() in ("simplifies to", "reduces to")
    if not match["a3"] and whole[0] != whole[1] and not simplified:
        # a count and a part said equal mean the one stands for the other ("12 is equal to 2/3" of them); what a
        # fraction simplifies to is its value ("72/4 simplifies to 19": adversary round 68)
        return None
    if match["equals"] and all(whole):
        return None
    return a == b


def _order_holds(match: re.Match[str]) -> bool | None:
    values = [_value_of(value) for value in re.findall(_VALUE, match["list"])]
    if None in values:
        return None
    increasing = bool(match["up"] or match["up2"])
    return values == sorted(values, reverse=not increasing)  # type: ignore[type-var]


def _estimate_holds(match: re.Match[str]) -> bool | None:
    estimate_said = match["estimate"]
    exact = evaluate(match["expression"])
    estimate = evaluate(estimate_said) if has_operation(estimate_said) else _value_of(estimate_said)
    if exact is None or estimate is None or exact <= 0:
        return None
    return exact / Fraction(3, 2) <= estimate <= exact * Fraction(3, 2)  # an estimate within half again of the value


_FACT_CHECKS = (*((rounding, _rounding_holds) for rounding in _ROUNDINGS), (_PLACE_VALUE, _place_value_holds),
                (_EQUAL, _equal_holds), (_ORDERED, _order_holds), (_ESTIMATE, _estimate_holds))  # fmt: skip


def _number_fact_holds(match: re.Match[str]) -> bool | None:
    """Whether the property the match names holds (as if said without "not"); None when a number is no whole one."""
    values = {name: _spoken_value(match.group(name)) for name in ("n", "n2", "n3", "by", "by2", "of", "multiple", "d")
              if match.group(name)}  # fmt: skip
    if any(value is None or value.denominator != 1 or value <= 0 for value in values.values()):
        return None
    n = int(values.get("n") or values.get("n2") or values.get("n3") or 0)
    if match.group("parity"):
        return (n % 2 == 0) == (match.group("parity").lower() == "even")
    if match.group("prime"):
        return n > 1 and all(n % k for k in range(2, math.isqrt(n) + 1))
    if match.group("multiple"):
        return int(values["multiple"]) % n == 0
    divisor = int(values.get("by") or values.get("by2") or values.get("of") or values.get("d") or 0)
    return divisor != 0 and n % divisor == 0


def operations_to_do(text: str) -> list[tuple[Fraction, str, int]]:
    """(value, text, start) of each operation said by its verb, its result left to the reader ("add 24 to your 21",
    "multiply 9 by 5", "take the 245 from 300", "halve 90"); a count on from one unit by another ("Start at 1 hour and
    add 30 minutes") converts, and is left out."""
    return [(value, match.group(0), match.start()) for name, pattern in _VERB_EXPRESSIONS.items()
            for match in pattern.finditer(text) if (value := _phrase_value(name, match)) is not None
            and not (name == "count on" and _two_units(match, text))]  # fmt: skip


# units of measure: two different ones in a count on make it a conversion
_MEASURE_UNITS = frozenset(
    "second minute hour day week month year inch foot feet yard mile centimeter centimetre meter metre kilometer "
    "kilometre ounce pound gram kilogram cent dollar liter litre gallon quart pint cup".split()
)


def _two_units(match: re.Match[str], text: str) -> bool:
    first = match["unit_a"].split()[:1]
    after = re.match(r"\s+([a-z]+)", text[match.end() :])
    units = [
        word.lower().rstrip("s") if word.lower() != "feet" else "foot"
        for word in [*first, *(after.groups() if after else [])]
    ]
    return len(units) == 2 and all(unit in _MEASURE_UNITS | {"foot"} for unit in units) and units[0] != units[1]


def spoken_expressions(text: str) -> list[tuple[Fraction, str, int]]:
    """(value, text, start) of arithmetic said in words without its result ("15 minus 5", "twice 5", "half of 20",
    "a dozen minus two", "the sum of 12 and 5", "12 lots of 5", "9 less than 113", "six and four together", "24
    halved", "36 split 3 ways", "one 4th of 40", "the square root of 144", "5 squared"); symbol-only arithmetic
    ("4 x 5") is `EXPRESSION`'s.
    Groups count as a product only as "lots" or "groups" of a bare number: "3 boxes of 4 apples", "3 groups of 4
    students" restate a problem's quantities, they offer no answer."""
    return list(_spoken_expressions(text))


@lru_cache(maxsize=8192)
def _spoken_expressions(text: str) -> tuple[tuple[Fraction, str, int], ...]:
    # each judge reads the same turn's sentences again (six times a turn, on the battery): found once
    found = []
    for match in _SPOKEN_EXPRESSION.finditer(text):
        operands = (match.group("a") or "") + (match.group("b") or "")
        if match.group("op") and match.group("op") in "+-x×*÷" and not re.search(r"[a-z]", operands, re.IGNORECASE):
            continue  # digits and a symbol only: `EXPRESSION` reads it
        if (value := _computed_value(match)) is not None:
            found.append((value, match.group(0), match.start()))
    for name, pattern in (*_PHRASE_EXPRESSIONS.items(), ("groups", _GROUPS_EXPRESSION),
                          ("together", _TOGETHER_EXPRESSION)):  # fmt: skip
        for match in pattern.finditer(text):
            if name == "groups" and _OPERAND_BEFORE.search(text[: match.start()]):
                continue  # "half of 3 groups of 4" is not 3 x 4
            value = _sum_of_two(match) if name == "together" else _phrase_value(name, match)
            if value is not None:
                found.append((value, match.group(0), match.start()))
            if name in _ALSO_RIGHT and value is not None:  # its second reading: "4 times bigger than 9" may be 45
                a, b = _spoken_value(match["a"]), _spoken_value(match["b"])
                if a is not None and b is not None:
                    found.append((_ALSO_RIGHT[name](a, b), match.group(0), match.start()))
    return tuple(dict.fromkeys(found))  # "two thirds of 18" is a part and a fraction of


# A chain of operations said in words, evaluated as written in symbols (powers first, then products, then sums): "three
# squared plus one", "four times three minus two", "12 divided by 4 plus 7"; `spoken_expressions` reads one operation.
# a power said before its base too: "the square of 3 plus 1" (adversary round 67)
_CHAIN_TERM = rf"(?:the\s+(?:square|cube)\s+of\s+)?(?:{_SPOKEN})(?:\s+(?:squared|cubed))?"
_CHAIN_OPERATORS = {"plus": "+", "minus": "-", "times": "*", "multiplied by": "*", "divided by": "/", "over": "/",
                    "take away": "-", "less": "-"}  # fmt: skip
_CHAIN_OPERATOR = r"(?:plus|minus|times|multiplied by|divided by|over|take away|less(?!\s+than))"
_SPOKEN_CHAIN = re.compile(
    rf"(?<![\w.]){_CHAIN_TERM}(?:\s*,?\s+{_CHAIN_OPERATOR}\s+{_CHAIN_TERM})+(?![\w/]|[.,]\d)", re.IGNORECASE
)
_CHAIN_PART = re.compile(
    rf"(?P<operator>{_CHAIN_OPERATOR})|(?P<power>squared|cubed)|(?:the\s+(?P<power_of>square|cube)\s+of\s+)?"
    rf"(?P<term>{_SPOKEN})",
    re.IGNORECASE,
)


def spoken_chains(text: str) -> list[tuple[Fraction, str, int]]:
    """(value, text, start) of two operations or more said in words in a row, "three squared plus one" (10)."""
    return [(value, match.group(0), match.start()) for match in _SPOKEN_CHAIN.finditer(text)
            if (value := _chain_value(match.group(0))) is not None]  # fmt: skip


def _chain_value(chain: str) -> Fraction | None:
    """The value of a chain of two operations or more in words, evaluated as written in symbols."""
    written, operations, last_end = [], 0, 0
    for part in _CHAIN_PART.finditer(chain):
        if part.group("operator") and "," in chain[last_end : part.start()]:
            written = ["(", *written, ")"]  # a comma closes what came before: "10 less 4, times 2" is (10 - 4) x 2
        last_end = part.end()
        if part.group("operator"):
            written.append(_CHAIN_OPERATORS[part.group("operator").lower()])
        elif part.group("power"):
            written.append("^2" if part.group("power").lower() == "squared" else "^3")
        elif (value := _spoken_value(part.group("term"))) is not None:
            written.append(f"({value.numerator}/{value.denominator})")
            if not part.group("power_of"):
                continue
            written.append("^2" if part.group("power_of").lower() == "square" else "^3")
        else:
            return None
        operations += 1
    return evaluate(" ".join(written)) if operations >= 2 else None


# a chain in words and what it comes to: "3 times 4 plus 2 is 14", "2 plus 3 times 4 is 14" (as written in symbols)
_CHAIN_CLAIM = re.compile(
    rf"(?P<chain>{_SPOKEN_CHAIN.pattern})(?:\s*,)?\s+{_IS}\s+(?P<result>{_SPOKEN})(?![\w/]|[.,]\d)", re.IGNORECASE
)
# an operation in words right before a claim's first number: the claim is the last step of a chain
_IN_A_WORD_CHAIN = re.compile(
    rf"\b(?:{_CHAIN_OPERATOR}|double|twice|triple|(?:half|a\s+third|a\s+quarter)\s+of|(?:more|less|fewer)\s+than"
    r"|(?:sum|total|product|difference)\s+of)\s*$",
    re.IGNORECASE,
)


def _sum_of_two(match: re.Match[str]) -> Fraction | None:
    """The value of "A and B together" (or "... added/multiplied together"), its "and" found where both sides read
    as numbers: a number word has "and"s of its own ("one hundred and twenty-two and eight together"), and one after
    "hundred" or "thousand" joins a number, not two."""
    said = match.group(0)[: match.start("b") - match.start()] + match.group("b")
    splits = [m for m in re.finditer(r"\s+and\s+", said)
              if not re.search(r"(?:hundred|thousand|million)$", said[: m.start()], re.IGNORECASE)]  # fmt: skip
    for split in reversed(splits):
        a, b = _spoken_value(said[: split.start()]), _spoken_value(said[split.end() :])
        if a is not None and b is not None:
            return a * b if (match.group("verb") or "").lower() == "multiplied" else a + b
    return None


def _result_first_values(match: re.Match[str]) -> tuple[Fraction | None, Fraction | None]:
    """(what a `_RESULT_FIRST`, `_DIVISION_SAID` or `_RESULT_FROM` claim computes, the result it states)."""
    groups = match.groupdict()
    if "either_order" in groups:
        result = _spoken_value(groups["result"])
        if groups["either_order"]:
            x, y = _spoken_value(groups["x"]), _spoken_value(groups["y"])
            if x is None or y is None:
                return None, result
            return (x + y if groups["either_order"].lower() == "adding" else x * y), result
        if groups["less"]:
            less, whole = _spoken_value(groups["less"]), _spoken_value(groups["whole"])
            return (None if less is None or whole is None else whole - less), result
        dividend, divisor = _spoken_value(groups["dividend"]), _spoken_value(groups["divisor"])
        return (None if dividend is None or not divisor else dividend / divisor), result
    if "divisor" in groups:
        if groups["divisor"]:
            divisor, dividend, result = (_spoken_value(groups[key]) for key in ("divisor", "dividend", "result"))
        else:
            divisor, dividend, result = (_spoken_value(groups[key]) for key in ("parts", "whole", "each"))
        return (None if not divisor or dividend is None else dividend / divisor), result
    result = _spoken_value(match.group("result"))
    if match.group("than"):
        c, d = _spoken_value(match.group("c")), _spoken_value(match.group("d"))
        if c is None or d is None:
            return None, result
        return (d + c if match.group("than").lower() == "more" else d - c), result
    return _computed_value(match), result


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
        operation = WORD_OPERATIONS[groups["op"].lower()]
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
    written = re.sub(
        r"^an?(?=[\s-]+(?:half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth))",
        "one",
        written,
        flags=re.IGNORECASE,
    )  # "a third" is one third
    if part := _AND_A_PART.search(written):  # "three and a half", "2 and a quarter"
        whole = _spoken_value(written[: part.start()])
        return None if whole is None else whole + Fraction(1, FRACTION_DENOMINATORS[part[1].lower()])
    return parse_number(re.sub(r"[\s-]+and[\s-]+", " ", written))


# what hides a number's digits from a reader of the text but not from a student: invisible characters (zero-width
# spaces and joiners, soft hyphens: "1\u200b0"), keycap marks ("1\ufe0f\u20e3"), and a letter O or l written for a
# digit inside a number ("16O", "1OO", "2l5")
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0f\u20e3"))
_LETTER_FOR_ZERO = re.compile(r"(?<=\d)[Oo]+(?![a-z])|(?<![\w.])[Oo](?=[.,]?\d)")
_LETTER_FOR_ONE = re.compile(r"(?<=\d)[lI](?=\d)|(?<![\w.])(?:l|I(?=\d\d))(?=\d)")


# Letters of Cyrillic and Greek that look like Latin ones, as Unicode's confusables list pairs them: a word that mixes
# them with Latin letters is written to be read as Latin ("tеn", "fоrty tіmеs twо" with Cyrillic е, о, і), and is
# read so; a word all of another script is that script's ("пять", "δέκα")
_LOOK_ALIKE_LETTERS = "аеорсухіјѕԁһԛԝӏАВЕКМНОРСТХУІЈЅαονριкΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"
_LOOK_ALIKE = str.maketrans(_LOOK_ALIKE_LETTERS, "aeopcyxijsdhqwlABEKMHOPCTXYIJSaovpikABEZHIKMNOPTYX")
_ANY_LOOK_ALIKE = re.compile(f"[{_LOOK_ALIKE_LETTERS}]")
_MIXED_WORD = re.compile(r"[^\W\d_]+")
# digits written for letters in a number word ("fourt33n", "n1n37y-31gh7", "73N": 3 for E, 7 for T, 1 for I)
_LEET = str.maketrans("013457", "oieast")
_LEET_WORD = re.compile(r"(?<![\w.])(?=[\w-]*[a-z])(?=[\w-]*\d)[a-z0-9]+(?:-[a-z0-9]+)?(?![\w.]\w)", re.IGNORECASE)


def _as_latin(match: re.Match[str]) -> str:
    word = match.group(0)
    mixed = _ANY_LOOK_ALIKE.search(word) and re.search("[A-Za-z]", word)
    return word.translate(_LOOK_ALIKE) if mixed else word


def _leet_number_word(match: re.Match[str]) -> str:
    word = match.group(0)
    read = word.translate(_LEET)
    parts = read.lower().split("-")
    return read if all(part in ENGLISH_NUMBER_WORDS for part in parts) else word


def visible_digits(text: str) -> str:
    """The text with its hidden digits shown (`_INVISIBLE`, `_LETTER_FOR_ZERO`, `_LETTER_FOR_ONE`), its words that
    mix look-alike letters of another script with Latin ones read as Latin (`_LOOK_ALIKE`), and a number word with
    digits for its letters read as the word (`_LEET`), and dice faces, tally marks and runs of one mark
    (`marked_runs`) as their counts."""
    text = text.translate(_INVISIBLE)
    if _ANY_LOOK_ALIKE.search(text):  # most texts hold none: no word is looked at
        text = _MIXED_WORD.sub(_as_latin, text)
    text = _LEET_WORD.sub(_leet_number_word, text)
    text = _LETTER_FOR_ZERO.sub(lambda match: "0" * len(match.group(0)), text)
    text = _LETTER_FOR_ONE.sub("1", text)
    if COUNTED_MARKS.search(text):  # dice faces and tally marks, counted (round 57): most texts hold none
        marked = [form for form in counted_forms(text) if COUNTED_MARKS.search(form.text)]
        for form in sorted(marked, key=lambda form: form.start, reverse=True):
            text = f"{text[: form.start]}{form.value}{text[form.start + len(form.text) :]}"
    for count, marks, start in reversed(marked_runs(text)):  # "●●● plus ●● is ●●●●●●" (round 66)
        text = f"{text[:start]}{count}{text[start + len(marks) :]}"
    return text


# LaTeX's inline and display maths delimiters (`degenerate.LATEX_DELIMITER`), and its fractions of two numbers
# ("\\(3 \\times 68 = 205\\)", "\\dfrac{480}{3}"): the maths inside read as plain text
_LATEX_FRACTION = re.compile(r"\\[dt]?frac\s*\{\s*(\d[\d.,]*)\s*\}\s*\{\s*(\d[\d.,]*)\s*\}")


# LaTeX's other notations of a number or an operation, as the readers know them (adversary round 71: a claim is a
# claim in any markup, and a number in any notation): an escaped percent sign ("$50\%$"), a whole number before a
# fraction is a mixed number ("20\frac{1}{4}" is 20 1/4, as "20¼" is), sizing commands before brackets ("\left("),
# arrows, "\equiv", "\checkmark" and "\sqrt{N}" (→, ≡, ✓, √N: read as Unicode's are), TeX's "{a \over b}", and a brace
# under or over an operation with its value ("\underbrace{26 + 46}_{72}" says 26 + 46 = 72)
_LATEX_NOTATION = (
    (re.compile(r"\\%"), "%"),
    (re.compile(r"(?<=\d)\s*(?=\\[dt]?frac\s*\{)"), " "),
    (re.compile(r"\\(?:left|right|bigg?|Bigg?)\s*(?=[()\[\]|.])"), ""),
    (re.compile(r"\\(?:Rightarrow|rightarrow|longrightarrow|Longrightarrow|implies|to)\b"), "\u21d2"),
    (re.compile(r"\\equiv\b"), "\u2261"),
    (re.compile(r"\\checkmark\b"), "\u2713"),
    (re.compile(r"\\sqrt\s*\{\s*(\d[\d.,]*)\s*\}"), "\u221a\\1"),
    (re.compile(r"\{\s*(\d[\d.,]*)\s*\\over\s*(\d[\d.,]*)\s*\}"), r"\1/\2"),
    (re.compile(r"\{\s*([^{}]+?)\s*\\over\s*([^{}]+?)\s*\}"), r"(\1)/(\2)"),
    (re.compile(r"\\(?:underbrace|overbrace)\s*\{([^{}]+)\}\s*[_^]\s*\{([^{}]+)\}"), r"\1 = \2"),
)


# "$" is a currency sign only before a number: after one, or before a LaTeX command or brace, it delimits maths
_INLINE_MATH_DOLLAR = re.compile(r"(?<=[\d)}])\$(?![\d$])|(?<!\$)\$(?=[{\\])")


def latex_as_text(text: str) -> str:
    """The text with LaTeX's maths delimiters dropped, its notations of numbers and operations as the readers know them
    (`_LATEX_NOTATION`) and its fractions of two numbers written `a/b`."""
    text = LATEX_DELIMITER.sub("", text)
    if "$" in text:  # a dollar sign that closes inline maths (after a number) or opens it (before a command or brace)
        text = _INLINE_MATH_DOLLAR.sub("", text)
    if "\\" in text:  # most texts hold no LaTeX command
        for notation, written in _LATEX_NOTATION:
            text = notation.sub(written, text)
    return _LATEX_FRACTION.sub(r"\1/\2", text)


# an arrow from a calculation to a bare number says what it comes to ("12 + 12 => 24", "3 × 80 → 240"); between
# steps it means "then" ("3 × 6 = 18 → 18 + 4", "Step 1 → 12 + 3"): an operation before it, a lone number after it
_ARROW_SIGN = r"(?:-+>|=+>|[\u2192\u27f6\u21d2\u27f9\u2794\u279c\u279e\u21a6])"
_ARROW = re.compile(rf"\s*{_ARROW_SIGN}\s*")
_OPERATION_BEFORE_ARROW = re.compile(r"\d\s*(?:[-+×*/÷^]|x\b)\s*[$€£]?\d[\d,]*(?:\.\d+)?\s*$")
_LONE_NUMBER_AFTER_ARROW = re.compile(
    r"[$€£]?\d[\d,]*(?:\.\d+)?(?!\d|[,.]\d|\s*(?:[-+×*/÷=^]|x\b|-+>|=+>|[\u2192\u27f6\u21d2\u27f9]))"
)


# a step written apart from its start and its result: between arrows ("15 → −5 → 13", "15 =>[−5]=> 13"), in brackets
# or after a comma before an arrow ("15 (−5) → 13", "15, −5, → 13"), or as a table's row of a start, a step and a
# result ("| 15 | -5 | 13 |"): the operation and its result (round 55), read as "15 - 5 = 13"
_STEP_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_NUMBER_CELL = rf"\[?\s*{_STEP_NUMBER}\s*\]?"
_STEP = rf"[\[(]?\s*([-+×*/÷^])\s*{_STEP_NUMBER}\s*[\])]?"
_STEP_BETWEEN_ARROWS = re.compile(
    rf"(?<![\w.,]){_NUMBER_CELL}\s*(?:{_ARROW_SIGN}|[,:]|(?=[\[(]))\s*{_STEP}\s*,?\s*{_ARROW_SIGN}\s*{_NUMBER_CELL}"
    r"(?![\d.,]?\d)"
)
_STEP_IN_A_ROW = re.compile(
    rf"(?<![\w.,]){_STEP_NUMBER}\s*[|│¦]\s*([-+×*/÷])\s*{_STEP_NUMBER}\s*[|│¦]\s*{_STEP_NUMBER}(?![\d.,]?\d)"
)


def _steps_as_equations(text: str) -> str:
    """`text` with each step written apart from its start and result (`_STEP_BETWEEN_ARROWS`, `_STEP_IN_A_ROW`) as an
    equation."""
    for step in (_STEP_BETWEEN_ARROWS, _STEP_IN_A_ROW):
        text = step.sub(lambda m: f"{m[1]} {m[2]} {m[3]} = {m[4]}", text)
    return text


def _arrows_as_equals(text: str) -> str:
    """`text` with each arrow from an operation to a lone number written "=" (`_ARROW`)."""

    def written(match: re.Match[str]) -> str:
        to_result = _OPERATION_BEFORE_ARROW.search(text, 0, match.start()) and _LONE_NUMBER_AFTER_ARROW.match(
            text, match.end()
        )
        return " = " if to_result else match.group(0)

    return _ARROW.sub(written, text)


# Unicode's Roman numeral characters ("Ⅹ", "ⅹⅳ"): numbers, written in digits so every reader reads them (round 53)
_ROMAN_CHARACTERS = re.compile("[\u2160-\u2182\u2185-\u2188]+")  # not the reversed C, a letter with no value


def _roman_value(match: re.Match[str]) -> str:
    """A run of them as one numeral: a smaller value before a larger is taken away ("ⅰⅴ" is 4); every value is whole."""
    values = [int(unicodedata.numeric(character)) for character in match.group(0)]
    return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)))


# What NFKC would misread or leave unread (adversary round 67): a fraction glued to its whole ("2½" would become
# "21/2": it is the mixed number 2 1/2, as recipes write it), a number's subscript base ("1010₂" would become 10102:
# it is 1010 in base 2, and "10₁₀" is 10), the numero sign ("№10" would become "No10": it is 10, the sign no
# number), and digits in circles NFKC leaves as they are ("❶⓿" is 10; "⑩" it reads itself)
_VULGAR_FRACTION = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_GLUED_FRACTION = re.compile(rf"(?<=\d)(?=[{_VULGAR_FRACTION}])")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUBSCRIPT_BASE = re.compile(r"(?<=\d)([₀-₉]+)")  # after a digit: "H₂O", "x₁" name no base
_NUMERO = re.compile(r"№\s*(?=\d)")
_ENCIRCLED = re.compile("[\u24eb-\u24ff\u2776-\u2793]")


def _before_nfkc(text: str) -> str:
    """`text` with what NFKC would misread written as what it means (comment above)."""
    if not re.search(rf"[{_VULGAR_FRACTION}₀-₉№\u24eb-\u24ff\u2776-\u2793]", text):
        return text  # most texts hold none
    text = _GLUED_FRACTION.sub(" ", text)
    text = _SUBSCRIPT_BASE.sub(lambda match: f" (base {match.group(1).translate(_SUBSCRIPTS)})", text)
    text = _NUMERO.sub("", text)
    return _ENCIRCLED.sub(lambda match: str(int(unicodedata.numeric(match.group(0)))), text)


@lru_cache(maxsize=8192)  # every reader of arithmetic normalises the same turn again: once (18 times a turn)
def normalise_operators(text: str) -> str:
    """The text with other writings of the operators as `+ - × / =` (Unicode's minus and dots, full-width signs,
    LaTeX's `\\times`, `\\cdot`, `\\div`, its delimiters and fractions, an arrow to a result) and its hidden
    digits shown (`visible_digits`)."""
    text = visible_digits(latex_as_text(text))
    text = _SUPERSCRIPT.sub(lambda match: "^" + match.group(0).translate(_SUPERSCRIPTS), text)
    text = _ROMAN_CHARACTERS.sub(_roman_value, text)  # before NFKC makes "Ⅹ" the letter X, "Ⅻ" the letters XII
    text = _before_nfkc(text)
    text = _DOUBLE_EQUALS.sub("=", unicodedata.normalize("NFKC", text).translate(_OPERATOR_SIGNS))
    text = _arrows_as_equals(_steps_as_equations(text))
    return _LATEX_OPERATOR.sub(lambda match: "÷" if match.group(1) == "div" else "×", text)


# A time of day ("9:30", "11:00") is a point on the clock, not a number to calculate with: "From 9:30 to 11:00 is 90
# minutes" claims no operation of 11, 00 and 90 (adversary round 28). Not in a turn about ratios ("3:45" there is one).
_TIME_OF_DAY = re.compile(
    r"(?<![\d:.,/])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:]|\s*=)"
    # an hour named as one ("11 am", "2 p.m.", "11 o'clock", "2 in the afternoon"), and a day of a month ("December
    # 30", "the 2nd of January"): "from 11 am to 2 pm is 3 hours" claims no operation of 11, 2 and 3 (round 30)
    r"|(?<![\d:.,/])(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:[ap]\.?m\b\.?|o['\u2019]clock\b|in\s+the\s+(?:morning|afternoon"
    r"|evening)\b|at\s+night\b)"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    r"|\b(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?:january|february|march|april|june|july|august"
    r"|september|october|november|december)\b",
    re.IGNORECASE,
)
_ABOUT_RATIOS = re.compile(r"\b(?:ratios?|proportions?|odds)\b", re.IGNORECASE)
# one quantity in two units: "2 hours 40 minutes", "1 hour and 45 minutes", "3 feet 4 inches", "5 dollars and 20 cents"
# (its parts are no operands: "2 hours 40 minutes plus 30 minutes is 3 hours 10 minutes" holds no "40 plus 30 is 3")
_TWO_UNITS = (r"(?:days?\s+(?:and\s+)?\d+(?:\.\d+)?\s*hours?|weeks?\s+(?:and\s+)?\d+\s*days?|years?\s+(?:and\s+)?\d+\s*"
              r"months?|(?:hours?|hrs?|h)\s*,?\s*(?:and\s+)?\d+\s*(?:minutes?|mins?|m)|(?:minutes?|mins?)\s*,?\s*"
              r"(?:and\s+)?\d+\s*(?:seconds?|secs?|s)|(?:feet|foot|ft)\s*,?\s*(?:and\s+)?\d+(?:\.\d+)?\s*(?:inches|inch|in)"
              r"|(?:pounds?|lbs?)\s*,?\s*(?:and\s+)?\d+\s*(?:ounces?|oz)|dollars?\s+and\s+\d+\s*cents?"
              r"|(?:meters?|metres?|m)\s*,?\s*(?:and\s+)?\d+\s*(?:centimeters?|centimetres?|cm))")  # fmt: skip
_COMPOUND_QUANTITY = re.compile(rf"(?<![\w.,])\d+(?:\.\d+)?\s*{_TWO_UNITS}\b", re.IGNORECASE)


# a negative number said in words: "negative 2", and "minus 2" where no number comes before it to subtract from
# ("minus 2 times minus 3 is minus 6", not "12 minus 3")
_SIGN_WORD = re.compile(r"\b(?P<word>negative|minus)\s+(?=\d)", re.IGNORECASE)
# (not after a comma or "and": "4 times 3, minus 5", "15, and minus 5 makes 10" go on subtracting)
_SIGN_BEFORE = re.compile(r"(?:^|[.:;(]|\b(?:times|by|plus|minus|over|of|is|equals|are|was|makes|make|gives|than|to"
                          r"|from|that|at))\s*$", re.IGNORECASE)  # fmt: skip


def _signed(match: re.Match[str]) -> str:
    """A sign word as a minus sign, the same length ("minus 2" is "     -2"); "minus" after a number subtracts."""
    if match["word"].lower() == "minus" and not _SIGN_BEFORE.search(match.string[: match.start()]):
        return match.group(0)
    return " " * (len(match.group(0)) - 1) + "-"


# Arithmetic said in another language with digits: "12 por 5 es 9", "12 plus 5 ist 9", "2 vezes 10 são 4", "100
# plus 5 égale 20" (adversary round 41), "12 keer 5 is 9", "12 gånger 5 är 9"; its words are read as the signs they
# stand for. One pattern per language, so a result word that is English too ("is") goes only with that language's
# own operators ("12 per 5 is 9" is no Dutch, and "3 times 4 plus 2 is 14" is English's to read). As in English
# ("12 plus 3, that makes 16"), the result may follow a comma and a word that points back to the operation, with a
# pronoun the result is given to and a word that stresses it: "12 plus 3, ça nous fait exactement 5", "12 más 3, eso
# da justo 5", "12 plus 3, das macht genau 5" (adversary round 73).
_FOREIGN_ARITHMETIC = {
    "Romance": (
        {"+": ("más", "mas", "mais", "più", "plus", "y", "e", "et"), "-": ("menos", "moins", "meno", "minus"),
         "×": ("por", "vezes", "fois", "per"),
         "÷": ("dividido por", "dividido entre", "divisé par", "diviso per", "diviso")},
        "es igual a|é igual a|è uguale a|est égal à|igual a|égale|égal à|es|son|égalent|est|font|fait|é|são|dá|dão|dà"
        "|fa|fanno|vale|valen|è|donne|donnent|da|dan|danno",
        "ça|cela|ceci|ce qui|eso|esto|lo que|isso|isto|o que|questo|ciò|il che",
        "nous|vous|te|me|nos|te|ci|ti|mi",
        "exactement|précisément|bien|juste|pile|exactamente|justo|justamente|precisamente|exatamente|esattamente"
        "|proprio|giusto",
    ),
    "German": ({"+": ("plus", "und"), "-": ("minus", "weniger"), "×": ("mal",), "÷": ("geteilt durch", "durch")},
               "ist gleich|gleich|ist|sind|macht|machen|ergibt|ergeben|gibt|geben", "das|es", "uns|dir|euch",
               "genau|exakt"),
    "Dutch": ({"+": ("en",), "-": ("min",), "×": ("keer", "maal"), "÷": ("gedeeld door",)},
              "is gelijk aan|gelijk aan|is|zijn|maakt|geeft", "dat|het", "ons|je", "precies|exact"),
    "Nordic": ({"+": ("plus", "og", "och"), "-": ("minus",), "×": ("gånger", "gange", "ganger"),
                "÷": ("delat med", "delt med", "delt på")},
               "er lig med|är lika med|er lik|blir|bliver|är|er|ger|gir|giver", "det|dette", "oss|os|dig|deg",
               "precis|præcis|nøyaktig|nøjagtig|akkurat|exakt|eksakt"),
}  # fmt: skip
_FOREIGN_OPERATIONS = [
    (
        re.compile(
            rf"(?<![\w.,])(?P<a>{_NUM})\s+(?P<op>{'|'.join(word for words in operators.values() for word in words)})"
            rf"\s+(?P<b>{_NUM})(?P<is>\s*,?\s+(?:(?:{pointers})\s+)?(?:(?:{pronouns})\s+)?(?:{results})"
            rf"(?:\s+(?:{stresses}))?)\s+(?P<r>{_NUM})(?![\w,]|\.\d)",
            re.IGNORECASE,
        ),
        {word: sign for sign, words in operators.items() for word in words},
    )
    for operators, results, pointers, pronouns, stresses in _FOREIGN_ARITHMETIC.values()
]


def _in_signs(text: str) -> str:
    """Operations said in another language written with their signs, each padded to its own length ("12 por 5 es 9"
    -> "12 ×   5 =  9")."""
    for operation, sign_of in _FOREIGN_OPERATIONS:

        def signed(match: re.Match[str], sign_of: dict[str, str] = sign_of) -> str:
            written, start = match.group(0), match.start()
            for group, sign in (("is", " ="), ("op", sign_of[match["op"].lower()])):
                at, end = match.start(group) - start, match.end(group) - start
                written = written[:at] + sign.ljust(end - at) + written[end:]
            return written

        text = operation.sub(signed, text)
    return text


# A table row of cells ("| 12 | + | 5 | = | 9 |", "| 400 × 3 | 2400 |"): its bars are spaces, and the bar between an
# operation and a lone number is "=" (adversary round 41)
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_OPERATION_CELL_THEN_NUMBER = re.compile(rf"(?<=\d)(\s*)\|(?=\s*{_NUM}\s*\|?\s*$)")
# A column sum: numbers one under another, the last with its sign, a rule, the result ("  10\n× 40\n----\n   3")
_COLUMN = re.compile(
    rf"(?m)^[ \t]*{_NUM}[ \t]*\n(?:[ \t]*[-+×x*][ \t]*{_NUM}[ \t]*\n)*[ \t]*(?P<sign>[-+×x*])?[ \t]*{_NUM}[ \t]*\n"
    rf"[ \t]*(?P<rule>[-_=]{{2,}})[ \t]*\n[ \t]*{_NUM}[ \t]*$"
)


def _laid_out(text: str) -> str:
    """`text` with arithmetic laid out in a table or a column written inline, the same length: a table row's bars
    as spaces (the bar from an operation to a lone number as "="), a column's lines joined and its rule as "="
    (no sign: a sum)."""

    def row(match: re.Match[str]) -> str:
        line = match.group(0)
        cells = line.strip().strip("|")
        if re.fullmatch(rf"\s*[^|]*\d[^|]*[-+×x*/÷]\s*{_NUM}\s*\|\s*{_NUM}\s*", cells):
            line = _OPERATION_CELL_THEN_NUMBER.sub(lambda bar: bar.group(1) + "=", line, count=1)
        return line.replace("|", " ")

    def column(match: re.Match[str]) -> str:
        block = match.group(0)
        rule_at, rule_end = match.start("rule") - match.start(), match.end("rule") - match.start()
        signed = re.search(r"\n[ \t]*[-+×x*]", block[:rule_at])
        block = block[:rule_at] + "=".ljust(rule_end - rule_at) + block[rule_end:]
        if not signed:
            first_break = block.index("\n")
            block = block[:first_break] + "+" + block[first_break + 1 :]  # no sign written: a column sum
        return block.replace("\n", " ")

    return _COLUMN.sub(column, _TABLE_ROW.sub(row, _machine_results(text)))


# An operation and its value as code, a console or data give them (adversary round 69: an expression and its value
# are a claim in any format): a comment after the code ("total = 12 + 3  # 15"), a console's next line (">>> 12 + 3"
# then "15"; "In [1]:" and "Out[1]:"), a data record's field of the result ('"step": "12 + 3", "value": 15'), what a
# formula shows ("Type =(12+3) in a cell and it shows 15"). Each is rewritten as "=", the same length.
_RESULT_FIELD = r"(?:value|result|answer|total|output|equals|sum|product|difference|quotient|res|out)"
_MACHINE_RESULT = re.compile(
    rf"(?m)(?P<comment>{_EXPRESSION})[ \t]*(?P<c_gap>#|//)[ \t]*(?:=|->|→|=>)?[ \t]*(?=-?{_NUM}[ \t]*$)"
    rf"|^(?P<prompt>[ \t]*(?:>>>|In\s*\[\d*\]:)[ \t]*)(?P<console>{_EXPRESSION})(?P<p_gap>[ \t]*\n[ \t]*"
    rf"(?:Out\s*\[\d*\]:[ \t]*)?)(?=-?{_NUM}[ \t]*$)"
    rf"|(?P<quote>\")(?P<field>{_EXPRESSION})(?P<f_gap>\"\s*,\s*\"{_RESULT_FIELD}\"\s*:\s*\"?)(?=-?{_NUM})"
    rf"|(?<=\s)=(?P<formula>\(?{_EXPRESSION}\)?)(?P<s_gap>[^.!?\n=]{{0,40}}?\b(?:it|this|that|which|the\s+cell)\s+"
    rf"(?:shows|displays|returns|outputs|prints|reads)\s+)(?=-?{_NUM})",
    re.IGNORECASE,
)


def _machine_results(text: str) -> str:
    """`text` with each `_MACHINE_RESULT` written as an equation, the same length."""

    def as_equation(match: re.Match[str]) -> str:
        expression = next(name for name in ("comment", "console", "field", "formula") if match[name])
        if not has_operation(match[expression]):
            return match.group(0)
        gap = next(name for name in ("c_gap", "p_gap", "f_gap", "s_gap") if match[name] is not None)
        start, end = match.start(gap) - match.start(), match.end(gap) - match.start()
        whole = match.group(0)
        whole = whole[:start] + "=".ljust(end - start) + whole[end:]
        for blanked in ("prompt", "quote"):
            if match[blanked]:
                at, until = match.start(blanked) - match.start(), match.end(blanked) - match.start()
                whole = whole[:at] + " " * (until - at) + whole[until:]
        return whole

    return _MACHINE_RESULT.sub(as_equation, text)


@lru_cache(maxsize=8192)  # read by each arithmetic reader of the same turn (16 times a turn, on the battery): once
def _arithmetic_text(text: str) -> str:
    """The text as the arithmetic readers read it: operators normalised (`normalise_operators`), arithmetic laid out
    in a table or column or said in another language written inline (`_laid_out`, `_FOREIGN_ARITHMETIC`), negative
    numbers in words signed (`_SIGN_WORD`), and its times of day, days of a month and quantities in two units blanked
    (`_TIME_OF_DAY`, `_COMPOUND_QUANTITY`), the unit of a sum of like terms too (`like_terms_as_numbers`; all the
    same length, so offsets hold)."""
    text = _in_signs(_laid_out(normalise_operators(text)))
    text = _CODE_AROUND.sub(lambda match: " " * len(match.group(0)), text)
    text = _COMPOUND_QUANTITY.sub(lambda match: " " * len(match.group(0)), text)
    text = _SIGN_WORD.sub(_signed, text)
    if not _ABOUT_RATIOS.search(text):
        text = _TIME_OF_DAY.sub(lambda match: " " * len(match.group(0)), text)
    return like_terms_as_numbers(text)


# what code puts around arithmetic, blanked so the arithmetic reads as written: backticks, a call that prints or
# evaluates it ("print(2+1)", "eval(100 + 86)"), a spreadsheet formula's "=" ("the cell =40*2") (round 53)
_CODE_AROUND = re.compile(
    r"`|\b(?:print|eval|console\.log|calc|calculate)\((?=[^()]*\d[^()]*\))|(?<=\d)\)(?=[\s`]*(?:returns?|prints?|outputs?"
    r"|displays?|shows?|gives?|evaluates?)\b)|(?<=\s)=(?=\(?\d[\d.]*\s*[-+*/x×÷^])"
)


# terms with the same unit added or taken away: "40 minutes + 100 minutes + 20 minutes", "36 hot dogs - 18 hot dogs",
# the unit glued on too, and the result's ("200GB + 40GB = 250GB") (LLM tutors write sums so); not "x" (an unknown:
# "3 x + 2 x")
_LIKE_TERMS = re.compile(
    rf"(?<![\w.,]){_NUM}\s*(?P<unit>(?!x\b)[a-z]+(?:\s+[a-z]+)?)(?:\s*[-+]\s*{_NUM}\s*(?P=unit)\b)+"
    # and a running total's next links in the same unit ("= 15 spoons - 5 spoons = 10 spoons": round 70)
    rf"(?:\s*=\s*{_NUM}\s*(?P=unit)\b(?:\s*[-+]\s*{_NUM}\s*(?P=unit)\b)*)*",
    re.IGNORECASE,
)


def like_terms_as_numbers(text: str) -> str:
    """The text with the unit of each term of a sum of like terms blanked ("40 minutes + 100 minutes" reads as
    "40         + 100        "; the same length, so offsets hold): the sum is of the numbers, in that unit."""

    def blanked(match: re.Match[str]) -> str:
        unit = re.compile(rf"(?<=\d\s){re.escape(match['unit'])}\b|(?<=\d){re.escape(match['unit'])}\b", re.IGNORECASE)
        return unit.sub(lambda word: " " * len(word.group(0)), match.group(0))

    return _LIKE_TERMS.sub(blanked, text)


def has_operation(expression: str) -> bool:
    return bool(re.search(rf"{_NUM}\)?{_OP}\(?\s*-?{_NUM}|[\d)]\s*\(\s*-?\d", expression))  # "2(4)", "(-2)(-3)"


def evaluate(expression: str) -> Fraction | None:
    python = re.sub(r"[$€£,]", "", expression)
    python = re.sub(r"(\d+(?:\.\d+)?)%", r"(\1/100)", python)
    python = re.sub(r"[x×]", "*", python).replace("÷", "/").replace("^", "**")
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
    if percent := re.search(r"(?:\.(\d+))?%\s*$", written_text):
        decimals = len(percent.group(1) or "") + 2  # "1/3 = 33%" is rounded to the percent written
        return abs(exact - written) <= Fraction(1, 2 * 10**decimals)
    match = re.search(r"\.(\d+)\s*$", written_text)
    if match is None:
        return False  # a whole number must be exact
    decimals = len(match.group(1))
    # or what a computer's binary fractions print for it: "0.1 + 0.2" prints 0.30000000000000004
    float_noise = decimals >= 15 and abs(exact - written) <= abs(exact) * Fraction(1, 10**14)
    return abs(exact - written) <= Fraction(1, 2 * 10**decimals) or float_noise


# --- operations said in words: a grammar ------------------------------------------------------------------------
# Measured on real turns, before -> after this grammar: MRBench dev (815 labelled responses) turns with a claim
# 54 -> 72, MathDial dev (2,311 teacher turns) 115 -> 117; of the 21 turns that gained one, none is marked wrong
# (every new claim read by hand: right, or the student's work quoted). BEA 2025 test and MathTutorBench bridge teacher
# turns (3,684, unlabelled): 7 gain a claim, 1 wrong (a Phi-3 reply cut off mid-number: "... 12 by 17 is 20").

# An operand: digits or English number words, or "a dozen", standing alone (not inside "tenth", "3/4" or "2,000").
_N = rf"(?<![\w.])(?:{_SPOKEN}|a dozen)(?![\w/]|[.,]\d)"
_SIGNED_N = rf"{_SIGN}{_N}"
# what two numbers have in common: the least common multiple or denominator, the greatest common factor
_COMMON_NOUNS = (r"(?:least|lowest|smallest)\s+common\s+(?:multiple|denominator)|(?:greatest|highest|largest)\s+common"
                 r"\s+(?:factor|divisor)|lcm|lcd|gcd|gcf|hcf")  # fmt: skip
_SCALE = {"doubl": Fraction(2), "tripl": Fraction(3), "quadrupl": Fraction(4), "halv": Fraction(1, 2)}
_AS_MANY_AS = {"twice": Fraction(2), "double": Fraction(2), "triple": Fraction(3), "thrice": Fraction(3),
               "half": Fraction(1, 2)}  # fmt: skip
_PARTS = {"a half": Fraction(1, 2), "one half": Fraction(1, 2), "a third": Fraction(1, 3), "one third": Fraction(1, 3),
          "a quarter": Fraction(1, 4), "one quarter": Fraction(1, 4), "a fourth": Fraction(1, 4),
          "one fourth": Fraction(1, 4), "a fifth": Fraction(1, 5), "one fifth": Fraction(1, 5),
          "a tenth": Fraction(1, 10), "one tenth": Fraction(1, 10), "two thirds": Fraction(2, 3),
          "three quarters": Fraction(3, 4), "three fourths": Fraction(3, 4)}  # fmt: skip
_PART_WORDS = "|".join(word.replace(" ", r"\s+") for word in _PARTS)
_ORDINALS = {"third": 3, "fourth": 4, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
             "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100}  # fmt: skip
_ORDINAL_WORDS = "|".join(_ORDINALS)
# what a grouping counts in: "12 lots of 5", "3 packs of 4 pens"
_GROUPS = (
    r"(?:groups?|lots?|sets?|packs?|packets?|bags?|boxe?s|box|rows?|columns?|piles?|stacks?|bundles?|batch(?:es)?"
    r"|baskets?|crates?|cartons?|trays?|bunch(?:es)?|jars?|buckets?|teams?|shel(?:f|ves)|plates?)"
)
# The operation, named by a verb before its operands: "multiply 12 by 5", "take 5 away from 12", "doubling 12".
# An operand after a verb may take an article: "adding the 12 to the 5", "add another 5 to 12".
_VERB_PHRASES = {
    "multiply": rf"(?:multiply|multiplying|multiplied)\s+{_NAMED}(?P<a>{_N})\s+(?:by|and|times|with)\s+{_NAMED}"
                rf"(?P<b>{_N})",
    "divide": rf"(?:divide|dividing|divided)\s+{_NAMED}(?P<a>{_N})\s+by\s+{_NAMED}(?P<b>{_N})",
    "add": rf"(?:add|adding|added|combine|combining|combined)\s+{_NAMED}(?P<a>{_N})\s+(?:to|onto|and|plus|with)\s+"
           rf"{_NAMED}(?P<b>{_N})",
    "take from": rf"(?:subtract|subtracting|subtracted|take|taking|took|remove|removing|removed)\s+(?:away\s+)?{_NAMED}"
                 rf"(?P<a>{_N})\s+"
                 rf"(?:away\s+)?from\s+{_NAMED}(?P<b>{_N})",
    "scale": rf"(?P<verb>(?:doubl|tripl|quadrupl)(?:e|es|ing|ed)|halv(?:e|es|ing|ed))\s+(?P<a>{_N})",
    # a change by an amount, not by a percent: "increase 40 by 10", "reducing 40 by 10" ("by 10%" is `_results`')
    "change by": rf"(?P<verb>(?:increas|rais|decreas|reduc)(?:e|es|ing|ed)|lower(?:s|ing|ed)?)\s+{_NAMED}(?P<a>{_N})"
                 rf"\s+by\s+(?P<b>{_N})(?!\s*(?:%|percent|per\s+cent|times)\b|\s*%)",
    # a start and a count on or back from it: "start at 157 and count on three more", "begin at 170 and go down by
    # ten", "start from 167 and remove 7" (adversary round 31)
    # (round 50: from a number with its unit, "From the 3 yards, step up 95", "Take the 3 yards, knock off 9")
    # on a number line too: "Start at 12 on the number line and jump forward 3" (adversary round 70)
    "count on": rf"(?:(?:start|begin)\w*\s+(?:at|from|with|on)|from|take)\s+{_NAMED}(?P<a>{_N})"
                rf"(?P<unit_a>(?:\s+[a-z]+){{0,4}}?)\s*,?\s+(?:and\s+)?(?:then\s+)?(?P<verb>count(?:\s+(?:on|up|forward))?|go\s+up|move\s+up|step\s+up|add|put"
                rf"|go\s+down|move\s+down|step\s+down|count\s+(?:back|down|backwards?)|remove|take\s+away|take\s+off"
                rf"|knock\s+off|subtract|(?:jump|hop|skip|move|step|go)\s+(?:forwards?|ahead|on|right|back|backwards?|left))"
                rf"\s+(?:by\s+)?(?:another\s+)?(?P<b>{_N})",
    # an amount past a number, or before it: "Go 95 past the 3 yards", "Stop 9 before the 3 yards" (round 50)
    "past": rf"(?P<verb>go|stop|land)\s+(?P<b>{_N})\s+(?P<way>past|beyond|after|before|short\s+of)\s+{_NAMED}"
            rf"(?P<a>{_N})",
    "knock off": rf"(?:knock|chop|cut|take)\w*\s+{_NAMED}(?P<b>{_N})\s+off\s+(?:of\s+)?{_NAMED}(?P<a>{_N})",
}  # fmt: skip
# The operation after its first operand, a noun for it, a fraction of a number, or groups of a number.
_OTHER_PHRASES = {
    "scaled": rf"(?P<a>{_N})(?:,(?=\s+\w+,))?\s+(?P<verb>doubled|tripled|quadrupled|halved)",  # "36, doubled, gives"
    "taken from": rf"(?P<a>{_N})\s+(?:subtracted|taken away|taken)\s+from\s+(?P<b>{_N})",
    "together": rf"(?P<a>{_N})\s+and\s+(?P<b>{_N})\s+(?P<verb>added|multiplied)(?:\s+together)?",
    "than": rf"(?P<a>{_N})\s+(?P<verb>more|fewer|less)\s+than\s+{_NAMED}"
            rf"(?P<b>{_N})",
    # a gap below or above a number: "40 below the 200", "40 short of the 200" (adversary round 40), "one up from 39",
    # and steps on a number line, "a notch above 15", "one step past 15" (round 65: an offset is an operation); a
    # bare number before "past", "after" or "before" is a time ("10 past 6")
    "gap from": rf"(?:(?P<a>{_N})\s+(?P<verb>below|short\s+of|above|up\s+from|down\s+from|beyond)"
                rf"|(?P<steps>a\s+notch|a\s+step|a\s+single\s+one|(?P<count>{_N})\s+steps?)\s+"
                rf"(?P<verb2>below|short\s+of|above|up\s+from|down\s+from|beyond|past|after|before|over|under))"
                rf"\s+(?:(?:your|the|that|this)\s+)?(?P<b>{_N})",
    # one number and another on top: "90 and 8 more", "90 with another 8", "90 spoons plus an extra 8"
    "and more": rf"(?P<a>{_N})(?:\s+[a-z]+)?\s+(?:and|with|plus)\s+(?:then\s+)?(?:(?:another|an\s+extra|a\s+further)"
                rf"\s+(?P<b>{_N})|(?P<b2>{_N})\s+(?:more|extra|on\s+top))",
    # the number next to another: "the number right before 99", "the whole number that follows 97", "the successor
    # of 159"
    "next": rf"the\s+(?:whole\s+)?(?:number|one)\s+(?:(?:that|which)\s+)?(?:comes\s+|coming\s+)?(?:right\s+|just\s+|"
            rf"immediately\s+|directly\s+)?(?P<verb>before|after|follows|precedes)\s+(?P<a>{_N})"
            rf"|the\s+(?:immediate\s+)?(?P<verb2>successor|predecessor)\s+of\s+(?P<a2>{_N})"
            # "just after 15", "right before 20": the neighbour with no noun (round 65), not a time ("just after 3 pm")
            rf"|\b(?:right|just|immediately|directly)\s+(?P<verb3>before|after)\s+(?P<a3>{_N})"
            r"(?!\s*(?:am|pm|a\.m|p\.m|o'clock)\b)",
    "times as many": rf"(?P<a>{_N})\s+times\s+as\s+(?:many|much)\s+as\s+(?P<b>{_N})",
    # a multiple said as a word before "as many as": "twice as many as 12", "half as much as 30"
    "as many as": rf"(?P<verb>twice|double|triple|thrice|half)\s+as\s+(?:many|much)\s+as\s+(?P<a>{_N})",
    "taken off": rf"(?P<b>{_N})\s+with\s+(?:the\s+)?(?P<a>{_N})\s+(?:taken|knocked|chopped|cut|subtracted)\s+"
                 r"(?:off|away|out)",
    # what is left of a number once another is gone: "what's left of 13 after the 11", "13 once the 11 are gone"
    "left of": rf"(?:what's|what is)\s+left\s+(?:of|from)\s+(?:the\s+)?(?P<b>{_N})\s+(?:after|once|when)\s+"
               rf"(?:(?:you\s+)?(?:take|taking)\s+(?:away\s+)?)?(?:the\s+)?(?P<a>{_N})",
    "once gone": rf"(?P<b>{_N})\s+once\s+(?:the\s+)?(?P<a>{_N})\s+(?:\w+\s+)?(?:are|is|have been|has been)\s+"
                 r"(?:gone|taken away|taken off|removed|used up|spent|sold)",
    # so many times another, said after it: "55, 6 times over"; a division said as fitting: "how many 4s fit in 20"
    "times over": rf"(?P<b>{_N}),?\s+(?P<a>{_N})\s+times\s+over",
    "fit in": rf"how\s+many\s+(?P<b>\d+(?:\.\d+)?)'?s\s+(?:fit|go)\s+(?:in|into)\s+(?P<a>{_N})",
    "noun": rf"the\s+(?P<noun>sum|total|product|difference|quotient|average|mean|{_COMMON_NOUNS})\s+(?:of|between)\s+"
            rf"(?P<a>{_SIGNED_N}(?:\s*,\s*{_SIGNED_N})*),?\s+and\s+(?P<b>{_SIGNED_N})",
    "part": rf"(?P<part>{_PART_WORDS})\s+of\s+{_NAMED}(?P<a>{_N})",
    "groups": rf"(?P<a>{_N})\s+{_GROUPS}\s+of\s+(?P<b>{_N})(?:\s+(?P<items>(?!(?:is|are|and|makes?|gives?|equals|"
              r"to|so|which|that|leaves|would|will)\b)[a-z]+))?",
    # a share: "36 split 3 ways", "40 shared 4 ways"
    "ways": rf"(?P<a>{_N})\s+(?:split|shared|divided|cut)\s+(?:equally\s+|evenly\s+)?(?P<b>{_N})\s+ways",
    # a fraction of a number, its denominator an ordinal: "one 4th of 40", "a sixth of 36", "2 fifths of 50"
    "fraction of": rf"(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|\d+)\s+"
                   rf"(?P<ordinal>\d+(?:st|nd|rd|th)|{_ORDINAL_WORDS})s?\s+of\s+{_NAMED}(?P<a>{_N})",
    # a fraction in digits of a number: "4/5 of 200", "3/4 of the 120"
    "digits of": rf"(?<![\d/.])(?P<num>\d+)\s*/\s*(?P<den>\d+)\s+of\s+{_NAMED}(?P<a>{_N})",
    # "the square root of 144", "the root of 144", "√144", "√(144)", "sqrt(144)", "root 144"
    "root": rf"(?:(?:the\s+)?(?:square\s+)?root\s+of\s+|√\s*\(?\s*|sqrt\s*\(\s*|\broot\s+)(?P<a>{_N})(?:\s*\))?",
    # so many of a number: "five threes", "two 4s", "3 dozen"
    "multiples": rf"(?P<a>{_N})\s+(?P<b>twos|threes|fours|fives|sixes|sevens|eights|nines|tens|elevens|twelves|"
                 r"dozens?|\d+'?s)(?![\w'])",
    "power": rf"(?P<a>{_N})\s+(?P<verb>squared|cubed)",
    # a power by its exponent: "2 to the power of 5", "3 raised to the 3rd power" (adversary round 31)
    "to the power": rf"(?P<a>{_N})\s+(?:raised\s+)?to\s+the\s+(?:power\s+of\s+(?P<b>{_N})|(?P<b2>\d+)(?:st|nd|rd|th)"
                    r"\s+power)",
    # a multiple said as a comparison: "four times bigger than 203" (4 x 203; some read 5 x 203, `_ALSO_RIGHT`)
    "times bigger": rf"(?P<a>{_N})\s+times\s+(?:bigger|larger|greater|more|higher|longer|heavier|taller|older)\s+than"
                    rf"\s+(?:(?:your|the|that|this)\s+)?(?P<b>{_N})",
    # a percent more or less than a number: "25% more than 128"
    "percent than": rf"(?P<a>{_N})\s*(?:%|percent\b|per\s+cent\b)\s*(?P<verb>more|less|fewer|bigger|smaller|higher"
                    rf"|lower|greater)\s+than\s+(?:(?:your|the|that|this)\s+)?(?P<b>{_N})",
    # the size of a change between two numbers: "the increase from 7 to 167", "the drop going from 50 to 20"
    "change from": rf"the\s+(?:increase|decrease|rise|drop|fall|jump|gain|loss|change|difference|growth|gap)\s+"
                   rf"(?:(?:when\s+)?(?:going|moving)\s+)?from\s+(?P<a>{_N})\s+to\s+(?P<b>{_N})",
    # a fair share, and what so many cost at a unit price: "what each pays if 2 people share 90 dollars equally",
    # "what 5 of them cost at 9 each"
    "share": rf"(?:what\s+each\s+(?:one\s+|person\s+)?(?:pays|gets|has|receives|owes)\s+(?:if|when)\s+)?(?P<b>{_N})"
             rf"\s+(?:[a-z]+\s+){{0,2}}?(?:share|split)\s+(?:the\s+)?(?P<a>{_N})(?:\s+[a-z]+)?\s+(?:equally|evenly)",
    "cost at": rf"(?:what\s+)?(?P<a>{_N})\s+(?:of\s+them|[a-z]+)\s+(?:would\s+|will\s+)?cost\s+at\s+(?P<b>{_N})"
               rf"(?:\s+[a-z]+)?\s+(?:each|apiece|a\s+piece)",
    # the steps of a count between two numbers: "counting up from 40 to 60", "the number of steps counting on from 5 to
    # 165"
    "count from": rf"(?:the\s+number\s+of\s+(?:steps|jumps|numbers|counts)\s+(?:when\s+|by\s+|in\s+)?)?"
                  rf"count(?:ing|s)?\s+(?:up\s+|down\s+|on\s+|back\s+)?from\s+(?P<a>{_N})\s+(?:up\s+|down\s+)?"
                  rf"to\s+(?P<b>{_N})",
}  # fmt: skip
# the phrase families whose value is the product of their two numbers
_PRODUCTS = ("multiply", "groups", "times as many", "multiples", "times over", "times bigger", "cost at")
# a second reading some people give a phrase, also right: "4 times bigger than 203" as 5 x 203
_ALSO_RIGHT = {"times bigger": lambda a, b: (a + 1) * b}
# the phrases `spoken_expressions` reads without a result (the others, read with one, are claims' alone)
_EXPRESSION_PHRASES = ("scaled", "taken from", "than", "gap from", "times as many", "as many as", "taken off",
                       "left of", "once gone", "times over", "fit in", "noun", "part", "ways", "fraction of",
                       "digits of", "root", "power", "and more", "next", "multiples", "times bigger", "percent than",
                       "change from", "count from", "share", "cost at", "to the power")  # fmt: skip
_SUBJECT = r"(?:you|we|I|they)(?:'ll|'d)?\s+(?:(?:will|would|should|can|could)\s+)?"
_GET = r"(?:get|got|have|had|end up with|ended up with|are left with|were left with|be left with)"
# What joins an operation to its result: "is", "gives", "and you get", "to get", ", which leaves", "=", ", so"
# ("15 and 5 more, so 16 in all": adversary round 64).
_THEN = (
    # after a comma, or a colon or dash before where it lands ("jump forward 3: you land on 15": round 70)
    r"(?:(?:\s*[,:\u2013\u2014])?\s+(?:(?:and|so)\s+)?"
    rf"(?:{_SUBJECT}{_GET}|{_GET}|so{_SO_RESULT.format(n=_N)}|to\s+(?:get|make|give)"
    r"|(?:(?:altogether|in total),?\s+)?(?:which|that|this)"
    r"(?:'s|\s+(?:is|gives|makes|equals|leaves|comes to|adds up to))"
    r"(?:\s+(?:you|us))?|(?:is|are|equals|is equal to|makes|make|gives|give|gave|comes to|come to|adds up to|add up to"
    r"|will be|would be|should be"
    r"|results in|yields|giving|making|leaves|leaving)(?:\s+(?:you|us))?(?:\s+with)?|(?:and\s+)?(?:(?:you|we)\s+)?"
    rf"{_ARRIVES}|(?:you|we)(?:'re|\s+are)\s+left\s+with)"
    r"(?:\s+(?:actually|indeed|really|exactly|just|only|still))?\s+|\s*=\s*)"  # "is actually 12"
)
# A result that is only part of what is said: "is 12 more than", "gives 2 remainder 1", "is 3 quarters", "is 50%".
_AFTER_RESULT = (
    r"(?!\s*(?:[-+*/×÷%^]|x\b|(?:percent|plus|minus|times|divided|multiplied|over|more|less|fewer|than|remainder|r"
    r"|dozens?|quarters?|thirds?|halves|half|fourths?|fifths?|sixths?|eighths?|tenths?|hundredths?|squared|cubed)\b))"
)
_RESULT = rf"(?P<result>{_N}){_AFTER_RESULT}(?:\s+(?P<after>[a-z]+))?"
# an operand already inside a larger calculation ("half of 3 groups of 4", "2 packs of 3 and 3 packs of 4")
_OPERAND_BEFORE = re.compile(
    r"(?:[-+*/×÷=(]|(?<![a-z])x|\b(?:of|plus|minus|times|by|over|less|more|than|and|to|from|with|per|add|subtract"
    r"|multiply|divide|twice|half|double|triple))\s*,?\s*$",
    re.IGNORECASE,
)
_PHRASE_BEFORE = re.compile(r"(?:[-+*/×÷=(]|(?<![a-z])x|\b(?:of|plus|minus|times|by|over|than|twice|double|half|"
                            r"triple))\s*$", re.IGNORECASE)  # fmt: skip
# B's last operand followed by more arithmetic: "when you multiply 12 by 5 and add 3" is not 12 x 5
_MORE_ARITHMETIC = r"(?!\s*(?:[-+*/×÷=]|x\b|(?:plus|minus|times|over|and|then)\b))"
_PHRASE_EXPRESSIONS = {name: re.compile(rf"(?<![\w.]){_OTHER_PHRASES[name]}(?![\w/])", re.IGNORECASE)
                       for name in _EXPRESSION_PHRASES}  # fmt: skip
# an operation said by its verb, its result left to the reader: "add 24 to 21", "multiply 9 by 5", "halve 90"
_VERB_EXPRESSIONS = {name: re.compile(rf"\b{phrase}(?![\w/])", re.IGNORECASE) for name, phrase in _VERB_PHRASES.items()}
# "6 and 4 together", "six and four added together"
_TOGETHER_EXPRESSION = re.compile(
    rf"(?<![\w.])(?P<a>{_N})\s+and\s+(?P<b>{_N})\s+(?:(?P<verb>added|multiplied)\s+)?together\b", re.IGNORECASE
)
# "12 lots of 5", and groups of another name summed: "2 bunches of 13 in total" (round 42); not "3 packs of 4 pens"
# or "3 boxes of 4" (so many of a thing)
_IN_TOTAL = r"(?:in\s+total|in\s+all|altogether)\b"
_GROUPS_EXPRESSION = re.compile(
    rf"(?P<a>{_N})\s+(?=(?:lots?|groups?)\s|{_GROUPS}\s+of\s+{_N}\s+{_IN_TOTAL}){_GROUPS}\s+of\s+(?P<b>{_N})"
    rf"(?!\s*(?!{_IN_TOTAL})[a-z%])",
    re.IGNORECASE,
)
_SAID_AFTER = {
    name: re.compile(rf"{phrase}{_THEN}{_RESULT}", re.IGNORECASE)
    for name, phrase in {**_VERB_PHRASES, **_OTHER_PHRASES}.items()
}
# The result first, then the phrase that makes it: "600 is three times as much as 203", "54 is the product of 7 and 8",
# "10 is 25% more than 11" (`_RESULT_FIRST` reads the operations in symbols or words, "60 is 12 times 5").
_SAID_FIRST = {
    name: re.compile(
        rf"(?<![\w.])(?P<result>{_N})(?:\s+[a-z]+)?\s+(?:is|are|was|were|equals|makes)\s+"
        rf"(?:(?:just|exactly|actually|really)\s+)?{_OTHER_PHRASES[name]}(?![\w/])",
        re.IGNORECASE,
    )
    for name in ("times as many", "as many as", "times bigger", "percent than", "change from", "noun", "multiples")
}


def _for_each_verb_phrase(pattern: str) -> dict[str, re.Pattern[str]]:
    """`pattern` compiled with each operation said by its verb (`_VERB_PHRASES`) in place of its "PHRASE"."""
    phrases = _VERB_PHRASES.items()
    return {name: re.compile(pattern.replace("PHRASE", phrase), re.IGNORECASE) for name, phrase in phrases}


# The result first: "we get 59 when we multiply 12 by 5", "you have 8 after taking 5 away from 12".
_SAID_BEFORE = _for_each_verb_phrase(
    rf"(?<![\w']){_SUBJECT}{_GET}\s+(?P<result>{_N})(?:\s+[a-z]+)?\s+(?:when|if|once|after|by)\s+"
    rf"(?:(?:you|we|I|they)\s+)?PHRASE{_MORE_ARITHMETIC}"
)
# The result as what remains: "Take 2 away from 8 and 6 remain." (adversary round 42)
_SAID_AS_LEFT = _for_each_verb_phrase(
    rf"\bPHRASE,?\s+(?:and|so)\s+(?P<result>{_N})(?:\s+[a-z]+)?\s+(?:remains?|are\s+left|is\s+left|stay|are\s+over"
    r"|is\s+over)\b"
)
# Arithmetic asked, then answered in the next sentence: "What is 12 x 5? It is 59." "12 x 5? That's 59."
_ASKED = re.compile(r"^\W*(?:(?:so|now|and|then|ok(?:ay)?|well|next)[,\s]+)?(?P<what>(?:what|how much)\b)?",
                    re.IGNORECASE)  # fmt: skip
_ASKED_END = r"(?:\s+(?:equal|equals|make|makes|give|gives|come to))?\s*\?\s*$"
_ANSWERED = re.compile(
    r"^\s*(?:(?P<lead>(?:it|that|this)(?:'s|\s+is|\s+equals|\s+makes|\s+gives(?:\s+(?:you|us))?|\s+would be"
    rf"|\s+will be|\s+comes to)|the answer is|(?:you|we)\s+get)\s+)?{_RESULT}(?P<rest>[^?]*)\??\s*$",
    re.IGNORECASE,
)
# "you multiplied 12 by 5 and got 59": the tutor tells what the student did; not a supposition's "you" ("If you had 15
# and used 5, that's 11 left": the tutor's own story, adversary round 64)
_YOU_DID = re.compile(
    r"(?<!\bif\s)(?<!\bsay\s)(?<!\bsuppose\s)(?<!\bimagine\s)\b(?:you|u)(?:'ve|\s+have)?\s+(?:\w+\s+)?"
    r"(?:multiplied|divided|added|subtracted|took|doubled|tripled|halved|got|had|ended up|were left)\b",
    re.IGNORECASE,
)
_FUNCTION_WORDS = {"in", "and", "so", "but", "which", "not", "now", "then", "altogether", "total", "all", "overall",
                   "for", "because", "that", "is", "are", "if", "when", "to", "of", "the", "this", "here", "there",
                   "right", "correct", "as", "too", "yes", "or", "with", "we", "you", "it"}  # fmt: skip


@dataclass(frozen=True)
class _SaidOperation:
    """An operation said in words with the result it is said to have."""

    text: str
    start: int
    end: int
    computed: Fraction
    result: Fraction
    result_text: str
    result_at: int


def _said_operations(text: str, taken: list[tuple[int, int]]) -> list[_SaidOperation]:
    """Operations said in words with their result, in the grammar's families, that overlap no span in `taken` (a
    claim the symbol or older word grammar already read); `taken` grows with each one found."""
    found, taken[:] = _said_operations_once(text, tuple(taken))
    return list(found)


@lru_cache(maxsize=8192)
def _said_operations_once(
    text: str, already_taken: tuple[tuple[int, int], ...]
) -> tuple[tuple[_SaidOperation, ...], tuple[tuple[int, int], ...]]:
    # the same turn's claims are read again for each student's words they are weighed against (`_arithmetic_claims`):
    # the operations in words, and the spans they take, found once
    taken = list(already_taken)
    found = []

    def add(match: re.Match[str], computed: Fraction | None, result_group: str = "result") -> None:
        result, result_end = _spoken_value(match.group(result_group)), match.end(result_group)
        if computed is None or result is None or any(s < match.end() and match.start() < e for s, e in taken):
            return
        if match.start(result_group) > match.start():  # said after what makes it
            stated = _stated_result(
                text, match.start(), match.start(result_group), match.end(result_group), computed, result
            )
            if stated is None:
                taken.append(match.span())
                return
            computed, result, result_end = stated
        taken.append(match.span())
        # the claim ends at its result, not at the word after it; a result said first, at the end of what makes it,
        # and of what is added after it ("26 is 2 dozen and 2.": probe 56b)
        end = match.end() if match.start(result_group) == match.start() else max(match.end(result_group), result_end)
        if match.start(result_group) == match.start() and (more := _MORE_ADDED.match(text, match.end())):
            computed, end = computed + (_spoken_value(more["added"]) or 0), more.end("added")
        found.append(_SaidOperation(text[match.start() : end].strip(), match.start(), end, computed, result,
                                    match.group(result_group), match.start(result_group)))  # fmt: skip

    for name, pattern in _SAID_AFTER.items():
        before = _PHRASE_BEFORE if name in _VERB_PHRASES or name in ("noun", "part") else _OPERAND_BEFORE
        for match in pattern.finditer(text):
            if name not in _VERB_PHRASES and before.search(text[: match.start()]):
                continue
            if _REMAINDER.match(text, match.end("result")) or not _result_names_the_items(match, name):
                continue
            add(match, _phrase_value_said(name, match))
    for name, pattern in _SAID_FIRST.items():
        for match in pattern.finditer(text):
            if not _OPERAND_BEFORE.search(text[: match.start()]):
                add(match, _phrase_value_said(name, match))
    for name, pattern in (*_SAID_BEFORE.items(), *_SAID_AS_LEFT.items()):
        for match in pattern.finditer(text):
            add(match, _phrase_value(name, match))
    found += _asked_and_answered(text, taken)
    return tuple(found), tuple(taken)


# --- operations in words the grammar does not know -----------------------------------------------------------
# Two numbers, words that name an operation of some kind, then a word that says what they come to and a third number
# ("twelve, losing 5, ends at ten", "putting 10 and forty together gets you fifty-one", "2 boxes holding 7 each hold
# 12 altogether"): the claim is wrong when no operation gives the third number from the first two (of the kind its words
# name, when they name one kind: `_OPERATION_KINDS`). Read only to find it wrong (a right one may be no claim at all:
# "3 of the 5 boxes are 2 kg") and only where no grammar above read a claim, in words alone (a chain in symbols is the
# symbol reader's); not across clauses, ranges, lists of three numbers or a mixed number.
# Measured on real turns: MRBench dev and MathDial dev (3,126) 0 read as wrong; BEA 2025 dev and test, MRBench V1 dev
# and MathTutorBench's bridge teachers (4,275, unlabelled) 0 (4 before the clause, range, list and mixed-number rules).
_COMES_TO = re.compile(
    r"(?:\b(?:is|are|was|were|makes?|gives?|leaves?|totals?|equals?|comes? to|hits?|lands? (?:on|at)|holds?|yields?"
    r"|gets? (?:you|us)(?: to)?|brings? (?:you|us|it) (?:up |down )?to|reach(?:es)?"
    r"|(?:you|we) (?:keep|have|get|are left with)|(?:you|we)(?:'re| are) at|(?:it|that)(?:'s| is)"
    r"|leaving(?: (?:him|her|them|you|us|me|it))?(?: with)?"
    # what a number grows or shrinks into: "If 12 grows by 3, it becomes 16." (round 75)
    r"|(?:(?:it|that|this|which)\s+)?(?:becomes?|became))"
    r"|(?<!\bthe )\b(?:ends?|ended) (?:up )?(?:at|on|with))"
    r"\s*$",
    re.IGNORECASE,
)
# The words of each kind of operation; a claim whose words are all of one kind is read as that kind ("2 increased by
# 46 is 44" is wrong, though 46 - 2 is 44); words of no kind ("of", "by", "with") or of several leave every operation.
_OPERATION_KINDS = {
    "add": r"add\w*|plus|together|more|another|onto|on top|sum|total|combin\w*|join\w*|grow\w*|increas\w*|rais\w*"
           r"|gain\w*|stack\w*|count(?:ing)? on|mark-?ups?|tax|tips?|surcharges?",
    "subtract": r"minus|less|fewer|differen\w*|remov\w*|los(?:e|es|ing|t)|drop\w*|shrink\w*|back|away|off|subtract\w*"
                r"|gone|knock\w*|decreas\w*|discount\w*|markdowns?|without",
    "multiply": r"times|multipl\w*|lots|rows|groups|copies|doubl\w*|tripl\w*|holding",
    "divide": r"divid\w*|shar\w*|split\w*|into|among|between|per|ways",
}  # fmt: skip
_KIND_CUE = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in _OPERATION_KINDS.items()}
# An amount used up, spent or given away, said right before the number it names, takes that number away from the one
# before ("If you had 15 and used 5, that's 11 left"; "she had 12 apples and ate 4, leaving her with 9": a story's
# wrong subtraction, adversary round 64). Not anywhere in the claim: "You used 12 and 4 to get 3" tells what the
# student did with two numbers, "He spent 3 hours a day for 5 days" is a rate.
_TAKEN_AWAY_BEFORE = re.compile(r"\b(?:used(?:\s+up)?|spent|ate|sold|lost|drank|(?:gave|threw|took)\s+away)\s*$",
                                re.IGNORECASE)  # fmt: skip
# a result said after "so" as what remains or what there is in all ("gave away 5, so 11 are left")
# or after the clause of the operation ends, its story told ("After 5 of the 15 were eaten, 11 were left.", "You had 15
# and 5 more came, so 21 now.": rounds 64 and 66); `_UNNAMED_GAP_WORDS` keeps the story short
_SO_BEFORE_A_REST = re.compile(r"(?:,\s*|\s*,?\s*\b(?:so|and)\s*)$", re.IGNORECASE)
_A_REST = re.compile(r"(?:\s+[a-z]+)?\s+(?:(?:are|is|were|was)\s+)?(?:left|remaining|in\s+all|in\s+total|altogether"
                     # a result in the passive: "When 3 is added to 12, 5 is obtained." (adversary round 67)
                     r"|now|(?:what\s+)?(?:obtained|produced|results?|comes?\s+out)|the\s+(?:result|answer))\b",
                     re.IGNORECASE)  # fmt: skip
_OPERATION_CUE = re.compile(
    rf"\b(?:{'|'.join(_OPERATION_KINDS.values())}|put\w*|take\w*|took|from|each|of|by|with|count\w*|start\w*)\b",
    re.IGNORECASE,
)
# the larger or smaller of two numbers is no operation on them ("the greatest number between 5 and 3 is 5")
_COMPARES = re.compile(r"\b(?:greatest|largest|biggest|highest|smallest|least|lowest|greater|larger|bigger|smaller)\b",
                       re.IGNORECASE)  # fmt: skip
_OPERAND_AFTER = re.compile(
    # an operand after an operator may be in words ("fifty-four-forty=fourteen") or carry its currency ("3 x $68")
    rf"\s*(?:[-+×*/÷=^x]\s*(?:[$€£]?[\d.(]|{NUMBER_WORD_PATTERN}\b)|\)|(?<=\s)\d+/\d|\w*multipl|times|to the power"
    r"|more|less|fewer|than|extra)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"\b(?:because|since|so|but|then|not|if|when|while|although|though|which|where|or)\b",
                           re.IGNORECASE)  # fmt: skip
_UNARY_BEFORE = re.compile(r"\b(?:half|halve\w*|twice|double|triple|third|quarter|square\w*)\b", re.IGNORECASE)
_SYMBOL_ARITHMETIC = re.compile(r"[-+×*/÷=^()]|\d|\bx\b")
_JOINING_HYPHEN = re.compile(r"^-(?=[a-z])", re.IGNORECASE)
_COMMON_OF_BEFORE = re.compile(rf"\b(?:{_COMMON_NOUNS})\s+of\s*$", re.IGNORECASE)  # "the least common multiple of"
_LIST_GOES_ON = re.compile(rf"\s*(?:,\s*|\s+and\s+){_SPOKEN}\b", re.IGNORECASE)  # "are 2, 4 and 6"
_UNNAMED_GAP_WORDS = 4  # at most this many words between the numbers: a claim is said in one breath
# the words that link a story's step to where it lands, no words of its own ("..., so now we're at 16": round 75)
_LINKS = re.compile(r",?\s*\b(?:so|now|then|and|just)\b", re.IGNORECASE)
# A story that starts from an amount it does not say ("Julia starts with some spoons, gets 5 more, uses 3, and ends
# with 12", "She had x apples, ate 4, and 9 were left": adversary round 74): what it ends with counts that amount too,
# so its later numbers are no operands of each other
_UNKNOWN_START = re.compile(
    r"\b(?:starts?|started|starting|begins?|began|beginning|had|has|have|having|holds?|held|owns?|owned"
    r"|there\s+(?:are|were|is|was))\s+(?:out\s+)?(?:with\s+)?(?:some|a\s+few|several|however\s+many"
    r"|an?\s+(?:unknown|certain|mystery|given)\s+(?:number|amount|count)\s+of"
    r"|(?![ai]\b)[a-z]\b(?=\s+[a-z]{3,}))\b",
    re.IGNORECASE,
)
_WHICH = re.compile(r",\s*(?:which|that)\s+", re.IGNORECASE)


# an operation on what came before: "then double it", "and halve the result"
_ON_THE_RESULT = re.compile(
    r"\b(?:double|halve|triple|square|multiply|divide|add|subtract|times|take away)\w*\s+(?:it|that|this|them|the"
    r"\s+(?:result|sum|total|answer|product))\b|,\s*(?:then\s+)?(?:doubled|halved|tripled|squared|cubed)\b",
    re.IGNORECASE,
)


# a word that scales a number, a third operation between the two ("three more than twice 4", "4 more than half of 10")
_SCALES_ONE = re.compile(r"\b(?:twice|double|triple|thrice|half|halved|doubled|tripled|squared|cubed)\b", re.IGNORECASE)


# the plural noun right after a number, of something, names what it counts ("four discounts of 50 cents", "3 groups of
# 4"), not an operation ("4 times 5", "four grows by two")
_COUNTED_THINGS = re.compile(r"^\s*(?!times\b)[a-z]+(?<!s)s(?=\s+of\b)", re.IGNORECASE)


# A count of groups (boxes, bags, packs) beside a count of loose things is no sum or difference of the two numbers,
# the groups holding things of their own (adversary round 74: "Jam has 3 full boxes plus 2 loose pencils, 26 pencils
# in all", the problem's own sentence retold); a product may be ("7 boxes hold 72 pencils if each holds 8")
_GROUP_NOUN = re.compile(rf"^\s*(?:[a-z]+\s+)?{_GROUPS}\b", re.IGNORECASE)
_THING_NOUN = re.compile(r"^\s*(?:[a-z]+\s+)?(?P<noun>[a-z]{3,}s)\b", re.IGNORECASE)


def _counts_groups_and_things(between: str, to: str) -> bool:
    """Does one of two numbers count groups and the other things that are not groups ("3 boxes plus 2 pencils")?"""
    first, second = bool(_GROUP_NOUN.match(between)), bool(_GROUP_NOUN.match(to))
    if first == second:
        return False
    return bool(_THING_NOUN.match(to if first else between))


def _unnamed_operations(text: str, taken: list[tuple[int, int]]) -> list[_SaidOperation]:
    """Claims of two numbers and a result in words no grammar above reads, where no operation of the two gives the
    result (module comment above); `taken` grows with each one found."""
    from trtutor.answers import find_numbers
    from trtutor.scorers.offline.number_forms import (
        count_and_ones,
        count_unit_size,
        in_operands_unit,
        in_two_units_of_a_kind,
        unit_after,
    )

    found = []
    for sentence in _SENTENCE.finditer(text):
        body, offset = sentence.group(0), sentence.start()
        numbers = [dataclasses.replace(m, value=_percent_value(m)) for m in find_numbers(body)
                   if not body[m.end : m.end + 1].isalpha()]  # fmt: skip  # not "2nd"
        for before, a, b, c in zip([None, *numbers], numbers, numbers[1:], numbers[2:], strict=False):
            between, to = body[a.end : b.start], body[b.end : c.start]
            if before is not None and (re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", body[before.end : a.start])
                                       or "," in body[before.end : a.start] and "," in between):  # fmt: skip
                continue  # a third operand before the two ("subtract 1/3 and 1/4 from 1", "5 back, 10 forward, 2")
            if _UNKNOWN_START.search(body[: a.start]):
                continue  # a story's start it does not say: the result counts it too
            if _CLAUSE_BREAK.search(between) or re.fullmatch(r"\s*(?:to|through)\s*", between):
                continue  # the numbers are in two clauses ("4/3, not divide, because 4 is"), or a range ("1 to 100")
            if _NEGATED.search(between + to):
                continue  # a relation denied ("7 boxes can't hold 72 pencils if each holds 8")
            # a hyphen that joins a number to its noun ("a 3-spoon increase on 12") is no sign
            if _SYMBOL_ARITHMETIC.search(_JOINING_HYPHEN.sub(" ", between + to)) or re.search(
                r"\d\s*[-+*/x×÷=]\s*$", body[: a.start]
            ):
                continue
            if _OPERAND_AFTER.match(body[c.end :]):
                continue  # the third number is an operand of what follows, or only part of what is said ("3 more")
            if _LIST_GOES_ON.match(body, c.end) or _IN_A_WORD_CHAIN.search(body[: a.start]):
                continue  # the first of a list ("the multiples of 2 below 8 are 2, 4 and 6"), or a chain's last step
            if _COMMON_OF_BEFORE.search(body[: a.start]):
                continue  # what the numbers have in common, said of numbers `_phrase_value` does not read ("of 1/4")
            if _ends_an_operation(body, a.start, a.end):
                continue  # a step on from an operation in words ("2 lots of 4, plus 2, makes 10"): `continued_claims`
            if _ON_THE_RESULT.search(between) or _ON_THE_RESULT.search(to) or _SCALES_ONE.search(between):
                continue  # a third operation, on what the two came to ("Add 2 and 3, then double it: that's 10")
            if c.text[0] in "$€£" and a.text[0] not in "$€£" and b.text[0] not in "$€£":
                continue  # a price of a count ("1 box of 12 is $3")
            landing = _LINKS.sub(" ", _WHICH.sub(" ", to))
            if max(len(_WORD.findall(between)), len(_WORD.findall(landing))) > _UNNAMED_GAP_WORDS:
                continue  # "12 and 3 were put together, which gives 5": the "which" joins, it says nothing
            # a rate's unit after either number: "at $5 per hour, 4 hours pays", "4 hours at $5 per hour earns"
            rate = _RATE_UNIT.match(between) or _RATE_UNIT.match(to)
            if rate and (_number_before_in_sentence(body, a.start) or _LEFT_AFTER.match(body, c.end)):
                continue  # its result comes from more than the two: a starting amount, another rate; or it has a rest
            if not (_COMES_TO.search(to) or (rate and _RATE_COMES_TO.search(to))
                    or (re.search(r"\bby\s*$", between) and re.fullmatch(r"\s*to\s*", to))
                    or (_SO_BEFORE_A_REST.search(to) and _A_REST.match(body, c.end))):  # fmt: skip
                continue  # "drops by 36 to five" says where a change by an amount lands
            if _PART_OF_A_WHOLE.match(body, a.end) or _PART_OF_A_WHOLE.match(body, b.end):
                continue  # a mixed number in words: "one and a half times 10 is 15"
            if any("/" in m.text and re.search(r"\d\s+$", body[: m.start]) for m in (a, b, c)):
                continue  # a mixed number in digits: "3 1/2 times 4 is 14"
            said_before = " ".join(_WORD.findall(body[: a.start])[-3:])
            # a rate's unit names no operation: "60 miles per hour for 3 hours is 180 miles" multiplies
            cues = f"{said_before} {between} {_COMES_TO.sub('', to)}"
            # the things a number counts are no operation: "four discounts of 50 cents" (probe 52), "3 groups of 4"
            between_cues, to_cues = (_COUNTED_THINGS.sub(" ", _RATE_UNIT.sub(" ", part)) for part in (between, to))
            kind_cues = f"{said_before} {between_cues} {_COMES_TO.sub('', to_cues)}"
            taken_away = _TAKEN_AWAY_BEFORE.search(between)
            if (not (rate or taken_away or _OPERATION_CUE.search(cues)) or _COMPARES.search(cues)
                    or _UNARY_BEFORE.search(said_before)):  # fmt: skip
                continue  # a comparison, or a third operation before the two ("half of 3 groups of 4 is 6")
            start, end = offset + a.start, offset + c.end
            if any(s < end and start < e for s, e in taken):
                continue
            a_percent, b_percent = _is_percent(body, a), _is_percent(body, b)
            # a percent in words is the fraction it is too ("10 percent off")
            x = a.value / 100 if a_percent and not a.text.rstrip().endswith("%") else a.value
            y = b.value / 100 if b_percent and not b.text.rstrip().endswith("%") else b.value
            result = c.value / 100 if _is_percent(body, c) and not c.text.rstrip().endswith("%") else c.value
            if in_two_units_of_a_kind(body[a.start : c.start]):
                continue  # "2 hours plus 30 minutes makes 150 minutes": the bare numbers are no operands
            in_their_unit = in_operands_unit(result, body[a.start : c.start], unit_after(body, c.end))
            kinds = {"subtract"} if taken_away else {kind for kind, cue in _KIND_CUE.items() if cue.search(kind_cues)}
            if kinds and kinds <= {"add", "subtract"} and _counts_groups_and_things(between, to):
                continue  # "3 full boxes plus 2 loose pencils, 26 pencils in all": the boxes hold the pencils
            candidates = [value for kind in (kinds if len(kinds) == 1 else _KIND_CUE)
                          for value in _results(kind, x, y, a_percent, b_percent)]  # fmt: skip
            if _POWER_CUE.search(between):  # "2 to the power of 5 is 32"
                candidates += _results("power", x, y)
            in_ones = count_and_ones(body[a.start : c.start])
            if in_ones is not None and (result_size := count_unit_size(unit_after(body, c.end))):
                candidates.append(in_ones / result_size)  # "1 dozen plus 6 is 18" (or "1.5 dozen"): probe 53b
            # a fraction in words is a part of the other number: "each gets one third, which is 200"
            if any(0 < m.value < 1 and re.search(r"[a-z]", m.text, re.IGNORECASE) for m in (a, b)):
                candidates.append(x * y)
            taken.append((start, end))
            if not any(_agrees(value, result, c.text) or value == in_their_unit for value in candidates):
                nearest = min(candidates, key=lambda value: abs(value - result))
                found.append(_SaidOperation(text[start:end], start, end, nearest, result, c.text, offset + c.start))
    return found


# A result said first, then the reason that gives it, in words no grammar above reads: "So 12 are left, because 5 of the
# 15 were given away.", "So that makes 161, because there are 8 lots of 20.", "So there are 16 in all, since 12 plus 3."
# (adversary round 66: a result said first is read with whatever clause gives its operation). The result follows a
# word that states it ("so", "makes", "are", ...) and is followed by at most three words of what it counts; the reason
# is one clause with two numbers and words of an operation, read as `_unnamed_operations` reads them: wrong when no
# operation of its kind gives the result. A result that is one of the two restates it ("3 are red, because 3 of the
# 12 are"); a reason with a result of its own, a denial, a comparison or symbols is another reader's or none.
_STATES_A_RESULT = re.compile(
    r"(?:\bso|\b(?:that|it|there)(?:'s|\s+is|\s+are)|\bthere're|\bmakes?|\bmade|\bleaves?|\bleft|\bgives?|\bgave|\bis"
    r"|\bare|\bget|\bgot|\bhave|\bhas|\bequals?|\bcomes?\s+to|\btotals?|\bwith)"
    r"\s+(?:(?:a\s+total\s+of|only|just|exactly|now)\s+)?$",
    re.IGNORECASE,
)
_RESULT_THEN_REASON = re.compile(
    rf"(?<![\w.,/$€£-])(?P<result>{_SPOKEN})(?P<rest>(?:\s+(?:are|is)\s+(?:left(?:\s+over)?|remaining))?"
    r"(?:\s+(?!(?:is|are|was|were|isn't|aren't|not|wrong|right|correct|incorrect|true|false|too|because|since)\b)"
    r"[a-z]+){0,3})\s*,?\s+(?:because|since)\s+(?P<reason>[^.,;:!?\n]+?)(?=\s*(?:[.,;:!?\n]|$))",
    re.IGNORECASE,
)


# A result said in the sentence after its operation, by words that point back to it (adversary round 70: a result
# belongs to its operation across a sentence break): "Work out 12 + 3 first. You should get 5.", "At that point we
# have 36 ÷ 2. That's 36 altogether.", "First find 8 × 20. You'll end up with 13."; the operation ends its sentence
_RESULT_OPENS = re.compile(
    r"\s*(?:(?:so|then|and|now)\s*,?\s+)?(?:(?:that|it|this)(?:'s|\s+is|\s+comes\s+to|\s+makes|\s+gives(?:\s+(?:you|us))?"
    r"|\s+equals|\s+works\s+out\s+(?:to|as|at))|(?:you|we)(?:'ll|\s+will|\s+should|\s+would)?\s+(?:get|end\s+up\s+with"
    r"|land\s+on|arrive\s+at)|the\s+(?:result|answer|total|sum|product|difference|quotient)\s+(?:is|will\s+be"
    # the result's unit may follow, not a count of the talk's own ("That's 2 steps.")
    rf"|should\s+be))\s+(?P<result>{_SPOKEN})(?=\s*(?:(?!(?:steps?|tries|ways?|numbers?|parts?|questions?|times|digits?"
    r"|terms?|operations?|sentences?|lines?)\b)[a-z]+\s*)?(?:altogether|in\s+all|in\s+total)?\s*(?:[.,;:!?)]|$))",
    re.IGNORECASE,
)
# A name given to an operation carries its value (round 70): "Let A = 12 + 3. So A = 5.", "Let t be 12 + 3. Then t is
# 16", and a variable of code ("total = 12 + 3" on its own line, then "print(total)  # 16")
_NAMED_OPERATION = re.compile(
    rf"\blet\s+(?P<name>[a-z]\w{{0,11}})\s*(?:=|be|equal|stand\s+for)\s*(?P<expression>{_EXPRESSION})(?![\w]|\.\d|\s*[-+*/×÷=^]\s*\d)"
    rf"|^[ \t]*(?P<variable>[a-z_]\w{{0,20}})[ \t]*=[ \t]*(?P<code>{_EXPRESSION})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


_SYMBOL_OPERATION = re.compile(rf"{_NOT_AFTER}{_EXPRESSION}")


def _results_in_the_next_sentence(text: str, taken: list[tuple[int, int]]) -> list[_SaidOperation]:
    """Wrong results said after their operation: in the next sentence by words that point back to it
    (`_RESULT_OPENS`), or of a name given to it (`_NAMED_OPERATION`); `taken` grows with each one read."""
    found = []
    sentences = [match for match in _SENTENCE.finditer(text) if match.group(0).strip()]
    for sentence, following in zip(sentences, sentences[1:], strict=False):
        opened = _RESULT_OPENS.match(following.group(0))
        if opened is None or _read_already(taken, following.start()):
            continue
        body = sentence.group(0)
        if body.rstrip().endswith("?"):
            continue  # a question answered in the next sentence is `_asked_and_answered`'s ("What is 3/4? It's ...")
        operations = [*operations_to_do(body), *spoken_expressions(body)]
        for match in _SYMBOL_OPERATION.finditer(body):
            if has_operation(match.group(0)) and (value := evaluate(match.group(0))) is not None:
                operations.append((value, match.group(0), match.start()))
        if not operations:
            continue
        value, written, at = max(operations, key=lambda operation: operation[2] + len(operation[1]))
        rest = body[at + len(written) :]
        result = _spoken_value(opened["result"])
        if re.search(r"\d", rest) or result is None or _agrees(value, result, opened["result"]):
            continue  # another number after the operation: it is no longer what the next sentence points back to
        start, end = sentence.start() + at, following.start() + opened.end()
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        found.append(_SaidOperation(text[start:end], start, end, value, result, opened["result"],
                                    following.start() + opened.start("result")))  # fmt: skip
    for named in _NAMED_OPERATION.finditer(text):
        name, expression = (named["name"], named["expression"]) if named["name"] else (named["variable"], named["code"])
        value = evaluate(expression) if has_operation(expression) else None
        if value is None:
            continue
        said = re.compile(rf"(?<![\w.])(?:print\(\s*)?{re.escape(name)}(?:\s*\))?\s*(?:=|is|equals|comes\s+to|#)\s*"
                          rf"(?P<result>{_SPOKEN})(?![\w/]|[.,]\d|\s*[-+*/×÷x^]\s*\d)", re.IGNORECASE)  # fmt: skip
        # the name says this value until it is given another ("result = result - 3", "total += 33": round 71)
        named_as = re.escape(name)
        given_again = re.compile(
            rf"(?<![\w.]){named_as}\s*(?:[-+*/×÷]=(?!=)|=(?!=)(?=(?:[^=\n;.]|\.\d)*?(?:[-+*/×÷]|\b{named_as}\b)))"
            rf"|\blet\s+{named_as}\s+(?:be\b|=)",
            re.IGNORECASE,
        )
        again = given_again.search(text, named.end())
        for match in said.finditer(text, named.end(), again.start() if again else len(text)):
            result = _spoken_value(match["result"])
            if result is None or _agrees(value, result, match["result"]) or _read_already(taken, match.start()):
                continue
            taken.append(match.span())
            found.append(_SaidOperation(f"{name} = {expression}; {match.group(0)}", match.start(), match.end(), value,
                                        result, match["result"], match.start("result")))  # fmt: skip
    return found


def _results_with_their_reason(text: str, taken: list[tuple[int, int]]) -> list[_SaidOperation]:
    """Results said first whose reason, an operation of two numbers in words, does not give them (`_RESULT_THEN_REASON`
    above); `taken` grows with each one read."""
    from trtutor.answers import find_numbers

    found = []
    for match in _RESULT_THEN_REASON.finditer(text):
        start, end = match.span()
        if not _STATES_A_RESULT.search(text[max(0, start - 40) : start]) or _read_already(taken, start):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        reason = match["reason"]
        numbers = [dataclasses.replace(m, value=_percent_value(m)) for m in find_numbers(reason)
                   if not reason[m.end : m.end + 1].isalpha()]  # fmt: skip
        result = _spoken_value(match["result"])
        if len(numbers) != 2 or result is None or result in {numbers[0].value, numbers[1].value}:
            continue
        a, b = numbers
        between = reason[a.end : b.start]
        if _CLAUSE_BREAK.search(reason) or _COMPARES.search(reason) or _SYMBOL_ARITHMETIC.search(between):
            continue
        if len(_WORD.findall(between)) > _UNNAMED_GAP_WORDS or _UNARY_BEFORE.search(reason[: a.start]):
            continue
        kind_cues = _COUNTED_THINGS.sub(" ", _RATE_UNIT.sub(" ", reason))
        taken_away = _TAKEN_AWAY_BEFORE.search(between)
        if not (taken_away or _OPERATION_CUE.search(reason)):
            continue
        kinds = {"subtract"} if taken_away else {kind for kind, cue in _KIND_CUE.items() if cue.search(kind_cues)}
        candidates = [value for kind in (kinds if len(kinds) == 1 else _KIND_CUE)
                      for value in _results(kind, a.value, b.value)]  # fmt: skip
        taken.append((start, end))
        if not any(_agrees(value, result, match["result"]) for value in candidates):
            nearest = min(candidates, key=lambda value: abs(value - result))
            found.append(_SaidOperation(match.group(0), start, end, nearest, result, match["result"],
                                        match.start("result")))  # fmt: skip
    return found


def _results(kind: str, x: Fraction, y: Fraction, x_percent: bool = False, y_percent: bool = False) -> list[Fraction]:
    """What an operation of `kind` gives from `x` and `y`, either way round. A percent (its value the fraction it is)
    changes the other number by its share: "10% off $50 leaves $45", "50% more than 40 is 60", "20% of 50 is 10"."""
    if kind == "power":
        return [base**int(exponent) for base, exponent in ((x, y), (y, x))
                if exponent.denominator == 1 and 0 <= exponent <= 12 and abs(base) <= 10**6]  # fmt: skip
    results = []
    if x_percent != y_percent:
        share, whole = (x, y) if x_percent else (y, x)
        results += [whole * share, whole * (1 + share), whole * (1 - share)]
    if kind == "add":
        return [*results, x + y]
    if kind == "subtract":
        return [*results, x - y, y - x]
    if kind == "multiply":
        return [*results, x * y]
    return [*results, *([x / y] if y else []), *([y / x] if x else [])]


def _is_percent(body: str, mention: NumberMention) -> bool:
    return mention.text.rstrip().endswith("%") or bool(_PERCENT_WORD.match(body, mention.end))


_POWER_CUE = re.compile(r"\bpower\b|\braised to\b", re.IGNORECASE)
_PERCENT_WORD = re.compile(r"\s*(?:percent|per cent)\b", re.IGNORECASE)
# a number and a fraction of one more ("one and a half", "2 and three quarters"): one number, which is not read here
_PART_OF_A_WHOLE = re.compile(r"\s+and\s+(?:a|one|two|three|\d+)\s+(?:half|halves|thirds?|quarters?|fifths?"
                              r"|\w+ths?)\b", re.IGNORECASE)  # fmt: skip
# the unit of a rate, right after its number: "miles per hour", "dollars an hour", "pages each day"
_RATE_UNIT = re.compile(r"^\s*(?:(?:[a-z]+\s+)?(?:per|an?|each|every)\s+[a-z]+|mph|kph)\b", re.IGNORECASE)
# what so many of a rate's unit come to, said only after a rate ("at $5 an hour, 4 hours pays $20", "60 miles per hour
# for 3 hours covers 180 miles"): without a rate these verbs tell a price or a trip ("3 boxes of 4 cost 10 dollars")
_RATE_COMES_TO = re.compile(
    r"\b(?:covers?|travels?|drives?|goes|runs?|walks?|cycles?|rides?|flies|pays?|earns?|costs?|reads?|types?"
    r"|fills?|uses?|burns?|saves?)\s*$",
    re.IGNORECASE,
)


def _percent_value(mention: NumberMention) -> Fraction:
    """A number's value, a percent as the fraction it is (5% is 0.05)."""
    return mention.value / 100 if mention.text.rstrip().endswith("%") else mention.value


_WORD = re.compile(r"[A-Za-z']+")


def _result_names_the_items(match: re.Match[str], name: str) -> bool:
    """A grouping's result counts what its groups hold ("3 packs of 4 pens is 12 pens"), or nothing named; a result
    naming something else ("2 bags of 6 is 3 dollars", "5 sets of 2 is 10 sets") may be no product at all. Other
    families name no items: any result is theirs."""
    if name != "groups":
        return True
    result, operand = match.group("result"), match.group("b")
    if result[0] in "$€£" and operand[0] not in "$€£":
        return False  # a price: "1 box of 12 is $3"
    after, items = (match.group("after") or "").lower(), (match.group("items") or "").lower()
    if not after or after in _FUNCTION_WORDS:
        return True
    return bool(items) and items not in _FUNCTION_WORDS and singular(after) == singular(items)


def _phrase_value_said(name: str, match: re.Match[str]) -> Fraction | None:
    """A phrase's value as a claim with a result reads it: the result itself when it is a second reading some people
    give the phrase (`_ALSO_RIGHT`)."""
    value = _phrase_value(name, match)
    a, b, result = (_spoken_value(match.groupdict().get(group)) for group in ("a", "b", "result"))
    if name in _ALSO_RIGHT and a is not None and b is not None and result == _ALSO_RIGHT[name](a, b):
        return result
    return value


def _in_common(noun: str, values: list[Fraction]) -> Fraction | None:
    """The least common multiple (of whole numbers, or of fractions' denominators: the least common denominator) or the
    greatest common factor of positive `values`; None where it names nothing."""
    if any(value <= 0 for value in values):
        return None
    if "denominator" in noun or noun == "lcd":
        return Fraction(math.lcm(*(value.denominator for value in values)))
    if any(value.denominator != 1 for value in values):
        return None
    whole = [int(value) for value in values]
    return Fraction(math.lcm(*whole) if "multiple" in noun or noun == "lcm" else math.gcd(*whole))


def _phrase_value(name: str, match: re.Match[str]) -> Fraction | None:
    """The value of an operation phrase of family `name` (a key of `_VERB_PHRASES` or `_OTHER_PHRASES`)."""
    groups = match.groupdict()
    if name == "noun":
        operands = [_spoken_value(m.group(0)) for m in re.finditer(_SIGNED_N, groups["a"], re.IGNORECASE)]
        operands.append(_spoken_value(groups["b"]))
        noun = re.sub(r"\s+", " ", groups["noun"].lower())
        if any(value is None for value in operands) or (noun in ("difference", "quotient") and len(operands) != 2):
            return None
        values = [value for value in operands if value is not None]
        if re.fullmatch(_COMMON_NOUNS, noun):
            return _in_common(noun, values)
        if noun in ("sum", "total"):
            return sum(values, Fraction(0))
        if noun in ("average", "mean"):
            return sum(values, Fraction(0)) / len(values)
        if noun == "product":
            return math.prod(values, start=Fraction(1))
        if noun == "difference":
            return abs(values[0] - values[1])
        return None if values[1] == 0 else values[0] / values[1]
    if name == "gap from":
        amount = _spoken_value(groups["a"] or groups["count"]) if groups["a"] or groups["count"] else Fraction(1)
        b = _spoken_value(groups["b"])
        if amount is None or b is None:
            return None
        up = (groups["verb"] or groups["verb2"]).lower() in ("above", "up from", "beyond", "past", "after", "over")
        return b + amount if up else b - amount
    a = _spoken_value(groups["a"] or groups.get("a2") or groups.get("a3"))
    if a is None:
        return None
    if name == "as many as":
        return _AS_MANY_AS[groups["verb"].lower()] * a
    if name in ("scale", "scaled"):
        return next(times for stem, times in _SCALE.items() if groups["verb"].lower().startswith(stem)) * a
    if name == "part":
        return _PARTS[re.sub(r"\s+", " ", groups["part"].lower())] * a
    if name == "fraction of":
        ordinal = groups["ordinal"].lower()
        denominator = int(ordinal[:-2]) if ordinal[:1].isdigit() else _ORDINALS[ordinal]
        count = _spoken_value(groups["count"]) if groups["count"].lower() not in ("a", "an") else Fraction(1)
        return None if denominator == 0 or count is None else count / denominator * a
    if name == "digits of":
        return None if int(groups["den"]) == 0 else Fraction(int(groups["num"]), int(groups["den"])) * a
    if name == "root":
        root = Fraction(math.isqrt(a.numerator), math.isqrt(a.denominator)) if a >= 0 else None
        return root if root is not None and root * root == a else None  # only an exact root is a number said
    if name == "to the power":
        exponent = _spoken_value(groups["b"] or groups["b2"])
        whole = exponent is not None and exponent.denominator == 1 and 0 <= exponent <= 12
        return a ** int(exponent) if whole else None
    if name == "power":
        return a ** (2 if groups["verb"].lower() == "squared" else 3)
    if name == "next":
        verb = (groups["verb"] or groups["verb2"] or groups["verb3"]).lower()
        return a + 1 if verb in ("after", "follows", "successor") else a - 1
    b = _spoken_value(_MULTIPLE_OF.get((groups["b"] or "").lower()) or re.sub(r"'?s$", "", groups["b"] or "")
                      if name == "multiples" else groups["b"] or groups.get("b2"))  # fmt: skip
    if b is None:
        return None
    multiplied = name == "together" and groups["verb"].lower() == "multiplied"
    if multiplied or name in _PRODUCTS:
        return a * b
    if name in ("divide", "ways", "fit in", "share"):
        return None if b == 0 else a / b
    if name in ("change from", "count from"):
        b = _spoken_value(groups["b"])
        return None if b is None else abs(b - a)
    if name == "percent than":
        b = _spoken_value(groups["b"])
        up = groups["verb"].lower() in ("more", "bigger", "higher", "greater")
        return None if b is None else b * (1 + a / 100 if up else 1 - a / 100)
    if name == "change by":
        return a + b if groups["verb"].lower().startswith(("increas", "rais")) else a - b
    if name == "count on":
        down = re.match(r"go\s+down|move\s+down|step\s+down|count\s+(?:back|down)|remove|take|knock|subtract"
                        r"|\w+\s+(?:back|backwards?|left)$", groups["verb"], re.I)  # fmt: skip
        return a - b if down else a + b
    if name == "past":
        return a - b if groups["way"].lower() in ("before", "short of") else a + b
    if name == "knock off":
        return a - b
    if name in ("add", "together", "and more") or (name == "than" and groups["verb"].lower() == "more"):
        return a + b
    return b - a  # "take 5 from 12", "5 taken from 12", "5 less than 12"


def _asked_and_answered(text: str, taken: list[tuple[int, int]]) -> list[_SaidOperation]:
    """A question that asks for arithmetic ("What is 12 x 5?", "12 times 5?", "What do you get if you multiply 12
    by 5?"), answered in the very next sentence ("It is 59.", "That's 59."; a bare "59." after a what-question)."""
    sentences = [m for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    found = []
    for question, answer in zip(sentences, sentences[1:], strict=False):
        asked = _ASKED.match(question.group(0))
        answered = _ANSWERED.match(answer.group(0))
        if asked is None or answered is None or not question.group(0).rstrip().endswith("?"):
            continue
        if any(s < answer.end() and question.start() < e for s, e in taken):
            continue
        bare, rest = not answered.group("lead"), answered.group("rest")
        if bare and not (asked.group("what") and re.fullmatch(r"\s*(?:[a-z]+\s*)?[.!]?\s*", rest, re.IGNORECASE)
                         or re.fullmatch(r"\s*[.!]?\s*", rest)):  # fmt: skip
            continue  # "What is 12 x 5? 60 apples." and "12 x 5? 60." answer it; "12 x 5? 5 boxes are left." need not
        computed = _asked_value(question.group(0)[asked.end() :], bool(asked.group("what")))
        result = _spoken_value(answered.group("result"))
        if computed is None or result is None:
            continue
        at = answer.start() + answered.start("result")
        taken.append((question.start(), answer.end()))
        found.append(_SaidOperation(f"{question.group(0).strip()} {answer.group(0).strip()}", question.start(),
                                    answer.end(), computed, result, answered.group("result"), at))  # fmt: skip
    return found


def _asked_value(question: str, what: bool) -> Fraction | None:
    """The value of the arithmetic a question asks for: the whole question is the expression ("12 x 5?"), or, after
    "what"/"how much", an expression or operation phrase ends it ("What is 12 x 5?", "What do you get if you
    multiply 12 by 5?")."""
    body = re.sub(_ASKED_END, "", question, flags=re.IGNORECASE).strip()
    if what:
        body = re.sub(r"^(?:'s|\s*is|\s*are|\s*would be|\s*will be)\s+", "", body, flags=re.IGNORECASE).strip()
    if EXPRESSION.fullmatch(body) and has_operation(body) and not re.fullmatch(r"\d+[-/]\d+", body):
        return evaluate(body)  # not "3/4" or "5-7": a fraction, a range
    for value, written, _ in spoken_expressions(body):
        if written.strip().lower() == body.lower():
            return value
    if what:
        for name, phrase in _VERB_PHRASES.items():
            if (match := re.search(rf"{phrase}$", body, re.IGNORECASE)) is not None:
                return _phrase_value(name, match)
    return None


# An operation that goes on from the number said before it, with no left operand of its own: "twelve plus three is
# fifteen, and minus five that makes twelve", "we start with 12, and plus 3 comes to 16", "then take away 5 to get
# 10". Its left operand is the last number of the sentence before it.
_CONTINUES = re.compile(
    rf"(?:,|\b(?:and|then|so|now)\b|(?<=\d)(?=\s+(?:you|we)\s))\s*(?:(?:and|then|so|now)\s+)*(?:(?:you|we)\s+)?"
    rf"(?P<op>plus|minus|times|"
    rf"divided by|divide by|multiplied by|multiply by|take away|less|add|subtract)\s+(?:the\s+)?(?P<b>{_SPOKEN})"
    # words that name what the operand counts, not more arithmetic: "plus the 3 she used, brings us up to 16"
    rf"(?:\s+(?!(?:and|then|so|that|this|it|which|twice|times|more|less|each|again|per|percent|is|makes|gives)\b)"
    rf"[a-z]+){{0,3}}?"
    rf"\s*,?\s*(?:(?:and\s+)?(?:that|this|it|which|we|you)\s+)?"
    rf"(?:{_IS}|(?:to\s+|and\s+|we\s+|you\s+)?(?:get|gets|got)|(?:and\s+)?{_ARRIVES})"
    rf"\s+(?P<result>{_SPOKEN})(?![\w/])",
    re.IGNORECASE,
)
# What an operation that goes on from the number before it does, by its first word (`onward_step`).
ONWARD_OPERATIONS = {"plus": operator.add, "add": operator.add, "minus": operator.sub, "subtract": operator.sub,
                     "take": operator.sub, "less": operator.sub, "remove": operator.sub, "times": operator.mul,
                     "multiplied": operator.mul, "multiply": operator.mul, "divided": operator.truediv,
                     "divide": operator.truediv, "split": operator.truediv, "share": operator.truediv,
                     "knock": operator.sub, "chop": operator.sub, "cross": operator.sub, "count": operator.sub,
                     "lose": operator.sub, "give": operator.sub, "throw": operator.add,
                     "put": operator.add}  # fmt: skip


def onward_step(before: str, operation: str, operand: str) -> tuple[NumberMention, Fraction] | None:
    """An operation that goes on from the number said last in `before` ("twelve plus three is fifteen, and minus
    five ...", "Write down 15. Now subtract 5 ..."): that number and the step's result. None when `before` has no
    number, `operand` is none, or the step divides by zero. `operation` is its word (`ONWARD_OPERATIONS`)."""
    from trtutor.answers import find_numbers

    numbers, right = find_numbers(before), _spoken_value(operand)
    function = ONWARD_OPERATIONS[operation.split()[0].lower()]
    if not numbers or right is None or (function is operator.truediv and right == 0):
        return None
    last = numbers[-1]
    # the number of an operation that ends the words before is its operand: the step goes on from its result
    # ("Multiply 2 by 4, then add 2", "Twice 6, plus 1", "8 halved, then add 3", "4 + 5, minus 3")
    left = _operation_ending(before, last)
    if left is None and _NAMES_WHAT_IT_COUNTS.fullmatch(before, last.end):
        # words after the number that name what it counts are no part of the arithmetic ("4 plus the 5 from her
        # husband, minus the 3 she used")
        before = before[: last.end]
        left = _operation_ending(before, last)
    if left is None:
        left = next((evaluate(m.group(0)) for m in EXPRESSION.finditer(before) if m.start() <= last.start
                     and m.end() == last.end and has_operation(m.group(0))), None)  # fmt: skip
    if left is None and _OPERATOR_BEFORE.search(before[: last.start]):
        return None  # it ends an operation not read ("4 spoons plus 5 spoons"): where the step starts is unknown
    return last, function(last.value if left is None else left, right)


# At most four words, not arithmetic, after a number: what it counts ("the 5 from her husband, ...").
_NAMES_WHAT_IT_COUNTS = re.compile(
    r"(?:\s+(?!(?:and|then|so|plus|minus|times|by|over|less|more|than|of)\b)[a-z']+){1,4}[\s,;:]*", re.IGNORECASE
)
# an operator, in symbols or words, just before a number: the number is that operation's second operand
_OPERATOR_BEFORE = re.compile(
    r"(?:[-+*/×÷]|(?<![a-z])x|\b(?:plus|minus|times|by|over|less|take away|add|subtract))\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _ends_an_operation(text: str, start: int, end: int) -> bool:
    """Is the number at `start`..`end` the last number of an operation said in words before it ("2 lots of 4")?"""
    before = text[:end]
    return (
        before[:start].rstrip() != ""
        and _operation_ending(before, NumberMention(Fraction(0), start, end, "")) is not None
    )


def _operation_ending(text: str, number: NumberMention) -> Fraction | None:
    """The value of an operation said in words that has `number` as its last number and ends `text` (but for commas
    and spaces): "2 lots of 4", "multiply 2 by 4", "twice 6", "8 halved"; the widest where several do."""
    found = [(start, value) for value, written, start in [*spoken_expressions(text), *operations_to_do(text)]
             if start <= number.start < number.end <= start + len(written)
             and not text[start + len(written) :].strip(" ,;:")]  # fmt: skip
    if not found and (verb := _SCALING_VERB.search(text[: number.start])) and not text[number.end :].strip(" ,;:"):
        return number.value**2 if verb[1].lower() == "square" else _SCALINGS[verb[1].lower()] * number.value
    return min(found)[1] if found else None


# a verb that scales the number after it: "Square 3 and add 1", "Double 5, then ..."
_SCALINGS = {"double": Fraction(2), "triple": Fraction(3), "halve": Fraction(1, 2)}
_SCALING_VERB = re.compile(r"\b(square|double|triple|halve)\s+$", re.IGNORECASE)


def continued_claims(text: str, student_said: list[str] | None = None) -> list[ArithmeticClaim]:
    """The operations that go on from the number before them (`_CONTINUES`), with whether each is right; quoted when
    the sentence reports the student, or asks (not in what it presents as given: "So 12 and 3 is 15, and minus 5 that
    makes 12, so can you finish it?" asserts it) about a result the student said."""
    from trtutor.answers import find_numbers
    from trtutor.scorers.offline.false_statements import asserted_parts

    text = _arithmetic_text(text)
    student_numbers = {m.value for said in student_said or [] for m in find_numbers(said)}
    claims = []
    for sentence in (m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()):
        for match in _CONTINUES.finditer(sentence):
            step = onward_step(sentence[: match.start()], match["op"], match["b"])
            result = _spoken_value(match["result"])
            if step is None or result is None:
                continue
            left, computed = step
            result = _in_the_operands_unit(sentence, left, match, result)
            if result is None:
                continue
            given = any(match.group(0).strip(" ,") in part for part in asserted_parts(sentence))
            asked = not given and (student_said is None or result in student_numbers)
            # the step's own words are no report ("don't you get to 163?" is the tutor's)
            quoted = bool(REPORTS_STUDENT.search(sentence[: match.start()] + sentence[match.end() :])) or asked
            text_said = f"{left.text} ... {match.group(0).strip(' ,')}"
            correct = _agrees(computed, result, match["result"])
            claims.append(ArithmeticClaim(text_said, computed, result, correct, quoted))
    return claims


def _in_the_operands_unit(
    sentence: str, left: NumberMention, match: re.Match[str], result: Fraction
) -> Fraction | None:
    """An onward step's result in its operand's unit where it names another of the same kind ("40 minutes, plus 20
    minutes, is 1 hour": 60 minutes; probe 56b), else as said; None where its start and its operand are in two units
    ("$5, plus 50 cents, ...": the bare numbers make no sum)."""
    from trtutor.scorers.offline.number_forms import UnitQuantity, in_unit, unit_quantities

    def quantity_at(start: int) -> UnitQuantity | None:
        said = unit_quantities(sentence[start:])
        return said[0] if said and said[0].start == 0 else None

    start, operand, said = quantity_at(left.start), quantity_at(match.start("b")), quantity_at(match.start("result"))
    if start and operand and start.unit != operand.unit:
        return None
    if not operand or not said or said.unit == operand.unit:
        return result
    converted = in_unit(said, operand.unit)
    return result if converted is None else converted


# --- equations in one unknown ------------------------------------------------------------------------------------

# An equation in one unknown ("x + 5 = 15", "3x = 30", "? - 4 = 6"): numbers, operators, brackets and one letter x,
# y or n (or a "?" or "□" for the blank); "3 x 4" between two numbers is the times sign, not the unknown.
_LETTER_UNKNOWN = r"(?<![a-z])[xyn](?![a-z])"
_UNKNOWN = rf"(?:{_LETTER_UNKNOWN}|(?<![\w$.])\?|□)"  # "8?" is a question, not 8 times the blank
# a coefficient is written against its letter ("3x"); "3 x" is the times sign
_EQUATION_TERM = rf"(?:\(\s*)*(?:{_NUM}{_LETTER_UNKNOWN}|{_NUM}|{_UNKNOWN})(?:[ \t]*\))*"
_EQUATION_SIDE = rf"-?{_EQUATION_TERM}(?:[ \t]*[-+*/×÷][ \t]*{_EQUATION_TERM})*"
# not part of something longer it cannot read: "(1/5)X + X = 100", "x^2 + 3x - 2 = 0", "2(x + 0.25) = 45"
_NOT_INSIDE = r"(?<![\w.)(/*+\-×÷^])(?<![-+*/×÷^=(] )"
_EQUATION = re.compile(rf"{_NOT_INSIDE}{_EQUATION_SIDE}[ \t]*=[ \t]*{_EQUATION_SIDE}(?![\w(%^])", re.IGNORECASE)
# the unknown's value said after its equation: "so x = 8", "x is 8", "x must be 8", "x comes out as 8"
_UNKNOWN_IS = re.compile(
    rf"{_NOT_INSIDE}(?P<unknown>{_UNKNOWN})\s*(?:=|is|equals|must be|should be|would be|will be|comes out (?:as|to|at)"
    rf"|works out (?:as|to))\s*(?P<value>-?{_NUM})(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Equation:
    """An equation in one unknown with its one solution."""

    text: str
    unknown: str
    solution: Fraction
    start: int
    end: int


def linear_equations(text: str) -> list[Equation]:
    """Every equation of `text` in one unknown that fixes it ("x + 5 = 15": 10; "2x = 3x - 4": 4), solved exactly;
    not "x = 8" (the value said, not an equation to solve), nor one the unknown is not first-degree in."""
    text = _arithmetic_text(text)
    equations = []
    for match in _EQUATION.finditer(text):
        written = match.group(0)
        unknowns = {found.lower() for found in re.findall(_UNKNOWN, written, re.IGNORECASE)}
        if len(unknowns) != 1 or re.search(r"\d\s+x\s+\d", written, re.IGNORECASE):
            continue  # two unknowns, or "3 x 4 = x": the times sign beside one
        [unknown] = unknowns
        left, right = written.split("=", 1)
        if re.fullmatch(rf"\s*{_UNKNOWN}\s*", left, re.IGNORECASE) and not re.search(_UNKNOWN, right, re.I):
            continue
        values = [_side_value(left, unknown, v) for v in (0, 1, 2)]
        rights = [_side_value(right, unknown, v) for v in (0, 1, 2)]
        if None in values or None in rights:
            continue
        differences = [a - b for a, b in zip(values, rights, strict=True)]
        slope = differences[1] - differences[0]
        if slope == 0 or differences[2] - differences[1] != slope:
            continue  # the unknown cancels, or is not first-degree
        equations.append(Equation(written.strip(), unknown, -differences[0] / slope, match.start(), match.end()))
    return equations


def _side_value(side: str, unknown: str, value: int) -> Fraction | None:
    """The side's value with the unknown put to `value` ("3x" is 3 x (value))."""
    pattern = re.escape(unknown) if unknown in "?□" else rf"(?<![a-z]){unknown}(?![a-z])"
    return evaluate(re.sub(pattern, f"({value})", side, flags=re.IGNORECASE).strip())


def solutions_said(text: str) -> list[tuple[ArithmeticClaim, int]]:
    """The unknown's value said after its equation, checked against the equation's solution ("If x + 5 = 12,
    then x = 8": wrong; "x + 5 = 12, so x is 7": right), each with where its equation starts."""
    text = _arithmetic_text(text)
    claims = []
    for equation in linear_equations(text):
        said = _UNKNOWN_IS.search(text, equation.end)
        if said is None or said.group("unknown").lower() != equation.unknown:
            continue
        stated = evaluate(said.group("value"))
        if stated is not None:
            claim = ArithmeticClaim(f"{equation.text}, {said.group(0)}", equation.solution, stated,
                                    stated == equation.solution)  # fmt: skip
            claims.append((claim, equation.start))
    return claims
