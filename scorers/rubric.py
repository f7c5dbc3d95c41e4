"""MRBench's eight pedagogical dimensions as scorers (`-T rubric=mrbench`), from one judge interface.

A `RubricJudge` returns a `DimensionVerdict` (a label as the annotators' guideline writes it, and a rationale) for
each dimension asked. Two implement it: `LLMRubricJudge` (one structured call per response to the `grader` role,
every dimension at once, and the turn's MathDial teacher move beside them, `teacher_move`) and
`OfflineRubricJudge` (the cross-fitted three-way models of `offline/rubric_judges.py`, behind the degenerate-turn
check). One scorer factory turns a dimension's verdict into a `Score`; no scorer knows which judge it has. A `grader`
role bound to several models is a jury: each grader makes the call, and the verdict is the jury's (`jury.py`: the
majority label, ties by the median and then against the tutor; every grader's label in the score's metadata, their
agreement the metric `grader_agreement`).

Values: Yes 1, To some extent 0.5, No 0; Revealing_of_the_Answer 1 when revealed (right or wrong), else 0;
Tutor_Tone Encouraging 1, Neutral 0.5, Offensive 0. The label is the score's answer. A verdict that could not be
given (an unparseable or refused judge reply, a dimension missing from it) is unscored, with the raw reply kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Protocol, get_args

from inspect_ai.model import GenerateConfig, Model, ResponseSchema
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from inspect_ai.util import collect, json_schema
from pydantic import ConfigDict, create_model

from trtutor.data.mathdial import TEACHER_MOVES
from trtutor.data.mrbench import DIMENSION_LABELS
from trtutor.prompts import fill_prompt, load_prompt, prompt_hashes
from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.jury import (
    GRADER_VERDICTS,
    bound_graders,
    grader_agreement,
    grader_names,
    how_decided,
    jury_name,
    ordinal_verdict,
    plurality_verdict,
)
from trtutor.scorers.llm_judge import neutral, neutral_turn
from trtutor.scorers.verdicts import SOCRATIC_VALUE

if TYPE_CHECKING:
    from trtutor.scorers.offline.degenerate import Degeneracy

# scorer name -> the dimension as MRBench's files name it
RUBRIC_DIMENSIONS: dict[str, str] = {
    "mistake_identification": "Mistake_Identification",
    "mistake_location": "Mistake_Location",
    "revealing_of_the_answer": "Revealing_of_the_Answer",
    "providing_guidance": "Providing_Guidance",
    "actionability": "Actionability",
    "coherence": "Coherence",
    "tutor_tone": "Tutor_Tone",
    "humanlikeness": "humanlikeness",
}
ALL_DIMENSIONS: tuple[str, ...] = tuple(RUBRIC_DIMENSIONS)
# The dimensions our `socratic`, `correctness` and `answer_leakage` read (Providing_Guidance, Mistake_Identification,
# Revealing_of_the_Answer), in ALL_DIMENSIONS order as the LLM judge asks them.
TURN_DIMENSIONS: tuple[str, ...] = ("mistake_identification", "revealing_of_the_answer", "providing_guidance")
# Not an MRBench dimension: the LLM judge also names the turn's MathDial teacher move, the answer of `socratic`.
TEACHER_MOVE = "teacher_move"
RubricKind = Literal["trtutor", "mrbench"]
RUBRIC_KINDS: tuple[str, ...] = get_args(RubricKind)


def labels_of(dimension: str) -> tuple[str, ...]:
    """The labels of a dimension (scorer name), best first."""
    return DIMENSION_LABELS[RUBRIC_DIMENSIONS[dimension]]


def value_of(dimension: str, label: str) -> float:
    """A label's score value: 1 / 0.5 / 0 down the dimension's labels; for revealing, 1 = revealed."""
    labels = labels_of(dimension)
    if dimension == "revealing_of_the_answer":
        return 0.0 if label == "No" else 1.0
    return (1.0, 0.5, 0.0)[labels.index(label)]


def check_rubric(rubric: str) -> None:
    from trtutor.errors import UsageError

    if rubric not in RUBRIC_KINDS:
        raise UsageError(f"Invalid rubric {rubric!r}. Must be one of: {', '.join(RUBRIC_KINDS)}")


@dataclass(frozen=True)
class DimensionVerdict:
    """One dimension's verdict: a label and why, or (label None) why there is none."""

    label: str | None
    rationale: str
    judge: str
    error_reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


