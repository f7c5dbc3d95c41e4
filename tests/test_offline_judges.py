from fractions import Fraction

import pytest

from trtutor.data.splits import is_judge_train_problem
from trtutor.scorers.offline.arithmetic import arithmetic_claims
from trtutor.scorers.offline.leakage import detect_leakage
from trtutor.scorers.offline.move_classifier import default_move_classifier, labelled_teacher_turns

PROBLEM = "Bruno wants to buy two and one-half dozens of pens. How many pens will he have?"
STUDENT = ["Two dozens is 24 pens and one and a half dozen is 18 pens, so 24 + 18 = 42 pens."]


@pytest.mark.parametrize(
    ("response", "answer", "label"),
    [
        ("So he will have 30 pens in total.", 30, "yes_correct"),
        ("24 + 6 = 30, so that is the answer.", 30, "yes_correct"),
        ("Is it 24 + 6 = 30?", 30, "yes_correct"),  # an equation result leaks even in a question
        ("He will have thirty pens.", 30, "yes_correct"),
        ("That makes 30.0 pens.", 30, "yes_correct"),
        ("She drinks 3/4 of the bottle.", Fraction(3, 4), "yes_correct"),
        ("She drinks 0.75 of the bottle.", Fraction(3, 4), "yes_correct"),
        ("Could the answer be 30?", 30, "yes_correct"),  # offered in a question, it is revealed all the same
        ("How many pens are in half a dozen?", 30, "no"),
        ("You said 42. Let's check the half dozen.", 30, "no"),
        ("So the answer is 36.", 30, "yes_incorrect"),
        ("Good, the correct number is 36. Why?", 30, "yes_incorrect"),  # other words for the answer
        ("You need to land on 36 pens!", 30, "yes_incorrect"),
        ("36 pens is what the problem wants.", 30, "yes_incorrect"),
        ("Is 36 the answer?", 30, "no"),  # asked, not asserted
        ("The answer is 6 times the pens in a pack.", 30, "no"),  # an operand of the answer, not the answer (round 32)
        ("The total will be 40 + 4 = 44, not 43.", 30, "no"),
        ("So 24 + 6 comes to 36 pens.", 30, "no"),  # a step's arrival: the arithmetic check's, not a claimed answer
        ("You wrote that the total is 42.", 30, "no"),  # the student's own number, quoted
        ("Great start! What is half of 12?", 30, "no"),
    ],
)
def test_leakage(response, answer, label):
    finding = detect_leakage(response, Fraction(answer), student_said=STUDENT, problem=PROBLEM)
    assert finding.label == label, finding.rationale


@pytest.mark.parametrize("response", ["The cost is $1,200 in total.", "The farm makes 1200 dollars."])
def test_an_amount_of_money_states_an_answer_in_money(response):
    problem = "A farm sells 100 pens at $12 each. How much money does it make?"
    assert detect_leakage(response, Fraction(1200), student_said=["It makes 112."], problem=problem).label == (
        "yes_correct"
    )
    # where it asks how many pens, an amount of money counts another thing
    assert detect_leakage(response, Fraction(1200), student_said=STUDENT, problem=PROBLEM).label == "no"


@pytest.mark.parametrize(
    ("response", "label"),
    [
        ("Actually, the product of 6 and 2 is 12, not 3.", "yes_correct"),  # a new result stated
        ("If we subtract 156 from 163, we get 7.", "yes_correct"),  # the operands are new too; the result is 7
        ("Think of 27 as 20 plus 7.", "no"),  # operands of arithmetic left for the student to do
        ("Let's do 24 - 7 on the whiteboard.", "no"),
        ("It looks like you subtracted 153 from 166.", "no"),
        ("You might have subtracted 2800 by 650 instead.", "no"),
    ],
)
def test_when_the_answer_is_unknown_a_new_result_stated_counts_and_an_operand_does_not(response, label):
    said = ["27 + 16 = 11664, and 2800 - 65 = 1745."]
    finding = detect_leakage(response, None, student_said=said, problem="")
    assert finding.label == label, finding.rationale


