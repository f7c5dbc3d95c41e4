"""A last step the turn says finishes the problem: "Try adding 15 and 5 - that finishes it.", "Last move: divide 80
by 54.", "Use multiplication on 99 and 5 and you're done." Its operation on its two numbers gives the answer, so it
is read exactly against the final answer: the step is false where neither order of its numbers gives the answer.

A last step is read only where the turn says it ends the work: a word of finishing ("that finishes it", "to
finish", "you're done", "all that's left", "that gives you the answer") in its sentence, or in a sentence of its own
just before it ("Last move: ...") or just after it ("What do you get when you multiply 15 and 5? That's the last
step."). An operation reported as done ("you multiplied 15 and 5", "your last step") is the student's, not a step to
take; a finish asked or denied ("Are you done?", "That's not the last step.") or supposed asserts nothing; a sentence
of two operations or of more than two numbers is a recipe, not one step, and is left alone. The `correctness`
scorer counts a false last step as a statement that is false, like a false bound on the answer
(`answer_bounds.py`); the `strategy` scorer counts the turns with one.

A question that asks assent ("Shouldn't the last step be to divide 18 and 35?", "Isn't it obvious that 15 and 5
should be added to finish?") says what it asks assent to, and is read as that statement (round 49).

Any step advised (`misadvised_steps`), not only the last: an operation on two numbers that the worked solution
combines by another operation, and never by this one, is false ("Why not just add 15 and 5?" where the solution
takes 5 from 15). A pair the solution never combines is left alone: another path may combine it.

A step said to be the one the problem needs (`needless_key_steps`) is false where it begins no order of the worked
solution's work, read by its algebra (`_begins_the_work`); the operation said, with no number, to end the work or to be
the problem's kind (`misnamed_operations`) is false where no order of the work ends with it, or the solution never
does it (round 50).

A number of the problem that the worked solution works with, said to play no part ("The 12 is a red herring.", "You
don't need the 5.": `needless_numbers`), is false (round 54).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from fractions import Fraction

from trtutor.answers import find_numbers, format_number, parse_number
from trtutor.scorers.offline.blamed_steps import OPERATION_OF_SIGN, Work, solution_steps, worked_expressions
from trtutor.scorers.offline.leakage import sentences
from trtutor.scorers.offline.operation_words import (
    APPLY,
    OPERATION_WORDS,
    alternation,
    operations_named,
    results_in_either_order,
)

# an operation named by its verb (to do, not done) or its noun
_OPERATION = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{alternation(words)})\b)" for name, words in OPERATION_WORDS.items()), re.IGNORECASE
)
# the work ended by this step
_FINISHES = re.compile(
    r"\b(?:(?:the|one|a|our)\s+)?(?:last|final)\s+(?:step|move|thing|operation|calculation|bit|part)\b"
    r"|\bfinish(?:es|ing)?\s+(?:it|this|the\s+(?:problem|question|job)|things|up|off)\b|\bto\s+finish\b"
    r"|\bfinish\s+with\b|\b(?:you're|you\s+are|you'll\s+be|we're|we\s+are|we'll\s+be|and)\s+(?:all\s+)?done\b"
    r"|\ball\s+that's\s+left\b|\ball\s+(?:that\s+)?(?:is\s+)?left\s+is\b"
    r"|\b(?:gives?|get|is|that's|it's)\s+(?:you\s+)?(?:your|the)\s+(?:final\s+)?answer\b"
    r"(?!\s+(?:to|for|of)\s+(?:the|this|that|your)\s+(?:first|second|next|step|part))",
    re.IGNORECASE,
)
# a step reported as taken (the student's), a finish denied, asked or supposed
_TAKEN = re.compile(r"\b(?:you|they|he|she|we)\s+(?:\w+\s+)?(?:added|subtracted|multiplied|divided|took away)\b"
                    r"|\b(?:your|their|his|her|my)\s+(?:last|final)\b|\b(?:last|final)\s+(?:step|move|line)\s+"
                    r"(?:you|they|he|she)\b", re.IGNORECASE)  # fmt: skip
_NOT_ASSERTED = re.compile(r"\b(?:not|never|suppose|supposing|imagine|what if|whether)\b|n't\b", re.IGNORECASE)
# a number word that counts the operations, not an operand: "one subtraction", "one more step"
_COUNTS_OPERATIONS = re.compile(
    r"^\s*(?:more\s+)?(?:\w+\s+)?(?:step|move|operation|calculation|sum|addition|subtraction|multiplication|division)s?\b",
    re.IGNORECASE,
)


def false_last_steps(response: str, final_answer: str) -> list[str]:
    """The last steps `response` says finish the problem whose operation on its two numbers, in either order, does not
    give the final answer, each as "a false last step: <sentence> (...)"."""
    answer = parse_number(final_answer) if final_answer else None
    if answer is None:
        return []
    said = [sentence.strip() for sentence in sentences(response) if sentence.strip()]
    found = []
    for index, sentence in enumerate(said):
        step = one_operation(sentence)
        if step is None:
            continue
        name, a, b = step
        neighbours = [text for text in said[max(0, index - 1) : index + 2] if text != sentence and _ends_the_work(text)
                      and one_operation(text) is None and not find_numbers(text)]  # fmt: skip
        if not (_ends_the_work(sentence) or neighbours) or _TAKEN.search(sentence):
            continue
        if answer not in operation_results(name, a, b):
            found.append(
                f"a false last step: {sentence!r} says {name} {format_number(a)} and {format_number(b)} finishes it "
                f"(the answer is {format_number(answer)})"
            )
    return found


def operation_results(name: str, a: Fraction, b: Fraction) -> set[Fraction]:
    """What an operation named on two numbers gives, in either order of them."""
    return results_in_either_order(name, a, b)


_A_REASON = re.compile(r"\b(?:since|because)\b", re.IGNORECASE)
# an operation said in everyday words around its two numbers, each named ("put the 15 and the 5 together", "combine
# 15 with 5", "take the 5 away from the 15", "split the 15 among the 5": adversary round 66, the wrong operation
# advised in a story's words); "put" joins only with "together", and a number may carry its noun ("the 15 apples")
_NUMBER = r"(?:the\s+)?[$€£]?\d[\d,]*(?:\.\d+)?(?:\s+[a-z]+)?"
_EVERYDAY_STEP = re.compile(
    rf"\b(?:(?P<add>(?:put|putting)\s+(?:together\s+{_NUMBER}\s+(?:and|with)\s+{_NUMBER}"
    rf"|{_NUMBER}\s+(?:and|with)\s+{_NUMBER}\s+together)"
    rf"|(?:combine|combining|join|joining)\s+{_NUMBER}\s+(?:and|with)\s+{_NUMBER})"
    rf"|(?P<subtract>(?:take|taking)\s+(?:away\s+)?{_NUMBER}\s+(?:away\s+)?from\s+{_NUMBER})"
    rf"|(?P<divide>(?:split|splitting|share|sharing)\s+(?:out\s+)?{_NUMBER}\s+(?:equally\s+|evenly\s+)?"
    rf"(?:among|between)\s+{_NUMBER}))\b",
    re.IGNORECASE,
)


def one_operation(sentence: str) -> tuple[str, Fraction, Fraction] | None:
    """The operation (add, subtract, multiply, divide) and its two numbers, where the sentence names one operation, by
    its verb or its noun, and two numbers: "Try adding 15 and 5", "Use multiplication on 99 and 5"; or, naming none
    so, says one in everyday words around its numbers (`_EVERYDAY_STEP`: "put the 15 and the 5 together")."""
    names = {match.lastgroup for match in _OPERATION.finditer(sentence)}
    if not names:
        everyday = list(_EVERYDAY_STEP.finditer(sentence))
        numbers = [mention.value for mention in find_numbers(sentence)]
        if len(everyday) == 1 and len(numbers) == 2 and everyday[0].lastgroup:
            return everyday[0].lastgroup, numbers[0], numbers[1]
        return None
    if len(names) != 1:
        return None
    # the operands are in the operation's clause, not in a reason given for it ("a division by 3, since the three
    # friends split it evenly" names one operand; probe 52)
    clause = next((part for part in _A_REASON.split(sentence) if _OPERATION.search(part)), sentence)
    numbers = [mention.value for mention in find_numbers(clause)
               if not _COUNTS_OPERATIONS.match(clause[mention.end :])]  # fmt: skip
    if len(numbers) != 2:
        return None
    return str(names.pop()), numbers[0], numbers[1]


def _ends_the_work(sentence: str) -> bool:
    """The sentence says the work ends, as a statement: not asked, denied or supposed. A question that asks for
    assent ("Shouldn't the last step be to divide 18 and 35?", "Isn't it obvious that 15 and 5 should be added to
    finish?") says what it asks agreement to: it is read as that statement."""
    sentence = _as_said(sentence)
    return (
        bool(_FINISHES.search(sentence)) and not sentence.rstrip().endswith("?") and not _NOT_ASSERTED.search(sentence)
    )


# a question that asks for assent to what it says (round 49's leading questions)
_ASKS_ASSENT = re.compile(
    r"^\W*(?:(?:hmm+,?\s+)?(?:isn't|aren't|doesn't|don't|shouldn't|wouldn't|couldn't|can't|won't)\s+(?:it|that|this"
    r"|they|there|you|we|the|a|an)\b|don't\s+you\s+think\b|surely\b|why\s+not\b)",
    re.IGNORECASE,
)
_THINK_OR_OBVIOUS = re.compile(
    r"^\W*(?:hmm+,?\s+)?(?:don't\s+you\s+think|isn't\s+it\s+(?:obvious|clear)|surely|why\s+not(?:\s+just)?)\s*(?:that\s+)?",
    re.IGNORECASE,
)


def _as_said(sentence: str) -> str:
    """A question that asks for assent as the statement it asks assent to; any other sentence as it is."""
    if not (sentence.rstrip().endswith("?") and _ASKS_ASSENT.match(sentence)):
        return sentence
    statement = _THINK_OR_OBVIOUS.sub("", sentence)
    statement = re.sub(r"^\W*(\w+)n't\b", r"\1", statement)  # "Shouldn't the last step be" -> "Should the last step be"
    return statement.rstrip().rstrip("?") + "."


# advice on a step: what to do ("add 15 and 5", "let's ...", "you need to ...", "the next step is to ...") or what the
# step is ("This is really a multiplication of 15 and 5.")
_ADVISES_A_STEP = re.compile(
    r"^\W*(?:(?:so|now|ok(?:ay)?|then|next|first|well)\b[\s,:]*)*(?:let's|let\s+us|we|you|just|try|go\s+ahead\s+and)?\s*"
    r"(?:(?:need|needs|have|has|ought|should|must|can|could|want|would)\s+(?:to\s+)?|'ll\s+)?(?:simply\s+|just\s+)?"
    r"(?:add|subtract|multiply|divide|take\s+away|put|combine|join|take|split|share)\b"
    r"|^\W*(?:should|would|could|can|must|do)\s+(?:we|you)\s+(?:(?:need\s+to|have\s+to)\s+)?(?:just\s+|simply\s+)?"
    r"(?:add|subtract|multiply|divide|take\s+away|put|combine|join|take|split|share)\b"
    r"|^\W*is\s+(?:this|that|it)\s+(?:really|just|simply)?\s*(?:a|an)\s+(?:sum|addition|subtraction|difference|product"
    r"|multiplication|division|sharing\s+problem)\b"
    r"|\b(?:the|this|that|your)\s+(?:next|first|last|final|natural|key|right)?\s*(?:step|move)\s+(?:is|be|should\s+be"
    r"|would\s+be)\s+(?:to\s+)?"
    r"|\b(?:this|that|it)\s+is\s+(?:really|just|simply)?\s*(?:a|an)\s+(?:sum|addition|subtraction|difference|product"
    r"|multiplication|division|sharing\s+problem)\b"
    r"|\b(?:a|an)\s+(?:sum|addition|subtraction|difference|product|multiplication|division)\s+of\b[^.?!]*\b(?:would\s+be|is)"
    r"\s+the\s+(?:natural|next|right|first)\s+step\b"
    r"|\b(?:the\s+story|the\s+problem|the\s+question|the\s+wording)\s+(?:tells|asks|wants|points)\b"
    r"|\b(?:should|must|need\s+to|have\s+to)\s+be\s+(?:added|subtracted|multiplied|divided)\b",
    re.IGNORECASE,
)


def misadvised_steps(response: str, worked_solution: str) -> list[str]:
    """The steps `response` advises, an operation on two numbers, that the worked solution does on the same two numbers
    by another operation and never by this one, each as "a step misadvised: <sentence> (...)". A question that asks
    for assent ("Shouldn't we add 15 and 5?", "Why not just add 15 and 5?") advises what it asks assent to; a step
    reported as taken ("you added 15 and 5") or asked ("What is 15 + 5?") advises nothing. The solution's other steps
    may combine other numbers however they like: only the pair it combines is read."""
    done = solution_steps(worked_solution)
    if not done:
        return []
    found = []
    for sentence in sentences(response):
        said = _as_said(sentence.strip())
        if said.rstrip().endswith("?") or not _ADVISES_A_STEP.search(said) or _TAKEN.search(said):
            continue
        if _NOT_ASSERTED.search(said) or _ANAPHORIC.search(said) or (step := one_operation(said)) is None:
            continue
        name, a, b = step
        by_the_solution = {operation for operation, x, y, _ in done if sorted((x, y)) == sorted((a, b))}
        if by_the_solution and name not in by_the_solution:
            found.append(f"a step misadvised: {sentence.strip()!r} says {name} {format_number(a)} and "
                         f"{format_number(b)} (the worked solution does {' or '.join(sorted(by_the_solution))} on "
                         "them)")  # fmt: skip
    return found


# an operand said by a word for an earlier result ("add that to the 17 who bought 1 melon"): its numbers are not both
# operands
_ANAPHORIC = re.compile(r"\b(?:add|subtract|multiply|divide|take)\s+(?:that|it|this|those|these|the\s+result)\b",
                        re.IGNORECASE)  # fmt: skip


# a step said to be the one the problem needs: "The first thing you need is ...", "Everything hinges on ...", "What
# unlocks this one is ...", "Before anything else, find ..."
_NEEDED = re.compile(
    r"\b(?:first\s+thing\s+(?:you|we)\s+need|everything\s+(?:hinges|depends)\s+on|what\s+unlocks|(?:the\s+)?key\s+"
    r"(?:step|quantity|number|to\s+this)|crucial\s+(?:number|step|quantity)|before\s+anything\s+else|start\s+by"
    r"|begin\s+by|(?:the|your)\s+(?:first|next)\s+step\s+(?:is|should\s+be)|you'll\s+need\b[^.?!]*\bfirst)\b",
    re.IGNORECASE,
)


# a step asked for as the first ("Can you work out 12 times 5 first?"), or one said just after to be needed ("We'll
# need that.", "That's our starting point.", "Let's start there.", "Start with that.")
_FIRST_ASKED = re.compile(r"\bfirst\s*\?\s*$|\bto\s+(?:start|begin)\s+(?:with\s*)?\?\s*$", re.IGNORECASE)
_NEEDED_AFTER = re.compile(
    r"^\W*(?:we(?:'ll|\s+will)\s+need\s+(?:that|it|this)|(?:that|this)(?:'s|\s+is)\s+(?:our|your|the)\s+"
    r"(?:starting\s+point|first\s+step|key(?:\s+step)?)|let's\s+start\s+(?:there|with\s+(?:that|it))"
    r"|start\s+(?:there|with\s+(?:that|it)))\b",
    re.IGNORECASE,
)


def needless_key_steps(response: str, worked_solution: str) -> list[str]:
    """The steps `response` says the problem needs ("The first thing you need is the product of the 20 years and the 30
    years."), an operation on two numbers, that the worked solution does not do on those two numbers and that begins
    no other order of its work: neither the step alone nor the step and one more operation with one of its numbers
    computes one of its numbers as the solution does, by the same algebra ("12 - 5", then "+ 3", is 12 + 3 - 5; "7 + 2",
    then "+ 5", gives the 14 of 7 x 2 by no algebra). Each as "a step said to be needed that the solution never
    takes: <sentence> (...)"."""
    done = solution_steps(worked_solution)
    if not done:
        return []
    # its numbers, and a percent of it as the factor that applies it at once (30%: 0.3, and 1.3 and 0.7 as 1 and 0.3)
    percents = [Fraction(percent) / 100 for percent in re.findall(r"(\d+(?:\.\d+)?)\s*%", worked_solution)]
    factors: dict[Fraction, Work] = {}
    for percent in percents:
        factors[1 + percent] = ("add", Fraction(1), percent)
        factors[1 - percent] = ("subtract", Fraction(1), percent)
    numbers = {number for step in done for number in step[1:]} | set(percents) | set(factors)
    expressions = worked_expressions(worked_solution)
    found = []
    said_sentences = [sentence.strip() for sentence in sentences(response) if sentence.strip()]
    for index, sentence in enumerate(said_sentences):
        said = _as_said(sentence)
        if said.rstrip().endswith("?"):
            # a question for the step, said to be needed in it or just after (round 50: "Can you work out the 12
            # spoons times the 5 new spoons first?", "What's 12 plus 5? That's our starting point.")
            after = said_sentences[index + 1] if index + 1 < len(said_sentences) else ""
            if not (_FIRST_ASKED.search(said) or _NEEDED_AFTER.match(after)):
                continue
        elif not _NEEDED.search(said):
            continue
        if _TAKEN.search(said) or _NOT_ASSERTED.search(said):
            continue
        names = operations_named(said)
        mentions = [mention for mention in find_numbers(said) if not _COUNTS_OPERATIONS.match(said[mention.end :])]
        in_digits = [mention.value for mention in mentions if mention.text[0].isdigit()]
        # "What unlocks this one is 12 times 5": "one" is a word, not a number, beside two in digits
        step_numbers = in_digits if len(in_digits) == 2 else [mention.value for mention in mentions]
        if len(names) != 1 or len(step_numbers) != 2:
            continue
        name, (a, b) = names.pop(), step_numbers
        on_the_pair = {operation for operation, x, y, _ in done if sorted((x, y)) == sorted((a, b))}
        if name in on_the_pair or _begins_the_work(name, a, b, numbers, expressions, factors):
            continue  # a step of the solution, or the first of another order of its work
        found.append(f"a step said to be needed that the solution never takes: {sentence.strip()!r} ({name} "
                     f"{format_number(a)} and {format_number(b)})")  # fmt: skip
    return found


def _begins_the_work(
    name: str,
    a: Fraction,
    b: Fraction,
    numbers: set[Fraction],
    expressions: dict[Fraction, Work],
    factors: dict[Fraction, Work] | None = None,
) -> bool:
    """Does `name` on `a` and `b` (in either order) begin another order of the worked solution's work: is its result a
    number the solution starts from, or one it computes by the same algebra, alone or after one or two more operations
    with its numbers ("18 x 20", then "x 3", then "/ 2")? A number the solution both starts from and computes is read
    either way; a factor that applies a percent at once (`factors`: 1.3 for 30%) as 1 and the percent."""

    def readings(number: Fraction) -> list[Work]:
        if factors and number in factors:
            return [factors[number]]
        return [number, expressions[number]] if number in expressions else [number]

    def completes(work: Work, value: Fraction, more: int) -> bool:
        if value in expressions and _same_work(work, expressions[value]):
            return True
        if not more:
            return False
        for number, operation in ((number, operation) for number in numbers for operation in APPLY):
            if _undoes(work, operation, number):
                continue  # "14 x 2", then "/ 2": numbers that cancel out do no work
            for result, work_first in (
                (APPLY[operation](value, number), True),
                (APPLY[operation](number, value), False),
            ):
                if result is None or (more == 1 and result not in expressions):
                    continue  # the last operation must reach a number the solution computes
                for other in readings(number):
                    second: Work = (operation, work, other) if work_first else (operation, other, work)
                    if completes(second, result, more - 1):
                        return True
        return False

    for first in [(name, x, y) for p, q in ((a, b), (b, a)) for x in readings(p) for y in readings(q)]:
        value = _evaluate(first)
        if value is None:
            continue
        if value in numbers and value not in expressions:
            return True  # a number the solution starts from
        if completes(first, value, 2):
            return True
    return False


_INVERSE = {"add": "subtract", "subtract": "add", "multiply": "divide", "divide": "multiply"}


def _undoes(first: Work, operation: str, number: Fraction) -> bool:
    """Does `operation` with `number` undo the last operation of `first` (x x 2, then / 2; x - 5, then + 5)?"""
    if isinstance(first, Fraction) or operation != _INVERSE[first[0]]:
        return False
    name, left, right = first
    undone = {_evaluate(right)} | ({_evaluate(left)} if name in ("add", "multiply") else set())
    return number in undone


def _evaluate(work: Work, values: dict[Fraction, Fraction] | None = None) -> Fraction | None:
    """The value of `work`, each number it starts from read as `values` gives it (as itself by default)."""
    if isinstance(work, Fraction):
        return values.get(work, work) if values else work
    name, left, right = work
    x, y = _evaluate(left, values), _evaluate(right, values)
    return None if x is None or y is None else APPLY[name](x, y)


def _leaves(work: Work) -> set[Fraction]:
    return set(_leaf_list(work))


# Two computations are the same algebra when they agree whatever the numbers they start from: checked at two random
# settings of those numbers (equal numbers read as one quantity).
def _same_work(first: Work, second: Work) -> bool:
    leaves = sorted(_leaves(first) | _leaves(second))
    if any(not _depends(first, leaf, leaves) for leaf in _leaves(first) if leaf != 1):
        return False  # a number that cancels out ("14 x 2", then "x 3", then "/ 2"): it does no work
    used, solution_uses = Counter(_leaf_list(first)), Counter(_leaf_list(second))
    if any(count > solution_uses[leaf] for leaf, count in used.items() if leaf != 1):
        return False  # a number used more often than the solution uses it: an identity, no order of its work
    return _agree(first, second, leaves)


def _leaf_list(work: Work) -> list[Fraction]:
    return [work] if isinstance(work, Fraction) else _leaf_list(work[1]) + _leaf_list(work[2])


def _depends(work: Work, leaf: Fraction, leaves: list[Fraction]) -> bool:
    """Does the value of `work` change with the number `leaf` it starts from (at a random setting of the others)?"""
    draw = random.Random(2)
    values = {other: Fraction(draw.randrange(10**6, 10**7)) for other in leaves if other != 1}
    changed = {**values, leaf: values[leaf] + 1}
    return _evaluate(work, values) != _evaluate(work, changed)


def _agree(first: Work, second: Work, leaves: list[Fraction]) -> bool:
    for seed in (0, 1):
        draw = random.Random(seed)
        values = {leaf: Fraction(draw.randrange(10**6, 10**7)) for leaf in leaves if leaf != 1}  # 1: a constant
        x, y = _evaluate(first, values), _evaluate(second, values)
        if x is None or x != y:
            return False
    return True


# A claim of which operation the work needs, with no number: of its last step ("The last step has to be a division.",
# "You should multiply at the end, not add.", "Finish by dividing.") or of the whole problem ("This is really a
# division problem.", "The key operation here is dividing.", "this calls for dividing").
# (a story's "at the end of the day" is no step)
_ENDS = re.compile(r"\bat\s+the\s+end\b(?!\s+of\b)|\bfinish\s+by\b|\bto\s+finish\b"
                   r"|\b(?:last|final)\s+(?:step|operation|move)\b", re.IGNORECASE)  # fmt: skip
# an operation named by another's words: "repeated addition" and "adding up ... each" multiply, "undoing the addition"
# subtracts: read as no claim of the operation named
_ANOTHER_OPERATION = re.compile(
    r"\brepeated(?:ly)?\s+(?:addition|adding|add)\b|\badd(?:ing)?\s+up\b[^.!?]*\beach\b"
    r"|\b(?:undo(?:ing)?|reverse|reversing|inverse\s+of|opposite\s+of)\b",
    re.IGNORECASE,
)
_WHOLE_KIND = re.compile(
    r"\b(?:an?\s+(?:addition|subtraction|multiplication|division)\s+(?:problem|question|story)"
    r"|calls\s+for|comes\s+down\s+to|(?:key|main)\s+operation)\b",
    re.IGNORECASE,
)
# what follows is denied: "multiply at the end, not add", "add instead of multiplying"
_DENIED_AFTER = re.compile(r",?\s*\b(?:not|rather\s+than|instead\s+of)\b", re.IGNORECASE)
_ADD_FAMILY, _MULTIPLY_FAMILY = {"add", "subtract"}, {"multiply", "divide"}


def misnamed_operations(response: str, worked_solution: str, final_answer: str = "") -> list[str]:
    """The operations `response` says, with no number, the work needs -- its last step, or the whole problem -- that no
    order of the worked solution's work takes there, each as "an operation the work never takes there: <sentence>
    (...)". The last step may be any that an order of the same work ends with (`_last_operations`: "12 + 3 - 5" may
    end by adding; "(a + b) x c" by adding, as a x c + b x c), read where the solution's steps give the final answer;
    the problem's kind is any operation the solution names or writes, or one with its inverse by a fraction ("divide
    by 2" for "x 0.5")."""
    done = solution_steps(worked_solution)
    answer = parse_number(final_answer) if final_answer else None
    if not done:
        return []
    used = (
        {step[0] for step in done}
        | operations_named(worked_solution)
        | {OPERATION_OF_SIGN[sign] for sign in _SIGN_BETWEEN_NUMBERS.findall(worked_solution)}
    )
    if any(step[0] in _MULTIPLY_FAMILY and _fraction(step[2]) for step in done):
        used |= _MULTIPLY_FAMILY  # "x 0.5" is "/ 2"
    last = worked_expressions(worked_solution).get(answer) if answer is not None else None
    found = []
    for sentence in sentences(response):
        said = _as_said(sentence.strip())
        numbers = [mention for mention in find_numbers(said) if mention.text.lower() != "one"]  # "an addition one"
        if said.rstrip().endswith("?") or numbers or _SUPPOSED_STEP.search(said) or _TAKEN.search(said):
            continue
        if _ANOTHER_OPERATION.search(said):
            continue
        asserted = operations_named(_DENIED_AFTER.split(said, maxsplit=1)[0])
        if len(asserted) != 1:
            continue
        name = asserted.pop()
        if _ENDS.search(said) and isinstance(last, tuple) and name not in _last_operations(last):
            found.append(f"an operation the work never takes there: {sentence.strip()!r} (the worked solution's last "
                         f"step is to {last[0]}, and no order of its work ends by {name})")  # fmt: skip
        elif _WHOLE_KIND.search(said) and name not in used:
            found.append(f"an operation the work never takes there: {sentence.strip()!r} (the worked solution never "
                         f"does {name})")  # fmt: skip
    return found


# an operation's sign between two numbers, units between allowed: "60 minutes + 30 minutes"
_SIGN_BETWEEN_NUMBERS = re.compile(r"\d(?:\s+[A-Za-z]+){0,3}\s*([-+x×*/÷])\s*\$?\d")
_SUPPOSED_STEP = re.compile(r"\b(?:if|suppose|supposing|imagine|what\s+if|whether|unless)\b", re.IGNORECASE)


def _last_operations(work: Work) -> set[str]:
    """The operations an order of the same work can end with: its own; the rest of its family where a part of it is
    of that family (12 + 3 - 5 = 12 - 5 + 3) or where it divides or multiplies by a fraction; adding or subtracting
    where it multiplies or divides a sum or a difference ((a + b) x c = a x c + b x c); multiplying or dividing where
    it adds two products or quotients with a number in common (a x c + b x c = (a + b) x c)."""
    if isinstance(work, Fraction):
        return set()
    name, left, right = work
    family = _ADD_FAMILY if name in _ADD_FAMILY else _MULTIPLY_FAMILY
    parts = {part[0] for part in (left, right) if isinstance(part, tuple)}
    ends = {name}
    if parts & family:
        ends |= family
    if family is _MULTIPLY_FAMILY and parts & _ADD_FAMILY:
        ends |= _ADD_FAMILY
    if family is _ADD_FAMILY and _common_factor(left, right):
        ends |= _MULTIPLY_FAMILY
    if family is _MULTIPLY_FAMILY and any(isinstance(part, Fraction) and _fraction(part) for part in (left, right)):
        ends |= _MULTIPLY_FAMILY
    return ends


def _common_factor(left: Work, right: Work) -> bool:
    """Are both products or quotients with a number in common, which can be taken out (a x c + b x c = (a + b) x c)?"""
    if not (isinstance(left, tuple) and isinstance(right, tuple)):
        return False
    if left[0] not in _MULTIPLY_FAMILY or right[0] not in _MULTIPLY_FAMILY:
        return False
    return bool({_evaluate(part) for part in left[1:]} & {_evaluate(part) for part in right[1:]})


def _fraction(number: Fraction) -> bool:
    """A number below 1 or not whole: multiplying by it divides, dividing by it multiplies."""
    return number.denominator != 1 or number < 1


# A number of the problem said to play no part in the work: "The 12 is a red herring.", "Ignore the 5.", "You don't
# need the 3.", "The story would work without 12." (adversary round 54), not for a while ("Ignore the 5 for now") or
# once more ("You don't need the 12 again"), and not denied ("Don't ignore the 5", "The 5 isn't a red herring")
_A_NUMBER = r"(?:the\s+)?(?P<number>[$\u20ac\u00a3]?\d[\d,]*(?:\.\d+)?)(?:\s+[a-z]+){0,2}?"
_PLAYS_NO_PART = (
    r"(?:a\s+|an\s+)?(?:red\s+herring|distract(?:or|ion)|decoy|decoration|bait|noise|filler|irrelevant|unimportant"
    r"|a\s+trick|unnecessary|unneeded|useless|pointless|not\s+(?:needed|important|relevant|used|necessary)"
    r"|extra\s+information|there\s+to\s+(?:confuse|trick|distract)(?:\s+you)?)\b"
)
_SAID_NEEDLESS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"{_A_NUMBER}\s+(?:is|'s|are|was)\s+(?:(?:just|only|really|simply|all|kind\s+of|basically|pure)\s+)*"
        rf"{_PLAYS_NO_PART}",
        rf"{_A_NUMBER}\s+(?:doesn't|does\s+not|won't|will\s+not|didn't)\s+(?:matter|count|affect|change|play\s+a\s+part)\b",
        rf"\b(?P<denied>(?:don't|do\s+not|never|not|no\s+need\s+to)\s+)?(?:ignore|delete|skip|cross\s+out|leave\s+out"
        rf"|forget(?:\s+about)?|throw\s+(?:away|out)|disregard|remove|pretend)\s+{_A_NUMBER}",
        rf"\b(?:you|we)\s+(?:don't|do\s+not|won't|will\s+not|never)\s+(?:even\s+|really\s+|actually\s+)?"
        rf"(?:need|use|have\s+to\s+use)\s+{_A_NUMBER}",
        rf"\b(?:would|will|still)\s+work\s+(?:just\s+as\s+well\s+)?without\s+{_A_NUMBER}",
        rf"\bwithout\s+{_A_NUMBER}\s*,?\s+(?:it|the\s+(?:story|problem|answer))\s+(?:still\s+)?(?:works|is\s+the\s+same)",
    )
]
_FOR_A_WHILE = re.compile(
    r"\s*(?:[a-z]+\s+){0,3}?(?:for\s+now|for\s+the\s+moment|yet|until|at\s+first|first|again|twice|a\s+second\s+time"
    r"|this\s+time|for\s+a\s+(?:moment|second|minute|bit|while)|to\s+(?:start|begin)(?:\s+with)?)\b",
    re.IGNORECASE,
)
# so many of the things, not the number: "Draw 15 dots, then cross out 5 of them." (adversary round 68: an honest
# model of taking away)
_OF_THE_THINGS = re.compile(r"\s+of\s+(?:them|these|those|the|its|their|your|his|her)\b", re.IGNORECASE)
# ... and in a turn that draws the things, crossing some out is the model's subtraction ("Draw 15 apples. Cross out the
# 5 apples he gave away.")
_DRAWS = re.compile(r"\b(?:draw\w*|sketch\w*|picture|dots?|counters?|circles?|blocks?|tall(?:y|ies))\b", re.IGNORECASE)
_CROSSES_OUT = re.compile(r"\b(?:cross\s+out|remove|delete)\b", re.IGNORECASE)


def needless_numbers(response: str, worked_solution: str, problem: str) -> list[str]:
    """The numbers of the problem that the worked solution's steps use, said to play no part in the work ("The 12 is a
    red herring.", "You don't need the 5."), in what the turn asserts: each as "a number the solution uses called
    needless: <sentence>". A number the solution never works with may be one the problem gives to mislead, and is left
    alone."""
    from trtutor.scorers.offline.false_statements import asserted_parts
    from trtutor.scorers.offline.leakage import number_values

    used = {number for step in solution_steps(worked_solution) for number in step[1:3]} & number_values(problem)
    if not used:
        return []
    found = []
    draws = bool(_DRAWS.search(response))
    for sentence in sentences(response):
        for part in asserted_parts(sentence):
            matches = [match for pattern in _SAID_NEEDLESS for match in pattern.finditer(part)
                       if not (draws and _CROSSES_OUT.search(match.group(0)))]  # fmt: skip
            if any(not match.groupdict().get("denied") and not _FOR_A_WHILE.match(part, match.end())
                   and not _OF_THE_THINGS.match(part, match.end("number"))
                   and number_values(match["number"]) & used for match in matches):  # fmt: skip
                found.append(f"a number the solution uses called needless: {sentence.strip()!r}")
                break
    return found
