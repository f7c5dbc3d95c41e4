"""Numbers in tutoring text: the final answer of a solution, and every number a turn mentions.

Values are exact `Fraction`s so that `1,200`, `$1200`, `1200.0` and `one thousand two hundred` compare equal, and
`3/4` equals `0.75`, without float rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_SCALES = _SCALES  # the scale words and their sizes ("25 thousand" is 25 x 1,000)
_NUMBER_WORDS = {**_UNITS, **_TENS, **_SCALES}
ENGLISH_NUMBER_WORDS = frozenset(_NUMBER_WORDS)  # "one" ... "nineteen", the tens, and the scales

# A digit number: optional sign and currency, thousands groups of exactly three digits (so "1, 2" stays two
# numbers), an optional decimal part, an optional fraction "/b" and an optional percent sign. A fraction may end a
# sentence ("It's 72/8."), not run on into a decimal ("3/4.5" is no fraction). A scale after the digits is part of
# the number: "25 thousand" and "25k" are 25,000, "2.5 million" 2,500,000 (read apart, "The answer is 25 thousand."
# stated 25 and 1,000, a wrong answer). Not after a Latin letter ("x2", "H2O"); after a Chinese or Japanese character
# a number stands alone ("答案是160。").
_DIGITS = r"\d+(?:,\d{3})+(?!\d)|\d+"
DIGIT_NUMBER_PATTERN = (
    rf"(?<![0-9A-Za-z_.\u00c0-\u024f])(?P<neg>-)?[$€£]?(?P<int>{_DIGITS})(?:\.(?P<dec>\d+))?"
    r"(?:\s+(?P<scale>(?i:hundred|thousand|million|billion))\b|(?P<k>[kK])\b)?"
    r"(?:\s*/\s*(?P<den>\d+)(?!\d|\.\d))?%?"
)
_DIGIT_NUMBER = re.compile(DIGIT_NUMBER_PATTERN)
# Labels, not quantities: the numbers of a list's items, each at the start of a line ("1. Super, well done.\n2. So he
# has $30 left..."; two items at least, so that a line that starts with a quantity stays one) and the number of a step
# named with a colon ("Step 2: multiply") or after its noun ("line 1"). Read as numbers, a list of three items
# stated the answer 2 (round 27).
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*\u2022][ \t]*)?(\d{1,2})[.)](?=[ \t]+\S)", re.MULTILINE)
# a line, step or row of the work named by its number ("Step 2:", "Recheck line 1", "in step 2 you ...": round 47)
NUMBERED_PLACE = r"\b(?:step|line|row)\s+(?:number\s+|no\.?\s*)?(?P<number>\d{1,2})\b"
_STEP_LABEL = re.compile(
    NUMBERED_PLACE + r"(?!\s*(?:[-+x\u00d7*/=%]|\.\d))",  # not one with an operation after it ("step 2 + 3")
    re.IGNORECASE,
)
_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
NUMBER_WORD_PATTERN = f"(?:{_WORD})"  # one English number word ("twelve", "hundred"), longest first
# Words join by spaces and hyphens, and by "and" only after a scale ("one hundred and four", "two thousand and
# five", as British and much American usage says them): "two and one-half" is two numbers, not three.
_AFTER_SCALE = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+"
_WORD_NUMBER = re.compile(rf"\b(?:{_WORD})(?:(?:{_AFTER_SCALE}|[\s-]+)(?:{_WORD}))*\b", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMention:
    """A number written in a text, with where it stands."""

    value: Fraction
    start: int
    end: int
    text: str


def parse_number(text: str) -> Fraction | None:
    """The value of one written number (`1,200`, `$30`, `30.0`, `3/4`, `-2.5`, `50%`, `thirty-five`), or None."""
    text = text.strip()
    match = _DIGIT_NUMBER.fullmatch(text)
    if match:
        return _digit_value(match)
    if (words := _WORD_NUMBER.fullmatch(text)) and len(_word_numbers_in(words)) == 1:
        return _words_value(text)
    if len(mentions := find_numbers(text)) == 1 and (mentions[0].start, mentions[0].end) == (0, len(text)):
        return mentions[0].value  # a mixed number: "2 1/2"
    return None


@lru_cache(maxsize=8192)
def _find_numbers(text: str) -> tuple[NumberMention, ...]:
    # The judges look at the same conversation many times (once per rubric, per response): parse it once.
    return tuple(_scan_numbers(text))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, digits and number words, in order of appearance."""
    return list(_find_numbers(text))


