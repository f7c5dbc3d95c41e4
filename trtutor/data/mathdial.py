"""MathDial: load conversations from CSV, JSON Lines, JSON, the Hugging Face hub or (on request) a pandas pickle,
and parse them into typed turns.

A conversation is one row. Its `conversation` field holds turns separated by `|EOM|`; a teacher turn reads
`Teacher: (move) text` with move focus, probing, telling or generic, a student turn `Student: text`. Some rows name
the student instead (`Cody: ...`, the first word of `student_profile`), which is read as a student turn too.

Rows that cannot be used (an empty conversation, a turn without a speaker, a ground truth without a number) are
skipped and counted in a `LoadReport` with their file and row; a file that cannot be read at all (missing, unknown
format, a missing column) raises `MathDialFormatError` naming the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from trtutor.answers import extract_final_answer
from trtutor.data.files import MAX_FIELD_CHARS, oversized_fields, parse_json_document, parse_json_lines, read_text_file
from trtutor.errors import UsageError

TeacherMove = Literal["focus", "probing", "telling", "generic"]
TEACHER_MOVES: tuple[TeacherMove, ...] = ("focus", "probing", "telling", "generic")
Speaker = Literal["teacher", "student"]

REQUIRED_COLUMNS = ("qid", "question", "ground_truth", "student_incorrect_solution", "student_profile", "conversation")
HF_DATASET = "eth-nlped/mathdial"
WHAT = "MathDial conversations (one per row or record)"
TURN_SEPARATOR = "|EOM|"

# "Teacher: (probing)Why ..." -- the move is optional so that a teacher turn without one is still read.
_TURN = re.compile(r"^\s*(?P<speaker>[^:\n]{1,40}?)\s*:\s*(?:\((?P<move>[a-zA-Z]+)\)\s*)?(?P<text>.*)$", re.DOTALL)
_HF_NAME = re.compile(r"^(?:hf:)?(?P<name>[\w.-]+/[\w.-]+)(?::(?P<split>\w+))?$")
PICKLE_SUFFIXES = (".pkl", ".pickle")


class MathDialFormatError(UsageError):
    """A MathDial file or row that cannot be read; the message names the file (and row)."""


@dataclass(frozen=True)
class Turn:
    """One turn of a tutoring conversation."""

    speaker: Speaker
    text: str
    move: TeacherMove | None = None


@dataclass(frozen=True)
class Conversation:
    """One MathDial conversation: a problem, the student's incorrect solution, and the dialogue about it."""

    conversation_id: str
    qid: str
    question: str
    ground_truth: str
    final_answer: Fraction
    student_incorrect_solution: str
    student_profile: str
    turns: tuple[Turn, ...]
    source: str
    row: int
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def student_name(self) -> str:
        return student_name(self.student_profile)


@dataclass
class LoadReport:
    """What a load read and what it skipped, and why: the log carries it so nothing is dropped silently."""

    source: str
    rows_read: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, row: int, reason: str, detail: str) -> None:
        self.skipped.append({"source": self.source, "row": row, "reason": reason, "detail": detail})

    @property
    def skip_counts(self) -> dict[str, int]:
        return dict(Counter(skip["reason"] for skip in self.skipped))

    def as_metadata(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rows_read": self.rows_read,
            "rows_skipped": len(self.skipped),
            "skip_counts": self.skip_counts,
            "skipped": self.skipped,
        }


def bundled_dev_data() -> Path:
    """The MathDial development conversations that ship with the package (CC BY-SA 4.0, see its README)."""
    return Path(str(resources.files("trtutor.data") / "bundled" / "mathdial_test_dev.csv"))


def student_name(profile: str) -> str:
    """The student's name, the first word of a MathDial profile ("Mariana is a 7th grade student...")."""
    words = profile.split()
    return words[0].strip(",.") if words else ""


