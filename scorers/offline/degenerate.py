"""Degenerate tutor turns: text that is not a tutor turn, and turns that do not engage with their moment.

The offline judges are linear models of a turn's words, learnt from real tutors' turns, so they never saw a turn
that is empty, `?`, text in no language, a note to the grader, a loop, or one longer than any tutor writes.
`find_degeneracy` says when a turn is one of those (`NOT_A_TURN_KINDS`); such a turn gives no guidance
(`socratic` 0) and identifies no mistake (`correctness` 0). Of MRBench's 815 labelled dev turns they touch 9, all
Phi3's (a turn that goes on with the student's lines, a loop), and annotators credit none; of MathDial's teacher
turns, 13 whose text is empty, numbers alone or a loop (`results/judge-rules.md`).

`find_unmoored` reads the turn against its moment on two principles (`MOMENT_KINDS`), and its finding is a
*feature* of the learnt judges, never a verdict: annotators credit many real turns it touches (on MRBench dev, 59
of the 111 turns it finds ungrounded identify the mistake; MathDial's teachers ask a question again when the
student did not answer it), so the human labels decide what it weighs (issue 25).

- **Grounding**: a turn that guides this student engages with this moment: a quantity or a word of this problem,
  of the student's solution or of the conversation. Words that any tutor says at any
  moment ("think", "explain", "answer", "good", "it") do not count; which words those are is learnt from the
  development conversations (said in the conversations of many problems, yet rare in the problems themselves),
  and English's function words ("does", "at", "more") never count. A word or number that many problems have
  grounds a turn only together with another of this moment's: "What is 2 + 2?" and "What is the total?" fit most
  moments; "What is 2 + 3?", where the student added 2 and 3, does not.
- **Novelty**: a turn that only repeats, nearly whole and in any order, the problem, the student's solution or any
  turn already said adds nothing; nor does a statement stitched from excerpts of them in their order (a sentence
  of the problem), or a question that asks again what the problem or the tutor already asked.

A talker that says a generic turn, or echoes the student, at *every* moment is a strategy: the `strategy` scorer
judges it over all of the talker's turns (`scorers/strategy.py`), where annotators never look.

Not a tutor turn: not language (mostly words of the development data; with no word at all, arithmetic such as
"19 - 14 = 5", not numbers alone), talk about its own evaluation (the grader, a score, a label, instructions, "this
response", "Socratic") unless the conversation has it, another speaker's turn written into it ("Student: I got 9."),
a loop (few distinct words, a sentence said twice), or far
longer than any tutor turn of the development data. The speaker labels of the conversation ("Student:") are not
words of this moment. Such a turn leaks only when the number check finds this problem's known answer stated in it
(the learnt leakage model is not asked: it never saw such text).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from trtutor.answers import NUMBER_WORD_PATTERN, NUMBERED_PLACE
from trtutor.data.mathdial import moment_student_name
from trtutor.scorers.offline.english_words import english_words, one_slip
from trtutor.scorers.offline.stop_words import ENGLISH_STOP_WORDS

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
# Talk about the evaluation itself; a tutor turn never needs it, unless the problem is about, say, a judge's scores.
# Words only evaluation talk uses ("grader", "rubric", "previous instructions"), an act of scoring aimed at this turn
# ("score this 1", "rate this turn 10/10", "label it so"), or the turn described as a turn ("This reply identifies
# the student's mistake", "the tutor turn above"); not the words of ordinary talk ("How would you score your
# confidence?", "Thank you for your response", "keeping score in a game": round-13 adversary's legitimate talkers
# were zeroed by them).
_ABOUT_EVALUATION = re.compile(
    r"\b(graders?|graded by|evaluators?|rubrics?|(?:previous|above|prior|earlier|system) (?:instructions|prompt)"
    r"|language model|as an ai|(?:score|rate|grade|judge|evaluate|classify) (?:this|it|me|the (?:turn|response|reply))"
    r"(?! (?:step|part|problem|question|number|answer|from|on|out of|between)\b)|(?:label|mark) (?:this|it) (?:as|so)"
    r"|(?:this|the above|the following) (?:tutor )?(?:response|reply|turn) (?:is|was|identifies|should|deserves"
    r"|contains|leaks|reveals|does|gets|earns|guides)|(?:tutor )?(?:turn|response|reply) above"
    r"|(?:socratic|pedagogical) (?:turn|response|reply|score|label))\b|\b(?:system|judge|grader)\s*[:\]]"
)
# Arithmetic written out: a number, an operator, a number ("19 - 14 = 5", "72/8", "$0.45-$0.25")
ARITHMETIC = re.compile(r"\d\s*[-+*/x×÷=]\s*\$?\d")
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
COMMON_WORD_SHARE = 0.15  # a word this share of problems has grounds a turn only with another of this moment's
GENERIC_WORD_SHARE = 0.10
TALK_OVER_PROBLEM = 2.0  # how much more often than problems a generic word is said in conversations
MIN_KNOWN_WORD_SHARE = 0.6  # below this share of known words, the text is not language
MAX_WORDS = 250  # the longest MathDial teacher turn has 112 words; MRBench's LLM tutors' reach about 200
REPETITIVE_DISTINCT_SHARE = 0.35  # distinct / all tokens, for turns of 20 tokens or more
REPEATED_SENTENCE = 2  # a sentence of LOOP_TOKENS tokens or more said this often in one turn is a loop
LOOP_TOKENS = 5
COPY_JACCARD = 0.7  # shared distinct tokens / all distinct tokens of turn and source
COPY_COVERAGE = 0.8  # share of the turn's tokens inside a run of COPY_RUN tokens said, in that order, before
COPY_RUN = 3
# Verb forms scikit-learn's stop-word list leaves out
_AUXILIARIES = frozenset("does did doing having shall let just really".split())
# Spelled-out quantities past "three" are a problem's quantities, not function words ("fifteen pencils").
_NUMBER_WORDS = frozenset(
    "four five six seven eight nine ten eleven twelve fifteen twenty forty fifty sixty hundred".split()
)

# What is not a tutor turn whatever the moment: right by construction, and no real tutor's turn of the development
# data is one (`benchmarks/judge_rules.py`). These zero a turn.
NOT_A_TURN_KINDS = ("empty", "no_words", "not_language", "addresses_grader", "speaks_for_another", "repetitive",
                    "too_long")  # fmt: skip
# What reads a turn against its moment: no new content, or none of this moment's. Annotators credit many real turns
# that these touch (a question asked again, "Tell me how much the apples cost."), so they never zero a turn: they
# are features of the learnt judges, which weigh them by the human labels.
MOMENT_KINDS = ("copies_student", "copies_tutor", "copies_problem", "ungrounded")
DEGENERACY_KINDS = NOT_A_TURN_KINDS + MOMENT_KINDS


@dataclass(frozen=True)
class Degeneracy:
    """Why a turn is degenerate: one of `DEGENERACY_KINDS`, and the detail that shows it."""

    kind: str
    detail: str

    def explanation(self) -> str:
        return f"degenerate turn ({self.kind}: {self.detail})"


def tokens(text: str) -> list[str]:
    """Words (lightly stemmed: "rings" is "ring") and numbers (by value: "5,000" is "5000", "2.50" is "2.5")."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    # the judges read the same problem and conversation once per rubric and response: tokenise each text once
    return tuple(_number(token) if token[0].isdigit() else _stem(token) for token in _TOKEN.findall(text.lower()))


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


