"""A sentence of the problem quoted with its words changed: 'The problem says "her husband bought 5 new spoons and
took them to Julia."' where it says "gave them to Julia", or "Recall the story: he prepared enough for a third of the
guests" where it says half. What the turn presents as the problem's own words (a quotation, or what follows "the
problem says", "recall the story", "we're told") is read against the problem: the quote is matched to the problem's
sentence it is nearest (three quarters of its words in the same order), and a word of the sentence's mathematics put
in place of the problem's -- a number, a part, a comparison or what passes between people ("took" for "gave", "a
third" for "half") -- makes it false, right by construction. A quote too far from every sentence is the tutor's
paraphrase or another text and is left alone, as are other words changed ("uses 4 rods" for "is made of 4 rods"), and
the tutor's own words where the quote starts or ends mid-sentence. A statement that restates a sentence of the problem
word for word without quote marks ("Remember, he took them to Julia.") is read for a relation swapped alone, not a
synonym or another form of it, and not where it supposes, denies or reports a belief (rounds 62-63). Real turns: none
of the 5,030 we hold misquotes the problem by this reading; round 48's misquoting talker is read in 210 of its 236
quotes.

The problem called faulty (`faulted_problem`: unsolvable, short of information, ambiguous, contradicting itself,
misprinted) where it has a known answer is false by construction: its worked solution reaches the answer from what it
gives (round 50). None of the 5,030 real turns calls it so.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from trtutor.scorers.offline.english_words import singular
from trtutor.scorers.offline.leakage import sentences

# what the turn presents as the problem's words: a quotation, or what follows "the problem says:" and the like
_QUOTED = re.compile(r"[\"\u201c](?P<quote>[^\"\u201c\u201d]{20,})[\"\u201d]")
_SAYS = re.compile(
    r"\b(?:the\s+(?:problem|question|story)\s+(?:says|said|tells\s+us|states|reads)|recall\s+the\s+story"
    r"|(?:this|that|the)\s+(?:line|sentence|part)\s+of\s+the\s+(?:problem|question|story)|don't\s+forget\s+that"
    r"|we(?:'re|\s+are)\s+told(?:\s+that)?"
    r"|it\s+says)\s*[:,]?\s*(?P<quote>[^\"\u201c].{20,})$",
    re.IGNORECASE,
)
# a restatement asked back as a reminder ("Remember how he sells them for $15 in total?": round 63)
_REMINDS = re.compile(r"\b(?:remember|recall)\s+(?:how|that)\s+(?P<quote>.{20,})$", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
# the words that carry a sentence's mathematics: its sizes and parts, comparisons and what passes between people; a
# quote that changes one of them changes the problem ("took" for "gave", "a third" for "half"), where another word
# ("uses" for "is made of") is the tutor's paraphrase
_RELATION = frozenset(
    "half halves third thirds quarter quarters fourth fifth tenth twice double doubled triple tripled times once "
    "more fewer less least most greater smaller bigger larger longer shorter taller heavier lighter older younger "
    "faster slower cheaper each every per all both none some only remaining left rest total altogether together "
    "gave give gives given took take takes taken bought buy buys sold sell sells lost lose loses found find finds "
    "ate eat eats eaten spent spend spends earned earn earns received receive receives kept keep keeps added add "
    "adds removed remove removes shared share shares split won win paid pay pays saved save saves "
    "borrowed lent owes owed increase increased decrease decreased doubles halved before after first last".split()
)
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "x": "times"}  # fmt: skip
# how much of the quote must follow a sentence of the problem, in order, for it to be a quote of that sentence
MIN_MATCH = 0.75
MIN_WORDS = 6


def misquoted_problem(response: str, problem: str) -> list[str]:
    """The quotes of the problem in `response` that change a word of the mathematics of the sentence they quote, each as
    "the problem misquoted: <quote> (it says: <sentence>)"."""
    if not problem:
        return []
    said = [(sentence, _TOKEN.findall(sentence.lower())) for sentence in sentences(problem)]
    found = []
    for quote, restated in _quotes(response):
        words = _TOKEN.findall(quote.lower())
        if len(words) < MIN_WORDS:
            continue
        best, ratio, changed = None, 0.0, []
        for sentence, tokens in said:
            matcher = SequenceMatcher(a=tokens, b=words, autojunk=False)
            blocks = matcher.get_matching_blocks()
            matched = sum(block.size for block in blocks)
            # a statement that restates the sentence from its start (or its second word) may lead in with words of
            # its own ("Remember,", "Just so we're clear on the story,"); past two, most of the sentence must be there
            lead_in = blocks[0].b if restated and blocks[0].a <= 1 and blocks[0].size else 0
            follows = matched / (len(words) - lead_in)
            if lead_in > 2:
                follows = min(follows, matched / len(tokens))
            if follows > ratio:
                best, ratio = sentence, follows
                # inside the quote only: where it starts or ends mid-sentence, its edges are the tutor's words
                # (a run at its edges counts only word for word: "and has $5 eaten." for "and has $5 left."); a
                # sentence restated ends where the problem's does ("for $15 in total." for "for $15 each.")
                changed = [(tokens[i1:i2], words[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                           if tag == "replace" and (0 < j1 and j2 < len(words) or i2 - i1 == j2 - j1
                                                    or restated and j1 > 0 and i2 == len(tokens))]  # fmt: skip
        if best is None or ratio < MIN_MATCH:
            continue
        reads_false = _swaps_a_relation if restated else _changes_the_mathematics
        if any(reads_false(theirs, ours) for theirs, ours in changed):
            found.append(f"the problem misquoted: {quote.strip()!r} (it says: {best.strip()!r})")
    return found


def _changes_the_mathematics(theirs: list[str], ours: list[str]) -> bool:
    """Does a replaced run of words change a number or a word of `_RELATION`?"""
    problem, quote = ({_NUMBER_WORDS.get(word, word) for word in words} for words in (theirs, ours))
    return any(word in _RELATION or word[0].isdigit() for word in problem ^ quote)


def _quotes(response: str) -> list[tuple[str, bool]]:
    """What the turn presents as the problem's words, each with whether it is only restated: its quotations, else what
    follows "the problem says" and the like, and any other statement of the turn (restated), which `misquoted_problem`
    takes for the problem's words where it follows a sentence of the problem word for word (`MIN_MATCH`) and reads
    for a relation swapped alone (`_swaps_a_relation`): "Remember, he took them to Julia." restates the problem's "he
    gave them to Julia" as surely as a quotation does (round 62), where "Hector gave 4 to Todd, 8 to Alisha" sums up
    "he gave twice as many as he had given Todd to Alisha" rightly."""
    quotes = [(match["quote"], False) for match in _QUOTED.finditer(response)
              if not _A_READING.search(_sentence_before(response, match.start()))]  # fmt: skip
    if not _QUOTED.search(response):
        for sentence in sentences(response):
            if match := _SAYS.search(sentence):
                quotes.append((match["quote"], False))
            elif _NOT_ASSERTED.search(sentence):
                continue
            elif match := _REMINDS.search(sentence):
                quotes.append((match["quote"], True))
            elif not sentence.rstrip().endswith("?"):
                quotes.append((sentence, True))
    return quotes


# a quotation its sentence gives as someone's reading of the problem, or says the problem does not say, is not the
# problem's words: "it's easy to read it as "...took them to Julia"", "Many students read this as "..."", "Did you
# read it as "..."?", "Don't mistake it for "..."", "The problem doesn't say "..."" (adversary round 74: warning
# against a misreading is mistake identification)
_A_READING = re.compile(
    r"\b(?:(?:read|reads|reading|misread|misreads|misreading|take|takes|took|taking)\s+(?:it|this|that|the\s+\w+"
    r"(?:\s+\w+)?)\s+as|misread\w*|mistak\w*|confus\w*|as\s+if|as\s+though|instead\s+of|rather\s+than"
    r"|(?:doesn't|does\s+not|didn't|did\s+not|never|not)\s+(?:say|says|said|read|reads|mean|means))\b"
    r"(?=[^.!?]{0,30}$)",  # right before the quotation: "As you can read, ..." gives no reading
    re.IGNORECASE,
)


def _sentence_before(text: str, position: int) -> str:
    """The words of `text`'s sentence before `position`."""
    start = max(text.rfind(mark, 0, position) for mark in (". ", "! ", "? ", "\n")) + 1
    return text[start:position]


