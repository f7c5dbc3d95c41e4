"""The per-tutor agreement table of a `tasks/judge_agreement.py` log: for each tutor and dimension, the share of
responses the humans marked (leaked, guiding, mistake identified) beside the share the judge marked."""

from __future__ import annotations

import math

import pandas as pd
from inspect_ai.log import read_eval_log

from trtutor.scorers.agreement import DIMENSIONS


def agreement_table(log_path: str) -> pd.DataFrame:
    """One row per tutor: responses, then `<dimension>_human` and `<dimension>_judge` rates, and scoring errors."""
    log = read_eval_log(log_path)
    if log.eval.task.rsplit("/", 1)[-1] != "judge_agreement" or not log.samples:
        raise ValueError(f"{log_path}: not a tasks/judge_agreement.py log with samples")
    rows = []
    for sample in log.samples:
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
        table[f"{dimension}_errors"] = grouped[f"{dimension}_error"].sum()
    return table.reset_index()
