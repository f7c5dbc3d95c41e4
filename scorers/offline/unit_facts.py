"""False facts of units and counting said as true: "a gallon holds five quarts", "an hour has 58 minutes", "a pair is
4". Each fact is read exactly: both units' sizes are known (`number_forms`' unit table, and the coins and calendar
here), and the fact is checked only where the true count is a whole number, so "a meter is about 3 feet" (3.28...)
is never called false.

The `correctness` scorer's falsehood checks (`tutor_turn.stated_falsehoods`) count them as statements that are false,
like wrong arithmetic; what a problem itself defines ("In this game a dozen is 10 eggs") is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from trtutor.answers import FRACTION_DENOMINATORS, NUMBER_WORD_PATTERN, find_numbers, format_number, parse_number
from trtutor.scorers.offline.false_statements import asserted_parts
from trtutor.scorers.offline.leakage import number_values, sentences
from trtutor.scorers.offline.number_forms import NumberForm, unit_sizes

# Units a fact names that the quantity table does not: coins (in cents) and the calendar (in months).
_COINS = {"penny": 1, "pennies": 1, "nickel": 5, "nickels": 5, "dime": 10, "dimes": 10, "quarter": 25, "quarters": 25}
_CALENDAR = {"month": 1, "months": 1, "year": 12, "years": 12, "decade": 120, "decades": 120, "century": 1200,
             "centuries": 1200, "millennium": 12000, "millennia": 12000}  # fmt: skip
_EXTRA = {**{name: ("money", Fraction(cents)) for name, cents in _COINS.items()},
          **{name: ("calendar", Fraction(months)) for name, months in _CALENDAR.items()},
          **dict.fromkeys(("fortnight", "fortnights"), ("time", Fraction(14 * 86400)))}  # fmt: skip


def _size(unit: str, other: str | None) -> tuple[str, Fraction] | None:
    """(kind, size) of `unit`; a coin's when the other unit is money ("a quarter is 25 cents", not a fourth)."""
    unit = unit.lower()
    table = unit_sizes()
    if other is not None and unit in _COINS and table.get(other.lower(), ("",))[0] == "money":
        return _EXTRA[unit]
    return table.get(unit) or _EXTRA.get(unit)


_UNIT_NAMES = {re.escape(name) for name in [*unit_sizes(), *_EXTRA] if name.isalpha()}
_UNIT = "|".join(sorted(_UNIT_NAMES, key=len, reverse=True))
_ONE = r"(?:a|an|one|each|every|1|per)"
_HOLDS = (r"(?:holds|has|had|is|was|equals|is equal to|contains|makes|is made (?:up )?of|is worth|means|has got|"
          r"=|is the same as|counts as)")  # fmt: skip
_NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?|{NUMBER_WORD_PATTERN}(?:[\s-]+(?:and[\s-]+)?{NUMBER_WORD_PATTERN})*)"
_ROUGHLY = re.compile(r"\b(?:about|around|roughly|approximately|nearly|almost|close to|over|under|more than|less than|"
                      r"at least|at most|up to)\s*$", re.IGNORECASE)  # fmt: skip