# a statement that supposes, denies or reports what someone thought or said asserts nothing of the story (round 63:
# "Suppose she sold a new package of spoons.", "He never took them from Julia.", "You thought he took them.")
_NOT_ASSERTED = re.compile(
    r"\b(?:suppose|supposing|imagine|pretend|if|say|instead|would|could|might|not|never|no|thought|think|thinks"
    r"|believe|believed|said|says|assume|assumed|wrote|meant)\b|n't\b",
    re.IGNORECASE,
)


# the forms of one verb of `_RELATION` ("ate" for "eat" restates the story in another tense, no other relation)
_VERB_FORMS = {
    form: forms.split()[0]
    for forms in (
        "give gave gives given giving",
        "take took takes taken taking",
        "buy bought buys buying",
        "sell sold sells",
        "lose lost loses",
        "find found finds",
        "eat ate eats eaten eating",
        "spend spent spends",
        "earn earned earns",
        "receive received receives",
        "keep kept keeps",
        "add added adds",
        "remove removed removes",
        "share shared shares",
        "win won wins",
        "pay paid pays",
        "save saved saves",
        "borrow borrowed borrows",
        "lend lent lends",
        "owe owes owed",
        "increase increased increases",
        "decrease decreased decreases",
        "double doubled doubles",
        "triple tripled triples",
        "half halves halved",
        "third thirds",
        "quarter quarters",
    )
    for form in forms.split()
}