class RubricJudge(Protocol):
    """Verdicts on the talker's turn in `state`, one per dimension asked."""

    name: str

    async def __call__(self, state: TaskState, dimensions: tuple[str, ...]) -> dict[str, DimensionVerdict]: ...


# --- the LLM judge ---------------------------------------------------------------------------------------------


def rubric_prompt_names(dimensions: tuple[str, ...]) -> tuple[str, ...]:
    """The prompt files of the LLM judge's call asking for `dimensions` (the teacher move is in `judge_mrbench`)."""
    return ("judge_mrbench", *(f"rubric_{dimension}" for dimension in dimensions))


RUBRIC_PROMPTS = rubric_prompt_names(ALL_DIMENSIONS)
JUDGE_PROMPTS = rubric_prompt_names(ALL_DIMENSIONS)  # the call of `socratic`, `answer_leakage`, `correctness`
_STORE_PREFIX = "trtutor:rubric_judge:"
_OFFLINE_STORE_PREFIX = "trtutor:rubric_offline:"
LABEL_OF_LEAKAGE = {
    "yes_correct": "Yes (and the answer is correct)",
    "yes_incorrect": "Yes (but the answer is incorrect)",
}
# The guideline's own wording of the revealing labels, which a judge may echo.
_LABEL_ALIASES = {
    "yes (and the revealed answer is correct)": "Yes (and the answer is correct)",
    "yes (but the revealed answer is incorrect)": "Yes (but the answer is incorrect)",
}


def asked_dimensions(dimensions: tuple[str, ...]) -> tuple[str, ...]:
    """`dimensions` in ALL_DIMENSIONS order: scorers that ask for the same set, in any order, share one call."""
    unknown = set(dimensions) - set(ALL_DIMENSIONS)
    if unknown:
        raise ValueError(f"Invalid dimension {sorted(unknown)[0]!r}. Must be one of: {', '.join(ALL_DIMENSIONS)}")
    return tuple(dimension for dimension in ALL_DIMENSIONS if dimension in dimensions)


def field_labels(name: str) -> tuple[str, ...]:
    """The labels of a field of the LLM judge's reply: a dimension's, or the teacher moves."""
    return TEACHER_MOVES if name == TEACHER_MOVE else labels_of(name)


def rubric_prompt(state: TaskState, dimensions: tuple[str, ...]) -> str:
    """The LLM judge's prompt for the talker's turn in `state`, asking for `dimensions` and the teacher move."""
    metadata = state.metadata
    fields = (*dimensions, TEACHER_MOVE)
    example = {name: {"label": "|".join(field_labels(name)), "rationale": "..."} for name in fields}
    return fill_prompt(
        "judge_mrbench",
        problem=neutral(metadata.get("problem") or ""),
        ground_truth=neutral(metadata.get("ground_truth") or ""),
        final_answer=neutral(metadata.get("final_answer") or ""),
        student_solution=neutral(metadata.get("student_incorrect_solution") or ""),
        conversation_history=neutral(metadata.get("conversation_history") or ""),
        response=neutral_turn(state.output.completion),
        rubrics="\n\n".join(load_prompt(f"rubric_{dimension}").strip() for dimension in dimensions),
        json_example=json.dumps(example, indent=1),
    )