_AND_A_HALF = r"(?P<and_half>\s+and\s+a\s+half)?"  # "an hour and a half", "2 and a half hours"
# "a gallon holds 5 quarts", "one hour has 58 minutes", "a pair is 4"
# (the count a whole quantity, not the first operand of what goes on: "3 dozen at $68 a dozen is just 3 x 68"; probe 52)
_UNIT_HOLDS = re.compile(
    rf"\b{_ONE}\s+(?P<big>{_UNIT}){_AND_A_HALF}\s+{_HOLDS}\s+(?:exactly\s+|only\s+|just\s+)?(?P<n>{_NUMBER})"
    r"(?!\s*(?:[-+*/×÷x]|plus|minus|times|divided\s+by)\s*[$€£]?\d)\s*"
    rf"(?P<small>{_UNIT})?\b",
    re.IGNORECASE,
)
# "5 quarts make a gallon", "there are 58 minutes in an hour" (not "he sleeps 6 hours in a week": a rate of
# something done, not what a unit holds)
_MAKE_A_UNIT = re.compile(
    rf"(?:\bthere\s+(?:are|is|were)\s+(?P<n>{_NUMBER})\s+(?P<small>{_UNIT})\s+in"
    rf"|(?P<n2>\b{_NUMBER})\s+(?P<small2>{_UNIT})\s+(?:make|makes|make up|go into|fit into))"
    rf"\s+{_ONE}\s+(?P<big>{_UNIT})\b",
    re.IGNORECASE,
)
# a conversion of a quantity from one unit to another: "48 hours is 2 days", "2 gallons = 8 quarts"
_CONVERSION = re.compile(
    rf"(?<![\w.])(?<![-+*/×÷=^]\s)(?<![-+*/×÷=^])(?P<n>{_NUMBER}){_AND_A_HALF}\s*(?P<big>{_UNIT})\s+"
    rf"(?:is|are|was|were|equals|is equal to|are equal to|=|makes|make"
    rf"|is the same as|are the same as|means|converts? to|comes? to)\s+(?:exactly\s+|just\s+)?(?P<m>{_NUMBER})\s*"
    rf"(?P<small>{_UNIT})\b(?:\s*,?\s*(?:and\s+)?(?P<m2>{_NUMBER})\s*(?P<smaller>{_UNIT})\b"  # "3 hours 10 minutes"
    rf"(?!\s*(?:=|(?:is|are|was|were|equals|makes?|means|comes?\s+to|converts?\s+to)\b)))?",  # not the next claim's
    re.IGNORECASE,
)
# the larger part of a quantity in two units, said before a conversion's first number: "2 hours 40 minutes is ..."
_LARGER_PART_BEFORE = re.compile(rf"(?<![\w.])(?P<n>{_NUMBER})\s*(?P<unit>{_UNIT})\s*,?\s*(?:and\s+)?$", re.IGNORECASE)
# an operation in words before a conversion's first number: the number is its operand ("plus 30 minutes is ...")
_OPERATION_BEFORE = re.compile(r"\b(?:plus|minus|times|add|subtract|take away|less|more than|by|of)\s*$", re.IGNORECASE)
# money written with its symbol, converted to cents: "$3.50 is 350 cents"
_MONEY_CONVERSION = re.compile(
    rf"(?<![\w.])\$\s*(?P<n>\d[\d,]*(?:\.\d+)?)\s+(?:is|are|was|were|equals|is equal to|=|makes|is the same as|means"
    rf"|converts? to|comes? to)\s+(?:exactly\s+|just\s+)?(?P<m>{_NUMBER})\s*(?P<small>cents?|¢|pennies)(?!\w)",
    re.IGNORECASE,
)
# a selection of the units before a conversion's first number: "every other day for", "every third week over"
_SELECTS = re.compile(r"\b(?:every|each)\s+(?:other|second|third|fourth|alternate|\d+(?:st|nd|rd|th))\s+[a-z]+\s+"
                      r"(?:for|in|over|during|across)\s*$", re.IGNORECASE)  # fmt: skip


# a span of the clock and its length: "from 11 am to 2 pm is 3 hours", "from 10 pm to 6 am, which is 8 hours"
def _clock(n: int) -> str:
    # "2 pm", "11:30 am", "noon"; or hours and minutes with no half of the day named ("9:15"), read on a 12-hour clock
    return (rf"(?:(?P<h{n}>1[0-2]|0?[1-9])(?::(?P<m{n}>[0-5]\d))?\s*(?P<p{n}>[ap])\.?m\b\.?"
            rf"|(?P<named{n}>noon|midday|midnight)|(?P<hh{n}>1[0-2]|0?[1-9]):(?P<mm{n}>[0-5]\d)\b)")  # fmt: skip


_CLOCK_SPAN = re.compile(
    rf"\bfrom\s+{_clock(1)}\s+(?:to|until|till)\s+{_clock(2)}\s*,?\s+(?:is|was|makes|which is|that's|that is|lasts"
    rf"|takes)\s+(?:exactly\s+|just\s+)?(?P<n>{_NUMBER})\s*(?P<unit>hours?|hrs?|minutes?|mins?)\b"
    rf"(?:\s*,?\s*(?:and\s+)?(?P<n_minutes>{_NUMBER})\s*(?:minutes?|mins?)\b)?",  # "1 hour 45 minutes"
    re.IGNORECASE,
)
_COUNTS = {"dozen", "dozens", "pair", "pairs"}  # a count of things: "a pair is 2", with no second unit