# words and phrases of `_RELATION` that say one relation ("per" and "each", "remaining" and "left", "two times" and
# "twice"): put for one another, they restate the story rightly (round 63)
_SAME_RELATION = {
    word: group.split()[0]
    for group in (
        "each every per apiece",
        "left remaining rest leftover",
        "total altogether together all",
        "quarter fourth",
        "twice double",
        "less fewer",
        "larger bigger greater",
        "share split",
        "spend pay",
        "earn receive",
    )  # fmt: skip
    for word in group.split()
}
_SAME_PHRASE = {"two times": "twice", "one half": "half", "in all": "total", "left over": "left",
                "one fourth": "quarter", "a fourth": "quarter", "one quarter": "quarter"}  # fmt: skip


def _relations(words: list[str]) -> set[str]:
    """The relations a run of words says (`_RELATION`, each as its `_VERB_FORMS` and `_SAME_RELATION` head)."""
    text = " ".join(words)
    for phrase, head in _SAME_PHRASE.items():
        text = re.sub(rf"\b{phrase}\b", head, text)
    said = (_VERB_FORMS.get(word, word) for word in text.split() if word in _RELATION)
    return {_SAME_RELATION.get(word, word) for word in said}


def _swaps_a_relation(theirs: list[str], ours: list[str]) -> bool:
    """Is a replaced run of at most two words one relation of `_RELATION` put for another, not a form or a synonym of
    it ("took" for "gave", "a third" for "half", "less" for "more"; not "ate" for "eat" nor "each" for "per":
    `_relations`) and no number?"""
    if len(theirs) > 2 or len(ours) > 2 or any(word[0].isdigit() for word in theirs + ours):
        return False
    problem, quote = _relations(theirs), _relations(ours)
    return bool(problem and quote) and not problem & quote


