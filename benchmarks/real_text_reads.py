"""What the exact checks read in every real text we hold, to compare before and after a change to them.

A change to an exact check (issue 25, item 1: the answer revealed, wrong arithmetic, a quantity misstated, a wrong
answer endorsed) must not read a real tutor's turn otherwise unless it is meant to, and each such change is counted.
This writes, for every real text, what the checks find there, and compares two such files:

- real tutor turns: the responses of the four bundled MRBench files (V1, V2, BEA 2025 dev and test), each with its
  conversation, and every teacher turn of the bundled MathDial conversations (openings included), each with its
  moment;
- other real texts: the teacher turns of MathTutorBench's bridge and step-verification dialogues, their reference
  solutions, and GSM8K's answers, each read with its problem.

Per text: the falsehoods `correctness` finds (`stated_falsehoods`), the number check's leakage label, whether it calls
a wrong answer of the student's right (`strategy.accepts_a_wrong_number`), and a digest of the turn as the judges lay
it out (`degenerate.plain_turn`).

    python -m benchmarks.real_text_reads --out /tmp/before.json       # on the code before the change
    python -m benchmarks.real_text_reads --out /tmp/after.json        # and after it
    python -m benchmarks.real_text_reads --compare /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.progress import begin, step


@dataclass(frozen=True)
class RealText:
    """One real text and the moment it is read at."""

    key: str  # unique over the whole collection: source, row and place
    group: str  # "tutor turns" or "other texts"
    text: str
    moment: dict[str, Any]


def mrbench_texts() -> Iterator[RealText]:
    """Every tutor response of the four bundled MRBench files, at its conversation's moment."""
    from trtutor.data.mrbench import load_mrbench, moment_metadata

    bundled = Path(__file__).resolve().parents[1] / "trtutor" / "data" / "bundled"
    for name in ("mrbench_v1_dev.json", "mrbench_v2_dev.json", "mrbench_v3_devset_dev.json", "mrbench_v3_testset.json"):
        conversations, _ = load_mrbench(bundled / name)
        for conversation in conversations:
            moment = moment_metadata(conversation)
            for tutor, response in conversation.responses.items():
                yield RealText(f"{name}:{conversation.row}:{tutor}", "tutor turns", response, moment)


def mathdial_texts() -> Iterator[RealText]:
    """Every teacher turn of the bundled MathDial conversations, the opening included, at its moment."""
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.turn_samples import turn_contexts, turn_sample

    conversations, _ = load_conversations(None)
    for context in turn_contexts(conversations, include_opening=True):
        sample = turn_sample(context)
        yield RealText(f"mathdial:{sample.id}", "tutor turns", str(sample.target), dict(sample.metadata or {}))


def mathtutorbench_texts() -> Iterator[RealText]:
    """MathTutorBench's teacher turns (bridge and step verification), reference solutions and GSM8K answers."""
    from trtutor.answers import extract_final_answer, format_number
    from trtutor.mathtutorbench.benchmark import _source_rows

    def moment(problem: str, solution: str, turns: list[dict[str, str]]) -> dict[str, Any]:
        final = extract_final_answer(solution)
        student = [turn["text"] for turn in turns if turn["user"] == "Student"]
        history = "\n".join(f"{'Student' if t['user'] == 'Student' else 'Teacher'}: {t['text']}" for t in turns)
        return {"problem": problem, "ground_truth": solution, "final_answer": format_number(final) if final else "",
                "student_incorrect_solution": "", "conversation_history": history,
                "student_utterances": student}  # fmt: skip

    for source in ("mathdial_bridge", "mathdial_bridge_hard", "stepverify"):
        rows, _ = _source_rows(source, None)  # type: ignore[arg-type]
        for row_number, row in enumerate(rows):
            turns = row["dialog_history"]
            for index, turn in enumerate(turns):
                if turn["user"] != "Student":
                    at = moment(row["problem"], row["reference_solution"], turns[:index])
                    yield RealText(f"{source}:{row_number}:{index}", "other texts", turn["text"], at)
            at = moment(row["problem"], row["reference_solution"], [])
            yield RealText(f"{source}:{row_number}:solution", "other texts", row["reference_solution"], at)
    for source in ("gsm8k-main", "gsm8k-socratic"):
        rows, _ = _source_rows(source, None)  # type: ignore[arg-type]
        for row_number, row in enumerate(rows):
            at = moment(row["question"], row["answer"], [])
            yield RealText(f"{source}:{row_number}:answer", "other texts", row["answer"], at)


def read(text: RealText) -> dict[str, Any]:
    """What the exact checks find in one text."""
    from trtutor.scorers.offline.degenerate import plain_turn
    from trtutor.scorers.offline.tutor_turn import _leakage, stated_falsehoods
    from trtutor.scorers.strategy import accepts_a_wrong_number

    moment = text.moment
    leak = _leakage(text.text, str(moment.get("final_answer") or ""), tuple(moment.get("student_utterances") or ()),
                    str(moment.get("conversation_history") or ""), str(moment.get("problem") or ""),
                    str(moment.get("ground_truth") or ""))  # fmt: skip
    return {
        "group": text.group,
        "falsehoods": stated_falsehoods(text.text, moment),
        "leakage": leak.label,
        "accepts_a_wrong_number": accepts_a_wrong_number(text.text, moment),
        "layout": hashlib.sha256(plain_turn(text.text).encode()).hexdigest()[:16],
    }


def all_texts() -> Iterator[RealText]:
    yield from mrbench_texts()
    yield from mathdial_texts()
    yield from mathtutorbench_texts()


def read_all(limit: int | None = None) -> dict[str, dict[str, Any]]:
    """{key: reading} for every real text (the first `limit` of them)."""
    readings: dict[str, dict[str, Any]] = {}
    for number, text in enumerate(all_texts()):
        if limit is not None and number >= limit:
            break
        if number % 2000 == 0:
            step(f"{number:,} texts read ...")
        readings[text.key] = {"text": text.text, **read(text)}
    return readings


def differences(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[str]:
    """One line per text read otherwise (or present in one file only), naming what changed."""
    lines = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            lines.append(f"{key}: only {'after' if old is None else 'before'}")
            continue
        changed = [name for name in ("falsehoods", "leakage", "accepts_a_wrong_number", "layout")
                   if old[name] != new[name]]  # fmt: skip
        for name in changed:
            lines.append(f"{key} [{new['group']}] {name}: {old[name]!r} -> {new[name]!r}\n    {new['text'][:300]!r}")
    return lines


def summary(readings: dict[str, dict[str, Any]]) -> str:
    counts: Counter[str] = Counter()
    for reading in readings.values():
        group = reading["group"]
        counts[f"{group}"] += 1
        counts[f"{group} with a falsehood"] += bool(reading["falsehoods"])
        counts[f"{group} revealing the answer"] += reading["leakage"] == "yes_correct"
        counts[f"{group} accepting a wrong number"] += bool(reading["accepts_a_wrong_number"])
    return "\n".join(f"{name}: {count:,}" for name, count in sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every text's reading here (JSON)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="list the texts two such files read otherwise")  # fmt: skip
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(path.read_text(encoding="utf-8")) for path in args.compare)
        lines = differences(before, after)
        print("\n".join(lines) + f"\n{len(before):,} texts before, {len(after):,} after; {len(lines)} readings differ")
        return
    started = time.perf_counter()
    begin()
    readings = read_all(args.limit)
    if args.out:
        args.out.write_text(json.dumps(readings, ensure_ascii=False), encoding="utf-8")
    print(summary(readings) + f"\n{len(readings):,} texts, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