def test_number_the_student_already_said_is_not_a_leak():
    said = [*STUDENT, "Oh! Half a dozen is 6, so 24 + 6 = 30 pens."]
    finding = detect_leakage("Yes, 30 pens is right. Well done!", Fraction(30), student_said=said, problem=PROBLEM)
    assert finding.label == "no"


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("So 24 + 6 = 30 pens.", [("24 + 6 = 30", True)]),
        ("He spent $0.05 x 40 = $2 on gumballs.", [("$0.05 x 40 = $2", True)]),
        ("12 - 3 = 9. Then 9 + 6 = 16.", [("12 - 3 = 9", True), ("9 + 6 = 16", False)]),
        ("2(4) + 6(2) = 8 + 12 = 20", [("2(4) + 6(2) = 8 + 12", True), ("8 + 12 = 20", True)]),
        ("10 / 3 = 3.33 hours", [("10 / 3 = 3.33", True)]),
        ("10 / 3 = 3 hours", [("10 / 3 = 3", False)]),
        ("1,200 + 300 = 1,500", [("1,200 + 300 = 1,500", True)]),
        ("3 × 12 ÷ 4 = 9", [("3 × 12 ÷ 4 = 9", True)]),
        ("10/40 = 25% of them", [("10/40 = 25%", True)]),  # a percent is a value: 25% is 0.25
        ("1/3 = 33%", [("1/3 = 33%", True)]),  # rounded to the percent written
        ("1 1/2 + 2 1/2 = 4 cups", []),  # mixed numbers: no claim that 1/2 = 4
        ("On a number line: -5 + 12 = 7.", [("-5 + 12 = 7", True)]),  # a leading minus is kept
        ("5 - 8 = -3", [("5 - 8 = -3", True)]),
        ("12 · 5 = 62", [("12 × 5 = 62", False)]),  # other writings of the operators
        ("12 − 5 = 8", [("12 - 5 = 8", False)]),
        ("12 \\times 5 = 60", [("12 × 5 = 60", True)]),
        ("12 ＋ 5 ＝ 18", [("12 + 5 = 18", False)]),
        ("5 spoons plus 12 spoons makes 18 spoons.", [("5 spoons plus 12 spoons makes 18", False)]),  # units said
        ("3 boxes times 4 apples is 12", []),  # different units: not a claim this reads
        ("5 and 12 together make 18.", [("5 and 12 together make 18", False)]),  # a sum said with "and"
        ("5 spoons and 12 spoons are 17 spoons in all.", [("5 spoons and 12 spoons are 17 spoons in all", True)]),
        ("Ages 5 and 12 are 2 kids.", []),  # "and" names two things: no "together" or "in all", no sum
        ("x + 5 = 9 so x = 4", [("x + 5 = 9, x = 4", True)]),  # algebra in one unknown: its value said
        ("x + 5 = 9 so x = 5", [("x + 5 = 9, x = 5", False)]),
        ("x + y = 9 so x = 5", []),  # two unknowns are not checked
        ("Is 4 = 4?", []),
        ("Can you tell me what 7 x 8 is?", []),
    ],
)
def test_arithmetic_claims(text, claims):
    assert [(claim.text, claim.correct) for claim in arithmetic_claims(text)] == claims


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Okay, so you are saying that 3 x $68 = $2448. That seems high.", True),
        ("Is 3 x 68 = 2448?", True),
        ("You wrote 9 + 6 = 16, can you check it?", True),
        ("Remember that 9 + 6 = 16.", False),
        ("So 4.5 x 2 = 10. Next step.", False),
    ],
)
def test_wrong_claims_the_tutor_only_reports_are_quoted(text, quoted):
    [claim] = arithmetic_claims(text)
    assert (claim.correct, claim.quoted) == (False, quoted)


