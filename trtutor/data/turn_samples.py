"""Turn-level samples: for each teacher turn after the opening one, what the tutor knew and what the human said.

The talker sees the student persona, the problem, the student's incorrect solution, the reasoner's context when
there is one, and the conversation so far; the human teacher's actual turn (with its move) is the reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from inspect_ai.dataset import Sample

from trtutor.answers import format_number
from trtutor.data.mathdial import Conversation, TeacherMove, Turn
from trtutor.prompts import fill_prompt
from trtutor.reasoner_context import ReasonerContext

# Where the human teacher's turn waits in the sample store for the `trtutor/human-teacher` model.
REFERENCE_STORE_KEY = "trtutor:reference_turn"
# Where recorded tutors' turns ({tutor: text}) wait for the `trtutor/mrbench-replay` model.
RECORDED_RESPONSES_STORE_KEY = "trtutor:recorded_responses"
# Where what a `trtutor/baseline` talker repeats waits: the problem, the student's last turn, the final answer.
MOMENT_STORE_KEY = "trtutor:moment"


def baseline_moment(metadata: dict[str, Any]) -> dict[str, str]:
    """What the baseline talkers (`trtutor/baseline`) may say back, from a sample's metadata."""
    students = metadata.get("student_utterances") or []
    return {
        "problem": str(metadata.get("problem") or ""),
        "last_student_turn": str(students[-1]) if students else "",
        "final_answer": str(metadata.get("final_answer") or ""),
        "ground_truth": str(metadata.get("ground_truth") or ""),
    }


@dataclass(frozen=True)
class TurnContext:
    """One tutoring moment: a conversation up to (not including) a teacher turn, and that turn."""

    conversation: Conversation
    turn_index: int  # position of the reference turn in `conversation.turns`
    teacher_turn: int  # 1 for the opening teacher turn, 2 for the next, ...

    @property
    def sample_id(self) -> str:
        return f"{self.conversation.conversation_id}-t{self.teacher_turn}"

    @property
    def history(self) -> tuple[Turn, ...]:
        return self.conversation.turns[: self.turn_index]

    @property
    def reference(self) -> Turn:
        return self.conversation.turns[self.turn_index]

    @property
    def student_utterances(self) -> list[str]:
        """Everything the student has written so far: the incorrect solution and their turns."""
        return [self.conversation.student_incorrect_solution] + [
            turn.text for turn in self.history if turn.speaker == "student"
        ]


def turn_contexts(conversations: Iterable[Conversation], *, include_opening: bool = False) -> list[TurnContext]:
    """Every teacher turn after the opening one (or every one, with `include_opening`), in conversation order."""
    contexts = []
    for conversation in conversations:
        teacher_turn = 0
        for index, turn in enumerate(conversation.turns):
            if turn.speaker != "teacher":
                continue
            teacher_turn += 1
            if teacher_turn > 1 or include_opening:
                contexts.append(TurnContext(conversation, index, teacher_turn))
    return contexts


def format_history(turns: Iterable[Turn]) -> str:
    """The conversation as `Teacher: ...` / `Student: ...` lines, without the human move labels."""
    return "\n".join(f"{turn.speaker.capitalize()}: {turn.text}" for turn in turns)


def talker_prompt(context: TurnContext, reasoner: ReasonerContext | None = None) -> str:
    """The talker's input for one moment, from `prompts/talker_prompt.txt`."""
    conversation = context.conversation
    reasoner_block = (
        fill_prompt(
            "talker_reasoner_context",
            chain_of_thought=reasoner.chain_of_thought,
            belief_state=reasoner.belief_state,
            final_answer=reasoner.final_answer,
        )
        if reasoner is not None
        else ""
    )
    return fill_prompt(
        "talker_prompt",
        student_persona=conversation.student_profile,
        problem=conversation.question,
        student_solution=conversation.student_incorrect_solution,
        reasoner_context=reasoner_block,
        conversation_history=format_history(context.history),
    )


def turn_sample(context: TurnContext, reasoner: ReasonerContext | None = None) -> Sample:
    """An Inspect sample: the talker prompt as input, the human teacher's turn as target, the rest in metadata."""
    conversation = context.conversation
    reference_move: TeacherMove | None = context.reference.move
    return Sample(
        id=context.sample_id,
        input=talker_prompt(context, reasoner),
        target=context.reference.text,
        metadata={
            "qid": conversation.qid,
            "conversation_id": conversation.conversation_id,
            "teacher_turn": context.teacher_turn,
            "reference_move": reference_move,
            "problem": conversation.question,
            "ground_truth": conversation.ground_truth,
            "final_answer": format_number(conversation.final_answer),
            "student_incorrect_solution": conversation.student_incorrect_solution,
            "student_profile": conversation.student_profile,
            "conversation_history": format_history(context.history),
            "student_utterances": context.student_utterances,
            "has_reasoner_context": reasoner is not None,
            "source": conversation.source,
            "source_row": conversation.row,
        },
    )
