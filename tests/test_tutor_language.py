"""The tutor language model and the generated negatives: the model tells real tutor turns from their shuffles, the
negatives train the judges but are never scored, and a shuffled or off-topic turn earns no guidance per turn."""

from __future__ import annotations

import random
import re

import pytest

import trtutor.scorers.offline.response_judges as response_judges
from benchmarks.degenerate_talkers import default_samples, score_talker
from tests.helpers import middle_shuffled
from trtutor.data.mrbench import moment_metadata
from trtutor.scorers.offline.false_statements import agrees_with_wrong_answer
from trtutor.scorers.offline.generated_negatives import KINDS, Moment, generate_negatives
from trtutor.scorers.offline.response_judges import text_key
from trtutor.scorers.offline.rubric_judges import labelled_rows
from trtutor.scorers.offline.tutor_language import (
    FEATURE_NAMES,
    ORDER_ADVANTAGE_FLOOR,
    language_features,
    least_order_advantage,
    lists_keywords,
    order_advantage,
    tutor_language,
)

DISORDER = FEATURE_NAMES.index("disorder")


def _shuffled(text: str, seed: int) -> str:
    words = text.split()
    random.Random(seed).shuffle(words)
    return " ".join(words)


@pytest.fixture(scope="module")
def mrbench_rows():
    return labelled_rows()


def test_word_order_separates_real_tutor_turns_from_their_shuffles(mrbench_rows):
    # MRBench's labelled responses: none of them is in the model's training turns
    pairs = [(response, moment_metadata(conversation)) for conversation, _, response, _ in mrbench_rows]
    pairs = [(response, meta) for response, meta in pairs if len(response.split()) >= 6]
    real = [language_features(response, meta)[DISORDER] for response, meta in pairs]
    shuffled = [language_features(_shuffled(response, i), meta)[DISORDER] for i, (response, meta) in enumerate(pairs)]
    reversed_ = [language_features(" ".join(reversed(r.split())), meta)[DISORDER] for r, meta in pairs]
    assert sum(d == 0 for d in real) / len(real) >= 0.98  # nearly every real turn reads in order
    # against its own shuffles, most shuffled turns show no order (the rest are caught over a talker's turns)
    assert sum(s > r for s, r in zip(shuffled, real, strict=True)) / len(pairs) >= 0.75
    assert sum(s > r for s, r in zip(reversed_, real, strict=True)) / len(pairs) >= 0.8


def test_a_turns_order_advantage_is_over_its_own_shuffles_so_rare_words_cost_nothing(mrbench_rows):
    responses = [response for _, _, response, _ in mrbench_rows if len(response.split()) >= 6]
    responses = [response for response in responses if order_advantage(response) is not None]  # 5 words or more
    real = [order_advantage(response) for response in responses]
    reversed_ = [order_advantage(" ".join(reversed(response.split()))) for response in responses]
    assert sum(a < ORDER_ADVANTAGE_FLOOR for a in real) / len(real) <= 0.02
    assert sum(a < ORDER_ADVANTAGE_FLOOR for a in reversed_) / len(reversed_) >= 0.7
    assert order_advantage("Good try!") is None  # too short to tell an order from chance
    assert order_advantage("Let's see: 5 x 14 = 70 and 70 / 5 = 14, so now you try?") > ORDER_ADVANTAGE_FLOOR
    assert order_advantage(responses[0]) == order_advantage(responses[0])  # seeded by the text: the same every run
    # words no tutor uses in a fluent sentence keep the order's advantage; the same words thrown together lose it
    fluent = "Do you think the zeppelin over the lighthouse would carry the marmalade?"
    assert order_advantage(fluent) > ORDER_ADVANTAGE_FLOOR > order_advantage(_shuffled(fluent, 0))


def test_a_turn_shuffled_only_in_its_middle_has_no_order_there(mrbench_rows):
    responses = [response for _, _, response, _ in mrbench_rows if len(re.findall(r"[A-Za-z]+", response)) >= 16]
    real = [least_order_advantage(response) for response in responses]
    half = [middle_shuffled(response, seed) for seed, response in enumerate(responses)]
    # 669 responses of 16 words or more: 3.9 % of them below the floor, 73 % of them half-shuffled
    assert sum(a < ORDER_ADVANTAGE_FLOOR for a in real) / len(real) <= 0.06
    assert sum(least_order_advantage(turn) < ORDER_ADVANTAGE_FLOOR for turn in half) / len(half) >= 0.65
    # the whole turn keeps about half of its order's advantage, so by the whole turn alone almost all pass (3.9 %)
    assert sum(order_advantage(turn) < ORDER_ADVANTAGE_FLOOR for turn in half) / len(half) <= 0.15
    # a turn of fewer than 10 words has no halves to read: its least advantage is the whole turn's
    short = "Can you tell me how many spoons she bought?"
    assert least_order_advantage(short) == order_advantage(short)
    assert least_order_advantage("Good try!") is None