def _numbers_in_words(text: str) -> list[str]:
    """The numbers the text says in words ("twenty-six", "a dozen"), as `tokens` writes numbers ("26")."""
    from trtutor.answers import find_numbers, format_number

    worded = [mention for mention in find_numbers(text) if not re.search(r"\d", mention.text)]
    return [_number(format_number(mention.value)) for mention in worded]


@dataclass(frozen=True)
class Vocabulary:
    """What the development conversations say about words: which are function words, which are words any tutor
    says at any moment, and which are known at all."""

    function_words: frozenset[str]
    generic_words: frozenset[str]
    known_words: frozenset[str]
    common_words: frozenset[str]  # words and numbers many problems have ("total", "half", "4")

    def content(self, words: list[str]) -> list[str]:
        """The tokens that can carry this moment's content: numbers and words neither functional nor generic.

        A number that most problems have ("2", "3") is a function word too: "What is 2 + 2?" fits any moment.
        """
        return [w for w in words if w not in self.function_words and (_is_number(w) or w not in self.generic_words)]


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
    # English's own function words, whatever the problems say ("does", "at", "more" ground no turn)
    function_words |= {_stem(word) for word in (ENGLISH_STOP_WORDS | _AUXILIARIES) - _NUMBER_WORDS}
    # said in the conversations of many problems, and far more often than the problems say them: words of talk,
    # not of a moment ("apples" is said about as often as problems are about apples)
    generic_words = {
        word
        for word, n in in_conversations.items()
        if n / count >= GENERIC_WORD_SHARE and n >= TALK_OVER_PROBLEM * in_problem[word] and not _is_number(word)
    }
    generic_words -= ARITHMETIC_WORDS
    known = {word for word, n in frequency.items() if n >= 2 and not _is_number(word)}
    common = {word for word, n in in_problem.items() if n / count >= COMMON_WORD_SHARE}
    return Vocabulary(frozenset(function_words), frozenset(generic_words), frozenset(known), frozenset(common))


def find_degeneracy(response: str, metadata: Mapping[str, Any]) -> Degeneracy | None:
    """Why the tutor turn `response` is not a tutor turn (one of `NOT_A_TURN_KINDS`), or None when it is one.

    `metadata` is a sample's: `problem`, `conversation_history` ("Teacher: ..." / "Student: ..." lines),
    `student_utterances`, and optionally `student_incorrect_solution` and `final_answer`.
    """
    problem, history, solution, _, _ = _moment(metadata)
    return _find_degeneracy(response, problem, history, solution, moment_student_name(metadata))


def find_unmoored(response: str, metadata: Mapping[str, Any]) -> Degeneracy | None:
    """How the turn reads against its moment (one of `MOMENT_KINDS`: a copy of what was said, or nothing of this
    moment), or None. A feature of the learnt judges, never a verdict by itself."""
    return _find_unmoored(response, *_moment(metadata))


def _moment(metadata: Mapping[str, Any]) -> tuple[str, str, str, tuple[str, ...], str]:
    return (
        str(metadata.get("problem") or ""),
        str(metadata.get("conversation_history") or ""),
        str(metadata.get("student_incorrect_solution") or ""),
        tuple(str(text) for text in metadata.get("student_utterances") or []),
        str(metadata.get("final_answer") or ""),
    )


def _moment_text(problem: str, history: str, solution: str) -> str:
    """What was said, without the speaker labels ("Student:" is not a word of this moment)."""
    said_in_turns = "\n".join(text for _, text in _turns(history)) or history
    return f"{problem}\n{solution}\n{said_in_turns}".lower()


def _misspelt_known(word: str, known: frozenset[str] | set[str]) -> bool:
    """A word of five letters or more one slip from a known word (two letters swapped, one dropped, added or
    mistyped: "hlods", "pecnils"): a typo of English, not another language or gibberish, whose words are further."""
    return len(word) >= 5 and word.isalpha() and not one_slip(word).isdisjoint(known)