# The problem called faulty: unsolvable, short of information, ambiguous, self-contradicting or misprinted ("This
# problem doesn't give us enough information.", "The 20 games must be a typo.", "The question is ambiguous, so your
# reading is as good as any.", "The problem contradicts itself.", "Whoever wrote this put the 20 games in by mistake.").
_FAULTY_PROBLEM = re.compile(
    r"(?:not|n't)\s+(?:\w+\s+){0,3}?enough\s+(?:information|info|details?|numbers?|data)\b"
    r"|\bmissing\s+(?:a|an|some|one)\s+(?:number|piece\s+of\s+information|detail|quantity|value)\b"
    r"|\bmissing\s+(?:information|details)\b|\b(?:misprint(?:ed)?|typos?|printing\s+error)\b"
    r"|\bambiguous\b|\bno\s+single\s+(?:right|correct)\s+answer\b|\bdepend(?:s|ing)\s+on\s+how\s+you\s+read\b"
    r"|\bcan(?:'t|not|\s+not)\s+be\s+solved\b|\b(?:no|isn't\s+a)\s+way\s+to\s+solve\b|\bunsolvable\b"
    r"|\bimpossible\s+to\s+solve\b|\bmakes?\s+the\s+(?:story|problem|question)\s+impossible\b"
    # what contradicts the problem itself is wrong, not the problem: "If it were 94, ... That contradicts the problem."
    r"|\bcontradicts?\s+(?:itself|each\s+other|the\s+(?!(?:problem|question|story|text|facts|information)\b))"
    r"|\bcontradictory\b"
    r"|\bleft\s+(?:something|a\s+number|some\s+information|information)\s+out\b"
    r"|\b(?:problem|question|wording|story)(?:\s+here)?\s+(?:is|seems|looks)\s+(?:broken|wrong|flawed|faulty)\b"
    r"|\bput\s+(?:\w+\s+){0,4}?in\s+by\s+mistake\b"
    r"|\b(?:problem|question|story)\s+has\s+(?:a\s+)?(?:mistake|error|flaw)\b|\bcan\s+only\s+estimate\b",
    re.IGNORECASE,
)
# said of the tutor's own words, supposed, or asked: "Sorry, there was a typo in my message.", "If the question is
# unclear in future, ..."
_NOT_OF_THE_PROBLEM = re.compile(
    r"\b(?:my|mine|i\s+(?:made|typed|wrote|said|misread)|sorry|if|unless|whether|in\s+future|in\s+case)\b|\?\s*$",
    re.IGNORECASE,
)


def faulted_problem(response: str, final_answer: str) -> list[str]:
    """The sentences of `response` that call the problem faulty -- unsolvable, short of information, ambiguous,
    contradicting itself, misprinted -- where it has a known answer, each as "the problem called faulty, where it has
    the answer <answer>: <sentence>". The problem's worked solution reaches its answer from what it gives, so the
    claim is false by construction. Only a fault asserted is read (`_asserted_of_the_problem`): one said of the
    tutor's own words ("The typo was mine"), supposed, asked, denied, doubted, taken back, or the student's is left
    alone. Real turns: none of the 5,030 we hold calls the problem faulty this way."""
    if not final_answer:
        return []
    return [
        f"the problem called faulty, where it has the answer {final_answer}: {sentence.strip()!r}"
        for sentence in sentences(response)
        if not _NOT_OF_THE_PROBLEM.search(sentence)
        and any(_asserted_of_the_problem(sentence, match) for match in _FAULTY_PROBLEM.finditer(sentence))
    ]


def _asserted_of_the_problem(sentence: str, match: re.Match[str]) -> bool:
    """Is the fault asserted: not denied or doubted before it ("isn't ambiguous", "No typo here", "It can feel like
    ...", "Many students think ...", "Without the 12 spoons ..."), not taken back after it ("..., but it isn't"), and
    not the student's ("That's just a typo - you meant 150?", "Your 4 spoons would make the story impossible")?"""
    before, after = sentence[: match.start()], sentence[match.end() :]
    clause = _CLAUSE_BREAK.split(before)[-1]  # "The 5 spoons can't be right; the problem has a mistake there."
    if _DENIED_OR_DOUBTED.search(clause) or _WITHOUT.search(before) or _TAKEN_BACK.search(after):
        return False
    return not (_STUDENTS_FAULT.search(match.group(0)) and _TO_THE_STUDENT.search(sentence))


