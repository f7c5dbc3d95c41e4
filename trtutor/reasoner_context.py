"""The reasoner's context for one tutoring moment: how to solve the problem, what the student believes, the answer.

`trtutor reason` writes one JSON object per line; `tasks/socratic.py -T reasoner_context=PATH` reads them back and
gives each turn sample the context with the same `sample_id`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from trtutor.data.files import MAX_FIELD_CHARS, oversized_fields, parse_json_document, parse_json_lines, read_text_file
from trtutor.errors import UsageError

WHAT = "reasoner contexts as `trtutor reason` writes them (JSON Lines)"


class ReasonerContext(BaseModel):
    """What the reasoner hands the talker for one teacher turn."""

    model_config = ConfigDict(extra="ignore")

    sample_id: str
    chain_of_thought: str
    belief_state: str
    final_answer: str


def load_reasoner_contexts(path: str | Path) -> dict[str, ReasonerContext]:
    """Read reasoner contexts from JSON Lines (or a JSON list), keyed by sample id.

    Records whose `status` is not "ok" (failed, or dropped as incorrect) are left out.

    Raises:
        ValueError: the file is missing, a line is not JSON or lacks a field, or a sample id repeats; the message
            names the file and line.
    """
    path = Path(path)
    text = read_text_file(path, WHAT)
    if path.suffix == ".json":
        document = parse_json_document(text, path, WHAT)
        if not isinstance(document, list):
            raise UsageError(f"{path}: expected a JSON list of reasoner contexts, got {type(document).__name__}")
        items = list(enumerate(document, start=1))
    else:
        items = list(parse_json_lines(text, path))
    contexts: dict[str, ReasonerContext] = {}
    for number, record in items:
        too_long = oversized_fields(record) if isinstance(record, dict) else []
        if too_long:
            raise UsageError(f"{path}, line {number}: field(s) over {MAX_FIELD_CHARS:,} characters: "
                             f"{', '.join(too_long)}")  # fmt: skip
        if isinstance(record, dict) and record.get("status", "ok") != "ok":
            continue  # `trtutor reason` records failed (and, with --drop-incorrect, wrong) turns too
        try:
            context = ReasonerContext.model_validate(record)
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            raise UsageError(f"{path}, line {number}: {problems}") from error
        if context.sample_id in contexts:
            raise UsageError(f"{path}, line {number}: sample_id {context.sample_id!r} appears twice")
        contexts[context.sample_id] = context
    return contexts
