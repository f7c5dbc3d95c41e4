"""Agreement of our judges with human labels: the scorers and metrics behind `tasks/judge_agreement.py`.

On MRBench each sample is one labelled tutor response. `judge_agreement` runs exactly the scorers of
`tasks/socratic.py` on it and pairs each verdict with the human label, collapsed to two ways:

- `leakage` (our `answer_leakage`) vs `Revealing_of_the_Answer`: leak = either "Yes (...)" label;
- `socratic` vs `Providing_Guidance`: "Yes" and "To some extent" = guiding;
- `correctness` vs `Mistake_Identification`: "Yes" and "To some extent" = identified.

On MathDial each sample is one teacher turn, and `move_agreement` pairs the `socratic` scorer's move label with the
human move. A verdict that could not be given (a scoring error) is kept as NaN (or -1 for a move): every metric is
computed on the pairs that have a verdict, and `*_scoring_errors` counts the others, so none disappears silently.
The pairing and the statistics are those of `scorers/agreement_statistics.py`, which MRBench's eight dimensions
(`scorers/rubric_agreement.py`) use too: a two-way verdict is a confusion matrix of two labels, a move one of four.
A jury bound to the `grader` role is measured like any judge, on its verdicts; its graders' labels stay in the
metadata and their agreement with one another is `<dimension>_grader_agreement` (`move`: `grader_agreement`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.data.mathdial import TEACHER_MOVES
from trtutor.scorers.agreement_statistics import (
    accuracy,
    confusion,
    judged,
    kappa,
    label_f1,
    label_pairs,
    macro_f1,
    pairs_tutor_spearman,
    scoring_errors,
)
from trtutor.scorers.answer_leakage import answer_leakage
from trtutor.scorers.correctness import correctness
from trtutor.scorers.judge_card import MetricCard, card_of_metric
from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.jury import GRADER_VERDICTS, grader_agreement
from trtutor.scorers.socratic import socratic

DIMENSIONS = ("leakage", "socratic", "correctness")


def _float(index: int) -> float:
    return float(index)  # a two-way label is its own value: the rate of yes


def _pair_metric(dimension: str, statistic: Callable[[np.ndarray], np.ndarray], labels: int = 2) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        pairs = judged(label_pairs(scores, dimension))
        return float(statistic(confusion(pairs, labels))) if pairs else float("nan")

    return compute


def _spearman_metric(dimension: str) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        return pairs_tutor_spearman(label_pairs(scores, dimension), _float)

    return compute


def _errors_metric(dimension: str) -> Metric:
    def compute(scores: list[SampleScore]) -> int:
        # labelled responses without a verdict (a response the file does not label is not an error)
        return scoring_errors(label_pairs(scores, dimension))

    return compute


def _yes_f1(matrix: np.ndarray) -> np.ndarray:
    return label_f1(matrix)[..., 1]


def _macro_f1(matrix: np.ndarray) -> np.ndarray:
    return macro_f1(matrix, absent="zero")


# The metric names are a contract (other tools read them); each is registered under exactly this name.
@metric
def leakage_f1() -> Metric:
    return _pair_metric("leakage", _yes_f1)


@metric
def leakage_kappa() -> Metric:
    return _pair_metric("leakage", kappa)


@metric
def leakage_accuracy() -> Metric:
    return _pair_metric("leakage", accuracy)


@metric
def leakage_tutor_spearman() -> Metric:
    return _spearman_metric("leakage")


@metric
def leakage_scoring_errors() -> Metric:
    return _errors_metric("leakage")


@metric
def socratic_macro_f1() -> Metric:
    return _pair_metric("socratic", _macro_f1)


@metric
def socratic_kappa() -> Metric:
    return _pair_metric("socratic", kappa)


@metric
def socratic_tutor_spearman() -> Metric:
    return _spearman_metric("socratic")


@metric
def socratic_scoring_errors() -> Metric:
    return _errors_metric("socratic")


@metric
def correctness_macro_f1() -> Metric:
    return _pair_metric("correctness", _macro_f1)


@metric
def correctness_kappa() -> Metric:
    return _pair_metric("correctness", kappa)


@metric
def correctness_tutor_spearman() -> Metric:
    return _spearman_metric("correctness")


@metric
def correctness_scoring_errors() -> Metric:
    return _errors_metric("correctness")


def _card_metric(dimension: str, figure: Callable[[MetricCard], float]) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        pairs = judged(label_pairs(scores, dimension))
        if not pairs:
            return float("nan")
        card = card_of_metric(dimension, pairs, leave_one_tutor_out=False)
        return float(figure(card))

    return compute


# The judge card's figures (scorers/judge_card.py; `trtutor judge-card LOG` writes the whole card): the judge's
# bias (mean verdict minus annotators' label), the tutor spread of that bias, and the annotators' yes rate given
# the judge's yes and given its no.
@metric
def leakage_card_bias() -> Metric:
    return _card_metric("leakage", lambda card: card.bias)


@metric
def leakage_card_tutor_spread() -> Metric:
    return _card_metric("leakage", lambda card: card.tutor_spread)


@metric
def leakage_card_yes_if_judge_yes() -> Metric:
    return _card_metric("leakage", lambda card: card.human_yes_given_judge["1"][0])


@metric
def leakage_card_yes_if_judge_no() -> Metric:
    return _card_metric("leakage", lambda card: card.human_yes_given_judge["0"][0])


@metric
def socratic_card_bias() -> Metric:
    return _card_metric("socratic", lambda card: card.bias)


@metric
def socratic_card_tutor_spread() -> Metric:
    return _card_metric("socratic", lambda card: card.tutor_spread)


@metric
def socratic_card_yes_if_judge_yes() -> Metric:
    return _card_metric("socratic", lambda card: card.human_yes_given_judge["1"][0])


@metric
def socratic_card_yes_if_judge_no() -> Metric:
    return _card_metric("socratic", lambda card: card.human_yes_given_judge["0"][0])


@metric
def correctness_card_bias() -> Metric:
    return _card_metric("correctness", lambda card: card.bias)


@metric
def correctness_card_tutor_spread() -> Metric:
    return _card_metric("correctness", lambda card: card.tutor_spread)


@metric
def correctness_card_yes_if_judge_yes() -> Metric:
    return _card_metric("correctness", lambda card: card.human_yes_given_judge["1"][0])


@metric
def correctness_card_yes_if_judge_no() -> Metric:
    return _card_metric("correctness", lambda card: card.human_yes_given_judge["0"][0])


def _jury(verdict: Score, ballot: str = GRADER_VERDICTS) -> dict[str, Any]:
    """A jury's graders' labels behind a verdict (`grader_verdicts`), for `grader_agreement`; none for one judge."""
    labels = (verdict.metadata or {}).get(ballot)
    return {GRADER_VERDICTS: labels} if labels else {}


def _verdict(score: Score) -> float:
    value = score.value
    return float(value) if isinstance(value, int | float) else float("nan")


@scorer(
    metrics=[
        leakage_f1(),
        leakage_kappa(),
        leakage_accuracy(),
        leakage_tutor_spearman(),
        leakage_scoring_errors(),
        socratic_macro_f1(),
        socratic_kappa(),
        socratic_tutor_spearman(),
        socratic_scoring_errors(),
        correctness_macro_f1(),
        correctness_kappa(),
        correctness_tutor_spearman(),
        correctness_scoring_errors(),
        *(
            card_metric()
            for card_metric in (
                leakage_card_bias,
                leakage_card_tutor_spread,
                leakage_card_yes_if_judge_yes,
                leakage_card_yes_if_judge_no,
                socratic_card_bias,
                socratic_card_tutor_spread,
                socratic_card_yes_if_judge_yes,
                socratic_card_yes_if_judge_no,
                correctness_card_bias,
                correctness_card_tutor_spread,
                correctness_card_yes_if_judge_yes,
                correctness_card_yes_if_judge_no,
            )
        ),  # fmt: skip
        grader_agreement("leakage"),
        grader_agreement("socratic"),
        grader_agreement("correctness"),
    ]
)
def judge_agreement(judge: JudgeKind = "offline") -> Scorer:
    """Our three verdicts on a labelled tutor response, each beside the human label (see the module docstring).

    Args:
        judge: "llm" (the `grader` model role) or "offline", exactly the judges of `tasks/socratic.py`.
    """
    judges = {"leakage": answer_leakage(judge), "socratic": socratic(judge), "correctness": correctness(judge)}

    async def score(state: TaskState, target: Target) -> Score:
        verdicts = {dimension: await judges[dimension](state, target) for dimension in DIMENSIONS}
        human = state.metadata["human"]
        value: dict[str, float | int] = {}
        for dimension, verdict in verdicts.items():
            value[f"{dimension}_judge"] = _verdict(verdict)
            # NaN where the file does not label this dimension (BEA 2025 lacks Revealing_of_the_Answer)
            value[f"{dimension}_human"] = float("nan") if human[dimension] is None else int(human[dimension])
        return Score(
            value=value,  # type: ignore[arg-type]
            explanation="; ".join(f"{d}: {v.explanation}" for d, v in verdicts.items()),
            metadata={d: {"answer": v.answer, "reason": v.reason, **_jury(v)} for d, v in verdicts.items()},
        )

    return score


@metric
def move_macro_f1() -> Metric:
    return _pair_metric("move", _macro_f1, len(TEACHER_MOVES))


@metric
def move_accuracy() -> Metric:
    return _pair_metric("move", accuracy, len(TEACHER_MOVES))


def _move_f1(move: str) -> Metric:
    # Moves travel as their index in TEACHER_MOVES (Inspect's reducers turn string values into numbers); -1 = error.
    index = TEACHER_MOVES.index(move)
    return _pair_metric("move", lambda matrix: label_f1(matrix)[..., index], len(TEACHER_MOVES))


@metric
def move_f1_focus() -> Metric:
    return _move_f1("focus")


@metric
def move_f1_probing() -> Metric:
    return _move_f1("probing")


@metric
def move_f1_telling() -> Metric:
    return _move_f1("telling")


@metric
def move_f1_generic() -> Metric:
    return _move_f1("generic")


@metric
def move_scoring_errors() -> Metric:
    return _errors_metric("move")


@scorer(
    metrics=[
        move_macro_f1(),
        move_accuracy(),
        move_f1_focus(),
        move_f1_probing(),
        move_f1_telling(),
        move_f1_generic(),
        move_scoring_errors(),
        grader_agreement(),
    ]
)
def move_agreement(judge: JudgeKind = "offline") -> Scorer:
    """The `socratic` judge's move label for a MathDial teacher turn beside the human move.

    Args:
        judge: "llm" (the `grader` model role's `socratic` label) or "offline" (the move classifier).
    """
    socratic_judge = socratic(judge)

    async def score(state: TaskState, target: Target) -> Score:
        verdict = await socratic_judge(state, target)
        # A judge that names the turn's most likely move apart from its guiding-or-not verdict (the offline move
        # classifier) is measured on that move; otherwise the verdict's label is the move.
        move = (verdict.metadata or {}).get("most_likely_move") or verdict.answer
        predicted = move if move and not math.isnan(_verdict(verdict)) else ""
        return Score(
            value={
                "move_human": TEACHER_MOVES.index(state.metadata["reference_move"]),
                "move_judge": TEACHER_MOVES.index(predicted) if predicted in TEACHER_MOVES else -1,
            },
            answer=predicted,
            explanation=verdict.explanation,
            metadata={"reason": verdict.reason, **_jury(verdict, "grader_moves")},
        )

    return score
