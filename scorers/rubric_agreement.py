"""Agreement with human labels on MRBench's dimensions, by the BEA 2025 shared task's definitions.

`rubric_agreement` puts each dimension's judge label beside the human label of a labelled response (as indices into
the dimension's labels, best first; -1 = none). `rubric_agreement_metrics` computes, for every dimension some
response is labelled on:

- `<dim>_exact_macro_f1`, `<dim>_exact_accuracy`: over the three labels (the shared task's "exact");
- `<dim>_lenient_macro_f1`, `<dim>_lenient_accuracy`: Yes and To some extent merged (the shared task's "lenient";
  for revealing, either Yes; for tone, Encouraging and Neutral);
- `<dim>_kappa` (Cohen's, three-way), `<dim>_weighted_kappa` (quadratic, on the labels' order);
- `<dim>_tutor_spearman`: Spearman across tutors of the mean human value and the mean judge value (1 / 0.5 / 0);
- `<dim>_scoring_errors`: labelled responses the judge gave no verdict on (they are left out of the rest);
- `<dim>_<metric>_ci_low` and `_ci_high`: a 95 % percentile bootstrap interval over conversations (1,000
  resamples, fixed seed), since responses to one conversation are not independent.

Macro-F1 averages over the labels that occur in the human or judge labels (scikit-learn's default); the metrics are
computed from confusion matrices so that the bootstrap is one matrix product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.rubric import ALL_DIMENSIONS, RUBRIC_DIMENSIONS, labels_of, rubric_judge

BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20250
STATISTICS = (
    "exact_macro_f1",
    "exact_accuracy",
    "lenient_macro_f1",
    "lenient_accuracy",
    "kappa",
    "weighted_kappa",
    "tutor_spearman",
)
LABEL_VALUES = np.array([1.0, 0.5, 0.0])  # value of label index 0, 1, 2 (revealing: see `label_value`)


def label_value(dimension: str, index: int) -> float:
    if dimension == "revealing_of_the_answer":
        return 0.0 if index == 2 else 1.0
    return float(LABEL_VALUES[index])


# --- statistics of (many) confusion matrices -------------------------------------------------------------------


def macro_f1(confusion: np.ndarray) -> np.ndarray:
    """Macro-F1 of confusion matrices (..., K, K) [human, judge], over the labels present in either."""
    true_positive = np.diagonal(confusion, axis1=-2, axis2=-1)
    human, judge = confusion.sum(axis=-1), confusion.sum(axis=-2)
    present = (human + judge) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(present, 2 * true_positive / (human + judge), 0.0)
    return f1.sum(axis=-1) / np.maximum(present.sum(axis=-1), 1)


def accuracy(confusion: np.ndarray) -> np.ndarray:
    total = confusion.sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.diagonal(confusion, axis1=-2, axis2=-1).sum(axis=-1) / total


def kappa(confusion: np.ndarray, weights: str | None = None) -> np.ndarray:
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


def lenient(confusion: np.ndarray) -> np.ndarray:
    """Merge the first two labels (Yes, To some extent) of (..., 3, 3) matrices into (..., 2, 2)."""
    merge = np.array([[1, 0], [1, 0], [0, 1]], dtype=float)
    return merge.T @ confusion @ merge


def spearman_rows(human: np.ndarray, judge: np.ndarray) -> np.ndarray:
    """Spearman correlation of each row pair (rows: resamples; columns: tutors), NaN where undefined."""
    from scipy.stats import rankdata

    rank_h, rank_j = rankdata(human, axis=-1), rankdata(judge, axis=-1)
    rank_h = rank_h - rank_h.mean(axis=-1, keepdims=True)
    rank_j = rank_j - rank_j.mean(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rank_h * rank_j).sum(axis=-1) / np.sqrt((rank_h**2).sum(axis=-1) * (rank_j**2).sum(axis=-1))


# --- from sample scores to figures -----------------------------------------------------------------------------


def dimension_pairs(scores: Sequence[SampleScore], dimension: str) -> list[tuple[int, int, str, str]]:
    """(human index, judge index, tutor, conversation) of the responses labelled on `dimension`; judge -1 = error."""
    pairs = []
    for sample_score in scores:
        value = sample_score.score.value
        if not isinstance(value, dict) or f"{dimension}_human" not in value:
            continue
        human = int(value[f"{dimension}_human"])
        if human < 0:
            continue
        metadata = sample_score.sample_metadata or {}
        pairs.append(
            (
                human,
                int(value[f"{dimension}_judge"]),
                str(metadata.get("tutor", "")),
                str(metadata.get("conversation_id", sample_score.sample_id)).split("~")[0],
            )
        )
    return pairs


def dimension_agreement(
    pairs: list[tuple[int, int, str, str]], dimension: str, *, resamples: int = BOOTSTRAP_RESAMPLES
) -> dict[str, float]:
    """Every statistic of one dimension, with its bootstrap interval over conversations, and the scoring errors."""
    result: dict[str, float] = {"scoring_errors": float(sum(1 for _, judge, _, _ in pairs if judge < 0))}
    scored = [pair for pair in pairs if pair[1] >= 0]
    if not scored:
        return result
    conversations = sorted({conversation for *_, conversation in scored})
    tutors = sorted({tutor for _, _, tutor, _ in scored})
    conversation_index = {c: i for i, c in enumerate(conversations)}
    tutor_index = {t: i for i, t in enumerate(tutors)}
    # Per conversation: a confusion matrix, and per tutor the sums of human and judge values and the count.
    confusion = np.zeros((len(conversations), 3, 3))
    sums = np.zeros((len(conversations), len(tutors), 3))
    for human, judge, tutor, conversation in scored:
        c, t = conversation_index[conversation], tutor_index[tutor]
        confusion[c, human, judge] += 1
        sums[c, t] += (label_value(dimension, human), label_value(dimension, judge), 1.0)

    def statistics(weights: np.ndarray) -> dict[str, np.ndarray]:
        # weights: (replicates, conversations) -- how often each conversation is drawn
        matrices = np.tensordot(weights, confusion, axes=1)
        per_tutor = np.tensordot(weights, sums, axes=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            human_rate = per_tutor[..., 0] / per_tutor[..., 2]
            judge_rate = per_tutor[..., 1] / per_tutor[..., 2]
        return {
            "exact_macro_f1": macro_f1(matrices),
            "exact_accuracy": accuracy(matrices),
            "lenient_macro_f1": macro_f1(lenient(matrices)),
            "lenient_accuracy": accuracy(lenient(matrices)),
            "kappa": kappa(matrices),
            "weighted_kappa": kappa(matrices, "quadratic"),
            "tutor_spearman": spearman_rows(human_rate, judge_rate)
            if len(tutors) >= 3
            else np.full(len(weights), np.nan),
        }

    point = statistics(np.ones((1, len(conversations))))
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    draws = rng.integers(0, len(conversations), size=(resamples, len(conversations)))
    weights = np.zeros((resamples, len(conversations)))
    np.add.at(weights, (np.arange(resamples)[:, None], draws), 1.0)
    replicates = statistics(weights)
    for name in STATISTICS:
        result[name] = float(point[name][0])
        finite = replicates[name][np.isfinite(replicates[name])]
        low, high = np.percentile(finite, [2.5, 97.5]) if len(finite) else (np.nan, np.nan)
        result[f"{name}_ci_low"], result[f"{name}_ci_high"] = float(low), float(high)
    return result


def tutor_table(pairs: list[tuple[int, int, str, str]], dimension: str) -> dict[str, tuple[float, float, int]]:
    """Per tutor: (mean human value, mean judge value, responses), scored responses only."""
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for human, judge, tutor, _ in pairs:
        if judge >= 0:
            groups[tutor].append((human, judge))
    return {
        tutor: (
            sum(label_value(dimension, h) for h, _ in rows) / len(rows),
            sum(label_value(dimension, j) for _, j in rows) / len(rows),
            len(rows),
        )
        for tutor, rows in sorted(groups.items())
    }


@metric
def rubric_agreement_metrics() -> Metric:
    """`<dim>_<statistic>` (and its `_ci_low`, `_ci_high`) for every dimension some response is labelled on."""

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        result: dict[str, float] = {}
        for dimension in ALL_DIMENSIONS:
            pairs = dimension_pairs(scores, dimension)
            if pairs:
                for name, value in dimension_agreement(pairs, dimension).items():
                    result[f"{dimension}_{name}"] = value
        return result

    return compute


@scorer(metrics=[rubric_agreement_metrics()])
def rubric_agreement(judge: JudgeKind = "offline", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """The judge's label on each dimension of a labelled response, beside the human label.

    Args:
        judge: "llm" (the `grader` model role, one call per response) or "offline".
        dimensions: The dimensions to judge (scorer names of `scorers/rubric.py`). Defaults to all eight.
    """
    rubric = rubric_judge(judge)
    dimensions = tuple(dimensions)

    async def score(state: TaskState, target: Target) -> Score:
        verdicts = await rubric(state, dimensions)
        annotation: dict[str, str] = state.metadata.get("annotation") or {}
        value: dict[str, int] = {}
        details: dict[str, Any] = {}
        for dimension in dimensions:
            labels = labels_of(dimension)
            human = annotation.get(RUBRIC_DIMENSIONS[dimension])
            verdict = verdicts[dimension]
            value[f"{dimension}_human"] = labels.index(human) if human in labels else -1
            value[f"{dimension}_judge"] = labels.index(verdict.label) if verdict.label in labels else -1
            details[dimension] = {
                "human": human,
                "judge": verdict.label,
                "rationale": verdict.rationale,
                "judge_name": verdict.judge,
                **({"error_reason": verdict.error_reason} if verdict.error_reason else {}),
            }
        return Score(
            value=value,  # type: ignore[arg-type]
            explanation="; ".join(
                f"{d}: {v['judge'] or 'error'} (human {v['human'] or '-'})" for d, v in details.items()
            ),
            metadata=details,
        )

    return score
