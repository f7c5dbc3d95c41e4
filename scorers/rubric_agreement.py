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
  resamples, fixed seed), since responses to one conversation are not independent;
- with a jury bound to the `grader` role (measured on its verdicts), `<dim>_grader_agreement` and its counts: how far
  its graders agree with one another (`scorers/jury.py`).

Macro-F1 averages over the labels that occur in the human or judge labels (scikit-learn's default). The pairs and
the statistics are those of `scorers/agreement_statistics.py`, which our three two-way verdicts
(`scorers/agreement.py`) use too; they are computed from confusion matrices so that the bootstrap is one matrix
product.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

import numpy as np
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.scorers.agreement_statistics import (
    LabelPair,
    accuracy,
    confusion,
    judged,
    kappa,
    label_pairs,
    macro_f1,
    scoring_errors,
    tutor_spearman,
    tutor_sums,
)
from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.jury import GRADER_VERDICTS, agreement_of
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


def lenient(confusion: np.ndarray) -> np.ndarray:
    """Merge the first two labels (Yes, To some extent) of (..., 3, 3) matrices into (..., 2, 2)."""
    merge = np.array([[1, 0], [1, 0], [0, 1]], dtype=float)
    return merge.T @ confusion @ merge


def dimension_agreement(
    pairs: list[LabelPair], dimension: str, *, resamples: int = BOOTSTRAP_RESAMPLES
) -> dict[str, float]:
    """Every statistic of one dimension, with its bootstrap interval over conversations, and the scoring errors."""
    result: dict[str, float] = {"scoring_errors": float(scoring_errors(pairs))}
    scored = judged(pairs)
    if not scored:
        return result
    conversations = sorted({pair.conversation for pair in scored})
    tutors = sorted({pair.tutor for pair in scored})
    by_conversation: dict[str, list[LabelPair]] = defaultdict(list)
    for pair in scored:
        by_conversation[pair.conversation].append(pair)
    # Per conversation: a confusion matrix, and per tutor the sums of human and judge values and the count.
    matrices = np.stack([confusion(by_conversation[c], 3) for c in conversations])
    sums = np.stack([tutor_sums(by_conversation[c], tutors, partial(label_value, dimension)) for c in conversations])

    def statistics(weights: np.ndarray) -> dict[str, np.ndarray]:
        # weights: (replicates, conversations) -- how often each conversation is drawn
        drawn = np.tensordot(weights, matrices, axes=1)
        per_tutor = np.tensordot(weights, sums, axes=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            human_rate = per_tutor[..., 0] / per_tutor[..., 2]
            judge_rate = per_tutor[..., 1] / per_tutor[..., 2]
        return {
            "exact_macro_f1": macro_f1(drawn),
            "exact_accuracy": accuracy(drawn),
            "lenient_macro_f1": macro_f1(lenient(drawn)),
            "lenient_accuracy": accuracy(lenient(drawn)),
            "kappa": kappa(drawn),
            "weighted_kappa": kappa(drawn, "quadratic"),
            "tutor_spearman": tutor_spearman(human_rate, judge_rate),
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


@metric
def rubric_agreement_metrics() -> Metric:
    """`<dim>_<statistic>` (and its `_ci_low`, `_ci_high`) for every dimension some response is labelled on."""

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        result: dict[str, float] = {}
        for dimension in ALL_DIMENSIONS:
            pairs = label_pairs(scores, dimension)
            if pairs:
                for name, value in dimension_agreement(pairs, dimension).items():
                    result[f"{dimension}_{name}"] = value
                ballots = ((score.score.metadata or {}).get(dimension, {}).get(GRADER_VERDICTS) for score in scores)
                result |= {k: v for k, v in agreement_of(ballots, f"{dimension}_").items() if v is not None}
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
                **({GRADER_VERDICTS: verdict.details[GRADER_VERDICTS]} if GRADER_VERDICTS in verdict.details else {}),
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
