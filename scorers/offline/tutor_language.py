"""A word trigram language model of how tutors write, and the features the learnt judges read from it.

Trained on the MathDial teacher turns of the judge-train problems (`trtutor.data.splits`), less any turn that the
labelled MRBench files quote (as a response or in a conversation), so it is out of sample for the judges' labelled
responses and for the task's default samples alike. Interpolated Kneser-Ney (absolute discount `DISCOUNT`) over
lower-cased words, with every number one token and words seen once in training `<unk>`: about 1,300 turns, built
in well under a second on first use, so it is not cached.

What its features say (`language_features`): how much word order helps (the mean per-token log-probability under
the trigram minus under the unigram: a real turn gains clearly, the same words shuffled, reversed or thrown
together as keyword salad gain about nothing or lose), how fluent the turn is, and the share of its words that
neither tutors, English function words nor this conversation use (not English, gibberish, or off topic). What they
cannot say: whether the turn is true or helps; a fluent turn about something else reads as fluent.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

LANGUAGE_MODEL_VERSION = 2  # in the learnt judges' cache key: their features change with it
DISCOUNT = 0.75
UNKNOWN, NUMBER, START, END = "<unk>", "<num>", "<s>", "</s>"
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[?!]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# words a turn may say about the student without being addressed to them (third-person narration)
_ABOUT_STUDENT = re.compile(r"\b(?:the|this|our|my|that) (?:student|learner|pupil|child|kid)s?\b", re.IGNORECASE)
_ADDRESSED = re.compile(r"\b(?:you|your|you're|yours|yourself|let's|we|us)\b", re.IGNORECASE)
# Real MRBench dev responses: order gain (nats a token) above 0.10 for 95 %, their shuffles below -0.11 for 95 %;
# unknown words at most 17 % for 95 %, letter-scrambled turns 61 % or more.
ORDER_GAIN_FLOOR = 0.1
DISORDER_SCALE = 5.0
UNKNOWN_FLOOR = 0.2
UNKNOWN_SCALE = 5.0
# A turn's word order against its own words shuffled (`order_advantage`), in nats a word: real tutors' turns of at
# least `MIN_ORDER_WORDS` words are above the floor for 98.9 % or more (MathDial's teachers 99.3 %, each MRBench V2
# dev tutor 98.9 % or more); the same turns shuffled or reversed, and keyword salad, are below it for 74 % to 87 %.
ORDER_ADVANTAGE_FLOOR = 0.2
ORDER_SHUFFLES = 8
MIN_ORDER_WORDS = 5
# a word this rare in tutor talk is a topic word: the conversation should account for it
TOPIC_WORD_COUNT = 5
FEATURE_NAMES = (
    "disorder",
    "trigram_logprob",
    "unknown_words",
    "off_moment_share",
    "about_student",
    "addressed",
)


def lm_tokens(text: str) -> list[str]:
    """Lower-cased words, `?` and `!`, every number one token."""
    return [NUMBER if token[0].isdigit() else token for token in _TOKEN.findall(text.lower())]


@dataclass(frozen=True)
class TrigramModel:
    """Interpolated Kneser-Ney trigram counts; `logprob` scores a token sequence."""

    vocabulary: frozenset[str]
    unigram: dict[str, int]
    total: int
    trigram: dict[tuple[str, str], Counter[str]]
    bigram_continuation: dict[str, Counter[str]]  # v -> w -> number of distinct u before "v w"
    continuation: Counter[str]  # w -> number of distinct v before w
    continuation_total: int

    def map(self, token_list: list[str]) -> list[str]:
        return [token if token in self.vocabulary else UNKNOWN for token in token_list]

    def _p_continuation(self, word: str) -> float:
        # Kneser-Ney's unigram, smoothed with one share for a word never seen
        return (self.continuation[word] + 1) / (self.continuation_total + len(self.vocabulary) + 1)

    def _p_bigram(self, previous: str, word: str) -> float:
        following = self.bigram_continuation.get(previous)
        if not following:
            return self._p_continuation(word)
        total = sum(following.values())  # N1+(. previous .)
        lower = DISCOUNT * len(following) / total
        return max(following[word] - DISCOUNT, 0) / total + lower * self._p_continuation(word)

    def p_trigram(self, context: tuple[str, str], word: str) -> float:
        following = self.trigram.get(context)
        if not following:
            return self._p_bigram(context[1], word)
        total = sum(following.values())
        lower = DISCOUNT * len(following) / total
        return max(following[word] - DISCOUNT, 0) / total + lower * self._p_bigram(context[1], word)

    def p_unigram(self, word: str) -> float:
        return (self.unigram.get(word, 0) + 1) / (self.total + len(self.vocabulary) + 1)

    def logprobs(self, token_list: list[str]) -> tuple[list[float], list[float]]:
        """Per-token natural log-probabilities under the trigram and under the unigram (end of turn included)."""
        words = [*self.map(token_list), END]
        context = (START, START)
        trigram, unigram = [], []
        for word in words:
            trigram.append(math.log(self.p_trigram(context, word)))
            unigram.append(math.log(self.p_unigram(word)))
            context = (context[1], word)
        return trigram, unigram


def train_trigram(turns: list[str]) -> TrigramModel:
    """Kneser-Ney counts of `turns`; words seen once become `<unk>`, so the model knows contexts of new words."""
    sequences = [lm_tokens(turn) for turn in turns]
    counts = Counter(token for sequence in sequences for token in sequence)
    vocabulary = frozenset(token for token, n in counts.items() if n >= 2) | {UNKNOWN, END}
    trigram: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    left_of_bigram: dict[tuple[str, str], set[str]] = defaultdict(set)
    left_of_word: dict[str, set[str]] = defaultdict(set)
    unigram: Counter[str] = Counter()
    for sequence in sequences:
        words = [START, START, *(token if token in vocabulary else UNKNOWN for token in sequence), END]
        for u, v, w in zip(words, words[1:], words[2:], strict=False):
            trigram[(u, v)][w] += 1
            left_of_bigram[(v, w)].add(u)
            left_of_word[w].add(v)
            unigram[w] += 1
    bigram_continuation: dict[str, Counter[str]] = defaultdict(Counter)
    for (v, w), lefts in left_of_bigram.items():
        bigram_continuation[v][w] = len(lefts)
    continuation = Counter({w: len(lefts) for w, lefts in left_of_word.items()})
    return TrigramModel(
        vocabulary,
        dict(unigram),
        sum(unigram.values()),
        dict(trigram),
        dict(bigram_continuation),
        continuation,
        sum(continuation.values()),
    )


def training_turns() -> list[str]:
    """The teacher turns of the judge-train MathDial problems that no labelled MRBench file quotes."""
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.splits import is_judge_train_problem
    from trtutor.scorers.offline.response_judges import text_key
    from trtutor.scorers.offline.rubric_judges import labelled_text_keys

    quoted = labelled_text_keys()
    conversations, _ = load_conversations()
    return [
        turn.text
        for conversation in conversations
        if is_judge_train_problem(conversation.qid)
        for turn in conversation.turns
        if turn.speaker == "teacher" and text_key(turn.text) not in quoted
    ]


@dataclass(frozen=True)
class TutorLanguage:
    """The trigram model and the words known to be English: tutors', students' and the problems' words (judge-train
    problems), and English function words."""

    model: TrigramModel
    known_words: frozenset[str]
    tutor_counts: dict[str, int]


@cache
def tutor_language() -> TutorLanguage:
    """The tutor language model, built on first use (well under a second)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from trtutor.data.mathdial import load_conversations
    from trtutor.data.splits import is_judge_train_problem

    turns = training_turns()
    known: set[str] = set(ENGLISH_STOP_WORDS)
    for conversation in load_conversations()[0]:
        if is_judge_train_problem(conversation.qid):
            texts = [conversation.question, conversation.ground_truth, conversation.student_incorrect_solution]
            for text in texts + [turn.text for turn in conversation.turns]:
                known.update(_WORD.findall(text.lower()))
    tutor_counts = Counter(word for turn in turns for word in _WORD.findall(turn.lower()))
    return TutorLanguage(train_trigram(turns), frozenset(known), dict(tutor_counts))


