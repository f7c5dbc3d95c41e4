"""Laws of numbers said wrong: what a sentence says of any number, checked on numbers put in for it.

A misconception is a law, not a calculation: "any number divided by 0 is 0", "multiplying by 0 leaves a number
unchanged", "adding 0 to a number doubles it", "two negatives multiplied together make a negative". There is no
calculation in them for `arithmetic.py` to redo, so each law is checked by putting numbers in for "any number" (7 and
12: not 0, 1 or 2, whose sums and products coincide) and for "a negative" or "a positive" (-3 and -7, 2 and 5): a law
that fails for every one is false, right by construction. A law that holds for some and not others ("a negative plus
a positive is positive") is no law this check reads, and a sentence that asks, denies, supposes or reports a belief
("Some think any number divided by 0 is 0, but ...") asserts none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from trtutor.answers import parse_number
from trtutor.scorers.offline.operation_words import APPLY as _OPERATIONS
from trtutor.scorers.offline.operation_words import OPERATION_WORDS, alternation, operation_of_word

# what is put in for "any number", for "a negative" and for "a positive"
_ANY = (Fraction(7), Fraction(12))
_SIGNED = {"negative": (Fraction(-3), Fraction(-7)), "positive": (Fraction(2), Fraction(5))}

# an operation named between its two terms: "any number divided by 0", "a negative times a negative"
_BETWEEN = {"plus": "add", "added to": "add", "add": "add", "+": "add", "minus": "subtract", "take away": "subtract",
            "-": "subtract", "times": "multiply", "multiplied by": "multiply", "x": "multiply", "×": "multiply",
            "*": "multiply", "divided by": "divide", "over": "divide", "÷": "divide", "/": "divide"}  # fmt: skip
_BETWEEN_WORDS = "|".join(re.escape(word) for word in sorted(_BETWEEN, key=len, reverse=True))
# an operation named by its verb: "dividing by zero", "adding 0 to a number", "when you multiply a number by 1"
_VERBS = {"add": "add", "subtract": "subtract", "tak": "subtract", "multipl": "multiply", "divid": "divide"}

_ANY_NUMBER = (
    r"(?:any|a|every|each)\s+(?:whole\s+|real\s+|single\s+|other\s+)?(?:number|value|integer)"
    r"|anything|everything"
)
_CONSTANT = (r"(?:\d+(?:\.\d+)?|zero|nought|nothing|one|two|three|four|five|six|seven|eight|nine|ten|a hundred"
             r"|one hundred|a thousand)")  # fmt: skip
_GIVES = (
    r"(?:always\s+|just\s+|still\s+|will\s+|only\s+)*(?:is|are|be|equals?|gives?(?:\s+you)?|makes?|leaves?"
    r"|comes?\s+to|results?\s+in|=|turns?\s+(?:it\s+)?into|get|you\s+get|we\s+get|the\s+(?:answer|result)\s+is)"
)
# what a law says comes out: a number, the number itself, twice or half of it, or nothing defined
_RESULT = (
    rf"(?P<same>(?:(?:it|the\s+number|a\s+number|the\s+value|them)\s+)?(?:unchanged|the\s+same(?:\s+number)?"
    rf"|as\s+it\s+(?:is|was))|(?:the\s+(?:same\s+)?number\s+)?itself|the\s+(?:original|same|starting)\s+number)"
    rf"|(?P<double>double(?:s)?(?:\s+(?:it|the\s+number|a\s+number))?|twice\s+(?:as\s+much|the\s+number|it))"
    rf"|(?P<half>halves?\s+(?:it|the\s+number)|half\s+(?:of\s+)?(?:it|the\s+number))"
    rf"|(?P<undefined>undefined|impossible|not\s+allowed|not\s+defined|no\s+(?:answer|number))"
    rf"|(?:an?\s+)?(?P<sign>positive|negative)(?:\s+(?:number|result|answer))?"
    rf"|(?:it\s+)?(?P<constant>{_CONSTANT})(?!\w|\.\d)"
)
# "any number divided by 0 is 0", "0 times any number is 0"
_LAW_BETWEEN = re.compile(
    rf"(?:(?P<any>{_ANY_NUMBER})\s*(?P<op>{_BETWEEN_WORDS})\s*(?P<k>{_CONSTANT})"
    rf"|(?P<k2>{_CONSTANT})\s*(?P<op2>{_BETWEEN_WORDS})\s*(?P<any2>{_ANY_NUMBER}))"
    rf"(?:\s*,)?\s+{_GIVES}\s+(?P<result>{_RESULT})\b",
    re.IGNORECASE,
)
# "dividing by zero gives zero", "adding 0 to a number doubles it", "multiplying a number by 1 gives 1"
_LAW_VERB = re.compile(
    rf"\b(?:when\s+(?:you|we)\s+|if\s+(?:you|we)\s+)?(?P<verb>add|subtract|tak|multipl|divid)(?:e|es|ing|s|y|ies|ying)?\s+"
    rf"(?:(?:(?P<subject>{_ANY_NUMBER}|something)\s+)?(?:by|to|from|away)\s+(?P<k>{_CONSTANT})"
    rf"|(?P<k2>{_CONSTANT})\s+(?:to|from)\s+(?P<subject2>{_ANY_NUMBER}|something))(?:\s+always|\s+just|\s+only)?\s*,?\s*"
    rf"(?:(?P<doubles>doubles?\s+(?:it|the\s+number|a\s+number))|(?P<halves>halves?\s+(?:it|the\s+number))"
    rf"|(?:leaves?|keeps?)\s+(?:it|the\s+number|a\s+number|the\s+value|them)\s+(?P<kept>unchanged|the\s+same)"
    rf"|{_GIVES}\s+(?P<result>{_RESULT}))\b",
    re.IGNORECASE,
)
# "two negatives multiplied together make a negative", "a negative times a negative is negative", "the product of two
# negative numbers is negative"
_SIGNED_TERM = r"(?:an?\s+)?(?P<{name}>positive|negative)(?:\s+number)?"
_PRODUCT_OF = {"product": "multiply", "sum": "add", "difference": "subtract", "quotient": "divide"}
_SIGN_LAW = re.compile(
    rf"(?:(?:the\s+(?P<noun>product|sum|difference|quotient)\s+of\s+)?two\s+(?P<both>positive|negative)s?(?:\s+numbers)?"
    rf"(?:\s*,?\s*(?:when\s+)?(?P<verb>multiplied|added|subtracted|divided)(?:\s+together|\s+by\s+each\s+other)?)?"
    rf"|{_SIGNED_TERM.format(name='first')}\s*(?P<op>{_BETWEEN_WORDS})\s*{_SIGNED_TERM.format(name='second')}"
    rf"|(?:when\s+|if\s+)?(?:you|we)\s+(?P<verb2>multiply|add|divide)\s+two\s+(?P<both2>positive|negative)s?"
    rf"(?:\s+numbers)?(?:\s+together)?)"
    rf"\s*,?\s+(?:{_GIVES}|make|makes|give|gives|are|always\s+(?:make|give|is|are))\s+(?:always\s+)?(?:an?\s+)?"
    rf"(?P<sign>positive|negative)\b",
    re.IGNORECASE,
)
_PAST_VERB = {"multiplied": "multiply", "added": "add", "subtracted": "subtract", "divided": "divide"}
# a sentence that asserts no law of its own: it asks, denies, supposes, or tells what someone believes
_NO_ASSERTION = re.compile(
    r"\?|\b(?:not|n't|never|no\s+longer|think|thinks|believe|believes|myth|misconception|mistake|wrong|false"
    r"|untrue|suppose|pretend|imagine|whether|common\s+error|some\s+people|many\s+(?:people|students))\b",
    re.IGNORECASE,
)


def false_laws(text: str) -> list[str]:
    """The laws of numbers the text asserts that fail for every number put in (module docstring)."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if _NO_ASSERTION.search(sentence):
            continue
        for match in _LAW_BETWEEN.finditer(sentence):  # "any number divided by 0", "0 times any number"
            operation = _BETWEEN[(match["op"] or match["op2"]).lower()]
            if _law_fails(match, operation, match["k"] or match["k2"], match["any"] or match["any2"], not match["any"]):
                found.append(match.group(0).strip())
        for match in _LAW_VERB.finditer(sentence):  # "dividing by zero", "adding 0 to a number"
            subject = match["subject"] or match["subject2"]
            if _law_fails(match, _VERBS[match["verb"].lower()], match["k"] or match["k2"], subject, False):
                found.append(match.group(0).strip())
        for match in _SIGN_LAW.finditer(sentence):
            if match["noun"]:
                name = _PRODUCT_OF[match["noun"].lower()]
            elif match["verb"] or match["verb2"]:
                name = _PAST_VERB.get((match["verb"] or "").lower()) or match["verb2"].lower()
            elif match["op"]:
                name = _BETWEEN[match["op"].lower()]
            else:
                continue  # "two negatives make a positive": no operation said
            signs = (match["both"] or match["both2"] or "").lower()
            first, second = (signs, signs) if signs else (match["first"].lower(), match["second"].lower())
            results = [_OPERATIONS[name](a, b) for a in _SIGNED[first] for b in _SIGNED[second]]
            if None in results:
                continue
            said_positive = match["sign"].lower() == "positive"
            if all((result > 0) != said_positive for result in results):
                found.append(match.group(0).strip())
    return found + false_rules(text)