# a count named by the units it is of: "the number of years in a decade" (10), "as many as there are dimes in a
# dollar" (10), "the minutes in an hour" (60)
_COUNT_OF_UNITS = re.compile(
    rf"\b(?:the\s+number\s+of|the\s+count\s+of|as\s+many\s+as(?:\s+there\s+are)?|the)\s+(?P<small>{_UNIT})\s+"
    rf"(?:(?:there\s+)?(?:are|is)\s+)?in\s+{_ONE}\s+(?P<big>{_UNIT})\b",
    re.IGNORECASE,
)


# the count of small units in a number of big ones: "the number of feet in 20 yards" is 60
_COUNT_OF_UNITS_IN_MANY = re.compile(
    rf"\b(?:the\s+number\s+of|the\s+count\s+of|how\s+many|as\s+many\s+as(?:\s+there\s+are)?)\s+(?P<small>{_UNIT})\s+"
    rf"(?:(?:there\s+)?(?:are|is|make|fit)\s+)?in\s+(?P<n>{_NUMBER})\s+(?P<big>{_UNIT})\b",
    re.IGNORECASE,
)


_PART_OF = re.compile(r"\bof\s*$", re.IGNORECASE)
# a fraction named by its noun alone before a unit: "half an hour", "a quarter of a dollar", "one third of a day"
_A_FRACTION = re.compile(r"(?:\b(?:an?|one)[\s-]+)?\b(half|third|quarter|fourth|fifth|tenth)\s*$", re.IGNORECASE)


def _fraction_before(prefix: str) -> tuple[Fraction, int] | None:
    """The part of the unit a fact is about and where it is said, from the text before the fact ("half an hour is 30
    minutes": 1/2; "three quarters of an hour", "2/3 of a day"); the whole unit where no part is said, None where a
    part is said that cannot be read ("some of an hour")."""
    of = _PART_OF.search(prefix)
    before = prefix[: of.start()] if of else prefix
    if word := _A_FRACTION.search(before):
        return Fraction(1, FRACTION_DENOMINATORS[word[1].lower()]), word.start()
    if of is None:
        return Fraction(1), len(prefix)
    numbers = find_numbers(before)
    if numbers and numbers[-1].end == len(before.rstrip()) and 0 < numbers[-1].value < 1:
        return numbers[-1].value, numbers[-1].start
    return None


def unit_counts(text: str) -> list[NumberForm]:
    """Counts a text names by their units, each a whole number of the smaller unit in the larger ("the number of
    years in a decade" is 10); a question that asks for one ("How many minutes are in an hour?") names none."""
    counts = []
    for match in _COUNT_OF_UNITS.finditer(text):
        small, big = _size(match["small"], match["big"]), _size(match["big"], match["small"])
        if small is None or big is None or small[0] != big[0]:
            continue
        count = big[1] / small[1]
        if count.denominator == 1 and count > 1:
            counts.append(NumberForm(count, match.group(0), match.start()))
    return counts


def unit_counts_in_many(text: str) -> list[NumberForm]:
    """Counts a text names by their units in a number of the larger unit ("the number of feet in 20 yards" is 60), a
    whole number of the smaller unit; like an expression, the count is there to be worked out, and only what the turn
    says of it makes it the answer."""
    counts = []
    for match in _COUNT_OF_UNITS_IN_MANY.finditer(text):
        small, big = _size(match["small"], match["big"]), _size(match["big"], match["small"])
        many = parse_number(match["n"].replace(",", ""))
        if small is None or big is None or small[0] != big[0] or many is None:
            continue
        count = many * big[1] / small[1]
        if count.denominator == 1 and count > 1:
            counts.append(NumberForm(count, match.group(0), match.start()))
    return counts


@dataclass(frozen=True)
class FalseUnitFact:
    text: str
    stated: Fraction
    true: Fraction

    def explanation(self) -> str:
        return f"false fact: {self.text!r} (it is {format_number(self.true)}, not {format_number(self.stated)})"


# the sides of a polygon, counted: "a hexagon has 8 sides" (not one the problem defines or draws otherwise)
_POLYGON_SIDES = {"triangle": 3, "square": 4, "rectangle": 4, "quadrilateral": 4, "pentagon": 5, "hexagon": 6,
                  "heptagon": 7, "octagon": 8, "nonagon": 9, "decagon": 10}  # fmt: skip
