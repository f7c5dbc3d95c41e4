"""Tutor turns of classes MRBench's annotators reject, generated from the labelled development conversations.

The learnt judges (`response_judges.py`, `rubric_judges.py`) see only real tutors' responses in the human labels,
so a text no tutor writes -- a real turn's words shuffled, the conversation's keywords thrown together, an off-topic
remark, a refusal or a note about the student with a word of the problem put in -- lies outside what they learnt, and
they credit it by its words. These generators make such turns for each labelled moment, each with the label the
annotators' guideline (`shared/data/mrbench/annotation_guideline.txt`) gives it on each dimension it settles:

- nothing of them identifies or locates a mistake, guides, says what to do next, or follows from the student's
  turn (Mistake_Identification, Mistake_Location, Providing_Guidance, Actionability, Coherence: "No");
- they reveal no answer ("No") unless they state this problem's final answer, and then that dimension is left out;
- an off-topic remark, a refusal or a note about the student is "Neutral" in tone; text no person writes
  (shuffled, reversed, salad, scrambled letters) is not humanlike ("No");
- a real turn of another conversation keeps its own tone and humanness, which do not depend on the moment;
- the student's wrong answer called right ("Great job! 4 is correct. Let's move on to the next problem."), made only
  where the student's answer as it stands is wrong: it identifies no mistake and gives no guidance ("No" on the
  first four; MRBench's dev tutors' 20 such turns are all "No" guidance, 19 "No" mistake identification); its
  coherence, tone and humanness are left out.

A dimension a class does not settle (the tone of a shuffled turn) is left out, so the judge of that dimension does
not learn from it. Fillers and generic questions ("Okay.", "What do you think?") are not generated: said once, at
one moment, annotators may credit them (issue 25's ruling), and as negatives they taught the judges to refuse real
short questions ("Could you explain how you got 4?": the Expert's `socratic` fell 0.02 and the tutor Spearman 0.06);
said at every moment they are a strategy, which `strategy` flags. Templates are combined at random with a fixed seed;
the held-out batteries that test the judges use other generators.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from trtutor.answers import find_numbers, format_number
from trtutor.data.mathdial import moment_student_name

SOURCE_LABEL = "<source>"  # this dimension's label is the source response's own (a turn of another conversation)
NO_CREDIT = ("Mistake_Identification", "Mistake_Location", "Providing_Guidance", "Actionability", "Coherence")
KINDS = (
    "shuffled",
    "reversed",
    "keyword_salad",
    "off_topic",
    "refusal",
    "narration",
    "unreadable",
    "other_conversation",
    "approval",
)
# The negatives are a sample of the rejected classes, and their class weighs a fixed share of the labels however many
# there are (`response_judges.NEGATIVE_WEIGHT`): more of them, each lighter, make the judges depend less on the seed.
# With 4 a moment, four seeds moved socratic macro-F1 over 0.735-0.745 and the MRBench Expert's socratic gap over
# -0.053 to -0.063; with 12, 0.741-0.744 and -0.053 for all four (first use: about 3 s more on 2 cores).
NEGATIVES_PER_MOMENT = 12
SEED = 25
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
_FUNCTION = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these "
    "those there their they them he she his her him you your we our us i me my so not no do does did how what which "
    "who why when where can could would should will shall may might must has have had than then also just each every "
    "some any all many much more most very too into out up down over about after before again once only own same "
    "student teacher tutor".split()
)

# Off-topic remarks: a subject, something said about it, and a frame; a word of the problem goes in a slot.
_TOPICS = (
    "the weather this weekend", "my cousin's birthday party", "the football match last night", "a documentary about "
    "sharks", "the new library downstairs", "my favourite pizza place", "the school bus schedule", "a video game I "
    "played", "the recycling rules", "the science museum", "my grandmother's garden", "the holiday in the mountains",
    "the music festival", "the traffic on the bridge", "a novel about dragons", "the lunch menu", "the cat next door",
    "the swimming competition", "a trip to the seaside", "the phone I want to buy",
)  # fmt: skip
_COMMENTS = (
    "was really fun", "is supposed to be amazing", "made me laugh", "was on the news", "is getting more popular",
    "reminded me of summer", "took forever", "is something everyone talks about", "was a bit boring, honestly",
    "is my favourite thing this month",
)  # fmt: skip
_OFF_TOPIC_FRAMES = (
    "By the way, {topic} {comment}.",
    "Did you hear that {topic} {comment}?",
    "I was just thinking that {topic} {comment}.",
    "Fun fact: {topic} {comment}.",
    "Have you ever been to {topic}?",
    "What do you like most about {topic}?",
    "Honestly, {topic} {comment}, don't you think?",
    "Let me tell you about {topic}: it {comment}.",
)
# Remarks on the story's people and things, not on the mathematics: the problem's quantities fill the slot.
_STORY_REMARKS = (
    "Wow, {word}! Someone must have had a busy day.",
    "Imagine carrying {word} all the way home!",
    "{word} -- that sounds like a lot to keep track of in real life.",
    "I wonder what colour {word} would be.",
    "Ha, {word}! That would make a funny picture.",
    "I bet nobody really counts {word} like that.",
)
_WORD_SLOTS = (
    "{text} It has {word} too.",
    "{text} Also {word}.",
    "Speaking of {word}, {lower}",
    "{text} Anyway, {word}.",
    "{word}! {text}",
    "{text} Just like {word}.",
)
_REFUSALS = (
    "I'm sorry, but I can't help with {that}.",
    "Sorry, I am not able to assist with {that}.",
    "I cannot answer {that}, I'm afraid.",
    "As an AI, I'm unable to discuss {that}.",
    "Unfortunately I won't be able to help you with {that} right now.",
    "I'd rather not get into {that}.",
    "That is outside what I can do, so I will not respond to {that}.",
    "I apologise, but {that} is not something I can help with.",
)
_REFUSAL_OBJECTS = ("that", "this request", "questions about {word}", "the {word} question", "{word}", "this one")
_REFUSAL_TAILS = ("", " Please ask someone else.", " Is there anything else?", " Try another source.", " Sorry.")
# Deferrals put the tutoring off: to another time, to someone else, until the tutor has thought or is back, or for a
# break; half of the refusals are one.
_DEFERRALS = (
    "Let's save {that} for another day.",
    "We can come back to {that} some other time.",
    "I think {that} should wait until our next session.",
    "We won't get to {that} today, I'm afraid.",
    "Leave {that} for now; we're nearly out of time.",
    "Your teacher can go over {that} with you tomorrow.",
    "Maybe a classmate can explain {that} to you.",
    "I'm going to skip {that} for today.",
    "Look {that} up later, it's all in the textbook.",
    "You can finish {that} at home without me.",
    "Let me think about {that} for a while before I say anything.",
    "Hang on, I'm still reading about {that}.",
    "Give me a minute with {that}; I'll get back to you.",
    "Keep looking at {that} while I make a cup of tea. Back soon!",
    "You carry on with {that}; I need to answer an email first.",
    "Let's have a short break from {that}. Did you do anything fun at the weekend?",
    "Time for a breather from {that}. What's your favourite film?",
)
_DEFERRAL_TAILS = ("", " Let's stop here.", " See you next week!", " Bye for now.", " Good luck.")
_NARRATORS = ("The student", "This student", "The learner", "This learner", "The pupil", "The child", "Our student")
_NARRATIONS = (
    "{who} seems confused about the {word}.",
    "{who} is struggling with {word} and needs more practice.",
    "{who} made an error with the {word}.",
    "{who} has not understood how the {word} works yet.",
    "{who} got the {word} part wrong, as expected.",
    "{who} should probably review {word} later.",
    "I think {who_lower} does not really get {word}.",
    "Note to self: {who_lower} answered about the {word} too quickly.",
    "{who} wrote something about {word}, which is typical.",
    "It looks like {who_lower} guessed the {word}.",
    # what the student does, not what they think: nothing of the mathematics, one word of the problem
    "{who} is reading the {word} sentence again and again.",
    "{who} has put the pencil down next to the {word}.",
    "{who} keeps looking at the {word} and then at the door.",
    "{who} wrote the word {word} in big letters and drew a circle around it.",
    "{who} is colouring in the {word} on the worksheet.",
    "{who} pointed at the {word} and laughed.",
    "{who} is whispering to a friend about the {word}.",
    "{who} asked for a break right after reading about the {word}.",
    "{who} has been quiet since the {word} came up.",
    "{who} is playing with an eraser shaped like a {word}.",
)
# The student's wrong answer called right: an approval, a call of the number, and what a tutor says once an answer
# stands (moving on, writing it down, praise); the number as the student said it.
_APPROVALS = ("Great job!", "Well done!", "Perfect!", "Excellent!", "That's right!", "Correct!", "Nice work!",
              "Spot on!", "Brilliant!", "Awesome!", "Fantastic!")  # fmt: skip
# Not "You got it!" nor "I got 4 too": their words are those of a probing question ("How did you get 4?", "Walk me
# through how you got it."), which the judges must not learn to refuse.
_CALLS = ("{n} is correct.", "{n} is right.", "{n} is the right answer.", "Your answer of {n} is correct.",
          "{n} checks out.", "{n} is exactly it.", "{n} matches my answer.", "The answer is indeed {n}.")  # fmt: skip
_AFTER_APPROVAL = ("", " Let's move on to the next problem.", " Write it down as your final answer.",
                   " Keep up the good work!", " Ready for the next one?", " You should be proud of yourself.",
                   " Now let's try a harder one.", " You really understand this.")  # fmt: skip


@dataclass(frozen=True)
class Moment:
    """A labelled moment: its sample metadata, its group (fold), and the real responses given there."""

    metadata: Mapping[str, Any]
    group: int
    responses: tuple[str, ...]


@dataclass(frozen=True)
class Negative:
    """A generated turn for `metadata`'s moment, and the label it earns on each dimension the guideline settles."""

    kind: str
    response: str
    metadata: Mapping[str, Any]
    group: int
    labels: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the real response it was made from, where its labels depend on it


