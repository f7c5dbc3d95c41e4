"""Judge cards: how a judge's rates map to the rates expert annotators give, and how far that map can be off.

A card is built from a `tasks/judge_agreement.py` log (any judge: offline, one LLM grader, a jury) on labelled tutor
responses, and a leaderboard reads it to turn each talker's judge rate into an estimate of the annotators' rate.
Per metric (`socratic`, `answer_leakage`, `correctness`) it holds:

- the confusion counts of judge and annotators, and from them the rates at which annotators say yes given the
  judge's yes and given its no (with Jeffreys intervals): what a verdict means;
- the judge's **bias**, its mean verdict minus the annotators' over all labelled turns, with its standard error
  (a bootstrap over conversations);
- the **tutor spread** `tau`: how much the bias moves from tutor to tutor beyond sampling noise (leave one tutor
  out: each tutor's own bias against the others' pooled one; the mean squared residual less the residuals'
  sampling variance, floored at 0, the method of moments);
- each tutor's own bias with its sampling variance, for talkers the card has measured (an MRBench tutor replayed);
- the turn-level disagreement: the variance of the annotators' label given the judge's verdict;
- a leave-one-tutor-out check: each tutor's annotator rate estimated from a card without that tutor, and whether
  the interval covers it.

The estimate of a talker's annotator rate is its judge rate less the bias (`estimate_draws`). Why additive: on the
MRBench dev responses, leave one tutor out, the judge rate less the bias is off the annotators by 0.040 on average
(9 tutors, 3 metrics), the rate implied by "annotators' yes given the judge's verdict" by 0.078 and the
sensitivity/specificity (Rogan-Gladen) correction by 0.084: the judge's errors depend on the turn, and both maps
that hold a conditional rate fixed across talkers move good and weak tutors toward the middle.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trtutor.scorers.agreement_statistics import LabelPair, judged

if TYPE_CHECKING:
    from inspect_ai.log import EvalLog

CARD_VERSION = 1
# the agreement log's dimension -> the metric of tasks/socratic.py and tasks/mrbench.py it is a card for
CARD_METRICS = {"socratic": "socratic", "leakage": "answer_leakage", "correctness": "correctness"}
CONFIDENCE = 0.95
RESAMPLES = 2000  # bootstraps that build a card
DRAWS = 9999  # draws of an estimate or a difference: enough that the smallest p-value survives Holm's correction
SEED = 20261130


@dataclass(frozen=True)
class TutorBias:
    """One tutor of the card: its judge and annotator rates and its own bias (judge minus annotators)."""

    tutor: str
    turns: int
    judge_rate: float
    human_rate: float
    bias: float
    bias_variance: float  # sampling variance of `bias` (bootstrap over the tutor's conversations)


@dataclass(frozen=True)
class LeaveOneOut:
    """A tutor's annotator rate estimated by a card built without it."""

    tutor: str
    human_rate: float
    judge_rate: float
    estimate: float
    low: float
    high: float

    @property
    def covered(self) -> bool:
        return self.low <= self.human_rate <= self.high