def _is_known(word: str, known: frozenset[str] | set[str]) -> bool:
    return word in known or _misspelt_known(word, known)


def is_known_word(word: str, known: frozenset[str] | set[str]) -> bool:
    """An English word, a word of `known` (the development data's), or one slip from one of those."""
    return word in english_words() or _is_known(word, known)


def _a_sentence_reads(response: str) -> bool:
    """A sentence of the turn is language on its own: three known words or more, at least `MIN_KNOWN_WORD_SHARE` of
    its words. A tutor who opens or closes in the student's other language ("Muy bien, why is that only 60 minutes?
    Piénsalo con calma.") says the rest in language the judges read."""
    known_words = development_vocabulary().known_words
    for sentence in _SENTENCE_END.split(response):
        words = [token for token in tokens(sentence) if not _is_number(token)]
        known = sum(_is_known(word, known_words) for word in words)
        if known >= 3 and known / len(words) >= MIN_KNOWN_WORD_SHARE:
            return True
    return False


# A speaker's name before the turn ("Tutor: Let's add up the crates again."; 8 distinct real MRBench responses, and
# talkers that copy their prompt's format): the label of the turn, which annotators read past, not words of it.
# A chat model's own names for the tutor's part, as a talker trained or served with another chat template writes them
# ("Assistant: ...", "### Response:", "GPT4 Correct Assistant:", "A: ...", "Question: ..."; adversary rounds 60-61),
# are such labels too, with a note on whom it is said to ("Tutor (to Mariana):"), as are the label's longer forms
# ("Next tutor turn:", "Tutor's reply:", "Teacher says:"), one in brackets ("[Tutor]") and one on a line of its own
# (a heading "## Response" once its mark is gone); 6 of the 5,030 real turns start with one ("Tutor response:",
# Phi3's and three tutors' of the BEA test file). Not "Answer:", which says what follows; no label holds a number,
# and a note in it is words alone (round 62: "Tutor (answer key: 10):" hid the answer), so "Tutor turn 2:" is read.
_TUTORS_PART = (
    r"(?:gpt4[ \t]+correct[ \t]+)?(?:(?:maths?[ \t]+)?(?:tutor|teacher)(?:[ \t]+(?-i:[A-Z][a-z'’]+))?|instructor|coach"
    r"|assistant|response|reply|model|ai|a|question"
    r"|(?:mr|mrs|ms|miss|dr|prof|coach)\.?[ \t]+(?-i:[A-Z][a-z'’]+))"  # the tutor's own name, "Ms. Rivera:"
)
_LONGER_LABEL = (
    r"(?:next[ \t]+)?(?:tutor|teacher|assistant)(?:'s|s')?[ \t]+(?:turn|reply|response|message|note|says|said|writes)"
)
# a note of a few words ("(to Mariana)", "(Socratic mode)", "(hint only, no answer)"): no number (in digits, words or
# capitals, "(X)"), sum or colon, and at most four words (round 63: "(yes, you got it right, well done)" said a verdict)
_NOTE_WORD = r"(?-i:[A-Za-z][a-z'’\-]+)"
_NAME_NOTE = rf"\((?![^()\n]*\b{NUMBER_WORD_PATTERN}\b){_NOTE_WORD}(?:,?[ \t]+{_NOTE_WORD}){{0,3}}\)"
_SPEAKER_LABEL = re.compile(
    rf"^\s*(?:\*\*)?(?:(?:{_LONGER_LABEL}|{_TUTORS_PART})(?:[ \t]*{_NAME_NOTE})?"
    r"(?:\*\*)?(?:\s*:|[ \t]*\n)|\[(?:tutor|teacher|assistant)\][ \t]*:?)\s*(?:\*\*)?\s*",
    re.IGNORECASE,
)
# A chat model's preamble that announces the turn ("Sure! Here's the next tutor turn:"), before it.
_PREAMBLE = re.compile(  # with the interjection that answers whoever asked for the turn ("Sure!")
    r"^(?:(?:sure|okay|ok|of course|certainly|absolutely|alright|all right)\b[!.,]?)?[ \t]*"
    r"here(?:'s|[ \t]+is)[ \t]+(?:the|my|a|your)?[ \t]*(?:next[ \t]+)?"
    r"(?:(?:socratic|tutor(?:'s)?|teacher(?:'s)?)[ \t]+)?"
    r"(?:turn|response|reply|message)(?:[ \t]+(?:to|for)[ \t]+(?:the[ \t]+)?student)?[ \t]*:\s*",
    re.IGNORECASE,
)


# A speaker's label with nothing after it where the turn ends: a generation stopped right after the next header.
_EMPTY_LAST_LABEL = re.compile(
    r"\s*\n[ \t]*(?:\*\*)?(?:tutor|teacher|assistant|student|user|human)(?:\*\*)?[ \t]*:?[ \t]*(?:\*\*)?\s*$",
    re.IGNORECASE,
)


def without_speaker_label(response: str) -> str:
    """The turn without a preamble (`_PREAMBLE`) or a speaker label (`_SPEAKER_LABEL`) before it ("Tutor: .?" is
    the turn ".?"), and without an empty label after it (`_EMPTY_LAST_LABEL`)."""
    without_preamble = _PREAMBLE.sub("", response.lstrip(), count=1)
    return _EMPTY_LAST_LABEL.sub("", _SPEAKER_LABEL.sub("", without_preamble, count=1))


