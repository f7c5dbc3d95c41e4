"""What the offline learnt judges are made of: the features of a tutor turn in its conversation, and cross-fitting.

The judges themselves are the three-way models of MRBench's dimensions (`rubric_judges.py`); our three scorers read
three of them (issue 25: one judgement per human dimension). Each is a linear text model (`text_model.py`) over the
response's words plus numeric features that the rule-based checks compute from the response and its conversation
(`response_features`), the tutor language model's features (`tutor_language.py`) and the move classifier's
probabilities.

What they see: the turn's words, the numbers it states against the conversation's and the final answer, its
arithmetic, its question marks, whether it repeats what was said or names nothing of this moment (`degenerate.py`'s
`find_unmoored`), how much like a tutor's its word order and words are, whether it speaks of the student in the third
person, whether it says anything of the mathematics at all, whether it puts the tutoring off (declines or defers
it), and the move classifier's probabilities (of a turn about the mathematics: `tutoring_moves`).
What they cannot see: meaning beyond that. MRBench labels the tutor turn that answers a student's mistake, so they
assume the student's last turn holds one; after the student has fixed it, "Well done!" reads to them as a turn that
identifies no mistake.

Cross-fitting: a judge must never score what it learnt from. Each judge is trained once on all labelled responses
(used for new text) and once per fold with the conversations of that fold held out. A response that is one of the
training responses (the MRBench tutors replayed, or a MathDial teacher turn that MRBench quotes as its Expert), or
that continues a training conversation, is scored by the model of the fold that held its conversation out.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from trtutor.answers import find_numbers
from trtutor.scorers.offline.arithmetic import arithmetic_claims
from trtutor.scorers.offline.degenerate import find_unmoored, readable_part
from trtutor.scorers.offline.english_words import english_words, one_slip
from trtutor.scorers.offline.false_statements import agrees_with_wrong_answer, statements_outside_examples
from trtutor.scorers.offline.generated_negatives import SOURCE_LABEL, Moment, generate_negatives
from trtutor.scorers.offline.judges_version import JUDGES_VERSION
from trtutor.scorers.offline.leakage import detect_leakage
from trtutor.scorers.offline.move_classifier import default_move_classifier, move_probabilities
from trtutor.scorers.offline.text_model import (
    TEXT_BLOCKS,
    LinearTextModel,
    cached_json,
    fingerprint,
    fit_linear_text_model,
)
from trtutor.scorers.offline.tutor_language import LANGUAGE_MODEL_VERSION, language_features, says_mathematics

FOLDS = 5
# All human-teacher turns of a class (`rubric_judges.teacher_turn_rows`), and all generated negatives of a class,
# against the labelled responses of that class. Teachers' turns alone (0.2, negatives 0.1) closed the Expert's gaps
# but taught the judges that any short question guides: an off-topic "Have you ever been to the zoo to see the
# penguins?" crossed to credit. Negatives raised with them (0.2) keep it refused (P 0.43, as before the teachers)
# and keep about half of the Expert's gain (grouped CV, 4 fold schemes: guidance -0.063 -> -0.030, mistake
# identification -0.045 -> -0.015; macro-F1 0.720 -> 0.713 and 0.805 -> 0.808). 0.4 undoes the gain. With the
# features of v10 (no mathematics, declining), teachers at 0.3 (v11) measure better than 0.2 on the cross-fitted dev
# agreement: `socratic` macro-F1 0.739 -> 0.742, tutor Spearman 0.717 -> 0.745, the Expert -0.053 -> -0.042,
# `correctness` unchanged; the zoo question stays refused (P(no guidance) 0.72 -> 0.69), and every family of the
# battery is still caught.
NEGATIVE_WEIGHT = 0.2
TEACHER_WEIGHT = 0.3
_NOT_NUMBER = re.compile(r"\bnot\s+[$€£]?\d")
_CORRECTION = re.compile(r"\b(actually|correct answer|should be|the answer is|instead)\b", re.IGNORECASE)
_PRAISE = re.compile(r"\b(great job|well done|that's right|that is right|exactly|correct!|perfect|good job)\b", re.I)


def response_features(response: str, metadata: dict[str, Any]) -> list[float]:
    """The numeric features of a tutor turn in its conversation (the same keys as the tasks' sample metadata)."""
    final_answer = Fraction(metadata["final_answer"]) if metadata.get("final_answer") else None
    leak = detect_leakage(
        response,
        final_answer,
        student_said=metadata["student_utterances"],
        problem=metadata["problem"],
        conversation=metadata["conversation_history"],
        solution=metadata.get("ground_truth") or "",
    )
    known = {mention.value for mention in find_numbers(metadata["conversation_history"])}
    # the numbers of an example or a supposition of the tutor's own are no step of this problem told
    statements = statements_outside_examples(response, metadata["problem"])
    new_numbers = sum(1 for s in statements for mention in find_numbers(s) if mention.value not in known)
    claims = arithmetic_claims(response)
    unmoored = find_unmoored(response, metadata)
    return [
        float(leak.label == "yes_correct"),
        float(leak.label == "yes_incorrect"),
        min(new_numbers, 3) / 3,
        float(bool(claims)),
        float(any(not claim.correct and not claim.quoted for claim in claims)),
        min(response.count("?"), 3) / 3,
        math.log1p(len(response.split())) / 5,
        float(final_answer is None),
        float(bool(_NOT_NUMBER.search(response))),
        float(bool(_CORRECTION.search(response))),
        float(bool(_PRAISE.search(response))),
        float(unmoored is not None and unmoored.kind != "ungrounded"),  # repeats what was said
        float(unmoored is not None and unmoored.kind == "ungrounded"),  # nothing of this moment
        float(agrees_with_wrong_answer(response, metadata) is not None),  # the student's wrong answer called right
        *language_features(response, metadata),  # word order, unknown and off-topic words (tutor_language.py)
    ]


_WRITTEN_WORD = re.compile(r"[A-Za-z]+\d?")
# the words the development conversations write twice or more, as written: what a typo is read against
MIN_WRITTEN = 2


@lru_cache(maxsize=1)
def written_words() -> Counter[str]:
    """How often each word is written in the bundled MathDial development conversations (problems, solutions, every
    turn), lower-case, of those written at least `MIN_WRITTEN` times."""
    from trtutor.data.mathdial import load_conversations

    counts: Counter[str] = Counter()
    for conversation in load_conversations()[0]:
        for text in (conversation.question, conversation.ground_truth, conversation.student_incorrect_solution,
                     *(turn.text for turn in conversation.turns)):  # fmt: skip
            counts.update(_WRITTEN_WORD.findall(text.lower()))
    return Counter({word: count for word, count in counts.items() if count >= MIN_WRITTEN})


# what English adds to a word: "tutors" is "tutor"'s, "simplifies" "simplify"'s, "reinforced" "reinforce"'s
_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""), ("ed", "e"),
                ("s", ""), ("d", ""), ("ly", ""), ("er", ""), ("ers", ""), ("est", ""))  # fmt: skip


