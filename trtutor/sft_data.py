"""Stage 3, `trtutor prepare-sft`: supervised fine-tuning data for the talker from the enhanced dialogues.

Two formats, split into train and test by problem (`qid`: no problem on both sides), seeded:
- `{split}_alpaca.json`: `instruction` (the talker prompt template), `input` (JSON with `student_persona`,
  `reasoner_context`, `conversation_history`), `output` (the teacher's next response);
- `{split}.jsonl`: chat prompt-completion records, as TRL's SFTTrainer reads them: `prompt` is the rendered talker
  prompt as a user message, `completion` the teacher's response as an assistant message.

    trtutor prepare-sft --data dialogues.json --output sft/
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trtutor.errors import UsageError
from trtutor.prompts import fill_prompt, load_prompt, prompt_sha256


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

    def as_prompt_completion(self) -> dict[str, Any]:
        """The record as TRL's SFTTrainer reads it: chat prompt and completion."""
        return {"prompt": self.prompt, "completion": [{"role": "assistant", "content": self.response}]}


def read_sft_examples(path: str) -> list[SftExample]:
    """The examples of an SFT file: `prepare-sft`'s chat JSON Lines, or instruction/input/output JSON (the seed's,
    and `prepare-sft`'s `*_alpaca.json`). A record without an `id` is named by its position, `record-<n>`.

    Raises:
        ValueError: the file is missing, empty, or in a format not read here; the message names the file and record.
    """
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: no such SFT data file")
    text = file.read_text(encoding="utf-8")
    try:
        if file.suffix == ".jsonl":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        elif file.suffix == ".json":
            records = json.loads(text)
        else:
            raise UsageError(f"{path}: unknown SFT data format {file.suffix!r} (use prepare-sft's .jsonl or .json)")
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}: invalid JSON ({error})") from error
    if not isinstance(records, list):
        raise UsageError(f"{path}: expected a list of records")
    examples = []
    for number, record in enumerate(records, start=1):
        record_id = str(record.get("id") or f"record-{number}") if isinstance(record, dict) else ""
        if isinstance(record, dict) and "prompt" in record and "completion" in record:
            examples.append(SftExample(record_id, record["prompt"], record["completion"][-1]["content"]))
        elif isinstance(record, dict) and {"instruction", "output"} <= set(record):
            prompt = record["instruction"] + ("\n\n" + record["input"] if record.get("input") else "")
            examples.append(SftExample(record_id, [{"role": "user", "content": prompt}], record["output"]))
        else:
            raise UsageError(
                f"{path}, record {number}: unknown format; expected prompt/completion (trtutor prepare-sft) or "
                "instruction/input/output (the seed)"
            )
    if not examples:
        raise UsageError(f"{path}: no examples")
    return examples