def generate_negatives(
    moments: Sequence[Moment], *, per_moment: int = NEGATIVES_PER_MOMENT, seed: int = SEED
) -> list[Negative]:
    """`per_moment` negatives for each moment, the kinds taken in turn across moments so each is about as common.

    A real turn of another conversation is taken only from a moment of the same group, so that a fold model never
    learns, as a negative, the text of a response it will be asked to score.
    """
    rng = random.Random(seed)
    negatives = []
    turn = 0
    for index, moment in enumerate(moments):
        for _ in range(per_moment):
            for attempt in range(len(KINDS)):
                kind = KINDS[(turn + attempt) % len(KINDS)]
                negative = _make(kind, moment, moments, index, rng)
                if negative is not None:
                    negatives.append(negative)
                    break
            turn += 1
    return negatives


def _make(kind: str, moment: Moment, moments: Sequence[Moment], index: int, rng: random.Random) -> Negative | None:
    words = _moment_words(moment.metadata)
    sources = [response for response in moment.responses if len(response.split()) >= 5]
    source = None
    if kind in ("shuffled", "reversed", "unreadable"):
        if not sources:
            return None
        source = rng.choice(sources)
        if kind == "shuffled":
            text = _shuffle(source, rng)
        elif kind == "reversed":
            text = " ".join(reversed(source.split()))
        else:
            text = _scramble_letters(source, rng)
    elif kind == "keyword_salad":
        if len(words) < 4:
            return None
        picked = rng.sample(words, min(len(words), rng.randint(4, 10)))
        text = " ".join(picked) + rng.choice(("", ".", "?", "!"))
        text = text[0].upper() + text[1:] if rng.random() < 0.5 else text
    elif kind == "approval":
        if (text := _approval(moment.metadata, rng)) is None:
            return None
    elif kind in ("off_topic", "refusal", "narration"):
        # one word of the problem: a number or a word of three letters or more
        problem_words = [
            w for w in _moment_words({"problem": moment.metadata.get("problem", "")}) if len(w) > 2 or w[0].isdigit()
        ]
        if not problem_words:
            return None
        quantities = _quantities(str(moment.metadata.get("problem", "")))
        # half of the time the problem's quantities ("the 12 spoons and 5 new spoons"), not one word of it
        word = _quantity_phrase(quantities, rng) if quantities and rng.random() < 0.5 else rng.choice(problem_words)
        if kind == "narration":
            text = _narration(word, rng, moment_student_name(moment.metadata))
        else:
            text = {"off_topic": _off_topic, "refusal": _refusal}[kind](word, rng)
    else:
        text, source = _other_conversation(moment, moments, index, rng) or ("", None)
        if not text:
            return None
    if text.strip() in {response.strip() for response in moment.responses}:
        return None
    return Negative(kind, text, moment.metadata, moment.group, _labels(kind, text, moment.metadata), source)


