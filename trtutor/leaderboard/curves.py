"""Success@k and Telling@k curves per talker, from `tasks/interactive.py` logs: a table and a plot.

The trade-off between the two is the headline: a tutor that tells early gets the student to say the answer early.
Intervals are percentile bootstraps over problems (dialogues of one problem share its difficulty).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from trtutor.leaderboard.logs import MixedLogsError, role_models, talker_name, who_holds_each
from trtutor.leaderboard.stats import cluster_bootstrap

INTERACTIVE_TASK = "interactive"


class NoInteractiveLogsError(ValueError):
    """No successful tasks/interactive.py log among the logs."""


# Logs that differ in any of these are not comparable curves.
CURVE_PROVENANCE = ("task_version", "data_sha256", "judge", "max_turns", "student", "prompt_sha256", "sample_ids")


def read_curves(files: list[str], *, allow_mixed: bool = False) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per talker and k: Success@k and Telling@k with 95 % intervals, from successful interactive logs.

    Raises:
        MixedLogsError: logs that differ in data, judge, max_turns, student model, prompts or dialogues.
    """
    from inspect_ai.log import read_eval_log

    rows, provenances = [], []
    for file in files:
        header = read_eval_log(file, header_only=True)
        if header.status != "success" or header.eval.task.split("/")[-1] != INTERACTIVE_TASK:
            continue
        log = read_eval_log(file)
        metadata = log.eval.metadata or {}
        talker = talker_name(log.eval.model, dict(log.eval.model_args or {}))
        roles = {role: ", ".join(role_models(log.eval.model_roles, role)) for role in log.eval.model_roles or {}}
        samples = log.samples or []
        provenances.append(
            {
                "talker": talker,
                "task_version": str(log.eval.task_version),
                "data_sha256": metadata.get("data_sha256"),
                "judge": metadata.get("judge"),
                "max_turns": metadata.get("max_turns"),
                "student": roles.get("student"),
                "prompt_sha256": json.dumps(metadata.get("prompt_sha256", {}), sort_keys=True),
                "sample_ids": ",".join(sorted(str(s.id) for s in samples)),
                "log": file,
            }
        )
        qids = pd.Series([s.metadata.get("qid", s.id) for s in samples])
        for k in range(1, int(metadata.get("max_turns", 0)) + 1):
            row: dict[str, Any] = {"talker": talker, "k": k, "dialogues": len(samples)}
            for curve, scorer in (("success", "success_at_k"), ("telling", "telling_at_k")):
                values = pd.Series([_value(s.scores, scorer, f"{curve}@{k}") for s in samples], dtype=float)
                estimate = cluster_bootstrap(values, qids)
                row |= {curve: estimate.mean, f"{curve}_low": estimate.low, f"{curve}_high": estimate.high}
            rows.append(row)
    if not provenances:
        raise NoInteractiveLogsError("no successful tasks/interactive.py log among the logs")
    mixed: dict[str, list[str]] = {}  # field -> "value (talkers)", as the main table's provenance says it
    for name in CURVE_PROVENANCE:
        groups: dict[str, list[str]] = {}
        for p in provenances:
            groups.setdefault(str(p[name]), []).append(p["talker"])
        if len(groups) > 1 and not allow_mixed:
            raise MixedLogsError(
                f"interactive logs differ in {name} ({' vs '.join(sorted(v[:40] for v in groups))}); curves compare "
                "like with like. Re-run them alike, or pass --allow-mixed."
            )
        if len(groups) > 1:
            mixed[name] = who_holds_each(groups)
    provenance = {name: provenances[0][name] for name in CURVE_PROVENANCE if name != "sample_ids"}
    provenance["mixed"] = mixed
    provenance["dialogues"] = len(provenances[0]["sample_ids"].split(","))
    provenance["logs"] = [{"talker": p["talker"], "log": p["log"]} for p in provenances]
    return pd.DataFrame(rows), provenance


def _value(scores: dict[str, Any] | None, scorer: str, key: str) -> float:
    score = (scores or {}).get(scorer)
    value = score.value if score is not None else None
    return float(value[key]) if isinstance(value, dict) and key in value else float("nan")


def write_curves(curves: pd.DataFrame, provenance: dict[str, Any], out: str | Path) -> list[Path]:
    """`interactive.md`, `interactive.csv` and `interactive_curves.png` (both curves, one line per talker)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    csv = out / "interactive.csv"
    curves.to_csv(csv, index=False)
    wide = curves.pivot(index="talker", columns="k", values=["success", "telling"])
    wide.columns = [f"{'Success' if curve == 'success' else 'Telling'}@{k}" for curve, k in wide.columns]
    markdown = out / "interactive.md"
    notes = [
        f"Task: interactive (version {provenance['task_version']}); data sha256: {provenance['data_sha256']}",
        f"Student: {provenance['student']}; answer-leakage judge: {provenance['judge']}; "
        f"max turns: {provenance['max_turns']}; dialogues: {provenance['dialogues']}",
        "Success@k: the student states the final answer within k tutor turns (higher is better). Telling@k: the "
        "tutor states it first, within k turns (lower is better). Numeric answer matching.",
    ]
    if provenance.get("mixed"):
        differ = "; ".join(f"{name}: {' vs '.join(values[:4])}" for name, values in provenance["mixed"].items())
        notes.insert(0, f"**MIXED (--allow-mixed): the logs differ in {differ}. Curves are not strictly comparable.**")
    header = "# Interactive tutoring\n\n" + "\n".join(f"- {line}" for line in notes)
    table = wide.reset_index().to_markdown(index=False, floatfmt=".3f")
    markdown.write_text(f"{header}\n\n{table}\n", encoding="utf-8")
    return [markdown, csv, plot_curves(curves, out / "interactive_curves.png")]


def plot_curves(curves: pd.DataFrame, path: Path) -> Path:
    """Success@k (left) and Telling@k (right) against k, one line per talker, with 95 % interval bands."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(10, 4), sharex=True, sharey=True)
    for (curve, title), ax in zip((("success", "Success@k ↑"), ("telling", "Telling@k ↓")), axes, strict=True):
        for talker, rows in curves.groupby("talker", sort=False):
            line = ax.plot(rows["k"], rows[curve], marker="o", label=str(talker))[0]
            ax.fill_between(rows["k"], rows[f"{curve}_low"], rows[f"{curve}_high"], color=line.get_color(),
                            alpha=0.15)  # fmt: skip
        ax.set_title(title)
        ax.set_xticks(sorted(curves["k"].unique()))
        ax.set_xlabel("k (tutor turns)")
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share of dialogues")
    axes[1].legend(loc="best", fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path
