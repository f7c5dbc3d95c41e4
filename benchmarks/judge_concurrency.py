"""How close LLM-judged `tasks/socratic.py` runs to the concurrency limit, against a server with a fixed latency.

    python -m benchmarks.judge_concurrency --samples 1000 --latency 1 --connections 32

The talker and the grader are both on `benchmarks/fake_openai_server.py` (127.0.0.1), reached through Inspect's
real `openai-api/bench/...` provider, each with `max_connections` C. Each sample makes two calls in a row (talker,
then judge), so with enough samples in flight both pools stay busy and the ideal wall time is N·L/C. Reported:
efficiency = ideal / wall (and over the active span, without start-up), judge calls per response, calls made when
the log is re-scored with the same judge, and the harness's CPU per sample against bare Inspect tasks on the same
server (one call per sample; and two, the same calls as the harness, with a trivial scorer). Each is run under
Inspect's default eval settings and under TRTutor's (`throughput_settings`: `max_samples` 2 x C so that both
connection pools stay busy, no realtime sample log, no live score display).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.fake_openai_server import NO_FAULTS, Faults
from benchmarks.progress import begin, step

SERVICE = "bench"


@dataclass
class RunFigures:
    """One evaluation against the fake server."""

    name: str
    samples: int
    latency: float
    connections: int
    max_samples: int
    wall_s: float
    cpu_s: float
    active_s: float
    requests: dict[str, int]
    peak_in_flight: dict[str, int]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ideal_s(self) -> float:
        return self.samples * self.latency / self.connections

    @property
    def efficiency(self) -> float:
        return self.ideal_s / self.wall_s

    @property
    def active_efficiency(self) -> float:
        return self.ideal_s / self.active_s if self.active_s else float("nan")

    @property
    def cpu_ms_per_sample(self) -> float:
        return 1000 * self.cpu_s / self.samples

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ideal_s": self.ideal_s, "efficiency": self.efficiency,
                               "active_efficiency": self.active_efficiency,
                               "cpu_ms_per_sample": self.cpu_ms_per_sample}  # fmt: skip


class FakeOpenAI:
    """The fake server in its own process (so its CPU is not the harness's), bounded in requests and time."""

    def __init__(self, latency: float, max_requests: int, max_seconds: float, faults: Faults = NO_FAULTS) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.fake_openai_server", "--port", str(self.port), "--latency",
             str(latency), "--max-requests", str(max_requests), "--max-seconds", str(max_seconds),
             "--transport-faults", str(faults.transport), "--bad-verdicts", str(faults.bad_verdicts), "--seed",
             str(faults.seed), "--stall-seconds", str(faults.stall_seconds)],
            cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/health", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the fake server did not start")

    def stats(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.url}/stats", timeout=10) as response:
            return json.loads(response.read())

    def post(self, action: str) -> None:
        """`reset` (zero the counters), `hold` (keep every answer waiting) or `release`."""
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/{action}", method="POST"), timeout=10)

    def reset(self) -> None:
        self.post("reset")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextmanager
def fake_openai(latency: float, max_requests: int, max_seconds: float = 900, faults: Faults = NO_FAULTS
                ) -> Iterator[FakeOpenAI]:  # fmt: skip
    """The server, with Inspect's `openai-api/bench/...` provider pointed at it."""
    server = FakeOpenAI(latency, max_requests, max_seconds, faults)
    saved = {name: os.environ.get(name) for name in ("BENCH_BASE_URL", "BENCH_API_KEY")}
    os.environ.update({"BENCH_BASE_URL": f"{server.url}/v1", "BENCH_API_KEY": "local"})
    try:
        yield server
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def timed_eval(server: FakeOpenAI, name: str, samples: int, latency: float, connections: int,
               settings: dict[str, Any], **eval_args: Any) -> tuple[RunFigures, Any]:  # fmt: skip
    """Run one `inspect_ai.eval` and measure its wall time, this process's CPU time and the server's counts."""
    from inspect_ai import eval

    server.reset()
    step(f"{name}: {samples} samples ...")
    wall, cpu = time.perf_counter(), time.process_time()
    [log] = eval(limit=samples, max_connections=connections, display="none", **settings, **eval_args)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    step(f"{name}: {wall:.1f} s")
    if log.status != "success":
        raise RuntimeError(f"{name}: {log.status} {log.error}")
    stats = server.stats()
    figures = RunFigures(name, samples, latency, connections, settings.get("max_samples", connections), wall, cpu,
                         stats["active_seconds"], stats["requests"], stats["peak_in_flight"],
                         {"settings": settings})  # fmt: skip
    return figures, log


