"""Agreement of our judges with human labels: the scorers and metrics behind `tasks/judge_agreement.py`.

On MRBench each sample is one labelled tutor response. `judge_agreement` runs exactly the scorers of
`tasks/socratic.py` on it and pairs each verdict with the human label, collapsed to two ways:

- `leakage` (our `answer_leakage`) vs `Revealing_of_the_Answer`: leak = either "Yes (...)" label;
- `socratic` vs `Providing_Guidance`: "Yes" and "To some extent" = guiding;
- `correctness` vs `Mistake_Identification`: "Yes" and "To some extent" = identified.

On MathDial each sample is one teacher turn, and `move_agreement` pairs the `socratic` scorer's move label with the
human move. A verdict that could not be given (a scoring error) is kept as NaN (or "" for a move): every metric is
computed on the pairs that have a verdict, and `*_scoring_errors` counts the others, so none disappears silently.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, Target, metric, scorer
from inspect_ai.solver import TaskState

from trtutor.data.mathdial import TEACHER_MOVES
from trtutor.scorers.answer_leakage import answer_leakage
from trtutor.scorers.correctness import correctness
from trtutor.scorers.judges import JudgeKind
from trtutor.scorers.socratic import socratic

DIMENSIONS = ("leakage", "socratic", "correctness")


def paired(scores: list[SampleScore], dimension: str) -> tuple[list[int], list[int], list[str]]:
    """Human labels, judge verdicts and tutors of the samples whose judge verdict exists."""
    human, judge, tutors = [], [], []
    for sample_score in scores:
        value = sample_score.score.value
        assert isinstance(value, dict)
        verdict, human_label = value[f"{dimension}_judge"], value[f"{dimension}_human"]
        if _missing(verdict) or _missing(human_label):
            continue
        human.append(int(value[f"{dimension}_human"]))
        judge.append(int(verdict))
        tutors.append(str((sample_score.sample_metadata or {}).get("tutor", "")))
    return human, judge, tutors


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def tutor_rates(human: list[int], judge: list[int], tutors: list[str]) -> dict[str, tuple[float, float, int]]:
    """Per tutor: (human rate, judge rate, responses)."""
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for h, j, tutor in zip(human, judge, tutors, strict=True):
        groups[tutor].append((h, j))
    return {
        tutor: (sum(h for h, _ in pairs) / len(pairs), sum(j for _, j in pairs) / len(pairs), len(pairs))
        for tutor, pairs in sorted(groups.items())
    }


def _f1(human: list[int], judge: list[int]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(human, judge, zero_division=0.0))


def _macro_f1(human: list[int], judge: list[int]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(human, judge, average="macro", labels=[0, 1], zero_division=0.0))


def _kappa(human: list[int], judge: list[int]) -> float:
    from sklearn.metrics import cohen_kappa_score

    kappa = cohen_kappa_score(human, judge)
    return 0.0 if math.isnan(kappa) else float(kappa)  # one class only on both sides: no agreement beyond chance


def _accuracy(human: list[int], judge: list[int]) -> float:
    return sum(h == j for h, j in zip(human, judge, strict=True)) / len(human) if human else float("nan")


def _tutor_spearman(human: list[int], judge: list[int], tutors: list[str]) -> float:
    from scipy.stats import spearmanr

    rates = tutor_rates(human, judge, tutors)
    if len(rates) < 3:
        return float("nan")
    result = spearmanr([h for h, _, _ in rates.values()], [j for _, j, _ in rates.values()])
    return float(result.statistic)


def _pair_metric(dimension: str, statistic: Callable[[list[int], list[int]], float]) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        human, judge, _ = paired(scores, dimension)
        return statistic(human, judge) if human else float("nan")

    return compute


def _spearman_metric(dimension: str) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        return _tutor_spearman(*paired(scores, dimension))

    return compute


def _errors_metric(dimension: str) -> Metric:
    def compute(scores: list[SampleScore]) -> int:
        # labelled responses without a verdict (a response the file does not label is not an error)
        labelled = [s for s in scores if not _missing(s.score.value[f"{dimension}_human"])]  # type: ignore[index]
        return len(labelled) - len(paired(scores, dimension)[0])

    return compute


# The metric names are a contract (other tools read them); each is registered under exactly this name.
@metric
def leakage_f1() -> Metric:
    return _pair_metric("leakage", _f1)


@metric
def leakage_kappa() -> Metric:
    return _pair_metric("leakage", _kappa)


@metric
def leakage_accuracy() -> Metric:
    return _pair_metric("leakage", _accuracy)


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
    return _pair_metric("socratic", _kappa)


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
    return _pair_metric("correctness", _kappa)


@metric
def correctness_tutor_spearman() -> Metric:
    return _spearman_metric("correctness")


@metric
def correctness_scoring_errors() -> Metric:
    return _errors_metric("correctness")


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
            metadata={d: {"answer": v.answer, "reason": v.reason} for d, v in verdicts.items()},
        )

    return score


def _move_pairs(scores: list[SampleScore]) -> tuple[list[str], list[str]]:
    # Moves travel as their index in TEACHER_MOVES (Inspect's reducers turn string values into numbers); -1 = error.
    pairs = [(int(s.score.value["move_human"]), int(s.score.value["move_judge"])) for s in scores]  # type: ignore[index]
    return [TEACHER_MOVES[h] for h, j in pairs if j >= 0], [TEACHER_MOVES[j] for _, j in pairs if j >= 0]


@metric
def move_macro_f1() -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        from sklearn.metrics import f1_score

        human, judge = _move_pairs(scores)
        if not human:
            return float("nan")
        return float(f1_score(human, judge, average="macro", labels=list(TEACHER_MOVES), zero_division=0.0))

    return compute


@metric
def move_accuracy() -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        return _accuracy(*_move_pairs(scores))  # type: ignore[arg-type]

    return compute


def _move_f1(move: str) -> Metric:
    def compute(scores: list[SampleScore]) -> float:
        from sklearn.metrics import f1_score

        human, judge = _move_pairs(scores)
        if not human:
            return float("nan")
        return float(f1_score(human, judge, labels=[move], average="macro", zero_division=0.0))

    return compute


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
    def compute(scores: list[SampleScore]) -> int:
        return len(scores) - len(_move_pairs(scores)[0])

    return compute


@scorer(
    metrics=[
        move_macro_f1(),
        move_accuracy(),
        move_f1_focus(),
        move_f1_probing(),
        move_f1_telling(),
        move_f1_generic(),
        move_scoring_errors(),
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
            metadata={"reason": verdict.reason},
        )

    return score
