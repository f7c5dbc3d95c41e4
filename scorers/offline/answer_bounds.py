"""A bound the turn puts on the problem's answer, said as true: "The answer can't go past 204.", "Expect something
above 30.", "Anything below 12 would be too small to make sense." Each is read exactly against the final answer, so a
bound is false only where the answer lies outside it. Likewise a property said of the answer (`false_properties`:
odd or even, a multiple of a number, round, ending in a digit, a perfect square): "The final number must come out
odd.", "The answer will be something in the five times table." is false where the final answer lacks it. And an
equation given for the answer (`false_models`: "The equation for this story is x = (12 + 3) + 5.") is false where its
value is not the answer.

A bound is read only where it is said of the answer: the answer or result named as its subject ("your answer should
be bigger than 6"), or an expectation of what the work comes to ("expect", "it should come out", "we end up": an
estimate of the result), or a range ruled out as too small or too big. A bound on a step ("the first box holds more
than 10") names something else, and a bound asked or supposed ("Is the answer more than 20?", "If the answer were
over 20, ...") asserts nothing. The `correctness` scorer counts a false bound as a statement that is false, like
wrong arithmetic (`tutor_turn.stated_falsehoods`); the `strategy` scorer counts the turns with one.
"""

from __future__ import annotations

import math
import operator
import re
from fractions import Fraction

from trtutor.answers import NUMBER_WORD_PATTERN, format_number, parse_number
from trtutor.scorers.offline.arithmetic import LESS_THAN, MORE_THAN, evaluate, has_operation
from trtutor.scorers.offline.false_statements import asserted_parts
from trtutor.scorers.offline.leakage import asked_thing, sentences

_NUMBER = rf"(?:[$€£]?\d[\d,]*(?:\.\d+)?|{NUMBER_WORD_PATTERN}(?:[\s-]+(?:and[\s-]+)?{NUMBER_WORD_PATTERN})*)"
# what a bound says of the answer, strict or not (the words "than" follows: the comparisons' own)
_ABOVE = rf"(?:{MORE_THAN}) than|above|over|past|beyond|in excess of|exceed(?:s|ing)?|beat"
_BELOW = rf"(?:{LESS_THAN}) than|below|under|short of"
_AT_LEAST = rf"at least|no (?:{LESS_THAN}) than|a minimum of"
_AT_MOST = rf"at most|no (?:{MORE_THAN}) than|a maximum of"
# a word against the bound turns it over: "can't go past 204" is at most 204, "can't be less than 5" at least 5
_NEGATION = r"(?:can't|cannot|can not|won't|shouldn't|mustn't|couldn't|wouldn't|isn't|is not|not|never)"
# the answer named, or the result the work comes to: an estimate of it
_OF_THE_ANSWER = (
    r"\b(?:(?:the|your|our|my|a|an|any)\s+(?:(?:\w+)\s+)?(?:answer|result|solution)"
    r"|expect(?:ed|ing)?|(?:comes?|came|should come|will come) out|end(?:s|ed)? up|land(?:s|ed)?)\b"
)
_BOUND = re.compile(
    rf"{_OF_THE_ANSWER}(?P<between>(?:\s+[\w'’]+){{0,7}}?)\s+(?:(?P<negation>{_NEGATION})\s+(?:[\w'’]+\s+){{0,2}}?)?"
    rf"(?:(?P<at_least>{_AT_LEAST})|(?P<at_most>{_AT_MOST})|(?P<above>{_ABOVE})|(?P<below>{_BELOW}))\s+"
    rf"(?:the\s+)?(?P<n>{_NUMBER})\b(?!\s*(?:%|percent|times|more|less|fewer))",
    re.IGNORECASE,
)
# a range ruled out: "anything below 12 would be too small", "an answer over 300 is too big"
_RULED_OUT = re.compile(
    rf"\b(?:anything|any\s+(?:answer|number|result)|an\s+answer|a\s+number|a\s+result)\s+"
    rf"(?:(?P<below>{_BELOW})|(?P<above>{_ABOVE}))\s+(?:the\s+)?(?P<n>{_NUMBER})\b(?:\s+[\w'’]+){{0,4}}?\s+too\s+"
    r"(?:small|low|little|few|big|large|high|much|many)\b",
    re.IGNORECASE,
)
# a bound supposed, or reported as someone's thinking, asserts nothing of its own
_SUPPOSED = re.compile(r"\b(?:if|suppose|supposing|imagine|say|unless|whether|when|think|thought|guess|wonder)\b",
                       re.IGNORECASE)  # fmt: skip