def _labels(kind: str, text: str, metadata: Mapping[str, Any]) -> dict[str, str]:
    labels = dict.fromkeys(NO_CREDIT, "No")
    if kind == "approval":
        del labels["Coherence"]  # it answers the student's turn, wrongly: the guideline does not settle it
    if not _states_final_answer(text, metadata):
        labels["Revealing_of_the_Answer"] = "No"
    if kind in ("off_topic", "refusal", "narration"):
        labels["Tutor_Tone"] = "Neutral"
    if kind in ("shuffled", "reversed", "keyword_salad", "unreadable"):
        labels["humanlikeness"] = "No"
    if kind == "other_conversation":
        labels["Tutor_Tone"] = labels["humanlikeness"] = SOURCE_LABEL
    return labels


def _states_final_answer(text: str, metadata: Mapping[str, Any]) -> bool:
    final = metadata.get("final_answer")
    if not final:
        return False
    return any(mention.value == Fraction(final) for mention in find_numbers(text))


def _moment_words(metadata: Mapping[str, Any]) -> list[str]:
    """The content words and numbers of the problem and the conversation, each once, in order of first use."""
    text = f"{metadata.get('problem', '')} {metadata.get('conversation_history', '')}"
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        if (word.lower() not in _FUNCTION and len(word) > 1) or word[0].isdigit():
            seen.setdefault(word.lower() if not word[0].isdigit() else word, None)
    return list(seen)