@cache  # pydantic builds the models in about 20 ms, and every judged turn asks for the same schema
def verdicts_schema(dimensions: tuple[str, ...]) -> ResponseSchema:
    strict = ConfigDict(extra="forbid")
    fields: dict[str, Any] = {
        name: (
            create_model(
                f"{name}_verdict",
                __config__=strict,
                label=(Literal[field_labels(name)], ...),  # type: ignore[valid-type]
                rationale=(str, ...),
            ),
            ...,
        )
        for name in (*dimensions, TEACHER_MOVE)
    }
    model = create_model("RubricVerdicts", __config__=strict, **fields)
    return ResponseSchema(name="rubric_verdicts", json_schema=json_schema(model), strict=True)


def canonical_label(dimension: str, label: object) -> str | None:
    """The dimension's (or the teacher move's) label that `label` spells (any case and spacing), or None."""
    if not isinstance(label, str):
        return None
    folded = re.sub(r"\s+", " ", label.strip().lower())
    folded = _LABEL_ALIASES.get(folded, folded)
    return next((known for known in field_labels(dimension) if known.lower() == folded.lower()), None)


def parse_rubric_reply(reply: str, dimensions: tuple[str, ...], judge: str) -> dict[str, DimensionVerdict]:
    """Verdicts from an LLM judge's reply: each dimension's label and the teacher move, or a parse error for each."""
    dimensions = (*dimensions, TEACHER_MOVE)
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    try:
        data = json.loads(text[start : end + 1]) if 0 <= start < end else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        reason = "judge_refusal" if re.match(r"^\W*(i'm sorry|i am sorry|i can(?:no|')t)", text, re.I) else None
        error = DimensionVerdict(
            None, "no JSON object of verdicts in the judge's reply", judge, reason or "grade_parse_failure"
        )
        return {dimension: error for dimension in dimensions}
    verdicts = {}
    for dimension in dimensions:
        entry = data.get(dimension)
        label = canonical_label(dimension, entry.get("label")) if isinstance(entry, dict) else None
        if label is None:
            got = entry.get("label") if isinstance(entry, dict) else entry
            verdicts[dimension] = DimensionVerdict(
                None,
                f"no valid {dimension} label in the judge's reply (got {got!r}; expected one of "
                f"{', '.join(field_labels(dimension))})",
                judge,
                "grade_parse_failure",
            )
        else:
            verdicts[dimension] = DimensionVerdict(label, str(entry.get("rationale", "")).strip(), judge)
    return verdicts


class LLMRubricJudge:
    """One call per turn to each model bound to the `grader` role, every dimension asked at once and the teacher move
    (`TEACHER_MOVE`, in the verdicts returned too); each grader's verdicts are kept in the sample's store so the other
    scorers asking for the same dimensions (in any order) reuse them, and in Inspect's cache so re-scoring pays for
    nothing new. A role bound to several models is a jury: its verdicts are combined (`jury_verdicts`)."""

    name = "llm"

    async def __call__(self, state: TaskState, dimensions: tuple[str, ...]) -> dict[str, DimensionVerdict]:
        dimensions = asked_dimensions(dimensions)
        prompt = rubric_prompt(state, dimensions)
        graders = bound_graders()
        if len(graders) == 1:
            return await grader_verdicts(state, graders[0], str(graders[0]), prompt, dimensions)
        names = grader_names(graders)
        ballots = await collect(
            *(
                grader_verdicts(state, grader, name, prompt, dimensions)
                for grader, name in zip(graders, names, strict=True)
            )
        )
        return jury_verdicts(dict(zip(names, ballots, strict=True)), dimensions)


