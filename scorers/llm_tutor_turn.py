"""The LLM judge's verdicts on a tutor turn for our three scorers (`socratic`, `answer_leakage`, `correctness`), each
a `Score` whose answer and explanation agree with its value.

One judgement per human dimension (issue 25): each of the three is a reading of the LLM rubric judge's verdict on the
MRBench dimension it is validated against (`rubric.py`'s `LLMRubricJudge`: one structured call per turn to the
`grader` role, kept in the sample's store and in Inspect's cache), so `socratic` and `providing_guidance` can never
disagree on a turn, nor `answer_leakage` and `revealing_of_the_answer`, nor `correctness` and
`mistake_identification`. The call asks for all eight dimensions (unless the scorers are given fewer), so the
verdict a run of our three scorers reads is the one a run of the eight MRBench scorers reads, from the same prompt
and cache entry, and, beside them, the turn's MathDial teacher move (`teacher_move`: focus, probing, telling or
generic).

- `socratic`: Providing_Guidance, read leniently (Yes or To some extent is 1). Its answer is the grader's teacher
  move when the move is of the kind the value says (focus or probing for 1, telling or generic for 0). When it is
  not, the value still follows Providing_Guidance and the answer is the move of the other kind paired with the
  grader's (`PAIRED_MOVE`: focus and telling, which both deal with the step or strategy, pointing to it or giving
  it; probing and generic, which both address the student, asking them to reason or talking in general); the
  explanation says so and the metadata keeps `teacher_move` and `move_contradicts_guidance`. `most_likely_move` is
  the grader's move as given, which MathDial move agreement reads (as it reads the offline move classifier's).
- `answer_leakage`: Revealing_of_the_Answer (`LEAKAGE_OF_REVEALING`).
- `correctness`: Mistake_Identification, read leniently.

A verdict the grader did not give (an unparseable or refused reply, a dimension or the move missing from it) is
unscored, with the reason and the raw reply: never a made-up 0 or 1. With a jury bound to the `grader` role each
reading is of the jury's verdict (`jury.py`), and the score's metadata holds every grader's label on the dimension it
reads (`grader_verdicts`; `socratic` also each grader's move, `grader_moves`), which `grader_agreement` measures.
"""

from __future__ import annotations

from typing import Any

from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState

from trtutor.prompts import prompt_hashes
from trtutor.scorers.jury import GRADER_VERDICTS
from trtutor.scorers.offline.tutor_turn import LEAKAGE_OF_REVEALING, LENIENT_YES
from trtutor.scorers.rubric import (
    ALL_DIMENSIONS,
    TEACHER_MOVE,
    DimensionVerdict,
    LLMRubricJudge,
    asked_dimensions,
    rubric_prompt_names,
)
from trtutor.scorers.verdicts import CORRECTNESS_VALUE, LEAKAGE_VALUE, SOCRATIC_VALUE

# A move of the other kind for a grader's move that contradicts its own Providing_Guidance verdict.
PAIRED_MOVE = {"focus": "telling", "telling": "focus", "probing": "generic", "generic": "probing"}


async def llm_verdicts(state: TaskState, dimension: str, dimensions: tuple[str, ...]) -> dict[str, DimensionVerdict]:
    """The LLM rubric judge's verdicts for the turn in `state`: `dimensions` (with `dimension`) and the teacher move."""
    return await LLMRubricJudge()(state, asked_dimensions((*dimensions, dimension)))


def _metadata(verdict: DimensionVerdict, dimensions: tuple[str, ...]) -> dict[str, Any]:
    # a jury's verdict carries every grader's label (`grader_verdicts`) and how many gave none
    return {
        "judge": verdict.judge,
        "judge_prompts": prompt_hashes(*rubric_prompt_names(asked_dimensions(dimensions))),
        **verdict.details,
    }


