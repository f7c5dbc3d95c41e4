"""How close `trtutor reason` runs to the concurrency limit, and what a kill -9 and resume costs, against a server
with a fixed latency.

    python -m benchmarks.reason_pipeline --latency 0.5 --connections 32          # all 2,759 dev teacher turns

`trtutor reason` runs as a real subprocess with `--model openai-api/bench/reasoner` on
`benchmarks/fake_openai_server.py`. Ideal wall time: turns x L / C. Then a second run is killed with SIGKILL
after `--kill-after` results and run again: the server's per-prompt counts say whether any turn finished before
the kill was asked again (goal: 0). A turn in flight at the kill is asked again by necessity, and is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.judge_concurrency import SERVICE, fake_openai
from benchmarks.progress import begin, step

# The fake server's reasoner writes the prompt's hash into the chain of thought.
_PROMPT_KEY = re.compile(r"prompt ([0-9a-f]{16}):")


@dataclass(frozen=True)
class ReasonFigures:
    turns: int
    latency: float
    connections: int
    wall_s: float
    active_s: float  # the server's first request to its last answer: the run without start-up
    requests: int
    finished_before_kill: int
    repeated_finished: int  # turns finished before the kill and asked again (goal 0)
    repeated_in_flight: int  # turns in flight at the kill, asked again
    resumed_requests: int

    @property
    def ideal_s(self) -> float:
        return self.turns * self.latency / self.connections

    @property
    def efficiency(self) -> float:
        return self.ideal_s / self.wall_s

    @property
    def active_efficiency(self) -> float:
        return self.ideal_s / self.active_s if self.active_s else float("nan")


def reason_command(output: Path, connections: int, limit: int | None) -> list[str]:
    command = [str(Path(sys.executable).parent / "trtutor"), "reason", "--model", f"openai-api/{SERVICE}/reasoner",
               "--output", str(output), "--max-connections", str(connections)]  # fmt: skip
    return command + (["--limit", str(limit)] if limit else [])


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def run(latency: float = 0.5, connections: int = 32, limit: int | None = None, kill_after: int | None = None
        ) -> ReasonFigures:  # fmt: skip
    """The full run, then the killed and resumed one; `limit` takes the first N teacher turns."""
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.turn_samples import turn_contexts

    turns = len(turn_contexts(load_conversations()[0], include_opening=True)[:limit])
    kill_after = kill_after or turns // 3
    with (
        tempfile.TemporaryDirectory() as folder,
        fake_openai(
            latency, max_requests=3 * turns + 100, max_seconds=120 + 6 * turns * latency / connections
        ) as server,
    ):  # noqa: E501
        env = {**os.environ, "INSPECT_CACHE_DIR": f"{folder}/cache-full"}
        full = Path(folder) / "full.jsonl"
        step(f"trtutor reason, {turns} turns ...")
        start = time.perf_counter()
        subprocess.run(reason_command(full, connections, limit), env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
        stats = server.stats()
        requests, active = sum(stats["requests"].values()), stats["active_seconds"]
        if len(lines(full)) != turns:
            raise RuntimeError(f"the full run wrote {len(lines(full))} of {turns} turns")

        server.reset()
        # its own cache: the full run's would answer every turn
        env["INSPECT_CACHE_DIR"] = f"{folder}/cache-resumed"
        resumed = Path(folder) / "resumed.jsonl"
        step(f"again, killed after {kill_after} turns, then resumed ...")
        process = subprocess.Popen(reason_command(resumed, connections, limit), env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        while len(lines(resumed)) < kill_after and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        finished = {_PROMPT_KEY.search(r["chain_of_thought"]).group(1) for r in lines(resumed)}  # type: ignore[union-attr]
        asked_before = sum(server.stats()["requests"].values())
        subprocess.run(reason_command(resumed, connections, limit), env=env, check=True, capture_output=True)
        stats = server.stats()
        repeated = {key.split(":", 1)[1] for key in stats["repeated_prompts"]}
        if len({r["sample_id"] for r in lines(resumed)}) != turns or len(lines(resumed)) != turns:
            raise RuntimeError("the resumed run lost or duplicated turns")
    return ReasonFigures(turns, latency, connections, wall, active, requests, len(finished), len(repeated & finished),
                         len(repeated - finished), sum(stats["requests"].values()) - asked_before)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--limit", type=int, default=None, help="only the first N teacher turns")
    parser.add_argument("--kill-after", type=int, default=None, help="kill the second run after N results")
    args = parser.parse_args()
    begin()
    figures = run(args.latency, args.connections, args.limit, args.kill_after)
    print(f"trtutor reason, {figures.turns} turns: wall {figures.wall_s:.1f} s (ideal {figures.ideal_s:.1f} s, "
          f"efficiency {figures.efficiency:.2f}; {figures.active_efficiency:.2f} without start-up), "
          f"{figures.requests} requests; killed after "
          f"{figures.finished_before_kill} results and resumed: {figures.repeated_finished} finished turns asked "
          f"again, {figures.repeated_in_flight} in-flight turns asked again, {figures.resumed_requests} requests "
          "in the resumed run")  # fmt: skip
    print(
        json.dumps(
            asdict(figures)
            | {
                "ideal_s": figures.ideal_s,
                "efficiency": figures.efficiency,
                "active_efficiency": figures.active_efficiency,
            }
        )
    )


if __name__ == "__main__":
    main()