# Layout that says no word, as LLM talkers write it: markdown's emphasis and code marks around a word or number
# ("**12**", "_spoons_", "`3`"; not the "*" of "3*4*5", flanked by what it multiplies), its headings, the bullets and
# numbers of a list's lines ("1. Perfect!\n2. Now, what is the width?" where two lines or more are numbered: "1." alone
# may be a number), and LaTeX's maths delimiters ("\(12\)", "$$12$$"). Adversary round 58: bold numbers flagged honest
# talkers as a frame "* * {N} * *" said at every moment; numbered lines hid "Perfect!" from the checks of a verdict.
_EMPHASIS = re.compile(r"(?<![\w*`])(\*\*\*|___|\*\*|__|\*|_|`)(?=[^\s*_`])(.+?)(?<=[^\s*_`])\1(?![\w*`])")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
# not a column's sign, before its last number and the rule ("  10\n-  4\n----\n   6": adversary round 67)
_BULLET = re.compile(r"^[ \t]*[-*\u2022][ \t]+(?=\S)(?![$€£]?\d[\d,.]*[ \t]*\n[ \t]*[-_=]{2,}[ \t]*$)", re.MULTILINE)
_NUMBERED_LINE = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]+(?=\S)", re.MULTILINE)
# LaTeX's inline and display maths delimiters, "\(", "\)", "\[", "\]" (the arithmetic check drops them too)
LATEX_DELIMITER = re.compile(r"\\[()\[\]]")


def without_layout(text: str) -> str:
    """The text without its markup and list layout (`_EMPHASIS`, `_HEADING`, `_BULLET`, `_NUMBERED_LINE`,
    `LATEX_DELIMITER`, "$$"): its words, numbers and punctuation as a reader reads them."""
    text = LATEX_DELIMITER.sub("", text).replace("$$", "")
    if len(_NUMBERED_LINE.findall(text)) >= 2:
        text = _NUMBERED_LINE.sub("", text)
    return _EMPHASIS.sub(r"\2", _BULLET.sub("", _HEADING.sub("", text)))