@pytest.mark.parametrize(
    ("text", "salad"),
    [("Check: when, spoons, 9, bought, house?", True), ("Consider: candy, pounds, takes, spend, spend?", True),
     ("Remember: spoons, where, sample, from, next. What next?", True), ("We have apples, oranges, and pears.", False),
     ("Which is right: a, b, or c?", False), ("Count on: 5, 10, 15, 20.", False), ("Is it 3, 3, 3?", False),
     ("No, no, no! Look again.", False), ("So, what did you get?", False)],
)  # fmt: skip
def test_a_list_no_writer_makes(text, salad):
    assert lists_keywords(text) is salad


def test_the_language_model_never_saw_a_labelled_response(mrbench_rows):
    from trtutor.scorers.offline.tutor_language import training_turns

    trained = {text_key(turn) for turn in training_turns()}
    assert len(trained) > 1000
    assert not trained & {text_key(response) for _, _, response, _ in mrbench_rows}
    assert tutor_language().model.total > 15_000


def test_negatives_are_generated_by_class_with_the_guidelines_labels(mrbench_rows):
    moments: dict[str, Moment] = {}
    for conversation, _, response, _ in mrbench_rows[:120]:
        meta = moment_metadata(conversation)
        key = text_key(meta["conversation_history"])
        old = moments.get(key, Moment(meta, int(key, 16) % 5, ()))
        moments[key] = Moment(old.metadata, old.group, (*old.responses, response))
    negatives = generate_negatives(list(moments.values()))
    assert {negative.kind for negative in negatives} == set(KINDS)
    # off-topic remarks, refusals and narrations carry the problem's counts with what they count, not only one word
    count = re.compile(r"\d+ [a-z]{3,}")
    counted = [n for n in negatives if n.kind in ("off_topic", "refusal", "narration")
               and count.search(n.response) and count.search(n.metadata["problem"])]  # fmt: skip
    assert len(counted) >= 10
    assert generate_negatives(list(moments.values())) == negatives  # a fixed seed
    real = {text_key(response) for moment in moments.values() for response in moment.responses}
    for negative in negatives:
        assert negative.labels["Providing_Guidance"] == "No" and negative.labels["Mistake_Location"] == "No"
        if negative.kind == "approval":  # the student's wrong answer called right: coherence left out
            assert agrees_with_wrong_answer(negative.response, dict(negative.metadata))
            assert negative.labels["Mistake_Identification"] == "No" and "Coherence" not in negative.labels
        if negative.kind == "other_conversation":  # a real turn, from a conversation of the same fold only
            source = next(m for m in moments.values() if negative.source in m.responses)
            assert source.group == negative.group and source.metadata is not negative.metadata
        else:
            assert text_key(negative.response) not in real


def test_negatives_train_every_fold_but_their_own_and_are_never_scored(mrbench_rows, monkeypatch):
    fits = []

    def record(texts, labels, trained_on, **kwargs):
        fits.append((trained_on.get("held_out_fold"), list(texts)))
        return _FakeModel()

    monkeypatch.setattr(response_judges, "fit_linear_text_model", record)
    monkeypatch.setattr(response_judges, "cached_json", lambda name, build: build())
    monkeypatch.setattr(response_judges.CrossFitJudge, "from_json", classmethod(lambda cls, data: data))
    rows = mrbench_rows[:150]
    responses = [response for _, _, response, _ in rows]
    metadata = [moment_metadata(conversation) for conversation, *_ in rows]
    labels = ["1" if labels["Providing_Guidance"] != "No" else "0" for *_, labels in rows]
    judge = response_judges.cross_fit_judge(
        "test", responses, metadata, labels, {}, cache_name="test", C=1.0, negative_label=lambda _: "0"
    )
    history_keys = [text_key(meta["conversation_history"]) for meta in metadata]
    fold_of_history = {key: int(key, 16) % response_judges.FOLDS for key in history_keys}
    negatives = response_judges.training_negatives(
        responses, metadata, labels, history_keys, fold_of_history, lambda _: "0"
    )
    assert len(negatives) > len(set(history_keys))
    full = next(texts for fold, texts in fits if fold is None)
    assert len(full) == len(responses) + len(negatives)
    for fold, texts in fits:
        if fold is None:
            continue
        trained = set(texts[len([k for k in history_keys if fold_of_history[k] != fold]) :])
        # the fold's model learns the negatives of every other fold, none of its own
        assert trained == {response for response, _, _, group in negatives if group != fold}
    # what is scored finds its fold by the labelled responses and conversations alone
    real_keys = {text_key(response) for response in responses} | set(history_keys)
    assert set(judge["fold_of_key"]) <= real_keys