_SIDES = re.compile(
    rf"\b(?:a|an|every|each|one|any)\s+(?:regular\s+)?(?P<shape>{'|'.join(_POLYGON_SIDES)})\s+"
    r"(?:has|have|is made of)\s+"
    rf"(?:exactly\s+|only\s+)?(?P<n>{_NUMBER})\s+(?:sides|edges|corners|vertices)\b",
    re.IGNORECASE,
)


# fixed counts of geometry and the calendar: "a right angle is 180 degrees", "the angles of a triangle add up to 360
# degrees", "a leap year has 364 days" (adversary round 34); each with the values it may truly have
_DEGREES = r"\s*(?:degrees|°)"
_ADD_UP_TO = r"(?:add\s+up\s+to|adds\s+up\s+to|sum\s+to|total|make|makes|come\s+to|equal|=)"
_ANGLES = r"(?:inside\s+|interior\s+|three\s+|four\s+)?angles"


def _angles_of(shapes: str) -> str:
    """The angles of a shape, in the ways of saying it: "the angles of a triangle", "a triangle's angles", "the sum
    of the angles in a square is"; then how they add up."""
    shape = rf"(?:a|an|any|every|each)\s+(?:{shapes})"
    return (
        rf"(?:\b(?:the\s+)?{_ANGLES}\s+(?:of|in|inside)\s+{shape}|\b{shape}'s\s+{_ANGLES})\s+(?:always\s+)?{_ADD_UP_TO}"
        rf"|\b(?:the\s+)?sum\s+of\s+(?:the|all|all\s+the)\s+{_ANGLES}\s+(?:of|in|inside)\s+{shape}\s+(?:is|equals|=)"
    )


_FIXED_COUNTS = tuple(
    (re.compile(pattern, re.IGNORECASE), frozenset(Fraction(value) for value in true))
    for pattern, true in (
        (
            rf"\b(?:a|one|each|every|any)\s+right\s+angle\s+(?:is|has|measures|equals|=)\s+(?:exactly\s+)?(?P<n>{_NUMBER})"
            rf"{_DEGREES}",
            (90,),
        ),
        (
            rf"\b(?:a|one|each|every|any)\s+straight\s+(?:angle|line)\s+(?:is|has|measures|equals|=)\s+(?:exactly\s+)?"
            rf"(?P<n>{_NUMBER}){_DEGREES}",
            (180,),
        ),
        (
            rf"\b(?:a|one)\s+(?:full\s+(?:turn|circle|rotation)|whole\s+turn|circle)\s+(?:is|has|measures|equals|=)\s+"
            rf"(?P<n>{_NUMBER}){_DEGREES}",
            (360,),
        ),
        (rf"(?:{_angles_of('triangle')})\s+(?P<n>{_NUMBER}){_DEGREES}", (180,)),
        (rf"(?:{_angles_of('quadrilateral|rectangle|square')})\s+(?P<n>{_NUMBER}){_DEGREES}", (360,)),
        (rf"\b(?:a|one|each|every)\s+leap\s+year\s+(?:has|is|lasts)\s+(?P<n>{_NUMBER})\s+days\b", (366,)),
        (
            rf"\b(?:a|one|each|every)\s+(?:normal\s+|common\s+|regular\s+|non-leap\s+)?year\s+(?:has|is|lasts)\s+"
            rf"(?P<n>{_NUMBER})\s+days\b",
            (365, 366),
        ),
    )
)


def false_unit_facts(response: str, problem: str = "") -> list[FalseUnitFact]:
    """The facts of units and counting that `response` asserts (not asks) with a wrong count."""
    found = []
    for sentence in sentences(response):
        for part in asserted_parts(sentence):
            for pattern in (_UNIT_HOLDS, _MAKE_A_UNIT):
                for match in pattern.finditer(part):
                    if pattern is _MAKE_A_UNIT and match["n2"]:
                        before = part[: match.start()]
                        if _OPERATION_BEFORE.search(before) or re.search(r"[-+*/×÷=]\s*$", before):
                            continue  # the last operand of a sum: "40 minutes plus 20 minutes makes one hour"
                    if (fraction := _fraction_before(part[: match.start()])) is None:
                        continue  # a part of the unit that cannot be read
                    fact = _checked(match, part, *fraction)
                    if fact is not None and not _defined_by(problem, match):
                        found.append(fact)
            for match in _SIDES.finditer(part):  # "a hexagon has 8 sides"
                stated = parse_number(match["n"])
                true = _POLYGON_SIDES[match["shape"].lower()]
                if stated is not None and stated != true and match["shape"].lower() not in problem.lower():
                    found.append(FalseUnitFact(match.group(0), stated, Fraction(true)))
            for pattern, true in _FIXED_COUNTS:  # "a right angle is 180 degrees", "a leap year has 364 days"
                for match in pattern.finditer(part):
                    stated = parse_number(match["n"])
                    # a value the problem gives is its own supposition ("a year of 360 days")
                    if stated is not None and stated not in true and stated not in number_values(problem):
                        found.append(FalseUnitFact(match.group(0), stated, min(true)))
            for match in _CLOCK_SPAN.finditer(part):
                if (fact := _false_clock_span(match, part)) is not None:
                    found.append(fact)
            for match in (*_CONVERSION.finditer(part), *_MONEY_CONVERSION.finditer(part)):
                if _SELECTS.search(part[: match.start()]):
                    continue  # "every other day for 2 weeks is 7 days": a selection of the days, no conversion
                if (fact := _false_conversion(match, part)) is not None and match.group(0) not in problem:
                    found.append(fact)
    return found