# Rules taught as tips (round 48: "Golden rule: order doesn't matter in subtraction.", "A number divided by itself is
# zero.", "Multiplying always makes a number bigger.", "'Twice as many' means you add 2."): each is a law, checked like
# the others on numbers put in, or a keyword said to mean an operation it never asks for. A rule asked, supposed or
# reported as a belief asserts nothing; its own negation ("order doesn't matter") is what it says.
# an operation named by its own words, or as its result is got ("divided by", "shared")
_NAMED_OPERATION = {**operation_of_word(OPERATION_WORDS), "divided by": "divide", "multiplied by": "multiply",
                    "share": "divide", "sharing": "divide"}  # fmt: skip
_OPERATION_WORD = alternation(_NAMED_OPERATION)


def _named(words: str) -> str:
    """The operation the matched words name, however spaced or cased."""
    return _NAMED_OPERATION[" ".join(words.lower().split())]


_ORDER_LAW = re.compile(
    rf"\border\s+(?:doesn't|does\s+not|won't|will\s+not|never)\s+(?:matter|count|change\s+anything)\s+(?:in|for|with"
    rf"|when\s+(?:you\s+)?)\s*(?:a\s+|an\s+|any\s+)?(?P<op>{_OPERATION_WORD})\b"
    rf"|\b(?P<op2>{_OPERATION_WORD})\s+is\s+commutative\b"
    rf"|\byou\s+can\s+(?:always\s+)?(?:swap|switch|flip|reverse)\s+(?:the\s+)?(?:numbers|order)\s+(?:in|of|when\s+(?:you\s+)?)"
    rf"\s*(?:a\s+|an\s+|any\s+)?(?P<op3>{_OPERATION_WORD})\b",
    re.IGNORECASE,
)
_SELF_LAW = re.compile(
    rf"\b(?:a|any|every)\s+number\s+(?P<op>{_BETWEEN_WORDS})\s+itself\s+(?:is|equals|makes|gives|=)\s+(?:always\s+)?"
    rf"(?P<k>{_CONSTANT})\b",
    re.IGNORECASE,
)
# what "always" makes bigger or smaller, tried on a part and a multiple: "multiplying always makes a number bigger"
_ALWAYS_SIZE = re.compile(
    rf"\b(?P<op>{_OPERATION_WORD})\b[^.?!]{{0,25}}?\balways\s+(?:makes?|gives?|leaves?)\s+(?:(?:a|the|your)\s+)?"
    r"(?:number|it|answer|result|things|numbers)?\s*(?:\w+\s+)?(?P<size>bigger|larger|greater|smaller|less|lower)\b"
    r"|\ba\s+fraction\s+of\s+a\s+number\s+is\s+always\s+(?P<size2>bigger|larger|greater|smaller|less|lower)\b",
    re.IGNORECASE,
)
_TRIED = (Fraction(1, 2), Fraction(3))
# a word of a problem said to mean an operation: "'fewer' means you multiply", "the word 'each' always means add"
_OPEN_QUOTE, _CLOSE_QUOTE = "['\"\u2018\u201c]", "['\"\u2019\u201d]"
_KEYWORD_RULE = re.compile(
    rf"(?:the\s+word\s+)?{_OPEN_QUOTE}(?P<word>[a-z ]{{2,20}}){_CLOSE_QUOTE},?\s+(?:always\s+)?"
    r"(?:means|tells\s+you\s+to|is\s+a\s+(?:sign|clue)\s+to|signals)\s+(?:that\s+)?(?:you\s+)?(?:should\s+|have\s+to\s+|need\s+to\s+|must\s+)?"
    rf"(?:always\s+)?(?P<op>{_OPERATION_WORD})\b"
    rf"|\bwhen\s+a\s+(?:problem|question|story)\s+says\s+{_OPEN_QUOTE}(?P<word2>[a-z ]{{2,20}}){_CLOSE_QUOTE},?\s+"
    rf"(?:you\s+)?(?:always\s+)?(?P<op2>{_OPERATION_WORD})\b",
    re.IGNORECASE,
)
# the operations each word of a problem may ask for (those a word may mean in some problem, leniently)
_KEYWORD_OPERATIONS = {
    **dict.fromkeys(("in all", "altogether", "total", "in total", "combined", "together"), {"add", "multiply"}),
    "sum": {"add"}, "plus": {"add"}, "more than": {"add", "subtract"},
    **dict.fromkeys(("fewer", "fewer than", "less", "less than", "difference", "how many more", "how much more",
                     "take away", "minus"), {"subtract"}),
    **dict.fromkeys(("left", "left over", "remain", "remaining"), {"subtract", "divide"}),
    **dict.fromkeys(("twice", "twice as many", "times as many", "times", "double", "triple", "of", "product",
                     "groups of"), {"multiply"}),
    **dict.fromkeys(("half", "half as many", "shared equally", "share", "shared", "split", "quotient"), {"divide"}),
    **dict.fromkeys(("each", "per", "every", "a piece"), {"multiply", "divide"}),
}  # fmt: skip
_RULE_NOT_ASSERTED = re.compile(
    r"\?|\b(?:think|thinks|believe|believes|myth|misconception|mistake|wrong|false|untrue|suppose|pretend|imagine"
    r"|whether|common\s+error|some\s+people|many\s+(?:people|students)|isn't\s+true|is\s+not\s+true)\b",
    re.IGNORECASE,
)


