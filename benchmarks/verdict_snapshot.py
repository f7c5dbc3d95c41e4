"""Every offline verdict of a fixed set of turns, to show that a change to the judges' code changes none it should not.

A change to a feature module retrains the learnt judges (`response_judges.py`'s list), and a retrained judge may
move verdicts far from the change. This scores, with the offline judges, the turns a change must leave alone unless
it is meant for them:

- the human teacher's turns at the first 900 default samples of `tasks/socratic.py`;
- each degenerate family of the battery (`tasks/stress_test/families.py`) at the first 60;
- every tutor response of the bundled MRBench V2 dev file, at its conversation;

and writes per turn the score of `socratic`, `answer_leakage`, `correctness`, the eight MRBench rubric dimensions
and the per-turn record of `strategy` (value, answer, explanation and metadata). The digest it prints is equal
before and after a change exactly when every verdict is; `--compare` names the turns that differ.

    python -m benchmarks.verdict_snapshot --out /tmp/before.jsonl   # on the code before the change
    python -m benchmarks.verdict_snapshot --out /tmp/after.jsonl
    python -m benchmarks.verdict_snapshot --compare /tmp/before.jsonl /tmp/after.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import time
from pathlib import Path
from typing import Any

from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput
from inspect_ai.scorer import Target
from inspect_ai.solver import TaskState

from benchmarks.progress import begin, step


def snapshot_turns(human: int = 900, per_family: int = 60, mrbench: bool = True) -> list[tuple[str, Sample, str]]:
    """(key, sample, turn) for every turn the snapshot scores (MRBench V2 dev's responses with `mrbench`)."""
    from benchmarks.degenerate_talkers import FAMILIES, default_samples
    from trtutor.data.mrbench import bundled_mrbench, load_mrbench
    from trtutor.tasks.mrbench import mrbench_sample

    samples = default_samples(max(human, per_family))
    turns = [(f"human:{sample.id}", sample, str(sample.target)) for sample in samples[:human]]
    for name, family in FAMILIES.items():
        for index, sample in enumerate(samples[:per_family]):
            turns.append((f"{name}:{sample.id}", sample, family(dict(sample.metadata or {}), index)))
    conversations, _ = load_mrbench(bundled_mrbench()) if mrbench else ([], None)
    for conversation in conversations:
        sample = mrbench_sample(conversation)
        for tutor, response in conversation.responses.items():
            turns.append((f"mrbench:{conversation.conversation_id}:{tutor}", sample, response))
    return turns


async def _verdicts(sample: Sample, turn: str) -> dict[str, Any]:
    from trtutor.scorers import answer_leakage, correctness, socratic
    from trtutor.scorers.rubric import mrbench_rubric_scorers
    from trtutor.scorers.strategy import strategy

    scorers = {"socratic": socratic("offline"), "answer_leakage": answer_leakage("offline"),
               "correctness": correctness("offline"), "strategy": strategy()}  # fmt: skip
    scorers |= {f"rubric_{number}": scorer for number, scorer in enumerate(mrbench_rubric_scorers("offline"))}
    output = ModelOutput.from_content("snapshot", turn)
    state = TaskState(model="snapshot", sample_id=sample.id or "", epoch=1, input=sample.input, messages=[],
                      output=output, metadata=dict(sample.metadata or {}))  # fmt: skip
    record = {}
    for name, scorer in scorers.items():
        score = await scorer(state, Target(sample.target))
        record[name] = [score.value, score.answer, score.explanation, score.metadata]
    return record


def snapshot(human: int = 900, per_family: int = 60, mrbench: bool = True) -> list[dict[str, Any]]:
    """One record per turn: its key and every verdict, as JSON-ready values."""
    records = []
    turns = snapshot_turns(human, per_family, mrbench)
    for number, (key, sample, turn) in enumerate(turns):
        if number % 500 == 0:
            step(f"{number:,} of {len(turns):,} turns ...")
        verdicts = asyncio.run(_verdicts(sample, turn))
        records.append(json.loads(json.dumps({"key": key, **verdicts}, default=str, sort_keys=True)))
    return records


def digest(records: list[dict[str, Any]]) -> str:
    return hashlib.sha256("\n".join(json.dumps(r, sort_keys=True) for r in records).encode()).hexdigest()


def differences(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """One line per turn and scorer whose verdict differs (or turn present in one file only)."""
    old, new = ({record["key"]: record for record in records} for records in (before, after))
    lines = []
    for key in sorted(old.keys() | new.keys()):
        if key not in old or key not in new:
            lines.append(f"{key}: only {'after' if key not in old else 'before'}")
            continue
        for name in sorted(old[key].keys() | new[key].keys()):
            if old[key].get(name) != new[key].get(name):
                was, now = old[key].get(name) or [None] * 3, new[key].get(name) or [None] * 3
                lines.append(f"{key} {name}: {was[0]!r} ({was[2]}) -> {now[0]!r} ({now[2]})")
    return lines


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every turn's verdicts here (JSON lines)")
    parser.add_argument("--human", type=int, default=900, help="the human teacher's turns at the first N samples")
    parser.add_argument("--per-family", type=int, default=60, help="each degenerate family at the first N samples")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="list the turns whose verdicts two such files differ on")  # fmt: skip
    args = parser.parse_args()
    if args.compare:
        before, after = (_read(path) for path in args.compare)
        lines = differences(before, after)
        print("\n".join(lines) + f"\n{len(before):,} turns before, {len(after):,} after; {len(lines)} verdicts differ")
        return
    started = time.perf_counter()
    begin()
    records = snapshot(args.human, args.per_family)
    if args.out:
        args.out.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in records), encoding="utf-8")
    print(f"{len(records):,} turns, digest {digest(records)}, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