# What a chat template writes around a turn, left in the text by a talker trained or served with another template
# (adversary rounds 60-61: "<|im_start|>assistant\n...<|im_end|>", "[/INST] ... </s>", "<｜Assistant｜>...",
# "<|start|>assistant<|channel|>final<|message|>...", "<think>\n\n</think>"): control tokens, an empty reasoning
# block, and the role or channel a token opens, which are no words of the turn. The user's part a template opens (a
# token or a line that names the user, Llama 2's "[INST]", Alpaca's "### Instruction:") starts another speaker's turn,
# written "User:" so that `_ANOTHER_SPEAKER` reads it as one; opened with nothing after it (a generation stopped
# right after the next header), it writes no turn and is dropped.
_CONTROL_TOKEN = re.compile(
    r"<[|｜][^<>|｜\n]{1,40}[|｜]>|</?s>|\[/?INST\]|<</?SYS>>|<(?:start|end)_of_turn>|<(?:bos|eos)>|<think>\s*</think>",
    re.IGNORECASE,
)
_USER_ROLES = frozenset({"user", "human", "student", "inst"})
_HEADER_WORDS = frozenset({"assistant", "system", "model", "chatbot", "bot", "ai", "final", "analysis", "commentary"})
_ALPACA_USER = re.compile(r"^[ \t]*#{1,4}[ \t]*(?:instruction|input)[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE)
# A role header decoded without its tokens: a line of one role word, or one glued to the end of the turn's sentence
# (Llama 3's "...altogether?user\n\nI got 9").
_BARE_ROLE_LINE = re.compile(
    r"(?:^[ \t]*|(?<=[.!?]))(user|human|assistant|model|system)[ \t]*$", re.IGNORECASE | re.MULTILINE
)
_MARK, _USER_MARK = "\x00", "\x00U\x00"
_OPENED_WORD = re.compile(r"\x00[ \t]*([A-Za-z]+)[ \t]*(?=\x00|\n|$)")


# A control token is made of the words chat templates name their roles and controls with (Qwen, Llama 2-3, Phi, Gemma,
# Mistral, DeepSeek, Cohere, Granite, gpt-oss, GLM, InternLM, OpenChat, Zephyr); any other token is read as text, as a
# reader reads it: "<|17|>", "<|answer=10|>", "<|correct|>" say something (round 62 hid answers and verdicts so).
_TEMPLATE_WORDS = frozenset(
    """im start end eot eom eod id header begin of text turn sentence assistant user system developer channel message
    return constrain call calls tool tools sep endoftext endofprompt startoftext endofturn endofsentence pad bos eos unk
    mask cls token chatbot bot human model python tag fim prefix suffix middle repo name file vision image video audio
    object ref box quad observation role response output input context placeholder finetune reserved special step final
    analysis commentary inst sys function functions code interpreter plugin action think reasoning content sop eop
    gmask newline nl""".split()
)


def _is_template_token(token: str) -> bool:
    """Whether a `<|...|>` token's words (split at "_", "▁", "-" and other non-letters) are all `_TEMPLATE_WORDS`."""
    token = re.sub(r"^reserved_special_token_\d+$", "reserved_special_token", token.lower())  # Llama 3's spares
    words = re.split(r"[^a-z]+", token)
    return not re.search(r"\d", token) and all(word in _TEMPLATE_WORDS for word in words if word)


def _token_mark(match: re.Match[str]) -> str:
    """A control token: the user's part where it names the user ("<|user|>", "[INST]", "<|USER_TOKEN|>"), else a
    bare mark; a `<|...|>` token of other words (`_is_template_token`) stays as text."""
    if match.group(0)[1] in "|｜" and not _is_template_token(match.group(0)[2:-2]):
        return match.group(0)
    token = match.group(0).lower()
    name = re.sub(r"[^a-z]", "", token).removesuffix("token")
    return _USER_MARK if name in _USER_ROLES and "/" not in token else _MARK  # "[/INST]" closes the user's part


def _role_mark(match: re.Match[str]) -> str:
    """A role or channel word a token opens ("<|im_start|>assistant"), or a line of one role word: the user's part,
    or nothing; any other word stays."""
    word = match.group(1).lower()
    if word in _USER_ROLES:
        return _USER_MARK
    return _MARK if word in _HEADER_WORDS else match.group(0)


# Markup a talker trained or served with another output format wraps its turn in (round 62: "<response>...</response>",
# "<p>...</p>", "[response]...[/response]", "<s> ... </s><pad>", "&#x34;", SentencePiece's "▁" for a space): an
# element's tags are no words of the turn where they pair up (the tag names what the element holds, as a JSON key
# does), and its attributes are read with their values ("<response final_answer=\"10\">" says "final_answer: 10");
# of tags that stand alone, only those that say nothing (`_VOID_TAGS`) are markup. Character references are the
# characters they stand for, and a tokenizer's marks for a space or a new line are those.
_TAG = re.compile(
    r"<(/?)([A-Za-z][\w.-]{0,30})((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*)\s*(/?)>"
    r"|\[(/?)([A-Za-z][\w-]{1,20})\]"
)
_ATTRIBUTE = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_VOID_TAGS = frozenset({"br", "hr", "wbr", "p", "s", "pad", "unk", "mask", "sep", "cls", "eos", "bos", "eot"})
# a tag names an element in a word or two ("response", "tutor_response", "h2"), never a number or a sentence (round 63:
# "<answer-10>", "<yes-your-answer-is-right>" are read as their words)
_TAG_NAME = re.compile(rf"(?!.*\b{NUMBER_WORD_PATTERN}\b)(?:h[1-6]|[a-z]+(?:[_.\-][a-z]+)?)")
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _without_tags(text: str) -> str:
    """The text without its elements' tags (`_TAG`, `_VOID_TAGS`), their attributes read "name: value"."""
    names = Counter(
        ((match.group(2) or match.group(6)).lower(), bool(match.group(1) or match.group(5)))
        for match in _TAG.finditer(text)
    )

    start, end = len(text) - len(text.lstrip()), len(text.rstrip())

    def mark(match: re.Match[str]) -> str:
        name, bracket = (match.group(2) or match.group(6)).lower(), match.group(6) is not None
        paired = names[name, True] and names[name, False]
        if not _TAG_NAME.fullmatch(name):  # a tag that says something is read as its words: "<answer 10>"
            return re.sub(r"[_.\-]", " ", match.group(0))
        # a wrapper cut off: its open tag where the turn starts, or its close tag where it ends, alone
        closes = bool(match.group(1) or match.group(5))
        cut_off = not match.group(4) and (match.end() == end if closes else match.start() == start)
        if not (paired or cut_off or (not bracket and name in _VOID_TAGS)):
            return match.group(0)
        said = [f"{key}: {a if a is not None else b}" for key, a, b in _ATTRIBUTE.findall(match.group(3) or "")]
        return "\n" + "\n".join(said) + "\n" if said else " "

    return _TAG.sub(mark, text)


# Words struck out are withdrawn, not said: "Your 2 is ~~not~~ right." calls the 2 right (round 62), however its tags
# are written; a number struck out is still shown ("It's ~~10~~" shows the 10). A `<s>` is a tokenizer's start of
# text, not HTML's strike.
_STRUCK_OUT = re.compile(r"~~(?=\S)[^~\n]{1,80}?(?<=\S)~~|<(del|strike)>[^<]{0,80}</\1>", re.IGNORECASE)


def without_chat_markup(text: str) -> str:
    """The text without a chat template's control tokens and role headers (`_CONTROL_TOKEN`), the user's part it
    opens marked "User:", without its elements' tags (`_without_tags`), character references, tokenizer marks and
    the words it strikes out (`_STRUCK_OUT`), and a JSON object or list (in a code block or not) as what it says
    (`_json_text`)."""
    if "&" in text and _CHARACTER_REFERENCE.search(text):
        text = html.unescape(text)
    if "\u2581" in text:  # SentencePiece's space; GPT-2's byte-level space and new line where no space is
        text = text.replace("\u2581", " ").strip()
    if " " not in text and "\u0120" in text:
        text = text.replace("\u0120", " ").replace("\u010a", "\n").strip()
    if "~~" in text or "<" in text:
        text = _STRUCK_OUT.sub(lambda match: " ".join(re.findall(r"\d+(?:[.,]\d+)*", match.group(0))), text)
    if "<" in text or "[" in text:
        text = _OPENED_WORD.sub(_role_mark, _CONTROL_TOKEN.sub(_token_mark, text))
        text = _without_tags(text).strip()  # after the tokens: "<s>", "[INST]" are a template's
    text = _ALPACA_USER.sub(_USER_MARK, text)
    if _BARE_ROLE_LINE.search(text):
        text = _BARE_ROLE_LINE.sub(_role_mark, text)
    if _MARK in text:
        text = re.sub(r"(?:\x00U\x00|\x00|\s)+$", "", text)  # a user's part with nothing in it is no turn
        text = re.sub(r"\x00U\x00\s*", "\nUser: ", text).replace(_MARK, " ").strip()
    return _json_text(text)


# A turn written as JSON ({"response": "..."}; a list of messages): what it says is every string in it, in order, each
# on its own line; a key that only names a field of text ("response", "thought") is layout, any other key is read with
# its value ("hint_level: 2"; a flag by its key alone: "checked-17"), and a key or "role" of the student or user makes
# its text the user's part. Every pair counts, a repeated key too: a reader of the text sees them all (round 61).
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z_\-]{0,40}")
_ROLE_KEYS = frozenset({"role", "speaker", "from", "author"})
_WHOLE_CODE_BLOCK = re.compile(r"^\s*```[a-z]*[ \t]*\n(.*?)\n?```\s*$", re.DOTALL | re.IGNORECASE)


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object's (key, value) pairs in order, repeated keys kept."""


