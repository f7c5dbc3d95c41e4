"""Which judge card a leaderboard reads, and the estimate of the annotators' rate it gives each cell.

The offline judges ship their card (`trtutor/data/bundled/judge_card_offline.json`, built by `trtutor judge-card` from
the MRBench dev responses, cross-fitted); any other judge's card is given with `--judge-card CARD.json`. A card
applies only to logs of the judge it was built for (the same grader, or the same version of the offline judges).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from trtutor.leaderboard.logs import REPLAY_SUFFIX
from trtutor.leaderboard.stats import cluster_sums
from trtutor.scorers.judge_card import (
    CONFIDENCE,
    DRAWS,
    JudgeCard,
    MetricCard,
    difference_draws,
    estimate_draws,
    read_card,
)

SHIPPED_OFFLINE_CARD = "judge_card_offline.json"


def shipped_offline_card() -> Path:
    return Path(str(resources.files("trtutor.data") / "bundled" / SHIPPED_OFFLINE_CARD))


@dataclass(frozen=True)
class CardChoice:
    card: JudgeCard | None
    note: str  # what the table's header says about it


def choose_card(judge: str, mixed: bool, judge_card: str | None) -> CardChoice:
    """The card for logs judged by `judge`: the one given, else the offline judges' own, else none (and why).
    `mixed`: the logs differ in their judge (--allow-mixed), so no one card fits them.

    Raises:
        ValueError: a given card that is not the card of the logs' judge (or that cannot be read).
    """
    if judge_card is not None:
        card = read_card(judge_card)
        if mixed:
            raise ValueError(f"--judge-card {judge_card}: the logs have different judges, so no one card fits them")
        if card.judge != judge:
            raise ValueError(
                f"--judge-card {judge_card} is the card of {card.judge}, but these logs were judged by {judge}; "
                "build the card of this judge with tasks/judge_agreement.py and `trtutor judge-card`"
            )
        return CardChoice(card, f"judge card {judge_card}")
    if not judge.startswith("offline judges"):
        how = "build one from a tasks/judge_agreement.py log of this judge with `trtutor judge-card LOG`"
        return CardChoice(None, f"no judge card for {judge} was given (--judge-card; {how})")
    shipped = read_card(shipped_offline_card())
    if mixed:
        return CardChoice(None, "the logs have different judges, so no card is applied")
    if shipped.judge != judge:
        return CardChoice(None, f"the shipped card is for {shipped.judge}, and these logs were judged by {judge}")
    return CardChoice(shipped, f"the offline judges' shipped card ({shipped.data}, cross-fitted)")


def card_tutor(talker: str, metric: MetricCard) -> str | None:
    """The card's tutor a talker is (an MRBench tutor replayed), if the card measured it."""
    if talker.endswith(REPLAY_SUFFIX) and metric.tutor(talker.removesuffix(REPLAY_SUFFIX)):
        return talker.removesuffix(REPLAY_SUFFIX)
    return None


def _two_way(values: pd.Series, metric: str) -> np.ndarray:
    verdicts = values.to_numpy(dtype=float)
    if not np.isin(verdicts, (0.0, 1.0)).all():
        raise ValueError(f"{metric}: a judge card maps two-way verdicts (0 or 1), and these logs hold other values")
    return verdicts


def card_estimate(
    metric: MetricCard, talker: str, values: pd.Series, conversations: pd.Series
) -> tuple[float, float, float, str]:
    """The estimate of the annotators' rate for one cell, its 95 % interval, and whose bias was taken off."""
    scored = values.notna()
    verdicts = _two_way(values[scored], metric.metric)
    sums, turns = cluster_sums(values[scored], conversations[scored])
    tutor = card_tutor(talker, metric)
    estimate, draws = estimate_draws(metric, sums, turns, verdicts, talker=tutor)
    low, high = np.quantile(draws, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    return estimate, float(low), float(high), metric.bias_for(tutor)[2]


def card_difference(
    metric: MetricCard, talker: str, reference: str, joined: pd.DataFrame, column: str
) -> tuple[float, float, float, float]:
    """Talker minus reference in estimated annotators' rates on the samples both scored: the difference, its 95 %
    interval and a two-sided bootstrap p-value."""
    both = joined[column].notna() & joined[f"{column}_reference"].notna()
    rows = joined[both]
    talker_sums, turns = cluster_sums(rows[column], rows["conversation_id"])
    reference_sums, _ = cluster_sums(rows[f"{column}_reference"], rows["conversation_id"])
    difference, draws = difference_draws(
        metric, talker_sums, reference_sums, turns,
        _two_way(rows[column], metric.metric), _two_way(rows[f"{column}_reference"], metric.metric),
        talker=card_tutor(talker, metric), reference=card_tutor(reference, metric),
    )  # fmt: skip
    low, high = np.quantile(draws, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    # the share of draws on the far side of 0, both tails; (k + 1) / (B + 1) so that it is never 0
    tail = min(int((draws <= 0).sum()), int((draws >= 0).sum()))
    return difference, float(low), float(high), min(1.0, 2 * (tail + 1) / (DRAWS + 1))
