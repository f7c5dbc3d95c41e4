"""MRBench (Maurya et al., NAACL 2025) and the BEA 2025 shared task's files (MRBench V3, Kochmar et al., BEA 2025):
tutoring conversations, each with the next tutor turn written by several tutors (GPT4, Gemini, Sonnet, Llama31405B,
Llama318B, Mistral, Phi3, Expert, Novice) and human labels on up to 8 dimensions.

Each record: `conversation_id`, `conversation_history` (text with `Tutor:` / `Student:` turns), and the responses:
`anno_llm_responses` (MRBench V1, V2) or `tutor_responses` (BEA 2025), each {tutor: {response, annotation}}, where
`annotation` maps a dimension to its label (absent in the BEA test file). MRBench adds `Ground_Truth_Solution`
("Not Available" for the Bridge conversations), `Data`, `Split` and `Topic`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from trtutor.answers import extract_final_answer
from trtutor.data.files import MAX_FIELD_CHARS, oversized_fields, parse_json_document, read_text_file
from trtutor.data.mathdial import LoadReport, MathDialFormatError, Turn
from trtutor.errors import UsageError

MRBENCH_TUTORS = ("GPT4", "Gemini", "Sonnet", "Llama31405B", "Llama318B", "Mistral", "Phi3", "Expert", "Novice")
# The labels each dimension takes, as the annotators' guideline and the files write them.
THREE_WAY = ("Yes", "To some extent", "No")
DIMENSION_LABELS: dict[str, tuple[str, ...]] = {
    "Mistake_Identification": THREE_WAY,
    "Mistake_Location": THREE_WAY,
    "Revealing_of_the_Answer": ("Yes (and the answer is correct)", "Yes (but the answer is incorrect)", "No"),
    "Providing_Guidance": THREE_WAY,
    "Actionability": THREE_WAY,
    "Coherence": THREE_WAY,
    "Tutor_Tone": ("Encouraging", "Neutral", "Offensive"),
    "humanlikeness": THREE_WAY,
}
DIMENSIONS = tuple(DIMENSION_LABELS)
RESPONSE_FIELDS = {"anno_llm_responses": "mrbench", "tutor_responses": "bea2025"}  # field -> format
REQUIRED_FIELDS = ("conversation_id", "conversation_history")
_SPEAKER = re.compile(r"(?:^|\n)[\s\u00a0]*(Tutor|Student|Teacher)[\s\u00a0]*:", re.IGNORECASE)


@dataclass(frozen=True)
class MRBenchConversation:
    """One MRBench conversation and the tutors' labelled next turns."""

    conversation_id: str
    turns: tuple[Turn, ...]
    ground_truth: str
    final_answer: Fraction | None
    data: str
    responses: dict[str, str]
    annotations: dict[str, dict[str, str]]  # tutor -> {dimension: label}; only the tutors with labels
    source: str
    row: int
    file_format: str = "mrbench"  # "mrbench" or "bea2025"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def problem(self) -> str:
        """The problem statement, where the opening tutor turn quotes it (MathDial-derived conversations)."""
        first = self.turns[0].text if self.turns and self.turns[0].speaker == "teacher" else ""
        match = re.search(r"the question is:\s*(.*)", first, re.IGNORECASE | re.DOTALL)
        return match.group(1).strip() if match else ""


def parse_history(text: str) -> tuple[Turn, ...]:
    """Split an MRBench `conversation_history` into turns ("Tutor:" is the teacher)."""
    text = text.replace("\u00a0", " ")
    marks = list(_SPEAKER.finditer(text))
    if not marks:
        raise ValueError("no 'Tutor:' or 'Student:' turn in conversation_history")
    if text[: marks[0].start()].strip():
        raise ValueError(f"text before the first speaker: {text[: marks[0].start()].strip()[:60]!r}")
    turns = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        body = text[mark.end() : following.start() if following else len(text)].strip()
        speaker = "student" if mark.group(1).lower() == "student" else "teacher"
        turns.append(Turn(speaker, re.sub(r"[ \t]*\n[ \t]*", "\n", body)))  # type: ignore[arg-type]
    return tuple(turns)


def bundled_mrbench() -> Path:
    """The MRBench development conversations that ship with the package (CC BY-SA 4.0)."""
    from importlib import resources

    return Path(str(resources.files("trtutor.data") / "bundled" / "mrbench_v2_dev.json"))


def is_mrbench_file(path: str | Path) -> bool:
    """True for a JSON file of MRBench conversations (`anno_llm_responses`) or BEA 2025 ones (`tutor_responses`)."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as file:
        head = file.read(20_000)
    return any(f'"{field}"' in head for field in RESPONSE_FIELDS)


def canonical_dimension(name: str) -> str | None:
    """The dimension a file's key names ("Humanlikeness" and "humanlikeness" are one), or None."""
    folded = name.strip().lower()
    return next((dimension for dimension in DIMENSION_LABELS if dimension.lower() == folded), None)


