"""A word trigram language model of how tutors write, and the features the learnt judges read from it.

Trained on the MathDial teacher turns of the judge-train problems (`trtutor.data.splits`), less any turn that the
labelled MRBench files quote (as a response or in a conversation), so it is out of sample for the judges' labelled
responses and for the task's default samples alike. Interpolated Kneser-Ney (absolute discount `DISCOUNT`) over
lower-cased words, with every number one token and words seen once in training `<unk>`: about 1,300 turns, built
in well under a second on first use, so it is not cached.

What its features say (`language_features`): how much word order helps (the mean per-token log-probability under
the trigram minus under the unigram: a real turn gains clearly, the same words shuffled, reversed or thrown together
as keyword salad gain about nothing or lose; none is lost by a turn whose order is clearly likelier than its own words
shuffled, `order_advantage`, however rare its phrases), how fluent the turn is, the share of its words that are not
known English (another language, gibberish), and the share of its content words foreign to its moment
(`foreign_words`: neither this conversation's, nor the words tutors bring to any moment, nor mathematics: "Did you
know spoons were first made in the Netherlands centuries ago?" in a problem about spoons). What they cannot say:
whether the turn is true or helps; a fluent turn about something else, in the words tutors use, reads as on topic.
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

from trtutor.answers import ENGLISH_NUMBER_WORDS
from trtutor.scorers.offline.stop_words import ENGLISH_STOP_WORDS

LANGUAGE_MODEL_VERSION = 6  # in the learnt judges' cache key: their features change with it
DISCOUNT = 0.75
UNKNOWN, NUMBER, START, END = "<unk>", "<num>", "<s>", "</s>"
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[?!]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# words a turn may say about the student without being addressed to them (third-person narration)
_ABOUT_STUDENT = re.compile(r"\b(?:the|this|our|my|that) (?:student|learner|pupil|child|kid)s?\b", re.IGNORECASE)
_ABOUT_ONE_STUDENT = re.compile(r"\b(?:the|this|our|my|that) (student|learner|pupil|child|kid)\b(?!s)", re.IGNORECASE)
_ADDRESSED = re.compile(r"\b(?:you|your|you're|yours|yourself|let's|we|us)\b", re.IGNORECASE)
# the student's own name as the subject of a verb ("Mariana stares at...", "Mariana is stuck"): in MathDial's 2,759
# teacher turns, 1 that addresses no one and asks nothing ("Scott is a genius.")
_NAME_AS_SUBJECT = (
    r"\b{name}\s+(?:(?:[a-z]+ly|just|still|now|also|again|already|then)\s+){{0,2}}"  # "Cody quietly just dropped"
    # a word ending in "s" that is no verb ("ok Luca lets look", "nice Luca thats close", "Thanks Luca this helps": a
    # name without its comma, an apostrophe left out)
    r"(?:is|was|has|seems|keeps|does|did|can't|cannot|(?!(?:this|thus|lets|yes|us|plus|minus|as|less|unless|always"
    r"|perhaps|its|his|hers|ours|yours|theirs|towards|afterwards|thanks|thats|whats|heres|theres|hows|wheres|whos)\b)"
    r"[a-z]+s|[a-z]+ed)\b"
)
# or asked about ("Is Luca going to notice the sets, I wonder?"), where the problem has no one of that name
_NAME_ASKED_ABOUT = r"\b(?:is|was|does|did|has|will|can|could|isn't|doesn't|didn't|hasn't|won't)\s+{name}\b"
# a third person in trouble with the work ("you can tell she's struggling with the trucks", "Doesn't she look puzzled
# by the candles?"): the student, spoken of; in the problems' stories no one is (0 of 3,126 real MRBench dev and
# MathDial dev turns)
_TROUBLE = (r"(?:struggling|puzzled|confused|unsure|lost|stuck|frustrated|bored|distracted|nervous|worried|anxious"
            r"|overwhelmed|uncertain|muddled|baffled|stumped|puzzling|perplexed)")  # fmt: skip
# "someone" too, the student unnamed ("Looks like someone is still puzzling over the download.": adversary round 37)
_PRONOUN_IN_TROUBLE = re.compile(
    r"\b(?:(?:she|he|someone|somebody)(?:'s|\s+is|\s+was|\s+seems|\s+looks|\s+keeps|\s+feels|\s+gets|\s+appears"
    rf"|\s+sounds)|(?:does|doesn't|did|didn't|is|isn't)\s+(?:she|he|someone|somebody))\s+(?:\w+\s+){{0,2}}{_TROUBLE}\b",
    re.IGNORECASE,
)
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
# A turn whose order is this much (nats a word) more likely than its own words shuffled is fluent, whatever its gain
# over the unigram: of MRBench dev's labelled responses of 6 words or more, the gain alone calls 3.3 % disordered (a
# fluent turn in phrases tutors seldom use gains little) and 99.1 % of their shuffles; with this floor, 0.8 % and
# 93.9 % (reversed: 96.0 %).
FLUENT_ADVANTAGE = 0.4
MIN_ORDER_WORDS = 5
# A word that tutors bring to a moment themselves (said in a turn though nothing before it in that conversation said
# it) in this many conversations is a word of tutor talk ("appreciate", "closer", "break"); a word of a turn that is
# neither tutor talk, nor this moment's, nor mathematics, nor a function word is foreign to the moment ("beach",
# "weekend", "Netherlands").
TALK_WORD_CONVERSATIONS = 3
# Foreign words (two or more) above this share of a turn's content words: 14 of the 544 labelled MRBench dev responses
# whose conversation has its problem (13 Phi3's: reading tips, a quadratic formula, a made-up exchange; annotators
# credit 2 with guidance, 1 with mistake identification) and 14 of MathDial's 2,311 teacher turns; off-topic remarks
# with a word of the problem put in are at 50-80 %. A hinge: the learnt judges weigh it by the labels and negatives.
FOREIGN_FLOOR = 0.3
FOREIGN_SCALE = 5.0
MIN_FOREIGN_WORDS = 2
FEATURE_NAMES = (
    "disorder",
    "trigram_logprob",
    "unknown_words",
    "foreign_share",
    "about_student",
    "addressed",
    "no_mathematics",
    "puts_off",
)
# The tutor puts the tutoring off: declines it ("I can't help with that", "I won't be explaining the spoons", "the 12
# isn't something I'll cover") or defers it, to another time or to someone else ("we'll leave this for another day",
# "ask your teacher", "look it up online", "we're out of time"). What it is made of: a first-person negation of a
# verb of tutoring (help, explain, go through, work on, cover...), unless the sentence goes on with "but" ("I can't
# tell you the answer, but..." withholds the answer, it tutors); or words of deferral, setting the work aside for the
# session ("let's not worry about the spoons today") or ending it ("thanks for today"), that the moment itself does not
# say (a problem about an online store, or about tomorrow, defers nothing). Real turns it touches: 4 of MRBench dev's
# 815 labelled responses and MathDial's 2,311 teacher turns (two Phi-3 replies that run on into a made-up exchange,
# "I think we will need to review this another time.", "...keep in mind for next time"); none is credited with
# guidance. "We'll come back to this later; first, ..." and "Let's not worry about the 5 yet" are
# not deferrals, nor is a pause: the work waits ("this will have to wait"), not the tutor ("Take your time, I'll
# wait."); "Stop there." or "Let's stop here a moment." before more tutoring halts a step, "Let's stop here." at the
# end of the turn or "for today" ends the session (round 26: either pause added to the human teacher's turns zeroed
# 49 of the 50 that were credited). The work taken up again at a later time that ends the sentence ("We'll revisit
# the 12 spoons next time, okay?", "...after the break"), a break from it ("a quick breather from the spoons"), or the
# tutor away or not ready ("while I grab a coffee", "back in a sec", "before I say anything", "I'm still reading")
# defer it too (round 48: 399 of its 786 off-topic turns; of the 5,030 real turns we hold, none more than before).
_PUTS_OFF_SUBJECT = (
    r"\b(?:i|we|let's|let\s+us)\b(?:'m|'d|'ll|'re|\s+am|\s+are|\s+have|\s+will|\s+would|\s+do|\s+shall)?"
)
_PUTS_OFF_NEGATION = r"(?:\bnot\b|n't\b|\bcannot\b|\bunable\b|\bnever\b|\brefuse\b|\bdecline\b)"
_TUTORING_VERB = (
    r"\b(?:help|helping|assist|assisting|answer\s+(?:that|this|it|questions?)|discuss|discussing|respond|responding|"
    r"handle|handling|deal\s+with|get\s+into|continue|explain|explaining|cover|covering|touch|"
    r"(?:go|going)\s+(?:through|over|into)|work(?:ing)?\s+(?:through|on)|take\s+(?:this|that|it)\s+on|take\s+on|"
    r"talk(?:ing)?\s+about|(?:take|walk)\s+you\s+through|look\s+at|bother\s+with|do\s+(?:this|that|it|the|anything))\b"
)
_DECLINES = re.compile(
    _PUTS_OFF_SUBJECT + r"[^.?!,;]{0,14}?" + _PUTS_OFF_NEGATION + r"[^.?!]{0,24}?" + _TUTORING_VERB
    + r"(?![^.?!]*\bbut\b)",
    re.IGNORECASE,
)  # fmt: skip
_DEFERS = re.compile(
    r"""\b(?:
    (?:another|some\s+other)\s+(?:time|day|lesson|session)
    |(?:for|until|till|in|at|during)\s+(?:our\s+|your\s+|the\s+)?next\s+(?:time|lesson|session|class)
    |tomorrow|call\s+it\s+a\s+day|out\s+of\s+time|see\s+you\s+(?:later|soon|tomorrow|next)|for\s+homework
    |(?!(?:i|we)\b)\w+(?:'ll|\s+(?:can|will|has\s+to|have\s+to|must))\s+(?:have\s+to\s+)?wait
    |(?:end|stop|finish|wrap\s+up)\s+(?:the|our|this|today's)\s+(?:session|lesson|class)
    |stop\s+(?:here|there)(?=\s+for\s+(?:today|now|the\s+day)|[\s.!]*$)
    |(?:need|have|got)\s+to\s+go
    |ask\s+(?:your|a|the|another|one\s+of\s+your)\s+(?:\w+\s+)?
        (?:teacher|parents?|mum|mom|dad|classmates?|friends?|tutor|someone)
    |(?:ask|try|find)\s+someone\s+else|someone\s+else\s+(?:will|can|could|should|might)\s+(?:have\s+to\s+)?\w+
    |look\s+it\s+up|textbook|online|google|without\s+me
    |(?:i|we)(?:'ll|'m|'re|\s+am|\s+are|\s+will)?\s+(?:going\s+to\s+)?(?:skip|skipping|pass\s+on|passing\s+on)
    |let's\s+(?:skip|pass\s+on)|not\s+(?:really\s+)?the\s+right\s+person|not\s+my\s+(?:area|job|place|thing)
    |(?:isn't|aren't|is\s+not|are\s+not)\s+(?:something|one)\s+(?:i|we)(?:'ll|'m|'d|\s+will|\s+can|\s+am|\s+would)
    |don't\s+expect\s+me|beyond\s+what\s+i|(?:rather|prefer)\s+(?:we|to)\s+(?:drop|leave|skip|skipped|stop|didn't)
    |(?:not|n't)\s+(?:worry|bother)\s+(?:about|with)\s+[^.?!]{0,40}?\b(?:today|this\s+time|any\s?more)
    |thanks\s+for\s+today|enjoy\s+(?:your|the\s+rest\s+of\s+your)\s+(?:evening|day|weekend|afternoon)|see\s+you\s+then
    |good\s?bye|bye\s+for\s+now
    |come\s+back\s+(?:to\s+(?:it|this|that)\s+)?(?:next\s+(?:week|time|lesson|session|class)|tomorrow|another)
    |(?:do|work\s+on|move\s+on\s+to)\s+something\s+else
    |(?:on\s+your\s+own|by\s+yourself)\s+(?:later|another|some)
    |(?:i'm|i\s+am)\s+(?:a\s+bit\s+|too\s+|very\s+|really\s+)?busy
    |(?:revisit|return\s+to|(?:come|circle|get|go)\s+back\s+to|pick\s+up|continue|finish)\b[^.?!;]{0,60}?
        \b(?:next\s+(?:time|week|lesson|session|class)|after\s+(?:the|our|your|a)\s+(?:break|bell|lunch|weekend|holidays?)
        |in\s+a\s+(?:bit|while)|later)(?=\s*(?:,\s*\w+(?:\s+\w+)?)?\s*(?:[.!?]|$))
    |(?:quick|short|little|tiny|small|brief)?\s*(?:break|breather|rest)\s+from
    |back\s+in\s+a\s+(?:sec|second|minute|moment|mo|jiffy|bit|tick)|be\s+right\s+back
    |(?:while|whilst)\s+i\s+(?:get|grab|make|fetch|find|answer|pop|go|step|run|take|have)\b
    |before\s+i\s+(?:say|answer|respond|reply|comment)\s+(?:anything|something|more)
    |(?:i'm|i\s+am)\s+still\s+(?:reading|thinking|looking)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


def puts_off_tutoring(response: str, metadata: Mapping[str, Any]) -> bool:
    """The tutor declines the tutoring or defers it, in words the moment does not say itself (`_DECLINES`,
    `_DEFERS`)."""
    return _puts_off(response, _moment_words(metadata))


def _puts_off(response: str, moment: set[str]) -> bool:
    if _DECLINES.search(response):
        return True
    return any(not set(_WORD.findall(match.group(0).lower())) <= moment for match in _DEFERS.finditer(response))


# Two indicators that real turns seldom show (no mathematics, putting the tutoring off) count 3 where they fire: the
# judges' L2 penalty then lets their weight follow the generated negatives and the few real turns that show them (for an
# off-topic question, "no mathematics" moved the log-odds of guidance against none by -0.77 at 1, by -1.04 at 3).
RARE_INDICATOR_SCALE = 3.0
# The words of arithmetic, quantities and tutoring a math tutor's turn is made of. A turn with none of them and no
# number says nothing of the mathematics: 12 of MRBench dev's 815 responses (9 of them no guidance by the
# annotators: "That was a nice effort.", an essay tip), 233 of MathDial's 2,759 teacher turns ("Well done!", "Good
# job"); small talk, narration about the student and refusals, even with a word of the problem in them. Units of
# time are not in it: small talk is full of them ("How was your day?", "Did you have a good week?"), and only 2 of
# those 3,574 turns have one as their only word of mathematics ("Now, what is this in minutes?").
_MATH_WORDS = frozenset(
    "add adds adding added addition plus sum total totals altogether together combined subtract subtracts subtracting "
    "subtracted subtraction minus difference take taking took away remove removed multiply multiplies multiplying "
    "multiplied multiplication times product divide divides dividing divided division quotient remainder share shared "
    "split equal equals equally same half halves halve double doubled twice triple third thirds quarter quarters "
    "fraction fractions decimal decimals percent percentage ratio rate per each every number numbers digit digits "
    "place value values ones tens hundreds thousands count counting counted calculate calculating calculated "
    "calculation calculations math maths answer answers solution solve solving solved problem problems question "
    "questions step steps method work working worked check checking mistake mistakes error errors wrong right correct "
    "correctly incorrect again try trying think thinking explain reasoning many much left more less fewer greater "
    "smaller bigger larger compare cost costs price prices money dollars dollar cents pay paid spend spent save saved "
    "buy bought sell sold earn earned length width height area perimeter shape side sides angle unit units measure "
    "measurement meters metres inches feet miles weight grams pounds speed distance average result results find "
    # estimating and judging a result is mathematics too: "Does 8328 seem reasonable?", "What ballpark do you expect?"
    "estimate estimates estimated estimating estimation approximate approximately roughly round rounding rounded "
    "ballpark reasonable sensible range expect expected nearest represent represents representing".split()
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
    # each context's count and number of distinct followers, summed once here rather than at every probability
    trigram_totals: dict[tuple[str, str], tuple[int, int]]
    bigram_totals: dict[str, tuple[int, int]]

    def map(self, token_list: list[str]) -> list[str]:
        return [token if token in self.vocabulary else UNKNOWN for token in token_list]

    def _p_continuation(self, word: str) -> float:
        # Kneser-Ney's unigram, smoothed with one share for a word never seen
        return (self.continuation[word] + 1) / (self.continuation_total + len(self.vocabulary) + 1)

    def _p_bigram(self, previous: str, word: str) -> float:
        following = self.bigram_continuation.get(previous)
        if not following:
            return self._p_continuation(word)
        total, distinct = self.bigram_totals[previous]  # N1+(. previous .), N1+(previous .)
        lower = DISCOUNT * distinct / total
        return max(following[word] - DISCOUNT, 0) / total + lower * self._p_continuation(word)

    def p_trigram(self, context: tuple[str, str], word: str) -> float:
        following = self.trigram.get(context)
        if not following:
            return self._p_bigram(context[1], word)
        total, distinct = self.trigram_totals[context]
        lower = DISCOUNT * distinct / total
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
        {context: (sum(following.values()), len(following)) for context, following in trigram.items()},
        {previous: (sum(following.values()), len(following)) for previous, following in bigram_continuation.items()},
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


@cache
def tutor_language() -> TutorLanguage:
    """The tutor language model, built on first use (well under a second)."""
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.splits import is_judge_train_problem

    turns = training_turns()
    known: set[str] = set(ENGLISH_STOP_WORDS)
    for conversation in load_conversations()[0]:
        if is_judge_train_problem(conversation.qid):
            texts = [conversation.question, conversation.ground_truth, conversation.student_incorrect_solution]
            for text in texts + [turn.text for turn in conversation.turns]:
                known.update(_WORD.findall(text.lower()))
    return TutorLanguage(train_trigram(turns), frozenset(known))


def order_advantage(text: str) -> float | None:
    """How much more likely the tutor language model finds the turn's word order than the same words shuffled: its
    trigram log-probability minus the mean over `ORDER_SHUFFLES` shuffles of its words (numbers, `?` and `!` kept in
    place, the shuffles seeded by the text), in nats a word; None for a turn of fewer than `MIN_ORDER_WORDS` words.

    Unlike the gain over the unigram (`language_features`), a rare word costs the turn and its shuffles alike, so a
    fluent turn in words tutors seldom use keeps its advantage; a turn whose words are in no writer's order (thrown
    together, shuffled, reversed) has about none. Numbers stay where they are: arithmetic written out ("5 x 14 = 70")
    has no word order to read. One turn is a noisy sample (1 % of real turns fall below `ORDER_ADVANTAGE_FLOOR`); a
    talker's share of them is not (`scorers/strategy.py`)."""
    if (tokens := _ordered_words(text)) is None:
        return None
    return _advantage_over_shuffles(*tokens)


def least_order_advantage(text: str) -> float | None:
    """The least order advantage of the turn and of each half of it that starts it, ends it or sits in its middle
    (turns of at least twice `MIN_ORDER_WORDS` words): each stretch's words shuffled among themselves, the rest of
    the turn kept. A turn whose words are in order only at its ends ("No, you need to the has still she 3 as spoons,
    add have just been used": its middle half shuffled) keeps about half the whole turn's advantage, and has none
    over that half. On the bundled data: 2.3 % of MathDial's teachers' turns fall below `ORDER_ADVANTAGE_FLOOR` this
    way (0.3 % whole), each MRBench tutor of a bundled file at most 20 % (Phi3's long replies, V2 dev; whole, at most
    1.4 %)."""
    if (tokens := _ordered_words(text)) is None:
        return None
    token_list, words = tokens
    advantages = [_advantage_over_shuffles(token_list, words)]
    if len(words) >= 2 * MIN_ORDER_WORDS:
        length = math.ceil(len(words) / 2)
        for start in sorted({0, (len(words) - length) // 2, len(words) - length}):
            advantages.append(_advantage_over_shuffles(token_list, words[start : start + length], f" {start}"))
    return min(advantages)


def _ordered_words(text: str) -> tuple[list[str], list[int]] | None:
    """The turn's tokens and the positions of its words (numbers, `?` and `!` keep their places), or None for a turn
    of fewer than `MIN_ORDER_WORDS` words."""
    token_list = lm_tokens(text)
    words = [index for index, token in enumerate(token_list) if token[0].isalpha()]
    return (token_list, words) if len(words) >= MIN_ORDER_WORDS else None


def _advantage_over_shuffles(token_list: list[str], positions: list[int], salt: str = "") -> float:
    """The trigram log-probability of `token_list` minus its mean over `ORDER_SHUFFLES` shuffles of the tokens at
    `positions` (seeded by the text and `salt`), in nats a shuffled word. Only the probabilities of the tokens from
    the first shuffled one to two past the last differ (a trigram sees two back), so only those are summed."""
    model = tutor_language().model
    rng = random.Random(zlib.crc32((" ".join(token_list) + salt).encode()))
    mapped = [START, START, *model.map(token_list), END]
    first, last = positions[0], min(positions[-1] + 3, len(token_list) + 1)  # token i is predicted at mapped[i + 2]

    def span_logprob(words: list[str]) -> float:
        return sum(math.log(model.p_trigram((words[i], words[i + 1]), words[i + 2])) for i in range(first, last))

    shuffled_logprobs = []
    for _ in range(ORDER_SHUFFLES):
        order = [mapped[index + 2] for index in positions]
        rng.shuffle(order)
        shuffled = list(mapped)
        for index, token in zip(positions, order, strict=True):
            shuffled[index + 2] = token
        shuffled_logprobs.append(span_logprob(shuffled))
    return (span_logprob(mapped) - sum(shuffled_logprobs) / ORDER_SHUFFLES) / len(positions)


def _moment_words(metadata: Mapping[str, Any]) -> set[str]:
    texts = [
        str(metadata.get(field) or "")
        for field in ("problem", "conversation_history", "student_incorrect_solution", "ground_truth")
    ]
    return {word for text in texts for word in _WORD.findall(text.lower())}


def _about_student(response: str, metadata: Mapping[str, Any]) -> bool:
    """The turn speaks of the student in the third person: "the student", or, in a turn that addresses no one and
    asks nothing, the student's own name as a subject."""
    if _ABOUT_STUDENT.search(response):
        return True
    return not addresses_the_student(response) and _names_student_as_subject(response, metadata)


# contempt for the student or their work: words of insult ("That's a stupid answer.", "Only an idiot would write
# that.", "This is pathetic.") and the phrases of it ("a child could do better", "Are you even trying?", "Stop wasting
# my time."); not "a silly mistake" or "a careless slip", which tutors say kindly
_BELITTLES = re.compile(
    r"\b(?:stupid|dumb|idiot(?:ic|s)?|moron(?:ic|s)?|pathetic|embarrassing|lazy|hopeless|useless|clueless|ridiculous"
    r"|worthless|incompetent|brainless|dimwit\w*|imbecile|dunce|lame|sloppy|terrible|awful|disgrace\w*)\b"
    r"|\b(?:a|any|even a) (?:child|kid|baby|toddler|monkey) (?:could|can|would)\b|\bare you even (?:trying|listening"
    r"|thinking)\b|\bwhat(?:'s| is) wrong with you\b|\bwast(?:e|es|ing) (?:my|our) time\b|\bfor once\b"
    r"|\byou (?:never|clearly (?:weren't|aren't|don't|didn't|can't)|obviously (?:weren't|aren't|don't|didn't))\b"
    r"|\bshut up\b|\btypical\b|\bi can't believe (?:how|you|that|i)\b"
    # a comparison that belittles ("My little brother could do this.", "Even my dog would see it."), the student's
    # wits or effort questioned ("Try using your brain.", "Did you even read it?", "Are you always this slow?", "What
    # were you thinking?"), weariness at them ("Sigh. Again?", "This is the third time I've explained this.")
    r"|\b(?:even (?:a|my)|my (?:little |baby |younger |kid )?(?:brother|sister|dog|cat|parrot|grandma|grandmother)"
    r"|a (?:toddler|monkey|baby|\w+-year-old))\s+(?:could|would|knows?)\b"
    r"|\b(?:use|using|try using) (?:your|that) (?:brain|head)\b|\bsmall words\b"
    r"|\b(?:did|do|can|could|how do|are) you even\b|\balways this (?:slow|bad|careless|lost|confused)\b"
    r"|\bwhat were you thinking\b|\b(?:think|read) before you\b|\bnot (?:very )?good at (?:this|math|maths)\b"
    r"|\bisn't your (?:thing|strong suit|forte)\b|\bexpected (?:nothing|no) (?:better|more)\b|\bnot surprised you\b"
    r"|\b(?:second|third|fourth|fifth|hundredth|\d+(?:st|nd|rd|th)) time i(?:'ve| have)? (?:explained|told|said)\b"
    r"|\bhave to explain this\b|\b(?:sigh|ugh|tsk|smh)\b|\bjust wow\b|\bnot this again\b"
    r"|\bbasic stuff\b|\bget through school\b"
    # the student told how simple it is or how slow they are ("Not rocket science, is it?", "I'd expect this from a
    # first grader", "Let's try this again, slowly, for you.", "Do I need to draw you a picture?", "You really don't
    # get it, do you?", "Is your head even in the room?"), the tutor's patience spent ("Good grief", "how many times
    # do I have to say this?", "my patience is running out"), the work scorned ("a spectacular failure", "managed to
    # get it wrong again", "Is that the best you can do?"), or the student sent away from mathematics ("Maybe pick a
    # different hobby") (adversary round 31)
    r"|\bnot (?:exactly )?(?:rocket science|brain surgery)\b|\b(?:a|any|from a|even a) (?:first|second|third|fourth"
    r"|fifth|\d+(?:st|nd|rd|th))[- ]grader\b|\bkindergart(?:en|ner)s?\b|\bslowly,? (?:just )?for you\b"
    r"|\b(?:draw|spell) (?:it|this|that) out for you\b|\bdraw you (?:a|another) (?:picture|diagram|map)\b"
    r"|\byou (?:really|just|still|simply) (?:don't|do not|can't|cannot) (?:get|understand|grasp|follow)\b"
    r"|\bis your (?:head|mind|brain) (?:even |still )?(?:in|on|switched|working|here)\b|\bearth to\b"
    r"|\b(?:anybody|anyone) (?:home|in there)\b"
    r"|\bgood grief\b|\bfor (?:crying out loud|heaven'?s sake|goodness'? sake|pete'?s sake)\b|\bgive me a break\b"
    r"|\bhow many times (?:do|must|will|should|have|did) i (?:have to |need to |got to )?(?:say|tell|explain|repeat"
    r"|go over|said|told|explained)\b|\b(?:my )?patience (?:is|'s) (?:running|wearing) (?:out|thin)\b"
    r"|\blosing (?:my )?patience\b|\bspectacular(?:ly)? (?:failure|fail|mess|wrong|bad)\b"
    r"|\bwhat a (?:mess|disaster|failure|joke|waste)\b|\bmanaged to (?:get|mess|screw|mix|muck) (?:it|this|that"
    r"|everything|things) (?:up|wrong)\b|\bwrong again\b|\bseriously\s*\?|\b(?:is|was) that (?:really )?the best"
    r" you (?:can|could) do\b|\bthat's (?:really )?(?:what|the best) you came up with\b"
    r"|\b(?:pick|find|try|take up) (?:a )?(?:different|another|new) hobby\b|\bmaths? (?:just )?(?:isn't|is not|"
    r"might not be) for you\b|\bnot cut out for\b"
    # (round 32) "Do you ever listen?", "so even you can follow", "This is painful to watch."
    r"|\bdo you ever (?:listen|pay attention|read|think|learn|check)\b|\beven you (?:can|could|should|would|will"
    r"|might)\b|\bpainful to (?:watch|read|see|hear|listen to)\b"
    # (round 33) "how hard can it be?", "this nonsense", "Why do I even bother?", "explained this a hundred times",
    # "Only you could get this wrong."
    r"|\bhow hard can (?:it|this|that) (?:really )?be\b|\b(?:this|such|that|more) nonsense\b"
    r"|\bwhy do i (?:even )?bother\b"
    r"|\b(?:explained|told you|said) (?:this|that|it) (?:a hundred|a thousand|a million|so many|\d+) times\b"
    r"|\bonly you could\b"
    # (round 34) "I give up on you.", "Try thinking for a change.", "Are you serious right now?", "My five-year-old gets
    # this."
    r"|\bi give up on you\b|\bfor a change\b|\bare you serious\b|\bmy \w+-year-old (?:gets|could|would|knows|can)\b"
    # (round 48) irony: the number put down to chance or whim ("Did you pick that out of a hat?", "Was 1500 chosen by
    # a coin toss?", "Sure, if we're making up our own maths today."), or mocked as brave ("Wrong, but brave.")
    r"|\b(?:pick|picked|pull|pulled|get|got|choose|chose|chosen|draw|drew|drawn)\s+(?:that|it|this|[$]?\d[\d,.]*\s+)?"
    r"\s*(?:out of|from|by)\s+(?:a|the|thin)\s+(?:hat|air|coin toss|coin flip|dice roll|roll of the dice)\b"
    r"|\bpopped into your head\b"
    r"|\bmaking up (?:our|your|my) own (?:maths?|rules|numbers)\b|\bwrong,? but (?:brave|bold|creative)\b"
    # (round 49) the student's ability said to be fixed and low, or expected low ("maths might not be your thing",
    # "a hard one for someone at your level", "some people just aren't numbers people", "I'll lower my
    # expectations"), or the tutor giving up on them ("I don't have time for this", "I'm tired of explaining this",
    # "We've been over this", "Let's just get through this one")
    r"|\b(?:not|isn't|aren't|won't\s+be|(?:isn't|aren't)\s+going\s+to\s+be)\s+(?:really\s+|just\s+)?(?:be\s+)?(?:your|a|an)?"
    r"\s*(?:thing|strength|strong\s+suit|forte|numbers?\s+(?:person|people)|maths?\s+(?:person|people))\b"
    r"|\b(?:someone|students?|people|kids)\s+(?:at|of)\s+your\s+level\b|\ba\s+stretch\s+for\s+you\b"
    r"|\btoo\s+(?:advanced|hard|difficult)\s+for\s+you\b|\bnever\s+be\s+(?:good|great|any\s+good)\b"
    r"|\b(?:not\s+sure|doubt)\s+(?:if\s+|whether\s+)?you(?:'ll|\s+will)?\s+ever\b|\b(?:lower|lowering)\s+(?:my|our)"
    r"\s+expectations\b|\bcan't\s+expect\s+miracles\b|\b(?:a|the)\s+head\s+for\s+(?:numbers|maths?)\b"
    r"|\bstick\s+to\s+(?:the\s+)?easier\b|\bsome\s+(?:students|people|kids)\s+(?:just\s+)?(?:get\s+it\s+and\s+some"
    r"|aren't|don't|can't|never)\b|\byour\s+classmates\s+(?:got|get|understood|did)\s+(?:it|this|that)\b"
    r"|\b(?:don't|do\s+not)\s+have\s+(?:the\s+)?time\s+for\s+this\b|\btired\s+of\s+(?:explaining|telling|repeating"
    r"|going\s+over)\b|\b(?:we've|we\s+have|i've|i\s+have)\s+(?:been|gone)\s+over\s+this\b"
    r"|\blet's\s+just\s+get\s+(?:through|this\s+over)\b|^\W*whatever\b"
    # (round 50) the student hurried or threatened, not reassured ("no hurry", "isn't your last chance" are kind):
    # time pressure ("Hurry up", not asked; "I'm timing you", "you've got ten seconds.", "Think faster"), a last chance
    # or try said alone, a consequence ("I'll have to tell your teacher", not how well they did; "Your parents will hear
    # about this", "or there'll be consequences", "you fail this unit", "or we start over", "..., or else!")
    r"|(?<!no\s)(?<!not\s)(?<!to\s)\bhurry\b(?![^.!?]*\?)|\b(?:i'm|i\s+am)\s+timing\s+you\b"
    r"|\byou(?:'ve|\s+have)\s+(?:got\s+)?(?:\d+|ten|five|twenty|thirty|sixty)\s+seconds\s*(?:[.!]|to\s+(?:answer|finish|do))"
    r"|\bthink\s+faster\b|\bcome\s+on,?\s+faster\b|\bdon't\s+keep\s+me\s+waiting\b|\bother\s+students\s+waiting\b"
    r"|(?:^|[.!]\s+)last\s+(?:chance|try)\b|\b(?:this\s+is|it's)\s+your\s+last\s+chance\b|\bmake\s+it\s+count\s+or\b"
    r"|\b(?:i'll|i\s+will|i'm\s+going\s+to)\s+(?:have\s+to\s+)?(?:tell|inform|call|email)\s+your\s+(?:teacher|parents?"
    r"|mum|mom|dad|principal)\b(?!\s+(?:how|what|that\s+you))"
    r"|\byour\s+(?:parents?|mum|mom|dad|teacher)\s+will\s+hear\b|\bthere(?:'ll|\s+will)\s+be\s+consequences\b"
    r"|\bor\s+else\s*[.!]|\b(?:and|or)\s+you\s+fail\s+(?:this|the)\s+(?:unit|class|course|year)\b"
    r"|\bor\s+we\s+start\s+over\b"
    r"|\bwast(?:e|es|ing)\s+both\s+of\s+our\s+time\b",
    re.IGNORECASE,
)


def belittles_the_student(turn: str) -> bool:
    """Does the turn show contempt for the student or their work, or hurry or threaten them (`_BELITTLES`)? 2 of 5,030
    real tutor turns do (MRBench V1, V2, V3 dev and test, MathDial): a MathDial teacher's "I am not wasting my time any
    more"."""
    return bool(_BELITTLES.search(turn))


def narrates_the_student(response: str, metadata: Mapping[str, Any]) -> bool:
    """The turn speaks of the student in the third person, whatever else it says: "the student" (one, where the
    problem has none: "the students" of a class are the problem's), the student's own name as a subject ("Let's
    think step by step. Mariana is sharpening a pencil.") or asked about where the problem has no one of that name
    ("Is Luca going to notice the sets?"), or "she" or "he" in trouble with the work ("She's struggling with the
    trucks.")."""
    problem = str(metadata.get("problem") or "").lower()
    about = [match for match in _ABOUT_ONE_STUDENT.finditer(response) if match.group(1).lower() not in problem]
    return bool(about) or _names_the_student(response, metadata) or bool(_PRONOUN_IN_TROUBLE.search(response))


def _names_student_as_subject(response: str, metadata: Mapping[str, Any]) -> bool:
    from trtutor.data.mathdial import moment_student_name

    name = moment_student_name(metadata)
    return bool(name) and bool(re.search(_NAME_AS_SUBJECT.format(name=re.escape(name)), response))


def _names_the_student(response: str, metadata: Mapping[str, Any]) -> bool:
    """The student's own name as a subject, or asked about where the problem has no one of that name."""
    from trtutor.data.mathdial import moment_student_name

    name = moment_student_name(metadata)
    if not name:
        return False
    if _names_student_as_subject(response, metadata):
        return True
    in_problem = re.search(rf"\b{re.escape(name)}\b", str(metadata.get("problem") or ""), re.IGNORECASE)
    return not in_problem and bool(re.search(_NAME_ASKED_ABOUT.format(name=re.escape(name)), response, re.IGNORECASE))


def language_features(response: str, metadata: Mapping[str, Any]) -> list[float]:
    """`FEATURE_NAMES`, each scaled to about [-1, 1], for a tutor turn in its conversation (sample metadata)."""
    language = tutor_language()
    token_list = lm_tokens(response)
    trigram, unigram = language.model.logprobs(token_list)
    order_gain = (sum(trigram) - sum(unigram)) / len(trigram)
    if order_gain < ORDER_GAIN_FLOOR:
        order_gain = max(order_gain, _sentences_order_gain(response, language.model))
    disorder = max(0.0, ORDER_GAIN_FLOOR - order_gain)
    if disorder and (advantage := order_advantage(response)) is not None and advantage >= FLUENT_ADVANTAGE:
        disorder = 0.0  # read against its own shuffles only where the gain calls it disordered: the same, and cheaper
    words = _WORD.findall(response.lower())
    moment = _moment_words(metadata)
    unknown = [word for word in words if word not in language.known_words and word not in moment]
    foreign, content = foreign_words(response, metadata)
    foreign_share = len(foreign) / len(content) if len(foreign) >= MIN_FOREIGN_WORDS else 0.0
    return [
        # hinges: zero for nearly every real turn, large for text whose order is no tutor's or whose words are not
        # known, so a small weight separates them and the judges' word weights need not bend to do it. A turn whose
        # order is clearly likelier than its own words shuffled is in order: by its gain over the unigram alone, a
        # fluent turn in phrases tutors seldom use read as disordered ("Actually, when we multiply 9 and 8, we get
        # 72. Remember, multiplication is like repeated addition..."; dev `socratic` macro-F1 0.744 -> 0.751). The
        # shuffle advantage alone measured 0.761, but shuffled real turns then kept 0.275 guidance per turn.
        DISORDER_SCALE * disorder,
        max(-1.0, sum(trigram) / len(trigram) / 10),
        UNKNOWN_SCALE * max(0.0, (len(unknown) / len(words) if words else 0.0) - UNKNOWN_FLOOR),
        FOREIGN_SCALE * max(0.0, foreign_share - FOREIGN_FLOOR),
        float(_about_student(response, metadata)),
        float(bool(_ADDRESSED.search(response))),
        RARE_INDICATOR_SCALE * float(not says_mathematics(response)),
        RARE_INDICATOR_SCALE * float(_puts_off(response, moment)),
    ]


def _sentences_order_gain(response: str, model: TrigramModel) -> float:
    """The order gain of a turn of two sentences or more read a sentence at a time, each from the start of a turn to
    its end. Read whole, the trigram carries one sentence's last words into the next one's first ("Could the answer
    be bigger than 5? Why or why not?": -0.46 nats a token, each sentence alone 0.07 and 0.31); a turn in no writer's
    order is out of order within its sentences too: of the 3,126 real turns of MRBench dev and MathDial, none changes
    side of the floor (3 stay below it, less far), nor does any of round 25's shuffled, reversed or salad talkers'
    turns; round 26's sanity-check questions fell below it in 13 % of turns, none this way."""
    parts = [tokens for sentence in _SENTENCE_BREAK.split(response) if (tokens := lm_tokens(sentence))]
    if len(parts) < 2:
        return -math.inf
    gains = [(sum(trigram) - sum(unigram), len(trigram)) for trigram, unigram in map(model.logprobs, parts)]
    return sum(gain for gain, _ in gains) / sum(count for _, count in gains)


@cache
def tutor_talk_words() -> frozenset[str]:
    """Words (`degenerate.tokens`) that tutors bring to a moment themselves in `TALK_WORD_CONVERSATIONS` conversations
    or more: the MathDial teachers of the judge-train problems, and the MRBench dev responses that annotators credit
    with guidance or mistake identification (each conversation counts a word once, so no response makes a word tutor
    talk by itself)."""
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.splits import is_judge_train_problem
    from trtutor.scorers.offline.degenerate import tokens
    from trtutor.scorers.offline.rubric_judges import labelled_rows

    brought: dict[str, set[str]] = defaultdict(set)
    for conversation in load_conversations()[0]:
        if not is_judge_train_problem(conversation.qid):
            continue
        said = set(tokens(conversation.question)) | set(tokens(conversation.student_incorrect_solution))
        for turn in conversation.turns:
            words = set(tokens(turn.text))
            if turn.speaker == "teacher":
                for word in words - said:
                    brought[word].add(conversation.qid)
            said |= words
    credited = ("Yes", "To some extent")
    for conversation, _, response, labels in labelled_rows():
        if labels.get("Providing_Guidance") in credited or labels.get("Mistake_Identification") in credited:
            said = set(tokens(conversation.problem or "")) | {
                w for turn in conversation.turns for w in tokens(turn.text)
            }
            for word in set(tokens(response)) - said:
                # the files share conversations under other ids: a conversation is its turns
                brought[word].add(" ".join(turn.text for turn in conversation.turns))
    return frozenset(word for word, where in brought.items() if len(where) >= TALK_WORD_CONVERSATIONS)


def things_named(text: str) -> set[str]:
    """The words and numbers of `text` (`degenerate.tokens`) that name a thing of a story, not of tutoring: neither
    function words, tutor talk (`tutor_talk_words`) nor mathematics ("Jenna", "strawberry", "120"; not "job", "add",
    "total")."""
    from trtutor.scorers.offline import degenerate

    function_words = degenerate.development_vocabulary().function_words
    talk, mathematics = tutor_talk_words(), _mathematics_tokens()
    return {token for token in degenerate.tokens(text) if token[0].isdigit() or (
        token not in function_words and token not in talk and token not in mathematics and len(token) > 2
    )}  # fmt: skip


def things_new_to_the_moment(text: str, metadata: Mapping[str, Any]) -> set[str]:
    """`things_named` of a turn that nothing of its moment says (the problem, the conversation, the student's work,
    the solution)."""
    return things_named(text) - set(_moment_tokens(metadata))


def foreign_words(response: str, metadata: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(foreign, content): the turn's content words (`degenerate.tokens`, neither numbers nor function words) and
    those of them foreign to its moment: not said in the problem, the conversation or the student's solution, and
    neither tutor talk (`tutor_talk_words`), mathematics, nor a typo of an English word ("questin"). A sentence that
    asks how many or how much brings no foreign word, nor, in a turn that poses a problem (asks that, names or writes
    arithmetic, or asks a question with a number of its own, not one of the conversation's), does a sentence with a
    number: their new words make the analogy tutors use ("If I had 52 apples, and half were green and half were red,
    how many apples would I have?", "Picture a box of 21 stickers: if you use up 3, which operation tells you what
    remains?"). Small talk with the conversation's own numbers poses no problem ("Would your family ever bake 5 cakes
    or 12 pies on a rainy day?"). Words the turn quotes of its moment are not its own (`without_quotes_of`). With no
    problem statement (MRBench's Bridge conversations) what is foreign cannot be told: none is."""
    from trtutor.scorers.offline import degenerate

    if not str(metadata.get("problem") or "").strip():
        return [], []
    response, stem = degenerate.plain_turn(response), degenerate._stem
    function_words = degenerate.development_vocabulary().function_words
    moment = set(_moment_tokens(metadata))
    response = without_quotes_of(response, moment)
    known = (moment, tutor_talk_words(), _mathematics_tokens())  # looked up apart: no union built for every turn
    said = degenerate.tokens(response)
    invents_a_quantity = "?" in response and any(degenerate._is_number(token) and token not in moment for token in said)
    poses_a_problem = (
        bool(_QUANTITY_QUESTION.search(response) or degenerate.ARITHMETIC.search(response))
        or not degenerate.ARITHMETIC_WORDS.isdisjoint(said)
        or invents_a_quantity
    )  # fmt: skip
    foreign, content = [], []
    for sentence in _SENTENCE_BREAK.split(response):
        # a number word is a number, as digits are ("twenty-six plus forty-six": round 55's honest talker)
        words = [word for word in _WORD.findall(sentence.lower())
                 if stem(word) not in function_words and word not in ENGLISH_NUMBER_WORDS]  # fmt: skip
        content += [stem(word) for word in words]
        if _QUANTITY_QUESTION.search(sentence) or (poses_a_problem and _says_a_number(sentence)):
            continue
        foreign += [stem(word) for word in words if not _known_inflection(stem(word), known) and not _typo(word)]
    return foreign, content


_QUANTITY_QUESTION = re.compile(r"\bhow (?:many|much)\b", re.IGNORECASE)
_QUOTE = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d')
# a quote of the moment: at least this many words, nearly all of them said before the turn
MIN_QUOTED_WORDS = 2
QUOTED_SHARE = 0.8


def without_quotes_of(response: str, moment: set[str]) -> str:
    """The turn less its quotes of the moment's words (`moment`: `_moment_tokens`), each a space: what the student or
    the problem said is not the tutor's own word, nor a problem the tutor poses. A quote makes any remark name its
    moment ('"the amount they" - my best friend wrote those exact words in a card once. Have you ever been in a
    play?': adversary round 42), whatever the tutor's own words are about."""
    from trtutor.scorers.offline.degenerate import tokens

    def drop(match: re.Match[str]) -> str:
        words = tokens(match.group())
        said = sum(word in moment for word in words)
        return " " if len(words) >= MIN_QUOTED_WORDS and said >= QUOTED_SHARE * len(words) else match.group()

    return _QUOTE.sub(drop, response)


def _says_a_number(sentence: str) -> bool:
    from trtutor.answers import NUMBER_WORD_PATTERN

    return bool(re.search(rf"\d|\b(?:{NUMBER_WORD_PATTERN})\b", sentence, re.IGNORECASE))


def _typo(word: str) -> bool:
    """Not an English word, but one slip from one ("questin", "teh", "mroe")."""
    from trtutor.scorers.offline.english_words import english_words, one_slip

    english = english_words()
    return len(word) >= 3 and word.isalpha() and word not in english and not one_slip(word).isdisjoint(english)


def _known_inflection(word: str, known: tuple[set[str] | frozenset[str], ...]) -> bool:
    """The word, or the word without an ending English adds ("spotting" is "spot"'s, "originally" "original"'s), in
    one of the `known` vocabularies."""
    from trtutor.scorers.offline.response_judges import _stems

    stems = [word, *_stems(word)]
    stems += [stem[:-1] for stem in stems if len(stem) > 3 and stem[-1] == stem[-2]]  # "spott" is "spot"
    return any(stem in vocabulary for vocabulary in known for stem in stems)


def _moment_tokens(metadata: Mapping[str, Any]) -> list[str]:
    """The words said before the turn (no speaker labels), and the problem's solution."""
    from trtutor.scorers.offline.degenerate import _moment, _moment_text, tokens

    problem, history, solution, students, _ = _moment(metadata)
    said = [_moment_text(problem, history, solution), *students, str(metadata.get("ground_truth") or "")]
    return tokens("\n".join(said))


@cache
def _mathematics_tokens() -> frozenset[str]:
    from trtutor.scorers.offline.degenerate import ARITHMETIC_WORDS, tokens

    return frozenset(tokens(" ".join(_MATH_WORDS | ARITHMETIC_WORDS)))


# Words that cannot stand alone as an item of a list: pronouns, determiners, prepositions, conjunctions, question
# words and auxiliaries ("a", "b" and "i" are left out: letters and numerals name choices and steps)
_FUNCTION_WORDS = frozenset(
    "an the this that these those which what who whom whose where when why how from to of in on at by with into onto "
    "for about than as if because since while although though whether is are was were be been being am do does did "
    "has have had will would shall should can could may might must it its they them their he him his she her we us "
    "our me my you your".split()
)
_LIST_ITEM = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")


def lists_keywords(text: str) -> bool:
    """The turn holds a list no writer makes: three or more one-word items in a row, separated by commas, of which
    one is a function word ("Check: when, spoons, 9, bought, house?") or one word is two among three or more
    ("candy, pounds, spend, spend"; not "No, no, no!"). Keyword salad written as a list has no word order to
    lose, so `least_order_advantage` cannot see it. One turn of 4,018 real ones has such a list (a count down,
    "..., 16, 15, an", cut off mid-word)."""
    for sentence in re.split(r"(?<=[.!?:;])\s+", text.lower()):
        run: list[str] = []
        for part in [*sentence.split(","), ""]:
            item = re.sub(r"^(?:and|or)\s+", "", part.strip(" .?!:;\"'()"))
            if _LIST_ITEM.fullmatch(item):
                run.append(item)
                continue
            words = [item for item in run if item[0].isalpha()]
            repeated = len(set(words)) < len(words) and len(set(run)) >= 3  # not "No, no, no!"
            if len(run) >= 3 and (_FUNCTION_WORDS.intersection(words) or repeated):
                return True
            run = []
    return False


# an instruction speaks to the student without naming them: a sentence that opens (past a word or two of lead-in) on
# a verb of doing the mathematics ("Nearly. To start, add 12 and 3 and compare.", "Check the second line.")
_IMPERATIVE = re.compile(
    r"(?:^|[.!?:;]\s+)(?:(?:now|so|ok|okay|first|next|then|please|nearly|good|right|well|again|to start|to begin|"
    r"first of all|this time)[,.!]?\s+)*(?:add|subtract|multiply|divide|take|try|look|check|go|think|remember|start"
    r"|compare|count|read|reread|re-read|write|find|work|tell|show|explain|use|put|draw|consider|notice|keep|double"
    r"|halve|recheck|see|note|focus|list|break|split|share|estimate|round|calculate|figure|have|make|imagine|picture"
    r"|pretend|begin|continue|redo|fix|correct|plug|substitute|test|verify|label|circle|underline)\b",
    re.IGNORECASE,
)


# a word said twice in a row ("now now", "12 12"); "that that", "had had" and a repeated "no" or "very" are English
_DOUBLED = re.compile(r"\b([a-z]+(?:'[a-z]+)?|\d+)\s+\1\b", re.IGNORECASE)
_DOUBLED_IN_ENGLISH = frozenset({"that", "had", "no", "very", "ha", "bye", "so", "really", "far"})


_RUN_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*", re.IGNORECASE)


def _says_a_run_twice(text: str) -> bool:
    """A run of two to five words said twice in a row, nothing but a space or an ellipsis between the two ("do
    cupcakes cost do cupcakes cost", "together costs $5 together costs $5", "with your calculator... with your
    calculator"), with two words of two letters or more in it: arithmetic repeats its terms ("2 x 2 x 13", "3 plus 3
    plus 6"), a list its items ("Carmen, other person, Carmen, other person"), English its comparisons ("bigger and
    bigger")."""
    matches = list(_RUN_TOKEN.finditer(text))
    tokens = [match.group(0).lower() for match in matches]
    for length in range(2, 6):
        for start in range(len(tokens) - 2 * length + 1):
            run = tokens[start : start + length]
            if run != tokens[start + length : start + 2 * length]:
                continue
            between = text[matches[start + length - 1].end() : matches[start + length].start()]
            span = text[matches[start].start() : matches[start + 2 * length - 1].end()]
            words = {token for token in run if token.isalpha() and len(token) >= 2}
            if (re.fullmatch(r"\s*(?:\.\.\.|…)?\s*", between) and not re.search(r"[,;:]", span)
                    and len(words) >= 2 and words - ENGLISH_STOP_WORDS):  # fmt: skip
                return True
    return False


def stutters(text: str) -> bool:
    """Two words or more of the turn are each said twice in a row ("And now now add the time time ..."), or a run of
    words is ("do cupcakes cost do cupcakes cost per dozen"): no writer's stutter (of 5,030 real turns of MRBench, the
    BEA test file and MathDial, none has two words doubled, 2 a run: "to do that we need we need to focus")."""
    doubled = [match for match in _DOUBLED.finditer(text) if match.group(1).lower() not in _DOUBLED_IN_ENGLISH]
    return len(doubled) >= 2 or _says_a_run_twice(text)


# two pieces of one word written apart ("multi ply", "to gether", "tot al"): the whole a word of English, a piece not
_PIECES = re.compile(r"(?=\b([a-z]{2,}) ([a-z]{2,})\b)")


def splits_words(text: str) -> bool:
    """Is a word of the turn written in two pieces, the whole a word of six letters or more (English, or the tutors',
    students' and problems' words) and a piece no word of either ("Now multi ply the boxes", "add them to gether";
    not "in to", "home work", "re read", "line up", "per cent", "there fore", "your self", nor "sub tract", whose
    pieces are words too)? Of 5,478 real tutor turns (MathDial's teachers, every bundled MRBench file), none; a talker
    that breaks words up mid-word does in most turns it touches."""
    from trtutor.scorers.offline.english_words import english_words

    known, english = tutor_language().known_words, english_words()

    def a_word(word: str) -> bool:
        return word in known or word in english

    return any(
        len(first + second) >= 6 and not (a_word(first) and a_word(second)) and a_word(first + second)
        for first, second in (match.groups() for match in _PIECES.finditer(text))
    )


# a function word capitalised inside a sentence, after a lower-case word or a comma: no writer capitalises "the",
# "okay" or "you" there, but a turn cut into pieces and put back in another order keeps the capital of each piece's
# first word ("... when setting Okay - you've overcomplicated this"); real turns: MRBench dev's 0 of 815, MathDial's
# teachers' 11 of 2,311 (typing: "Right, There are 3200 turtles")
CAPITALISED_FUNCTION_WORD = (
    r"(?:The|An?|And|Or|But|So|If|Then|That|This|These|Those|It|Its|We|You|Your|He|She|They|Them|His"
    r"|Her|Their|Our|Is|Are|Was|Were|Be|Have|Has|Had|Do|Does|Did|Can|Could|Would|Should|Must|Of|To|In|On|At|For"
    r"|With|From|By|As|Not|No|Yes|How|What|Which|Who|When|Where|Why|There|Here|Now|Let's|Lets|Let|Okay|Ok|Great"
    r"|Good|Well)\b"
)
_CAPITALISED_INSIDE = re.compile(r"(?<=[a-z,;]) +" + CAPITALISED_FUNCTION_WORD)


def capitalised_inside(text: str) -> bool:
    """Does a sentence of the turn capitalise a function word after its first word (`_CAPITALISED_INSIDE`)?"""
    return bool(_CAPITALISED_INSIDE.search(text))


# a statement that ends on a word that needs another after it: an article, a possessive, a conjunction, a subject
# pronoun, "what", "where", "which", "will", "to", "by" or an operator ("The 5% is multiplied by the.", "How many
# mini doughnuts did we.", "Yes, 3 x."); not another preposition, which English ends sentences on ("Label what each
# number stands for."), nor "how", "can", "be", "many" or "times", which it ends on too ("I can show you how.",
# "Explain it as clearly as you can.", "That's what the total should be.", "Add 6 three times.")
_NEEDS_ANOTHER = frozenset(
    "a an the and or but because if than my your their our its we he she they i how what where which be will can many "
    "to by of with from in on at for".split()
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_UNFINISHED = re.compile(
    r"(?:(?:^|[\s(])(?:a|an|the|and|or|but|because|if|than|my|your|their|our|its|let's|lets|we|he|she|they|i|what"
    # one full stop or "!": an ellipsis is the writer trailing off or a blank to fill ("If we take the... hmm",
    # "So 12 + 3 = ..."), not a sentence cut
    r"|where|which|will|to|by|plus|minus)|\d\s*(?:x|times)|[=+*×÷])\s*(?:\.|!+)\s*$",
    re.IGNORECASE,
)


# a clause or a question that ends on a word that cannot end one, an article, a possessive determiner or "than", or
# on an operator ("$5 more than the, But remember the, is shoe shopping?", "Toula spent $68 x, bought 3 dozen",
# "... went to the?"): keyword salad in chunks of a few words joined by commas (adversary round 37). Not "times" ("add
# 3 minutes, 3 times,") nor "*" (markdown's "*over 280 days*,"), nor "= ?" (a calculation left for the student).
# Real turns: none of MRBench's (V1, V2, BEA dev and test files) and MathDial's teachers'.
_CLAUSE_CUT = re.compile(
    r"(?:^|[\s(])(?:a|an|the|my|your|their|our|its|than)\s*[,;:?]|(?:\d\s*x|[=+×÷])\s*[,;:]", re.IGNORECASE
)
# the turn's last word, with no mark after it, is one that needs another: "... had to start the"
_CUT_AT_THE_END = re.compile(r"(?:^|[\s(])(?:a|an|the|my|your|their|our|its|than|and|or|but|because|if)\s*$",
                             re.IGNORECASE)  # fmt: skip
# a piece cut from running text: it begins with a lower-case word and ends with no mark, though it marks the sentences
# inside it ("you might have forgotten. You already did many things right but let's focus on one detail start where
# she left off? When the download was interrupted ..., did Carla": each sentence's words rotated)
_BEGINS_LOWER = re.compile(r"\s*[a-z]")
_ENDS_MARKED = re.compile(r"[.?!:)\"'”…]\s*$")
_MARKS_A_SENTENCE = re.compile(r"[.?!]\s+[A-Z]")
# a texting tutor's opener, typed in lower case: "ok. She used three of the 5 how many left" begins no mid-sentence
_OPENS_CASUALLY = re.compile(
    r"\s*(?:ok|okay|k|so|yes|yeah|yep|yup|no|nope|right|well|hmm+|um+|oh|ah|great|good|nice|cool|hi|hey|hello|sure"
    r"|alright|thanks|thank you|sorry|wow|perfect|correct)\b",
    re.IGNORECASE,
)


def unfinished(text: str) -> bool:
    """A statement of the turn ends on a word that needs another after it (`_UNFINISHED`), a clause or a question
    ends on an article, a determiner or an operator (`_CLAUSE_CUT`), the turn stops on such a word with no mark
    (`_CUT_AT_THE_END`) or inside a word (`stops_mid_word`), it is a piece cut from running text, begun and ended
    inside a sentence (`cut_from_running_text`), or pieces that trail off (`trails_off`): a sentence cut off. Real
    tutors leave one in at most 6 % of their turns (a calculation left for the student, "So 12 divided by 4 =."; an
    MRBench tutor's turn cut off)."""
    if stops_mid_word(text) or _CLAUSE_CUT.search(text) or _CUT_AT_THE_END.search(text):
        return True
    if cut_from_running_text(text) or trails_off(text):
        return True
    return any(_UNFINISHED.search(sentence) for sentence in _SENTENCE_BREAK.split(text) if sentence.strip())


_TRAILS = re.compile(r"\.{3,}|\u2026")


def trails_off(text: str) -> bool:
    """The turn is pieces broken off by ellipses, four or more, all but one of at most four words: no sentence is said
    ("So... the 5 fewer... then... the 20 video... hmm?", round 49). None of the 5,030 real tutor turns we hold is;
    tutors' ellipses pause a sentence ("Okay, let me rephrase that... how many balls went into the audience?")."""
    pieces = [piece.strip() for piece in _TRAILS.split(text)]
    return len(pieces) >= 4 and sum(len(piece.split()) > 4 for piece in pieces) <= 1


def cut_from_running_text(text: str) -> bool:
    """The turn begins with a lower-case word that is no casual opener ("ok", "yes", "nice": `_OPENS_CASUALLY`) and
    ends with no mark, though it marks a sentence inside it: it begins and ends mid-sentence. 8 of 5,478 real turns
    (MRBench's four files, MathDial's teachers) do, each a teacher who types the first word in lower case and leaves
    the last mark out ("look back at you intial equation. You said that two white socks cost x + 0.25"); a turn whose
    sentences' words are rotated does in 41 % of its turns."""
    return (
        bool(_BEGINS_LOWER.match(text))
        and not _OPENS_CASUALLY.match(text)
        and not _ENDS_MARKED.search(text)
        and bool(_MARKS_A_SENTENCE.search(text))
    )


_LAST_WORDS = re.compile(r"(?:([A-Za-z]+)\W*\s+|[^A-Za-z\s]\s*|\s+)([A-Za-z]+)$")
# one or two letters that end a turn after a word that needs another are no word of it: "the s", "starting w"
_SHORT_WORDS = frozenset("a i x it is us up me so no to on in of at go do be he we am an as or by my ok oh hi".split())
# abbreviations that end a turn whole: units ("Give your answer in cm") and texting ("... btw")
_ABBREVIATIONS = frozenset(
    "cm mm km kg mg ml ft yd mi lb lbs oz hr hrs min mins sec secs btw fyi lol imo tbh thx pls plz ok okay".split()
)


def stops_mid_word(text: str) -> bool:
    """The turn stops, with no mark after it, inside a word (a reply cut at its length limit: "We know Julia has 12
    s", "She used three of th"): its last word is no English word nor a word tutors write (nor one slip from one),
    or one or two letters that are no word after a word that needs another ("the s"; after a number they may be a
    unit, "5 m"); a name may end a turn ("Well done, Zephyr"). Of 4,466 real turns (MRBench V1 and V2 dev, the BEA
    2025 test file, every MathDial teacher turn) 3 end so, each on a typo ("if they are the sme", "try that agin")."""
    from trtutor.scorers.offline.degenerate import development_vocabulary, is_known_word

    if not (match := _LAST_WORDS.search(text.rstrip())):
        return False
    before, last = (match.group(1) or "").lower(), match.group(2)
    if last[0].isupper():
        return False  # a name ("Well done, Zephyr")
    if last.lower() in _ABBREVIATIONS:
        return False
    known = development_vocabulary().known_words
    if not is_known_word(last, known) and not is_known_word(last.removesuffix("s"), known):
        return True
    return len(last) <= 2 and last not in _SHORT_WORDS and before in _NEEDS_ANOTHER


# The first person doing the student's steps or in the student's trouble, in a sentence that does not speak to anyone
# else ("you"): "I subtracted 3 from 12", "Is that where I went wrong?", "I'm stuck", "My answer is 9". A tutor's
# first person thinks aloud, shows its own working or asks ("When I solved one like this, I added up what we know",
# "I'm not sure how you got 9", "am I right?"); MathDial's students say this in 17 % of their turns.
_STUDENT_VOICE = re.compile(
    r"\bI\s+(?:first\s+|then\s+|just\s+)?(?:subtracted|added|multiplied|divided|took away|got)\s+[$€£]?\d"
    r"|\bwhere I went wrong\b|\bwhat (?:did|have) I (?:do|done) wrong\b"
    r"|\b(?:did|have) I (?:do|get|got|done) (?:it|this|that) (?:right|wrong)\b|\bI(?:'m| am) stuck\b"
    r"|\bI (?:don't|do not) get it\b|\bmy (?:final )?answer (?:is|was)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|yours)\b", re.IGNORECASE)


def speaks_as_the_student(response: str) -> bool:
    """A sentence of the turn whose first person does the student's steps or is in the student's trouble, speaking to
    no one else (`_STUDENT_VOICE`): a talker that writes the student's turn, not the tutor's."""
    return any(_STUDENT_VOICE.search(sentence) and not _SECOND_PERSON.search(sentence)
               for sentence in _SENTENCE_BREAK.split(response))  # fmt: skip


def addresses_the_student(response: str) -> bool:
    """The turn speaks to the student: a word of the second person or of "we" ("you", "let's", "us"), a question, or
    an instruction (a sentence that opens on a verb of doing the mathematics: "Add 12 and 3.")."""
    return bool(_ADDRESSED.search(response)) or "?" in response or bool(_IMPERATIVE.search(response.strip()))


def says_mathematics(response: str) -> bool:
    """A number (digits or words) or a word of `_MATH_WORDS` in the turn."""
    from trtutor.answers import NUMBER_WORD_PATTERN

    token_list = lm_tokens(response)
    if NUMBER in token_list or re.search(rf"\b(?:{NUMBER_WORD_PATTERN})\b", response, re.IGNORECASE):
        return True
    return any(token in _MATH_WORDS for token in token_list)


def without_asides(response: str, metadata: Mapping[str, Any]) -> str | None:
    """The turn without its asides, or None when it has none. An aside is a sentence with no number whose words are
    all foreign to the moment (`foreign_words`: not said in the problem, the conversation or the solution, and neither
    tutor talk nor mathematics): "Take a deep breath.", "Stay calm.". It can calm, but it cannot take away the
    guidance or the mistake named by the rest of the turn, where the rest speaks of the mathematics (a number, a word
    of `_MATH_WORDS` or a content word of the moment: a question left alone by an off-topic remark, "Have you seen
    one?", has nothing to read). Asides of the words tutors say at any moment ("Try rereading the problem.", "Keep
    practicing, you're doing great!") stay: MRBench's annotators read them with the rest (left out too, 11 dev
    `socratic` verdicts moved, 5 of them away from the annotators)."""
    from trtutor.scorers.offline import degenerate
    from trtutor.scorers.offline.leakage import sentences

    parts = [part.strip() for part in sentences(response)]

    def aside(sentence: str) -> bool:
        foreign, content = foreign_words(sentence, metadata)
        return bool(content) and len(foreign) == len(content) and not _says_a_number(sentence)

    kept = [part for part in parts if not aside(part)] if len(parts) >= 2 else parts
    if not kept or len(kept) == len(parts):
        return None
    reading = " ".join(kept)
    said, moment = lm_tokens(reading), set(_moment_tokens(metadata))
    content = degenerate.development_vocabulary().content(degenerate.tokens(reading))
    if NUMBER in said or not _MATH_WORDS.isdisjoint(said) or not moment.isdisjoint(content):
        return reading
    return None
