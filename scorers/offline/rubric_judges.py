"""Offline three-way judges for MRBench's eight dimensions, learnt from every dev-side human label we hold.

One linear text model per dimension (`text_model.py`, the same words-and-rule-features as `response_judges.py`),
trained on the labels as the annotators gave them (e.g. Yes / To some extent / No), cross-fitted the same way: a
response of the training data, or one that continues a training conversation, is scored by the fold model that held
its conversation out, so no judge scores what it learnt from.

Training data: the bundled MRBench V2 dev file, then MRBench V1 dev and the BEA 2025 dev file, each response once
(the three files share most conversations; a response already seen keeps its first labels). A dimension is learnt
from the responses labelled on it (the BEA file labels four).

What they can see and cannot see is what `response_judges.py` says. Like those, each also learns from turns
generated from the labelled moments in classes the annotators reject (`generated_negatives.py`), on the dimensions
whose label the guideline settles for that class. And Providing_Guidance and Mistake_Identification learn from human
teachers' turns too (`teacher_turn_rows`): the MRBench Expert is a human teacher whose short, plain questions the
LLM tutors' turns, most of the labels, taught the judges to under-credit (Expert -0.06 on guidance and -0.05 on
mistake identification by grouped CV; -0.02 and +0.01 with them). A label seen fewer than `MIN_LABEL_COUNT` times
(Tutor_Tone's "Offensive": once) cannot be learnt and is never predicted; the models' figures say so.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from trtutor.data.mrbench import DIMENSION_LABELS, MRBenchConversation, load_mrbench, moment_metadata
from trtutor.scorers.offline.response_judges import CrossFitJudge, cross_fit_judge, text_key

# MathDial's teacher moves that MRBench's annotators credit on a dimension, read off the MRBench Expert turns that
# are MathDial turns (`tests/test_rubric.py` keeps it true): Providing_Guidance, focus and probing 48 of 51 "Yes" or
# "To some extent" (telling 6 of 8, left out); Mistake_Identification, all three 56 of 59 (learnt only after a
# wrong answer, where MRBench's annotators judge it).
CREDITED_MOVES = {
    "Providing_Guidance": ("focus", "probing"),
    "Mistake_Identification": ("focus", "probing", "telling"),
}

C = 1.0  # three-way labels are noisier than the two-way ones; chosen by grouped 5-fold CV (0.3, 1, 3 tried)
MIN_LABEL_COUNT = 5
TRAINING_FILES = ("mrbench_v2_dev.json", "mrbench_v1_dev.json", "mrbench_v3_devset_dev.json")


def bundled_file(name: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("trtutor.data") / "bundled" / name))


@cache
def labelled_rows(
    files: tuple[str, ...] = TRAINING_FILES,
) -> tuple[tuple[MRBenchConversation, str, str, dict[str, str]], ...]:
    """(conversation, tutor, response, labels) for every labelled response of `files`, each response once (read
    once per process: every judge reads them)."""
    rows, seen = [], set()
    for name in files:
        conversations, _ = load_mrbench(bundled_file(name))
        for conversation in conversations:
            history = text_key(" ".join(turn.text for turn in conversation.turns))
            for tutor, labels in conversation.annotations.items():
                response = conversation.responses[tutor]
                key = (history, text_key(response))
                if key in seen:
                    continue
                seen.add(key)
                rows.append((conversation, tutor, response, labels))
    return tuple(rows)


@cache
def labelled_text_keys() -> frozenset[str]:
    """The `text_key` of every labelled response and of every turn of its conversation: what the judges' other
    training text (the tutor language model's turns, human teachers' turns) must not quote."""
    keys = set()
    for conversation, _, response, _ in labelled_rows():
        keys.add(text_key(response))
        keys.update(text_key(turn.text) for turn in conversation.turns)
    return frozenset(keys)


@cache
def rubric_judge_model(dimension: str) -> CrossFitJudge:
    """The cross-fitted three-way judge of an MRBench dimension (e.g. "Mistake_Location"), cached or trained now."""
    if dimension not in DIMENSION_LABELS:
        raise ValueError(f"Invalid dimension {dimension!r}. Must be one of: {', '.join(DIMENSION_LABELS)}")
    rows = [row for row in labelled_rows() if dimension in row[3]]
    counts = Counter(labels[dimension] for *_, labels in rows)
    rows = [row for row in rows if counts[row[3][dimension]] >= MIN_LABEL_COUNT]
    trained_on: dict[str, Any] = {
        "data": list(TRAINING_FILES),
        "label": dimension,
        "label_counts": dict(counts),
        "unlearnable_labels": sorted(label for label, n in counts.items() if n < MIN_LABEL_COUNT),
    }
    return cross_fit_judge(
        dimension,
        [response for _, _, response, _ in rows],
        [moment_metadata(conversation) for conversation, *_ in rows],
        [labels[dimension] for *_, labels in rows],
        trained_on,
        cache_name="rubric_judge",
        C=C,
        negative_label=lambda labels: labels.get(dimension),  # generated turns the guideline labels (this file's doc)
        teacher_rows=teacher_turn_rows(dimension),
    )


def teacher_turn_rows(dimension: str) -> list[tuple[str, dict[str, Any], str]]:
    """(turn, metadata, "Yes") for every MathDial human-teacher turn whose move the annotators credit on `dimension`
    (`CREDITED_MOVES`), at a moment like MRBench's: the turn answers a student turn (for Mistake_Identification, one
    whose answer is wrong). Only judge-train problems (`trtutor.data.splits`, so never the tasks' default samples),
    none of a labelled conversation's problem, and no turn a labelled file quotes: they never meet a scored response.
    """
    moves = CREDITED_MOVES.get(dimension)
    if moves is None:
        return []
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.splits import is_judge_train_problem
    from trtutor.data.turn_samples import turn_contexts, turn_sample
    from trtutor.scorers.offline.false_statements import student_answer_is_wrong

    quoted = labelled_text_keys()
    problems = {text_key(conversation.problem) for conversation, *_ in labelled_rows()}
    conversations = [
        conversation
        for conversation in load_conversations()[0]
        if is_judge_train_problem(conversation.qid) and text_key(conversation.question) not in problems
    ]
    rows = []
    for context in turn_contexts(conversations):
        turn = context.reference
        if turn.move not in moves or text_key(turn.text) in quoted or context.history[-1].speaker != "student":
            continue
        metadata = dict(turn_sample(context).metadata)
        if dimension == "Mistake_Identification" and not student_answer_is_wrong(metadata):
            continue
        rows.append((turn.text, metadata, "Yes"))
    return rows
