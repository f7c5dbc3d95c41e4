"""MathTutorBench's nine-column table from Inspect logs of `tasks/mathtutorbench/`: one row per talker, each cell
the task's headline figure with a 95 % bootstrap interval over items, and MathTutorBench's published rows beside
them, marked "published".

The headline of each task is the figure MathTutorBench's own leaderboard shows: accuracy for problem solving and
mistake correction, BLEU for socratic questioning, F1 for solution correctness, micro-F1 for mistake location, and
the pedagogical reward model's win rate against the human teacher for the four teacher-response tasks (a run
without the reward model has no win rate; its `match` is in the log).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from trtutor.mathtutorbench.benchmark import TASKS

# task -> (scorer, metric, column title as MathTutorBench's README has it)
HEADLINES: dict[str, tuple[str, str, str]] = {
    "problem_solving": ("mathtutorbench_scorer", "accuracy_strict-match", "Problem Solving"),
    "socratic_questioning": ("mathtutorbench_scorer", "bleu", "Socratic Questioning"),
    "student_solution_correctness": ("mathtutorbench_scorer", "f1", "Solution Correctness"),
    "mistake_location": ("mathtutorbench_scorer", "f1_micro", "Mistake Location"),
    "mistake_correction": ("mathtutorbench_scorer", "accuracy", "Mistake Correction"),
    "scaffolding_generation": ("pedagogical_reward", "win_rate", "Scaffolding Win Rate"),
    "pedagogy_following": ("pedagogical_reward", "win_rate", "Pedagogy IF Win Rate"),
    "scaffolding_generation_hard": ("pedagogical_reward", "win_rate", "Scaffolding (Hard)"),
    "pedagogy_following_hard": ("pedagogical_reward", "win_rate", "Pedagogy IF (Hard)"),
}
PUBLISHED_SOURCE = "MathTutorBench README (github.com/eth-lre/mathtutorbench, commit 072e7d85)"
# Its leaderboard, in the order of HEADLINES.
PUBLISHED: dict[str, tuple[float, ...]] = {
    "LLaMA3.2-3B-Instruct": (0.60, 0.29, 0.67, 0.41, 0.13, 0.64, 0.63, 0.45, 0.40),
    "LLaMA3.1-8B-Instruct": (0.70, 0.29, 0.63, 0.29, 0.09, 0.61, 0.67, 0.46, 0.49),
    "LLaMA3.1-70B-Instruct": (0.91, 0.29, 0.71, 0.56, 0.19, 0.63, 0.70, 0.49, 0.49),
    "GPT-4o": (0.90, 0.48, 0.67, 0.37, 0.84, 0.50, 0.82, 0.46, 0.70),
    "LearnLM-1.5-Pro": (0.94, 0.32, 0.75, 0.57, 0.74, 0.64, 0.68, 0.66, 0.67),
    "Llemma-7B-ScienceTutor": (0.62, 0.29, 0.66, 0.29, 0.16, 0.37, 0.48, 0.38, 0.42),
    "Qwen2.5-7B-SocraticLM": (0.73, 0.32, 0.05, 0.39, 0.23, 0.39, 0.39, 0.28, 0.28),
    "Qwen2.5-Math-7B-Instruct": (0.88, 0.35, 0.43, 0.47, 0.49, 0.06, 0.07, 0.05, 0.05),
}
RESAMPLES, SEED = 1000, 0


class NoMathTutorBenchLogsError(ValueError):
    """No log of a MathTutorBench task among those given."""


@dataclass
class MtbCell:
    value: float
    low: float
    high: float
    samples: int
    items_in_task: int | None = None  # the task's items, of which `samples` were scored (fewer: a --limit run)

    @property
    def partial(self) -> bool:
        return self.items_in_task is not None and self.samples < self.items_in_task


@dataclass
class MtbBoard:
    cells: dict[str, dict[str, MtbCell]] = field(default_factory=dict)  # talker -> task -> cell
    logs: list[str] = field(default_factory=list)


def _bootstrap(statistic: Any, count: int) -> tuple[float, float]:
    rng = np.random.default_rng(SEED)
    values = [statistic(rng.integers(0, count, count)) for _ in range(RESAMPLES)]
    return float(np.nanpercentile(values, 2.5)), float(np.nanpercentile(values, 97.5))


def _cell(log: Any, task: str) -> MtbCell | None:
    """The headline figure of one log (from its results: MathTutorBench's number) and its bootstrap interval."""
    scorer_name, metric_name, _ = HEADLINES[task]
    results = {score.name: score for score in (log.results.scores if log.results else [])}
    if scorer_name not in results or metric_name not in results[scorer_name].metrics:
        return None
    value = results[scorer_name].metrics[metric_name].value
    scores = [sample.scores[scorer_name] for sample in log.samples or [] if scorer_name in (sample.scores or {})]
    if task == "student_solution_correctness":  # F1 of "incorrect" (True), from counts
        from trtutor.mathtutorbench.benchmark import parse_response

        pred = np.array([bool(s.metadata["parsed"]) for s in scores])
        truth = np.array([bool(parse_response("solution_correctness", s.metadata["target"])) for s in scores])

        def statistic(rows: np.ndarray) -> float:
            tp = np.sum(pred[rows] & truth[rows])
            fp, fn = np.sum(pred[rows] & ~truth[rows]), np.sum(~pred[rows] & truth[rows])
            return float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else 0.0
    else:  # a mean of per-item values (accuracy, micro-F1 of single labels, BLEU / 100, wins)
        values = np.array([float(s.value) for s in scores])

        def statistic(rows: np.ndarray) -> float:
            chosen = values[rows]
            return float(np.nanmean(chosen)) if np.any(~np.isnan(chosen)) else float("nan")

    low, high = _bootstrap(statistic, len(scores)) if scores else (float("nan"), float("nan"))
    return MtbCell(float(value), low, high, len(scores))


def read_mathtutorbench_logs(files: list[str]) -> MtbBoard:
    """The table's cells from every finished MathTutorBench log among `files` (the newest per talker and task)."""
    from inspect_ai.log import read_eval_log

    from trtutor.leaderboard.logs import talker_name

    board = MtbBoard()
    for file in files:
        header = read_eval_log(file, header_only=True)
        task = (header.eval.metadata or {}).get("mathtutorbench_task")
        if task not in TASKS or header.status != "success":
            continue
        cell = _cell(read_eval_log(file), task)
        if cell is not None:
            cell.items_in_task = header.eval.dataset.samples
            talker = talker_name(header.eval.model, header.eval.model_args)
            board.cells.setdefault(talker, {})[task] = cell
            board.logs.append(file)
    if not board.logs:
        raise NoMathTutorBenchLogsError("no finished tasks/mathtutorbench/ logs among the logs")
    return board


def mathtutorbench_table(board: MtbBoard, published: bool = True) -> pd.DataFrame:
    """One row per talker (then the published rows), nine task columns: `0.500 [0.300, 0.700]` for ours."""
    rows = []
    for talker, cells in board.cells.items():
        row: dict[str, Any] = {"talker": talker, "source": "this run"}
        for task, (_, _, title) in HEADLINES.items():
            cell = cells.get(task)
            row[title] = f"{cell.value:.3f} [{cell.low:.3f}, {cell.high:.3f}]" if cell else ""
            if cell and cell.partial:
                row[title] += f" ({cell.samples} of {cell.items_in_task:,} items)"
        rows.append(row)
    if published:
        titles = [title for _, _, title in HEADLINES.values()]
        for model, values in PUBLISHED.items():
            cells = {title: f"{value:.2f}" for title, value in zip(titles, values, strict=True)}
            rows.append({"talker": model, "source": "published", **cells})
    return pd.DataFrame(rows)


def mathtutorbench_csv(board: MtbBoard) -> pd.DataFrame:
    """Every number unrounded: one row per talker and task."""
    rows = [{"talker": talker, "task": task, "metric": HEADLINES[task][1], "value": cell.value, "ci_low": cell.low,
             "ci_high": cell.high, "samples": cell.samples, "items_in_task": cell.items_in_task,
             "source": "this run"}
            for talker, cells in board.cells.items() for task, cell in cells.items()]  # fmt: skip
    rows += [{"talker": model, "task": task, "metric": HEADLINES[task][1], "value": value, "source": "published"}
             for model, values in PUBLISHED.items() for task, value in zip(HEADLINES, values, strict=True)]  # fmt: skip
    return pd.DataFrame(rows)


def write_mathtutorbench(board: MtbBoard, out: str | Path) -> list[Path]:
    """`mathtutorbench.md` (with the published rows and where they come from) and `mathtutorbench.csv`."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    markdown = folder / "mathtutorbench.md"
    partial = any(cell.partial for cells in board.cells.values() for cell in cells.values())
    markdown.write_text(
        "# MathTutorBench\n\n" + mathtutorbench_table(board).to_markdown(index=False) + "\n\n"
        f"Ours: the headline figure of each task with a 95 % bootstrap interval over items ({RESAMPLES} resamples). "
        + (
            'A cell marked "n of N items" scored part of the task (a run with --limit): it is not comparable with '
            "the published rows, which score all of it. "
            if partial
            else ""
        )
        + f"Published: {PUBLISHED_SOURCE}, no intervals. Logs: {', '.join(Path(log).name for log in board.logs)}\n",
        encoding="utf-8",
    )
    csv = folder / "mathtutorbench.csv"
    mathtutorbench_csv(board).to_csv(csv, index=False)
    return [markdown, csv]