def order_advantage(text: str) -> float | None:
    """How much more likely the tutor language model finds the turn's word order than the same words shuffled: its
    trigram log-probability minus the mean over `ORDER_SHUFFLES` shuffles of its words (numbers, `?` and `!` kept in
    place, the shuffles seeded by the text), in nats a word; None for a turn of fewer than `MIN_ORDER_WORDS` words.

    Unlike the gain over the unigram (`language_features`), a rare word costs the turn and its shuffles alike, so a
    fluent turn in words tutors seldom use keeps its advantage; a turn whose words are in no writer's order (thrown
    together, shuffled, reversed) has about none. Numbers stay where they are: arithmetic written out ("5 x 14 = 70")
    has no word order to read. One turn is a noisy sample (1 % of real turns fall below `ORDER_ADVANTAGE_FLOOR`); a
    talker's share of them is not (`scorers/strategy.py`)."""
    token_list = lm_tokens(text)
    words = [index for index, token in enumerate(token_list) if token[0].isalpha()]
    if len(words) < MIN_ORDER_WORDS:
        return None
    model = tutor_language().model
    rng = random.Random(zlib.crc32(" ".join(token_list).encode()))
    shuffled_logprobs = []
    for _ in range(ORDER_SHUFFLES):
        order = [token_list[index] for index in words]
        rng.shuffle(order)
        shuffled = list(token_list)
        for index, token in zip(words, order, strict=True):
            shuffled[index] = token
        shuffled_logprobs.append(sum(model.logprobs(shuffled)[0]))
    actual = sum(model.logprobs(token_list)[0])
    return (actual - sum(shuffled_logprobs) / ORDER_SHUFFLES) / len(words)