def false_rules(text: str) -> list[str]:
    """The rules taught as tips that fail: an order law, a number with itself, what always grows or shrinks, a keyword
    said to mean an operation it never asks for."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if _RULE_NOT_ASSERTED.search(sentence):
            continue
        for match in _ORDER_LAW.finditer(sentence):
            operation = _OPERATIONS[_named(match["op"] or match["op2"] or match["op3"])]
            if all(operation(a, b) != operation(b, a) for a, b in (_ANY, _ANY[::-1])):
                found.append(match.group(0).strip())
        for match in _SELF_LAW.finditer(sentence):
            operation, k = _OPERATIONS[_BETWEEN[match["op"].lower()]], _constant(match["k"])
            if k is not None and all(operation(x, x) != k for x in _ANY):
                found.append(match.group(0).strip())
        for match in _ALWAYS_SIZE.finditer(sentence):
            name = _named(match["op"]) if match["op"] else "multiply"
            bigger = (match["size"] or match["size2"]).lower() in ("bigger", "larger", "greater")
            results = [(x, _OPERATIONS[name](x, k)) for x in _ANY for k in _TRIED]
            if any(result is not None and (result > x) != bigger for x, result in results):
                found.append(match.group(0).strip())
        for match in _KEYWORD_RULE.finditer(sentence):
            word = (match["word"] or match["word2"]).lower().strip()
            said = _named(match["op"] or match["op2"])
            if word in _KEYWORD_OPERATIONS and said not in _KEYWORD_OPERATIONS[word]:
                found.append(match.group(0).strip())
        if (percent := re.search(r"\bper\s?cent\s+means\s+out\s+of\s+(?P<n>\w+)", sentence, re.IGNORECASE)) and (
            parse_number(percent["n"]) not in (None, 100)
        ):
            found.append(percent.group(0).strip())
    return found


def _law_fails(match: re.Match[str], operation: str, said_k: str | None, subject: str | None, k_first: bool) -> bool:
    """Does the law the match says of `operation` by the constant `said_k` ("k op x" when `k_first`) fail for every
    number put in, said of every number (`_general`)?"""
    k = _constant(said_k)
    if k is None or not _general(subject, k):
        return False
    function = _OPERATIONS[operation]
    return _fails(lambda x: function(k, x) if k_first else function(x, k), match, _ANY)


def _general(subject: str | None, k: Fraction) -> bool:
    """Is the law said of every number? "Any number times 2 is 24" is; "a number times 2 is 24" is a riddle of one
    number, and "dividing by 2 gives 45" speaks of the number at hand. By 0 or 1 they are laws all the same (0 and 1
    are what misconceptions are about)."""
    return k in (0, 1) or (subject is not None and re.match(r"(?:any|every|each)\b|anything|everything", subject,
                                                              re.IGNORECASE) is not None)  # fmt: skip


def _constant(said: str | None) -> Fraction | None:
    if said is None:
        return None
    said = said.lower()
    return Fraction(0) if said in ("zero", "nought", "nothing") else parse_number(said)


def _fails(law: Callable[[Fraction], Fraction | None], match: re.Match[str], numbers: tuple[Fraction, ...]) -> bool:
    """Does what the match says comes out of `law` fail for every number put in?"""
    groups = match.groupdict()
    outcomes = []
    for x in numbers:
        value = law(x)
        if groups.get("same") or groups.get("kept"):
            expected: Fraction | str | None = x
        elif groups.get("double") or groups.get("doubles"):
            expected = 2 * x
        elif groups.get("half") or groups.get("halves"):
            expected = x / 2
        elif groups.get("undefined"):
            expected = "undefined"
        elif groups.get("sign"):
            if value is None:
                return False
            outcomes.append((value > 0) == (groups["sign"].lower() == "positive"))
            continue
        elif groups.get("constant"):
            expected = _constant(groups["constant"])
        else:
            return False
        outcomes.append(value == expected if value is not None else expected == "undefined")
    return bool(outcomes) and not any(outcomes)