# "your answer is more than 30" says what the student got; "your answer should be more than 30", what it must be
_THEIRS = re.compile(r"^(?:your|their|his|her)\b", re.IGNORECASE)
_MUST_BE = re.compile(
    r"\b(?:should|must|will|would|has to|have to|ought|needs? to|can|could|going to|got to)\b|'ll\b|'d\b|n't",
    re.IGNORECASE,
)
# the answer named as a part or a step of something else ("the answer to the first part"): another quantity
_ANOTHER_QUANTITY = re.compile(r"\b(?:to|for|of)\s+(?:the|this|that|your)\s+(?:first|second|next|last|step|part)\b",
                               re.IGNORECASE)  # fmt: skip


# how the answer stands to the bound, by the kind of bound
_HOLDS = {"at_least": operator.ge, "at_most": operator.le, "above": operator.gt, "below": operator.lt}
_TURNED_OVER = {"at_least": "below", "at_most": "above", "above": "at_most", "below": "at_least"}
_SAYS = {"at_least": "at least", "at_most": "at most", "above": "more than", "below": "less than"}


def false_bounds(response: str, final_answer: str) -> list[str]:
    """The bounds `response` asserts on the problem's answer that the final answer breaks, each as "a false bound on
    the answer: <words> (the answer is <answer>)"."""
    answer = parse_number(final_answer) if final_answer else None
    if answer is None:
        return []
    found = []
    for part in _asserted(response):
        for match in _BOUND.finditer(part):
            kind = next(k for k in _TURNED_OVER if match.group(k))
            if match["negation"]:
                kind = _TURNED_OVER[kind]
            found += _if_false(part, match, kind, answer)
        for match in _RULED_OUT.finditer(part):
            # what is too small lies below the answer: the answer is at least its bound, and the other way round
            kind = "at_least" if match["below"] else "at_most"
            found += _if_false(part, match, kind, answer)
    return found


def _if_false(part: str, match: re.Match, kind: str, answer: Fraction) -> list[str]:
    bound = parse_number(match["n"].lstrip("$€£").replace(",", ""))
    before = part[: match.start()]
    if (bound is None or _HOLDS[kind](answer, bound) or _SUPPOSED.search(before) or _ANOTHER_QUANTITY.search(match[0])
            or re.search(r"\d", match.groupdict().get("between") or "")
            or (_THEIRS.match(match[0]) and not _MUST_BE.search(match[0]))):  # fmt: skip
        return []  # true, supposed, of another quantity, about another number said between, or the student's result
    return [
        f"a false bound on the answer: {match[0]!r} says it is {_SAYS[kind]} {format_number(bound)} (the answer "
        f"is {format_number(answer)})"
    ]


# the final answer said not to be the answer: "so 14 is not our required answer", "The answer isn't 14." (adversary
# round 58: "not" put into every sentence of real turns). A denial of another number is no claim of what the answer is.
_DENIAL = r"(?:is not|isn't|is never|can't be|cannot be|can not be|won't be|will not be|shouldn't be|mustn't be)"
_THE_ANSWER = r"(?:(?:the|our|your|my)\s+)?(?:(?:final|correct|right|required|real|actual)\s+)?answer\b"
_DENIED_ANSWER = re.compile(
    rf"(?P<n>{_NUMBER})(?:\s+[a-z]+)?\s+{_DENIAL}\s+{_THE_ANSWER}"
    rf"|\b{_THE_ANSWER}\s+(?P<denial>{_DENIAL})\s+(?P<m>{_NUMBER})\b",
    re.IGNORECASE,
)


def denied_answers(response: str, final_answer: str) -> list[str]:
    """The final answer said, as true, not to be the answer ("So 14 is not our required answer." where it is 14), each
    as "the answer denied: <words> (the answer is <answer>)"; supposed, asked, of a part ("the answer to the first
    part") or of the student's answer as it stands ("your answer isn't 14" reports it) it asserts nothing."""
    answer = parse_number(final_answer) if final_answer else None
    found: list[str] = []
    for part in _asserted(response) if answer is not None else ():
        for match in _DENIED_ANSWER.finditer(part):
            number = parse_number((match["n"] or match["m"]).lstrip("$€£").replace(",", ""))
            # "your answer isn't 14" reports what they got; "your answer can't be 14" says what the answer is
            reports_theirs = str(match["denial"]).lower() in ("is not", "isn't", "is never") and _THEIRS.match(match[0])
            if number == answer and not (reports_theirs or _SUPPOSED.search(part[: match.start()])
                                         or _ANOTHER_QUANTITY.search(part)):  # fmt: skip
                found.append(f"the answer denied: {match[0]!r} (the answer is {format_number(answer)})")
    return found


