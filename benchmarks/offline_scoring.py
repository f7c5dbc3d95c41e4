"""Offline judges' speed: 1,000 tutor turns scored with judges already trained and cached (goal: at most 30 s on 2
cores), measured twice: the three scorers alone, and a whole `inspect eval` of `tasks/socratic.py` with
`trtutor/human-teacher` (the judges plus Inspect's own per-sample work and the log).

    python -m benchmarks.offline_scoring --turns 1000
    python -m benchmarks.offline_scoring --turns 1000 --rubric mrbench   # the eight MRBench dimensions' judges
"""

from __future__ import annotations

import argparse
import contextvars
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class ScoringTimes:
    turns: int
    train_or_load_seconds: float  # the first use: trains the judges, or reads them from the cache
    scorers_seconds: float
    eval_seconds: float


def run(turns: int = 1000, rubric: str = "trtutor") -> ScoringTimes:
    from inspect_ai import eval

    from benchmarks.degenerate_talkers import default_samples, score_talker
    from trtutor.tasks.socratic import socratic

    if rubric == "mrbench":
        return run_rubric(turns)
    started = time.perf_counter()
    samples = default_samples(turns)
    score_talker(samples[:1], lambda m, i: str(samples[i].target))  # trains or loads every judge once
    loaded = time.perf_counter()
    score_talker(samples, lambda m, i: str(samples[i].target))
    scored = time.perf_counter()
    with tempfile.TemporaryDirectory() as log_dir:
        task = socratic(judge="offline")
        run_eval = contextvars.copy_context().run  # eval() leaves its active model in the context
        [log] = run_eval(eval, task, model="trtutor/human-teacher", limit=turns, log_dir=log_dir, display="none",
                         log_realtime=False, score_display=False)  # fmt: skip
        assert log.status == "success", log.error
    evaluated = time.perf_counter()
    return ScoringTimes(len(samples), loaded - started, scored - loaded, evaluated - scored)


def run_rubric(turns: int) -> ScoringTimes:
    """The eight dimensions' offline judges: trained (or loaded) once, then a whole eval of `turns` samples."""
    from inspect_ai import eval

    from trtutor.scorers.offline.rubric_judges import rubric_judge_model
    from trtutor.scorers.rubric import ALL_DIMENSIONS, RUBRIC_DIMENSIONS
    from trtutor.tasks.socratic import socratic

    started = time.perf_counter()
    for dimension in ALL_DIMENSIONS:
        rubric_judge_model(RUBRIC_DIMENSIONS[dimension])
    loaded = time.perf_counter()
    with tempfile.TemporaryDirectory() as log_dir:
        task = socratic(judge="offline", rubric="mrbench")
        run_eval = contextvars.copy_context().run
        [log] = run_eval(eval, task, model="trtutor/human-teacher", limit=turns, log_dir=log_dir, display="none",
                         log_realtime=False, score_display=False)  # fmt: skip
        assert log.status == "success", log.error
        scored = log.results.scores[0].scored_samples if log.results else 0
    evaluated = time.perf_counter()
    return ScoringTimes(scored, loaded - started, float("nan"), evaluated - loaded)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--rubric", choices=["trtutor", "mrbench"], default="trtutor")
    args = parser.parse_args()
    times = run(args.turns, args.rubric)
    if args.rubric == "mrbench":
        print(f"{times.turns} turns: the eight dimensions' judges trained or loaded in "
              f"{times.train_or_load_seconds:.1f} s; the whole inspect eval {times.eval_seconds:.1f} s")  # fmt: skip
        return
    print(f"{times.turns} turns: judges trained or loaded in {times.train_or_load_seconds:.1f} s; the three scorers "
          f"{times.scorers_seconds:.1f} s ({1000 * times.scorers_seconds / times.turns:.1f} ms/turn); the whole "
          f"inspect eval {times.eval_seconds:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
