"""The stress test's table from its log: one row per family, as `trtutor stress-test LOG` prints it."""

from __future__ import annotations

from inspect_ai.log import EvalLog, read_eval_log

from trtutor.leaderboard.logs import newest_log, role_models
from trtutor.scorers.strategy import MIN_CONVERSATIONS
from trtutor.tasks.stress_test.families import FAMILY_OF_SLUG, HUMAN_TEACHER, HUMAN_TEACHER_SLUG
from trtutor.tasks.stress_test.scorer import TURN_SCORERS
from trtutor.tasks.stress_test.stress_test import DEFAULT_SAMPLES_PER_FAMILY


def family_metrics(log: EvalLog) -> tuple[dict[str, dict[str, float]], float]:
    """({family slug: {figure: value}}, families missed) from the `families` scorer's metrics."""
    if log.eval.task.rsplit("/", 1)[-1] != "stress_test" or log.results is None:
        raise ValueError(f"{log.location}: not a finished tasks/stress_test log")
    [scores] = [score for score in log.results.scores if score.name == "families"]
    figures: dict[str, dict[str, float]] = {}
    for name, value in scores.metrics.items():
        family, _, figure = name.rpartition("/")
        if family:
            figures.setdefault(family, {})[figure] = value.value
    return figures, scores.metrics["families_missed"].value


def stress_test_table(location: str) -> str:
    """The markdown table of a stress-test log (a file, or a folder's newest): each family's means and gaps to the
    human teacher, its strategy flag and whether it is caught, then how many families are missed."""
    log = read_eval_log(newest_log(location, "stress_test"), header_only=True)
    figures, missed = family_metrics(log)
    grader = ", ".join(role_models(log.eval.model_roles))  # a jury's every grader
    header = ["talker", *(f"`{name}` (gap)" for name in TURN_SCORERS), "`strategy`", "caught"]
    lines = [
        f"judge: {log.eval.task_args.get('judge', 'offline')}{f' (grader {grader})' if grader else ''}; "
        f"{(log.eval.metadata or {}).get('samples_per_family', '?')} samples per talker",
        "",
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    for family, row in figures.items():
        human = family == HUMAN_TEACHER_SLUG
        cells = [HUMAN_TEACHER if human else FAMILY_OF_SLUG.get(family, family)]
        for name in TURN_SCORERS:
            gap = row.get(f"{name}_gap")
            cells.append(f"{row[name]:.3f}" + ("" if gap is None else f" ({gap:+.3f})"))
        cells.append("flagged" if row.get("flagged") else "not flagged")
        cells.append("reference" if human else "yes" if row.get("caught") else "**no**")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"families missed: {missed:.0f} of {len(figures) - 1}"]
    conversations = (log.eval.metadata or {}).get("conversations_per_family")
    if conversations is not None and conversations < MIN_CONVERSATIONS:
        lines += ["", f"**`strategy` flags nothing here**: each talker spoke in {conversations} "
                      f"conversation{'' if conversations == 1 else 's'}, and it "
                      f"reads a talker over at least {MIN_CONVERSATIONS}. Run with more `samples_per_family` (default "
                      f"{DEFAULT_SAMPLES_PER_FAMILY}) for a verdict on the strategic families."]  # fmt: skip
    return "\n".join(lines)