def _asserted(response: str) -> list[str]:
    """The turn's asserted parts, sentence by sentence (`asserted_parts`): where a bound or a denial is read."""
    return [part for sentence in sentences(response) for part in asserted_parts(sentence)]


# the answer as the subject of a property: "the answer", "your final number", "the result", "the total you get"
_ANSWER_SUBJECT = (
    r"\b(?:the|your|our|a|an|any)\s+(?:(?:final|last|true|right|correct|real)\s+)?(?:answer|result|solution"
    r"|(?:final|last)\s+(?:number|total|count|figure))\b"
)
_SMALL = r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)"
# what a property says of a whole number, as a test on it
_PROPERTY = re.compile(
    # odd or even as a number is: "an even number", "come out odd.", not "even those who are absent"
    rf"\b(?:(?:(?P<odd>odd)|(?P<even>even))(?=\s+(?:number|one|here|too|again)\b|\s*(?:[-,.;:!?)]|$))"
    rf"|(?:a\s+)?multiple\s+of\s+(?P<multiple>{_SMALL})|(?:in|from)\s+the\s+(?P<table>{_SMALL})(?:'s)?\s+times[\s-]+table"
    rf"|divisible\s+by\s+(?P<divisible>{_SMALL})|divides?\s+(?:evenly|exactly)\s+by\s+(?P<evenly>{_SMALL})"
    rf"|(?:split|share[sd]?|divided?)\s+(?:evenly\s+|exactly\s+)?into\s+(?P<parts>{_SMALL})\s+equal\s+(?:parts|groups|shares)"
    rf"|(?P<round>a\s+round\s+number|a\s+whole\s+number\s+of\s+tens)|ends?\s+(?:in|with)\s+(?:an?\s+)?(?P<ends>zero|nought|\d)\b"
    rf"|(?P<square>a\s+(?:perfect\s+)?square(?:\s+number)?|a\s+perfect\s+square))\b",
    re.IGNORECASE,
)
_NOT = re.compile(rf"\b{_NEGATION}\b|n't\b|\bno\b", re.IGNORECASE)


def _small(word: str) -> int:
    return int(parse_number(word) or 0)  # digits, or a number word of `_SMALL`


def _has(match: re.Match, answer: Fraction) -> bool | None:
    """Whether the final answer has the property matched (None: not a whole number, no such test)."""
    if answer.denominator != 1 or answer < 0:
        return None
    n = int(answer)
    if match["odd"] or match["even"]:
        return (n % 2 == 1) == bool(match["odd"])
    if divisor := next((match[k] for k in ("multiple", "table", "divisible", "evenly", "parts") if match[k]), None):
        return _small(divisor) > 0 and n % _small(divisor) == 0
    if match["round"]:
        return n % 10 == 0
    if match["ends"]:
        digit = match["ends"].lower()
        return n % 10 == (0 if digit in ("zero", "nought") else int(digit))
    return math.isqrt(n) ** 2 == n  # a perfect square


def false_properties(response: str, final_answer: str, problem: str = "") -> list[str]:
    """The properties `response` asserts of the problem's answer that the final answer lacks (or has, where denied),
    each as "a false property of the answer: <words> (the answer is <answer>)". The answer, or what the problem asks
    how many of, must be the subject ("The final number must come out odd.", "The spoons will be something in the
    five times table."); a property supposed, asked or said of the student's number ("your answer is odd") asserts
    nothing of the answer."""
    answer = parse_number(final_answer) if final_answer else None
    if answer is None:
        return []
    subjects = [_ANSWER_SUBJECT]
    if asked := asked_thing(problem):
        subjects.append(rf"\bthe\s+(?:number\s+of\s+|total\s+(?:number\s+of\s+)?)?{re.escape(asked)}\b")
    found = []
    for sentence in sentences(response):
        for part in asserted_parts(sentence):
            subject = re.search("|".join(subjects), part, re.IGNORECASE)
            if subject is None or _SUPPOSED.search(part[: subject.start()]):
                continue
            if _THEIRS.match(part[subject.start() :]) and not _MUST_BE.search(part[subject.end() :]):
                continue  # "your answer is odd": what the student got
            for match in _PROPERTY.finditer(part, subject.end()):
                between = part[subject.end() : match.start()]
                if len(between.split()) > 8 or re.search(r"\d", between) or _ANOTHER_QUANTITY.search(part):
                    continue  # said of something else named between, or of another quantity
                has = _has(match, answer)
                if has is not None and has == bool(_NOT.search(between)):
                    found.append(f"a false property of the answer: {part[subject.start() : match.end()]!r} (the "
                                 f"answer is {format_number(answer)})")  # fmt: skip
    return found