def moment_student_name(metadata: Mapping[str, Any]) -> str:
    """The student's name at a tutoring moment: its profile's (`student_profile`, MathDial's), a capitalised word of
    letters; "" where the moment has no profile or it names no one so. Every reader of the name reads it here."""
    name = student_name(str(metadata.get("student_profile") or ""))
    return name if name[:1].isupper() and name.isalpha() else ""


def parse_conversation(text: str, student: str = "") -> tuple[Turn, ...]:
    """Parse a `|EOM|`-separated conversation into typed turns.

    Raises:
        ValueError: empty conversation, a turn without a speaker, or a speaker that is neither the teacher nor the
            student (saying which turn).
    """
    segments = [segment for segment in text.split(TURN_SEPARATOR) if segment.strip()]
    if not segments:
        raise ValueError("empty conversation")
    turns = []
    for number, segment in enumerate(segments, start=1):
        match = _TURN.match(segment)
        if match is None:
            raise ValueError(f"turn {number} has no speaker: {segment.strip()[:80]!r}")
        speaker = match.group("speaker").strip().lower()
        raw_move = (match.group("move") or "").lower()
        if speaker == "teacher" and raw_move in TEACHER_MOVES:
            turns.append(Turn("teacher", match.group("text").strip(), raw_move))  # type: ignore[arg-type]
            continue
        body = segment.split(":", 1)[1].strip()
        if speaker == "teacher":
            turns.append(Turn("teacher", body))
        elif speaker == "student" or (student and speaker == student.lower()):
            turns.append(Turn("student", body))
        else:
            raise ValueError(f"turn {number} has no known speaker (got {speaker!r}): {segment.strip()[:80]!r}")
    return tuple(turns)


def wanted_qids(
    qids: str | int | Iterable[str | int] | None, conversations: Iterable[Conversation], source: str
) -> set[str] | None:
    """The problem ids `qids` names (a comma-separated string, one id, or a list: from the command line one number
    arrives as an int), or None for all; an id that no conversation of `source` has is an error, not a silent skip."""
    if qids is None or qids == "":
        return None
    values = str(qids).split(",") if isinstance(qids, (str, int)) else [str(qid) for qid in qids]
    wanted = {value.strip() for value in values if value.strip()}
    unknown = wanted - {conversation.qid for conversation in conversations}
    if unknown:
        raise UsageError(f"{source}: no conversation has qid {', '.join(sorted(unknown))} (qids={qids!r})")
    return wanted


def conversation_id(qid: str, conversation: str) -> str:
    """A stable id for one conversation: its problem id and a hash of its text (a problem has several)."""
    digest = hashlib.sha256(conversation.encode("utf-8")).hexdigest()[:8]
    return f"{qid}-{digest}"


def read_records(data: str | Path, *, split: str = "test", allow_pickle: bool = False) -> tuple[list[dict], str]:
    """Read raw MathDial records from a file or the Hugging Face hub.

    Args:
        data: A `.csv`, `.jsonl`, `.json` file, a pandas pickle (only with `allow_pickle`), or a hub dataset name
            (`eth-nlped/mathdial`, optionally `eth-nlped/mathdial:train`).
        split: The hub split to read when `data` names a hub dataset without one.
        allow_pickle: Read `.pkl` / `.pickle` files. Off by default: unpickling runs code from the file.

    Returns:
        The records, and a source name for messages and logs.
    """
    path = Path(data)
    if not path.exists():
        hub = _HF_NAME.match(str(data))
        if hub is None or str(data).startswith((".", "/")):
            raise MathDialFormatError(f"{data}: no such file (and not a Hugging Face dataset name like {HF_DATASET})")
        return _read_hub(hub.group("name"), hub.group("split") or split)
    try:
        return _read_file(path, allow_pickle)
    except MathDialFormatError:
        raise
    except UsageError as error:  # from the shared file helpers: the same message, as the loader's error type
        raise MathDialFormatError(str(error)) from error