def load_mrbench(path: str | Path) -> tuple[list[MRBenchConversation], LoadReport]:
    """Load an MRBench or BEA 2025 JSON file (a list of conversations), every dimension it labels.

    Raises:
        MathDialFormatError: the file is missing, not JSON, not a list, a record misses a required field, or a label
            is not one its dimension takes (the message names the file, record, tutor and dimension).
    """
    path = Path(path)
    what = "an MRBench or BEA 2025 JSON file (a list of conversations with tutor responses)"
    try:
        records = parse_json_document(read_text_file(path, what), path, what)
    except UsageError as error:
        raise MathDialFormatError(str(error)) from error
    if not isinstance(records, list):
        raise MathDialFormatError(f"{path}: expected a JSON list of MRBench conversations")
    report = LoadReport(source=str(path))
    conversations = []
    seen_ids: dict[str, int] = {}
    seen_records: dict[str, int] = {}
    for row, record in enumerate(records, start=1):
        report.rows_read += 1
        if not isinstance(record, dict):
            raise MathDialFormatError(f"{path}, record {row}: expected a JSON object, got {type(record).__name__}")
        # the same conversation id with other tutors is MRBench's way; the same record twice is a copy
        fingerprint = json.dumps(record, sort_keys=True, default=str)
        if fingerprint in seen_records:
            report.skip(row, "duplicate_record", f"the same record as record {seen_records[fingerprint]}")
            continue
        seen_records[fingerprint] = row
        too_long = oversized_fields(record)
        if too_long:
            report.skip(row, "field_too_long", f"field(s) over {MAX_FIELD_CHARS:,} characters: {', '.join(too_long)}")
            continue
        missing = [name for name in REQUIRED_FIELDS if name not in record]
        response_field = next((field for field in RESPONSE_FIELDS if field in record), None)
        if response_field is None:
            missing.append(" or ".join(RESPONSE_FIELDS))
        if missing:
            raise MathDialFormatError(f"{path}, record {row}: missing field(s) {', '.join(missing)}")
        try:
            turns = parse_history(str(record["conversation_history"]))
        except ValueError as error:
            report.skip(row, "bad_conversation_history", str(error))
            continue
        responses, annotations = {}, {}
        if not isinstance(record[response_field], dict):
            raise MathDialFormatError(f"{path}, record {row}: {response_field} must map each tutor to its response")
        for tutor, answer in record[response_field].items():
            if not isinstance(answer, dict) or not str(answer.get("response", "")).strip():
                report.skip(row, "response_without_text", f"tutor {tutor}")
                continue
            responses[tutor] = str(answer["response"]).strip()
            labels = _labels(answer.get("annotation") or {}, f"{path}, record {row}, tutor {tutor}")
            if labels:
                annotations[tutor] = labels
        # The same conversation can appear twice (with other tutors' responses); ids must stay unique and stable.
        conversation_id = str(record["conversation_id"])
        seen_ids[conversation_id] = seen_ids.get(conversation_id, 0) + 1
        if seen_ids[conversation_id] > 1:
            conversation_id = f"{conversation_id}~{seen_ids[conversation_id]}"
        ground_truth = str(record.get("Ground_Truth_Solution") or "")
        has_solution = ground_truth.strip() and ground_truth.strip().lower() != "not available"
        conversations.append(
            MRBenchConversation(
                conversation_id=conversation_id,
                turns=turns,
                ground_truth=ground_truth.strip() if has_solution else "",
                final_answer=extract_final_answer(ground_truth) if has_solution else None,
                data=str(record.get("Data", "")),
                responses=responses,
                annotations=annotations,
                source=str(path),
                row=row,
                extra={k: record[k] for k in ("Split", "Topic") if k in record},
                file_format=RESPONSE_FIELDS[response_field],
            )
        )
    return conversations, report


def _labels(annotation: Any, where: str) -> dict[str, str]:
    """A response's {dimension: label}, keys made canonical; an unknown label is an error naming where it is."""
    if not isinstance(annotation, dict):
        raise MathDialFormatError(f"{where}: annotation must be an object of dimension: label")
    labels = {}
    for key, value in annotation.items():
        dimension = canonical_dimension(str(key))
        if dimension is None:
            continue  # a dimension TRTutor does not know is kept out, not an error
        label = str(value).strip()
        if label not in DIMENSION_LABELS[dimension]:
            raise MathDialFormatError(
                f"{where}: {key} is {value!r}; it must be one of {', '.join(map(repr, DIMENSION_LABELS[dimension]))}"
            )
        labels[dimension] = label
    return labels


def labelled_dimensions(conversations: list[MRBenchConversation]) -> list[str]:
    """The dimensions some response of these conversations is labelled on, in MRBench's order."""
    seen = {dimension for c in conversations for labels in c.annotations.values() for dimension in labels}
    return [dimension for dimension in DIMENSION_LABELS if dimension in seen]


# How the human 3-way labels become the judges' 2 ways: "To some extent" counts as yes (the shared task's lenient
# reading), and either "Yes (...)" of Revealing_of_the_Answer is a leak.
def human_leaked(annotation: dict[str, str]) -> bool:
    return annotation["Revealing_of_the_Answer"].startswith("Yes")


def human_guided(annotation: dict[str, str]) -> bool:
    return annotation["Providing_Guidance"] in ("Yes", "To some extent")


def human_identified_mistake(annotation: dict[str, str]) -> bool:
    return annotation["Mistake_Identification"] in ("Yes", "To some extent")


def moment_metadata(conversation: MRBenchConversation) -> dict[str, Any]:
    """What the judges read about the moment (the same keys as MathDial turn samples)."""
    from trtutor.answers import format_number
    from trtutor.data.turn_samples import format_history

    return {
        "conversation_id": conversation.conversation_id,
        "problem": conversation.problem,
        "ground_truth": conversation.ground_truth,
        "final_answer": format_number(conversation.final_answer) if conversation.final_answer is not None else "",
        "student_incorrect_solution": "",
        "student_profile": "",
        "conversation_history": format_history(conversation.turns),
        "student_utterances": [turn.text for turn in conversation.turns if turn.speaker == "student"],
        "mrbench_data": conversation.data,
        "source": conversation.source,
        "source_row": conversation.row,
    }
