"""A whole tutoring dialogue between the talker and a simulated student, and when the final answer was first said.

MathDial's interactive measures (Macina et al., 2023) come from numeric answer matching: Success@k, the student
states the correct final answer within k tutor turns; Telling@k, the tutor states it first, within k tutor turns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from trtutor.answers import find_numbers
from trtutor.data.mathdial import Conversation, Turn

# Where the dialogue waits in the sample store for the scorers (and shows in the log).
DIALOGUE_STORE_KEY = "trtutor:dialogue"


def states_answer(text: str, answer: Fraction | None, *, not_counting: frozenset[Fraction] = frozenset()) -> bool:
    """Does `text` write the number `answer` (digits or words, `1,200`, `$30`, `30.0`)? Numbers in `not_counting`
    never count: for the tutor, the problem's own numbers (restating the problem tells nothing)."""
    if answer is None or answer in not_counting:
        return False
    return any(mention.value == answer for mention in find_numbers(text))


def opening_turns(conversation: Conversation) -> tuple[Turn, ...]:
    """The real conversation up to the tutor's first substantive turn: everything before the first teacher turn
    whose human move is not `generic` ("Hi Cody, talk me through your solution" and the student's reply). When
    every teacher turn is generic, the first exchange."""
    teacher_turns = [i for i, turn in enumerate(conversation.turns) if turn.speaker == "teacher"]
    substantive = [i for i in teacher_turns if conversation.turns[i].move != "generic"]
    if substantive:
        return conversation.turns[: substantive[0]]
    end = teacher_turns[1] if len(teacher_turns) > 1 else len(conversation.turns)
    return conversation.turns[:end]


@dataclass
class DialogueTurn:
    """One tutor turn and the student's reply (None when the dialogue stopped before the student spoke)."""

    tutor: str
    student: str | None = None
    tutor_states_answer: bool = False
    student_states_answer: bool = False


@dataclass
class TutoringDialogue:
    """The opening of the real conversation, then the simulated turns, with the answer checks of each."""

    final_answer: str | None
    max_turns: int
    opening: list[dict[str, str]] = field(default_factory=list)  # {"speaker", "text"}
    turns: list[DialogueTurn] = field(default_factory=list)
    student_said_answer_in_opening: bool = False

    @property
    def success_turn(self) -> int | None:
        """The tutor turn (1-based) after which the student first stated the final answer."""
        return next((k for k, turn in enumerate(self.turns, start=1) if turn.student_states_answer), None)

    @property
    def telling_turn(self) -> int | None:
        """The first tutor turn that stated the final answer before the student had."""
        if self.student_said_answer_in_opening:
            return None
        success = self.success_turn
        for k, turn in enumerate(self.turns, start=1):
            if success is not None and k > success:
                return None
            if turn.tutor_states_answer:
                return k
        return None

    def history(self) -> list[tuple[str, str]]:
        """(speaker, text) of everything said so far, opening first."""
        said = [(turn["speaker"], turn["text"]) for turn in self.opening]
        for turn in self.turns:
            said.append(("teacher", turn.tutor))
            if turn.student is not None:
                said.append(("student", turn.student))
        return said

    def to_store(self) -> dict[str, Any]:
        return {**asdict(self), "success_turn": self.success_turn, "telling_turn": self.telling_turn}

    @classmethod
    def from_store(cls, data: dict[str, Any]) -> TutoringDialogue:
        fields = {k: v for k, v in data.items() if k not in ("success_turn", "telling_turn")}
        fields["turns"] = [DialogueTurn(**turn) for turn in fields.get("turns", [])]
        return cls(**fields)