def _shuffle(text: str, rng: random.Random) -> str:
    words = text.split()
    shuffled = words[:]
    for _ in range(10):
        rng.shuffle(shuffled)
        if shuffled != words:
            break
    return " ".join(shuffled)


def _scramble_letters(text: str, rng: random.Random) -> str:
    def scramble(match: re.Match[str]) -> str:
        letters = list(match.group())
        rng.shuffle(letters)
        return "".join(letters)

    return re.sub(r"[A-Za-z]{3,}", scramble, text)


def _fill_word(text: str, word: str, rng: random.Random) -> str:
    slot = rng.choice(_WORD_SLOTS).format(text=text, word=word, lower=text[0].lower() + text[1:])
    return slot[0].upper() + slot[1:]


_QUANTITY = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s+([a-z]+)(?:\s+([a-z]{3,}))?")
_QUANTITY_JOINS = (" and ", " with ", " alongside ", ", then ", " plus ", " together with ")


def _quantities(problem: str) -> list[str]:
    """The problem's counts with what they count: "12 spoons", "5 new spoons" (an adjective keeps its noun)."""
    found = []
    for number, first, second in _QUANTITY.findall(problem):
        if first in _FUNCTION or len(first) < 3:
            continue
        found.append(f"{number} {first} {second}" if second and second not in _FUNCTION else f"{number} {first}")
    return list(dict.fromkeys(found))


def _quantity_phrase(quantities: Sequence[str], rng: random.Random) -> str:
    picked = rng.sample(list(quantities), min(len(quantities), rng.choice((1, 2, 2))))
    article = rng.choice(("", "the ", "all the ", "both the " if len(picked) == 2 else "those "))
    return article + rng.choice(_QUANTITY_JOINS).join(picked)


def _off_topic(word: str, rng: random.Random) -> str:
    if rng.random() < 0.4:
        text = rng.choice(_STORY_REMARKS).format(word=word)
        return text[0].upper() + text[1:]
    frame = rng.choice(_OFF_TOPIC_FRAMES)
    text = frame.format(topic=rng.choice(_TOPICS), comment=rng.choice(_COMMENTS))
    text = text[0].upper() + text[1:]
    return _fill_word(text, word, rng)


def _refusal(word: str, rng: random.Random) -> str:
    objects = _REFUSAL_OBJECTS if " " not in word else [o for o in _REFUSAL_OBJECTS if "the {word}" not in o]
    that = rng.choice(objects).format(word=word)
    if rng.random() < 0.5:
        text = rng.choice(_DEFERRALS).format(that=that) + rng.choice(_DEFERRAL_TAILS)
    else:
        text = rng.choice(_REFUSALS).format(that=that) + rng.choice(_REFUSAL_TAILS)
    text = text[0].upper() + text[1:]
    return text if word in text else _fill_word(text, word, rng)


def _narration(word: str, rng: random.Random, student: str = "") -> str:
    who = rng.choice(_NARRATORS + ((student,) if student else ()))
    text = rng.choice(_NARRATIONS).format(who=who, who_lower=who[0].lower() + who[1:], word=word)
    return text[0].upper() + text[1:]


def _approval(metadata: Mapping[str, Any], rng: random.Random) -> str | None:
    """The student's wrong answer, as they said it, called right; None when their answer is not wrong."""
    from trtutor.scorers.offline.false_statements import student_answer_is_wrong, student_latest_answer

    if not student_answer_is_wrong(dict(metadata)) or (latest := student_latest_answer(dict(metadata))) is None:
        return None
    said = [mention.text for mention in find_numbers(" ".join(metadata.get("student_utterances") or []))
            if mention.value == latest]  # fmt: skip
    call = rng.choice(_CALLS).format(n=said[-1] if said else format_number(latest))
    parts = [rng.choice(_APPROVALS), call] if rng.random() < 0.7 else [call, rng.choice(_APPROVALS)]
    text = " ".join(parts) + rng.choice(_AFTER_APPROVAL)
    return text[0].upper() + text[1:]


def _other_conversation(
    moment: Moment, moments: Sequence[Moment], index: int, rng: random.Random
) -> tuple[str, str] | None:
    """A real response of another moment of the same group that names something of its own moment and not of
    this one (a turn any moment fits, "Can you check your work?", is no mismatch)."""
    here = {word.lower() for word in _moment_words(moment.metadata)}
    candidates = [other for i, other in enumerate(moments) if i != index and other.group == moment.group]
    rng.shuffle(candidates)
    for other in candidates[:20]:
        there = {word.lower() for word in _moment_words(other.metadata)}
        for response in rng.sample(list(other.responses), len(other.responses)):
            said = {word.lower() for word in _WORD.findall(response)}
            if len(said & there - here - _FUNCTION) >= 2:
                return response, response
    return None