async def grader_verdicts(
    state: TaskState, grader: Model, name: str, prompt: str, dimensions: tuple[str, ...]
) -> dict[str, DimensionVerdict]:
    """One grader's verdicts on `prompt` (its one call, or what the sample's store kept of it)."""
    key = _STORE_PREFIX + hashlib.sha256(f"{name}\n{prompt}".encode()).hexdigest()[:16]
    if (stored := state.store.get(key)) is not None:
        return {dimension: DimensionVerdict(**verdict) for dimension, verdict in stored.items()}
    config = GenerateConfig(temperature=0.0, response_schema=verdicts_schema(dimensions))
    output = await grader.generate(prompt, config=config, cache=True)
    if output.stop_reason == "content_filter":
        refused = DimensionVerdict(None, "the judge refused (provider stop reason)", name, "judge_refusal")
        verdicts = dict.fromkeys((*dimensions, TEACHER_MOVE), refused)
    else:
        verdicts = parse_rubric_reply(output.completion, dimensions, name)
    # an unusable verdict keeps the raw reply, so the log shows what the judge said
    verdicts = {
        dimension: replace(verdict, details={"raw_judge_reply": output.completion})
        if verdict.label is None
        else verdict
        for dimension, verdict in verdicts.items()
    }
    state.store.set(key, {dimension: asdict(verdict) for dimension, verdict in verdicts.items()})
    return verdicts


def jury_verdicts(
    ballots: dict[str, dict[str, DimensionVerdict]], dimensions: tuple[str, ...]
) -> dict[str, DimensionVerdict]:
    """The jury's verdict on each of `dimensions` and the teacher move, from every grader's (`scorers/jury.py` says
    how); the move's ties go to a move of the kind the jury's Providing_Guidance verdict says, when it gives one."""
    verdicts = {
        dimension: jury_verdict(dimension, {name: ballot[dimension] for name, ballot in ballots.items()})
        for dimension in dimensions
    }
    guidance = verdicts.get("providing_guidance")
    guiding = guidance.label in labels_of("providing_guidance")[:2] if guidance and guidance.label else None
    moves = {name: ballot[TEACHER_MOVE] for name, ballot in ballots.items()}
    verdicts[TEACHER_MOVE] = jury_verdict(TEACHER_MOVE, moves, guiding)
    return verdicts


def jury_verdict(
    field_name: str, ballots: dict[str, DimensionVerdict], guiding: bool | None = None
) -> DimensionVerdict:
    """The jury's verdict on one dimension (or the teacher move) from its graders' verdicts, in the binding's order.
    The ordered dimensions take the median label (the majority label where there is one; an even split the one less
    favourable to the tutor: revealed, for Revealing_of_the_Answer); the move the plurality (a tie: a move of the
    kind `guiding` says, then the first grader's). A grader without a verdict is left out and counted; with none, no
    verdict."""
    labels = {name: verdict.label for name, verdict in ballots.items()}
    votes = [label for label in labels.values() if label is not None]
    failed = {name: verdict for name, verdict in ballots.items() if verdict.label is None}
    details: dict[str, Any] = {GRADER_VERDICTS: labels, "grader_errors": len(failed)}
    if failed:
        details["grader_error_reasons"] = {name: verdict.error_reason for name, verdict in failed.items()}
        details["raw_judge_replies"] = {
            name: verdict.details.get("raw_judge_reply") for name, verdict in failed.items()
        }
    judge = jury_name(list(ballots))
    if not votes:
        reason = Counter(verdict.error_reason for verdict in failed.values()).most_common(1)[0][0]
        why = "; ".join(f"{name}: {verdict.rationale}" for name, verdict in failed.items())
        return DimensionVerdict(None, f"no grader of the jury gave a verdict ({why})", judge, reason, details)
    if field_name == TEACHER_MOVE:
        label = plurality_verdict(
            votes, None if guiding is None else lambda move: (SOCRATIC_VALUE[move] == 1.0) == guiding
        )
    else:
        unfavourable_first = field_name == "revealing_of_the_answer"  # revealed (either Yes) is the worse verdict
        label = ordinal_verdict(votes, labels_of(field_name), unfavourable_first=unfavourable_first)
    each = "; ".join(
        f"{name}: {verdict.label} ({verdict.rationale})"
        if verdict.label
        else f"{name}: no verdict ({verdict.error_reason})"
        for name, verdict in ballots.items()
    )
    return DimensionVerdict(label, f"{how_decided(votes, label, len(ballots))}: {each}", judge, details=details)


# --- the offline judges ----------------------------------------------------------------------------------------