def test_move_classifier_never_scores_its_training_problems(dev_conversations):
    classifier = default_move_classifier()
    held_out = [c for c in dev_conversations if not is_judge_train_problem(c.qid)]
    texts, labels = labelled_teacher_turns(held_out)
    train_texts, _ = labelled_teacher_turns([c for c in dev_conversations if is_judge_train_problem(c.qid)])
    assert classifier.trained_on["turns"] == len(train_texts)
    assert classifier.trained_on["problems"] + len({c.qid for c in held_out}) == len({c.qid for c in dev_conversations})

    # measured on held-out problems: 4-way accuracy 0.57, Socratic (focus/probing) vs not 0.81
    guiding = {"focus", "probing"}
    probabilities = classifier.predict_proba(texts)
    index = [classifier.classes.index(label) for label in sorted(guiding)]
    predicted = probabilities[:, index].sum(axis=1) >= 0.5
    accuracy = sum(p == (label in guiding) for p, label in zip(predicted, labels, strict=True)) / len(labels)
    assert accuracy > 0.75
    four_way = sum(p == label for p, label in zip(classifier.predict(texts), labels, strict=True)) / len(labels)
    assert four_way > 0.5


def test_move_classifier_is_cached_and_reloads_identically(shared_cache_dir):
    from trtutor.scorers.offline.text_model import LinearTextModel

    classifier = default_move_classifier()
    files = list(shared_cache_dir.glob("move_classifier-*.json.gz"))
    assert len(files) == 1
    import gzip
    import json

    reloaded = LinearTextModel.from_json(json.loads(gzip.decompress(files[0].read_bytes())))
    texts = ["Why did you subtract 3?", "The answer is 15.", "Great job!"]
    assert reloaded.predict(texts) == classifier.predict(texts)
    assert all(type(label) is str for label in classifier.classes)  # plain str, so logs serialise them


def test_learnt_judges_never_score_their_own_training_responses():
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.mrbench import bundled_mrbench, load_mrbench, moment_metadata
    from trtutor.scorers.offline.response_judges import text_key
    from trtutor.scorers.offline.rubric_judges import rubric_judge_model

    judge = rubric_judge_model("Revealing_of_the_Answer")
    assert len(judge.folds) == 5
    conversations, _ = load_mrbench(bundled_mrbench())
    conversation = conversations[0]
    history = moment_metadata(conversation)["conversation_history"]
    for response in conversation.responses.values():
        model = judge.model_for(response, history)
        assert model is not judge.full
        assert model.trained_on["held_out_fold"] == judge.fold_of_key[text_key(history)]
    # MathDial's human teacher turns that MRBench quotes as its Expert are held out too, whatever their formatting
    expert = conversation.responses["Expert"]
    assert judge.model_for(expert.upper() + " ", "another conversation") is not judge.full
    # new text is scored by the model trained on everything
    assert judge.model_for("A brand new tutor turn about 7 apples.", "Student: hi") is judge.full
    mathdial, _ = load_conversations()
    assert mathdial  # the dev data loads alongside


def test_learnt_judges_agree_with_humans_out_of_fold():
    """Cross-fitted on the bundled MRBench file (5 folds by conversation): the revealing model alone."""
    import numpy as np
    from sklearn.metrics import f1_score

    from trtutor.data.mrbench import bundled_mrbench, human_leaked, load_mrbench, moment_metadata
    from trtutor.scorers.offline.rubric_judges import rubric_judge_model

    conversations, _ = load_mrbench(bundled_mrbench())
    rows = [(c, t, r) for c in conversations for t, r in c.responses.items()]
    probabilities = [1 - p["No"] for p in rubric_judge_model("Revealing_of_the_Answer").class_probabilities(
        [r for _, _, r in rows], [moment_metadata(c) for c, _, _ in rows]
    )]  # fmt: skip
    human = [int(human_leaked(c.annotations[t])) for c, t, _ in rows]
    assert f1_score(human, (np.array(probabilities) >= 0.5).astype(int)) > 0.65


