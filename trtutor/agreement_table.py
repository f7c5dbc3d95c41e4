"""The agreement tables of a `tasks/judge_agreement.py` log.

- Our three verdicts (`-T rubric=trtutor`): per tutor, the share of responses the humans marked (leaked, guiding,
  mistake identified) beside the share the judge marked, and their difference.
- MRBench's dimensions (`-T rubric=mrbench`): each dimension's statistics with 95 % bootstrap intervals over
  conversations, then per dimension and tutor the mean human and judge values (1 / 0.5 / 0) and their difference.
"""

from __future__ import annotations

import math
from functools import partial

import pandas as pd
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.scorer import SampleScore

from trtutor.leaderboard.logs import judge_description, role_models
from trtutor.scorers.agreement import DIMENSIONS
from trtutor.scorers.agreement_statistics import label_pairs, tutor_means
from trtutor.scorers.rubric import ALL_DIMENSIONS
from trtutor.scorers.rubric_agreement import STATISTICS, dimension_agreement, label_value


def _read(log_path: str) -> EvalLog:
    from trtutor.leaderboard.logs import log_files

    log = read_eval_log(log_files([log_path])[0])  # a broken file named, not "EOCD not found"
    if log.eval.task.rsplit("/", 1)[-1] != "judge_agreement" or not log.samples:
        raise ValueError(f"{log_path}: not a tasks/judge_agreement.py log with samples")
    return log


def agreement_table(log_path: str) -> pd.DataFrame:
    """One row per tutor: responses, then `<dimension>_human`, `_judge` and `_difference` rates, and scoring errors
    (a log of our three verdicts)."""
    return _trtutor_table(_read(log_path), log_path)


def _trtutor_table(log: EvalLog, log_path: str) -> pd.DataFrame:
    if (log.eval.metadata or {}).get("data_format") == "mathdial":
        raise ValueError(
            f"{log_path}: a judge-agreement log of MathDial data (the judge's teacher move against the human one): it "
            "has no tutors to tabulate; its figures are the log's metrics, as `inspect eval` printed them (or "
            "`inspect view`)"
        )
    rows = []
    for sample in log.samples or []:
        score = (sample.scores or {}).get("judge_agreement")
        if score is None or not isinstance(score.value, dict):
            raise ValueError(f"{log_path}: sample {sample.id} has no judge_agreement score (MathDial data?)")
        row: dict[str, object] = {"tutor": (sample.metadata or {}).get("tutor", "")}
        for dimension in DIMENSIONS:
            verdict = score.value[f"{dimension}_judge"]
            row[f"{dimension}_human"] = float(score.value[f"{dimension}_human"])
            row[f"{dimension}_judge"] = verdict
            row[f"{dimension}_error"] = isinstance(verdict, float) and math.isnan(verdict)
        rows.append(row)
    frame = pd.DataFrame(rows)
    grouped = frame.groupby("tutor")
    table = pd.DataFrame({"responses": grouped.size()})
    for dimension in DIMENSIONS:
        table[f"{dimension}_human"] = grouped[f"{dimension}_human"].mean()
        table[f"{dimension}_judge"] = grouped[f"{dimension}_judge"].mean()  # NaN verdicts are left out
        table[f"{dimension}_difference"] = table[f"{dimension}_judge"] - table[f"{dimension}_human"]
        table[f"{dimension}_errors"] = grouped[f"{dimension}_error"].sum()
    return table.reset_index()


def rubric_sample_scores(log: EvalLog, log_path: str) -> list[SampleScore]:
    scores = []
    for sample in log.samples or []:
        score = (sample.scores or {}).get("rubric_agreement")
        if score is None:
            raise ValueError(f"{log_path}: sample {sample.id} has no rubric_agreement score")
        scores.append(SampleScore(score=score, sample_id=sample.id, sample_metadata=sample.metadata))
    return scores


def rubric_tables(log_path: str) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """(statistics per dimension with intervals, {dimension: per-tutor human and judge values}) of a log of
    `-T rubric=mrbench`."""
    log = _read(log_path)
    scores = rubric_sample_scores(log, log_path)
    summary, per_tutor = [], {}
    for dimension in ALL_DIMENSIONS:
        pairs = label_pairs(scores, dimension)
        if not pairs:
            continue
        figures = dimension_agreement(pairs, dimension)
        row: dict[str, object] = {"dimension": dimension, "responses": len(pairs)}
        for name in STATISTICS:
            if name in figures:
                row[name] = _with_interval(figures[name], figures[f"{name}_ci_low"], figures[f"{name}_ci_high"])
        row["scoring_errors"] = int(figures["scoring_errors"])
        summary.append(row)
        rates = tutor_means(pairs, partial(label_value, dimension))
        per_tutor[dimension] = pd.DataFrame(
            [
                {"tutor": tutor, "responses": n, "human": human, "judge": judge, "difference": judge - human}
                for tutor, (human, judge, n) in rates.items()
            ]
        )
    return pd.DataFrame(summary), per_tutor


def _with_interval(value: float, low: float, high: float) -> str:
    return f"{value:.3f} [{low:.3f}, {high:.3f}]"


def jury_lines(log: EvalLog) -> list[str]:
    """For a jury bound to the `grader` role: its graders, and how far they agree with one another per dimension
    (Fleiss' kappa, `scorers/jury.py`). Nothing for one judge."""
    graders = role_models(log.eval.model_roles)
    if len(graders) < 2:
        return []
    metrics = {
        name: metric.value
        for score in (log.results.scores if log.results else [])
        for name, metric in score.metrics.items()
    }
    figures = []
    for name, kappa in metrics.items():
        if name.endswith("grader_agreement"):
            dimension = name.removesuffix("grader_agreement").rstrip("_") or "move"
            turns, unanimous = metrics.get(f"{name}_turns", 0.0), metrics.get(f"{name}_unanimous", math.nan)
            figures.append(
                f"{dimension} {kappa:.3f} ({turns:.0f} responses every grader labelled, {unanimous:.0%} unanimous)"
            )
    return [
        f"Judge: {judge_description({'judge': 'llm'}, graders)}, a jury (its verdicts: the majority; no majority, the "
        "median; an even split, the label less favourable to the tutor)",
        "Grader agreement (Fleiss' kappa): " + ("; ".join(figures) or "none"),
        "",
    ]


def agreement_report(log_path: str) -> str:
    """The markdown that `trtutor agreement LOG` prints, for either kind of log (a jury's first names its graders and
    their agreement with one another)."""
    log = _read(log_path)
    return "\n".join([*jury_lines(log), _report(log, log_path)])


def _report(log: EvalLog, log_path: str) -> str:
    first = (log.samples or [None])[0]
    if first is not None and "rubric_agreement" in (first.scores or {}):
        summary, per_tutor = rubric_tables(log_path)
        parts = [
            "Agreement with the human labels, by the BEA 2025 shared task's definitions "
            "(95 % bootstrap intervals over conversations):",
            summary.to_markdown(index=False),
        ]
        for dimension, table in per_tutor.items():
            parts += [
                f"\n{dimension}: mean human and judge values per tutor (Yes 1, To some extent 0.5, No 0)",
                table.to_markdown(index=False, floatfmt=".3f"),
            ]
        return "\n".join(parts)
    return _trtutor_table(log, log_path).to_markdown(index=False, floatfmt=".3f")
