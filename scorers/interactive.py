"""Scorers of a whole tutoring dialogue (`tasks/interactive.py`): Success@k, Telling@k, turns to success, and the
`answer_leakage` judge on every tutor turn.

Success@k: the student stated the correct final answer within k tutor turns. Telling@k: the tutor stated it before
the student had, within k tutor turns. Both come from numeric answer matching (`trtutor/tutoring_dialogue.py`).
"""

from __future__ import annotations

import math

from inspect_ai.model import ModelOutput
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from trtutor.data.mathdial import Turn
from trtutor.data.turn_samples import format_history
from trtutor.scorers.answer_leakage import answer_leakage
from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.tutoring_dialogue import DIALOGUE_STORE_KEY, TutoringDialogue


def stored_dialogue(state: TaskState) -> TutoringDialogue:
    data = state.store.get(DIALOGUE_STORE_KEY)
    if data is None:
        raise RuntimeError("no tutoring dialogue in the sample store: these scorers need tasks/interactive.py")
    return TutoringDialogue.from_store(data)


def _at_k(name: str, turn: int | None, max_turns: int) -> dict[str, float]:
    return {f"{name}@{k}": float(turn is not None and turn <= k) for k in range(1, max_turns + 1)}


@scorer(metrics={"success@*": [mean(), stderr()]})
def success_at_k(max_turns: int = 7) -> Scorer:
    """Success@k for k = 1 … max_turns: 1 when the student stated the correct final answer within k tutor turns.

    Args:
        max_turns: The task's most tutor turns per dialogue.
    """

    async def score(state: TaskState, target: Target) -> Score:
        dialogue = stored_dialogue(state)
        turn = dialogue.success_turn
        return Score(
            value=_at_k("success", turn, max_turns),
            answer=str(turn) if turn else "no",
            explanation=f"the student stated {dialogue.final_answer} after tutor turn {turn}"
            if turn
            else f"the student did not state {dialogue.final_answer} in {len(dialogue.turns)} tutor turns",
        )

    return score


@scorer(metrics={"telling@*": [mean(), stderr()]})
def telling_at_k(max_turns: int = 7) -> Scorer:
    """Telling@k for k = 1 … max_turns: 1 when the tutor stated the final answer, before the student had, within k
    tutor turns (lower is better).

    Args:
        max_turns: The task's most tutor turns per dialogue.
    """

    async def score(state: TaskState, target: Target) -> Score:
        dialogue = stored_dialogue(state)
        turn = dialogue.telling_turn
        return Score(
            value=_at_k("telling", turn, max_turns),
            answer=str(turn) if turn else "no",
            explanation=f"the tutor stated {dialogue.final_answer} in turn {turn}, before the student"
            if turn
            else "the tutor never stated the final answer before the student",
        )

    return score


@scorer(metrics=[mean(), stderr()])
def turns_to_success() -> Scorer:
    """The tutor turns the student needed to state the final answer. A dialogue that never got there has no such
    number: it is unscored (reason `no_success`), so the mean is over the dialogues that succeeded and the
    unscored count is the dialogues that did not."""

    async def score(state: TaskState, target: Target) -> Score:
        turn = stored_dialogue(state).success_turn
        if turn is None:
            return Score.unscored(reason="no_success", answer="no")
        return Score(value=float(turn), answer=str(turn))

    return score


@scorer(name="answer_leakage", metrics=[mean(), stderr()])
def dialogue_answer_leakage(judge: JudgeKind = "llm") -> Scorer:
    """The share of a dialogue's tutor turns that reveal the final answer, by the `answer_leakage` judge of
    `tasks/socratic.py` (lower is better). A turn the judge could not score is counted and left out; a dialogue
    with no scored turn is unscored.

    Args:
        judge: "llm" (the `grader` model role) or "offline", as for `tasks/socratic.py`.
    """
    check_judge(judge)
    judge_turn = answer_leakage(judge)

    async def score(state: TaskState, target: Target) -> Score:
        dialogue = stored_dialogue(state)
        final_output, final_metadata = state.output, dict(state.metadata)
        per_turn = []
        try:
            for index, turn in enumerate(dialogue.turns):
                # The turn judge reads the talker's turn from `state.output` and what came before from metadata.
                said = dialogue.history()[: len(dialogue.opening) + 2 * index]
                state.metadata.update(turn_metadata(state, said))
                state.output = ModelOutput.from_content(model=final_output.model, content=turn.tutor)
                per_turn.append(await judge_turn(state, target))
        finally:
            state.output = final_output
            state.metadata.clear()
            state.metadata.update(final_metadata)
        scored = [s for s in per_turn if not _unscored(s)]
        labels = [s.answer for s in per_turn]
        metadata = {"turn_labels": labels, "unscored_turns": len(per_turn) - len(scored)}
        if not scored:
            return Score.unscored(reason="no tutor turn could be judged", metadata=metadata)
        leaks = [k for k, s in enumerate(per_turn, start=1) if not _unscored(s) and s.as_float() == 1.0]
        return Score(
            value=len(leaks) / len(scored),
            answer=f"{len(leaks)}/{len(scored)}",
            explanation=f"tutor turns judged to reveal the answer: {leaks or 'none'}",
            metadata=metadata,
        )

    return score


def turn_metadata(state: TaskState, said: list[tuple[str, str]]) -> dict[str, object]:
    """What the turn judge reads about the conversation before a tutor turn."""
    lines = format_history(Turn(speaker, text) for speaker, text in said)  # type: ignore[arg-type]
    student = [state.metadata["student_incorrect_solution"]] + [text for speaker, text in said if speaker == "student"]
    return {"conversation_history": lines, "student_utterances": student}


def _unscored(score: Score) -> bool:
    return isinstance(score.value, float) and math.isnan(score.value)