def test_a_scored_turn_has_the_features_it_would_have_had_in_training(dev_conversations):
    """The scorers' cached row (`moment_row`) and training's `feature_matrix` read the same moment: the ground truth,
    the student's solution and profile too (words of the solution are this moment's words, a name is the student's)."""
    import numpy as np

    from trtutor.data.mrbench import load_mrbench, moment_metadata
    from trtutor.data.turn_samples import turn_contexts, turn_sample
    from trtutor.scorers.offline.response_judges import feature_matrix, moment_row

    conversations, _ = load_mrbench("trtutor/data/bundled/mrbench_v2_dev.json")
    rows = [(response, moment_metadata(c)) for c in conversations[:6] for response in c.responses.values()]
    rows += [(context.reference.text, dict(turn_sample(context).metadata))
             for context in turn_contexts(dev_conversations[:4])]  # fmt: skip
    assert any(m.get("student_profile") for _, m in rows) and any(m.get("ground_truth") for _, m in rows)
    trained = feature_matrix([r for r, _ in rows], [m for _, m in rows])
    scored = np.vstack([moment_row(r, m) for r, m in rows])
    assert np.allclose(trained, scored)


def test_the_analyzers_give_scikit_learns_ngrams(dev_conversations):
    """Scoring reads n-grams without scikit-learn (`text_model.analyzer`): the same n-grams, counted alike, for every
    turn of the development conversations and for odd texts (runs of white space, short words, accents, digits)."""
    from collections import Counter

    from sklearn.feature_extraction.text import TfidfVectorizer

    from trtutor.scorers.offline.text_model import TEXT_BLOCKS, analyzer

    texts = [t.text for c in dev_conversations for t in c.turns]
    texts += [
        "",
        " ",
        "a",
        "I",
        "Ok  so\t\tthen\n\n  x",
        "Ünïcödé CAFÉ naïve",
        "12/7 = 3 ÿ",
        "x " * 50,
        "a-b_c d'e 3.5%",
    ]
    for settings in TEXT_BLOCKS.values():
        ours, theirs = analyzer(settings), TfidfVectorizer(**settings).build_analyzer()
        for text in texts:
            assert Counter(ours(text)) == Counter(theirs(text)), (settings["analyzer"], text)
    with pytest.raises(ValueError, match="does not read"):
        analyzer({**TEXT_BLOCKS["word"], "lowercase": False})


def test_one_turn_scoring_matches_scikit_learn(dev_conversations):
    """The per-turn path (TF-IDF and the linear model by hand) gives scikit-learn's probabilities exactly."""
    import numpy as np

    from trtutor.scorers.offline.rubric_judges import rubric_judge_model

    texts = [t.text for c in dev_conversations[:15] for t in c.turns][:120] + ["", "?", "12/7 = 3 ÿ", "x " * 400]
    classifier = default_move_classifier()
    assert np.allclose(classifier.predict_proba(texts), classifier.predict_proba_sklearn(texts), atol=1e-12)
    three_way = rubric_judge_model("Mistake_Location").full
    dense_width = three_way.coef.shape[1] - sum(len(block["idf"]) for block in three_way.blocks)
    dense = np.random.default_rng(0).random((len(texts), dense_width))
    assert np.allclose(three_way.predict_proba(texts, dense), three_way.predict_proba_sklearn(texts, dense),
                       atol=1e-12)  # fmt: skip


def test_a_judge_being_trained_elsewhere_is_waited_for_not_trained_again(tmp_path):
    """Two runs started together on a fresh machine: the second waits for the first's judge instead of training
    its own (each would cost minutes of CPU)."""
    import gzip
    import json
    import os
    import subprocess
    import sys
    import time

    from filelock import FileLock

    cache, started, built = tmp_path / "cache", tmp_path / "started", tmp_path / "built"
    cache.mkdir()
    path = cache / "judge-x.json.gz"
    code = (
        "import pathlib, sys; from trtutor.scorers.offline.text_model import cached_json; "
        f"pathlib.Path({str(started)!r}).touch(); "
        f"data = cached_json('judge-x.json.gz', lambda: pathlib.Path({str(built)!r}).touch() or {{'who': 'second'}}); "
        "print(data['who'])"
    )
    with FileLock(f"{path}.lock"):  # the first run, training
        second = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "TRTUTOR_CACHE_DIR": str(cache)},
                                  stdout=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while not started.exists() and second.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        # the second run may not train while the first holds the lock (unlocked, it would within milliseconds)
        deadline = time.monotonic() + 3
        while not built.exists() and second.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not built.exists() and second.poll() is None
        with gzip.open(path, "wt", encoding="utf-8") as file:  # the first run's judge, written
            json.dump({"who": "first"}, file)
    output, _ = second.communicate(timeout=120)
    assert output.strip() == "first" and not built.exists()


