"""Statistics for leaderboards: intervals by bootstrap over conversations, paired tests, Holm's correction.

Turns of one conversation are not independent (the same student, the same problem), so every resampling draws
whole conversations: the mean of a resample is the sum of its conversations' scores over their count of turns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95
RESAMPLES = 2000
# Enough permutations that the smallest p-value (1 / 10,000) survives Holm's correction over a large table.
PERMUTATIONS = 9999
SEED = 20261125


@dataclass(frozen=True)
class Estimate:
    mean: float
    low: float
    high: float
    n: int  # samples with a score
    errors: int  # samples without one (scoring errors)


@dataclass(frozen=True)
class Comparison:
    difference: float  # talker minus reference, on the samples both scored
    low: float
    high: float
    p_value: float
    n: int


def cluster_sums(values: pd.Series, clusters: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per cluster (conversation, in sorted order): the sum of `values` and their count."""
    frame = pd.DataFrame({"value": values.to_numpy(dtype=float), "cluster": clusters.to_numpy()})
    grouped = frame.groupby("cluster", sort=True)["value"]
    return grouped.sum().to_numpy(), grouped.count().to_numpy(dtype=float)


def _ratio(sums: np.ndarray, counts: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.sum(sums, axis=axis) / np.sum(counts, axis=axis)


def _ratio_interval(sums: np.ndarray, counts: np.ndarray) -> tuple[float, float]:
    """95 % percentile bootstrap interval of sum(sums) / sum(counts), resampling clusters (`scipy.stats.bootstrap`)."""
    interval = stats.bootstrap(
        (sums, counts),
        _ratio,
        paired=True,
        vectorized=True,
        n_resamples=RESAMPLES,
        confidence_level=CONFIDENCE,
        method="percentile",
        random_state=np.random.default_rng(SEED),
    ).confidence_interval
    return float(interval.low), float(interval.high)


def cluster_bootstrap(values: pd.Series, clusters: pd.Series) -> Estimate:
    """Mean of `values` (NaN = a scoring error, left out and counted) with a 95 % percentile bootstrap interval
    over clusters (conversations), computed by `scipy.stats.bootstrap`."""
    scored = values.notna()
    n, errors = int(scored.sum()), int((~scored).sum())
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0, errors)
    sums, counts = cluster_sums(values[scored], clusters[scored])
    mean = float(sums.sum() / counts.sum())
    if len(sums) < 2:
        return Estimate(mean, float("nan"), float("nan"), n, errors)
    low, high = _ratio_interval(sums, counts)
    return Estimate(mean, low, high, n, errors)


def paired_comparison(talker: pd.Series, reference: pd.Series, clusters: pd.Series) -> Comparison:
    """Talker minus reference on the samples both scored: a bootstrap interval and a permutation test, both over
    conversations (a permutation swaps a whole conversation's talker and reference scores)."""
    both = talker.notna() & reference.notna()
    n = int(both.sum())
    if n == 0:
        return Comparison(float("nan"), float("nan"), float("nan"), float("nan"), 0)
    talker_sums, counts = cluster_sums(talker[both], clusters[both])
    reference_sums, _ = cluster_sums(reference[both], clusters[both])
    difference = float((talker_sums.sum() - reference_sums.sum()) / counts.sum())
    if len(counts) < 2:
        return Comparison(difference, float("nan"), float("nan"), float("nan"), n)
    total = counts.sum()

    def mean_difference(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
        return (np.sum(x, axis=axis) - np.sum(y, axis=axis)) / total

    low, high = _ratio_interval(talker_sums - reference_sums, counts)
    test = stats.permutation_test(
        (talker_sums, reference_sums),
        mean_difference,
        permutation_type="samples",
        vectorized=True,
        n_resamples=PERMUTATIONS,
        alternative="two-sided",
        random_state=np.random.default_rng(SEED),
    )
    return Comparison(difference, low, high, float(test.pvalue), n)


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjustment of p-values (NaN stays NaN and does not count as a test)."""
    indexed = sorted((p, i) for i, p in enumerate(p_values) if not np.isnan(p))
    adjusted = [float("nan")] * len(p_values)
    running = 0.0
    tests = len(indexed)
    for rank, (p, index) in enumerate(indexed):
        running = max(running, min(1.0, (tests - rank) * p))
        adjusted[index] = running
    return adjusted
