"""MathTutorBench's scoring in Inspect: each sample's output parsed as the task's `parse_response` does, and the
task's `compute_metrics` over all samples as one metric that reports MathTutorBench's own keys.

A sample's value is what that one item contributes: 1 or 0 for whether the parsed answer is right (problem solving,
solution correctness, mistake location and correction) or whether the turn counts as a question (`match`), and the
item's best sentence BLEU / 100 for socratic questioning. The answer is the parsed output; the metadata keep it and
the target, from which the metric computes the corpus-level figures exactly as MathTutorBench does (F1 over all
items is not a mean of per-item values).
"""

from __future__ import annotations

import math
from typing import Any

from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.mathtutorbench.benchmark import (
    Reading,
    TaskKind,
    compute_corrected,
    compute_metrics,
    is_question,
    item_bleu,
    parse_corrected,
    parse_response,
    task_spec,
)


def item_value(kind: TaskKind, text: str, parsed: Any, target: str) -> float:
    """What one item contributes (see the module docstring); NaN where MathTutorBench leaves the item out."""
    if kind == "solution_correctness" and parsed is None:  # the corrected reading's unparseable answer
        return 0.0
    if kind in ("problem_solving", "mistake_correction"):
        return float(parsed is not None and abs(float(parsed) - float(target)) < 1e-6)
    if kind == "socratic_questioning":
        best = item_bleu(parsed, target)
        return math.nan if best is None else best / 100.0
    if kind == "solution_correctness":
        return float(parsed == parse_response(kind, target))
    if kind == "mistake_location":
        return float(parsed == int(target))
    return float(is_question(text))


@metric
def mathtutorbench_metrics() -> Metric:
    """MathTutorBench's `compute_metrics` over every scored sample, under its own metric keys (the task is read from
    the scores' metadata)."""

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        metadata = [sample_score.score.metadata or {} for sample_score in scores]
        usable = [m for m in metadata if "target" in m and "task" in m]
        tasks = {m["task"] for m in usable}
        if len(tasks) != 1:
            return {}
        kind = task_spec(tasks.pop()).kind
        corrected = any(m.get("reading") == "corrected" for m in usable)
        figures = compute_corrected if corrected else compute_metrics
        return figures(kind, [m["parsed"] for m in usable], [m["target"] for m in usable])

    return compute


@scorer(metrics=[mathtutorbench_metrics()])
def mathtutorbench_scorer(task: str, reading: Reading = "mathtutorbench") -> Scorer:
    """Parse the output as MathTutorBench's task `task` does (or, with `reading="corrected"`, as its prompt means;
    the metrics are then named `<metric>_corrected`); the metric computes its figures."""
    kind = task_spec(task).kind
    parse = parse_corrected if reading == "corrected" else parse_response

    async def score(state: TaskState, target: Target) -> Score:
        text = state.output.completion
        parsed = parse(kind, text)
        value = item_value(kind, text, parsed, target.text)
        return Score(
            value=value,
            answer=text if kind == "teacher_response" else str(parsed),
            explanation=(f"parsed {parsed!r} against target {target.text!r}" if target.text else None)
            if not math.isnan(value)
            else "no reference question: MathTutorBench leaves this item out",
            metadata={"task": task, "reading": reading, "parsed": parsed, "target": target.text},
        )

    return score