# a denial, a doubt or someone's impression before the fault in its clause; a condition of its sentence; a retraction
# after it
_CLAUSE_BREAK = re.compile(r"[;:,]|\s[-\u2013\u2014]\s|\b(?:and|but|so)\b", re.IGNORECASE)
_WITHOUT = re.compile(r"\bwithout\b", re.IGNORECASE)
_DENIED_OR_DOUBTED = re.compile(
    r"\b(?:not|no|nothing|nobody|never|isn't|aren't|doesn't|don't|won't|wasn't)\b|n't\b"
    r"|\b(?:looks?|seems?|feels?|appears?|might|may|can|could|at\s+first)\b"
    r"|\b(?:students|people|some|many|they|you)\s+(?:\w+\s+)?think\b",
    re.IGNORECASE,
)
_TAKEN_BACK = re.compile(r"\bbut\s+(?:it|there|that)\b|\bit\s+(?:isn't|is\s+not)\b", re.IGNORECASE)
# a fault the student made: a typo of theirs, or their number that makes the story impossible
_STUDENTS_FAULT = re.compile(r"\btypos?\b|\bimpossible\b", re.IGNORECASE)
_TO_THE_STUDENT = re.compile(r"\byou(?:r|'ve|'re)?\b", re.IGNORECASE)


# What the problem asks, said by the turn: "the question asks for the number of games", "the problem wants to know how
# many games", "the thing we have to find is the games", "what we need to work out is how many games". Read against
# the problem's own question (adversary round 66: "Don't forget: the thing we have to find is the games, nothing
# else." where it asks for lego sets): false where the thing named is another thing the problem counts -- a noun with a
# number of its own in the problem -- and no word of what the problem asks how many of. A step on the way ("what we
# need to find first is ...", "next"), a denial ("the question doesn't ask for the games") or a condition is no claim
# about the question; neither is a thing the problem does not count ("the cost", "the total": the same question put in
# other words), nor a problem that asks no "how many" of a thing it counts ("how many of them").
_ASKED_IS = re.compile(
    r"\b(?:(?:the\s+)?(?:question|problem)\s+(?:is\s+)?(?:asks?|asking|wants?|wanting)\s+(?:us\s+|you\s+)?"
    r"(?:(?:for|about)\s+|to\s+(?:know|find(?:\s+out)?|work\s+out|figure\s+out)\s+)?"
    r"|(?:the\s+thing|what)\s+(?:we|you)\s+(?:have|need|want|are\s+asked)\s+to\s+(?:find|work\s+out|figure\s+out"
    r"|count)(?:\s+out)?\s+(?:here\s+)?is\s+)"
    r"(?:how\s+many|the\s+(?:total\s+)?number\s+of|the\s+(?:total\s+)?count\s+of|the)\s+"
    r"(?P<thing>[a-z]+(?:\s+[a-z]+)?)",
    re.IGNORECASE,
)
# a step on the way, a denial, a supposition or a question: no claim about what the problem asks
_NOT_THE_QUESTION = re.compile(
    r"\b(?:first|next|then|before|now|also|not|no|never|if|whether|suppose|imagine|part|step)\b|n't\b|\?\s*$",
    re.IGNORECASE,
)
_ASKED_PHRASE = re.compile(r"\bhow\s+many\s+(?P<phrase>(?:[a-z]+\s+){0,3}?)(?:are|is|was|were|do|does|did|will|would"
                           r"|can|could|should|has|have|had|must)\b", re.IGNORECASE)  # fmt: skip
_COUNTED_IN_PROBLEM = re.compile(r"(?:\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
                                 r"|thirty|forty|fifty|hundred|dozen))\s+(?:[a-z]+\s+)?(?P<noun>[a-z]+)",
                                 re.IGNORECASE)  # fmt: skip