# What a degenerate turn (empty, filler, a copy, talk to the grader...) earns on each dimension: it does nothing a
# tutor turn should. It reveals the answer only when the number check finds the answer stated in it.
DEGENERATE_LABEL = {
    "mistake_identification": "No",
    "mistake_location": "No",
    "revealing_of_the_answer": "No",
    "providing_guidance": "No",
    "actionability": "No",
    "coherence": "No",
    "tutor_tone": "Neutral",
    "humanlikeness": "No",
}


class OfflineRubricJudge:
    """The cross-fitted three-way models (`offline/rubric_judges.py`), after the degenerate-turn check."""

    name = "offline"

    async def __call__(self, state: TaskState, dimensions: tuple[str, ...]) -> dict[str, DimensionVerdict]:
        from trtutor.scorers.offline.tutor_turn import offline_turn

        response = offline_turn(state)
        # the other dimensions' scorers of this sample ask again: compute each dimension once per turn
        key = _OFFLINE_STORE_PREFIX + hashlib.sha256(response.encode()).hexdigest()[:16]
        stored: dict[str, Any] = state.store.get(key) or {}
        if all(dimension in stored for dimension in dimensions):
            return {dimension: DimensionVerdict(**stored[dimension]) for dimension in dimensions}
        verdicts = self._judge(state, response, dimensions)
        state.store.set(key, {**stored, **{d: asdict(v) for d, v in verdicts.items()}})
        return verdicts

    def _judge(self, state: TaskState, response: str, dimensions: tuple[str, ...]) -> dict[str, DimensionVerdict]:
        from trtutor.scorers.offline.degenerate import find_degeneracy

        degeneracy = find_degeneracy(response, state.metadata)
        if degeneracy is not None:
            verdicts = {
                dimension: DimensionVerdict(
                    DEGENERATE_LABEL[dimension],
                    degeneracy.explanation(),
                    "offline/degenerate",
                    details={"degenerate": degeneracy.kind},
                )
                for dimension in dimensions
            }
            if "revealing_of_the_answer" in verdicts:  # as `answer_leakage`: the number check alone decides
                verdicts["revealing_of_the_answer"] = _degenerate_revealing(state, degeneracy)
            return verdicts
        return {dimension: exact_verdict(state, dimension) or _learnt_verdict(state, dimension)
                for dimension in dimensions}  # fmt: skip


def lenient_first_label(probabilities: dict[str, float]) -> str:
    """The label "No" when P(No) >= 0.5, else the likelier other label; where there is no "No", the likeliest."""
    if "No" not in probabilities:
        return max(probabilities, key=probabilities.__getitem__)
    if probabilities["No"] >= 0.5:
        return "No"
    return max((label for label in probabilities if label != "No"), key=probabilities.__getitem__)


def exact_verdict(state: TaskState, dimension: str) -> DimensionVerdict | None:
    """The verdict of an exact check, right by construction, where one applies (else None: the model decides).

    - providing_guidance, actionability: a turn that only tells the answer gives neither (the guideline);
    - revealing_of_the_answer: the number check (`offline/leakage.py`) finds the answer, or a wrong one, stated;
    - mistake_identification: the turn endorses the student's wrong answer (`offline/false_statements.py`): No;
      it confirms the student's right final answer, or states the correct final answer after a wrong one: Yes.
    """
    from trtutor.scorers.offline.false_statements import (
        agrees_with_wrong_answer,
        confirms_right_answer,
        student_answer_is_wrong,
    )
    from trtutor.scorers.offline.tutor_turn import offline_leakage, offline_turn, tells_only_the_answer

    if dimension in ("providing_guidance", "actionability") and tells_only_the_answer(state):
        return DimensionVerdict(
            "No", "it states the final answer and nothing else: no guidance, no next step",
            "offline/answer_check", details={"tells_only_the_answer": True},
        )  # fmt: skip
    if dimension == "revealing_of_the_answer":
        finding = offline_leakage(state)
        if finding.label != "no":
            label = LABEL_OF_LEAKAGE[finding.label]
            return DimensionVerdict(label, f"number check: {finding.rationale}", "offline/number_check",
                                    details={"number_check": finding.label, "stated": finding.stated})  # fmt: skip
    if dimension == "mistake_identification":
        turn = offline_turn(state)
        if endorsed := agrees_with_wrong_answer(turn, state.metadata):
            return DimensionVerdict("No", endorsed, "offline/false_statements", details={"endorses_wrong_answer": True})
        if confirmed := confirms_right_answer(turn, state.metadata):
            return DimensionVerdict(
                "Yes", confirmed, "offline/false_statements", details={"confirms_right_answer": True}
            )
        if offline_leakage(state).label == "yes_correct" and student_answer_is_wrong(state.metadata):
            # the guideline's own example: "Actually, the answer to 5 times 6 is 30." identifies the mistake by
            # giving the correct answer (MRBench dev: annotators credit 35 of the 38 turns that state it)
            return DimensionVerdict("Yes", "it gives the correct final answer after the student's wrong one",
                                    "offline/number_check", details={"corrects_with_the_answer": True})  # fmt: skip
    return None


