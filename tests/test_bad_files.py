"""Broken input files, for every reader: each gives one clear line naming the file (and the row), or a counted
skip -- never a traceback, never a silent loss.

Kinds: an empty file, a file cut short, bytes that are not UTF-8, a field of the wrong type, a missing field, a
repeated id, a huge field. Readers: MathDial (CSV, JSON Lines, JSON), MRBench, BEA 2025, reasoner contexts,
`trtutor generate`'s dialogues, SFT data (both formats), adapter folders and cards, `trtutor reason`'s results file
(on resume), and the `--prices` file. The same battery runs through the command line for a few, where a traceback
would show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from trtutor.errors import UsageError

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "trtutor" / "data" / "bundled"
HUGE = "x" * 2_000_000
KINDS = ("empty", "truncated", "not_utf8", "wrong_type", "missing_field", "duplicate_id", "huge_field")


def _mathdial_records() -> list[dict[str, Any]]:
    lines = (REPO / "tests" / "data" / "mathdial_example.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][:3]


def _json_records(name: str) -> list[dict[str, Any]]:
    return json.loads((BUNDLED / name).read_text(encoding="utf-8"))[:3]


def _reasoner_records() -> list[dict[str, Any]]:
    return [{"sample_id": f"c{n}-t1", "status": "ok", "chain_of_thought": "Work it out.", "belief_state": "Unsure.",
             "final_answer": "30"} for n in range(3)]  # fmt: skip


def _sft_chat_records() -> list[dict[str, Any]]:
    return [{"id": f"s{n}", "prompt": [{"role": "user", "content": "Help me."}],
             "completion": [{"role": "assistant", "content": "What do you know?"}]} for n in range(3)]  # fmt: skip


def _sft_alpaca_records() -> list[dict[str, Any]]:
    return [{"id": f"s{n}", "instruction": "Tutor.", "input": "Help me.", "output": "What do you know?"}
            for n in range(3)]  # fmt: skip


def _dialogue_records() -> list[dict[str, Any]]:
    record = {"id": "d1", "qid": "q1", "problem": "2+2?", "student_solution": "5", "conversation_history": "",
              "teacher_response": "What is 2+2?", "chain_of_thought": "4", "belief_state": "adds wrong",
              "final_answer": "4"}  # fmt: skip
    return [record, {**record, "id": "d2", "qid": "q2"}, {**record, "id": "d3", "qid": "q3"}]


@dataclass(frozen=True)
class Reader:
    """One reader: how to write its records, what it reads, the field to break, and the id field."""

    suffix: str
    records: Callable[[], list[dict[str, Any]]]
    read: Callable[[Path], Any]
    field: str  # a required text field
    id_field: str | None  # the field that must be unique, if any
    lines: bool = False  # JSON Lines rather than one JSON list
    csv: bool = False


def _load_conversations(path: Path) -> Any:
    from trtutor.data.mathdial import load_conversations

    return load_conversations(path)


def _load_mrbench(path: Path) -> Any:
    from trtutor.data.mrbench import load_mrbench

    return load_mrbench(path)


def _load_reasoner(path: Path) -> Any:
    from trtutor.reasoner_context import load_reasoner_contexts

    return load_reasoner_contexts(path)


def _read_sft(path: Path) -> Any:
    from trtutor.sft_data import read_sft_examples

    return read_sft_examples(str(path))


def _prepare_sft(path: Path) -> Any:
    from trtutor.sft_data import prepare_sft

    return prepare_sft(str(path), str(path.parent / "sft-out"))


def _results_file(path: Path) -> Any:
    from trtutor.model_calls import ResultsFile

    results = ResultsFile(path)
    results.close()
    return results


def _mtb_rows(name: str) -> list[dict[str, Any]]:
    from trtutor.mathtutorbench.benchmark import bundled_data_path

    path = bundled_data_path(name)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines()[:3]]
    return json.loads(text)[:3]


def _mtb_items(task: str) -> Callable[[Path], Any]:
    def read(path: Path) -> Any:
        from trtutor.mathtutorbench.benchmark import load_items

        return load_items(task, str(path))

    return read


READERS: dict[str, Reader] = {
    "mathdial-csv": Reader(".csv", _mathdial_records, _load_conversations, "conversation", "qid", csv=True),
    "mathdial-jsonl": Reader(".jsonl", _mathdial_records, _load_conversations, "conversation", "qid", lines=True),
    "mathdial-json": Reader(".json", _mathdial_records, _load_conversations, "conversation", "qid"),
    "mrbench": Reader(
        ".json", lambda: _json_records("mrbench_v1_dev.json"), _load_mrbench, "conversation_history", "conversation_id"
    ),  # fmt: skip
    "bea2025": Reader(
        ".json",
        lambda: _json_records("mrbench_v3_devset_dev.json"),
        _load_mrbench,
        "conversation_history",
        "conversation_id",
    ),  # fmt: skip
    "reasoner-contexts": Reader(
        ".jsonl", _reasoner_records, _load_reasoner, "chain_of_thought", "sample_id", lines=True
    ),  # fmt: skip
    "generated-dialogues": Reader(".json", _dialogue_records, _prepare_sft, "teacher_response", "id"),
    "sft-chat": Reader(".jsonl", _sft_chat_records, _read_sft, "prompt", "id", lines=True),
    "sft-alpaca": Reader(".json", _sft_alpaca_records, _read_sft, "output", "id"),
    "mathtutorbench-gsm8k": Reader(
        ".jsonl", lambda: _mtb_rows("gsm8k-main"), _mtb_items("problem_solving"), "question", None, lines=True
    ),
    "mathtutorbench-stepverify": Reader(
        ".json", lambda: _mtb_rows("stepverify"), _mtb_items("mistake_location"), "dialog_history", None
    ),
    "mathtutorbench-bridge": Reader(
        ".json", lambda: _mtb_rows("mathdial_bridge"), _mtb_items("scaffolding_generation"), "problem", None
    ),
    # the results file is opaque but for its key: the field to break is the key
    "reason-results": Reader(".jsonl", _reasoner_records, _results_file, "sample_id", "sample_id", lines=True),
}


def _render(reader: Reader, records: list[dict[str, Any]]) -> bytes:
    if reader.csv:
        import pandas as pd

        return pd.DataFrame(records).to_csv(index=False).encode("utf-8")
    if reader.lines:
        return "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")
    return json.dumps(records, indent=1).encode("utf-8")


def broken_file(reader: Reader, kind: str, folder: Path) -> Path:
    records = reader.records()
    path = folder / f"broken{reader.suffix}"
    if kind == "empty":
        content = b""
    elif kind == "truncated":  # cut half-way through the last record, as a killed writer or a partial copy leaves it
        whole = _render(reader, records)
        content = whole[: len(whole) - len(_render(reader, records[-1:])) // 2]
    elif kind == "not_utf8":
        records[1][reader.field] = "NOT-UTF8"
        content = _render(reader, records).replace(b"NOT-UTF8", b"caf\xe9 \xff\xfe")
    elif kind == "wrong_type":
        records[1][reader.field] = {"unexpected": [1, 2]} if not reader.csv else ""
    elif kind == "missing_field":
        del records[1][reader.field]
    elif kind == "duplicate_id":
        records.append(dict(records[0]))
    elif kind == "huge_field":
        records[1][reader.field] = HUGE if reader.field != "prompt" else [{"role": "user", "content": HUGE}]
    if kind not in ("empty", "truncated", "not_utf8"):
        content = _render(reader, records)
    path.write_bytes(content)
    return path


def skipped_rows(result: Any) -> int:
    """Rows a reader returned as counted skips (its load report), or 0."""
    report = result[1] if isinstance(result, tuple) and len(result) == 2 else getattr(result, "report", None)
    return len(getattr(report, "skipped", []) or getattr(result, "skipped", []) or [])


def check_outcome(reader: Reader, kind: str, path: Path) -> str:
    """'error' (one clear line naming the file), 'skip' (a counted skip), or 'read' (nothing was wrong to skip)."""
    try:
        result = reader.read(path)
    except UsageError as error:
        message = str(error)
        assert "\n" not in message.strip(), f"a multi-line error: {message!r}"
        assert path.name in message, f"the error does not name the file: {message!r}"
        assert len(message) < 1000, "the error should be one readable line, not a dump of the file"
        return "error"
    if skipped_rows(result):
        return "skip"
    return "read"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(READERS))
def test_every_reader_names_the_file_or_counts_a_skip(name, kind, tmp_path):
    reader = READERS[name]
    if kind == "duplicate_id" and reader.id_field is None:
        pytest.skip("no ids to repeat")
    path = broken_file(reader, kind, tmp_path)
    outcome = check_outcome(reader, kind, path)
    if name == "reason-results" and kind in ("empty", "truncated"):
        # `trtutor reason`'s own output, read back on resume: empty before the first result, a last line cut short
        # by a kill (dropped and asked again), and a long reply are what a killed run leaves, not broken input
        assert outcome == "read"
        return
    assert outcome in ("error", "skip"), f"{name}: a {kind} file was read as if nothing were wrong"


def test_a_row_level_error_names_the_row(tmp_path):
    from trtutor.data.mathdial import MathDialFormatError

    reader = READERS["reasoner-contexts"]
    path = broken_file(reader, "wrong_type", tmp_path)
    with pytest.raises(UsageError, match=r"broken\.jsonl, line 2"):
        reader.read(path)
    path = broken_file(READERS["mrbench"], "not_utf8", tmp_path)
    with pytest.raises(MathDialFormatError, match=r"broken\.json.*byte"):
        _load_mrbench(path)


@pytest.mark.parametrize("problem", ["no_folder", "no_config", "config_not_json", "config_not_utf8", "config_list",
                                     "card_truncated", "no_base"])  # fmt: skip
def test_broken_adapter_folders_and_cards_name_the_file(problem, tmp_path):
    from trtutor.adapters import Adapter, AdapterError

    folder = tmp_path / "talker"
    if problem != "no_folder":
        folder.mkdir()
    config = {"base_model_name_or_path": "Qwen/Qwen2.5-0.5B-Instruct", "r": 8, "peft_type": "LORA"}
    texts = {
        "no_config": None,
        "config_not_json": b'{"base_model_name_or_path": "Qwen',
        "config_not_utf8": b'{"base_model_name_or_path": "\xff\xfe"}',
        "config_list": b"[1, 2]",
        "no_base": json.dumps({"r": 8}).encode(),
    }
    if problem in texts and texts[problem] is not None:
        (folder / "adapter_config.json").write_bytes(texts[problem])
    elif problem not in ("no_folder", "no_config"):
        (folder / "adapter_config.json").write_text(json.dumps(config))
    if problem == "card_truncated":
        (folder / "trtutor_adapter.json").write_text('{"base_model": "Qwen/Qw')
    with pytest.raises(AdapterError) as error:
        Adapter.from_path(folder)
    message = str(error.value)
    assert "\n" not in message and ("talker" in message), message


@pytest.mark.parametrize("content", [b"", b'{"gsm8k-main-test-0000": "18', b'{"gsm8k-main-test-0000": 18}', b"\xff\xfe",
                                     b'["Final answer: 18"]'])  # fmt: skip
def test_a_broken_replay_file_names_the_file(content, tmp_path):
    from trtutor.mathtutorbench.benchmark import read_outputs

    path = tmp_path / "outputs.json"
    path.write_bytes(content)
    with pytest.raises(UsageError, match="outputs.json"):
        read_outputs(path)


@pytest.mark.parametrize("content", [b"", b'{"openai/gpt-4o": [1.0', b'{"openai/gpt-4o": "cheap"}', b"\xff\xfe",
                                     b'["openai/gpt-4o"]'])  # fmt: skip
def test_a_broken_prices_file_names_the_file(content, tmp_path):
    from trtutor.model_calls import load_prices

    path = tmp_path / "prices.json"
    path.write_bytes(content)
    with pytest.raises(UsageError, match="prices.json"):
        load_prices(str(path))


def test_reason_reads_the_leaderboards_price_table_too(tmp_path):
    """One price file for a whole run: `trtutor reason --prices` takes the leaderboard's table (Inspect's format)."""
    from trtutor.model_calls import load_prices

    table = tmp_path / "prices.yaml"
    table.write_text("openai/gpt-4o:\n  input: 2.5\n  output: 10\n  input_cache_write: 2.5\n  input_cache_read: 1.25\n")
    assert load_prices(str(table))["openai/gpt-4o"] == (2.5, 10.0)
    pairs = tmp_path / "pairs.json"
    pairs.write_text('{"openai/gpt-4o": [3, 12]}')
    assert load_prices(str(pairs))["openai/gpt-4o"] == (3.0, 12.0)
    table.write_text("openai/gpt-4o:\n  input: 2.5\n")  # Inspect's format, a price missing
    with pytest.raises(UsageError, match=r"prices.yaml: 'openai/gpt-4o': no output"):
        load_prices(str(table))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    # wide, so that Inspect's console never wraps a long temporary path in the middle of a file name
    return subprocess.run([str(Path(sys.executable).parent / args[0]), *args[1:]], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})  # fmt: skip


# Each reader meets every kind of broken file in process (above); the command lines only print what the readers
# raise, so each command meets one kind, and each kind one command.
def test_the_command_line_prints_one_line_and_no_traceback(tmp_path):
    """`trtutor prepare-sft`, `trtutor reason` and `inspect eval -T data=...` on broken files."""
    dialogues = broken_file(READERS["generated-dialogues"], "empty", tmp_path / "d")
    result = _cli("trtutor", "prepare-sft", "--data", str(dialogues), "--output", str(tmp_path / "sft"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and dialogues.name in result.stderr

    conversations = broken_file(READERS["mathdial-jsonl"], "not_utf8", tmp_path / "m")
    result = _cli("trtutor", "reason", "--data", str(conversations), "--model", "mockllm/model", "--output",
                  str(tmp_path / "contexts.jsonl"))  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert conversations.name in result.stderr

    conversations = broken_file(READERS["mathdial-jsonl"], "truncated", tmp_path / "t")
    result = _cli("inspect", "eval", "tasks/socratic.py", "--model", "trtutor/human-teacher", "-T", "judge=offline",
                  "-T", f"data={conversations}", "--log-dir", str(tmp_path / "logs"))  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert conversations.name in result.stdout + result.stderr


def test_the_leaderboard_names_a_file_that_is_no_inspect_log(tmp_path, capsys):
    from trtutor.cli import main

    not_a_log = tmp_path / "cut.jsonl"
    not_a_log.write_text('{"a": 1}\n')
    assert main(["leaderboard", str(not_a_log), "--out", str(tmp_path / "board")]) == 2
    assert capsys.readouterr().err == f"error: no Inspect evaluation log among {not_a_log}\n"


@pytest.fixture(autouse=True)
def _folders(tmp_path):
    for name in ("d", "m", "t"):
        (tmp_path / name).mkdir()