def _stems(word: str) -> list[str]:
    return [word[: -len(ending)] + stem for ending, stem in _INFLECTIONS if word.endswith(ending)]


# the words of texting, as read ("Do u understand?", "pls check ur working b4 u add")
_TEXTING = {"u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "thnx": "thanks",
            "ppl": "people", "cuz": "because", "coz": "because", "tho": "though", "b4": "before", "wat": "what",
            "wot": "what", "dont": "don't", "im": "I'm", "ive": "I've", "thats": "that's",
            "whats": "what's"}  # fmt: skip


def spelling_corrected(response: str, metadata: Mapping[str, Any]) -> str:
    """The turn with each typo read as the word meant, as a reader does: a word that is no English word
    (`english_words`, or one of them with an ending English adds: "tutors", "simplifies"), none the development
    conversations write (`written_words`) and none of this moment's, read as a word of the conversations or a name
    of this moment one slip from it ("onyl" is "only", "witth" "with", "Brenad" this moment's "Brenda"). Of several
    such words, a reader takes a name of this moment, then the one a doubled letter hides ("ellse": "else", not
    "elise"), then the one two letters swapped hide, then the one the conversations write most. Only words of five
    letters or more, and of four with two letters swapped ("dnoe"), are read so: shorter ones are too near too many
    words. A tutor's typos then cost its turn nothing the learnt judges would not give the same turn spelt right."""
    moment = (
        " ".join(str(metadata.get(key) or "") for key in MOMENT_KEYS)
        + " "
        + " ".join(metadata.get("student_utterances") or [])
    )
    written, english = written_words(), english_words()
    in_moment = {word.lower() for word in _WRITTEN_WORD.findall(moment)}
    names = {word.lower() for word in re.findall(r"\b[A-Z][a-z]+", moment)} - english

    def known(word: str) -> bool:
        return word in english or word in written or word in in_moment

    def meant(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in _TEXTING:
            return _TEXTING[lower]
        if len(lower) < 4 or known(lower) or any(known(stem) for stem in _stems(lower)):
            return word
        swapped = {lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :] for i in range(len(lower) - 1)}
        undoubled = {lower[:i] + lower[i + 1 :] for i in range(1, len(lower)) if lower[i] == lower[i - 1]}
        slips = one_slip(lower) if len(lower) >= 5 else swapped
        # not another form of the same word ("continue", "continued")
        candidates = [c for c in slips if (c in written or c in names) and not c.startswith(lower)
                      and not lower.startswith(c)]  # fmt: skip
        if not candidates:
            return word
        correct = max(candidates, key=lambda c: (c in names, c in undoubled, c in swapped, written[c], c))
        return correct.capitalize() if word[0].isupper() else correct

    return _WRITTEN_WORD.sub(meant, response)