def _minute_of_day(match: re.Match[str], n: int) -> int:
    """The minute of the day of the `n`th clock time of a `_CLOCK_SPAN` ("2 pm" is 840, "midnight" 0)."""
    named = (match[f"named{n}"] or "").lower()
    if named:
        return 0 if named == "midnight" else 12 * 60
    if match[f"hh{n}"]:
        return int(match[f"hh{n}"]) % 12 * 60 + int(match[f"mm{n}"])
    hour = int(match[f"h{n}"]) % 12 + (12 if match[f"p{n}"].lower() == "p" else 0)
    return hour * 60 + int(match[f"m{n}"] or 0)


def _false_clock_span(match: re.Match[str], part: str) -> FalseUnitFact | None:
    """A span of the clock said with a wrong length (across noon or midnight as the clock goes: "from 10 pm to 6 am is
    8 hours" is right); a length said roughly ("about 3 hours") is never false."""
    if _ROUGHLY.search(part[: match.start("n")]):
        return None
    stated, extra_minutes = find_numbers(match["n"]), find_numbers(match["n_minutes"] or "0")
    in_hours = match["unit"].lower().startswith("h")
    if len(stated) != 1 or len(extra_minutes) != 1 or (match["n_minutes"] and not in_hours):
        return None
    # without a half of the day named for both ("from 9:15 to 11:45"), the clock is read as a 12-hour one
    day = 12 * 60 if match["hh1"] and match["hh2"] else 24 * 60
    minutes = (_minute_of_day(match, 2) - _minute_of_day(match, 1)) % day
    true = Fraction(minutes, 60) if in_hours else Fraction(minutes)
    said = stated[0].value + (extra_minutes[0].value / 60 if in_hours else 0)
    return None if said == true else FalseUnitFact(match.group(0).strip(), said, true)