def _scan_numbers(text: str) -> list[NumberMention]:
    labels = _label_spans(text)
    mentions = [
        NumberMention(value, m.start(), m.end(), m.group(0))
        for m in _DIGIT_NUMBER.finditer(text)
        if m.start() not in labels and (value := _digit_value(m)) is not None
    ]
    mentions = _mixed_numbers_joined(text, mentions)
    digit_spans = [(mention.start, mention.end) for mention in mentions]
    for match in _WORD_NUMBER.finditer(text):
        for start, end in _word_numbers_in(match):
            if any(low <= start < high for low, high in digit_spans):
                continue  # the scale of a digit number ("25 thousand")
            if (value := _words_value(text[start:end])) is not None:
                if (part := _FRACTION_NOUN.match(text, end)) and 0 < value <= 20:
                    # "one half", "three quarters", "two fifths": a fraction, not the number of its numerator
                    value, end = value / FRACTION_DENOMINATORS[part.group(1).lower().rstrip("s")], part.end()
                mentions.append(NumberMention(value, start, end, text[start:end]))
    return _collective_numbers(text, sorted(mentions, key=lambda mention: mention.start))


# The nouns of a group of a fixed size, the closed class whole (adversary round 65: a class re-opened by each noun left
# out, so listed whole rather than noun by noun). `number_forms` reads a number of them as a count ("4 quartets" is
# 16), all but "score" and "gross", which after a number are more often a test's scores and gross pay ("3 scores").
# Not "triplet": "one triplet" is one of three children (GSM8K: "One twin is 7 years older than one triplet").
GROUP_SIZES = {"brace": 2, "trio": 3, "quartet": 4, "quintet": 5, "sextet": 6, "half-dozen": 6,
               "septet": 7, "octet": 8, "nonet": 9, "dozen": 12, "score": 20, "gross": 144}  # fmt: skip
# counts said with a collective noun (adversary round 42: "there are a dozen pencils" where the problem says 27): "a
# dozen", "half a dozen", "a half-dozen", "a dozen and a half", "a baker's dozen", "a score of", "a trio of", "a
# quartet of", "a gross of", "a brace of" (a pair is a unit too often: "$50 for a pair of shoes"); not a unit of sale
# ("$5 a dozen", "per dozen"), nor a test's score ("a score of 85")
_COLLECTIVE = re.compile(
    r"(?<![\d$€£%]\s)(?<!\bper\s)(?<!\bby the\s)\b(?:(?P<half>half a|a half-)|a baker's|an?)\s*dozen\b"
    r"(?P<and_a_half>\s+and\s+a\s+half)?(?!\s+(?:per|each)\b)"
    rf"|\ba\s+(?:{'|'.join(noun for noun in GROUP_SIZES if noun not in ('dozen', 'half-dozen'))})\s+of\s+(?=[a-z])",
    re.IGNORECASE,
)