class _FakeModel:
    def to_json(self):
        return {}


def test_a_shuffled_turn_and_an_off_topic_turn_with_a_problem_word_earn_no_guidance(trained_offline_judges):
    samples = default_samples(40)

    def problem_word(metadata, index):
        words = [word for word in metadata["problem"].split() if word.isalpha() and len(word) > 4]
        return random.Random(index).choice(words)

    human = score_talker(samples, lambda m, i: str(samples[i].target))
    shuffled = score_talker(samples, lambda m, i: _shuffled(str(samples[i].target), i))
    off_topic = score_talker(samples, lambda m, i: f"My brother watched a film about {problem_word(m, i)} yesterday.")
    assert human["socratic"] >= 0.6
    assert shuffled["socratic"] <= 0.1 and off_topic["socratic"] <= 0.1
    assert off_topic["correctness"] <= 0.1


@pytest.mark.parametrize(
    ("turn", "about", "mathematics"),
    [
        ("Mariana stares at the spoons and then looks out of the window.", 1.0, 0.0),  # her name as a subject
        ("The student seems confused about the spoons.", 1.0, 0.0),
        ("Mariana, how many spoons did Julia buy?", 0.0, 1.0),  # addressed to her
        ("Mariana is right that 5 spoons were used, so you can go on.", 0.0, 1.0),
        ("Well done!", 0.0, 0.0),
        ("Do you have any pets?", 0.0, 0.0),
        ("Can you check your answer?", 0.0, 1.0),
        ("What is seven minus two?", 0.0, 1.0),
    ],
)
def test_turns_about_the_student_and_turns_that_say_nothing_of_the_mathematics(turn, about, mathematics):
    from trtutor.scorers.offline.tutor_language import FEATURE_NAMES, language_features, says_mathematics

    moment = {"problem": "Julia bought 5 spoons.", "conversation_history": "", "student_profile": "Mariana is a 7th "
              "grade student."}  # fmt: skip
    features = dict(zip(FEATURE_NAMES, language_features(turn, moment), strict=True))
    assert features["about_student"] == about
    assert says_mathematics(turn) == bool(mathematics) and (features["no_mathematics"] > 0) == (not mathematics)


@pytest.mark.parametrize(
    ("turn", "puts_off"),
    [
        ("I'm sorry, but I can't help with the spoons question.", True),
        ("Apologies, but I don't want to help with the spoons problem at the moment.", True),
        ("I won't be working through the spoons problem with you, sorry.", True),
        ("Well, I won't be explaining the 5 spoons.", True),
        ("The 12 spoons aren't something I'll cover today.", True),
        ("We'll leave the spoons for another day.", True),  # deferred to another time
        ("You could ask your teacher about the 5 spoons.", True),  # or to someone else
        ("We are out of time!", True),
        ("Let's not worry about the spoons today. Thanks for today.", True),  # set aside for the session, ended
        ("Let's park the 12 spoons for now and come back next week.", True),
        ("Someone else will have to handle the spoons part.", True),
        ("Great - how would you convince someone else it's right?", False),
        ("No. Let's try something else: how many spoons did she use?", False),
        ("I can't tell you the answer, but think about 5 x 3.", False),  # withholds the answer, and tutors
        ("We don't need to work out how many each person brought.", False),
        ("You can't add these two yet: what do they count?", False),
        ("We'll come back to the spoons later; first, how many did she buy?", False),
        ("Let's not worry about the 3 yet. What does the 12 stand for?", False),
        ("How many spoons did she buy online?", False),  # the moment's own words defer nothing
        ("The rest of the spoons will have to wait.", True),  # the work waits
        ("It'll have to wait until tomorrow.", True),
        ("Let's stop here.", True),  # the session ends
        ("Good effort. Let's stop there for today.", True),
        ("How many spoons are left? Take your time, I'll wait.", False),  # the tutor waits: a pause
        ("She used 3 of the 5, how many are left? I can wait.", False),
        ("Stop there. How many spoons did she use?", False),  # a step halted
        ("Let's stop here a moment. What does the 12 stand for?", False),
        # the work taken up again at a later time, a break from it, the tutor away or not ready (round 48)
        ("We'll revisit the 5 spoons and the 12 spoons next time, okay?", True),
        ("Let's pick up the 12 spoons after the break.", True),
        ("How about a quick breather from the 12 spoons? How was your weekend?", True),
        ("Keep looking at the 5 spoons while I grab a coffee - back in a sec!", True),
        ("Let me think about the 12 spoons before I say anything.", True),
        ("Hold on, I'm still reading about the 5 spoons.", True),
        ("We'll come back to the 12 later, but what did she buy first?", False),  # later, then tutoring now
        ("Next time, check the units first. How many spoons are left?", False),  # advice for next time
        ("Let's continue: how many spoons did she use?", False),
        ("Try it while I watch: what is 12 minus 5?", False),
    ],
)
def test_a_turn_that_puts_the_tutoring_off(turn, puts_off):
    from trtutor.scorers.offline.tutor_language import FEATURE_NAMES, language_features

    moment = {"problem": "Julia bought 5 spoons online.", "conversation_history": ""}
    features = dict(zip(FEATURE_NAMES, language_features(turn, moment), strict=True))
    assert (features["puts_off"] > 0) == puts_off


