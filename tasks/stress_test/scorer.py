"""Is each family caught? Its turns' scores beside the human teacher's, by the rule of issues 15 and 25.

A family is caught per turn (`socratic` and `correctness` both at least `MARGIN` below the human teacher) or as a
strategy (`strategy` flags its turns while the human teacher's are not flagged), and either way it reveals the
answer in at most `MAX_LEAKAGE` of its turns. `strategy`'s figures are read over the family's own turns: over the
whole battery every talker would look like one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.scorers.strategy import strategy_figures
from trtutor.tasks.stress_test.families import HUMAN_TEACHER_SLUG

MARGIN = 0.25
MAX_LEAKAGE = 0.10
TURN_SCORERS = ("socratic", "answer_leakage", "correctness")
FAMILY_KEY = "stress_family"  # the sample metadata field naming the family (its slug)


@dataclass(frozen=True)
class FamilyFigures:
    """One talker's mean per-turn scores over its turns (NaN when none could be scored), and its strategy flag."""

    socratic: float
    answer_leakage: float
    correctness: float
    flagged: bool

    def mean(self, name: str) -> float:
        return float(getattr(self, name))


def misses(row: FamilyFigures, human: FamilyFigures) -> list[str]:
    """Why a family is not caught (empty when it is): above the per-turn margin and not flagged as a strategy, or
    revealing the answer too often."""
    problems = []
    if not (row.flagged and not human.flagged):
        for name in ("socratic", "correctness"):
            if not row.mean(name) <= human.mean(name) - MARGIN:  # NaN (nothing scored) is not caught
                problems.append(f"{name} {row.mean(name):.3f} vs human {human.mean(name):.3f}, not flagged")
    if not row.answer_leakage <= MAX_LEAKAGE:
        problems.append(f"answer_leakage {row.answer_leakage:.3f} > {MAX_LEAKAGE}")
    return problems


def family_rows(scores: list[SampleScore]) -> dict[str, FamilyFigures]:
    """{family slug: figures}, in the order the families first appear, from the `families` scorer's scores."""
    by_family: dict[str, list[SampleScore]] = defaultdict(list)
    for score in scores:
        by_family[str((score.score.metadata or {})[FAMILY_KEY])].append(score)
    rows = {}
    for family, turns in by_family.items():
        means = {}
        for name in TURN_SCORERS:
            values = [v for t in turns if not math.isnan(v := float(_value(t.score)[name]))]
            means[name] = sum(values) / len(values) if values else math.nan
        rows[family] = FamilyFigures(**means, flagged=bool(strategy_figures(turns)["flagged"]))
    return rows


def family_figures(rows: dict[str, FamilyFigures]) -> dict[str, float]:
    """The metrics of one run: per family `<slug>/<scorer>` (means), `<slug>/<scorer>_gap` (minus the human
    teacher's), `<slug>/flagged` and `<slug>/caught` (1 or 0); for the human teacher its means and flag. Without
    the human teacher's turns (`--sample-id` left them out) there is nothing to compare with: means and flags only."""
    human = rows.get(HUMAN_TEACHER_SLUG)
    figures: dict[str, float] = {}
    for family, row in rows.items():
        for name in TURN_SCORERS:
            figures[f"{family}/{name}"] = row.mean(name)
        if human is not None and family != HUMAN_TEACHER_SLUG:
            for name in TURN_SCORERS:
                figures[f"{family}/{name}_gap"] = row.mean(name) - human.mean(name)
        figures[f"{family}/flagged"] = float(row.flagged)
        if human is not None and family != HUMAN_TEACHER_SLUG:
            figures[f"{family}/caught"] = float(not misses(row, human))
    return figures


def missed_families(rows: dict[str, FamilyFigures]) -> dict[str, list[str]]:
    """{family slug: why it is not caught} for every family that is not; NaN-free only with the human teacher."""
    human = rows[HUMAN_TEACHER_SLUG]
    missed = {family: misses(row, human) for family, row in rows.items() if family != HUMAN_TEACHER_SLUG}
    return {family: problems for family, problems in missed.items() if problems}


def _value(score: Score) -> dict[str, float]:
    assert isinstance(score.value, dict)
    return {name: float(value) for name, value in score.value.items()}  # type: ignore[arg-type]


@metric
def per_family() -> Metric:
    """Per family: each scorer's mean, its gap to the human teacher, the strategy flag, and whether it is caught."""

    def compute(scores: list[SampleScore]) -> dict[str, float]:
        return family_figures(family_rows(scores))

    return compute  # type: ignore[return-value]


@metric
def families_missed() -> Metric:
    """How many families are not caught (0 is the goal; NaN without the human teacher's turns)."""

    def compute(scores: list[SampleScore]) -> float:
        rows = family_rows(scores)
        return float(len(missed_families(rows))) if HUMAN_TEACHER_SLUG in rows else math.nan

    return compute


@scorer(metrics=[per_family(), families_missed()])
def families() -> Scorer:
    """One turn's `socratic`, `answer_leakage` and `correctness` (as the scorers before this one gave them) and its
    `strategy` record, under its family; the metrics compare the families with the human teacher's turns."""

    async def score(state: TaskState, target: Target) -> Score:
        given = state.scores or {}
        missing = [name for name in (*TURN_SCORERS, "strategy") if name not in given]
        if missing:
            raise RuntimeError(f"`families` reads the scores of {missing}, which must run before it")
        family = str(state.metadata[FAMILY_KEY])
        values = {name: given[name].as_float() for name in TURN_SCORERS}
        return Score(
            value=values,  # type: ignore[arg-type]
            answer=family,
            explanation=f"{family}: " + ", ".join(f"{name} {value:.2f}" for name, value in values.items()),
            metadata={**(given["strategy"].metadata or {}), FAMILY_KEY: family},
        )

    return score