def _read_file(path: Path, allow_pickle: bool) -> tuple[list[dict], str]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path), str(path)
    if suffix in (".jsonl", ".ndjson"):
        return list(_read_json_lines(path)), str(path)
    if suffix == ".json":
        return _read_json(path), str(path)
    if suffix in PICKLE_SUFFIXES:
        if not allow_pickle:
            raise MathDialFormatError(
                f"{path}: refusing to load a pickle, because unpickling runs code stored in the file. "
                "If you trust this file, pass allow_pickle=True (task: -T allow_pickle=true); "
                "otherwise convert it to CSV or JSON Lines."
            )
        import pandas as pd

        frame = pd.read_pickle(path)
        return frame.astype(str).to_dict(orient="records"), str(path)
    raise MathDialFormatError(f"{path}: unknown format {suffix!r} (use .csv, .jsonl, .json or a hub dataset name)")


def load_conversations(
    data: str | Path | None = None,
    *,
    split: str = "test",
    allow_pickle: bool = False,
    on_bad_row: Literal["skip", "raise"] = "skip",
) -> tuple[list[Conversation], LoadReport]:
    """Load and parse MathDial conversations.

    Args:
        data: See `read_records`; None reads the bundled development file.
        split: Hub split, when `data` is a hub dataset name.
        allow_pickle: Allow pandas pickles (they run code when loaded).
        on_bad_row: "skip" counts unusable rows in the report; "raise" stops at the first, naming file and row.

    Raises:
        MathDialFormatError: the file cannot be read, misses a required column, or (with `on_bad_row="raise"`) has
            an unusable row.
    """
    if data is None:  # the bundled file: read once per process (the tasks, judges and vocabularies all read it)
        conversations, report = _bundled_conversations(on_bad_row)
        return list(conversations), replace(report, skipped=list(report.skipped))
    records, source = read_records(data, split=split, allow_pickle=allow_pickle)
    return parse_records(records, source, on_bad_row=on_bad_row)


@cache
def _bundled_conversations(on_bad_row: Literal["skip", "raise"]) -> tuple[tuple[Conversation, ...], LoadReport]:
    records, source = read_records(bundled_dev_data())
    conversations, report = parse_records(records, source, on_bad_row=on_bad_row)
    return tuple(conversations), report


def parse_records(
    records: Iterable[dict[str, Any]], source: str, *, on_bad_row: Literal["skip", "raise"] = "skip"
) -> tuple[list[Conversation], LoadReport]:
    """Parse raw records (one per conversation) into `Conversation`s; see `load_conversations`."""
    report = LoadReport(source=source)
    conversations: list[Conversation] = []
    seen: set[str] = set()
    for row, record in enumerate(records, start=1):
        if row == 1:
            missing = [column for column in REQUIRED_COLUMNS if column not in record]
            if missing:
                raise MathDialFormatError(
                    f"{source}: missing column(s) {', '.join(missing)}; "
                    f"a MathDial file needs {', '.join(REQUIRED_COLUMNS)}"
                )
        report.rows_read += 1
        try:
            conversation = _parse_record(record, source, row)
        except ValueError as error:
            reason, detail = error.args if len(error.args) == 2 else ("bad_row", str(error))
            if on_bad_row == "raise":
                raise MathDialFormatError(f"{source}, row {row}: {detail}") from error
            report.skip(row, reason, detail)
            continue
        if conversation.conversation_id in seen:
            report.skip(row, "duplicate_conversation", "same qid and conversation text as an earlier row")
            continue
        seen.add(conversation.conversation_id)
        conversations.append(conversation)
    if report.rows_read == 0:
        raise MathDialFormatError(f"{source}: no rows")
    return conversations, report


