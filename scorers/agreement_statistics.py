"""Agreement of a judge with human labels: the pairs and the statistics, one code path for every rubric.

A pair is one labelled response: the human label and the judge's label as indices into the dimension's labels (our
two-way verdicts: 0 = no, 1 = yes; MRBench's three-way dimensions: best first; MathDial: the move), the judge's
`NO_VERDICT` where it gave none (a scoring error), with the response's tutor and conversation. Every statistic of
agreement is computed from confusion matrices [human, judge] of shape (..., K, K), for two labels as for three, so
that `scorers/rubric_agreement.py` bootstraps them over conversations with one matrix product.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, NamedTuple

import numpy as np
from inspect_ai.scorer import SampleScore

NO_VERDICT = -1
MIN_TUTORS = 3  # a rank correlation across fewer tutors says nothing


class LabelPair(NamedTuple):
    human: int
    judge: int  # NO_VERDICT: the judge gave no verdict
    tutor: str
    conversation: str


def label_pairs(scores: Sequence[SampleScore], dimension: str) -> list[LabelPair]:
    """The pairs of the responses labelled on `dimension`, read from the values `<dimension>_human` and
    `<dimension>_judge` (indices). A response without a human label there (absent, NaN or negative) is not labelled,
    which is no error; a judge label that is absent, NaN or negative is `NO_VERDICT`."""
    pairs = []
    for sample_score in scores:
        value = sample_score.score.value
        if not isinstance(value, dict):
            continue
        human = _index(value.get(f"{dimension}_human"))
        if human is None:
            continue
        judge = _index(value.get(f"{dimension}_judge"))
        metadata = sample_score.sample_metadata or {}
        pairs.append(
            LabelPair(
                human,
                NO_VERDICT if judge is None else judge,
                str(metadata.get("tutor", "")),
                # one conversation's moments (BEA 2025 "id~n") are one conversation
                str(metadata.get("conversation_id", sample_score.sample_id)).split("~")[0],
            )
        )
    return pairs


def _index(value: object) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    index = int(value)  # type: ignore[call-overload]
    return index if index >= 0 else None


def judged(pairs: Iterable[LabelPair]) -> list[LabelPair]:
    """The pairs the judge gave a verdict on: every statistic is computed on these."""
    return [pair for pair in pairs if pair.judge != NO_VERDICT]


def scoring_errors(pairs: Iterable[LabelPair]) -> int:
    """Labelled responses the judge gave no verdict on (they are left out of every statistic)."""
    return sum(1 for pair in pairs if pair.judge == NO_VERDICT)


# --- statistics of (many) confusion matrices -------------------------------------------------------------------


def confusion(pairs: Iterable[LabelPair], labels: int) -> np.ndarray:
    """The (labels, labels) confusion matrix [human, judge] of the pairs with a verdict."""
    matrix = np.zeros((labels, labels))
    for pair in judged(pairs):
        matrix[pair.human, pair.judge] += 1
    return matrix


def label_f1(confusion: np.ndarray) -> np.ndarray:
    """F1 of each label (..., K) of confusion matrices (..., K, K); 0 for a label on neither side."""
    true_positive = np.diagonal(confusion, axis1=-2, axis2=-1)
    human, judge = confusion.sum(axis=-1), confusion.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((human + judge) > 0, 2 * true_positive / (human + judge), 0.0)


def macro_f1(confusion: np.ndarray, *, absent: Literal["skipped", "zero"] = "skipped") -> np.ndarray:
    """Macro-F1 of confusion matrices. A label on neither side is `skipped` (the mean is over the labels present,
    scikit-learn's default) or counts as F1 `zero` (scikit-learn's `labels=` all of them)."""
    f1 = label_f1(confusion)
    if absent == "zero":
        return f1.sum(axis=-1) / f1.shape[-1]
    present = (confusion.sum(axis=-1) + confusion.sum(axis=-2)) > 0
    return f1.sum(axis=-1) / np.maximum(present.sum(axis=-1), 1)


def accuracy(confusion: np.ndarray) -> np.ndarray:
    total = confusion.sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.diagonal(confusion, axis1=-2, axis2=-1).sum(axis=-1) / total


def kappa(confusion: np.ndarray, weights: Literal["quadratic"] | None = None) -> np.ndarray:
    """Cohen's kappa of confusion matrices; `weights="quadratic"` for the weighted one (as scikit-learn)."""
    k = confusion.shape[-1]
    if weights == "quadratic":
        index = np.arange(k)
        w = (index[:, None] - index[None, :]) ** 2.0
    else:
        w = 1.0 - np.eye(k)
    total = confusion.sum(axis=(-2, -1), keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = confusion.sum(axis=-1, keepdims=True) * confusion.sum(axis=-2, keepdims=True) / total
        value = 1.0 - (w * confusion).sum(axis=(-2, -1)) / (w * expected).sum(axis=(-2, -1))
    # one label only on both sides: no agreement beyond chance to speak of
    return np.where(np.isfinite(value), value, 0.0)


def fleiss_kappa(counts: np.ndarray) -> float:
    """Fleiss' kappa of a (subjects, categories) table of how many raters put each subject in each category (every
    subject rated by at least two raters; the same number for the textbook statistic). NaN where it is undefined:
    no subject, or every rating in one category (agreement is then complete, and the chance of it too)."""
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0:
        return float("nan")
    raters = counts.sum(axis=1)
    observed = (((counts**2).sum(axis=1) - raters) / (raters * (raters - 1))).mean()
    shares = counts.sum(axis=0) / counts.sum()
    expected = float((shares**2).sum())
    return float("nan") if np.isclose(expected, 1.0) else float((observed - expected) / (1.0 - expected))


# --- per tutor ---------------------------------------------------------------------------------------------------


def tutor_sums(pairs: Iterable[LabelPair], tutors: Sequence[str], value: Callable[[int], float]) -> np.ndarray:
    """(len(tutors), 3): per tutor the sum of the human values, of the judge values, and the count, over the pairs
    with a verdict; `value` maps a label index to its value (a two-way label is its own value)."""
    index = {tutor: i for i, tutor in enumerate(tutors)}
    sums = np.zeros((len(tutors), 3))
    for pair in judged(pairs):
        sums[index[pair.tutor]] += (value(pair.human), value(pair.judge), 1.0)
    return sums


def tutor_means(pairs: Sequence[LabelPair], value: Callable[[int], float]) -> dict[str, tuple[float, float, int]]:
    """Per tutor, in name order: (mean human value, mean judge value, responses), over the pairs with a verdict."""
    tutors = sorted({pair.tutor for pair in judged(pairs)})
    sums = tutor_sums(pairs, tutors, value)
    return {
        tutor: (float(human / count), float(judge / count), int(count))
        for tutor, (human, judge, count) in zip(tutors, sums, strict=True)
    }


def tutor_spearman(human: np.ndarray, judge: np.ndarray) -> np.ndarray:
    """Spearman correlation of each row pair of per-tutor means (rows: resamples; columns: tutors); NaN where it is
    undefined (a constant row) or there are fewer than `MIN_TUTORS` tutors."""
    from scipy.stats import rankdata

    if human.shape[-1] < MIN_TUTORS:
        return np.full(human.shape[:-1], np.nan)
    rank_h, rank_j = rankdata(human, axis=-1), rankdata(judge, axis=-1)
    rank_h = rank_h - rank_h.mean(axis=-1, keepdims=True)
    rank_j = rank_j - rank_j.mean(axis=-1, keepdims=True)
    # The sums of centred ranks are exact, so this rounds fewer times than scipy's spearmanr (np.corrcoef), from
    # which it can differ in the last digit.
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rank_h * rank_j).sum(axis=-1) / np.sqrt((rank_h**2).sum(axis=-1) * (rank_j**2).sum(axis=-1))


def pairs_tutor_spearman(pairs: Sequence[LabelPair], value: Callable[[int], float]) -> float:
    """Spearman correlation across tutors of the mean human and mean judge values of the pairs."""
    means = tutor_means(pairs, value)
    human = np.array([[h for h, _, _ in means.values()]])
    judge = np.array([[j for _, j, _ in means.values()]])
    return float(tutor_spearman(human, judge)[0])