def _unscored(verdict: DimensionVerdict, what: str, metadata: dict[str, Any]) -> Score:
    return Score.unscored(
        reason=verdict.error_reason,
        explanation=f"scoring error ({verdict.error_reason}): {what}: {verdict.rationale}",
        metadata={**metadata, **verdict.details, "unscored_reason": verdict.error_reason},
    )


async def llm_socratic(state: TaskState, dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Score:
    """Does the turn guide the student? Providing_Guidance, read leniently; the answer a teacher move of that kind."""
    verdicts = await llm_verdicts(state, "providing_guidance", dimensions)
    guidance, move = verdicts["providing_guidance"], verdicts[TEACHER_MOVE]
    metadata = _metadata(guidance, (*dimensions, "providing_guidance"))
    if GRADER_VERDICTS in move.details:  # a jury: each grader's move beside its Providing_Guidance label
        metadata["grader_moves"] = move.details[GRADER_VERDICTS]
    if guidance.label is None:
        return _unscored(guidance, "Providing_Guidance", metadata)
    if move.label is None:  # the answer must be a move: none is made up
        return _unscored(move, "teacher_move", {**metadata, "providing_guidance": guidance.label})
    guides = guidance.label in LENIENT_YES
    agrees = (SOCRATIC_VALUE[move.label] == 1.0) == guides
    answer = move.label if agrees else PAIRED_MOVE[move.label]
    kind = "guiding" if guides else "non-guiding"
    explanation = (
        f"Providing_Guidance: {guidance.label} ({guidance.rationale}), so it {'guides' if guides else 'does not guide'}"
    )
    if agrees:
        explanation += f"; teacher move: {move.label} ({move.rationale})"
    else:
        explanation += (
            f"; the grader named the move {move.label} ({move.rationale}), which is not a {kind} move: the value "
            f"follows Providing_Guidance and the answer is {answer}, the {kind} move paired with {move.label}"
        )
    return Score(
        value=SOCRATIC_VALUE[answer],
        answer=answer,
        explanation=explanation,
        metadata={
            **metadata,
            "label": answer,
            "providing_guidance": guidance.label,
            "teacher_move": move.label,
            "move_contradicts_guidance": not agrees,
            "most_likely_move": move.label,  # the grader's own move, whatever the guidance verdict
        },
    )


async def llm_answer_leakage(state: TaskState, dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Score:
    """Does the turn reveal the answer? Revealing_of_the_Answer."""
    verdict = (await llm_verdicts(state, "revealing_of_the_answer", dimensions))["revealing_of_the_answer"]
    metadata = _metadata(verdict, (*dimensions, "revealing_of_the_answer"))
    if verdict.label is None:
        return _unscored(verdict, "Revealing_of_the_Answer", metadata)
    label = LEAKAGE_OF_REVEALING[verdict.label]
    return Score(
        value=LEAKAGE_VALUE[label],
        answer=label,
        explanation=f"Revealing_of_the_Answer: {verdict.label} ({verdict.rationale})",
        metadata={**metadata, "label": label, "revealing_of_the_answer": verdict.label},
    )


async def llm_correctness(state: TaskState, dimensions: tuple[str, ...] = ALL_DIMENSIONS) -> Score:
    """Does the turn treat the student's mistake? Mistake_Identification, read leniently."""
    verdict = (await llm_verdicts(state, "mistake_identification", dimensions))["mistake_identification"]
    metadata = _metadata(verdict, (*dimensions, "mistake_identification"))
    if verdict.label is None:
        return _unscored(verdict, "Mistake_Identification", metadata)
    label = "correct" if verdict.label in LENIENT_YES else "incorrect"
    treats = "treats the student's mistake" if label == "correct" else "does not treat the student's mistake"
    return Score(
        value=CORRECTNESS_VALUE[label],
        answer=label,
        explanation=f"Mistake_Identification: {verdict.label} ({verdict.rationale}), so it {treats}",
        metadata={**metadata, "label": label, "mistake_identification": verdict.label},
    )
