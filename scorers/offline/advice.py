"""What a turn's advice says, read where annotators cannot see it: over all of a talker's turns (`strategy`).

Two kinds of advice leave the student no wiser, though each turn alone reads as guidance (a hint, wrong or
incomplete, is guidance "to some extent" in the annotators' guideline, and the lenient reading credits it):

- advice taken back (`reverses_its_advice`): one operation advised, then in the same turn another in its place or
  beside it ("Add the 2 pets and the 4 pets. Wait, scratch that: take one from the other. Then again, multiply could
  work too."). Told that way a student is left to guess. Read as advice: a statement that tells what to do (an
  imperative, "let's", "you need to", "I'd") and names one operation, not negated ("don't add them" is a
  correction). Taken back: a later sentence or clause that opens with a word of reversal or of another option
  ("actually", "wait", "no", "scratch that", "on second thought", "or rather", "then again", "or maybe", "unless"),
  or ends by putting itself in the first one's place ("... instead"), and names another operation. A question that
  offers the choice ("Do we add or multiply here?") advises nothing, and a tutor correcting a slip of their own
  word ("Sorry, I meant the daughter") names no second operation;
- advice of care alone (`advises_only_care`): a statement that tells the student to do the work right and no more:
  to handle the problem's quantities "correctly", "properly", "the way the problem wants", to "do the right steps",
  or that the answer "will follow" once they do ("Just work with the 360 square feet and the 3 yards without
  mistakes, and you'll have the answer."). It names no operation, no step and no quantity to find; asked ("What is
  the right operation for the 12 and the 3?") it is a question about the step, not care alone.

Neither is a per-turn verdict: the `strategy` scorer counts the turns that do each, and a talker that does it as a
habit is flagged (round 48's self-contradicting talker at every wrong moment, 0.35 of its turns; its vacuous hint
from five pools of wording, 0.37). Of the 5,030 real tutor turns we hold, none takes its advice back and 6 advise
care alone, among other things ("... as that's a key part of solving this problem accurately.", Llama-3.1-405B).
"""

from __future__ import annotations

import re

from trtutor.scorers.offline.leakage import sentences
from trtutor.scorers.offline.operation_words import (
    ANY_OPERATION_WORD,
    OPERATION_WORDS,
    alternation,
    operation_of_word,
    operations_named,
)

# an operation named as a step to take, by its verb or noun ("plus" or "times" may only join two things in a list)
_STEP_NAMED = re.compile(
    rf"\b(?:{alternation(set(operation_of_word(OPERATION_WORDS)) - {'plus', 'minus', 'times'})})\b", re.IGNORECASE
)
# a statement that tells the student what to do, the operation within a few words of its lead
_ADVISES = re.compile(
    r"^\W*(?:(?:so|now|ok(?:ay)?|right|first|then|here|hmm+|well)\b[\s,:]*)*"
    r"(?:(?:let's|let\s+us|you\s+(?:want|need|have|ought|should|must|can|could|'ll\s+need)(?:\s+to)?|i'd|i\s+would"
    r"|we\s+(?:need|should|must|can|want)(?:\s+to)?|here\s+you|just|try(?:\s+to)?|go\s+ahead\s+and|start\s+by"
    r"|the\s+(?:step|move|thing)\s+(?:is|here\s+is)\s+to)\s+(?:\w+\s+){0,2})?"
    rf"(?:{alternation(ANY_OPERATION_WORD)})\b",
    re.IGNORECASE,
)
# a clause that takes the advice back or offers another in its place
_REVERSES = re.compile(
    r"^\W*(?:(?:actually|wait|no|nope|sorry|hmm+|oh|well|hold\s+on)\b[\s,.:;!-]*)*"
    r"(?:actually|wait|no\b|nope|scratch\s+that|strike\s+that|forget\s+that|on\s+second\s+thoughts?|or\s+rather"
    r"|rather|then\s+again|or\s+maybe|or\s+perhaps|or\s+else|or\b|unless|although|instead|better\s+still|on\s+reflection"
    r"|i\s+take\s+(?:that|it)\s+back)\b",
    re.IGNORECASE,
)
# a manner of doing the work right, which names no step: "correctly", "the way the problem wants", "without mistakes"
_RIGHTLY = (
    r"correctly|properly|accurately|appropriately|sensibly|right(?:ly)?|the\s+(?:right|correct)\s+way"
    r"|the\s+way\s+(?:the\s+(?:problem|question)\s+)?(?:wants|needs|intends|asks|it\s+should\s+be\s+done)"
    r"|as\s+(?:the\s+(?:question|problem)\s+)?(?:intends|wants|needs|asks)|in\s+the\s+(?:proper|right|correct)\s+order"
    r"|without\s+(?:any\s+)?mistakes|exactly\s+as\s+needed"
)
_ONLY_CARE = re.compile(
    # a verb of handling anything, and the manner of doing it right
    r"\b(?:use|using|handle|handling|treat|treating|work\s+with|working\s+with|deal\s+with|dealing\s+with"
    r"|think\s+through|process|apply|applying|work\s+through|working\s+through|solve|solving|do|doing|combine"
    r"|combining|put\s+together|calculate|work\s+out|go\s+through)\b"
    rf"[^.?!]{{0,80}}?\b(?:{_RIGHTLY})\b"
    # the right steps, unnamed
    r"|\b(?:do|doing|use|using|find|apply|all\s+you\s+need\s+is|take)\s+(?:the\s+)?(?:right|correct|proper)\s+"
    r"(?:steps?|calculations?|operations?|method|approach|thing|maths|math|sums?)\b"
    # the answer promised to follow by itself
    r"|\b(?:and|then|after\s+which|so)\s+(?:the\s+)?\w+\s+(?:will\s+(?:come|follow|drop\s+out|fall\s+out|appear"
    r"|be\s+easy)|follows|falls\s+out|drops\s+out|comes\s+by\s+itself|is\s+easy)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|never|no\s+need|instead\s+of|rather\s+than)\b|n't\b", re.IGNORECASE)
_CLAUSE = re.compile(r"(?<=[:;])\s+|\s+[-\u2013\u2014]+\s+")
# ... or that ends by saying it is in the first one's place
_IN_ITS_PLACE = re.compile(r"\b(?:instead|after\s+all)\W*$", re.IGNORECASE)


def _advice(clause: str) -> str | None:
    """The one operation a statement advises, or None."""
    if clause.rstrip().endswith("?") or _NEGATED.search(clause) or not _ADVISES.search(clause):
        return None
    named = operations_named(clause)
    return named.pop() if len(named) == 1 else None


def advises_only_care(turn: str) -> bool:
    """Does a statement of the turn advise only doing the work right (`_ONLY_CARE`), the turn naming no operation as
    a step?"""
    if _STEP_NAMED.search(turn):
        return False
    return any(_ONLY_CARE.search(sentence) and not sentence.rstrip().endswith("?") for sentence in sentences(turn))


def reverses_its_advice(turn: str) -> bool:
    """Does the turn advise an operation and then take it back for, or offer beside it, another?"""
    clauses = [part.strip() for sentence in sentences(turn) for part in _CLAUSE.split(sentence) if part.strip()]
    advised: str | None = None
    reversing = False  # a clause of reversal alone ("Wait, scratch that:", "Actually, no -") reverses the next
    for clause in clauses:
        reverses = reversing or bool(_REVERSES.search(clause) or _IN_ITS_PLACE.search(clause))
        named = operations_named(clause)
        if advised is not None and reverses and not _NEGATED.search(clause) and named - {advised}:
            return True
        reversing = reverses and not named
        advised = advised or _advice(clause)
    return False