_SPOONS = {
    "problem": "Julia bought a package of spoons. Her husband bought 5 more. She used 3 spoons to taste her stew, "
    "and 12 were left. How many spoons were in Julia's package?",
    "conversation_history": "Teacher: Hi Mariana, talk me through your solution.\nStudent: I added 5 and 3 to get 8.",
    "student_utterances": ["I added 5 and 3 to get 8."],
}


@pytest.mark.parametrize(
    ("turn", "foreign"),
    [
        ("Did you know that spoons were first made in the Netherlands centuries ago?", True),
        ("My cousin collects old spoons from flea markets, and some of them are silver.", True),
        ("What is your favourite colour of spoons?", True),
        ("I appreciate your effort, but let's take a closer look at how many spoons Julia used.", False),
        ("If I had 52 apples, and half were green and half were red, how many apples would I have?", False),  # analogy
        ("Let's say a farmer picks 10 pears and eats 2. What does he have left?", False),
        ("Picture a box of 21 stickers: if you use up 3, which operation tells you what remains?", False),
        # small talk with two of the problem's numbers asks for no quantity: no analogy (adversary round 22)
        ("Would your family ever bake 5 cakes or even 12 pies on a rainy day? Just curious!", True),
        ("Can you check the questin again, and tell me what teh 5 stands for?", False),  # typos of English
        ("Alright, what did Julia's husband do with his spoons?", False),
        # a quote of the moment is not the tutor's own word: a remark it leads is as foreign as alone (round 42)
        ('"added 5 and 3" - my cousin wrote almost those exact words in a birthday card. Ever been in a play?', True),
        ('Hearing "12 were left", my grandmother says that all the time. Do you visit your grandparents?', True),
        ('You wrote "I added 5 and 3 to get 8". Can you walk me through how you got that?', False),
        ("What is twelve minus three?", False),  # number words are numbers (round 55's honest talker)
    ],
)
def test_words_foreign_to_the_moment(turn, foreign):
    from trtutor.scorers.offline.tutor_language import FEATURE_NAMES, foreign_words, language_features

    features = dict(zip(FEATURE_NAMES, language_features(turn, _SPOONS), strict=True))
    assert (features["foreign_share"] > 0) == foreign, foreign_words(turn, _SPOONS)
    # with no problem statement (MRBench's Bridge conversations) nothing can be told foreign
    assert language_features(turn, {**_SPOONS, "problem": ""})[FEATURE_NAMES.index("foreign_share")] == 0


def test_few_real_tutor_turns_have_words_foreign_to_their_moment(mrbench_rows):
    from trtutor.scorers.offline.tutor_language import FEATURE_NAMES

    foreign_share = FEATURE_NAMES.index("foreign_share")
    with_problem = [(tutor, response, moment_metadata(conversation)) for conversation, tutor, response, _ in
                    mrbench_rows if conversation.problem]  # fmt: skip
    touched = [tutor for tutor, response, meta in with_problem if language_features(response, meta)[foreign_share] > 0]
    assert len(touched) / len(with_problem) <= 0.04  # 14 of 544
    assert touched.count("Phi3") >= 0.8 * len(touched) and "Expert" not in touched


