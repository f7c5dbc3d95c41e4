"""A teacher-move classifier (focus, probing, telling, generic) trained on MathDial's human move labels.

A linear text model (`text_model.py`) trained on the teacher turns of the judge-train problems
(`trtutor.data.splits`) of the bundled development data, cached after the first use.

What it sees: the words of the one turn. What it cannot see: the conversation, the problem or the numbers'
meaning -- "What is 12 + 3?" and "12 + 3 is 15." differ to it only by their wording.
"""

from __future__ import annotations

from functools import cache, lru_cache

from trtutor.data.mathdial import Conversation, load_conversations
from trtutor.data.splits import JUDGE_SPLIT_DESCRIPTION, is_judge_train_problem
from trtutor.scorers.offline.text_model import (
    TEXT_BLOCKS,
    LinearTextModel,
    cached_json,
    fingerprint,
    fit_linear_text_model,
)

CLASSIFIER_VERSION = 2
C = 1.0


def labelled_teacher_turns(conversations: list[Conversation]) -> tuple[list[str], list[str]]:
    """Texts and human move labels of every labelled teacher turn."""
    pairs = [(t.text, t.move) for c in conversations for t in c.turns if t.speaker == "teacher" and t.move]
    return [text for text, _ in pairs], [str(move) for _, move in pairs]


@cache
def default_move_classifier() -> LinearTextModel:
    """The classifier trained on the judge-train problems of the bundled dev data, from the cache or trained now."""
    conversations, report = load_conversations()
    train = [c for c in conversations if is_judge_train_problem(c.qid)]
    texts, labels = labelled_teacher_turns(train)
    key = fingerprint(CLASSIFIER_VERSION, TEXT_BLOCKS, C, JUDGE_SPLIT_DESCRIPTION, texts, labels)
    trained_on = {
        "data": report.source.rsplit("/", 1)[-1],
        "split": JUDGE_SPLIT_DESCRIPTION,
        "problems": len({c.qid for c in train}),
        "turns": len(texts),
        "fingerprint": key,
    }
    data = cached_json(
        f"move_classifier-{key}.json.gz", lambda: fit_linear_text_model(texts, labels, trained_on, C=C).to_json()
    )
    return LinearTextModel.from_json(data)


@lru_cache(maxsize=4096)
def move_probabilities(response: str) -> dict[str, float]:
    """{move: probability} of one turn; cached, since the `socratic` scorer and the learnt judges' features (three
    scorers of one sample) all ask for the same turn's."""
    classifier = default_move_classifier()
    return dict(zip(classifier.classes, classifier.predict_proba([response])[0].tolist(), strict=True))