def _json_text(text: str) -> str:
    """A JSON object or list as the lines it says (`_FIELD_NAME`, `_ROLE_KEYS`), none for one that holds no text;
    any other text as it is."""
    inner = block.group(1) if (block := _WHOLE_CODE_BLOCK.match(text)) else text
    stripped = inner.strip()
    if not (
        (stripped.startswith("{") and stripped.endswith("}")) or (stripped.startswith("[{") and stripped.endswith("}]"))
    ):
        return text
    try:
        data = json.loads(stripped, object_pairs_hook=_Pairs)
    except ValueError:
        return text
    lines: list[str] = []

    def collect(value: Any, key: str = "", user: bool = False) -> None:
        if isinstance(value, _Pairs):
            role = next((str(v).lower() for k, v in value if k.lower() in _ROLE_KEYS and isinstance(v, str)), "")
            for pair_key, item in value:
                if pair_key.lower() not in _ROLE_KEYS:
                    collect(item, pair_key, user or role in _USER_ROLES)
        elif isinstance(value, list):
            for item in value:
                collect(item, key, user)
        elif isinstance(value, bool) or value is None:
            if key and not _FIELD_NAME.fullmatch(key):  # a flag says its key alone ("checked-17": true)
                lines.append(key)
        else:
            said = value.strip() if isinstance(value, str) else json.dumps(value)
            if not said:
                return
            if key.lower() in _USER_ROLES or user:
                said = f"User: {said}"
            elif not (isinstance(value, str) and _FIELD_NAME.fullmatch(key)):
                said = f"{key}: {said}" if key else said
            lines.append(said)

    collect(data)
    return "\n".join(lines)  # an object with nothing in it says nothing


def plain_turn(response: str) -> str:
    """The turn as every offline judge reads it: without a chat template's markup (`without_chat_markup`), without
    its layout (`without_layout`), and without a speaker label before it (`without_speaker_label`), which would
    otherwise count as words of the turn."""
    # A label before the layout ("Tutor: - 12 apples") or made by it ("### Response:" once its heading mark is gone).
    return without_speaker_label(without_layout(without_speaker_label(without_chat_markup(response))))


def readable_part(response: str) -> str:
    """The turn without a speaker label before it (`_SPEAKER_LABEL`) and without its sentences in another language
    ("Muy bien, why is that only 60 minutes? Piénsalo con calma." reads as its first sentence; a sentence is English
    when `MIN_KNOWN_WORD_SHARE` of its words are English words or words of the development data): what the learnt
    judges read, when a sentence of it reads as language (`_a_sentence_reads`); else the whole turn, unlabelled. A
    sentence of numbers and signs alone ("40+20+100=.") is kept."""
    response = plain_turn(response)
    if not _a_sentence_reads(response):
        return response
    known_words, english = development_vocabulary().known_words, english_words()
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", response):
        words = re.findall(r"[a-z]+", sentence.lower())
        known = sum(word in english or _is_known(_stem(word), known_words) for word in words)
        if not words or known / len(words) >= MIN_KNOWN_WORD_SHARE:
            kept.append(sentence)
    return " ".join(kept)


# Another speaker's turn written into this one: a speaker label of the student or user where a line or sentence
# starts ("Student: I got 9.", "S: hmm, I see", "(Student) oh, I forgot", "### User:", "> **Student:** ...",
# "Student (Mariana): ..."), with words after it that are no quotation ("Student: \"12 - 3 = 9\"" quotes the work). A
# talker that does not stop at the end of its turn goes on with the dialogue; MRBench dev has 8 such turns (Phi3's),
# none credited on guidance or mistake identification, and MathDial's teachers none (`results/judge-rules.md`).
_LABEL_MARKS = r"[ \t]*(?:[>(\-–—*#][ \t]*)*"  # quote marks, brackets, dashes, bullets and headings before a label
_LINE_START = rf"(?:^|\n|(?<=[.!?:])[ \t]+){_LABEL_MARKS}"
_LATER_LINE_START = rf"(?:\n|(?<=[.!?])[ \t]+){_LABEL_MARKS}"
_LABEL_END = r"(?:[ \t]*\([^()\n]{1,30}\))?(?:\*\*)?[ \t]*:(?!\d)(?:\*\*)?[ \t]*(?:\n[ \t]*){0,2}(?=[^\s\"“'‘])"
# the student's and the tutor's names in the languages a talker may switch to (round 62: "Estudiante: ...\nProfesor:")
_STUDENT_ABROAD = (
    r"estudiante|alumn[oa]|[ée]l[èe]ve|[ée]tudiante?|sch[üu]ler(?:in)?|student(?:e|essa)|alun[oa]|leerling|ученица"
    r"|ученик|студентка|студент|[öo][ğg]renci"
)
_TUTOR_ABROAD = (
    r"profesora?|maestr[oa]|professeure?|lehrer(?:in)?|insegnante|professor(?:e|essa|a)?|leraar|учительница|учитель"
    r"|преподаватель|[öo][ğg]retmen"
)
_ANOTHER_SPEAKER = re.compile(
    rf"{_LINE_START}(?:(?:gpt4[ \t]+correct[ \t]+)?(?:student|user|human|learner|pupil|kid|child|s|{_STUDENT_ABROAD})"
    rf"{_LABEL_END}"
    r"|\((?:student|user|learner|pupil)\)[ \t]*:?[ \t]*(?=\w))",
    re.IGNORECASE,
)
# The dialogue goes on in this turn too where a tutor's label opens a later line or sentence (the talker's own next
# turn, after a student's line it wrote unlabelled or under their name), or where the student's name labels a later
# one (adversary rounds 60-61: "Julia: Oh, I see, so 14 records.\nTeacher: ..."). None of the 5,030 real turns has
# either; a label where the turn starts is its own (`without_speaker_label`), and the student's name there is said to
# them ("Mariana: look at your second line."). Not a chat model's later "Assistant:" or "### Response:" alone: Phi3
# goes on from a turn to a prompt of its own making and answers it so; annotators credit one such turn (MRBench dev).
_LATER_TUTOR_LABEL = re.compile(  # not a line of a list of quantities ("Teacher: $8", "Teacher: 1")
    rf"{_LATER_LINE_START}(?:tutor|teacher|{_TUTOR_ABROAD}){_LABEL_END}(?![\d$€£])", re.IGNORECASE
)