@lru_cache(maxsize=4096)
def _as_read(response: str, moment: tuple[str, ...], student: tuple[str, ...]) -> str:
    """The turn as the learnt judges read it (`readable_part`, then `spelling_corrected`), once per turn: every judge
    of a sample asks for it."""
    metadata = {**dict(zip(MOMENT_KEYS, moment, strict=True)), "student_utterances": list(student)}
    return spelling_corrected(readable_part(response), metadata)


def feature_matrix(responses: list[str], metadata: list[dict[str, Any]]) -> np.ndarray:
    """Rule features and move-classifier probabilities (`tutoring_moves`), one row per response."""
    rules = np.array([_rule_features(r, *_moment_of(m)) for r, m in zip(responses, metadata, strict=True)], dtype=float)
    return np.hstack([rules, tutoring_moves(responses, default_move_classifier().predict_proba(responses))])


def tutoring_moves(responses: list[str], probabilities: np.ndarray) -> np.ndarray:
    """The move classifier's probabilities of each response, zero for one that says nothing of the mathematics
    (`says_mathematics`). A move (probing, focusing, telling) is a move about the mathematics; the classifier, which
    learnt from teachers' turns, reads any question as probing, and so "Did you have a good week?" was a probing
    move that the judges' mistake identification followed (judges v14: the Expert's `socratic` gap -0.042 -> -0.032,
    the other dev figures unchanged; an adversary's varied small talk 0.593 / 0.677 -> 0.557 / 0.660 per turn)."""
    about_mathematics = np.array([[float(says_mathematics(response))] for response in responses])
    return probabilities * about_mathematics


# What the features read of a moment: every key, or a scored turn's features differ from those the judges learnt.
MOMENT_KEYS = ("final_answer", "problem", "conversation_history", "ground_truth", "student_incorrect_solution",
               "student_profile")  # fmt: skip


def moment_row(response: str, metadata: dict[str, Any]) -> np.ndarray:
    """`feature_matrix`'s row for one response, cached: the three scorers of one sample ask for the same row."""
    return _feature_row(response, *_moment_of(metadata))


