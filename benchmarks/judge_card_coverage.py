"""Do a judge card's intervals cover what annotators say on conversations the card never saw? The dev-side mirror of
issue 26's held-out check (nine MRBench tutors replayed on held-out conversations, offline judges).

    python -m benchmarks.judge_card_coverage LOG [--splits 10] [--out results/judge-card-offline.md]

LOG is a `tasks/judge_agreement.py` log (our three verdicts on MRBench responses). For each split, the conversations
are halved at random: a card is built from one half, and every tutor's annotator rate on the other half is
estimated from its judge verdicts there, as the leaderboard estimates it (`estimate_draws`, the tutor's own bias
for a tutor the card measured); then the halves swap. Reported: how many tutor × metric cells the 95 % intervals
cover, their mean width, the mean |estimate - annotators|, the Expert's errors, and the same for the judge's raw
rate with its bootstrap interval (what the leaderboard showed before cards). Halves hold about 47 conversations per
tutor, so intervals are wider than on the 95 of a whole file.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from inspect_ai.log import read_eval_log

from trtutor.leaderboard.stats import cluster_bootstrap, cluster_sums
from trtutor.scorers.agreement_statistics import LabelPair, judged
from trtutor.scorers.judge_card import CARD_METRICS, CONFIDENCE, agreement_pairs, build_card, estimate_draws

EXPERT = "Expert"


def split_cells(pairs: dict[str, list[LabelPair]], seed: int) -> list[dict[str, object]]:
    """Both directions of one random halving: a row per (direction, metric, tutor)."""
    conversations = sorted({pair.conversation for dimension in pairs.values() for pair in dimension})
    order = np.random.default_rng(seed).permutation(len(conversations))
    half = {conversations[i] for i in order[: len(order) // 2]}
    rows = []
    for direction, card_half in enumerate((True, False)):
        card_pairs = {d: [p for p in ps if (p.conversation in half) == card_half] for d, ps in pairs.items()}
        card = build_card(card_pairs, judge="", judge_version="", data="", data_sha256=None, harness_version="",
                          leave_one_tutor_out=False)  # fmt: skip
        for dimension, metric in CARD_METRICS.items():
            test = judged(p for p in pairs[dimension] if (p.conversation in half) != card_half)
            by_tutor: dict[str, list[LabelPair]] = defaultdict(list)
            for pair in test:
                by_tutor[pair.tutor].append(pair)
            for tutor, own in sorted(by_tutor.items()):
                frame = pd.DataFrame({"judge": [p.judge for p in own], "conversation": [p.conversation for p in own]})
                sums, turns = cluster_sums(frame["judge"], frame["conversation"])
                estimate, draws = estimate_draws(
                    card.metrics[metric], sums, turns, frame["judge"].to_numpy(float), talker=tutor
                )
                low, high = np.quantile(draws, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
                raw = cluster_bootstrap(frame["judge"].astype(float), frame["conversation"])
                human = float(np.mean([p.human for p in own]))
                rows.append({"seed": seed, "direction": direction, "metric": metric, "tutor": tutor, "human": human,
                             "estimate": estimate, "low": low, "high": high, "judge": raw.mean,
                             "judge_low": raw.low, "judge_high": raw.high})  # fmt: skip
    return rows


def summary(cells: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for name, (mean, low, high) in {"card estimate": ("estimate", "low", "high"),
                                    "judge's rate": ("judge", "judge_low", "judge_high")}.items():  # fmt: skip
        covered = (cells[low] <= cells["human"]) & (cells["human"] <= cells[high])
        expert = cells[cells["tutor"] == EXPERT]
        row = {
            "numbers": name,
            "cells covered": f"{int(covered.sum())} of {len(cells)} ({covered.mean():.1%})",
            "mean width": f"{(cells[high] - cells[low]).mean():.3f}",
            "mean |error|": f"{(cells[mean] - cells['human']).abs().mean():.3f}",
        }
        for metric in CARD_METRICS.values():
            errors = expert[expert["metric"] == metric]
            row[f"Expert {metric}: mean error (largest |error|)"] = (
                f"{(errors[mean] - errors['human']).mean():+.3f} ({(errors[mean] - errors['human']).abs().max():.3f})"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("log", help="a tasks/judge_agreement.py log on MRBench data")
    parser.add_argument("--splits", type=int, default=10, help="random halvings of the conversations")
    parser.add_argument("--out", default=None, help="write the report (Markdown) here too")
    args = parser.parse_args(argv)
    pairs = agreement_pairs(read_eval_log(args.log), args.log)
    cells = pd.DataFrame([row for seed in range(args.splits) for row in split_cells(pairs, seed)])
    report = (
        f"# Judge card coverage on unseen conversations ({Path(args.log).name})\n\n"
        f"{args.splits} random halvings of the conversations, both ways: {len(cells)} tutor × metric cells, each "
        "estimated by a card built from the other half.\n\n" + summary(cells).to_markdown(index=False) + "\n"
    )
    print(report)
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
