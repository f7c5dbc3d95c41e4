"""How long `trtutor leaderboard` takes: N talkers x M samples, from real Inspect logs to every output file.

    python -m benchmarks.leaderboard --talkers 10 --samples 1000     # goal: under 10 s on 2 CPU cores

One real evaluation writes a log of M samples (5 turns per conversation, three scorers, marked as judged by the
offline judges, so every cell is an estimate from their card); it is copied for each talker with its own model name
and its own known scores, so building the logs is not what is timed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SCORERS = ("socratic", "answer_leakage", "correctness")


@dataclass(frozen=True)
class LeaderboardTiming:
    talkers: int
    samples: int
    read_s: float
    build_s: float
    write_s: float

    @property
    def total_s(self) -> float:
        return self.read_s + self.build_s + self.write_s


def make_logs(folder: Path, talkers: int, samples: int, seed: int = 0) -> list[str]:
    """Write one log per talker with `samples` scored samples."""
    from inspect_ai import Task, eval
    from inspect_ai.dataset import Sample
    from inspect_ai.log import write_eval_log
    from inspect_ai.model import ModelOutput
    from inspect_ai.scorer import Score, Target, mean, scorer, stderr
    from inspect_ai.solver import Generate, TaskState, solver

    @solver
    def recorded_turn():  # noqa: ANN202 - an Inspect solver factory
        async def solve(state: TaskState, generate: Generate) -> TaskState:
            state.output = ModelOutput.from_content(model="recorded", content="What do you notice?")
            return state

        return solve

    def fixed(name: str):  # noqa: ANN202 - an Inspect scorer factory
        @scorer(metrics=[mean(), stderr()], name=name)
        def make():  # noqa: ANN202
            async def score(state: TaskState, target: Target) -> Score:
                return Score(value=1.0)

            return score

        return make()

    dataset = [
        Sample(id=f"c{i // 5}-t{i % 5}", input="x", target="y", metadata={"conversation_id": f"c{i // 5}"})
        for i in range(samples)
    ]
    from trtutor.scorers.offline.judges_version import JUDGES_VERSION

    # as the offline judges' logs say, so the table estimates annotators' rates from their card, as it does for users
    offline = {"judge": "offline", "offline_judges_version": JUDGES_VERSION}
    task = Task(dataset=dataset, solver=recorded_turn(), scorer=[fixed(name) for name in SCORERS], name="socratic",
                metadata=offline)  # fmt: skip
    [template] = eval(task, model="mockllm/model", display="none", log_dir=str(folder / "template"))
    rng = np.random.default_rng(seed)
    paths = []
    for talker in range(talkers):
        log = template.model_copy(deep=True)
        log.eval.model = f"mockllm/talker-{talker:02d}"
        log.eval.eval_id = log.eval.run_id = log.eval.task_id = f"benchmark-talker-{talker:02d}"
        rates = rng.uniform(0.2, 0.9, size=len(SCORERS))
        for index, sample in enumerate(log.samples or []):
            sample.uuid = f"benchmark-{talker:02d}-{index}"  # a copy is another run: its own sample uuids
            for name, rate in zip(SCORERS, rates, strict=True):
                sample.scores[name].value = float(rng.random() < rate)
        path = folder / f"talker-{talker:02d}.eval"
        write_eval_log(log, str(path))
        paths.append(str(path))
    return paths


def time_leaderboard(paths: list[str], out: Path) -> LeaderboardTiming:
    from trtutor.leaderboard import build_leaderboard, read_logs, write_leaderboard

    start = time.perf_counter()
    data = read_logs(paths)
    read = time.perf_counter()
    board = build_leaderboard(data)
    built = time.perf_counter()
    write_leaderboard(board, out)
    written = time.perf_counter()
    samples = len(data.samples) // max(1, data.samples["talker"].nunique())
    return LeaderboardTiming(len(board.frame), samples, read - start, built - read, written - built)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talkers", type=int, default=10)
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = make_logs(Path(folder), args.talkers, args.samples)
        timing = time_leaderboard(paths, Path(folder) / "board")
    print(
        f"leaderboard of {timing.talkers} talkers x {timing.samples} samples: {timing.total_s:.2f} s "
        f"(read logs {timing.read_s:.2f} s, statistics {timing.build_s:.2f} s, outputs {timing.write_s:.2f} s)"
    )


if __name__ == "__main__":
    main()
