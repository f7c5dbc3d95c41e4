"""Helpers shared by the tests."""

from __future__ import annotations

import json
import random

from inspect_ai.model import ModelOutput, ModelUsage


def mock_output(text: str, stop_reason: str = "stop") -> ModelOutput:
    """A mockllm reply with its token usage set: mockllm would otherwise count tokens with tiktoken, which downloads
    its encoding (no network here)."""
    output = ModelOutput.from_content(model="mockllm/model", content=text, stop_reason=stop_reason)  # type: ignore[arg-type]
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output


def grader_reply(
    guidance: str = "Yes",
    move: str = "probing",
    revealing: str = "No",
    mistake: str = "Yes",
    rationale: str = "Asks the student to reconsider a step.",
    **dimensions: str,
) -> str:
    """The LLM rubric judge's reply (`scorers/rubric.py`): MRBench dimensions and the teacher move, each with a label
    and a rationale; `dimensions` adds other dimensions' labels (scorer names)."""
    labels = {
        "providing_guidance": guidance,
        "revealing_of_the_answer": revealing,
        "mistake_identification": mistake,
        **dimensions,
        "teacher_move": move,
    }
    return json.dumps({name: {"label": label, "rationale": rationale} for name, label in labels.items()})


def middle_shuffled(text: str, seed: int) -> str:
    """`text` with the middle half of its words shuffled, the first and last quarters kept in place."""
    words = text.split()
    quarter = len(words) // 4
    middle = words[quarter : len(words) - quarter]
    random.Random(seed).shuffle(middle)
    return " ".join(words[:quarter] + middle + words[len(words) - quarter :])
