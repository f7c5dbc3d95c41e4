"""How long MathDial takes from a file to the turn samples of `tasks/socratic.py`, at the size of the full dataset.

    python -m benchmarks.data_loading --conversations 2900      # goal: under 5 s on 2 CPU cores

The full MathDial has about 2.9k conversations; the bundled dev CSV has 448, so it is repeated (each copy with its
own problem ids, so that nothing is a duplicate) into a CSV of the full size. Timed: reading and parsing the file,
the turn contexts, and building the task (samples with their prompts and metadata).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataTiming:
    conversations: int
    turn_samples: int
    load_s: float  # read and parse the CSV
    contexts_s: float  # turn contexts
    task_s: float  # tasks/socratic.py built from the file (load, samples, prompts, metadata)

    @property
    def total_s(self) -> float:
        return self.load_s + self.contexts_s


def synthesise_mathdial(path: Path, conversations: int) -> Path:
    """A MathDial CSV of `conversations` rows: the dev CSV repeated, each copy with new problem ids."""
    from trtutor.data.mathdial import bundled_dev_data

    with open(bundled_dev_data(), newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows, fields = list(reader), reader.fieldnames or []
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=fields)
        writer.writeheader()
        for index in range(conversations):
            row = dict(rows[index % len(rows)])
            row["qid"] = f"{row['qid']}{index // len(rows):02d}"  # a new problem id for every copy
            writer.writerow(row)
    return path


def run(conversations: int = 2900) -> DataTiming:
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.turn_samples import turn_contexts
    from trtutor.tasks.socratic import socratic

    with tempfile.TemporaryDirectory() as folder:
        path = synthesise_mathdial(Path(folder) / "mathdial_full.csv", conversations)
        start = time.perf_counter()
        loaded, report = load_conversations(path)
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        contexts = turn_contexts(loaded)
        contexts_s = time.perf_counter() - start
        if report.skipped:
            raise RuntimeError(f"{len(report.skipped)} rows skipped: {report.skip_counts}")
        start = time.perf_counter()
        socratic(data=str(path), judge="llm", include_judge_train=True)
        task_s = time.perf_counter() - start
    return DataTiming(len(loaded), len(contexts), load_s, contexts_s, task_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=2900)
    timing = run(parser.parse_args().conversations)
    print(f"{timing.conversations} conversations -> {timing.turn_samples} turn samples: load and parse "
          f"{timing.load_s:.2f} s, turn contexts {timing.contexts_s:.2f} s (total {timing.total_s:.2f} s); "
          f"tasks/socratic.py built from the file in {timing.task_s:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
