"""Stage 3, `trtutor prepare-sft`: supervised fine-tuning data for the talker from the enhanced dialogues.

Two formats, split into train and test by problem (`qid`: no problem on both sides), seeded:
- `{split}_alpaca.json`: `instruction` (the talker prompt template), `input` (JSON with `student_persona`,
  `reasoner_context`, `conversation_history`), `output` (the teacher's next response);
- `{split}.jsonl`: chat prompt-completion records, as TRL's SFTTrainer reads them: `prompt` is the rendered talker
  prompt as a user message, `completion` the teacher's response as an assistant message.
Records of both also carry the problem (`qid`, `problem`), so that training can list the problems an adapter learnt
from (`trtutor/trained_problems.py`).

    trtutor prepare-sft --data dialogues.json --output sft/
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trtutor.data.files import MAX_FIELD_CHARS, parse_json_document, parse_json_lines, read_text_file
from trtutor.errors import UsageError
from trtutor.prompts import fill_prompt, load_prompt, prompt_sha256
from trtutor.trained_problems import problem_from_prompt


@dataclass(frozen=True)
class SftReport:
    train: int
    test: int
    train_problems: int
    test_problems: int
    files: list[str]


def talker_messages(record: dict[str, Any]) -> str:
    """The talker prompt for one enhanced dialogue record (the same template as `tasks/socratic.py`)."""
    reasoner = record["reasoner_context"]
    return fill_prompt(
        "talker_prompt",
        student_persona=record["student_persona"],
        problem=record["problem"],
        student_solution=record["student_solution"],
        reasoner_context=fill_prompt("talker_reasoner_context", **reasoner) if reasoner else "",
        conversation_history=record["conversation_history"],
    )


def _read_generated_dialogues(data: str) -> list[Any]:
    """What `trtutor generate` wrote: one JSON list."""
    expected = "the JSON list that `trtutor generate --output FILE` writes"
    try:
        text = Path(data).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise UsageError(f"{data}: no such file; pass {expected}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{data}: cannot be read ({error}); pass {expected}") from error
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{data}: not JSON ({error.msg}, line {error.lineno}); pass {expected}") from error
    if not isinstance(records, list):
        raise UsageError(f"{data}: expected {expected}")
    return records


def split_by_problem(qids: list[str], test_fraction: float, seed: int) -> set[str]:
    """The problems of the test split: a seeded shuffle of the distinct qids."""
    distinct = sorted(set(qids))
    random.Random(seed).shuffle(distinct)
    return set(distinct[: max(1, round(len(distinct) * test_fraction))]) if len(distinct) > 1 else set()


def prepare_sft(data: str, output: str, *, test_fraction: float = 0.1, seed: int = 42) -> SftReport:
    """Write both SFT formats for both splits into folder `output`."""
    records = _read_generated_dialogues(data)
    if not records:
        raise UsageError(f"{data}: no dialogues, so no SFT examples; `trtutor generate` writes them")
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise UsageError(f"{data}, record {number}: expected an object, got {type(record).__name__}")
        missing = {"qid", "student_persona", "reasoner_context", "conversation_history", "teacher_response"} - set(
            record
        )
        if missing:
            raise UsageError(f"{data}, record {number}: missing {', '.join(sorted(missing))}")
    test_qids = split_by_problem([r["qid"] for r in records], test_fraction, seed)
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    counts = {}
    for split in ("train", "test"):
        chosen = [r for r in records if (r["qid"] in test_qids) == (split == "test")]
        counts[split] = chosen
        alpaca = [
            {
                "instruction": load_prompt("talker_prompt"),
                "input": json.dumps(
                    {
                        "student_persona": r["student_persona"],
                        "reasoner_context": r["reasoner_context"],
                        "conversation_history": r["conversation_history"],
                    },
                    ensure_ascii=False,
                ),
                "output": r["teacher_response"],
                "id": r.get("id"),
                "qid": r["qid"],  # which problem: what trained_problems.json lists (the input lacks the problem)
                "problem": r.get("problem"),
            }
            for r in chosen
        ]
        alpaca_path = folder / f"{split}_alpaca.json"
        alpaca_path.write_text(json.dumps(alpaca, indent=1, ensure_ascii=False), encoding="utf-8")
        chat_path = folder / f"{split}.jsonl"
        with chat_path.open("w", encoding="utf-8") as file:
            for r in chosen:
                chat = {
                    "id": r.get("id"),
                    "qid": r["qid"],
                    "problem": r.get("problem"),
                    "prompt": [{"role": "user", "content": talker_messages(r)}],
                    "completion": [{"role": "assistant", "content": r["teacher_response"]}],
                }
                file.write(json.dumps(chat, ensure_ascii=False) + "\n")
        files += [str(alpaca_path), str(chat_path)]
    (folder / "sft_provenance.json").write_text(
        json.dumps(
            {
                "data": data,
                "test_fraction": test_fraction,
                "seed": seed,
                "test_qids": sorted(test_qids),
                "talker_prompt_sha256": prompt_sha256("talker_prompt"),
            },  # fmt: skip
            indent=1,
        ),
        encoding="utf-8",
    )
    return SftReport(
        len(counts["train"]),
        len(counts["test"]),
        len({r["qid"] for r in counts["train"]}),
        len({r["qid"] for r in counts["test"]}),
        files,
    )


@dataclass(frozen=True)
class SftExample:
    """One SFT record, in either format: the talker's chat prompt and the teacher's response."""

    id: str
    prompt: list[dict[str, str]]
    response: str
    problem: str | None = None  # the problem's text: the record's `problem`, else read from a talker prompt
    qid: str | None = None  # MathDial's problem id, when the record gives it

    def as_prompt_completion(self) -> dict[str, Any]:
        """The record as TRL's SFTTrainer reads it: chat prompt and completion."""
        return {"prompt": self.prompt, "completion": [{"role": "assistant", "content": self.response}]}


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_FIELD_CHARS