def _parse_record(record: dict[str, Any], source: str, row: int) -> Conversation:
    # The upstream JSON Lines sample writes newlines as a literal backslash-n.
    values = {key: "" if value is None else str(value).replace("\\n", "\n") for key, value in record.items()}
    too_long = oversized_fields(values)
    if too_long:
        raise ValueError("field_too_long", f"field(s) over {MAX_FIELD_CHARS:,} characters: {', '.join(too_long)}")
    missing = [column for column in REQUIRED_COLUMNS if column not in values]
    if missing:
        raise ValueError("missing_field", f"missing field(s) {', '.join(missing)}")
    qid = values["qid"].strip()
    if not qid:
        raise ValueError("missing_qid", "empty qid")
    final_answer = extract_final_answer(values["ground_truth"])
    if final_answer is None:
        raise ValueError("ground_truth_without_number", f"no number in ground_truth {values['ground_truth'][-80:]!r}")
    if not values["conversation"].strip():
        raise ValueError("empty_conversation", "empty conversation")
    try:
        turns = parse_conversation(values["conversation"], student_name(values["student_profile"]))
    except ValueError as error:
        reason = "turn_without_speaker" if "speaker" in str(error) else "bad_conversation"
        raise ValueError(reason, str(error)) from error
    if turns[0].speaker != "teacher":
        raise ValueError("bad_conversation", "conversation does not open with a teacher turn")
    return Conversation(
        conversation_id=conversation_id(qid, values["conversation"]),
        qid=qid,
        question=values["question"].strip(),
        ground_truth=values["ground_truth"].strip(),
        final_answer=final_answer,
        student_incorrect_solution=values["student_incorrect_solution"].strip(),
        student_profile=values["student_profile"].strip(),
        turns=turns,
        source=source,
        row=row,
        extra={key: value for key, value in values.items() if key not in REQUIRED_COLUMNS},
    )


def _read_csv(path: Path) -> list[dict[str, Any]]:
    """Rows as header -> text; a row with more or fewer fields than the header (a file cut short, an unquoted
    comma) or an unclosed quote is an error naming its line."""
    text = read_text_file(path, WHAT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        records = []
        for row in reader:
            if not any(field.strip() for field in row):
                continue
            if len(row) != len(header):
                raise MathDialFormatError(
                    f"{path}, line {reader.line_num}: {len(row)} fields where the header has {len(header)} "
                    "(a row cut short, or a comma outside quotes)"
                )
            records.append(dict(zip(header, row, strict=True)))
    except csv.Error as error:
        raise MathDialFormatError(f"{path}, line {reader.line_num}: not valid CSV ({error})") from error
    return records


def _read_json_lines(path: Path) -> Iterator[dict[str, Any]]:
    for number, record in parse_json_lines(read_text_file(path, WHAT), path):
        if not isinstance(record, dict):
            raise MathDialFormatError(f"{path}, line {number}: expected a JSON object, got {type(record).__name__}")
        yield record


def _read_json(path: Path) -> list[dict[str, Any]]:
    content = parse_json_document(read_text_file(path, WHAT), path, WHAT)
    if isinstance(content, dict):
        # {"data": [...]} and similar single-key wrappers
        lists = [value for value in content.values() if isinstance(value, list)]
        content = lists[0] if len(lists) == 1 else content
    if not isinstance(content, list) or not all(isinstance(record, dict) for record in content):
        raise MathDialFormatError(f"{path}: expected a JSON list of conversation objects")
    return content


def _read_hub(name: str, split: str) -> tuple[list[dict], str]:
    from datasets import load_dataset

    try:
        dataset = load_dataset(name, split=split)
    except Exception as error:  # noqa: BLE001 - no network, no such dataset or split: the user's fix is the same
        reason = (str(error).strip().splitlines() or [""])[0][:200]
        raise MathDialFormatError(
            f"{name}: could not load this Hugging Face dataset (split {split}): {type(error).__name__}: {reason}. "
            "Without network access, give a local file (.csv, .jsonl or .json) with -T data=PATH"
        ) from error
    return dataset.to_list(), f"hf:{name}:{split}"
