"""Which of the formats TRTutor reads a data file is in, recognised from its content (not its name)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from trtutor.data.mathdial import HF_DATASET, REQUIRED_COLUMNS, MathDialFormatError
from trtutor.data.mrbench import RESPONSE_FIELDS

DataFormat = Literal["mathdial", "mrbench", "bea2025"]

FORMATS_HELP = (
    f"TRTutor reads MathDial (.csv, .jsonl or .json with columns {', '.join(REQUIRED_COLUMNS)}; or {HF_DATASET}), "
    "MRBench V1/V2 (a .json list of conversations with anno_llm_responses) and BEA 2025 files (a .json list with "
    "tutor_responses: {tutor: {response, annotation}})"
)


def detect_format(path: str | Path) -> DataFormat:
    """The format of `path`, from its first record.

    Raises:
        MathDialFormatError: the file is missing, or its first record fits none of the formats (the message lists
            what each format needs).
    """
    path = Path(path)
    if not path.exists():
        return "mathdial"  # perhaps a hub dataset name; the MathDial reader fetches it or says what is missing
    first = _first_record(path)
    for field, file_format in RESPONSE_FIELDS.items():
        if isinstance(first, dict) and field in first:
            return file_format  # type: ignore[return-value]
    if isinstance(first, dict) and all(column in first for column in REQUIRED_COLUMNS):
        return "mathdial"
    keys = ", ".join(sorted(first)[:12]) if isinstance(first, dict) else type(first).__name__
    raise MathDialFormatError(f"{path}: not a format TRTutor reads (its first record has {keys}). {FORMATS_HELP}")


def _first_record(path: Path) -> object:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            import csv

            with path.open(encoding="utf-8", newline="") as file:
                return next(csv.DictReader(file), {})
        if suffix == ".jsonl":
            with path.open(encoding="utf-8") as file:
                line = next((line for line in file if line.strip()), "{}")
            return json.loads(line)
        if suffix == ".json":
            records = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(records, list):
                return records[0] if records else {}
            return records
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MathDialFormatError(f"{path}: cannot be read as {suffix[1:].upper()} ({error})") from error
    raise MathDialFormatError(f"{path}: unknown file type {suffix!r}. {FORMATS_HELP}")