def _moment_of(metadata: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the features read of a moment (`MOMENT_KEYS` and the student's turns), hashable."""
    return tuple(str(metadata.get(key) or "") for key in MOMENT_KEYS), tuple(metadata["student_utterances"])


# The eight rubric judges train on mostly the same rows: each row's rule features are computed once per process.
@lru_cache(maxsize=65536)
def _rule_features(response: str, moment: tuple[str, ...], student: tuple[str, ...]) -> tuple[float, ...]:
    metadata: dict[str, Any] = {**dict(zip(MOMENT_KEYS, moment, strict=True)), "student_utterances": list(student)}
    return tuple(response_features(response, metadata))


@lru_cache(maxsize=4096)
def _feature_row(response: str, moment: tuple[str, ...], student: tuple[str, ...]) -> np.ndarray:
    rules = np.array([_rule_features(response, moment, student)], dtype=float)
    moves = move_probabilities(response)
    probabilities = np.array([[moves[move] for move in default_move_classifier().classes]])
    return np.hstack([rules, tutoring_moves([response], probabilities)])


# The modules whose code computes the judges' features: a change to any of them trains new judges, so a cached
# judge never meets features computed otherwise than those it learnt from (a forgotten `JUDGES_VERSION` bump).
FEATURE_MODULES = (
    "trtutor.answers",
    "trtutor.scorers.offline.arithmetic",
    "trtutor.scorers.offline.degenerate",
    "trtutor.scorers.offline.english_words",
    "trtutor.scorers.offline.false_statements",  # the student's wrong answer called right is a feature
    "trtutor.scorers.offline.generated_negatives",
    "trtutor.scorers.offline.leakage",
    "trtutor.scorers.offline.number_forms",
    "trtutor.scorers.offline.response_judges",
    "trtutor.scorers.offline.text_model",
    "trtutor.scorers.offline.tutor_language",
    "trtutor.scorers.offline.unit_facts",  # counts of units are forms of an answer (`leakage._forms`)
)


@lru_cache(maxsize=1)
def feature_code() -> str:
    """A hash of the source of `FEATURE_MODULES`."""
    import importlib
    import inspect

    sources = [inspect.getsource(importlib.import_module(module)) for module in FEATURE_MODULES]
    return hashlib.sha256("\n".join(sources).encode()).hexdigest()[:16]


def text_key(text: str) -> str:
    """A key of a text that ignores case, spacing and punctuation (MRBench and MathDial format turns differently)."""
    return hashlib.sha256(re.sub(r"\W+", " ", text.lower()).strip().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CrossFitJudge:
    """A judge trained on all labelled responses, and once per fold without that fold's conversations."""

    name: str
    full: LinearTextModel
    folds: tuple[LinearTextModel, ...]
    fold_of_key: dict[str, int]  # text_key of a training response or conversation -> its fold

    def probability(self, responses: list[str], metadata: list[dict[str, Any]]) -> list[float]:
        """P(yes) for each response of a two-class judge, each from a model that never saw it (or its conversation)."""
        return [probabilities["1"] for probabilities in self.class_probabilities(responses, metadata)]

    def class_probabilities(self, responses: list[str], metadata: list[dict[str, Any]]) -> list[dict[str, float]]:
        """{class: probability} for each response, each from a model that never saw it (or its conversation), read
        without its sentences in another language (`degenerate.readable_part`) and with its typos corrected
        (`spelling_corrected`)."""
        result = []
        for response, meta in zip(responses, metadata, strict=True):
            readable = _as_read(response, *_moment_of(meta))
            features = moment_row(readable, meta)
            model = self.model_for(response, meta["conversation_history"])
            probabilities = model.predict_proba([readable], features)[0]
            result.append(dict(zip(model.classes, map(float, probabilities), strict=True)))
        return result

    def model_for(self, response: str, conversation_history: str) -> LinearTextModel:
        """The fold model that never saw this response or conversation, else the model trained on everything."""
        fold = self.fold_of_key.get(text_key(response), self.fold_of_key.get(text_key(conversation_history)))
        return self.full if fold is None else self.folds[fold]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "full": self.full.to_json(),
            "folds": [fold.to_json() for fold in self.folds],
            "fold_of_key": self.fold_of_key,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrossFitJudge:
        return cls(
            data["name"],
            LinearTextModel.from_json(data["full"]),
            tuple(LinearTextModel.from_json(fold) for fold in data["folds"]),
            data["fold_of_key"],
        )


def cross_fit_judge(
    name: str,
    responses: list[str],
    metadata: list[dict[str, Any]],
    labels: list[str],
    trained_on: dict[str, Any],
    *,
    cache_name: str,
    C: float,
    negative_label: Callable[[dict[str, str]], str | None] | None = None,
    teacher_rows: Sequence[tuple[str, dict[str, Any], str]] = (),
) -> CrossFitJudge:
    """Train (or read from the cache) a judge on all `responses` and once per fold of conversations held out.

    With `negative_label` (a generated negative's labels by MRBench dimension -> this judge's label, or None to
    leave it out), turns generated from the labelled moments (`generated_negatives.py`) join the training rows of
    the full model and of every fold model but the one that holds their conversation out. They are never scored:
    the fold of a response or conversation (`fold_of_key`) comes from the labelled responses alone.
    """
    # Folds by conversation text: the files repeat conversations under other ids, and they must not straddle folds.
    history_keys = [text_key(meta["conversation_history"]) for meta in metadata]
    ordered = sorted(set(history_keys))
    fold_of_history = {key: int(key, 16) % FOLDS for key in ordered}
    move_model = default_move_classifier().trained_on["fingerprint"]
    # The key is what the judge is trained from, not the rows generated from it: the negatives follow from the
    # labelled rows, the code of `FEATURE_MODULES` (generated_negatives.py among them) and `negative_label`, so a
    # cached judge is read without generating them again.
    key = fingerprint(
        JUDGES_VERSION, LANGUAGE_MODEL_VERSION, name, TEXT_BLOCKS, C, FOLDS, NEGATIVE_WEIGHT, TEACHER_WEIGHT,
        move_model, responses, labels, _metadata_hash(metadata), _source(negative_label),
        [(response, label, _metadata_hash([meta])) for response, meta, label in teacher_rows], feature_code(),
    )  # fmt: skip

    def train() -> dict[str, Any]:
        negatives = training_negatives(responses, metadata, labels, history_keys, fold_of_history, negative_label)
        teachers = [(response, meta, label, -1) for response, meta, label in teacher_rows]  # fold -1: in every model
        texts = responses + [response for response, _, _, _ in negatives + teachers]
        all_metadata = metadata + [meta for _, meta, _, _ in negatives + teachers]
        all_labels = labels + [label for _, _, label, _ in negatives + teachers]
        row_folds = [fold_of_history[k] for k in history_keys] + [fold for _, _, _, fold in negatives + teachers]
        kinds = ["labelled"] * len(responses) + ["negative"] * len(negatives) + ["teacher"] * len(teachers)
        features = feature_matrix(texts, all_metadata)
        about = {**trained_on, "responses": len(responses), "generated_negatives": len(negatives),
                 "teacher_turns": len(teachers), "fingerprint": key}  # fmt: skip
        everything = list(range(len(texts)))
        full = fit_linear_text_model(
            texts,
            all_labels,
            about,
            dense=features,
            C=C,
            sample_weight=_row_weights(all_labels, kinds, everything),
        )
        folds = []
        for fold in range(FOLDS):
            keep = [i for i, row_fold in enumerate(row_folds) if row_fold != fold]
            folds.append(
                fit_linear_text_model(
                    [texts[i] for i in keep],
                    [all_labels[i] for i in keep],
                    {**about, "held_out_fold": fold, "rows": len(keep)},
                    dense=features[keep],
                    C=C,
                    sample_weight=_row_weights(all_labels, kinds, keep),
                )
            )
        fold_of_key = dict(fold_of_history)
        for response, history in zip(responses, history_keys, strict=True):  # labelled responses only
            fold_of_key[text_key(response)] = fold_of_history[history]
        return CrossFitJudge(name, full, tuple(folds), fold_of_key).to_json()

    return CrossFitJudge.from_json(cached_json(f"{cache_name}-{name}-{key}.json.gz", train))


def _row_weights(labels: list[str], kinds: list[str], rows: list[int]) -> np.ndarray | None:
    """Weights of training `rows` (indices into `labels`; `kinds[i]` is "labelled", "negative" or "teacher"): the
    labelled responses balanced by class among themselves, as without other rows, and the generated negatives of a
    class together `NEGATIVE_WEIGHT` times the labelled responses of that class (teachers' turns `TEACHER_WEIGHT`
    times), so that they never outweigh the human labels."""
    if all(kinds[i] == "labelled" for i in rows):
        return None  # labelled responses only: the model balances the classes itself, as it always did
    counts = Counter(labels[i] for i in rows if kinds[i] == "labelled")
    total = sum(counts.values())
    weight = {label: total / (len(counts) * n) for label, n in counts.items()}
    share = {"negative": NEGATIVE_WEIGHT, "teacher": TEACHER_WEIGHT}
    others = Counter((kinds[i], labels[i]) for i in rows if kinds[i] != "labelled")
    other = {(kind, label): share[kind] * weight[label] * counts[label] / n for (kind, label), n in others.items()}
    return np.array([weight[labels[i]] if kinds[i] == "labelled" else other[kinds[i], labels[i]] for i in rows])


def _metadata_hash(metadata: Sequence[Mapping[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(list(metadata), sort_keys=True, default=repr).encode()).hexdigest()


def _source(function: Callable[..., Any] | None) -> str | None:
    """The source of a function (a lambda: its line), so that a changed rule trains anew."""
    if function is None:
        return None
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return function.__qualname__


def training_negatives(
    responses: list[str],
    metadata: list[dict[str, Any]],
    labels: list[str],
    history_keys: list[str],
    fold_of_history: dict[str, int],
    negative_label: Callable[[dict[str, str]], str | None] | None,
) -> list[tuple[str, dict[str, Any], str, int]]:
    """(response, metadata, label, fold) of each generated negative this judge learns from: one with a label of
    the judge's classes, in the fold of the conversation it was made from."""
    if negative_label is None:
        return []
    moments: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for response, meta, history in zip(responses, metadata, history_keys, strict=True):
        moments.setdefault(history, (meta, []))[1].append(response)
    label_of_response = {}
    for response, label in zip(responses, labels, strict=True):
        label_of_response.setdefault(text_key(response), label)
    generated = generate_negatives(
        [Moment(meta, fold_of_history[history], tuple(said)) for history, (meta, said) in moments.items()]
    )
    classes, rows = set(labels), []
    for negative in generated:
        label = negative_label(negative.labels)
        if label == SOURCE_LABEL:
            label = label_of_response.get(text_key(negative.source or ""))
        if label in classes:
            rows.append((negative.response, dict(negative.metadata), label, negative.group))
    return rows