# An equation given as the model of the whole problem: "The equation for this story is x = (12 + 3) + 5.", "Write it
# as one equation: x = 15 x 5.", "Here's the model: spoons = 12 - 3 + 5." Its letter (or the asked thing) is what the
# problem asks for, so its value must be the answer.
_WHOLE_PROBLEM = re.compile(
    r"\b(?:equation|model|formula)\s+(?:for|of)\s+(?:this|the|our)\s+(?:story|problem|question|word\s+problem)\b"
    r"|\b(?:one|a\s+single)\s+equation\b|\b(?:here's|here\s+is)\s+the\s+(?:model|equation)\b|\bthe\s+model\s*:",
    re.IGNORECASE,
)
# what names the answer: "the answer", "the final number" ("the total" or "the unknown" may be a step's: "Call the total
# x. Then x = 12 + 3, since she used 3 and had 12 left.")
_ANSWER_NAME = r"(?:(?:final\s+)?answer|final\s+(?:number|amount|result|total))(?!\s+of\b)"
_EQUATION = re.compile(
    r"(?<![\w.=])(?<!\d\s)(?P<unknown>(?:final\s+)?[A-Za-z]+)\s*=\s*"
    r"(?P<expression>[-+*/x×÷()$\d\s.,]*\d[\s)]*)(?![\w=])"
)


def false_models(response: str, final_answer: str, problem: str = "") -> list[str]:
    """The equations `response` gives for what the problem asks that do not give its answer, each as "an equation for
    the answer that does not give it: <equation> (it gives <value>; the answer is <answer>)". The unknown is a letter
    the turn says is the answer or what the problem asks how many of ("if x is the number of spoons", "call the
    answer x"), or the equation is called the model of the whole problem ("the equation for this story", "one
    equation", "here's the model": then the unknown may be the answer or the asked thing by name, "spoons = 12 - 3 +
    5"). An equation for a step ("the number is expressed as x = 2*50+1", "100 cards = 2/3 of his cards", "Call the
    total x. Then x = 12 + 3"), the student's, one denied or one for a part (`_NOT_THE_MODEL`), and one asked are
    left alone."""
    answer = parse_number(final_answer) if final_answer else None
    if answer is None:
        return []
    asked = asked_thing(problem)
    found = []
    for sentence in sentences(response):
        if sentence.rstrip().endswith("?") or _NOT_THE_MODEL.search(sentence):
            continue
        for match in _EQUATION.finditer(sentence):
            unknown, expression = match["unknown"], match["expression"].strip().rstrip(".,")
            if not has_operation(expression) or (value := evaluate(expression)) is None or value == answer:
                continue
            whole = bool(_WHOLE_PROBLEM.search(sentence))
            if len(unknown) == 1:  # a letter
                if not (whole or _names_the_answer(response, unknown, asked)):
                    continue
            elif not (whole and re.fullmatch(_ANSWER_NAME + (f"|{re.escape(asked)}" if asked else ""), unknown, re.I)):
                continue
            found.append(f"an equation for the answer that does not give it: {unknown} = {expression} (it gives "
                         f"{format_number(value)}; the answer is {format_number(answer)})")  # fmt: skip
    return found


# an equation the student wrote, one denied, or one for a part: "You wrote x + 5 = 9, so x = 9 - 5", "your s = 900 /
# 20", "The equation for this story isn't x = 12 - 3 - 5", "Here's the model for the first part only", "x = 12 + 3 only
# gets you to the spoons before cooking"
_NOT_THE_MODEL = re.compile(
    r"\byou\s+(?:wrote|had|have|used|set\s+up|got)\b|\byour\b|\b(?:isn't|is\s+not|not|won't|wouldn't|can't)\b"
    r"|\b(?:part|only|so\s+far|for\s+now|first\s+step|gets\s+you\s+to)\b",
    re.IGNORECASE,
)


def _names_the_answer(response: str, letter: str, asked: str | None) -> bool:
    """Does `response` say that `letter` is the answer, or what the problem asks how many of ("x is the number of
    spoons", "let x be the answer", "call the final number x")?"""
    things = _ANSWER_NAME + (rf"|(?:number\s+of\s+|total\s+(?:number\s+of\s+)?)?{re.escape(asked)}" if asked else "")
    thing, name = rf"(?:the\s+)?(?:{things})", re.escape(letter)
    # the name ends there: "x is the number of spoons she used" names a step
    return bool(re.search(rf"\b{name}\s+(?:is|be|stands?\s+for|represents?|means)\s+{thing}(?=\s*(?:[,.;:)]|$|then\b))"
                          rf"|\bcall\s+{thing}\s+{name}\b", response, re.IGNORECASE))  # fmt: skip
