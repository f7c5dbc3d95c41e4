"""Stage 2, `trtutor generate`: enhanced dialogues, one record per teacher turn with everything the talker learns from.

Each record: the student persona (from the profile), the problem and the student's solution, the reasoner context
for that turn (from `trtutor reason`), the conversation history before it, and the teacher's next response with
its move. Turns without a usable reasoner context are counted and left out.

    trtutor generate --data trtutor/data/bundled/mathdial_test_dev.csv --reasoner-context contexts.jsonl \\
        --output dialogues.json
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trtutor.data.mathdial import load_conversations
from trtutor.data.turn_samples import format_history, turn_contexts
from trtutor.errors import UsageError
from trtutor.reasoner_context import load_reasoner_contexts


@dataclass(frozen=True)
class GenerateReport:
    dialogues: int
    turns: int
    without_context: int
    output: str


def enhanced_dialogues(data: str | None, reasoner_context: str) -> tuple[list[dict[str, Any]], int]:
    """The enhanced dialogue records, and how many teacher turns had no usable reasoner context."""
    conversations, _ = load_conversations(data)
    contexts = load_reasoner_contexts(reasoner_context)
    records, missing = [], 0
    for turn in turn_contexts(conversations, include_opening=True):
        reasoner = contexts.get(turn.sample_id)
        if reasoner is None:
            missing += 1
            continue
        conversation = turn.conversation
        records.append(
            {
                "id": turn.sample_id,
                "qid": conversation.qid,
                "conversation_id": conversation.conversation_id,
                "teacher_turn": turn.teacher_turn,
                "problem": conversation.question,
                "student_solution": conversation.student_incorrect_solution,
                "student_persona": conversation.student_profile,
                "reasoner_context": {
                    "chain_of_thought": reasoner.chain_of_thought,
                    "belief_state": reasoner.belief_state,
                    "final_answer": reasoner.final_answer,
                },
                "conversation_history": format_history(turn.history),
                "teacher_response": turn.reference.text,
                "teacher_move": turn.reference.move,
            }
        )
    return records, missing


def generate(data: str | None, reasoner_context: str, output: str) -> GenerateReport:
    """Write the enhanced dialogues as one JSON list."""
    records, missing = enhanced_dialogues(data, reasoner_context)
    if not records:  # an empty file would pass through prepare-sft and stop only at training, far from the cause
        raise UsageError(
            f"{reasoner_context}: no teacher turn has a usable reasoner context ({missing} without one), so there is "
            "no dialogue to write. `trtutor reason` records a turn whose reply was no context as failed (a mock "
            "model's replies never are): run it with a model that answers, e.g. --model openai/o3-mini"
        )
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(json.dumps(records, indent=1, ensure_ascii=False), encoding="utf-8")
    return GenerateReport(len({r["conversation_id"] for r in records}), len(records), missing, output)