def _learnt_verdict(state: TaskState, dimension: str) -> DimensionVerdict:
    """The cross-fitted three-way model's label (`offline/rubric_judges.py`), decided in two steps so that its
    lenient reading (any credit or none, what `socratic`, `answer_leakage` and `correctness` read) is the
    model's own binary decision: "No" when P(No) is at least one half, else the likelier of the other two."""
    from trtutor.scorers.offline.rubric_judges import rubric_judge_model
    from trtutor.scorers.offline.tutor_turn import offline_turn

    model = rubric_judge_model(RUBRIC_DIMENSIONS[dimension])
    turn = offline_turn(state)
    [probabilities] = model.class_probabilities([turn], [state.metadata])
    read_without = ""
    if dimension in _ASIDES_TAKE_NOTHING_AWAY and probabilities.get("No", 0.0) >= 0.5:
        # the turn is also read without its asides: a sentence of words foreign to the moment ("Take a deep breath.")
        # cannot take away what the rest gives (round 28: before a short question it took the guidance away)
        from trtutor.scorers.offline.tutor_language import without_asides

        if (core := without_asides(turn, state.metadata)) is not None:
            [core_probabilities] = model.class_probabilities([core], [state.metadata])
            if core_probabilities["No"] < 0.5:
                probabilities, read_without = core_probabilities, f" (read without its asides: {core!r})"
    label = lenient_first_label(probabilities)
    return DimensionVerdict(
        label,
        f"P({label}) = {probabilities[label]:.2f}; "
        + ", ".join(f"P({other}) = {p:.2f}" for other, p in probabilities.items() if other != label)
        + read_without,
        f"offline/rubric_judges:{RUBRIC_DIMENSIONS[dimension]}",
        details={"probabilities": probabilities, **({"read_without_asides": True} if read_without else {})},
    )


# the dimensions an aside cannot take credit from: what the turn identifies, locates, guides to or asks for next
_ASIDES_TAKE_NOTHING_AWAY = ("mistake_identification", "mistake_location", "providing_guidance", "actionability")


def _degenerate_revealing(state: TaskState, degeneracy: Degeneracy) -> DimensionVerdict:
    """Revealing of a degenerate turn: the learnt model never saw such text, so the number check decides."""
    from trtutor.scorers.offline.tutor_turn import degenerate_leakage, offline_leakage

    finding = offline_leakage(state)
    label, explanation = degenerate_leakage(state, finding, degeneracy)
    return DimensionVerdict(
        "Yes (and the answer is correct)" if label == "yes_correct" else "No",
        explanation,
        "offline/degenerate+number_check",
        details={"degenerate": degeneracy.kind, "number_check": finding.label},
    )


def rubric_judge(judge: JudgeKind) -> RubricJudge:
    check_judge(judge)
    return LLMRubricJudge() if judge == "llm" else OfflineRubricJudge()


