"""Answer leakage from numbers: does a tutor turn state the problem's final answer (or a wrong final answer)?

What it sees: every number in the turn in any of its forms (digits, `1,200`, `$30`, `30.0`, fractions, English
number words, the number words of other languages, Roman numerals, a quantity in another unit -- "90 minutes" for
1.5 hours --, a count in dozens, pairs, halves or quarters, a percentage, an expression left unevaluated -- "4 x 5",
"half of 20" --, a number by its places or digit by digit -- "9 tens and 8 ones", "nine-eight" --, the one whole
number between two bounds -- "more than 97 but less than 99" --, a number a correction names -- "Your 93 is 5 too
low" --, the student's number moved by a stated amount -- "you're 6 short", "yours needs 6 more" --), which sentence it
stands in, and the numbers the student and the problem have already said
(`number_forms.py` reads the other forms).

- `yes_correct`: the final answer's value is said in the turn, and it is new to the student:
  - in a statement or a tag question ("The answer is 20, right?"), unless the problem states it, it is the
    number the student gave last (confirming the student's own answer reveals nothing), or the sentence repeats
    what the student said (a quote asserts nothing of its own): a tutor who says the
    total "should be 1200, not 1800" reveals it, even when the student wrote 1200 along the way, as MRBench's
    annotators label it;
  - in any other question ("Is it 20?", "How did you get 20?"), unless the problem, the student or the
    conversation has said it already.
  An unevaluated expression whose value is the answer (in symbols or words: "15 - 5", "twice 5", "half of 20")
  reveals it when offered as the answer: with a word for it ("the total is 4 x 5"), as the number of what the
  problem asks for ("her package had 15 - 5 spoons", "The spoons: 15 - 5."), for assent ("It's 4 x 5, right?",
  "Isn't it simply 4 x 5?"), or proposed as what the unknown is or as the last step ("Could it be 9 less than 113?",
  "Could the spoons be half of 20?", "How about six and four together?", "Why not 15 - 5?", "Finish with 72 / 8.",
  "15 - 5, and stop there."); as a step ("so it's 45 + 45, not 45 x 2") or in a question that asks the student to
  compute it ("What is 15 - 5?") it leaves the last step to them.
  When the final answer is unknown (MRBench's Bridge conversations), a new number stated as a result counts: not an
  operand of arithmetic the turn writes out ("Think of 27 as 20 plus 7", "Let's do 24 - 7", "you subtracted 153
  from 166"), which leaves the result to the student.
- `yes_incorrect`: the turn asserts some other number as the answer ("the answer is 42", "so the total is 42") that
  the student has not said.

What it cannot see: meaning. An answer hinted without its number, and a number that equals the answer by
coincidence (a different quantity), escape or mislead it; when the answer equals a quantity in the problem, it
counts no leak.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from trtutor.answers import (
    FRACTION_DENOMINATORS,
    NUMBER_SCALES,
    NUMBER_WORD_PATTERN,
    NumberMention,
    find_numbers,
    format_number,
    parse_number,
    without_labels,
)
from trtutor.scorers.offline.arithmetic import (
    REPORTS_STUDENT,
    WORD_OPERATIONS,
    arithmetic_claims,
    linear_equations,
    normalise_operators,
    onward_step,
    operations_to_do,
    spoken_expressions,
)
from trtutor.scorers.offline.english_words import singular
from trtutor.scorers.offline.number_forms import (
    PLACE_OF_THE_WORK,
    UNIT_WORD_PATTERN,
    UnitQuantity,
    called_expressions,
    colloquial_numbers,
    count_value,
    counted_forms,
    digit_sequences,
    e_notation,
    expressions,
    foreign_numbers,
    grouped_numbers,
    hidden_number_words,
    in_unit,
    last_places,
    misspelt_numbers,
    other_bases,
    place_values,
    quantities_in_a_named_unit,
    roman_numerals,
    script_numerals,
    spelt_numbers,
    unit_quantities,
    unit_sizes,
    units_named,
)
from trtutor.scorers.offline.stop_words import ENGLISH_STOP_WORDS
from trtutor.scorers.verdicts import LeakageLabel

_DIGIT = re.compile(r"\d")
# a number that is an operand of arithmetic written out: an operator before it ("plus 7", "from 166", "by 650") or
# after it ("20 plus", "24 -", "153 from"); "=" and "is" introduce a result, not an operand
_OPERATOR_BEFORE = re.compile(r"(?:[+\-\u2212\u00d7*]|\bx|\b(?:plus|minus|times|by|from))\s*[$\u20ac\u00a3]?$", re.I)
_OPERATOR_AFTER = re.compile(r"^\s*(?:[+\-\u2212\u00d7*]|x\b|(?:plus|minus|times|multiplied|divided|from)\b)", re.I)
# a sentence ends at ".", "!" or "?", or a closing quote or bracket just after one ('You wrote: "So 2 are left." Why?')
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"\u201d')\]])\s+|\n+")
# "..., right?", "isn't it?", "correct?", "yes?": a statement that asks only for assent
TAG_QUESTION = re.compile(
    r"(?:,|\b(?:is|are|was|were|do|does|did|would|wouldn't|isn't|aren't|doesn't|don't|won't|can't|couldn't)n?'?t?"
    r"\s+(?:it|they|he|she|you|we|there|that)|\b(?:right|correct|yes|no|ok|okay|true|yeah|eh))\s*\?\s*$",
    re.IGNORECASE,
)
_QUOTE_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
# an unevaluated expression offered as the answer: "the total is 4 x 5", "is the answer 4 x 5?"
_OFFERS_ANSWER = re.compile(r"\b(?:answer|total|result|solution)\b", re.IGNORECASE)
# an expression proposed as what the unknown is, in a question or a guess: "Could it be 9 less than 113?", "How
# about double 52?", "Maybe it's 6 and 4 together?", "Does 6940 divided by ten ring a bell?", "Would 4 x 5 make
# sense?" (a step said as "so it's 45 + 45, not 45 x 2" asserts how, not what)
_PROPOSES = re.compile(
    r"\b(?:(?:could|might|would|can|will|must|should)(?:n't)? (?:it|that|this|the answer|the \w+(?: of \w+)?)"
    r" (?:be|come to)|is it"
    # a place of the asked quantity proposed: "Does it come just after 15?", "Would it sit right before 41?" (round 65)
    r"|(?:does|do|would|could|will|might|should)(?:n't)? (?:it|that|this|the answer) (?:come|fall|sit|land|lie)"
    r"|if it were|it (?:should|would|will|must|might|could) (?:be|come to)|maybe|perhaps|possibly|how about"
    # verbs of what the working results in: "lands on", "ends at", "reduces to", "boils down to", "works out as"
    r"|what about|lands? on|ends? (?:up )?(?:with|at|on)|arrives? at|comes? (?:out )?to|works? out (?:to|as)"
    # where the working should end: "You should land 40 short of the 200 in the problem." (round 40)
    r"|(?:should|will|would|'ll|must) (?:land|end up|finish|come out)"
    r"|(?:reduces?|boils? down|simplif(?:y|ies)) to|i'd guess|my guess|why not"
    # or as the last step, which is the answer's: "finish with 72 / 8", "all that's left is 195 - 105"
    r"|(?:final|last) (?:step|line|calculation|sum)(?: (?:is|should be|would be|will be|as|=))?"
    r"|finish(?:es)? (?:with|on)|(?:all )?(?:that's|that is|what's|what is) left (?:is|to do is)"
    r"|in the end,?(?: (?:it's|it is))?)\b"
    r"(?:\s+(?:it's|it is|it was|that's|that is|possibly|perhaps|maybe|really|just|exactly))*\s*$",  # right before it
    re.IGNORECASE,
)
_PROPOSED = re.compile(
    # put up for the student to judge its fitness, as a plain number is ("Would 12 fit the story?"): "Does 10 + 2
    # sound reasonable?", "Would √144 fit the story?", "Is 10 + 2 too big or too small?" (adversary round 71)
    r"^[^.?!]*\b(?:ring a bell|make sense"
    r"|(?:sound|seem|look|feel)s? (?:right|reasonable|sensible|plausible|about right)"
    r"|fits? (?:the|this|our) (?:story|problem|question|situation)"
    r"|too (?:big|small|large|high|low) or too (?:big|small|large|high|low))\b"
    # or said to finish the problem right after it: "15 - 5 - that's the whole problem", "..., and stop there"
    r"|^\W*(?:and\s+)?(?:that's|that is)\s+(?:the whole (?:problem|thing|question)|all (?:there is|you need))\b"
    r"|^\W*(?:and\s+)?(?:stop there|you're done|you are done)\b",
    re.IGNORECASE,
)
# a negative question asks for assent, as a tag does: "Isn't the count simply 15 - 5?", "Wouldn't it be 4 x 5?"
_NEGATIVE_QUESTION = re.compile(
    r"^\W*(?:\w+[,!.]?\s+){0,2}?(?:isn't|aren't|wasn't|doesn't|don't|wouldn't|couldn't|shouldn't|won't|can't)\b[^?]*\?\s*$",
    re.IGNORECASE,
)
# what the problem asks for: "How many spoons were in the package?"
_ASKED_NOUN = re.compile(r"\bhow many (?:more |fewer |less |extra |additional |total |in total "
                         r"|of (?:the |his |her |their )?)?(\w+)", re.IGNORECASE)  # fmt: skip


def asked_thing(problem: str) -> str | None:
    """The noun of what the problem asks how many of ("spoons" in "How many spoons were in the package?"); None where
    it names none ("how many were ...", "how many do they ...")."""
    asked = _ASKED_NOUN.search(problem)
    return asked.group(1).lower() if asked and asked.group(1).lower() not in ENGLISH_STOP_WORDS else None


# a question that asks the student to compute: "What is 15 - 5?", "Can you work out 72/8?", "How much is half of 20?"
_ASKS_TO_COMPUTE = re.compile(
    r"^\W*(?:\w+[,!.]?\s+){0,3}?(?:what(?:'s| is| are| does| do| would)|how (?:much|many)"
    r"|(?:can|could) you (?:work out|calculate|compute|find|solve|figure out|tell me)"
    r"|calculate|compute|work out|figure out|solve)\b[^?]*\?\s*$",
    re.IGNORECASE,
)
# "the answer is 42", "so the total would be $42", "answer: 42", "the correct number is 42", "we are aiming for 42",
# "42 is the target": a number claimed as what the problem asks for, by a word for the answer (a verb of arriving,
# "it comes to 42", is left out: tutors say it of every step)
# the number claimed, not an operand of more ("the answer is 16 times the fingers on both hands")
_CLAIMED = (r"(?P<number>[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*/\s*\d+)?)(?![\d,.]?\d"
            r"|\s*(?:(?:times|plus|minus|divided|multiplied|over|lots|groups)\b|[-+*/x×÷^]\s*[$€£(]?\d)"
            # a term with its unit ("40 minutes + 100 minutes"), a bracket it multiplies ("2(40 + 9)"), a percentage of
            r"|(?:\s+[a-z]+){1,2}\s*[-+*/×÷]\s*[$€£(]?\d|\s*\(|\s*%\s*of\b)")  # fmt: skip
_NAMES_THE_ANSWER = re.compile(r"\b(?:answer|solution)\b", re.IGNORECASE)
ANSWER_CLAIM = re.compile(
    r"\b(?:answer|total|result|solution|target|(?:correct|right|final) (?:number|amount|value|figure))\b"
    rf"(?:\s+(?:here|then|now))?(?:\s+(?:is|was|would be|should be|will be|must be|equals|of)|\s*[:=])\s*{_CLAIMED}"
    rf"|\b(?:aiming for|aim for|need to land on|should land on)\s+{_CLAIMED.replace('number', 'aimed')}"
    rf"|{_CLAIMED.replace('number', 'named')}(?:\s+[a-z]+)?\s+is\s+(?:(?:the|our)\s+(?:(?:final|correct|right|required"
    r"|actual)\s+)?(?:answer|target|solution)\b"
    r"|what the (?:problem|question) (?:wants|asks for)\b)"
    # the number to be written down as the answer: "Go ahead and write 120 minutes in the answer box." (round 40)
    # or as the last line ("Write 'spoons: 4' as your final line": round 42)
    rf"|\b(?:write|put|enter|type|fill\s+in|submit|record)\s+(?:down\s+)?(?:['\"\u2018]?[a-z]+:\s*)?"
    rf"{_CLAIMED.replace('number', 'written')}"
    r"(?:\s+[a-z]+)?\s*['\"\u2019]?\s+(?:in|into|as|on|for)\s+(?:the|your)\s+(?:final\s+)?(?:answer|line)\b"
    # where the tutor's own working ends (round 48: "Doing it myself, I finished on 160.", "I arrive at 14 fish.", "My
    # working lands on 160."): its answer; not "I got" (a step as often as an end)
    r"|\b(?:i|i've|i\s+have|my\s+(?:own\s+)?(?:working|work|calculation|solution|sum|maths?))\s+"
    r"(?:(?:always|also|just|then|myself|too|eventually|finally)\s+)?(?:finish(?:ed|es)?|end(?:ed|s)?(?:\s+up)?"
    r"|arrive[ds]?|land(?:ed|s)?|come(?:s)?\s+out|came\s+out|wind\s+up|wound\s+up)\s+(?:on|at|with)\s+"
    rf"{_CLAIMED.replace('number', 'own')}",
    re.IGNORECASE,
)


# The last step given whole across sentences, its result called the answer: "Write down 15. Now subtract 5 and there
# are your spoons.", "Hold on to 15. Finally remove 5, and that is your final number." The step goes on from the
# number said before it; what it leaves is the answer.
_STEP_ON = re.compile(
    rf"(?:^|\b(?:now|then|next|finally|just|after that|and)\b,?)\s*(?P<verb>subtract|take away|remove|minus|add|plus"
    rf"|multiply (?:it |that |this )?by|times"
    # knocked off, shared out (round 42): "Now knock off 11.", "Share it fairly among three."
    rf"|knock off|take off|chop off|cross off|count back|lose|give away|throw in(?: another)?|put in(?: another)?"
    rf"|(?:divide|split|share) (?:it |that |this )?(?:fairly |evenly |equally )?(?:by|into|among|between))\s+"
    rf"(?P<b>\d[\d,]*(?:\.\d+)?|{NUMBER_WORD_PATTERN}(?:[\s-]+{NUMBER_WORD_PATTERN})*)\b",
    re.IGNORECASE,
)
_CALLED_THE_ANSWER = re.compile(
    r"\b(?:that's|that is|there's|there is|there are|here's|here are|you have|you've got|you get|that gives|gives you"
    r"|gives us|leaves you with|to get|it's|it is|this is)\s+(?:you\s+)?(?:exactly\s+|precisely\s+|just\s+)?"
    r"(?:the|your)\s+"
    r"(?:answer|final (?:number|answer|result)|result|total|target|goal|(?P<noun>(?!same\b)[a-z]+))\b|\byou're done\b"
    r"|\bthat's it\b|what the (?:question|problem) (?:is\s+)?(?:wants|asks for|asking for|is after|wants to know)"
    # (round 42) "That's how many spoons there are.", "It's the spoons we want.", "the spoons come to exactly that"
    r"|\b(?:that's|that is|it's|it is|this is)\s+(?:exactly\s+|precisely\s+)?(?:how many|the number of)\s+"
    r"(?P<noun2>[a-z]+)|\b(?:it's|it is|that's|that is)\s+the\s+(?P<noun3>[a-z]+)\s+(?:we|you)(?:'re|\s+are)?\s+"
    r"(?:want|need|after|looking for)\b|\b(?P<noun4>[a-z]+)\s+(?:come|comes|add up|adds up|amount|amounts)\s+to\s+"
    r"(?:exactly\s+|precisely\s+)?(?:that|it|this)\b"
    # (round 42) "One part is the answer.", "That number is your answer.", "That's where you should end up."
    r"|\b(?:one|each)\s+(?:part|share|group|piece|portion)\s+is\s+(?:the\s+answer|your\s+answer|what\s+you\s+want"
    r"|what\s+you're\s+after|the\s+number\s+of\s+(?P<noun5>[a-z]+))|\bthat\s+number\s+is\s+(?:your|the)\s+answer"
    r"|\bthat's\s+where\s+you\s+(?:should|will|want\s+to)\s+(?:end\s+up|land|finish)"
    # (round 43) "Whatever you're left with is the number of spoons.", "Where you land is the answer.", "What you end
    # up with equals the spoons."
    r"|\b(?:whatever|what|where)\s+(?:you're|you\s+are|you)\s+(?:left\s+with|end\s+up(?:\s+with)?|land(?:\s+on)?|get)\s+"
    r"(?:is|equals|gives)\s+(?:the\s+answer|your\s+answer|the\s+number\s+of\s+(?P<noun6>[a-z]+)|the\s+(?P<noun7>[a-z]+))"
    # (round 47) what came before tied to the answer by a word of sameness, either way round: "That number is the
    # guests.", "It matches the result.", "it equals the grams", "It's the same as the answer.", "Your packs are that
    # number.", "the result match that", "The total come out the same.", "Same as the result."
    r"|\b(?:that|this|it)(?:\s+number)?(?:\s+(?:is|equals?|matches|will\s+be|would\s+be)|'s)\s+(?:(?:exactly|just|also)\s+)?"
    r"(?:the\s+same\s+as\s+)?(?:the|your)\s+(?P<noun8>[a-z]+)"
    r"|\b(?:the|your)\s+(?P<noun9>[a-z]+)\s+(?:is|are|equals?|match(?:es)?|comes?(?:\s+out)?(?:\s+to)?)\s+"
    r"(?:(?:exactly\s+)?(?:that|this|it)(?:\s+number)?|the\s+same)\b"
    r"|(?:^|[.!?:;,\u2013\u2014-]\s*)(?:the\s+)?same\s+as\s+(?:the|your)\s+(?P<noun10>[a-z]+)",
    re.IGNORECASE,
)
# a step that scales the number said before it, named by a pronoun: "Now cut that in half.", "Take a third of it."
_SCALES_IT = re.compile(
    r"\b(?:(?:cut|split|chop|break)\s+(?:it|that|this)(?:\s+number)?\s+in\s+(?:half|two)"
    r"|(?:take|find|work\s+out|keep|(?P<away>give\s+away|lose))\s+(?P<part>half|a\s+third|one\s+third|a\s+quarter|one\s+quarter"
    r"|a\s+fourth)\s+of\s+(?:it|that|this|them|the\s+lot)|(?P<scale>halve|double|triple|quadruple)\s+(?:it|that|this|them)"
    # (round 43) "Chop it into two equal pieces.", "Split the lot down the middle."
    r"|(?:chop|cut|split|break|divide)\s+(?:it|that|this|them|the\s+lot)\s+(?:into\s+two(?:\s+equal)?\s+(?:pieces|parts|halves"
    r"|groups|piles)|down\s+the\s+middle))\b",
    re.IGNORECASE,
)
_SCALE_OF = {"half": Fraction(1, 2), "a third": Fraction(1, 3), "one third": Fraction(1, 3),
             "a quarter": Fraction(1, 4), "one quarter": Fraction(1, 4), "a fourth": Fraction(1, 4),
             "halve": Fraction(1, 2), "double": Fraction(2), "triple": Fraction(3),
             "quadruple": Fraction(4)}  # fmt: skip


def _last_step_given(response: str, final_answer: Fraction, asked_noun: str | None) -> str | None:
    """The step whose result is the answer, given whole (its start said before it, in this turn) and called the
    answer in its sentence or the next (`_STEP_ON`, `_SCALES_IT`, `_CALLED_THE_ANSWER`); None when there is none."""
    parts = sentences(response)
    for index, sentence in enumerate(parts):
        steps = []
        for step in _STEP_ON.finditer(sentence):
            onward = onward_step(" ".join([*parts[:index], sentence[: step.start()]]), step["verb"], step["b"])
            if onward is not None:
                steps.append((step, onward[0].text, onward[1]))
        for step in _SCALES_IT.finditer(sentence):
            said = find_numbers(" ".join([*parts[:index], sentence[: step.start()]]))
            if said:
                scale = _SCALE_OF[" ".join((step["part"] or step["scale"] or "half").lower().split())]
                scale = 1 - scale if step["away"] else scale  # "give away a third of them" leaves two thirds
                steps.append((step, said[-1].text, said[-1].value * scale))
        for step, start, result in steps:
            if result == final_answer and _called_the_answer(
                " ".join([sentence[step.end() :], *parts[index + 1 : index + 2]]), asked_noun
            ):
                return f"{start} ... {sentence[step.start() :].strip()}"
    return None


def _called_the_answer(text: str, asked_noun: str | None) -> bool:
    """Does `text` call what came before it the answer (`_CALLED_THE_ANSWER`): by a word for the answer, or by the
    noun the problem asks how many of?"""
    for called in _CALLED_THE_ANSWER.finditer(text):
        noun = next((called[f"noun{at}"] for at in ("", *range(2, 11)) if called[f"noun{at}"]), None)
        if noun is not None and noun.lower() in ("number", "one", "answer", "value", "result", "total", "solution"):
            noun = None  # "That's the number you're after": a word for the answer
        if noun is None or (asked_noun is not None and noun.lower().startswith(asked_noun.lower()[:-1])):
            return True
    return False


# a number the student says is not the answer: "Adding $5 to $99 will give us a total of $104, which is not the cost of
# the boots."
_DENIED_AFTER = re.compile(
    r"\s*,?\s*(?:which|that|and\s+that|but\s+that|but\s+it)\s+(?:is|was)(?:\s+not|n't)\b"
    r"|\s+(?:is|was)(?:\s+not|n't)\s+(?:the\s+(?:answer|cost|total|right|correct)|right|correct|it)\b",
    re.IGNORECASE,
)


def standing_number(said: str) -> Fraction | None:
    """The last number of what the student said outside a sentence in which they deny one (their answer as it stands:
    "... which is $94. Adding $5 to $99 gives $104, which is not the cost of the boots." stands on 94), or None when
    it has none."""
    mentions = find_numbers(said)
    denied = [
        (match.start(), match.end())
        for match in _SENTENCE_END_SPLIT.finditer(said)
        if any(_DENIED_AFTER.match(said, mention.end) for mention in mentions
               if match.start() <= mention.start < match.end())
    ]  # fmt: skip
    standing = [mention for mention in mentions if not any(start <= mention.start < end for start, end in denied)]
    return (standing or mentions)[-1].value if mentions else None


_SENTENCE_END_SPLIT = re.compile(r"(?:[^.!?]|\.(?=\d))+[.!?]*")  # a decimal point ends no sentence


def claimed_number(claim: re.Match[str]) -> str:
    """The number an `ANSWER_CLAIM` match claims as the answer."""
    return (claim.group("number") or claim.group("aimed") or claim.group("named") or claim.group("written")
            or claim.group("own"))  # fmt: skip


@dataclass(frozen=True)
class LeakageFinding:
    label: LeakageLabel
    rationale: str
    stated: str | None = None


def detect_leakage(
    response: str,
    final_answer: Fraction | None,
    *,
    student_said: list[str],
    problem: str,
    conversation: str = "",
    solution: str = "",
) -> LeakageFinding:
    """Find whether `response` states the final answer, or asserts a wrong one.

    Args:
        response: The tutor turn.
        final_answer: The problem's final answer; None when unknown (then any new result the turn states counts).
        student_said: The student's solution and turns so far, in order.
        problem: The problem statement.
        conversation: The whole conversation so far (both speakers).
        solution: The problem's worked solution, where known: the numbers of its steps.
    """
    # the per-turn judges and the strategy check each ask for the same turn's finding: it is computed once
    return _detect_leakage(response, final_answer, tuple(student_said), problem, conversation, solution)


@lru_cache(maxsize=4096)
def _detect_leakage(
    response: str,
    final_answer: Fraction | None,
    student_said: tuple[str, ...],
    problem: str,
    conversation: str,
    solution: str,
) -> LeakageFinding:
    response = without_labels(normalise_operators(response))  # "17 − 5" is 17 - 5; "2." of a list labels an item
    problem_numbers = number_values(problem)
    student_numbers = {value for said in student_said for value in number_values(said)}
    already_known = problem_numbers | student_numbers
    in_conversation = already_known | number_values(conversation)
    # the numbers a step of the solution works on; without the solution a step and a disguise look alike
    of_the_solution = in_conversation | number_values(solution) if solution.strip() else None
    latest = next((value for said in reversed(student_said) if (value := standing_number(said)) is not None), None)
    known_when_asserted = problem_numbers | ({latest} if latest is not None else set())

    if final_answer is not None:
        known_measures = {_measure(quantity) for said in [problem, *student_said] for quantity in unit_quantities(said)}
        asked_noun = asked_thing(problem)
        # the units the answer may be in: the problem's, of the kind it asks how many of ("how many balls": none)
        asked_kind = unit_sizes().get(asked_noun, ("",))[0] if asked_noun else None
        answer_units = {
            unit for unit in units_named(problem) if asked_kind is None or unit_sizes()[unit][0] == asked_kind
        }
        parts = sentences(response)
        for index, sentence in enumerate(parts):
            asserted = not sentence.rstrip().endswith("?") or bool(TAG_QUESTION.search(sentence))
            # a sentence that repeats the student's words quotes them: it asserts nothing of its own
            known = known_when_asserted if asserted and not _quotes(sentence, student_said) else in_conversation
            if final_answer in known:
                continue
            if (
                final_answer in student_numbers
                and (_REPORTS_WORK.search(sentence) or _restates_their_step(sentence, student_said, final_answer))
                and not _CALLED_RIGHT.search(sentence)
            ):
                continue  # the student's own number reported as theirs: "You wrote 13 - 2 = 11.", "you calculated x =2"
            forms = _forms(sentence, answer_units, already_known, known_measures, asked_noun)
            if index + 1 < len(parts) and not _bounded(parts[index + 1]):  # bounds said in two sentences
                both = _bounded(f"{sentence} {parts[index + 1]}")
                forms += [(value, text, ", between its bounds") for value, text in both]
            forms += [(value, text, ", from the student's number") for value, text in _moved(sentence, latest)]
            # a run that trails off ("9, 10, 11, ...") ends a sentence: what comes next is said in the one after it
            trails_off = index + 1 < len(parts) and re.search(r"(?:\.{2,}|…)\s*$", sentence)
            run = f"{sentence} {parts[index + 1]}" if trails_off else sentence
            forms += [(value, text, _NEXT_OF_A_SEQUENCE) for value, text in sequence_next(run)]
            for value, text, form in forms:
                if (
                    form in (" as an expression", _COUNTED_IN_MANY, _NEXT_OF_A_SEQUENCE)
                    and not (
                        _offers_as_the_answer(text, sentence, asked_noun)
                        or _outside_the_solution(text, of_the_solution)
                        # called the answer in the next sentence: "What is 6 x 9? Remember it: the bunnies
                        # come to exactly that." (round 42)
                        or _called_the_answer(" ".join(parts[index + 1 : index + 2]), asked_noun)
                    )
                ):
                    continue
                if form == _TO_DO and not _outside_the_solution(text, of_the_solution):
                    continue  # the last step to do ("you take the 245 from 300 to get your answer"): left to them
                if form == _ASKED and not _called_the_answer(
                    f"{sentence[sentence.find(text) + len(text) :]} {' '.join(parts[index + 1 : index + 2])}",
                    asked_noun,
                ):
                    continue  # a step left to the student, not tied to the answer after it
                if form == _SOLVES and not (_offers_as_the_answer(text, sentence, asked_noun)
                                            or _NAMES_THE_UNKNOWN.search(sentence)):  # fmt: skip
                    continue
                if (form == "" and _counts_another_thing(sentence, text, asked_noun, problem)
                        and not _claimed(sentence, text)):  # fmt: skip
                    continue  # "the 4 weeks", "$4 change", "2 stickers" where the problem asks how many balls or pounds
                if value == final_answer:
                    where = "in a statement" if not sentence.rstrip().endswith("?") else "in a question"
                    return LeakageFinding(
                        "yes_correct",
                        f"states the final answer {format_number(final_answer)} ({text!r}{form}) {where}: "
                        f"{sentence.strip()!r}",
                        text,
                    )
        for sentence in sentences(response) if final_answer not in known_when_asserted else ():
            if sentence.rstrip().endswith("?") and not TAG_QUESTION.search(sentence):
                continue  # a guess asked ("Is it one hundred and two?") places nothing
            if near := _near_the_answer(sentence, final_answer, of_the_solution or in_conversation):
                return LeakageFinding(
                    "yes_correct",
                    f"places the final answer {format_number(final_answer)} by {near.text!r}, a number new to the "
                    f"moment {format_number(abs(near.value - final_answer))} from it: {sentence.strip()!r}",
                    near.text,
                )
        pinned = pinned_value(response) if final_answer not in known_when_asserted else None
        if pinned is not None and pinned[0] == final_answer:
            return LeakageFinding(
                "yes_correct",
                f"pins the final answer {format_number(final_answer)} down, the one whole number left by {pinned[1]!r}",
                pinned[1],
            )
        if final_answer not in known_when_asserted and (step := _last_step_given(response, final_answer, asked_noun)):
            return LeakageFinding(
                "yes_correct",
                f"gives the last step whole, whose result is the final answer {format_number(final_answer)}: {step!r}",
                step,
            )
    else:
        for sentence in sentences(response):
            if sentence.rstrip().endswith("?"):
                continue
            for mention in find_numbers(sentence):
                if (
                    mention.value not in in_conversation
                    and _DIGIT.search(mention.text)
                    and not _is_operand(sentence, mention)
                ):
                    return LeakageFinding(
                        "yes_correct",
                        f"the final answer is unknown, and the turn states a new result {mention.text!r}: "
                        f"{sentence.strip()!r}",
                        mention.text,
                    )
    parts = sentences(response)
    for index, sentence in enumerate(parts):
        if sentence.rstrip().endswith("?") and not TAG_QUESTION.search(sentence):
            continue
        for claim in ANSWER_CLAIM.finditer(sentence):
            if _OF_THE_ANSWER.search(sentence[: claim.start()]):
                continue  # a part or a multiple of the answer ("a tenth of the right answer is 16"): not the answer
            value = parse_number(claimed_number(claim))
            if value is not None and _worked_example(parts[: index + 1], claim.start(), value, problem_numbers):
                continue  # the total of the turn's own example ("For example, if Sam has 3 bags of 4, the total is 12")
            # the student's number said back as the answer is theirs; the tutor's own working ending on it is not, nor
            # a number of the problem called the answer ("So 7 is our required answer." of "... leave with 7 new
            # records"), whoever said it since (adversary round 58); "the total is 7" may total a part
            theirs = student_numbers
            if _NAMES_THE_ANSWER.search(claim.group(0)):
                theirs = (student_numbers - problem_numbers) | ({latest} if latest is not None else set())
            if value is not None and value != final_answer and (value not in theirs or claim.group("own")):
                return LeakageFinding(
                    "yes_incorrect" if final_answer is not None else "yes_correct",
                    f"asserts {claimed_number(claim)!r} as the answer"
                    + (f", but the final answer is {format_number(final_answer)}" if final_answer is not None else "")
                    + f": {sentence.strip()!r}",
                    claimed_number(claim),
                )
    known_answer = format_number(final_answer) if final_answer is not None else "(unknown)"
    return LeakageFinding("no", f"the final answer {known_answer} is not stated as new information")


def _counts_another_thing(sentence: str, number: str, asked_noun: str | None, problem: str) -> bool:
    """Does the number count or measure another thing than the problem asks how many of: a unit of another kind ("$4
    change" where it asks how many pounds, "the 4 weeks" where it asks how many balls), another noun the problem
    counts ("25 boys" where it asks how many students), a part of the text ("the last two sentences"), or, in the
    tutor's own example, a noun of the example ("For example, if a pack holds 2 stickers ...")? A noun the problem
    never says may be the asked one in other words ("10 utensils" for its spoons, "26 attendees" for its guests): the
    answer all the same, unless it is someone's own ("your 10 fingers"), named beside the asked one ("count the spoons
    on your 10 fingers") or counts the list the sentence gives ("the 2 prices: $15 and $20"). Where the problem asks
    no "how many", nothing is known to be another thing."""
    if asked_noun is None:
        return False
    after = _WORDS_AFTER.match(sentence, sentence.find(number) + len(number))
    words = [word.lower() for word in after.groups() if word] if after else []
    if any(singular(word) == singular(asked_noun) for word in words):
        return False  # "4 red balls"
    asked_kind = unit_sizes().get(asked_noun.lower(), (None,))[0]
    if number.lstrip("-").startswith(("$", "€", "£")):
        return asked_kind != "money"
    if not words or words[0] in ENGLISH_STOP_WORDS:
        return False
    counted = words[0]
    if counted in unit_sizes():
        return unit_sizes()[counted][0] != asked_kind
    if not _plural(counted):
        return False  # a plural noun only: "159 falls one short" is no count of falls
    said_by_the_problem = re.search(rf"\b{re.escape(singular(counted))}", problem, re.IGNORECASE) is not None
    start = sentence.find(number)
    return (
        said_by_the_problem
        or bool(_TEXT_PARTS.fullmatch(counted))
        or bool(_EXAMPLE.search(sentence))
        # the speaker's or the student's own ("your 10 fingers"), or beside the asked thing named apart ("count the
        # spoons on your 10 fingers", "26 letters, but here we count guests"): two words for two things
        or bool(_POSSESSIVE_BEFORE.search(sentence[:start]))
        or re.search(rf"\b{re.escape(singular(asked_noun))}", sentence, re.IGNORECASE) is not None
        or _counts_the_list_after(sentence[after.end() :], number)
    )


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss") and len(word) > 3


_POSSESSIVE_BEFORE = re.compile(r"\b(?:your|our|my|his|her|their)\s+$", re.IGNORECASE)


def _counts_the_list_after(rest: str, number: str) -> bool:
    """Does the number count the items the sentence lists after a colon ("the 2 prices: $15 and $20", "2 kinds of
    things: lego sets and video games")? Then it counts those, whatever the problem asks."""
    listed = re.match(r"[^:.?!]{0,40}:\s*([^:]+?)[.?!]*\s*$", rest)
    count = parse_number(number)
    if not listed or count is None:
        return False
    items = re.split(r"\s*[,;]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", listed.group(1))
    return len([item for item in items if item.strip()]) == count


# what counts parts of the text or the work, not things of the problem: "the last two sentences", "3 steps"
_TEXT_PARTS = re.compile(r"(?:sentence|step|line|word|question|part|paragraph|clue|hint|tr(?:y|ie)|attempt|page)s",
                         re.IGNORECASE)  # fmt: skip


# how near the answer a number new to the moment places it, and from what size of answer such a number is telling
NEAR_THE_ANSWER = 3
_NEAR_FROM = 20


def _near_the_answer(sentence: str, final_answer: Fraction, of_the_moment: set[Fraction]) -> NumberMention | None:
    """A number a few from the answer (`NEAR_THE_ANSWER`), counting nothing of its own, that nothing of the moment or
    the solution has, in a sentence about the answer and no example: it places the answer ("the answer is the
    successor of 159", "neither 159 nor 161", "jump three places to the right of 157 and you are there", "159 falls one
    short of the answer"). Real tutors' turns say such a number almost never (1 of 3,063 on MRBench dev and MathDial,
    answers of 20 or more); below 20, small numbers are everywhere."""
    if final_answer < _NEAR_FROM or not _SPEAKS_OF_THE_ANSWER.search(sentence) or _AN_EXAMPLE.search(sentence):
        return None  # a sentence about something else ("161 is odd", "in 22, the last digit is 2"), or an example
    for mention in find_numbers(sentence):
        if mention.value != final_answer and abs(mention.value - final_answer) <= NEAR_THE_ANSWER:
            if mention.value in of_the_moment or mention.text.endswith("%"):
                continue
            if _counts_a_thing(sentence, mention):
                continue  # a count of its own ("a bus with 162 seats", "a shelf holds 158 books", "27 guests")
            return mention
    return None


def _counts_a_thing(sentence: str, mention: NumberMention) -> bool:
    """Does the number count or measure something: money, a unit or a plural noun after it, maybe after one word ("158
    books", "24 hours", "161 sweets", "$158"), not a verb ("159 falls one short")?"""
    if mention.text.lstrip("-").startswith(("$", "€", "£")):
        return True
    after = _WORDS_AFTER.match(sentence, mention.end)
    for word in [word.lower() for word in after.groups() if word] if after else []:
        plural = _plural(word) and word not in _VERBS_IN_S
        if word in unit_sizes() or word in _IRREGULAR_PLURALS or plural:
            return True
        if word in ENGLISH_STOP_WORDS:
            return False
    return False


_IRREGULAR_PLURALS = {"people", "children", "men", "women", "feet", "teeth", "mice", "geese", "sheep", "fish", "deer"}
# a sentence that gives an example: its numbers are the example's ("Here's an example, not the answer: ...")
_AN_EXAMPLE = re.compile(r"\b(?:examples?|for instance|e\.g\.|imagine|suppose|pretend)\b", re.IGNORECASE)
_VERBS_IN_S = {"falls", "goes", "comes", "lies", "sits", "makes", "gives", "means", "equals", "leaves", "takes", "gets",
               "stands", "overshoots", "misses", "exceeds", "remains", "stays", "follows", "precedes", "beats",
               "lands", "fits", "rounds"}  # fmt: skip


# a sentence about the answer or where it is: "the answer is the successor of 159", "... and you are there"
_SPEAKS_OF_THE_ANSWER = re.compile(
    r"\b(?:answer|solution|result|total|final|hint|you(?:'re| are) there|lands? on|(?:that|it)(?:'s| is) (?:it|the one)"
    r"|the number (?:you|we) (?:want|need|are looking for|are after))\b",
    re.IGNORECASE,
)


# the student's work reported as theirs: "You wrote 13 - 2 = 11", "you calculated x = 2", "You worked out $30/$15 = 2"
_REPORTS_WORK = re.compile(
    rf"{REPORTS_STUDENT.pattern}|\byou(?:'ve| have)?\s+(?:worked out|put|used|divided|multiplied|added"
    r"|subtracted)\b",
    re.IGNORECASE,
)
# a sentence that calls what it reports right, or the answer: "you were correct when you said 92"
_CALLED_RIGHT = re.compile(r"\b(?:right|correct|answer|spot on|exactly)\b", re.IGNORECASE)


def _claimed(sentence: str, number: str) -> bool:
    """Is the number claimed as the answer ("The answer is 80 cars"), whatever it is said to count?"""
    return any(claimed_number(claim) == number for claim in ANSWER_CLAIM.finditer(sentence))


_WORDS_AFTER = re.compile(r"[ \t]*(?:-[ \t]*)?([a-z]+)(?:[ \t]+([a-z]+))?", re.IGNORECASE)


# the answer as what an operation works on: "a tenth of the right answer", "10% of the answer", "double the answer"
_OF_THE_ANSWER = re.compile(r"\b(?:of|times|double|twice|triple|half|plus|minus)\s+(?:the\s+|your\s+)?(?:right\s+"
                            r"|correct\s+|final\s+)?$", re.IGNORECASE)  # fmt: skip


# a sentence that sets up an example of the tutor's own: "For example, if Sam has 3 bags ...", "Imagine 2 boxes of 5"
_EXAMPLE = re.compile(
    r"\b(?:for (?:example|instance)|e\.g\.|as an example|imagine|suppose|supposing|let's say|say (?:you|we|there|I)"
    r"|pretend|(?:a|an|another) (?:simpler|smaller|easier|similar) (?:case|problem|example|one)"
    r"|think of (?:a|an|it like)|analogy|like this)\b",
    re.IGNORECASE,
)


# a claim supposed, not asserted: after a word of supposition, or inside an "if" clause ("If I practiced a total of 60
# problems ...", not "If we add them up, the total is 25", which asserts its consequence)
_SUPPOSED = re.compile(r"\b(?:suppose|supposing|imagine|let's say|pretend)\b|\bif\b[^,;:]*$", re.IGNORECASE)


def _worked_example(said: list[str], claim_at: int, value: Fraction, problem_numbers: set[Fraction]) -> bool:
    """Is an answer claimed in the last of `said` (the turn's sentences up to it) supposed (`_SUPPOSED`), or the result
    of an example of the tutor's own: said after an example's marker in this sentence or the one before, with a number
    of the example besides it; or the sum or product of two numbers said before it in the turn, neither of them the
    problem's ("so 20 chocolates ... 10 more chocolates ... hence the total is 30", a teacher's analogy)?"""
    sentence = said[-1]
    if _SUPPOSED.search(sentence[:claim_at]):
        return True  # supposed, not asserted: "Imagine there is a total of 14 sweets."
    example = [*said[-2:-1], sentence[:claim_at]]
    if any(_EXAMPLE.search(part) for part in example) and any(
        mention.value != value for part in example for mention in find_numbers(part)
    ):
        return True
    earlier = [mention.value for mention in find_numbers(" ".join([*said[:-1], sentence[:claim_at]]))]
    own = [number for number in earlier if number not in problem_numbers and number != value]
    return any(a + b == value or a * b == value for i, a in enumerate(own) for b in own[i + 1 :])


_SOLVES = ", as what solves an equation"
_TO_DO = ", as an operation to do"
_DISGUISED = ", written as a call on one number"
_COUNTED_IN_MANY = ", as a count of units in a number of them"  # "the number of feet in 20 yards": a count to work out
# an equation offered as what the problem asks for: its unknown named as the asked quantity or the answer ("The
# spoons are the x that makes x + 5 = 15 true", "It's the value of x in 2x = 20", "whatever solves x - 5 = 5", "the
# missing number in ? + 5 = 15"), not set up for the student to solve ("Can you solve 2x = 20?")
_NAMES_THE_UNKNOWN = re.compile(
    r"\b(?:are|is|it's|equals?)\s+(?:just\s+|simply\s+)?(?:the\s+)?(?:x|y|n|value of [xyn]|one|number)\b(?!\s*\?)"
    r"|\b(?:whatever|what|the (?:one|number|value)(?: that)?) (?:solves|satisfies|makes)\b|\b(?:should|must|will|would)"
    r" (?:satisfy|obey|solve)\b|\bobeys?\b|\bfalls? (?:right )?out\b|\bthe missing number\b",
    re.IGNORECASE,
)


_IT_IS = re.compile(
    r"(?:^|[^\w\s]\s*)(?:(?:so|and|well|ok|okay|hint|psst)\W+)*(?:it's|it is|it'll be|it will be|that's|that is"
    r"|that'll be|that will be)\s+"
    r"(?:just\s+|simply\s+|really\s+)?$",
    re.IGNORECASE,
)


# what goes on from an expression to say how it is reached, or what it is not: "so it's 45 + 45, not 45 x 2"
_GOES_ON = re.compile(r"\b(?:not|but|then|because|since|which|and|or|instead|rather|than|of|to|by|from|with|for"
                      r"|plus|minus|times|divided|over)\b", re.IGNORECASE)  # fmt: skip


def _offers_as_the_answer(expression: str, sentence: str, asked_noun: str | None) -> bool:
    """Is an unevaluated expression offered as the answer: with a word for the answer ("the total is 4 x 5"), as the
    number of what the problem asks for ("her package had 15 - 5 spoons", "the number of spoons is 15 - 5"), or for
    assent ("It's 4 x 5, right?", "Does twice 5 sound right?"), or proposed as what the unknown is ("Could it be 9
    less than 113?", "How about double 52?")? Not when the question asks the student to compute it ("What is 15 -
    5?"), and not as a step ("so it's 45 + 45, not 45 x 2", "we double 45": MRBench's annotators call none of 4 such
    dev turns revealing)."""
    if _ASKS_TO_COMPUTE.search(sentence):
        return False
    start = sentence.find(expression)
    after, before = sentence[start + len(expression) :].lower(), sentence[:start].lower()
    names_asked = (
        asked_noun is not None
        and (
            re.match(rf"\W*(?:\w+\s+)?{re.escape(asked_noun[:-1])}", after)
            # or before it, as what the expression is: "the number of guests is 8 + 18", "apples = 3 x 4"
            or re.search(
                rf"\b{re.escape(asked_noun[:-1])}\w*(?:\s+(?:is|are|was|were|equals|=|would be|will be|must be"
                r"|should be|comes to)|\s*:)\s*$",
                before,
            )
        )
    )
    # or as all that "it" (or "that") is, the sentence saying no more of the mathematics: "It's 12 take away 2.", "It's
    # half of 20.", "That's 15 minus 5.", "It's three squared plus one, in case you're wondering." ("so it's 45 + 45,
    # not 45 x 2" goes on to say how)
    what_it_is = bool(_IT_IS.search(before)) and not _GOES_ON.search(after) and not find_numbers(after)
    return bool(_OFFERS_ANSWER.search(sentence) or names_asked or what_it_is or TAG_QUESTION.search(sentence)
                or _NEGATIVE_QUESTION.search(sentence) or _PROPOSES.search(before) or _PROPOSED.search(after)
                or re.search(r"\b(?:sounds?|be|is it|that) (?:right|correct)\b", sentence, re.IGNORECASE))  # fmt: skip


def _outside_the_solution(expression: str, of_the_solution: set[Fraction] | None) -> bool:
    """Does an expression work on a number that no step of the solution and nobody in the conversation has (one and two
    aside: "one more than", "twice")? A step works on the numbers of the problem, the student's work and the solution
    ("So we start with 50 minus 45", a MathDial teacher, leaves the last step to the student); an expression of another
    number whose value is the answer is the answer in disguise, however it is framed ("Try 40 + 5.", "Think of 9 times
    5.", "Hector bought one more than 44 gumballs."). Where the solution is unknown (None), no step can be told
    apart."""
    if of_the_solution is None:
        return False
    operands = [mention.value for mention in find_numbers(expression) if mention.value not in (1, 2)]
    return any(value not in of_the_solution for value in operands)


# the work named as the student's: "what you have", "your steps", "your working", "So far you have 7 x 2 = 14"
_THEIR_WORK = re.compile(
    r"\bwhat you(?:'ve| have)?\s+(?:have|had|did|done|wrote|written|found)\b|\byour\s+(?:own\s+)?(?:steps?|work"
    r"|working|workings|calculations?|equations?|lines?|sums?|solution|method)\b"
    r"|\byou(?:'ve| have)\s*:?\s*(?=[$€£]?\d)",
    re.IGNORECASE,
)


def _restates_their_step(sentence: str, student_said: list[str], value: Fraction) -> bool:
    """Does the sentence name the student's work as theirs (`_THEIR_WORK`) and say `value` inside a step of
    arithmetic they wrote, the same numbers ("Let's look at what you have: $50,000 + $25,000 = $75,000." of their
    "50000 + 25000 = 75000")? A recap of their own work, as "You wrote 13 - 2 = 11." is (adversary round 39: 8 recaps
    of true steps read as the answer stated); the tutor's own step with their numbers ("So for 7 new records, there
    should be 7 x 2 = 14 old records") states it."""
    if not _THEIR_WORK.search(sentence):
        return False
    theirs = {frozenset(number_values(claim.text)) for said in student_said for claim in arithmetic_claims(said)}
    return any(
        value in (numbers := frozenset(number_values(claim.text))) and numbers in theirs
        for claim in arithmetic_claims(sentence)
    )


def _quotes(sentence: str, student_said: list[str]) -> bool:
    """Are (nearly) all of the sentence's words and numbers in one thing the student said?"""
    words = _QUOTE_TOKEN.findall(sentence.lower())
    if len(words) < 4:
        return False
    return any(sum(word in said for word in words) >= 0.8 * len(words)
               for said in ({*_QUOTE_TOKEN.findall(text.lower())} for text in student_said))  # fmt: skip


def number_values(text: str) -> set[Fraction]:
    """The values of the numbers a text says, in digits or English words."""
    return set(_number_values(text))  # a copy: callers may add to it


@lru_cache(maxsize=8192)
def _number_values(text: str) -> frozenset[Fraction]:
    # the judges ask for the problem's and the conversation's numbers once per reader: hash each Fraction once
    return frozenset(mention.value for mention in find_numbers(text))


# the parts of one quantity said in two units, larger first: "1 hour and 20 minutes", "$3 and 50 cents", "5 feet 2
# inches"; a count in dozens with what is left over: "2 dozen and 2 more"
_JOINS_PARTS = re.compile(r"\s*,?\s*(?:(?:and|plus)\s+)?", re.IGNORECASE)
_AND_MORE = re.compile(
    rf"\s*,?\s*(?:and|plus)\s+(?P<more>\d+|{NUMBER_WORD_PATTERN})(?:\s+(?:more|extra|over|left over))?\b"
    r"(?!\s*(?:-\s*)?[a-z]+s\b)",  # not "2 dozen and 2 boxes": more of something else
    re.IGNORECASE,
)


def _compound_quantities(
    sentence: str, answer_units: set[str], already_known: set[Fraction], known_measures: set[tuple[str, Fraction]]
) -> list[tuple[Fraction, str, str]]:
    """(value, text, how it is written) of a quantity said in two units, in each unit of the answer, and of a count in
    dozens or pairs with more added: not a restatement of two quantities of the problem (`known_measures`: "2 hours
    and 40 minutes" restates nothing of a problem that says "2 GB/minute" and "40%")."""
    forms: list[tuple[Fraction, str, str]] = []
    quantities = unit_quantities(sentence)
    for first, second in zip(quantities, quantities[1:], strict=False):
        end = first.start + len(first.text)
        joined = _JOINS_PARTS.fullmatch(sentence, end, second.start)
        if not joined or {_measure(first), _measure(second)} <= known_measures:
            continue  # two quantities of the problem or the student's, restated
        (kind, size), (other_kind, other_size) = unit_sizes()[first.unit], unit_sizes()[second.unit]
        if kind != other_kind or size <= other_size:
            continue  # not one quantity in a larger unit and a smaller one
        for unit in answer_units:
            parts = in_unit(first, unit), in_unit(second, unit)
            if parts[0] is not None and parts[1] is not None:
                text = sentence[first.start : second.start + len(second.text)]
                forms.append((parts[0] + parts[1], text, f" in {first.unit} and {second.unit}, as {unit}"))
    for quantity in quantities:
        count = count_value(quantity)
        more = _AND_MORE.match(sentence, quantity.start + len(quantity.text))
        if count is None or more is None or (added := parse_number(more.group("more"))) is None:
            continue
        if quantity.value not in already_known:
            text = sentence[quantity.start : more.end()]
            forms.append((count + added, text, f", in {quantity.unit} and more"))
    return forms


# the suffix of an ordinal in digits ("8th", "22nd"): a place, which may still be where a count stops ("At the 12th.")
_DIGIT_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
# a scale that digits carry ("25 thousand", "2.5 million", "25k"): `trtutor.answers` reads the whole as one number
_SCALED = re.compile(r"\d\s*(?:(hundred|thousand|million|billion)|k)$", re.IGNORECASE)


def _measure(quantity: UnitQuantity) -> tuple[str, Fraction]:
    """A quantity as its kind and its size in the kind's smallest unit: "2 hours" is ("time", 7200)."""
    kind, size = unit_sizes()[quantity.unit]
    return kind, quantity.value * size


def _forms(
    sentence: str,
    answer_units: set[str],
    already_known: set[Fraction],
    known_measures: set[tuple[str, Fraction]],
    asked_noun: str | None = None,
) -> list[tuple[Fraction, str, str]]:
    """(value, text, how it is written) of every number the sentence says, in every form it may take."""
    # they read sentences with this module's `sentences`
    from trtutor.scorers.offline.unit_facts import unit_counts, unit_counts_in_many

    forms: list[tuple[Fraction, str, str]] = []
    for mention in find_numbers(sentence):
        if (_DIGIT_ORDINAL.match(sentence, mention.end) and re.fullmatch(r"\d[\d,]*", mention.text)
                and PLACE_OF_THE_WORK.search(sentence)):  # fmt: skip
            continue  # a place among the lines, steps or words of the work ("your last line, the 8th"), not a count
        forms.append((mention.value, mention.text, ""))
        percent = mention.text.endswith("%") or sentence[mention.end :].lstrip().lower().startswith("percent")
        if percent:
            forms.append((mention.value / 100, mention.text, ", a percentage"))
        if scaled := _SCALED.search(mention.text):  # "1 million moose" is 1 where the answer is in millions
            scale = NUMBER_SCALES[scaled.group(1).lower()] if scaled.group(1) else 1_000  # "25k"
            forms.append((mention.value / scale, mention.text, f", in {scaled.group(1) or 'thousand'}s"))
    forms += [(form.value, form.text, ", in another language") for form in foreign_numbers(sentence)]
    forms += [(form.value, form.text, " in Roman numerals") for form in roman_numerals(sentence)]
    forms += [(form.value, form.text, ", in the numerals of another script") for form in script_numerals(sentence)]
    forms += [(form.value, form.text, ", by its places") for form in place_values(sentence)]
    forms += [(form.value, form.text, ", digit by digit") for form in digit_sequences(sentence)]
    forms += [(form.value, form.text, ", misspelt") for form in misspelt_numbers(sentence)]
    forms += [(form.value, form.text, ", said aloud") for form in colloquial_numbers(sentence)]
    forms += [(form.value, form.text, ", spelt letter by letter") for form in spelt_numbers(sentence)]
    forms += [(form.value, form.text, ", in a word game") for form in hidden_number_words(sentence)]
    forms += [(form.value, form.text, ", in another base") for form in other_bases(sentence)]
    forms += [(form.value, form.text, ", in e-notation") for form in e_notation(sentence)]
    forms += [(form.value, form.text, ", its digits grouped another way") for form in grouped_numbers(sentence)]
    forms += [(form.value, form.text, ", counted out") for form in counted_forms(sentence)]
    forms += [(form.value, form.text, ", as the place of the last one counted") for form in last_places(sentence)]
    for quantity in unit_quantities(sentence):
        if quantity.value in already_known:
            continue  # a quantity of the problem, or the student's, restated ("his 5 pairs of socks"): no new value
        if (count := count_value(quantity)) is not None:
            forms.append((count, quantity.text, f", in {quantity.unit}"))
        for unit in answer_units:
            converted = in_unit(quantity, unit)
            if converted is not None and unit != quantity.unit:
                forms.append((converted, quantity.text, f" in {quantity.unit}, as {unit}"))
    for quantity in quantities_in_a_named_unit(sentence):
        if quantity.value in already_known:
            continue
        for unit in answer_units - {quantity.unit}:
            if (converted := in_unit(quantity, unit)) is not None:
                forms.append((converted, quantity.text, f" in {quantity.unit} (named apart), as {unit}"))
    forms += _compound_quantities(sentence, answer_units, already_known, known_measures)
    forms += [(expression.value, expression.text, " as an expression") for expression in expressions(sentence)]
    # a call on one number or string disguises that number ("abs(-98)", "len('xxxx')", "-(-98)"); on more, it is
    # arithmetic, an expression like any other ("max(90, 8)", "sum([45, 53])")
    forms += [(call.value, call.text, " as an expression" if len(find_numbers(call.text)) > 1 else _DISGUISED)
              for call in called_expressions(sentence)]  # fmt: skip
    forms += [(value, text, _TO_DO) for value, text, _ in operations_to_do(sentence)]
    forms += [(equation.solution, equation.text, _SOLVES) for equation in linear_equations(sentence)]
    forms += _asked_unknowns(sentence)
    if not _ASKS_TO_COMPUTE.search(sentence):  # "How many minutes are in an hour?" asks for the count
        forms += [(count.value, count.text, ", as a count of units") for count in unit_counts(sentence)
                  if not _OPERATOR_BEFORE.search(sentence[: count.start])]  # fmt: skip
    forms += [(count.value, count.text, _COUNTED_IN_MANY) for count in unit_counts_in_many(sentence)]
    forms += [(value, text, ", between its bounds") for value, text in _bounded(sentence)]
    # the unknown named as what the problem asks for is the answer too ("Double the spoons equals 8 plus 12.": round 48)
    asked = (
        re.sub(rf"\b(?:the|your)\s+{re.escape(asked_noun)}\b", "the answer", sentence, flags=re.I) if asked_noun else ""
    )
    forms += [(value, text, _SOLVES_FOR_THE_ANSWER) for value, text in _answer_equations(sentence)
              or (_answer_equations(asked) if asked != sentence else [])]  # fmt: skip
    forms += [(value, text, ", as a correction") for value, text in _corrected(sentence)]
    return forms


# the answer pinned between two bounds with one whole number between them: "more than 97 but less than 99", "above
# 9 yet below 11", "less than 11 and more than 9", "more than 9, fewer than 11", "between 9 and 11" (a wider range
# leaves the student to find it)
_ABOVE = r"(?:more|greater|bigger|larger|higher) than|above|over"
_BELOW = r"(?:less|fewer|smaller|lower) than|below|under"
_BOUND = rf"(?:[$€£]?\d+(?:,\d{{3}})*(?:\.\d+)?|{NUMBER_WORD_PATTERN}(?:[\s-]+{NUMBER_WORD_PATTERN})*)"
# the second bound may come in the next sentence, of the same thing: "It's bigger than 19. It's also smaller than 21."
# (adversary round 42)
_JOIN = (r"(?:\s*[,;]\s*|\s+|[.!]\s+(?:(?:and|but)\s+)?(?:it's|it is|that's|that is|the answer is|it)\s+)"
         r"(?:(?:but|and|yet|while)\s+)?(?:also\s+|still\s+)?")  # fmt: skip
_BOUNDED = re.compile(
    rf"\b(?:(?:{_ABOVE})\s+(?P<low>{_BOUND}){_JOIN}(?:{_BELOW})\s+(?P<high>{_BOUND})"
    rf"|(?:{_BELOW})\s+(?P<high2>{_BOUND}){_JOIN}(?:{_ABOVE})\s+(?P<low2>{_BOUND})"
    rf"|between\s+(?P<low3>{_BOUND})\s+and\s+(?P<high3>{_BOUND}))\b",
    re.IGNORECASE,
)
# the middle of two numbers: "halfway between 40 and 50" (45)
_MIDWAY = re.compile(
    rf"\b(?:half[\s-]?way|midway|(?:right\s+|exactly\s+)?in\s+the\s+middle)\s+between\s+(?P<low>{_BOUND})\s+and\s+"
    rf"(?P<high>{_BOUND})\b",
    re.IGNORECASE,
)
# between two numbers said before: "it isn't 159 and it isn't 161; it's the whole number in between"
_BETWEEN_THEM = re.compile(r"\b(?:in\s+between|between\s+(?:them|those|these|the\s+two|both)|in\s+the\s+middle)\b",
                           re.IGNORECASE)  # fmt: skip


# A run of three evenly spaced numbers or more, then a word of what comes next: the next number is said, as an
# expression's value is ("For example, count on: 7, 8, 9, ... and the next one is where we land.", "13, 12, 11, ...
# the next one down": adversary round 67), and read as an expression is (offered as the answer, or of numbers no step
# of the solution has)
_NEXT_OF_A_SEQUENCE = ", as the next number of a sequence"
_SEQUENCE = re.compile(
    rf"(?<![\w.,/-])(?P<run>{_BOUND}(?:\s*,\s*{_BOUND}){{2,}})(?:\s*,?\s*(?:\.{{2,}}|…))?"
    r"(?=[^.!?]*?\b(?:next|comes?\s+after|continues?|follows?|then\s*\?|after\s+that))",
    re.IGNORECASE,
)


def sequence_next(sentence: str) -> list[tuple[Fraction, str]]:
    """(the next number, the run) of every evenly spaced run of three numbers or more said before a word of what comes
    next (`_SEQUENCE`)."""
    found = []
    for match in _SEQUENCE.finditer(sentence):
        values = [parse_number(part) for part in re.split(r"\s*,\s*", match["run"].strip())]
        if None in values or len(values) < 3:
            continue
        steps = {later - earlier for earlier, later in zip(values, values[1:], strict=False)}
        if len(steps) == 1 and (step := steps.pop()) != 0:
            found.append((values[-1] + step, match.group(0)))
    return found


def _bounded(sentence: str) -> list[tuple[Fraction, str]]:
    """(the one whole number between the bounds, the words) of every `_BOUNDED` range in the sentence, every middle
    of two numbers (`_MIDWAY`), and every whole number between two said before (`_BETWEEN_THEM`)."""
    found = []
    for match in _BOUNDED.finditer(sentence):
        low = parse_number(match.group("low") or match.group("low2") or match.group("low3"))
        high = parse_number(match.group("high") or match.group("high2") or match.group("high3"))
        if low is not None and high is not None and low.denominator == 1 and high - low == 2:
            found.append((low + 1, match.group(0)))
    for match in _MIDWAY.finditer(sentence):
        low, high = parse_number(match["low"]), parse_number(match["high"])
        if low is not None and high is not None:
            found.append(((low + high) / 2, match.group(0)))
    for match in _BETWEEN_THEM.finditer(sentence):
        said = find_numbers(sentence[: match.start()])[-2:]
        if len(said) == 2 and abs(said[1].value - said[0].value) == 2 and said[0].value.denominator == 1:
            found.append((min(said[0].value, said[1].value) + 1, sentence[said[0].start : match.end()]))
    return found


# The answer pinned down by what the turn says of it, across its sentences, without being said: a range of whole
# numbers narrowed by numbers ruled out and by properties ("It isn't 8, 9, 11 or 12. So which whole number from 8 to
# 12 is left?", "It's in the 5 times table and strictly between 5 and 15", "the only prime between 24 and 30"): where
# one whole number is left, the turn has said it (adversary round 66: constraints that leave one value reveal it).
# Read only where something narrows the range (a range of one number is `_bounded`'s) and the range holds at most 50.
_PIN_NUMBER = rf"(?:[$€£]?\d+(?:,\d{{3}})*|{NUMBER_WORD_PATTERN}(?:[\s-]+{NUMBER_WORD_PATTERN})*)"
_RANGES = (
    (re.compile(rf"\b(?:strictly\s+)?between\s+(?P<low>{_PIN_NUMBER})\s+and\s+(?P<high>{_PIN_NUMBER})"
                r"(?P<inclusive>,?\s+(?:inclusive|including\s+(?:both|them|those)))?", re.IGNORECASE), False),
    (re.compile(rf"\bfrom\s+(?P<low>{_PIN_NUMBER})\s+(?:up\s+)?(?:to|through|thru)\s+(?P<high>{_PIN_NUMBER})",
                re.IGNORECASE), True),
)  # fmt: skip  # (pattern, inclusive)
_ONE_SIDE = re.compile(
    rf"\b(?:(?P<above>{_ABOVE})|(?P<at_least>at\s+least|no\s+(?:less|fewer)\s+than)|(?P<below>{_BELOW})"
    rf"|(?P<at_most>at\s+most|no\s+more\s+than))\s+(?P<bound>{_PIN_NUMBER})\b(?!\s*(?:[-+*/x×÷%]|times|plus|minus))",
    re.IGNORECASE,
)
_RULED_OUT = re.compile(
    r"(?:\b(?:isn't|is\s+not|not|can't\s+be|cannot\s+be|couldn't\s+be|won't\s+be|never|nor|neither|except|rule\s+out"
    r"|ruled\s+out|cross\s+(?:out|off)|crossed\s+(?:out|off)|eliminate[ds]?)\s+(?:the\s+)?(?:numbers?\s+)?)"
    rf"(?P<numbers>{_PIN_NUMBER}(?:\s*(?:,|\bor\b|\band\b|\bnor\b)\s*(?:or\s+|and\s+|nor\s+)?{_PIN_NUMBER})*)"
    r"(?!\s*(?:[-+*/x×÷%]|times|plus|minus|more|less|fewer|[a-z]))",
    re.IGNORECASE,
)
_PROPERTY = re.compile(
    r"(?P<not>\b(?:not|isn't|never)\s+(?:an?\s+|in\s+the\s+)?)?"
    rf"(?:\bmultiple\s+of\s+(?P<multiple>{_PIN_NUMBER})|\b(?P<table>{_PIN_NUMBER})(?:'s|s)?\s+times[\s-]+tables?"
    rf"|\bdivisible\s+by\s+(?P<divisible>{_PIN_NUMBER})|\bfactor\s+of\s+(?P<factor>{_PIN_NUMBER})"
    r"|\b(?P<parity>even|odd)\s+(?:number|one|whole\s+number)|\b(?:is|it's|it\s+is)\s+(?P<parity2>even|odd)\b"
    r"|\b(?P<prime>prime)\b|\b(?P<square>square)\s+number|\bperfect\s+(?P<square2>square))",
    re.IGNORECASE,
)


def _is_prime(number: int) -> bool:
    return number > 1 and all(number % divisor for divisor in range(2, int(number**0.5) + 1))


def _property_test(match: re.Match[str]) -> Callable[[int], bool] | None:
    """What a number must satisfy to have the property `match` names, or None where its number is unreadable."""
    sized = next((name for name in ("multiple", "table", "divisible", "factor") if match[name]), None)
    if sized is not None:
        size = parse_number(match[sized])
        if size is None or size.denominator != 1 or size == 0:
            return None
        whole = int(size)
        if sized == "factor":
            return lambda number: number != 0 and whole % number == 0
        return lambda number: number % whole == 0
    if parity := (match["parity"] or match["parity2"]):
        remainder = 0 if parity.lower() == "even" else 1
        return lambda number: number % 2 == remainder
    if match["prime"]:
        return _is_prime
    return lambda number: int(number**0.5) ** 2 == number


def pinned_value(response: str) -> tuple[Fraction, str] | None:
    """The one whole number the turn leaves by its range, the numbers it rules out and the properties it names
    (module comment above `_PIN_NUMBER`), with the words that narrow it; None where none or several are left."""
    low, high, said = None, None, []
    for pattern, inclusive in _RANGES:
        for match in pattern.finditer(response):
            a, b = parse_number(match["low"]), parse_number(match["high"])
            if a is None or b is None or a.denominator != 1 or b.denominator != 1:
                continue
            a, b = min(a, b), max(a, b)
            if not (inclusive or match["inclusive"]):
                a, b = a + 1, b - 1
            low, high = (a if low is None else max(low, a)), (b if high is None else min(high, b))
            said.append(match.group(0))
    for match in _ONE_SIDE.finditer(response):
        bound = parse_number(match["bound"])
        if bound is None or bound.denominator != 1:
            continue
        if match["above"] or match["at_least"]:
            bound += 1 if match["above"] else 0
            low = bound if low is None else max(low, bound)
        else:
            bound -= 1 if match["below"] else 0
            high = bound if high is None else min(high, bound)
        said.append(match.group(0))
    if low is None or high is None or not 2 <= high - low + 1 <= 50:
        return None
    candidates = set(range(int(low), int(high) + 1))
    narrowed = False
    for match in _RULED_OUT.finditer(response):
        ruled_out = {int(value) for text in re.findall(_PIN_NUMBER, match["numbers"], re.IGNORECASE)
                     if (value := parse_number(text)) is not None and value.denominator == 1}  # fmt: skip
        if ruled_out & candidates:
            candidates -= ruled_out
            narrowed = True
            said.append(match.group(0))
    for match in _PROPERTY.finditer(response):
        if (test := _property_test(match)) is None:
            continue
        kept = {number for number in candidates if test(number) != bool(match["not"])}
        narrowed = narrowed or kept != candidates
        candidates = kept
        said.append(match.group(0))
    if not narrowed or len(candidates) != 1:
        return None
    return Fraction(candidates.pop()), "; ".join(said)


# The answer as the unknown of an equation said in words: "the answer plus 5 makes 15", "the right number squared
# gives 100", "if you double the answer you get 20", "three times your answer is 30". The unknown is named as the answer
# (not "the total", which may be a step), so what solves it is what the turn says the answer is.
_THE_ANSWER = (
    r"(?:the|your|our|my)\s+(?:(?:right|correct|final|real|true|missing)\s+)?(?:answer|solution)"
    r"|(?:the|your)\s+(?:right|correct|final)\s+(?:number|result)"
)
_BY = r"(?:plus|\+|added to|minus|-|less|take away|times|x|\*|multiplied by|divided by|/|over|shared by)"
# what an equation comes to, its verb with a modal or not: "makes", "should give", "will come to", "you'd land on"
_MAKES = (
    r"(?:is|=|is equal to|(?:(?:should|will|would|must|ought to|can)\s+)?(?:be|makes?|gives?|equals?|comes? to"
    r"|gets? you|leaves?|lands? on|ends? up at)|(?:see if\s+)?you(?:'ll|'d| will| would| should| can)?\s+"
    r"(?:get|land on|end up with|end up at|reach|arrive at|have))"
)
# a number named as the problem's: "the 20 in the problem" (adversary round 40)
_OF_THE_PROBLEM = r"(?:\s+(?:in|from|of)\s+the\s+(?:problem|question|story))?"
# what an equation on the answer comes to: a number, or two joined by an operation left to do ("20148 + 12", "3774
# plus 6": round 48)
_RESULT = rf"{_BOUND}(?:\s*(?:\+|plus|-|minus|x|\*|times)\s*{_BOUND})?"
_MULTIPLE = rf"(?:double|triple|half|(?:{_BOUND})\s*(?:times|fold|lots))"
_ANSWER_EQUATION = re.compile(
    # the answer as the number a multiple of it defines, or taken a number of times over (round 48: "The answer is
    # the number whose triple is 3774 plus 6.", "The final number, taken 2 times over, comes to 100+8.")
    rf"\b(?P<unknown6>{_THE_ANSWER})\s+(?:is|equals|=|would be|will be|must be)\s+(?:the|a|that)\s+"
    rf"(?:number|value|one)\s+whose\s+(?P<times6>{_MULTIPLE})\s+(?:is|equals|makes|comes to|gives)\s+(?P<m6>{_RESULT})"
    rf"|\b(?P<unknown7>{_THE_ANSWER})\s*,?\s+(?:taken|counted|added\s+up|put\s+together)\s+(?P<times7>{_BOUND}\s+times"
    rf"|twice)(?:\s+over)?\s*,?\s*(?:{_MAKES})\s+(?P<m7>{_RESULT})"
    rf"|\b(?P<unknown>{_THE_ANSWER})\s+(?:(?P<op>{_BY})\s+(?:the\s+)?(?P<n>{_BOUND}){_OF_THE_PROBLEM}|(?P<unary>doubled"
    rf"|halved|tripled|squared|times itself|multiplied by itself))\s*,?\s*(?:{_MAKES})\s+(?P<m>{_RESULT})"
    rf"|\b(?:(?:if|when|once)\s+you\s+)?(?P<verb>add|subtract|take|multiply|divide|double|halve|triple|square)\s+"
    rf"(?:(?:the\s+)?(?P<n2>{_BOUND}){_OF_THE_PROBLEM}\s+(?:to|from)\s+)?(?P<unknown2>{_THE_ANSWER})(?:\s+by\s+(?:itself|(?P<n3>{_BOUND})))?"
    rf"\s*,?\s*(?:and\s+|then\s+)?(?:{_MAKES}|it makes|it gives|that's|that is|the result is)\s+(?P<m2>{_RESULT})"
    # the answer and another number, their sum or their difference with its direction: "the answer and your 120 add
    # up to 280", "the right answer and your 120 differ by 40, and yours is too small"
    rf"|\b(?P<unknown4>{_THE_ANSWER})\s+and\s+(?:your\s+|the\s+)?(?P<other>{_BOUND})\s+(?:(?P<sum>add up to|sum to"
    rf"|make|total|come to)\s+(?P<total>{_BOUND})|differ by\s+(?P<gap>{_BOUND}),?\s+(?:and|but|so)\s+(?:yours"
    rf"|your (?:answer|number)|(?P=other))\s+is\s+too\s+(?:(?P<small>small|low|little|few)|big|high|large|much|many))"
    rf"|\b(?P<times>twice|double|half(?: of)?|three times|(?P<k>{_BOUND}) times|(?P<part>a (?:half|third|quarter"
    rf"|fourth|fifth|tenth)) of|(?P<percent>{_BOUND})\s*(?:%|percent) of)\s+(?P<unknown3>{_THE_ANSWER})\s+"
    rf"(?:{_MAKES})\s+(?P<m3>{_RESULT})"
    # the answer in a ratio to a number: "the answer and the 40 in the problem are in the ratio 13:20" (round 42)
    rf"|\b(?P<unknown5>{_THE_ANSWER})\s+(?:and|to)\s+(?:your\s+|the\s+)?(?P<ratio_other>{_BOUND}){_OF_THE_PROBLEM}\s+"
    rf"(?:are|is|stand|stands)\s+in\s+(?:the\s+|a\s+)?ratio\s+(?:of\s+)?(?P<ratio_a>\d+)\s*(?::|to)\s*(?P<ratio_b>\d+)",
    re.IGNORECASE,
)


_SOLVES_FOR_THE_ANSWER = ", as what solves an equation on the answer"
_BY_OPERATION = {**WORD_OPERATIONS, "/": operator.truediv, "shared by": operator.truediv}  # every word of `_BY`
_UNDONE_BY = {operator.add: operator.sub, operator.sub: operator.add, operator.mul: operator.truediv,
              operator.truediv: operator.mul}  # fmt: skip
_FACTOR = {"twice": Fraction(2), "double": Fraction(2), "half": Fraction(1, 2), "half of": Fraction(1, 2),
           "three times": Fraction(3)}  # fmt: skip
_VERB_OPERATION = {"add": "plus", "subtract": "minus", "take": "minus", "multiply": "times", "divide": "divided by",
                   "double": "doubled", "halve": "halved", "triple": "tripled", "square": "squared"}  # fmt: skip


def _answer_equations(sentence: str) -> list[tuple[Fraction, str]]:
    """(what the answer must be, the words) of every `_ANSWER_EQUATION` in the sentence that has one solution."""
    found = []
    for match in _ANSWER_EQUATION.finditer(sentence):
        value = _solve_answer_equation(match)
        if value is not None:
            found.append((value, match.group(0)))
    return found


def _solve_answer_equation(match: re.Match[str]) -> Fraction | None:
    if match.group("unknown5"):  # in a ratio to another number
        other, a, b = (parse_number(match.group(name)) for name in ("ratio_other", "ratio_a", "ratio_b"))
        return None if other is None or a is None or not b else other * a / b
    if match.group("unknown4"):  # the answer and another number: their sum, or their gap and which is bigger
        other = parse_number(match.group("other"))
        if match.group("sum"):
            total = parse_number(match.group("total"))
            return None if other is None or total is None else total - other
        gap = parse_number(match.group("gap"))
        return None if other is None or gap is None else (other + gap if match.group("small") else other - gap)
    if match.group("unknown6") or match.group("unknown7"):  # a multiple of the answer, or the answer so many times
        result = _result_value(match.group("m6") or match.group("m7"))
        multiple = (match.group("times6") or match.group("times7")).lower()
        factor = {"double": Fraction(2), "twice": Fraction(2), "triple": Fraction(3), "half": Fraction(1, 2)}.get(
            multiple
        ) or parse_number(re.sub(r"\s*(?:times|fold|lots)$", "", multiple))
        return None if result is None or not factor else result / factor
    result = _result_value(match.group("m") or match.group("m2") or match.group("m3") or "")
    if result is None:
        return None
    if match.group("m3"):  # "twice the answer is 20"
        factor = _FACTOR.get(match.group("times").lower()) or parse_number(match.group("k") or "")
        if match.group("part"):  # "a tenth of the answer is 16"
            factor = Fraction(1, FRACTION_DENOMINATORS[match.group("part").split()[-1].lower()])
        elif match.group("percent"):  # "10% of the answer is 16"
            percent = parse_number(match.group("percent"))
            factor = percent / 100 if percent is not None else None
        return result / factor if factor else None
    if match.group("m2"):  # "if you add 5 to the answer, you get 15"
        verb, n = match.group("verb").lower(), parse_number(match.group("n2") or match.group("n3") or "")
        by_itself = verb == "multiply" and "itself" in match.group(0).lower()
        return _inverse("squared" if by_itself else _VERB_OPERATION[verb], n, result)
    op = (match.group("op") or match.group("unary")).lower()
    return _inverse(op, parse_number(match.group("n") or "") if match.group("n") else None, result)


_RESULT_OPERATION = re.compile(r"\s*(\+|plus|-|minus|x|\*|times)\s*(?=\S)", re.IGNORECASE)


def _result_value(text: str) -> Fraction | None:
    """The value of what an equation comes to: a number, or two joined by an operation ("3774 plus 6")."""
    parts = _RESULT_OPERATION.split(text.strip(), maxsplit=1)
    if len(parts) == 1:
        return parse_number(text.strip().replace(",", ""))
    a, operation, b = (part.strip().replace(",", "") for part in parts)
    left, right = parse_number(a), parse_number(b)
    if left is None or right is None:
        return None
    return _BY_OPERATION[operation.lower()](left, right)


def _inverse(operation: str, n: Fraction | None, result: Fraction) -> Fraction | None:
    """The x with x `operation` n = result, or None when there is none (or no one rational one)."""
    if operation in ("doubled", "halved", "tripled", "squared", "times itself", "multiplied by itself"):
        if operation == "doubled":
            return result / 2
        if operation == "halved":
            return result * 2
        if operation == "tripled":
            return result / 3
        if result < 0:
            return None
        root = Fraction(round(float(result) ** 0.5 * 10**6), 10**6)  # exact only for perfect squares
        return root if root * root == result else None
    function = _BY_OPERATION[operation]
    if n is None or (function is operator.mul and n == 0):
        return None
    return _UNDONE_BY[function](result, n)


# The unknown a question asks for in words, or a count of one unit in another: "What number plus 26 makes 35?", "What
# times 4 gives 36?", "5 times what is 400?", "Which number taken from 520 leaves 40?", "What must go with 6 to reach
# 36?", "How many 2s make 108?", "How far is it from 7 up to 17?", "How many feet make 2 yards?", "the quarts in 5
# gallons". Each is a step left to the student, as an expression is: it reveals the answer only where the turn ties
# it to the answer (round 47: "What number plus 26 makes 35? That number is the boxes.")
_WHAT = r"(?:what|which)(?:\s+number)?|a\s+number|some\s+number|the\s+(?:missing|mystery)\s+number"
_GIVES = r"(?:makes?|gives?|is|equals?|comes?\s+to|leaves?|reach(?:es)?|gets?\s+you(?:\s+to)?|=)"
_ASKED_UNKNOWN = re.compile(
    rf"\b(?P<q>{_WHAT})\s*,?\s+(?:(?P<op>{_BY}|taken from|subtracted from)\s+(?:the\s+)?(?P<n>{_BOUND})"
    rf"|(?:joined by|together with|put with)\s+(?P<n_add>{_BOUND}))\s*,?\s+(?:{_GIVES})\s+(?P<m>{_BOUND})"
    rf"|\b(?P<n2>{_BOUND})\s+(?P<op2>{_BY})\s+(?:{_WHAT})\s+(?:{_GIVES})\s+(?P<m2>{_BOUND})"
    rf"|\b(?:{_WHAT})\s+(?:must|do you|would you|should you|can you)\s+(?:go\s+with|add\s+to|put\s+with)\s+"
    rf"(?P<n3>{_BOUND})\s+to\s+(?:reach|make|get(?:\s+to)?)\s+(?P<m3>{_BOUND})"
    rf"|\bhow\s+many\s+(?P<n4>\d+)s\s+(?:make|go\s+into|are\s+in|fit\s+into)\s+(?P<m4>{_BOUND})"
    rf"|\bhow\s+far\s+(?:is\s+it\s+)?from\s+(?P<n5>{_BOUND})\s+(?:up\s+|down\s+)?to\s+(?P<m5>{_BOUND})"
    rf"|\b(?:how\s+many|the(?:\s+number\s+of)?)\s+(?P<small>{UNIT_WORD_PATTERN})\s+(?:are\s+)?(?:in|make|make\s+up"
    rf"|go\s+into|fit\s+into)\s+(?P<n6>{_BOUND})\s+(?P<big>{UNIT_WORD_PATTERN})\b",
    re.IGNORECASE,
)
_ASKED = ", as the unknown a question asks for"


def _asked_unknowns(sentence: str) -> list[tuple[Fraction, str, str]]:
    """(value, text, `_ASKED`) of every unknown `_ASKED_UNKNOWN` asks for that has one value."""
    found = []
    for match in _ASKED_UNKNOWN.finditer(sentence):
        value = _asked_value(match)
        if value is not None:
            found.append((value, match.group(0), _ASKED))
    return found


def _asked_value(match: re.Match[str]) -> Fraction | None:
    number = {name: parse_number(match[name]) for name in ("n", "n_add", "m", "n2", "m2", "n3", "m3", "n4", "m4", "n5",
                                                           "m5", "n6") if match[name]}  # fmt: skip
    if None in number.values():
        return None
    if match["m"] is not None:
        op = (match["op"] or "plus").lower()
        if op in ("taken from", "subtracted from"):  # the unknown taken from n leaves m
            return number["n"] - number["m"]
        return _inverse(op, number.get("n", number.get("n_add")), number["m"])
    if match["m2"] is not None:  # n op the unknown gives m
        function = _BY_OPERATION[match["op2"].lower()]
        n, m = number["n2"], number["m2"]
        if function is operator.add:
            return m - n
        if function is operator.sub:
            return n - m
        if function is operator.mul:
            return m / n if n else None
        return n / m if m else None
    if match["m3"] is not None:
        return number["m3"] - number["n3"]
    if match["m4"] is not None:
        return number["m4"] / number["n4"] if number["n4"] else None
    if match["m5"] is not None:
        return abs(number["m5"] - number["n5"])
    (kind, small), (other_kind, big) = unit_sizes()[match["small"].lower()], unit_sizes()[match["big"].lower()]
    return number["n6"] * big / small if kind == other_kind else None


# a number said to be off by so much, which names the right one: "Your 93 is 5 too low" (98), "93 is 5 short"
_CORRECTED = re.compile(
    rf"(?<![\w.])(?P<said>{_BOUND})(?:\s+[a-z]+)?\s+(?:is|was|'s)\s+(?:(?:just|only|exactly)\s+)?(?P<off>{_BOUND})\s+"
    r"(?:too\s+(?P<low>low|small|few|little|short)|too\s+(?P<high>high|big|large|many|much)|(?P<short>short|under)"
    r"|(?P<over>over))\b",
    re.IGNORECASE,
)


def _corrected(sentence: str) -> list[tuple[Fraction, str]]:
    """(the number a correction names, the words) of every `_CORRECTED` correction in the sentence."""
    found = []
    for match in _CORRECTED.finditer(sentence):
        said, off = parse_number(match.group("said")), parse_number(match.group("off"))
        if said is not None and off is not None:
            found.append((said + off if match.group("low") or match.group("short") else said - off, match.group(0)))
    return found


# the answer as the student's number moved by a stated amount: "you're 6 short", "you're 61 over", "yours needs 3
# more", "It's 61 lower than yours", "(You're off by 1, too low.)": in a sentence that speaks of the student's answer
# (or says "off by", which can only be about it), an amount and which way; where the words do not settle the way ("3
# more", "off by 2": two tries), either way counts. "Add 6 to yours." gives a step, as "Now multiply by 3" does: the
# last step given whole reveals (`_last_step_given`), a step left to the student does not
_YOURS = re.compile(
    r"\byou(?:'re|\s+are)\b|\byours\b|\byour\s+(?:answer|number|total|result|guess)\b"
    # their number named as theirs ("Your 120 minutes is ..."), what they have or miss ("you have 40 too many")
    rf"|\byour\s+{_BOUND}|\byou(?:'ve|\s+have)?\s+(?:have|got|are\s+missing|'re\s+missing)\b"
    # their work or its result as what moves (round 50: "Just 6 more and you'd have it.", "Somewhere you dropped 6.",
    # "Your working gains 6 it shouldn't.", "Nudge it up by 6.")
    r"|\byou(?:'d|\s+would)\s+have\s+it\b|\byour\s+(?:working|work|calculations?)\b"
    r"|\byou(?:'ve|\s+have)?\s+(?:dropped|lost|picked\s+up|left\s+(?:that\s+)?out|counted)\b"
    r"|\b(?:nudge|bring|push|move)\s+it\b"
    r"|\byou\s+need\s+to\s+(?:go|come)\b",
    re.I,
)
# the student, or their work, as the subject of a gain or a loss
_GAINS_OR_LOSES = r"(?:you(?:'ve|\s+have)?|your\s+(?:working|work|calculations?))"
# the amount and the unit it may name: "40 minutes shy", "$30 too many"
_AMOUNT = rf"{_BOUND}(?:\s+(?!too\b|more\b|less\b|fewer\b|over\b|under\b|short\b)[a-z]+)?"
# ... and then the answer is reached: "and you'll have it", "and you're there", "- that's the answer"
_FINISHES = (r"(?=[^.!?]*?\b(?:you(?:'ll|\s+will|'d|\s+would)\s+have\s+it|you(?:'re|\s+are|'ll\s+be)\s+there"
             r"|that(?:'s|\s+is)\s+(?:it|the\s+answer)|you(?:'ve|\s+have)\s+(?:got\s+)?it|done)\b)")  # fmt: skip
_MOVED = re.compile(
    rf"(?P<up_by>{_AMOUNT})\s+(?:too\s+(?:low|small|few|little)|short|under|shy)\b"
    rf"|(?P<down_by>{_AMOUNT})\s+(?:too\s+(?:high|big|large|many|much)|over)\b"
    rf"|(?P<either_by>{_AMOUNT})\s+(?:more|less|fewer|higher|lower|bigger|smaller|greater|larger|extra|away\s+from)\b"
    rf"|\boff\s+by\s+(?P<off_by>{_AMOUNT})"
    # by a verb of missing the mark, or of moving the student's number (adversary round 37): "undershoots by 40",
    # "bumped your 60 up by 100", "you're missing 40 minutes somewhere", "sits 40 minutes above yours"
    rf"|\b(?:undershoots?|undershot|falls?\s+short|fell\s+short|comes?\s+up\s+short|came\s+up\s+short)\s+by\s+"
    rf"(?P<up_by2>{_AMOUNT})|\b(?:overshoots?|overshot)\s+by\s+(?P<down_by2>{_AMOUNT})"
    rf"|\bup\s+by\s+(?P<up_by3>{_AMOUNT})|\bdown\s+by\s+(?P<down_by3>{_AMOUNT})"
    rf"|\bmissing\s+(?P<up_by4>{_AMOUNT})(?=\s*(?:somewhere|in\s+(?:all|total)|overall|altogether|[.!?,]|$))"
    rf"|(?P<up_by5>{_AMOUNT})\s+above\s+yours\b|(?P<down_by5>{_AMOUNT})\s+below\s+yours\b"
    # what their work lost or gained on the way (round 50): "you dropped 6", "your working loses 6", "an extra 6
    # somewhere in your working" -- the student's, not the story's ("he dropped three balls")
    rf"|\b{_GAINS_OR_LOSES}\s+(?:\w+\s+)?(?:dropped|lost|loses|left\s+out|missed)\s+(?:an?\s+)?(?P<up_by6>{_AMOUNT})"
    rf"|\b{_GAINS_OR_LOSES}\s+(?:\w+\s+)?(?:picked\s+up|gains?|gained)\s+(?:an?\s+)?(?:extra\s+)?(?P<down_by6>{_AMOUNT})"
    rf"|\ban?\s+extra\s+(?P<down_by7>{_AMOUNT})(?=\s+(?:somewhere|in\s+your))"
    rf"|\bgap\s+is\s+(?P<either_by2>{_AMOUNT})"
    # the student's number that needs another so many, or a step on it said to finish (adversary round 70: "Your
    # answer needs another 2.", "Add 6 to your answer and you'll have it.", "Knock 4 off your answer and you're there.")
    rf"|\bneeds?\s+(?:another|an\s+extra|a\s+further|(?:just\s+)?(?:one|a\s+few)\s+more\s+of)\s+(?P<up_by8>{_AMOUNT})"
    rf"|\b(?:add|put|stick|tack)\s+(?:on\s+)?(?:another\s+)?(?P<up_by9>{_AMOUNT})\s+(?:more\s+)?(?:on\s+)?(?:to|onto)\s+"
    rf"(?:it|yours|your\s+\w+){_FINISHES}"
    rf"|\b(?:take|knock|shave|chop|trim)\s+(?P<down_by9>{_AMOUNT})\s+off\s+(?:of\s+)?(?:it|yours|your\s+\w+){_FINISHES}",
    re.IGNORECASE,
)


# the student's number as a part or a multiple of the answer: "Your 120 minutes is only three quarters of what it
# should be", "twice the right answer" (adversary round 39)
_PART_OF_THE_ANSWER = re.compile(
    r"\b(?P<part>(?:a|an|one|two|three|four|five|six|seven|eight|nine|\d+)[\s-]+(?:half|halves|thirds?|quarters?"
    r"|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)|\d+\s*/\s*\d+|half|twice|double|triple"
    r"|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+times)\s+(?:of\s+)?(?:what\s+(?:it|they|the\s+answer)"
    r"\s+(?:should|ought\s+to|needs?\s+to|has\s+to)\s+be|the\s+(?:right|correct|real|actual|true)\s+(?:answer|total"
    r"|amount|number|value|one|result))\b",
    re.IGNORECASE,
)
# a digit of the student's number changed: "Change the 2 in your 120 to a 6" (adversary round 39)
_DIGIT_CHANGED = re.compile(
    r"\b(?:change|swap|replace|switch|make|turn)\s+the\s+(?P<old>\d)\s+in\s+(?:your\s+)?(?P<number>\d[\d,]*)\s+"
    r"(?:to|into|with|for)\s+(?:an?\s+)?(?P<new>\d)\b",
    re.IGNORECASE,
)


_MULTIPLES = {"twice": Fraction(2), "double": Fraction(2), "triple": Fraction(3)}


def _factor_named(part: str) -> Fraction | None:
    """The factor a `_PART_OF_THE_ANSWER` part names: "three quarters" 3/4, "4/5", "twice" 2, "3 times" 3."""
    part = re.sub(r"\s+times$", "", part.strip(), flags=re.IGNORECASE)
    if (value := parse_number(part)) is not None and not re.search(r"[a-z]", part, re.IGNORECASE):
        return value  # "3", "4/5"
    if part.lower() in _MULTIPLES:
        return _MULTIPLES[part.lower()]
    said = spoken_expressions(f"{part} of 1")  # "three quarters of 1"
    return said[0][0] if said else parse_number(part)


# a comparison with a thing of its own ("more than the rent"), not with the student's number ("than yours"); an amount
# that counts the talk's steps or tries, not the answer's units
_ANOTHER_COMPARISON = re.compile(r"\s*than\s+(?!(?:your|yours|what\s+you|you)\b)", re.IGNORECASE)
_COUNTS_THE_TALK = re.compile(r"\s*\b(?:steps?|tries|goes|chances|turns)\b", re.IGNORECASE)


def _moved(sentence: str, latest: Fraction | None) -> list[tuple[Fraction, str]]:
    """(the student's number moved by the amount, the words) for each `_MOVED` amount of a sentence that speaks of
    the student's answer (`_YOURS`), or says it is off by the amount ("Off by 13 - a bit less."); the student's
    number as a part of the answer (`_PART_OF_THE_ANSWER`) or with a digit changed (`_DIGIT_CHANGED`)."""
    if latest is None:
        return []
    speaks_of_yours = bool(_YOURS.search(sentence))
    moved = []
    for match in _PART_OF_THE_ANSWER.finditer(sentence) if speaks_of_yours else ():
        if (factor := _factor_named(match["part"])) is not None and factor not in (0, 1):
            moved.append((latest / factor, match.group(0)))
    for match in _DIGIT_CHANGED.finditer(sentence):
        number = match["number"].replace(",", "")
        if Fraction(number) == latest:
            for at in (i for i, digit in enumerate(number) if digit == match["old"]):
                moved.append((Fraction(number[:at] + match["new"] + number[at + 1 :]), match.group(0)))
    for match in _MOVED.finditer(sentence):
        if not (speaks_of_yours or match.group("off_by")):
            continue
        talk = _COUNTS_THE_TALK.search(match.group(0)) or _COUNTS_THE_TALK.match(sentence, match.end())
        if _ANOTHER_COMPARISON.match(sentence, match.end()) or talk:
            continue  # "$1200 more than the rent", "5 fewer than 3 times Brian's", "2 steps away", "2 more steps"
        way, written = next((name, text) for name, text in match.groupdict().items() if text)
        way = way.rstrip("0123456789")  # "up_by2" moves it up as "up_by" does
        amount = mentions[0].value if (mentions := find_numbers(written)) else None  # "40 minutes": its number
        if amount is None or amount in (latest, 0):
            continue
        if way != "down_by":
            moved.append((latest + amount, match.group(0)))
        if way != "up_by":
            moved.append((latest - amount, match.group(0)))
    return moved


def _is_operand(sentence: str, mention: NumberMention) -> bool:
    """Whether the number is an operand of arithmetic the sentence writes out, not a result it states."""
    return bool(_OPERATOR_BEFORE.search(sentence[: mention.start]) or _OPERATOR_AFTER.search(sentence[mention.end :]))


def sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence.strip()]