def _sft_example(record: Any, default_id: str, where: str) -> SftExample:
    """One record, in either format, with every field of the type the trainer needs.

    Raises:
        UsageError: naming `where`, the record's file and line.
    """
    if not isinstance(record, dict):
        raise UsageError(f"{where}: expected a JSON object, got {type(record).__name__}")
    record_id = str(record.get("id") or default_id)
    if "prompt" in record and "completion" in record:
        prompt, completion = record["prompt"], record["completion"]
        messages_ok = isinstance(prompt, list) and prompt and all(
            isinstance(m, dict) and isinstance(m.get("role"), str) and _is_text(m.get("content")) for m in prompt
        )  # fmt: skip
        completion_ok = isinstance(completion, list) and completion and isinstance(completion[-1], dict) and _is_text(
            completion[-1].get("content")
        )  # fmt: skip
        if not (messages_ok and completion_ok):
            raise UsageError(
                f"{where}: `prompt` must be a list of {{role, content}} messages and `completion` a list ending in "
                f"one, with text of at most {MAX_FIELD_CHARS:,} characters"
            )
        return SftExample(record_id, prompt, completion[-1]["content"], *_problem(record, prompt))
    if {"instruction", "output"} <= set(record):
        fields = {name: record.get(name, "") or "" for name in ("instruction", "input", "output")}
        if not all(_is_text(value) for value in fields.values()):
            raise UsageError(f"{where}: `instruction`, `input` and `output` must be text of at most "
                             f"{MAX_FIELD_CHARS:,} characters")  # fmt: skip
        prompt_text = fields["instruction"] + ("\n\n" + fields["input"] if fields["input"] else "")
        messages = [{"role": "user", "content": prompt_text}]
        return SftExample(record_id, messages, fields["output"], *_problem(record, messages))
    raise UsageError(
        f"{where}: unknown format; expected prompt/completion (trtutor prepare-sft) or instruction/input/output "
        "(the seed)"
    )


def _problem(record: dict[str, Any], prompt: list[dict[str, str]]) -> tuple[str | None, str | None]:
    """The problem an example teaches on (its text, and MathDial qid): the record's own fields, which prepare-sft
    writes, else the problem of a talker prompt among its user messages."""
    problem = record.get("problem") if _is_text(record.get("problem")) else None
    for message in prompt:
        if problem is None and message["role"] == "user":
            problem = problem_from_prompt(message["content"])
    qid = record.get("qid")
    return problem, str(qid) if isinstance(qid, str | int) and str(qid) else None


def read_sft_examples(path: str) -> list[SftExample]:
    """The examples of an SFT file: `prepare-sft`'s chat JSON Lines, or instruction/input/output JSON (the seed's,
    and `prepare-sft`'s `*_alpaca.json`). A record without an `id` is named by its position, `record-<n>`.

    Raises:
        ValueError: the file is missing, empty, or in a format not read here; the message names the file and record.
    """
    file = Path(path)
    what = "SFT data: prepare-sft's chat JSON Lines (.jsonl) or instruction/input/output JSON (.json)"
    if file.suffix not in (".jsonl", ".json"):
        raise UsageError(f"{path}: unknown SFT data format {file.suffix!r} (use prepare-sft's .jsonl or .json)")
    text = read_text_file(file, what)
    if file.suffix == ".jsonl":
        records = list(parse_json_lines(text, path))
    else:
        document = parse_json_document(text, path, what)
        if not isinstance(document, list):
            raise UsageError(f"{path}: expected a list of records")
        records = list(enumerate(document, start=1))
    examples = []
    seen: dict[str, int] = {}
    for number, record in records:
        where = f"{path}, {'line' if file.suffix == '.jsonl' else 'record'} {number}"
        example = _sft_example(record, f"record-{number}", where)
        if example.id in seen:
            raise UsageError(f"{where}: id {example.id!r} appears twice (first at {seen[example.id]})")
        seen[example.id] = number
        examples.append(example)
    if not examples:
        raise UsageError(f"{path}: no examples")
    return examples
