"""Degenerate tutor turns: text that cannot guide this student or identify this mistake, whatever its words.

The offline judges are linear models of a turn's words. They learnt from real tutors' turns, so they never saw a
turn that is empty, `?`, `Okay.`, a generic question that fits any moment, off-topic text, a copy of what was just
said, or a note to the grader, and they can score such a turn as well as a good one. A talker whose training went
wrong writes exactly such turns. This check runs first and says what a turn is on two principles:

- **Grounding**: a turn that guides this student engages with this moment: a quantity or a word of this problem,
  of the student's solution or of the conversation. Words that any tutor says at any
  moment ("think", "explain", "answer", "good", "it") do not count; which words those are is learnt from the
  development conversations (said in the conversations of many problems, yet rare in the problems themselves).
- **Novelty**: a turn that only repeats, nearly whole and in any order, the problem, the student's solution or any
  turn already said adds nothing.

And a turn must be language (mostly words of the development data), must not talk about its own evaluation (the
grader, a score, a label, instructions) unless the conversation does, must not loop on itself, and must not run
longer than any tutor turn in the development data by far.

A degenerate turn gives no guidance (`socratic` 0) and identifies no mistake (`correctness` 0). That includes an
ungrounded "Not quite, try again": MRBench's annotators often read it as identifying a mistake, but a talker that
says it at every moment would then look as good as any at identifying mistakes. It leaks only when the number check
finds the answer stated in it (the learnt leakage model is not asked: it never saw such text).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
# Talk about the evaluation itself; a tutor turn never needs it, unless the problem is about, say, a judge's scores.
_ABOUT_EVALUATION = re.compile(
    r"\b(grader|grad(?:e|es|ed|ing)|judge[sd]?|judging|evaluator|evaluation|rubric|scor(?:e|es|ed|ing)"
    r"|(?:label(?:l?ed)?|rate|mark) (?:this|it|me|the (?:turn|response|reply))|ratings?|classif(?:y|ied|ication)"
    r"|(?:previous|above|prior|earlier|system) (?:instructions|prompt)|language model|as an ai)\b|\bsystem\s*[:\]]"
)
# The words of arithmetic are content words (never "generic"): a turn that names the operation the student used
# ("you added the two prices") engages with the student's step. Named in general ("check your addition", the same
# for every moment), they do not ground a turn: grounding needs this moment's quantities or words.
ARITHMETIC_WORDS = frozenset(
    "add adding addition added sum subtract subtracting subtraction minus difference multiply multiplying "
    "multiplication multiplied times product divide dividing division divided quotient remainder fraction "
    "fractions percent percentage decimal equation calculation calculations calculate calculated digit digits "
    "column columns carry place value ratio half double twice average total".split()
)
# Share of problems (development data) that makes a word a function word, or a teachers' word any moment fits.
FUNCTION_WORD_SHARE = 0.2
GENERIC_WORD_SHARE = 0.10
TALK_OVER_PROBLEM = 2.0  # how much more often than problems a generic word is said in conversations
MIN_KNOWN_WORD_SHARE = 0.6  # below this share of known words, the text is not language
MAX_WORDS = 250  # the longest MathDial teacher turn has 112 words; MRBench's LLM tutors' reach about 200
REPETITIVE_DISTINCT_SHARE = 0.35  # distinct / all tokens, for turns of 20 tokens or more
COPY_JACCARD = 0.7  # shared distinct tokens / all distinct tokens of turn and source

DEGENERACY_KINDS = (
    "empty",
    "no_words",
    "not_language",
    "addresses_grader",
    "repetitive",
    "too_long",
    "copies_student",
    "copies_tutor",
    "copies_problem",
    "ungrounded",
)


@dataclass(frozen=True)
class Degeneracy:
    """Why a turn is degenerate: one of `DEGENERACY_KINDS`, and the detail that shows it."""

    kind: str
    detail: str

    def explanation(self) -> str:
        return f"degenerate turn ({self.kind}: {self.detail})"


def tokens(text: str) -> list[str]:
    """Words (lightly stemmed: "rings" is "ring") and numbers (by value: "5,000" is "5000", "2.50" is "2.5")."""
    return [_number(token) if token[0].isdigit() else _stem(token) for token in _TOKEN.findall(text.lower())]


def _number(token: str) -> str:
    token = token.replace(",", "")
    return token.rstrip("0").rstrip(".") if "." in token else token


def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _is_number(token: str) -> bool:
    return token[0].isdigit()


@dataclass(frozen=True)
class Vocabulary:
    """What the development conversations say about words: which are function words, which are words any tutor
    says at any moment, and which are known at all."""

    function_words: frozenset[str]
    generic_words: frozenset[str]
    known_words: frozenset[str]

    def content(self, words: list[str]) -> list[str]:
        """The tokens that can carry this moment's content: numbers, and words neither functional nor generic."""
        return [w for w in words if _is_number(w) or (w not in self.function_words and w not in self.generic_words)]