@dataclass(frozen=True)
class MetricCard:
    """How one metric's judge verdicts map to the annotators' labels (see the module docstring)."""

    metric: str
    turns: int
    conversations: int
    confusion: list[list[int]]  # [annotators no/yes][judge no/yes]
    bias: float
    bias_se: float
    tutor_spread: float  # tau
    disagreement: dict[str, float]  # judge verdict ("0", "1") -> variance of the annotators' label given it
    tutors: list[TutorBias]
    leave_one_tutor_out: list[LeaveOneOut] = field(default_factory=list)

    @property
    def human_yes_given_judge(self) -> dict[str, tuple[float, float, float]]:
        """P(annotators say yes | the judge says no / yes): the rate and its 95 % Jeffreys interval."""
        from scipy.stats import beta

        rates = {}
        for verdict in (0, 1):
            yes, no = self.confusion[1][verdict], self.confusion[0][verdict]
            low, high = beta.ppf([(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2], yes + 0.5, no + 0.5)
            rates[str(verdict)] = (yes / (yes + no) if yes + no else math.nan, float(low), float(high))
        return rates

    def tutor(self, name: str) -> TutorBias | None:
        return next((tutor for tutor in self.tutors if tutor.tutor == name), None)

    def bias_for(self, tutor: str | None) -> tuple[float, float, str]:
        """The bias to take off a talker's judge rate, its variance, and where it comes from.

        A talker the card has measured (its tutor's name) gets its own bias shrunk toward the pooled one by how
        much tutors differ (empirical Bayes: weight tau² / (tau² + its sampling variance)); any other talker gets
        the pooled bias, with the tutor spread added to its variance: it may err as any of the card's tutors did.
        """
        known = self.tutor(tutor) if tutor else None
        tau2, pooled_variance = self.tutor_spread**2, self.bias_se**2
        if known is None:
            return self.bias, pooled_variance + tau2, "pooled"
        weight = tau2 / (tau2 + known.bias_variance) if tau2 + known.bias_variance > 0 else 0.0
        mean = weight * known.bias + (1 - weight) * self.bias
        return mean, weight * known.bias_variance + (1 - weight) ** 2 * pooled_variance, f"own ({known.tutor})"


@dataclass(frozen=True)
class JudgeCard:
    """A judge's card: which judge, from which labels, and one `MetricCard` per metric."""

    judge: str  # as the leaderboard's provenance names it ("offline judges", "llm: openai/gpt-4o", ...)
    judge_version: str  # the offline judges' version, or the judge prompts' hashes: a card fits one judge only
    data: str
    data_sha256: str | None
    harness_version: str
    metrics: dict[str, MetricCard]
    card_version: int = CARD_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=False) + "\n"

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json())
        return path


class JudgeCardError(ValueError):
    """A card file that cannot be read, named with the file and what is wrong."""


def read_card(path: str | Path) -> JudgeCard:
    """A card written by `trtutor judge-card` (or shipped with the offline judges)."""
    if Path(path).is_dir():
        raise JudgeCardError(f"{path}: a folder, not a judge card; a card is what `trtutor judge-card LOG --out "
                             "CARD.json` writes from a tasks/judge_agreement.py log")  # fmt: skip
    try:
        raw = json.loads(Path(path).read_text())
        if raw.get("card_version") != CARD_VERSION:
            raise JudgeCardError(f"{path}: card_version {raw.get('card_version')!r}, this harness reads {CARD_VERSION}")
        metrics = {}
        for name, metric in raw["metrics"].items():
            metric = dict(metric)
            metric["tutors"] = [TutorBias(**tutor) for tutor in metric["tutors"]]
            metric["leave_one_tutor_out"] = [LeaveOneOut(**row) for row in metric.get("leave_one_tutor_out", [])]
            metrics[name] = MetricCard(**metric)
        return JudgeCard(**{**raw, "metrics": metrics})
    except JudgeCardError:
        raise
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
        raise JudgeCardError(f"{path}: not a judge card ({type(error).__name__}: {error})") from error


# --- building a card --------------------------------------------------------------------------------------------