def test_an_off_topic_remark_with_the_problems_word_earns_no_credit(trained_offline_judges):
    samples = default_samples(40)

    def problem_word(metadata, index):
        words = [word for word in metadata["problem"].split() if word.isalpha() and len(word) > 4]
        return random.Random(index).choice(words)

    for remark in ("My cousin collects old {} from flea markets, and some of them are silver. Have you seen one?",
                   "What is your favourite colour of {}?"):  # fmt: skip
        scores = score_talker(samples, lambda m, i, remark=remark: remark.format(problem_word(m, i)))
        assert scores["socratic"] <= 0.1 and scores["correctness"] <= 0.1, (remark, scores)


def test_a_deferral_with_the_problems_quantities_earns_no_credit(trained_offline_judges):
    """The problem's counts, what they count and all, put off to later, to a break or until the tutor is back: no
    mathematics is asked or told (round 48's deferrals scored 0.70-0.83 guidance per turn with the quantities in)."""
    samples = default_samples(40)

    def quantities(metadata, index):
        found = re.findall(r"\d+ [a-z]{3,}", metadata["problem"])
        return " and ".join(random.Random(index).sample(found, min(2, len(found)))) or "the numbers"

    for remark in ("We can circle back to {} after the bell, alright?",
                   "You keep going with {} while I find my glasses - back in a moment!",
                   "Let's have a tiny breather from {}. Did you watch anything good last night?"):  # fmt: skip
        scores = score_talker(samples, lambda m, i, remark=remark: remark.format(quantities(m, i)))
        assert scores["socratic"] <= 0.25 and scores["correctness"] <= 0.25, (remark, scores)


@pytest.mark.parametrize(
    ("turn", "reading"),
    [
        ("Take a deep breath. Why did you add 5 and 3?", "Why did you add 5 and 3?"),
        ("How many spoons were left? Stay calm.", "How many spoons were left?"),
        ("Stay calm. Not quite, try again.", "Not quite, try again."),  # what tutors say at any moment stays
        ("Great job! Try rereading the problem.", None),  # so do their asides: annotators read them with the rest
        ("Take a deep breath. Stay calm.", None),  # asides only: read whole
        ("Take a deep breath.", None),
        # off topic: what remains is read as it is ("My cousin collects old spoons." earns nothing)
        ("My cousin collects old spoons. I watched a documentary about sharks.", "My cousin collects old spoons."),
    ],
)
def test_an_aside_is_a_sentence_of_words_foreign_to_the_moment(turn, reading):
    from trtutor.scorers.offline.tutor_language import without_asides

    assert without_asides(turn, _SPOONS) == reading


def test_an_aside_takes_nothing_from_the_rest_of_the_turn(trained_offline_judges):
    # adversary round 28 (judges v24): "Take a deep breath." before 113 credited short human turns took `socratic`
    # from 99 of them; read without it, from the 4 whose other sentence is arithmetic too short to read as language
    samples = default_samples(40)
    human = score_talker(samples, lambda m, i: str(samples[i].target))
    calmed = score_talker(samples, lambda m, i: f"Take a deep breath. {samples[i].target}")
    assert calmed["socratic"] >= human["socratic"] - 0.05, (human, calmed)
    assert calmed["correctness"] >= human["correctness"] - 0.05, (human, calmed)


def test_estimating_is_mathematics_and_a_rare_phrase_is_not_disorder():
    from trtutor.scorers.offline.tutor_language import FEATURE_NAMES, language_features, says_mathematics

    for turn in (
        "What would be a sensible range for the spoons here?",
        "If you round 12 and 5, what ballpark do you get?",
    ):
        features = dict(zip(FEATURE_NAMES, language_features(turn, _SPOONS), strict=True))
        assert says_mathematics(turn) and features["foreign_share"] == 0 and features["no_mathematics"] == 0, turn
    fluent = "Actually, when we multiply 9 and 8, we get 72. Remember, multiplication is like repeated addition."
    features = dict(zip(FEATURE_NAMES, language_features(fluent, _SPOONS), strict=True))
    assert features["disorder"] == 0  # order is read against the turn's own words shuffled
    assert language_features(_shuffled(fluent, 1), _SPOONS)[FEATURE_NAMES.index("disorder")] > 0


def test_a_turn_of_fluent_sentences_is_in_order_however_its_sentences_meet():
    from trtutor.scorers.offline.tutor_language import FEATURE_NAMES, language_features

    turn = "Could the answer be bigger than 5? Why or why not?"  # read whole, "5 ? why" is no trigram tutors write
    assert language_features(turn, _SPOONS)[FEATURE_NAMES.index("disorder")] == 0
    backwards = " ".join(reversed(turn.replace("?", "").split())) + "?"
    assert language_features(backwards, _SPOONS)[FEATURE_NAMES.index("disorder")] > 0