def _moment_words(metadata: Mapping[str, Any]) -> set[str]:
    texts = [
        str(metadata.get(field) or "")
        for field in ("problem", "conversation_history", "student_incorrect_solution", "ground_truth")
    ]
    return {word for text in texts for word in _WORD.findall(text.lower())}


def language_features(response: str, metadata: Mapping[str, Any]) -> list[float]:
    """`FEATURE_NAMES`, each scaled to about [-1, 1], for a tutor turn in its conversation (sample metadata)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    language = tutor_language()
    token_list = lm_tokens(response)
    trigram, unigram = language.model.logprobs(token_list)
    order_gain = (sum(trigram) - sum(unigram)) / len(trigram)
    words = _WORD.findall(response.lower())
    moment = _moment_words(metadata)
    unknown = [word for word in words if word not in language.known_words and word not in moment]
    topic = [
        word
        for word in words
        if word not in ENGLISH_STOP_WORDS and language.tutor_counts.get(word, 0) < TOPIC_WORD_COUNT
    ]
    off_moment = [word for word in topic if word not in moment]
    return [
        # hinges: zero for nearly every real turn, large for text whose order is no tutor's or whose words are not
        # known, so a small weight separates them and the judges' word weights need not bend to do it
        DISORDER_SCALE * max(0.0, ORDER_GAIN_FLOOR - order_gain),
        max(-1.0, sum(trigram) / len(trigram) / 10),
        UNKNOWN_SCALE * max(0.0, (len(unknown) / len(words) if words else 0.0) - UNKNOWN_FLOOR),
        len(off_moment) / len(topic) if topic else 0.0,
        float(bool(_ABOUT_STUDENT.search(response))),
        float(bool(_ADDRESSED.search(response))),
    ]