def test_the_judges_cache_key_covers_every_module_that_computes_their_features():
    # A cached judge must never meet features computed by other code than it learnt from: the key hashes the
    # source of FEATURE_MODULES, so each module a feature comes from must be one of them.
    from trtutor.answers import find_numbers
    from trtutor.scorers.offline import response_judges
    from trtutor.scorers.offline.arithmetic import arithmetic_claims
    from trtutor.scorers.offline.degenerate import find_unmoored
    from trtutor.scorers.offline.false_statements import agrees_with_wrong_answer
    from trtutor.scorers.offline.generated_negatives import generate_negatives
    from trtutor.scorers.offline.leakage import detect_leakage
    from trtutor.scorers.offline.number_forms import foreign_numbers
    from trtutor.scorers.offline.text_model import fit_linear_text_model
    from trtutor.scorers.offline.tutor_language import language_features
    from trtutor.scorers.offline.unit_facts import unit_counts

    used = (find_numbers, arithmetic_claims, find_unmoored, generate_negatives, detect_leakage, foreign_numbers,
            fit_linear_text_model, language_features, agrees_with_wrong_answer, unit_counts,
            response_judges.response_features)  # fmt: skip
    assert {function.__module__ for function in used} <= set(response_judges.FEATURE_MODULES)
    assert len(response_judges.feature_code()) == 16


def test_scoring_a_turn_imports_no_scikit_learn(trained_offline_judges):
    """Importing scikit-learn costs about 1.5 s at the start of a process, and scoring needs none of it once the
    judges are trained: the offline judges read n-grams with `text_model.analyzer`, and the `strategy` scorer (of
    either judge kind) reads English's stop words from a copy of scikit-learn's list."""
    import subprocess
    import sys

    code = (
        "import sys; from trtutor.tasks.socratic import socratic; from trtutor.scorers.strategy import turn_record; "
        "from trtutor.scorers.offline.rubric_judges import rubric_judge_model; "
        "[sample] = list(socratic(judge='offline').dataset)[:1]; turn = 'How many apples does she have left?'; "
        "turn_record(turn, sample.metadata); "
        "print(rubric_judge_model('Providing_Guidance').class_probabilities([turn], [sample.metadata])[0]['Yes'] > 0); "
        "print('sklearn' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["True", "False"], result.stdout[-2000:] + result.stderr[-3000:]


def test_a_typo_is_read_as_the_word_meant():
    from trtutor.scorers.offline.response_judges import spelling_corrected

    moment = {"problem": "Brenda downloads a file in 60 minutes.", "conversation_history": "Student: I think 40.",
              "student_utterances": ["I think 40."]}  # fmt: skip
    assert spelling_corrected("Why is that onyl 60 minutes? Weell dnoe Brenad", moment) == (
        "Why is that only 60 minutes? Well done Brenda"  # a swap, a doubled letter, this moment's name
    )
    assert spelling_corrected("the istructions say something ellse", moment) == "the instructions say something else"
    assert spelling_corrected("Do u understand? pls check ur working b4 u add", moment) == (
        "Do you understand? please check your working before you add"  # texting, read as the words meant
    )
    # English words, their endings, and words too short to tell are left as written
    for text in ("The tutors simplifies it.", "Muy bien, tht", "We explore the power of seven."):
        assert spelling_corrected(text, moment) == text, text
