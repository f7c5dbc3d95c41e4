"""A teacher-move classifier (focus, probing, telling, generic) trained on MathDial's human move labels.

TF-IDF over word 1-2-grams and character 2-5-grams, then multinomial logistic regression, trained on the teacher
turns of the judge-train problems (`trtutor.data.splits`) of the bundled development data. Trained once and cached
as JSON (weights and vocabulary, no pickle) under `$TRTUTOR_CACHE_DIR` (default `~/.cache/trtutor`); the file name
carries a hash of the training data and settings, so a change to either trains a new one.

What it sees: the words of the one turn. What it cannot see: the conversation, the problem or the numbers'
meaning -- "What is 12 + 3?" and "12 + 3 is 15." differ to it only by their wording.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from trtutor.data.mathdial import Conversation, load_conversations
from trtutor.data.splits import JUDGE_SPLIT_DESCRIPTION, is_judge_train_problem

CLASSIFIER_VERSION = 1
SETTINGS: dict[str, Any] = {
    "word": {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 3, "sublinear_tf": True},
    "C": 4.0,
}


@dataclass(frozen=True)
class MoveClassifier:
    """A trained classifier: vocabularies and idf per feature block, and the linear weights."""

    classes: tuple[str, ...]
    blocks: tuple[dict[str, Any], ...]  # each: settings, vocabulary, idf
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    trained_on: dict[str, Any]

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probability of each move in `classes`, one row per text."""
        from scipy.sparse import hstack

        features = hstack([vectorizer.transform(texts) for vectorizer in self._vectorizers]).tocsr()
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        return probabilities / probabilities.sum(axis=1, keepdims=True)

    @cached_property
    def _vectorizers(self) -> list[Any]:
        # built once per classifier, not once per scored turn
        return [_vectorizer(block) for block in self.blocks]

    def predict(self, texts: list[str]) -> list[str]:
        return [self.classes[index] for index in self.predict_proba(texts).argmax(axis=1)]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": CLASSIFIER_VERSION,
            "classes": list(self.classes),
            "blocks": [
                {
                    "settings": {**b["settings"], "ngram_range": list(b["settings"]["ngram_range"])},
                    "vocabulary": b["vocabulary"],
                    "idf": list(b["idf"]),
                }
                for b in self.blocks
            ],
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MoveClassifier:
        blocks = tuple(
            {
                "settings": {**b["settings"], "ngram_range": tuple(b["settings"]["ngram_range"])},
                "vocabulary": b["vocabulary"],
                "idf": np.asarray(b["idf"]),
            }
            for b in data["blocks"]
        )
        return cls(
            tuple(data["classes"]), blocks, np.asarray(data["coef"]), np.asarray(data["intercept"]), data["trained_on"]
        )


def labelled_teacher_turns(conversations: list[Conversation]) -> tuple[list[str], list[str]]:
    """Texts and human move labels of every labelled teacher turn."""
    pairs = [
        (turn.text, turn.move) for c in conversations for turn in c.turns if turn.speaker == "teacher" and turn.move
    ]
    return [text for text, _ in pairs], [move for _, move in pairs]  # type: ignore[misc]


def train_move_classifier(texts: list[str], labels: list[str], trained_on: dict[str, Any]) -> MoveClassifier:
    """Fit the classifier on labelled teacher turns."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    blocks, matrices = [], []
    for name in ("word", "char"):
        vectorizer = TfidfVectorizer(**SETTINGS[name])
        matrices.append(vectorizer.fit_transform(texts))
        vocabulary = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
        blocks.append({"settings": SETTINGS[name], "vocabulary": vocabulary, "idf": vectorizer.idf_})
    model = LogisticRegression(C=SETTINGS["C"], max_iter=2000, class_weight="balanced")
    model.fit(hstack(matrices).tocsr(), labels)
    return MoveClassifier(
        tuple(str(label) for label in model.classes_), tuple(blocks), model.coef_, model.intercept_, trained_on
    )


@cache
def default_move_classifier() -> MoveClassifier:
    """The classifier trained on the judge-train problems of the bundled dev data, from the cache or trained now."""
    conversations, report = load_conversations()
    train = [c for c in conversations if is_judge_train_problem(c.qid)]
    texts, labels = labelled_teacher_turns(train)
    fingerprint = hashlib.sha256(
        json.dumps([CLASSIFIER_VERSION, repr(SETTINGS), JUDGE_SPLIT_DESCRIPTION, texts, labels]).encode()
    ).hexdigest()[:16]
    path = cache_dir() / f"move_classifier-{fingerprint}.json.gz"
    if path.is_file():
        with gzip.open(path, "rt", encoding="utf-8") as file:
            return MoveClassifier.from_json(json.load(file))
    trained_on = {
        "data": report.source.rsplit("/", 1)[-1],
        "split": JUDGE_SPLIT_DESCRIPTION,
        "problems": len({c.qid for c in train}),
        "turns": len(texts),
        "fingerprint": fingerprint,
    }
    classifier = train_move_classifier(texts, labels, trained_on)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    with gzip.open(partial, "wt", encoding="utf-8") as file:
        json.dump(classifier.to_json(), file)
    partial.replace(path)  # atomic: parallel runs never read a half-written file
    return classifier


def cache_dir() -> Path:
    return Path(os.environ.get("TRTUTOR_CACHE_DIR", Path.home() / ".cache" / "trtutor"))


def _vectorizer(block: dict[str, Any]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(**block["settings"])
    vectorizer.vocabulary_ = block["vocabulary"]
    vectorizer.idf_ = np.asarray(block["idf"])
    return vectorizer