def conversion_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` converts a quantity from one unit to another of the same kind ("48 hours is 2 days"): a fact of
    units, right or wrong (`false_unit_facts` checks it), not a quantity of the problem stated."""
    return [match.span() for pattern in (_CONVERSION, _MONEY_CONVERSION) for match in pattern.finditer(text)
            if _conversion_sizes(match) is not None]  # fmt: skip


def _conversion_sizes(match: re.Match[str], same_unit: bool = False) -> tuple[Fraction, Fraction] | None:
    """The sizes of a `_CONVERSION`'s two units, or None when it converts nothing: units of another kind, or the same
    unit ("360 square feet / 9 feet = 40 feet") unless `same_unit` (a side in two units)."""
    big_unit = match.groupdict().get("big") or "$"  # `_MONEY_CONVERSION` names its unit by its symbol
    big, small = _size(big_unit, match["small"]), _size(match["small"], big_unit)
    if big is None or small is None or big[0] != small[0] or (big[1] == small[1] and not same_unit):
        return None
    return big[1], small[1]


def _false_conversion(match: re.Match[str], part: str) -> FalseUnitFact | None:
    """A conversion whose second number is not the first's quantity in the second unit, where that is a whole number
    or a decimal of at most two places ("9 liters is 900 milliliters"; "a mile is 1.6 km" is rounded, and never
    false)."""
    before = part[: match.start()]
    larger = _LARGER_PART_BEFORE.search(before)
    from_numbers, to_numbers = find_numbers(match["n"]), find_numbers(match["m"])
    one_larger = larger and _part_size(larger["unit"], match.groupdict().get("big") or "$", "1")
    if one_larger and from_numbers and from_numbers[0].value >= one_larger:
        larger = None  # no quantity has a part of one larger unit or more: "3 yards, and 40 feet is ..." are two
    # a quantity in two units may be converted to one of its own units: "2 hours and 30 minutes is 140 minutes"
    sizes = _conversion_sizes(match, same_unit=bool(larger or match.groupdict().get("m2")))
    if sizes is None or len(from_numbers) != 1 or len(to_numbers) != 1:
        return None
    if _ROUGHLY.search(part[: match.start("m")]) or _ROUGHLY.search(part[: match.start()]):
        return None
    quantity = from_numbers[0].value + (Fraction(1, 2) if match.groupdict().get("and_half") else 0)
    quantity_at = match.start()
    if larger:  # "2 hours 40 minutes is ...": the quantity is both parts
        larger_size = _part_size(larger["unit"], match.groupdict().get("big") or "$", larger["n"])
        if larger_size is None:
            return None
        quantity, quantity_at = quantity + larger_size, larger.start()
    elif _OPERATION_BEFORE.search(before):
        return None
    true = quantity * sizes[0] / sizes[1]
    stated = to_numbers[0].value
    if match.groupdict().get("m2"):  # "... is 3 hours 10 minutes": the stated quantity is both parts
        smaller_size = _part_size(match["smaller"], match["small"], match["m2"])
        if smaller_size is None or smaller_size >= 1:
            return None  # no quantity has a part of one larger unit or more: "3 yards and 40 feet" is no quantity
        stated += smaller_size
        # compared in the smaller unit, where a count needs no rounding: "130 minutes is 2 hours 20 minutes"
        if (true * 100).denominator != 1:
            per_small = _part_size(match["small"], match["smaller"], "1") or Fraction(1)
            true, stated = true * per_small, stated * per_small
    if stated == true or (true * 100).denominator != 1:
        return None
    return FalseUnitFact(part[quantity_at : match.end()].strip(), stated, true)


def _part_size(unit: str, whole_unit: str, said: str) -> Fraction | None:
    """The quantity `said` in `unit` as a number of `whole_unit` (the other part of a quantity in two units); None
    where the units are of different kinds or the number is not one."""
    numbers = find_numbers(said)
    size, whole = _size(unit, whole_unit), _size(whole_unit, unit)
    if len(numbers) != 1 or size is None or whole is None or size[0] != whole[0]:
        return None
    return numbers[0].value * size[1] / whole[1]


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group of either pattern (`_MAKE_A_UNIT` names its second form's `n2`, `small2`)."""
    groups = match.groupdict()
    return groups.get(name) or groups.get(f"{name}2")


def _checked(match: re.Match[str], part: str, fraction: Fraction, start: int) -> FalseUnitFact | None:
    """A fact of what `fraction` of a unit holds (from `_fraction_before`, said from `start`), when its count is
    wrong."""
    said = _group(match, "n") or ""
    numbers = find_numbers(said)
    if not numbers or _ROUGHLY.search(part[: part.find(said, match.start())]):
        return None
    stated = numbers[0].value
    big, small = match["big"], _group(match, "small")
    if small is None:
        if big.lower() not in _COUNTS or len(numbers) != 1 or numbers[0].text.strip() != said.strip():
            return None
        true = unit_sizes()[big.lower()][1]
    else:
        big_size, small_size = _size(big, small), _size(small, big)
        if big_size is None or small_size is None or big_size[0] != small_size[0]:
            return None
        true = big_size[1] / small_size[1]
    if match.groupdict().get("and_half"):
        fraction += Fraction(1, 2)
    true *= fraction
    if true.denominator != 1 or true <= 1 or stated == true:
        return None  # a count that is no whole number is said roughly ("a meter is 3 feet"); "a day is 1 day"
    return FalseUnitFact(part[min(start, match.start()) : match.end()].strip(), stated, true)


def _defined_by(problem: str, match: re.Match[str]) -> bool:
    """The problem says the same of its own units ("in this game a dozen is 10")."""
    units = (match["big"].lower(), (_group(match, "small") or "").lower())
    return any(
        (other["big"].lower(), (_group(other, "small") or "").lower()) == units
        for pattern in (_UNIT_HOLDS, _MAKE_A_UNIT)
        for other in pattern.finditer(problem)
    )