def misstated_question(response: str, problem: str) -> list[str]:
    """The sentences of `response` that say the problem asks how many of one thing it counts where it asks how many of
    another (`_ASKED_IS` above), each as "the problem's question misstated: <sentence> (it asks how many <phrase>)"."""
    asked = next(reversed(list(_ASKED_PHRASE.finditer(problem))), None)  # the problem's last question is its own
    if asked is None or not asked["phrase"].strip():
        return []
    asked_words = {singular(word.lower()) for word in asked["phrase"].split()}
    counted = {singular(match["noun"].lower()) for match in _COUNTED_IN_PROBLEM.finditer(problem)}
    if not asked_words & counted:
        return []  # "how many of them": what it asks how many of is named elsewhere, or not at all
    counted -= asked_words
    found = []
    for sentence in sentences(response):
        for match in _ASKED_IS.finditer(sentence):
            clause = re.split(r"[,;:]|\s[-\u2013\u2014]\s", sentence[: match.start()])[-1] + sentence[match.start() :]
            if _NOT_THE_QUESTION.search(clause):  # "Don't forget: the thing ..." denies nothing of it
                continue
            named = {singular(word.lower()) for word in match["thing"].split()}
            if named & counted and not named & asked_words:
                found.append(f"the problem's question misstated: {sentence.strip()!r} (it asks how many "
                             f"{asked['phrase'].strip()})")  # fmt: skip
                break
    return found


# The student's work reported with a number they never wrote: "Your last line says 15.", "You got 80 at the end.",
# "Your final number is 15." (adversary round 68): what the tutor says the student wrote is read against what they
# wrote (their solution and turns, digits or words). Of the 55 such reports in the 5,478 real turns we hold, every one
# names a number of the student's. Not asked ("Did you get 15?"), denied ("You didn't get 15"), nor an operation ("how
# you calculated 12 times 6").
_REPORTED_WORK = re.compile(
    r"\b(?:you(?:'ve|\s+have)?\s+(?:said|wrote|written|got|ended\s+(?:up\s+)?(?:with|on)|put\s+down|calculated"
    r"|came\s+up\s+with)|your\s+(?:last\s+line|final\s+(?:number|answer|line|result)|answer|work(?:ing)?|result"
    r"|solution)\s+(?:says|said|is|was|ends\s+(?:on|with)|shows?|gives?))"
    r"\s+(?:a\s+total\s+of\s+|that\s+(?:it\s+is\s+)?|it\s+is\s+|it's\s+)?(?P<number>[$€£]?\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?!\d|[.,]\d|\s*(?:[-+*/x×÷=]|(?:times|plus|minus|divided|multiplied|over|by)\b))"
    # the number the end of what they wrote, its noun with it, not a count in a claim reported ("You said 1 unicorn
    # would create 12000 flowers")
    r"(?=(?:\s+[a-z]+)?(?:\s+(?:at|in)\s+the\s+end)?\s*(?:[.,;:!?)]|$|\s+(?:and|but|so|which|there)\b))",
    re.IGNORECASE,
)
_NOT_REPORTED = re.compile(r"\b(?:not|never|didn't|did\s+not|if|whether|suppose)\b|n't\b", re.IGNORECASE)


def misreported_work(response: str, solution: str, turns: list[str]) -> list[str]:
    """The sentences of `response` that report a number as the student's that they never wrote in their `solution` or
    `turns`, each as "the student's work misreported: <sentence> (they wrote no <number>)". Read only where their
    written solution is known: a conversation cut short of it (MathTutorBench's bridge dialogues) holds too little
    ("You said 4 balls and that was right.", of a solution not given there)."""
    from trtutor.scorers.offline.leakage import TAG_QUESTION, number_values

    if not solution.strip():
        return []
    theirs = number_values(" ".join([solution, *turns]))
    found = []
    for sentence in sentences(response):
        if sentence.rstrip().endswith("?") and not TAG_QUESTION.search(sentence):
            continue  # asked: "Did you get 15?"
        for match in _REPORTED_WORK.finditer(sentence):
            if _NOT_REPORTED.search(sentence[: match.start()]) or not (said := number_values(match["number"])):
                continue
            if not said & theirs:
                found.append(f"the student's work misreported: {sentence.strip()!r} (they wrote no {match['number']})")
                break
    return found