@cache
def development_vocabulary() -> Vocabulary:
    """Learnt from the bundled MathDial development conversations (the problems and the teachers' turns)."""
    from trtutor.data.mathdial import load_conversations

    conversations, _ = load_conversations()
    problems = {conversation.qid: conversation for conversation in conversations}
    in_problem: Counter[str] = Counter()
    for conversation in problems.values():
        in_problem.update(set(tokens(conversation.question)))
    said_in_conversations: dict[str, set[str]] = {}
    frequency: Counter[str] = Counter()
    for conversation in conversations:
        frequency.update(tokens(conversation.question) + tokens(conversation.student_incorrect_solution))
        for turn in conversation.turns:
            words = tokens(turn.text)
            frequency.update(words)
            said_in_conversations.setdefault(conversation.qid, set()).update(words)
    in_conversations: Counter[str] = Counter()
    for words in said_in_conversations.values():
        in_conversations.update(words)
    count = len(problems)
    function_words = {word for word, n in in_problem.items() if n / count >= FUNCTION_WORD_SHARE}
    # said in the conversations of many problems, and far more often than the problems say them: words of talk,
    # not of a moment ("apples" is said about as often as problems are about apples)
    generic_words = {
        word
        for word, n in in_conversations.items()
        if n / count >= GENERIC_WORD_SHARE and n >= TALK_OVER_PROBLEM * in_problem[word] and not _is_number(word)
    }
    generic_words -= ARITHMETIC_WORDS
    known = {word for word, n in frequency.items() if n >= 2 and not _is_number(word)}
    return Vocabulary(frozenset(function_words), frozenset(generic_words), frozenset(known))


def find_degeneracy(response: str, metadata: Mapping[str, Any]) -> Degeneracy | None:
    """Why the tutor turn `response` is degenerate at the moment `metadata` describes, or None when it is not.

    `metadata` is a sample's: `problem`, `conversation_history` ("Teacher: ..." / "Student: ..." lines),
    `student_utterances`, and optionally `student_incorrect_solution` and `final_answer`.
    """
    return _find_degeneracy(
        response,
        str(metadata.get("problem") or ""),
        str(metadata.get("conversation_history") or ""),
        str(metadata.get("student_incorrect_solution") or ""),
        tuple(str(text) for text in metadata.get("student_utterances") or []),
        str(metadata.get("final_answer") or ""),
    )


@lru_cache(maxsize=4096)  # the three scorers of one sample ask about the same turn
def _find_degeneracy(
    response: str, problem: str, history: str, solution: str, students: tuple[str, ...], final_answer: str
) -> Degeneracy | None:
    if not response.strip():
        return Degeneracy("empty", "no text")
    said = tokens(response)
    if not said:
        return Degeneracy("no_words", f"only {response.strip()[:20]!r}")
    vocabulary = development_vocabulary()
    words = [token for token in said if not _is_number(token)]
    known = sum(word in vocabulary.known_words for word in words)
    if len(words) >= 3 and known / len(words) < MIN_KNOWN_WORD_SHARE:
        return Degeneracy("not_language", f"{known} of {len(words)} words are words of the development data")

    moment_text = f"{problem}\n{solution}\n{history}".lower()
    for match in _ABOUT_EVALUATION.finditer(response.lower()):
        if match.group(0) not in moment_text:
            return Degeneracy("addresses_grader", f"talks about its evaluation ({match.group(0)!r})")
    if len(said) >= 20 and len(set(said)) / len(said) < REPETITIVE_DISTINCT_SHARE:
        return Degeneracy("repetitive", f"{len(set(said))} distinct tokens of {len(said)}")
    if len(said) > MAX_WORDS:
        return Degeneracy("too_long", f"{len(said)} tokens; tutor turns have at most about {MAX_WORDS}")

    content = vocabulary.content(said)
    # Novelty against everything said before: the problem, the student's solution and every turn.
    sources = [("copies_problem", problem), ("copies_student", solution), *_turns(history)]
    sources += [("copies_student", text) for text in students]
    for kind, source in sources:
        copied = _copy_of(said, tokens(source))
        if copied:
            return Degeneracy(kind, copied)

    moment_tokens = set(tokens(moment_text))
    grounded = [token for token in content if token in moment_tokens or token == final_answer]
    if not problem.strip():  # no problem statement to check a quantity against (MRBench's Bridge conversations)
        grounded += [token for token in said if _is_number(token)]
    if not grounded:
        sample = ", ".join(dict.fromkeys(content)) or "none"
        return Degeneracy("ungrounded", f"no quantity or word of this problem or conversation (content: {sample})")
    return None


def _copy_of(said: list[str], source: list[str]) -> str | None:
    """How the turn's tokens copy the source's (in any order, as a whole), or None when the turn is its own.

    A question built from the student's words ("Is Ben a brother?" after "Ben has two brothers") is its own turn;
    the student's turn said back, nearly whole, is not.
    """
    if not said or not source:
        return None
    turn, original = set(said), set(source)
    jaccard = len(turn & original) / len(turn | original)
    if jaccard >= COPY_JACCARD:
        return f"{jaccard:.0%} of the distinct tokens of the two are shared"
    return None


def _turns(history: str) -> list[tuple[str, str]]:
    """(`copies_tutor` or `copies_student`, text) for each turn of a "Teacher: ..." / "Student: ..." history."""
    from trtutor.data.mrbench import parse_history

    try:
        turns = parse_history(history)
    except ValueError:  # no turn yet
        return []
    return [("copies_student" if turn.speaker == "student" else "copies_tutor", turn.text) for turn in turns]
