"""The leaderboard table: one row per talker, per metric its mean, interval, counts and the paired comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from trtutor.leaderboard.cards import CardChoice, card_difference, card_estimate, choose_card
from trtutor.leaderboard.cost import Prices, cost_columns
from trtutor.leaderboard.logs import LOWER_IS_BETTER, METRICS, LeaderboardData
from trtutor.leaderboard.stats import Comparison, Estimate, cluster_bootstrap, holm, paired_comparison

DISPLAY_NAMES = {
    "socratic": "socratic ↑",
    "answer_leakage": "answer leakage ↓",
    "correctness": "correctness ↑",
    "mistake_identification": "mistake identification ↑",
    "mistake_location": "mistake location ↑",
    "revealing_of_the_answer": "revealing of the answer ↓",
    "providing_guidance": "providing guidance ↑",
    "actionability": "actionability ↑",
    "coherence": "coherence ↑",
    "tutor_tone": "tutor tone ↑",
    "humanlikeness": "humanlikeness ↑",
    "pairwise": "win rate vs human ↑",
}


TOKENS_HEADER = "tokens / 1k turns (talker + judges)"
USD_HEADER = "USD / 1k turns"


@dataclass
class Leaderboard:
    """Numbers per talker and metric (`frame`, one row per talker) and what they come from."""

    frame: pd.DataFrame
    metrics: list[str]
    reference: str
    data: LeaderboardData
    card: CardChoice  # the judge card the estimates come from, or none and why (the numbers are then the judge's)
    prices: Prices | None = None  # with a price table, the rows' cost in US dollars

    @property
    def provenance(self) -> dict[str, Any]:
        return self.data.provenance


def build_leaderboard(
    data: LeaderboardData, reference: str | None = None, judge_card: str | None = None, prices: Prices | None = None
) -> Leaderboard:
    """Estimates for every talker and metric, every talker's paired comparison with the reference talker, and what
    each row cost.

    With a judge card (the offline judges' own, or `judge_card`), a metric the card covers is the estimate of the
    rate annotators would give (`<metric>_mean`, `_low`, `_high`; `cards.py`), and the judge's own rate is kept as
    `<metric>_judge_rate` with its bootstrap interval (`_judge_low`, `_judge_high`); without one, every number is
    the judge's rate.

    Args:
        data: What `read_logs` returned.
        reference: The talker every row is compared with. Defaults to "human teacher" when present, else the
            first talker.
        judge_card: A card written by `trtutor judge-card` for the logs' judge. Defaults to None: the offline
            judges' shipped card for offline-judged logs, no card for others.
        prices: A price table (`cost.load_prices`), for the rows' cost in US dollars; None: tokens only.
    """
    card = choose_card(str(data.provenance.get("judge", "?")), "judge" in data.mixed, judge_card)
    samples = data.samples
    talkers = list(dict.fromkeys(samples["talker"]))
    if reference is None:
        reference = "human teacher" if "human teacher" in talkers else talkers[0]
    if reference not in talkers:
        raise ValueError(f"reference talker {reference!r} is not among the logs: {', '.join(talkers)}")
    metrics = [m for m in METRICS if samples[m].notna().any()]
    reference_rows = samples[samples["talker"] == reference].set_index("sample_id")

    rows: list[dict[str, Any]] = []
    comparisons: list[tuple[int, str, Comparison]] = []
    for talker in talkers:
        rows_of_talker = samples[samples["talker"] == talker]
        row: dict[str, Any] = {"talker": talker}
        for metric in metrics:
            estimate: Estimate = cluster_bootstrap(rows_of_talker[metric], rows_of_talker["conversation_id"])
            row.update(
                {
                    f"{metric}_mean": estimate.mean,
                    f"{metric}_low": estimate.low,
                    f"{metric}_high": estimate.high,
                    f"{metric}_n": estimate.n,
                    f"{metric}_errors": estimate.errors,
                }
            )
            metric_card = card.card.metrics.get(metric) if card.card else None
            if metric_card is not None and estimate.n:
                mean, low, high, bias_from = card_estimate(
                    metric_card, talker, rows_of_talker[metric], rows_of_talker["conversation_id"]
                )
                row.update(
                    {
                        f"{metric}_mean": mean,
                        f"{metric}_low": low,
                        f"{metric}_high": high,
                        f"{metric}_judge_rate": estimate.mean,
                        f"{metric}_judge_low": estimate.low,
                        f"{metric}_judge_high": estimate.high,
                        f"{metric}_bias_from": bias_from,
                    }
                )
            if talker != reference:
                joined = rows_of_talker.set_index("sample_id").join(
                    reference_rows[[metric]], rsuffix="_reference", how="inner"
                )
                both = joined[metric].notna() & joined[f"{metric}_reference"].notna()
                if metric_card is not None and both.any():
                    comparison = Comparison(
                        *card_difference(metric_card, talker, reference, joined, metric), n=int(both.sum())
                    )
                else:
                    comparison = paired_comparison(
                        joined[metric], joined[f"{metric}_reference"], joined["conversation_id"]
                    )
                comparisons.append((len(rows), metric, comparison))
        rows.append(row)

    adjusted = holm([comparison.p_value for _, _, comparison in comparisons])
    for (index, metric, comparison), p_holm in zip(comparisons, adjusted, strict=True):
        rows[index].update(
            {
                f"{metric}_diff": comparison.difference,
                f"{metric}_diff_low": comparison.low,
                f"{metric}_diff_high": comparison.high,
                f"{metric}_p": comparison.p_value,
                f"{metric}_p_holm": p_holm,
                f"{metric}_paired_n": comparison.n,
            }
        )
    frame = pd.DataFrame(rows)
    frame["missing_samples"] = [data.missing.get(talker, 0) for talker in frame["talker"]]
    frame["flags"] = [data.flags.get(talker, "") for talker in frame["talker"]]
    cost = pd.DataFrame([cost_columns(data.usage.get(talker), prices) for talker in frame["talker"]], index=frame.index)
    frame = pd.concat([frame, cost], axis=1)
    # the reference first, then the best on the first metric; a flagged talker after every other
    first = metrics[0] if metrics else None
    if first is not None:
        ascending = first in LOWER_IS_BETTER
        others = frame[frame["talker"] != reference].sort_values(f"{first}_mean", ascending=ascending)
        others = pd.concat([others[others["flags"] == ""], others[others["flags"] != ""]])
        frame = pd.concat([frame[frame["talker"] == reference], others], ignore_index=True)
    return Leaderboard(frame, metrics, reference, data, card, prices)


def display_table(board: Leaderboard) -> pd.DataFrame:
    """The main table as people read it: one cell per metric, the mean and its interval
    (`0.916 [0.863, 0.968]`), and the scoring errors where there are any."""
    table = pd.DataFrame({"talker": board.frame["talker"]})
    f = board.frame
    if "missing_samples" in f and f["missing_samples"].any():  # only from --allow-incomplete
        table["missing samples"] = f["missing_samples"].astype(int)
    if (f["flags"] != "").any():  # talker-level checks (scorers/strategy.py); such rows are ranked last
        table["flags"] = f["flags"]
    for metric in board.metrics:
        table[DISPLAY_NAMES[metric]] = [
            _number(mean) + ("" if pd.isna(mean) else f" {_interval(low, high)}") + _errors(errors)
            for mean, low, high, errors in zip(
                f[f"{metric}_mean"], f[f"{metric}_low"], f[f"{metric}_high"], f[f"{metric}_errors"], strict=True
            )
        ]
    table[TOKENS_HEADER] = [
        "—" if pd.isna(total) else f"{total:.0f} ({talker:.0f} + {judges:.0f})"
        for total, talker, judges in zip(
            f["tokens_per_1k_turns"], f["talker_tokens_per_1k_turns"], f["judge_tokens_per_1k_turns"], strict=True
        )
    ]
    if board.prices is not None:
        table[USD_HEADER] = [
            f"no price for {unpriced.replace('; ', ', ')}" if unpriced else "—" if pd.isna(usd) else _usd(usd)
            for usd, unpriced in zip(f["usd_per_1k_turns"], f["unpriced_models"], strict=True)
        ]
    return table


def comparison_table(board: Leaderboard) -> pd.DataFrame:
    """The second table: per metric, each talker's difference from the reference talker (paired, with its
    interval), its Holm-corrected p-value, and the samples scored."""
    table = pd.DataFrame({"talker": board.frame["talker"]})
    f = board.frame
    for metric in board.metrics:
        name = DISPLAY_NAMES[metric]
        if f"{metric}_diff" in f:
            table[f"{name} Δ vs {board.reference}"] = [
                "—" if pd.isna(d) else f"{d:+.3f} {_interval(lo, hi)}"
                for d, lo, hi in zip(
                    f[f"{metric}_diff"], f[f"{metric}_diff_low"], f[f"{metric}_diff_high"], strict=True
                )
            ]
            table[f"{name} p (Holm)"] = f[f"{metric}_p_holm"].map(lambda p: "—" if pd.isna(p) else f"{p:.3g}")
        table[f"{name} n"] = f[f"{metric}_n"].astype(int)
    return table


def _usd(usd: float) -> str:
    # a few significant figures: a row may cost cents or hundreds of dollars per 1,000 turns
    return f"{usd:.2f}" if usd >= 1 else f"{usd:.3g}"


def _errors(errors: float) -> str:
    return "" if pd.isna(errors) or int(errors) == 0 else f" ({int(errors)} scoring error{'s' * (int(errors) > 1)})"


def _number(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:.3f}"


def _interval(low: float, high: float) -> str:
    return "—" if pd.isna(low) or pd.isna(high) else f"[{low:.3f}, {high:.3f}]"