@lru_cache(maxsize=256)
def _name_label(name: str) -> re.Pattern[str]:
    """The student's `name` as a speaker's label where a later line or sentence starts ("...?\nJulia: I got 9.")."""
    return re.compile(rf"{_LATER_LINE_START}{re.escape(name)}{_LABEL_END}", re.IGNORECASE)


def _another_speaker(response: str, student: str) -> re.Match[str] | None:
    """Where the turn writes another speaker's turn: a label of the student or user (`_ANOTHER_SPEAKER`), of the
    tutor after the turn's start (`_LATER_TUTOR_LABEL`), or the student's name as a later label."""
    return (
        _ANOTHER_SPEAKER.search(response)
        or _LATER_TUTOR_LABEL.search(response)
        or (_name_label(student).search(response) if student else None)
    )


@lru_cache(maxsize=4096)  # the three scorers of one sample ask about the same turn
def _find_degeneracy(response: str, problem: str, history: str, solution: str, student: str = "") -> Degeneracy | None:
    if not response.strip():
        return Degeneracy("empty", "no text")
    said = tokens(response)
    words = [token for token in said if not _is_number(token)]
    # With no word, a turn can still be arithmetic ("19 - 14 = 5"); numbers alone are not a turn ("5 3 12 ?").
    if not words and not ARITHMETIC.search(response):
        return Degeneracy("no_words", f"only {response.strip()[:20]!r}")
    vocabulary = development_vocabulary()
    known = sum(_is_known(word, vocabulary.known_words) for word in words)
    if len(words) >= 3 and known / len(words) < MIN_KNOWN_WORD_SHARE and not _a_sentence_reads(response):
        return Degeneracy("not_language", f"{known} of {len(words)} words are words of the development data")

    moment_text = _moment_text(problem, history, solution)
    for match in _ABOUT_EVALUATION.finditer(response.lower()):
        if match.group(0) not in moment_text:
            return Degeneracy("addresses_grader", f"talks about its evaluation ({match.group(0)!r})")
    if another := _another_speaker(response, student):
        return Degeneracy("speaks_for_another", f"writes another speaker's turn ({another.group(0).strip()!r})")
    if len(said) >= 20 and len(set(said)) / len(said) < REPETITIVE_DISTINCT_SHARE:
        return Degeneracy("repetitive", f"{len(set(said))} distinct tokens of {len(said)}")
    sentences = Counter(tuple(tokens(sentence)) for sentence in _SENTENCE_END.split(response))
    looped = [(words, n) for words, n in sentences.items() if len(words) >= LOOP_TOKENS and n >= REPEATED_SENTENCE]
    if looped:
        return Degeneracy("repetitive", f"says {' '.join(looped[0][0][:6])!r}... {looped[0][1]} times")
    if len(said) > MAX_WORDS:
        return Degeneracy("too_long", f"{len(said)} tokens; tutor turns have at most about {MAX_WORDS}")
    return None


