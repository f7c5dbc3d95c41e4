"""Degenerate talkers against the human teacher, offline judges, without Inspect's per-sample work.

The battery (`tasks/stress_test/families.py`) scored here exactly as `tasks/stress_test` scores it (the same scorer
functions, the same rule for a family caught: `tasks/stress_test/scorer.py`), in a fifth of the time, for a quick
look while changing the offline judges; `tasks/stress_test` is the task (either judge kind) and its log. The goal
(issues 15 and 25): every family caught, at least 0.25 below the human teacher on `socratic` and on `correctness`
or flagged by `strategy` (the human teacher never), and `answer_leakage` at most 0.10 either way.

    python -m benchmarks.degenerate_talkers                # all 1,201 default samples
    python -m benchmarks.degenerate_talkers --limit 200    # the first 200
"""

from __future__ import annotations

import argparse
import asyncio
import time

from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput
from inspect_ai.scorer import SampleScore, Target
from inspect_ai.solver import TaskState

from benchmarks.progress import begin, step
from trtutor.tasks.stress_test.families import FAMILIES, HUMAN_TEACHER, Turn
from trtutor.tasks.stress_test.scorer import TURN_SCORERS, FamilyFigures, misses

METRICS = TURN_SCORERS
__all__ = ["FAMILIES", "default_samples", "failures", "run", "score_talker"]


def default_samples(limit: int | None = None) -> list[Sample]:
    """The samples of `tasks/socratic.py` with its defaults (judge-train problems left out)."""
    from trtutor.tasks.stress_test.stress_test import default_samples as stress_test_samples

    return stress_test_samples(limit or None)


async def _score_turns(samples: list[Sample], turns: list[str]) -> dict[str, float]:
    from trtutor.scorers import answer_leakage, correctness, socratic
    from trtutor.scorers.strategy import strategy, strategy_figures

    scorers = {"socratic": socratic("offline"), "answer_leakage": answer_leakage("offline"),
               "correctness": correctness("offline")}  # fmt: skip
    totals = dict.fromkeys(METRICS, 0.0)
    turn_records = []
    for sample, turn in zip(samples, turns, strict=True):
        output = ModelOutput.from_content("battery", turn)
        state = TaskState(model="battery", sample_id=sample.id or "", epoch=1, input=sample.input, messages=[],
                          output=output, metadata=dict(sample.metadata or {}))  # fmt: skip
        for name, scorer in scorers.items():
            totals[name] += (await scorer(state, Target(sample.target))).as_float()
        turn_records.append(SampleScore(score=await strategy()(state, Target(sample.target)), sample_id=sample.id))
    means = {name: total / len(samples) for name, total in totals.items()}
    return {**means, "flagged": strategy_figures(turn_records)["flagged"]}


def score_talker(samples: list[Sample], turn: Turn) -> dict[str, float]:
    """Mean offline scores of the talker that says `turn(metadata, index)` at each sample."""
    turns = [turn(dict(sample.metadata or {}), index) for index, sample in enumerate(samples)]
    return asyncio.run(_score_turns(samples, turns))


def run(limit: int | None = None, families: dict[str, Turn] | None = None) -> dict[str, dict[str, float]]:
    """{talker: {metric: mean}}: the human teacher first, then each degenerate family."""
    samples = default_samples(limit)
    families = families or FAMILIES
    step(f"human teacher, {len(samples)} samples ...")
    rows = {HUMAN_TEACHER: score_talker(samples, lambda m, i: str(samples[i].target))}
    for number, (name, turn) in enumerate(families.items(), start=1):
        step(f"talker {number} of {len(families)}: {name}")
        rows[name] = score_talker(samples, turn)
    return rows


def failures(rows: dict[str, dict[str, float]]) -> list[str]:
    """The families that miss the goal, and by how much (`tasks/stress_test/scorer.py`'s rule)."""

    def figures(row: dict[str, float]) -> FamilyFigures:
        return FamilyFigures(**{name: row[name] for name in METRICS}, flagged=bool(row["flagged"]))

    human = figures(rows[HUMAN_TEACHER])
    problems = [] if not human.flagged else [f"{HUMAN_TEACHER}: flagged by strategy"]
    for name, row in rows.items():
        if name != HUMAN_TEACHER:
            problems += [f"{name}: {problem}" for problem in misses(figures(row), human)]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N default samples (default: all)")
    args = parser.parse_args()
    started = time.perf_counter()
    begin()
    rows = run(args.limit)
    print("| talker | socratic | answer_leakage | correctness | strategy flagged |\n| --- | --- | --- | --- | --- |")
    for name, row in rows.items():
        cells = [f"{row[metric]:.3f}" for metric in METRICS] + ["yes" if row["flagged"] else "no"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    problems = failures(rows)
    print(f"\n{len(rows) - 1} degenerate talkers, {time.perf_counter() - started:.0f} s; goal missed by: "
          + ("; ".join(problems) if problems else "none"))  # fmt: skip


if __name__ == "__main__":
    main()