def _collective_numbers(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """The mentions with counts said by a collective noun added (`_COLLECTIVE`); a number of dozens ("3 dozen") stays
    the number, its unit the dozen (`number_forms.unit_quantities` converts it)."""
    read = list(mentions)
    for match in _COLLECTIVE.finditer(text):
        said = match.group(0).strip()
        noun = next(noun for noun in GROUP_SIZES if noun in said.lower())
        value = Fraction(6 if match["half"] else 13 if "baker" in said.lower() else GROUP_SIZES[noun])
        value *= Fraction(3, 2) if match["and_a_half"] else 1
        read.append(NumberMention(value, match.start(), match.start() + len(said), said))
    return sorted(read, key=lambda mention: mention.start)


def _mixed_numbers_joined(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """The mentions with each mixed number made one: a whole number, a space and a fraction below one ("2 1/2" is
    5/2, not 2 and 1/2)."""
    joined: list[NumberMention] = []
    for mention in mentions:
        whole = joined[-1] if joined else None
        if (whole is not None and whole.value.denominator == 1 and "/" not in whole.text
                and _MIXED_GAP.fullmatch(text, whole.end, mention.start) and "/" in mention.text
                and 0 < mention.value < 1 and mention.text[0].isdigit()):  # fmt: skip
            value = whole.value - mention.value if whole.value < 0 else whole.value + mention.value  # "-2 1/2"
            joined[-1] = NumberMention(value, whole.start, mention.end, text[whole.start : mention.end])
        else:
            joined.append(mention)
    return joined


_MIXED_GAP = re.compile(r"[ \t]+")


# the nouns of a fraction said in words, by denominator (not "second": "one second" is a time)
FRACTION_DENOMINATORS = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
                         "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "twelfth": 12, "twentieth": 20,
                         "hundredth": 100}  # fmt: skip
_FRACTION_NOUN = re.compile(
    r"[\s-]+(half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?|twelfths?"
    r"|twentieths?|hundredths?)\b",
    re.IGNORECASE,
)


def _label_spans(text: str) -> dict[int, int]:
    """Where each number that labels a list's item or a step starts, and where it ends (`_LIST_ITEM`, `_STEP_LABEL`)."""
    items = [match.span(1) for match in _LIST_ITEM.finditer(text)]
    return dict([*(items if len(items) >= 2 else ()), *(match.span(1) for match in _STEP_LABEL.finditer(text))])


def without_labels(text: str) -> str:
    """The text with the numbers of its list items and named steps blanked (same length, so offsets hold): for checks
    that read a sentence at a time, where "2." alone no longer shows that it labels an item."""
    for start, end in _label_spans(text).items():
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _word_numbers_in(match: re.Match[str]) -> list[tuple[int, int]]:
    """The numbers of a run of number words, split where English grammar starts a new one: a word below a hundred
    after another that a scale does not follow ("nine eight" is 9 and 8, "twenty twenty" 20 and 20; "twenty-one",
    "one hundred and four", "two thousand five hundred" are one each)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    previous, last_end = None, 0
    for word in re.finditer(r"[a-z]+", match.group(0), re.IGNORECASE):
        lowered = word.group(0).lower()
        if lowered == "and":
            continue
        at, end = match.start() + word.start(), match.start() + word.end()
        joins = previous is not None and (
            lowered in _SCALES
            or previous in _SCALES
            or (previous in _TENS and lowered in _UNITS and _UNITS[lowered] < 10 and lowered != "zero")
        )
        if start is not None and not joins:
            spans.append((start, last_end))
            start = None
        if start is None:
            start = at
        previous, last_end = lowered, end
    if start is not None:
        spans.append((start, last_end))
    return spans


def extract_final_answer(solution: str) -> Fraction | None:
    """The final numeric answer of a GSM8K-style solution: the number after `####`, else the last number."""
    if "####" in solution:
        solution = solution.rsplit("####", 1)[1]
    numbers = [mention for mention in find_numbers(solution) if not mention.text.endswith("%")]
    return numbers[-1].value if numbers else None


def format_number(value: Fraction) -> str:
    """A number as a person would write it: `30`, `2.5`, `1/3`."""
    if value.denominator == 1:
        return str(value.numerator)
    as_decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(as_decimal) == value:
        return format(as_decimal.normalize(), "f")
    return f"{value.numerator}/{value.denominator}"


def _digit_value(match: re.Match[str]) -> Fraction | None:
    digits, decimals = match.group("int").replace(",", ""), match.group("dec")
    if decimals is None:
        value = Fraction(int(digits))  # most numbers are whole: skip the Decimal round trip
    else:
        try:
            value = Fraction(Decimal(f"{digits}.{decimals}"))
        except InvalidOperation:
            return None
    if match.group("scale"):
        value *= _SCALES[match.group("scale").lower()]
    elif match.group("k"):
        value *= 1_000
    if match.group("den") is not None:
        denominator = int(match.group("den"))
        if denominator == 0 or match.group("dec") is not None:
            return None
        value = value / denominator
    return -value if match.group("neg") else value


def _words_value(text: str) -> Fraction | None:
    words = [word for word in re.split(r"[\s-]+", text.lower()) if word and word != "and"]
    total, current = 0, 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return Fraction(total + current)