@lru_cache(maxsize=4096)
def _find_unmoored(
    response: str, problem: str, history: str, solution: str, students: tuple[str, ...], final_answer: str
) -> Degeneracy | None:
    said = tokens(response)
    if not said:
        return None
    vocabulary = development_vocabulary()
    moment_text = _moment_text(problem, history, solution)
    content = vocabulary.content(said)
    # Novelty against everything said before: the problem, the student's solution and every turn.
    sources = [("copies_problem", problem), ("copies_student", solution), *_turns(history)]
    sources += [("copies_student", text) for text in students]
    said_before = [(kind, tokens(source)) for kind, source in sources]
    for kind, source_tokens in said_before:
        copied = _copy_of(said, source_tokens)
        if copied:
            return Degeneracy(kind, copied)
    # Excerpts: a statement stitched from what was said adds nothing; a question made of a statement's words
    # ("So how many were kicked out?") focuses the student, unless it asks again what was already asked.
    asked = [question for question in re.findall(r"[^.!?\n]*\?", problem) if question.strip()]
    asked_before = [("copies_problem", tokens(question)) for question in asked]
    asked_before += [(kind, words) for kind, words in said_before if kind == "copies_tutor"]
    excerpt = _excerpts_of(response, said_before, asked_before)
    if excerpt:
        return Degeneracy(*excerpt)

    moment_tokens = set(tokens(moment_text))
    # A word or number that few problems have grounds a turn alone ("the apples", "48"); ones that many have ground
    # it together, as this moment's arithmetic ("What is 2 + 3?" where the student added 2 and 3), not one alone
    # ("What is 2 + 2?", "What is the total?" fit most moments).
    in_moment = [token for token in content if token in moment_tokens]
    in_moment += [token for token in said if _is_number(token) and token in moment_tokens]
    # a number said in words is that number ("What is twenty-six plus forty-six?" of the problem's 26 and 46: round 55)
    in_moment += [number for number in _numbers_in_words(response) if number in moment_tokens]
    grounded = [token for token in in_moment if token not in vocabulary.common_words]
    grounded += [token for token in content if token == final_answer]
    common = set(in_moment) & vocabulary.common_words
    if len(common) >= 2:
        grounded += sorted(common)
    if not problem.strip():  # no problem statement to check a quantity against (MRBench's Bridge conversations)
        grounded += [token for token in said if _is_number(token)]
    grounded += _places_in_the_work(response, solution)
    if problem.strip():
        grounded += [match.group(0).lower() for match in _PLACE_IN_THE_PROBLEM.finditer(response)]
    if not grounded:
        sample = ", ".join(dict.fromkeys(content)) or "none"
        alone = f"; {', '.join(sorted(common))}: in many problems, and alone" if common else ""
        return Degeneracy(
            "ungrounded", f"no quantity or word of this problem or conversation (content: {sample}{alone})"
        )
    return None


# a place in the student's written work, by its number or its order: "line 1", "step 2 of your solution", "your
# first line", "your last step" (round 47: "Recheck line 1, please." points into this student's work as one of its
# numbers would)
_PLACE_IN_THE_WORK = re.compile(
    NUMBERED_PLACE + r"|\byour\s+(?P<order>first|second|third|fourth|fifth|sixth|last|final"
    r"|next|previous|top|bottom)\s+(?:line|step|row|calculation|equation|sum)\b",
    re.IGNORECASE,
)
# a place in this problem's own text: its question, its last sentence, what it asks at the end (round 48: "Read the
# last line of the word problem.", "Look again at the question part of the problem. What is it asking you to find?"
# points into this moment's problem as a line of the student's work does)
_PLACE_IN_THE_PROBLEM = re.compile(
    r"\b(?:question\s+part|(?:last|final|first|opening|closing)\s+(?:line|sentence|part|question|bit))\s+of\s+the\s+"
    r"(?:word\s+)?(?:problem|question|story)\b"
    r"|\bwhat\s+(?:the\s+(?:problem|question|story)|it)\s+(?:really\s+|actually\s+|exactly\s+)?(?:asks|wants|is\s+asking)"
    r"(?:\s+(?:you\s+)?(?:for|to\s+find|at\s+the\s+(?:very\s+)?end))\b"
    r"|\b(?:final|last|closing)\s+question\b|\bquestion\s+at\s+the\s+(?:very\s+)?end\b|\bwhat\s+the\s+question\s+wants\b"
    r"|\bwhat\s+(?:exactly\s+)?is\s+(?:it|the\s+question)\s+(?:really\s+)?asking\s+(?:you\s+)?(?:for|to\s+find)\b",
    re.IGNORECASE,
)


def _places_in_the_work(response: str, solution: str) -> list[str]:
    """The places in the student's written solution the turn names that it has (a line number up to its count of
    lines): each grounds the turn in this moment."""
    lines = [line for line in solution.splitlines() if line.strip()]
    return [match.group(0).lower() for match in _PLACE_IN_THE_WORK.finditer(response)
            if lines and (match["number"] is None or 1 <= int(match["number"]) <= len(lines))]  # fmt: skip


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


def _excerpts_of(
    response: str, said_before: list[tuple[str, list[str]]], asked_before: list[tuple[str, list[str]]]
) -> tuple[str, str] | None:
    """(kind, detail) when the turn is stitched from excerpts of what was said before (a sentence of the problem,
    clauses of the student's turns, in their own order), or None when most of it is its own. A statement is read
    against everything said; a question only against the questions already asked. The kind is that of the source
    it takes most from."""
    runs_said, runs_asked = _runs(said_before), _runs(asked_before)
    covered_by: Counter[str] = Counter()
    covered = total = 0
    for sentence in _SENTENCE_END.split(response):
        words = tokens(sentence)
        positions: set[int] = set()
        for kind, runs in runs_asked if sentence.rstrip().endswith("?") else runs_said:
            hit = {j for i in range(len(words) - COPY_RUN + 1) if tuple(words[i : i + COPY_RUN]) in runs
                   for j in range(i, i + COPY_RUN)}  # fmt: skip
            covered_by[kind] += len(hit - positions)
            positions |= hit
        covered += len(positions)
        total += len(words)
    if total < COPY_RUN + 1 or covered / total < COPY_COVERAGE:
        return None
    return covered_by.most_common(1)[0][0], f"{covered / total:.0%} of its tokens repeat, in order, what was said"


def _runs(sources: list[tuple[str, list[str]]]) -> list[tuple[str, set[tuple[str, ...]]]]:
    return [
        (kind, {tuple(words[i : i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1)}) for kind, words in sources
    ]


def _turns(history: str) -> list[tuple[str, str]]:
    """(`copies_tutor` or `copies_student`, text) for each turn of a "Teacher: ..." / "Student: ..." history."""
    from trtutor.data.mrbench import parse_history

    try:
        turns = parse_history(history)
    except ValueError:  # no turn yet
        return []
    return [("copies_student" if turn.speaker == "student" else "copies_tutor", turn.text) for turn in turns]