def _conversation_sums(pairs: Sequence[LabelPair]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per conversation: sum of judge verdicts, sum of annotator labels, turns."""
    index: dict[str, int] = {}
    sums: list[list[float]] = []
    for pair in pairs:
        row = index.setdefault(pair.conversation, len(sums))
        if row == len(sums):
            sums.append([0.0, 0.0, 0.0])
        sums[row][0] += pair.judge
        sums[row][1] += pair.human
        sums[row][2] += 1
    array = np.array(sums).reshape(-1, 3)
    return array[:, 0], array[:, 1], array[:, 2]


def _resample_indices(clusters: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, clusters, (RESAMPLES, clusters))


def bias_with_variance(pairs: Sequence[LabelPair], rng: np.random.Generator) -> tuple[float, float]:
    """Mean judge minus annotator label, and its variance by a bootstrap over conversations."""
    judge, human, turns = _conversation_sums(pairs)
    bias = float((judge.sum() - human.sum()) / turns.sum())
    if len(turns) < 2:
        return bias, 0.0
    index = _resample_indices(len(turns), rng)
    draws = (judge[index].sum(axis=1) - human[index].sum(axis=1)) / turns[index].sum(axis=1)
    return bias, float(draws.var())


def _pooled_metric(metric: str, pairs: Sequence[LabelPair], rng: np.random.Generator, *, check: bool) -> MetricCard:
    confusion = np.zeros((2, 2), dtype=int)
    for pair in pairs:
        confusion[pair.human, pair.judge] += 1
    bias, bias_variance = bias_with_variance(pairs, rng)
    tutors = sorted({pair.tutor for pair in pairs})
    by_tutor = {tutor: [pair for pair in pairs if pair.tutor == tutor] for tutor in tutors}
    # a tutor whose every turn the judge got right has a bootstrap variance of 0, which would make its own bias
    # certain: no tutor's bias is known better than the pooled turn-level variance allows for its number of turns
    turn_variance = (confusion[0, 1] + confusion[1, 0]) / len(pairs) - bias**2
    tutor_biases = []
    for tutor in tutors:
        own = by_tutor[tutor]
        own_bias, own_variance = bias_with_variance(own, rng)
        own_variance = max(own_variance, turn_variance / len(own))
        tutor_biases.append(
            TutorBias(
                tutor=tutor,
                turns=len(own),
                judge_rate=float(np.mean([pair.judge for pair in own])),
                human_rate=float(np.mean([pair.human for pair in own])),
                bias=own_bias,
                bias_variance=own_variance,
            )
        )
    # tau: each tutor's bias against the others' pooled bias; what sampling does not explain is the tutor spread
    residuals, sampling = [], []
    for tutor_bias in tutor_biases:
        others = [pair for pair in pairs if pair.tutor != tutor_bias.tutor]
        if not others:
            continue
        others_bias, others_variance = bias_with_variance(others, rng)
        residuals.append(tutor_bias.bias - others_bias)
        sampling.append(tutor_bias.bias_variance + others_variance)
    tau2 = max(0.0, float(np.mean(np.square(residuals)) - np.mean(sampling))) if len(residuals) >= 2 else 0.0
    disagreement = {}
    for verdict in (0, 1):
        column = confusion[:, verdict]
        share = column[1] / column.sum() if column.sum() else 0.5
        disagreement[str(verdict)] = float(share * (1 - share))
    card = MetricCard(
        metric=metric,
        turns=len(pairs),
        conversations=len({pair.conversation for pair in pairs}),
        confusion=confusion.tolist(),
        bias=bias,
        bias_se=math.sqrt(bias_variance),
        tutor_spread=math.sqrt(tau2),
        disagreement=disagreement,
        tutors=tutor_biases,
    )
    if not check or len(tutors) < 3:
        return card
    left_out = []
    for tutor in tutors:
        without = _pooled_metric(metric, [pair for pair in pairs if pair.tutor != tutor], rng, check=False)
        own = by_tutor[tutor]
        judge, _, turns = _conversation_sums(own)
        verdicts = np.array([pair.judge for pair in own])
        estimate, draws = estimate_draws(without, judge, turns, verdicts, talker=None)
        low, high = np.quantile(draws, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
        left_out.append(
            LeaveOneOut(
                tutor=tutor,
                human_rate=float(np.mean([pair.human for pair in own])),
                judge_rate=float(verdicts.mean()),
                estimate=estimate,
                low=float(low),
                high=float(high),
            )
        )
    return replace(card, leave_one_tutor_out=left_out)


def card_of_metric(dimension: str, pairs: Sequence[LabelPair], *, leave_one_tutor_out: bool = True) -> MetricCard:
    """One metric's card from the pairs of its agreement dimension (`leakage`, `socratic`, `correctness`)."""
    return _card_of_metric(dimension, tuple(judged(pairs)), leave_one_tutor_out)


@lru_cache(maxsize=8)  # the four card metrics of a dimension in a judge_agreement log read one card, built once
def _card_of_metric(dimension: str, pairs: tuple[LabelPair, ...], leave_one_tutor_out: bool) -> MetricCard:
    rng = np.random.default_rng(SEED)
    return _pooled_metric(CARD_METRICS[dimension], list(pairs), rng, check=leave_one_tutor_out)


def build_card(
    pairs_by_dimension: dict[str, Sequence[LabelPair]],
    *,
    judge: str,
    judge_version: str,
    data: str,
    data_sha256: str | None,
    harness_version: str,
    leave_one_tutor_out: bool = True,
) -> JudgeCard:
    """The card of a judge from its verdicts beside the annotators' labels (`label_pairs` of an agreement log, per
    dimension of `CARD_METRICS`). Turns the judge gave no verdict on are left out (they are counted in the log).
    `leave_one_tutor_out=False` skips the card's own check (each tutor estimated by a card without it)."""
    metrics = {}
    for dimension, metric in CARD_METRICS.items():
        pairs = judged(pairs_by_dimension.get(dimension, []))
        if pairs:
            metrics[metric] = card_of_metric(dimension, pairs, leave_one_tutor_out=leave_one_tutor_out)
    if not metrics:
        raise JudgeCardError(f"{data}: no labelled turn with a verdict, so there is no card to build")
    return JudgeCard(judge, judge_version, data, data_sha256, harness_version, metrics)


# --- using a card -----------------------------------------------------------------------------------------------


def estimate_draws(
    card: MetricCard,
    judge_sums: np.ndarray,
    turns: np.ndarray,
    verdicts: np.ndarray,
    *,
    talker: str | None,
    index: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """The estimate of a talker's annotator rate and `DRAWS` draws of it, for its interval.

    Args:
        card: The metric's card.
        judge_sums: Per conversation, the sum of the talker's judge verdicts (0/1).
        turns: Per conversation, its scored turns.
        verdicts: Every scored turn's verdict (for the turn-level disagreement).
        talker: The card tutor the talker is (its own bias applies), or None.
        index: Resampled conversation indices (draws, conversations); drawn here when not given.

    Each draw carries the sampling over conversations (a bootstrap of the judge rate), the card's uncertainty and
    the tutor spread (the bias, drawn from `MetricCard.bias_for`), and the turn-level disagreement of annotators
    with the judge (a normal with the variance of the annotators' labels given the verdicts). Draws are clipped to
    [0, 1], as is the estimate.
    """
    rng = np.random.default_rng(SEED + 1)
    if index is None:
        index = rng.integers(0, len(turns), (DRAWS, len(turns)))
    judge_rate = float(judge_sums.sum() / turns.sum())
    bias, bias_variance, _ = card.bias_for(talker)
    rate_draws = judge_sums[index].sum(axis=1) / turns[index].sum(axis=1)
    noise_variance = bias_variance + disagreement_variance(card, verdicts)
    draws = rate_draws - bias + rng.normal(0.0, math.sqrt(noise_variance), len(rate_draws))
    return float(np.clip(judge_rate - bias, 0.0, 1.0)), np.clip(draws, 0.0, 1.0)


def disagreement_variance(card: MetricCard, verdicts: np.ndarray) -> float:
    """Variance of the annotators' mean label on these turns given the judge's verdicts on them."""
    yes = int((verdicts == 1).sum())
    return (yes * card.disagreement["1"] + (len(verdicts) - yes) * card.disagreement["0"]) / len(verdicts) ** 2


def difference_draws(
    card: MetricCard,
    talker_sums: np.ndarray,
    reference_sums: np.ndarray,
    turns: np.ndarray,
    talker_verdicts: np.ndarray,
    reference_verdicts: np.ndarray,
    *,
    talker: str | None,
    reference: str | None,
) -> tuple[float, np.ndarray]:
    """Talker minus reference in estimated annotator rates, paired on the conversations both scored, and
    `DRAWS` draws of it: the paired bootstrap of the judge rates' difference, less the difference of the two
    biases (the pooled bias's own error cancels when both take it; each keeps its tutor spread or own-bias
    variance), plus both talkers' turn-level disagreement."""
    rng = np.random.default_rng(SEED + 2)
    talker_bias, talker_variance, talker_source = card.bias_for(talker)
    reference_bias, reference_variance, reference_source = card.bias_for(reference)
    if talker_source == reference_source == "pooled":
        shared = 2 * card.bias_se**2  # the same pooled bias taken off both
    else:
        shared = 0.0
    index = rng.integers(0, len(turns), (DRAWS, len(turns)))
    difference = (talker_sums[index].sum(axis=1) - reference_sums[index].sum(axis=1)) / turns[index].sum(axis=1)
    variance = max(
        talker_variance + reference_variance - shared
        + disagreement_variance(card, talker_verdicts) + disagreement_variance(card, reference_verdicts),
        0.0,
    )  # fmt: skip
    draws = difference - (talker_bias - reference_bias) + rng.normal(0.0, math.sqrt(variance), len(difference))
    estimate = float((talker_sums.sum() - reference_sums.sum()) / turns.sum()) - (talker_bias - reference_bias)
    # two rates differ by at most 1 either way (as each rate's draws are clipped to [0, 1])
    return float(np.clip(estimate, -1.0, 1.0)), np.clip(draws, -1.0, 1.0)


# --- from a log -------------------------------------------------------------------------------------------------


def agreement_pairs(log: EvalLog, log_path: str) -> dict[str, list[LabelPair]]:
    """Per dimension of `CARD_METRICS`, the (annotators, judge) pairs of a judge_agreement log's samples."""
    from inspect_ai.scorer import SampleScore

    from trtutor.scorers.agreement_statistics import label_pairs

    scores = [
        SampleScore(score=sample.scores["judge_agreement"], sample_id=sample.id, sample_metadata=sample.metadata)
        for sample in log.samples or []
        if sample.scores and "judge_agreement" in sample.scores
    ]
    if not scores:
        raise JudgeCardError(f"{log_path}: no judge_agreement scores (MathDial data? a card needs MRBench labels)")
    return {dimension: label_pairs(scores, dimension) for dimension in CARD_METRICS}


def agreement_log(location: str, *, for_a_card: bool = False) -> str:
    """The judge_agreement log at `location`: the file itself, or the newest such log in a folder of labelled tutors'
    responses (MRBench or BEA 2025 data, not MathDial's teacher moves, which have no tutors to tabulate);
    `for_a_card`: of our three verdicts, the logs a card is built from."""
    from trtutor.leaderboard.logs import newest_log

    def tutors_data(metadata: dict[str, Any]) -> bool:
        return metadata.get("data_format") != "mathdial"

    def card_data(metadata: dict[str, Any]) -> bool:
        return metadata.get("rubric") == "trtutor" and tutors_data(metadata)

    what = "log of MRBench or BEA 2025 data" + (" with our three verdicts" if for_a_card else "")
    try:
        return newest_log(location, "judge_agreement", card_data if for_a_card else tutors_data, what)
    except (FileNotFoundError, ValueError) as error:
        raise JudgeCardError(str(error)) from error


def card_from_log(log_path: str) -> JudgeCard:
    """The card of the judge a `tasks/judge_agreement.py` log (our three verdicts, MRBench or BEA 2025 data)
    measured: what `trtutor judge-card LOG` writes. A folder: its newest such log."""
    from inspect_ai.log import read_eval_log

    log_path = agreement_log(log_path, for_a_card=True)
    from trtutor.leaderboard.logs import judge_description, role_models

    log = read_eval_log(log_path)
    if log.eval.task.rsplit("/", 1)[-1] != "judge_agreement" or not log.samples:
        raise JudgeCardError(f"{log_path}: not a tasks/judge_agreement.py log with samples")
    if log.status != "success":
        raise JudgeCardError(f"{log_path}: the run did not finish (status {log.status}); a card needs every turn")
    metadata = log.eval.metadata or {}
    if metadata.get("rubric", "trtutor") != "trtutor":
        raise JudgeCardError(f"{log_path}: a card is built from our three verdicts (-T rubric=trtutor)")
    pairs = agreement_pairs(log, log_path)
    roles = log.eval.model_dump(mode="json").get("model_roles") or {}  # a role may be a list of graders (a jury)
    judge = judge_description(metadata, role_models(roles, "grader"))
    if metadata.get("judge") == "offline" and metadata.get("offline_judges_version") is None:
        raise JudgeCardError(f"{log_path}: the log does not say which version of the offline judges it measured "
                             "(made by an older harness): run tasks/judge_agreement.py again")  # fmt: skip
    version = (
        judge if metadata.get("judge") == "offline" else json.dumps(metadata.get("prompt_sha256", {}), sort_keys=True)
    )
    return build_card(
        pairs,
        judge=judge,
        judge_version=version,
        data=Path(str(metadata.get("data", ""))).name,
        data_sha256=metadata.get("data_sha256"),
        harness_version=str(metadata.get("harness_version", "?")),
    )


def partial_log_note(log_path: str) -> str:
    """A note when the card's log judged fewer responses than its task built (`--limit`, `--sample-id`), else "":
    such a card speaks for those responses' tutors and conversations only."""
    from inspect_ai.log import read_eval_log

    header = read_eval_log(agreement_log(log_path, for_a_card=True), header_only=True)
    built, judged = header.eval.dataset.samples, header.results.total_samples if header.results else 0
    if built is None or judged >= built:
        return ""
    return (f"note: this card covers {judged} of the {built} responses the task built (--limit or --sample-id): "
            "run tasks/judge_agreement.py without them for a card of the whole data")  # fmt: skip


def _rate(rate: tuple[float, float, float]) -> str:
    if math.isnan(rate[0]):
        return "— (the judge never gave this verdict)"
    return f"{rate[0]:.3f} [{rate[1]:.3f}, {rate[2]:.3f}]"


def card_summary(card: JudgeCard) -> str:
    """The card as people read it: one row per metric, then each tutor left out."""
    import pandas as pd

    rows = []
    for metric in card.metrics.values():
        given = metric.human_yes_given_judge
        errors = [abs(row.estimate - row.human_rate) for row in metric.leave_one_tutor_out]
        covered = sum(row.covered for row in metric.leave_one_tutor_out)
        rows.append(
            {
                "metric": metric.metric,
                "turns": metric.turns,
                "bias (judge - annotators)": f"{metric.bias:+.3f} ± {metric.bias_se:.3f}",
                "tutor spread": f"{metric.tutor_spread:.3f}",
                "annotators' yes if judge yes": _rate(given["1"]),
                "annotators' yes if judge no": _rate(given["0"]),
                "tutor left out: covered": f"{covered} of {len(metric.leave_one_tutor_out)}",
                "tutor left out: mean abs. error": f"{np.mean(errors):.3f}" if errors else "—",
            }
        )
    header = f"Judge card: {card.judge} on {card.data} (sha256 {str(card.data_sha256)[:12]})"
    return header + "\n\n" + pd.DataFrame(rows).to_markdown(index=False)