def bare_task(samples: int, judge_calls: int) -> Any:
    """Bare Inspect on the same prompts: generate, and a scorer that makes `judge_calls` grader calls and parses
    nothing."""
    from inspect_ai import Task
    from inspect_ai.dataset import MemoryDataset
    from inspect_ai.model import get_model
    from inspect_ai.scorer import Score, Target, mean, scorer
    from inspect_ai.solver import TaskState, generate

    from trtutor.tasks.socratic import socratic

    dataset = list(socratic(judge="llm").dataset)[:samples]

    @scorer(metrics=[mean()])
    def trivial() -> Any:
        async def score(state: TaskState, target: Target) -> Score:
            for _ in range(judge_calls):
                await get_model(role="grader").generate(state.output.completion)
            return Score(value=1.0)

        return score

    return Task(dataset=MemoryDataset(dataset), solver=generate(), scorer=trivial())


def run(samples: int, latency: float, connections: int, log_dir: str | None = None, include_bare: bool = True,
        settings: tuple[str, ...] = ("Inspect defaults", "TRTutor settings")) -> dict[str, Any]:  # fmt: skip
    """Every figure of the benchmark, under Inspect's default eval settings and under TRTutor's
    (`trtutor.eval_adapters.throughput_settings`), harness and bare tasks alike."""
    import tempfile

    from inspect_ai import score
    from inspect_ai.model import get_model

    from trtutor.eval_adapters import throughput_settings
    from trtutor.scorers import answer_leakage, correctness, socratic
    from trtutor.tasks.socratic import socratic as socratic_task

    chosen = {"Inspect defaults": {}, "TRTutor settings": throughput_settings(connections)}
    log_dir = log_dir or tempfile.mkdtemp(prefix="judge-concurrency-")
    talker, grader = f"openai-api/{SERVICE}/talker", f"openai-api/{SERVICE}/grader"
    models = {"model": talker, "model_roles": {"grader": grader}, "log_dir": log_dir}
    result: dict[str, Any] = {"runs": []}
    # enough requests for every run, and a bound on time, so the server always stops by itself
    budget = 60 + 12 * len(settings) * samples * latency / connections
    # each run's judge cache lives in one folder removed at the end, and the caller's cache setting comes back
    caches = tempfile.TemporaryDirectory(prefix="judge-cache-")
    cache_before = os.environ.get("INSPECT_CACHE_DIR")

    def fresh_cache() -> None:
        os.environ["INSPECT_CACHE_DIR"] = tempfile.mkdtemp(dir=caches.name)

    try:
        with caches, fake_openai(latency, max_requests=10 * samples + 200, max_seconds=budget) as server:
            # warm up, untimed: imports and first-use work would otherwise be charged to whichever run comes first
            for task in (socratic_task(judge="llm"), bare_task(min(samples, 40), 1)):
                fresh_cache()
                timed_eval(server, "warm-up", min(samples, 40), latency, connections, {}, tasks=task, **models)
            for label in settings:
                eval_settings = chosen[label]
                # a fresh judge cache for each harness run (kept for its re-scoring): the previous run's would answer
                fresh_cache()
                name = f"harness: tasks/socratic.py, judge=llm ({label})"
                harness, log = timed_eval(server, name, samples, latency, connections, eval_settings,
                                          tasks=socratic_task(judge="llm"), **models)  # fmt: skip
                judged = [s for s in log.samples if not _nan(s.scores["socratic"].value)]
                harness.extra |= {"judge_calls_per_response": harness.requests.get("grader", 0) / samples,
                                  "scored_responses": len(judged)}  # fmt: skip
                server.reset()
                step(f"{name}: scored again from its log ...")
                score(log, [socratic("llm"), answer_leakage("llm"), correctness("llm")],
                      model_roles={"grader": get_model(grader)}, action="overwrite", display="none")  # fmt: skip
                harness.extra["calls_when_rescored"] = sum(server.stats()["requests"].values())
                runs = [harness]
                if include_bare:
                    for calls in (2, 1):
                        bare = f"bare Inspect, {calls} call(s) per sample ({label})"
                        figures, _ = timed_eval(server, bare, samples, latency, connections, eval_settings,
                                                tasks=bare_task(samples, calls - 1), **models)  # fmt: skip
                        runs.append(figures)
                    harness.extra |= {"cpu_vs_bare_same_calls": harness.cpu_s / runs[1].cpu_s,
                                      "cpu_vs_bare_one_call": harness.cpu_s / runs[2].cpu_s}  # fmt: skip
                result["runs"] += [r.as_dict() for r in runs]
    finally:
        if cache_before is None:
            os.environ.pop("INSPECT_CACHE_DIR", None)
        else:
            os.environ["INSPECT_CACHE_DIR"] = cache_before
    return result


def _nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    begin()
    result = run(args.samples, args.latency, args.connections)
    for figures in result["runs"]:
        print(f"{figures['name']}: wall {figures['wall_s']:.1f} s (ideal {figures['ideal_s']:.1f} s, efficiency "
              f"{figures['efficiency']:.2f}; {figures['active_efficiency']:.2f} without start-up), CPU "
              f"{figures['cpu_ms_per_sample']:.1f} ms/sample, requests {figures['requests']}, peak in flight "
              f"{figures['peak_in_flight']}, max_samples {figures['max_samples']}")  # fmt: skip
        if figures["extra"]:
            print(f"  {figures['extra']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