# --- one scorer factory ----------------------------------------------------------------------------------------


def dimension_score(dimension: str, verdict: DimensionVerdict) -> Score:
    """A dimension's `Score`: the label's value, the label as the answer, the rationale as the explanation."""
    metadata: dict[str, Any] = {"judge": verdict.judge, "dimension": RUBRIC_DIMENSIONS[dimension], **verdict.details}
    if not verdict.judge.startswith("offline"):
        metadata["judge_prompts"] = prompt_hashes(*RUBRIC_PROMPTS)
    if verdict.label is None:
        return Score.unscored(
            reason=verdict.error_reason,
            explanation=f"scoring error ({verdict.error_reason}): {verdict.rationale}",
            metadata={**metadata, "unscored_reason": verdict.error_reason},
        )
    return Score(
        value=value_of(dimension, verdict.label),
        answer=verdict.label,
        explanation=verdict.rationale,
        metadata={**metadata, "label": verdict.label},
    )


def rubric_dimension_scorer(dimension: str, judge: JudgeKind, dimensions: tuple[str, ...]) -> Scorer:
    """The scorer of one dimension. Its judge is asked for all `dimensions` at once (one LLM call per turn)."""
    if dimension not in RUBRIC_DIMENSIONS:
        raise ValueError(f"Invalid dimension {dimension!r}. Must be one of: {', '.join(RUBRIC_DIMENSIONS)}")
    rubric = rubric_judge(judge)
    asked = tuple(dict.fromkeys((*dimensions, dimension)))

    async def score(state: TaskState, target: Target) -> Score:
        return dimension_score(dimension, (await rubric(state, asked))[dimension])

    return score


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def mistake_identification(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Has the tutor identified the student's mistake? Yes 1 / To some extent 0.5 / No 0."""
    return rubric_dimension_scorer("mistake_identification", judge, dimensions)


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def mistake_location(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Does the tutor point to the mistake and where it is? Yes 1 / To some extent 0.5 / No 0."""
    return rubric_dimension_scorer("mistake_location", judge, dimensions)


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def revealing_of_the_answer(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Does the tutor reveal the final answer (right or wrong)? 1 = revealed, 0 = not."""
    return rubric_dimension_scorer("revealing_of_the_answer", judge, dimensions)


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def providing_guidance(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Does the tutor offer correct, relevant guidance? Yes 1 / To some extent 0.5 / No 0."""
    return rubric_dimension_scorer("providing_guidance", judge, dimensions)


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def actionability(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Is it clear what the student should do next? Yes 1 / To some extent 0.5 / No 0."""
    return rubric_dimension_scorer("actionability", judge, dimensions)


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def coherence(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Is the turn consistent with the student's last turn? Yes 1 / To some extent 0.5 / No 0."""
    return rubric_dimension_scorer("coherence", judge, dimensions)


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def tutor_tone(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """The turn's tone: Encouraging 1 / Neutral 0.5 / Offensive 0."""
    return rubric_dimension_scorer("tutor_tone", judge, dimensions)


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def humanlikeness(judge: JudgeKind = "llm", dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Scorer:
    """Does the turn sound like a human tutor? Yes 1 / To some extent 0.5 / No 0."""
    return rubric_dimension_scorer("humanlikeness", judge, dimensions)


RUBRIC_SCORERS = {
    "mistake_identification": mistake_identification,
    "mistake_location": mistake_location,
    "revealing_of_the_answer": revealing_of_the_answer,
    "providing_guidance": providing_guidance,
    "actionability": actionability,
    "coherence": coherence,
    "tutor_tone": tutor_tone,
    "humanlikeness": humanlikeness,
}


def mrbench_rubric_scorers(judge: JudgeKind, dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> list[Scorer]:
    """The scorers of `dimensions`, sharing one judge call per turn."""
    return [RUBRIC_SCORERS[dimension](judge=judge, dimensions=dimensions) for dimension in dimensions]
