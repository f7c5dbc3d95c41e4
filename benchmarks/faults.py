"""Reliability under faults: LLM-judged `tasks/socratic.py` and `trtutor reason` against an endpoint that fails.

    python -m benchmarks.faults                       # 200 samples, 10 % transport faults, 5 % bad verdicts
    python -m benchmarks.faults --samples 40 --transport-faults 0.3 --bad-verdicts 0.2 --out results/x.json

Both run as real subprocesses on `benchmarks/fake_openai_server.py` (loopback; talker, grader and reasoner through
Inspect's `openai-api/bench/...` provider). Each is killed with SIGKILL once half its work is finished, then
resumed: the eval with `inspect eval-retry LOG` (run with `--cache`, so the talker's finished calls are answered
from Inspect's cache; the judge always caches), `trtutor reason` by running the same command again. Counted:

- samples (turns) expected, scored, unscored by reason, errored, lost, duplicated;
- paid calls (answers the server produced: whole, cut short, or held past the client's timeout) against the
  fault-free minimum (one talker and one grader call per sample; one reasoner call per turn);
- finished calls paid again after the kill (an answer delivered whole before it; goal 0), and calls in flight at
  the kill that had to be asked again (necessarily repaid);
- every bad verdict the server gave: unscored with its raw reply in the log, never a 0 or 1.

Without `--cache` a resumed eval repays the talker calls of samples that finished after the log's last flush;
`--no-cache` measures that.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.fake_openai_server import Faults
from benchmarks.judge_concurrency import SERVICE, FakeOpenAI, fake_openai
from benchmarks.progress import begin, step

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class ResumeFigures:
    """One killed and resumed run."""

    name: str
    expected: int  # samples (eval) or turns (reason)
    scored: int
    unscored: dict[str, int]  # reason -> samples
    errored: int
    lost: int
    duplicated: int
    paid_calls: int
    minimum_calls: int
    finished_before_kill: int  # calls answered whole before the kill
    repaid_finished: int  # ... of which paid again afterwards (goal 0)
    repaid_in_flight: int  # calls in flight at the kill, paid again
    faults: dict[str, int]
    bad_verdicts: int = 0  # bad verdicts the server gave
    bad_verdicts_unscored: int = 0  # ... found unscored in the log with their raw reply (goal: all)
    unexplained_unscored: int = 0  # unscored samples whose raw reply is no bad verdict (goal 0)
    wall_s: float = 0.0
    notes: list[str] = field(default_factory=list)
    comparison: bool = False  # run only to show what the goals guard against (no --cache): not held to them

    @property
    def goals_met(self) -> bool:
        return (
            self.lost == 0
            and self.duplicated == 0
            and self.errored == 0
            and self.repaid_finished == 0
            and self.bad_verdicts_unscored == self.bad_verdicts
            and self.unexplained_unscored == 0
        )


def _group_cpu_ticks(group: int) -> int:
    """CPU time (clock ticks) of every live process in a process group, from /proc."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == group:  # fields from the state on: state ppid pgrp ... utime stime (11, 12)
            ticks += int(fields[11]) + int(fields[12])
    return ticks


def _kill_when(server: FakeOpenAI, process: subprocess.Popen[bytes], done: Any, timeout: float,
               settle: float = 1.0) -> None:  # fmt: skip
    """Once `done()` holds, hold the server's answers, wait until the client has read and stored every answer sent
    and asked all it will (`settle` seconds with no request, no answer and no CPU time used by its processes), and
    SIGKILL its process group; then release.

    Without the hold, an answer sent but still unread in the client's socket at the kill would count as finished
    work paid again, a race no client can win; without the CPU condition, so would an answer read by a client that
    a loaded machine keeps waiting for the CPU. If the process ends first, nothing is killed."""
    deadline = time.monotonic() + timeout
    while not done() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    server.post("hold")
    ticks, quiet_since = _group_cpu_ticks(process.pid), time.monotonic()
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        now, used = time.monotonic(), _group_cpu_ticks(process.pid)
        if used != ticks:
            ticks, quiet_since = used, now
        if now - quiet_since >= settle and server.stats()["idle_seconds"] >= settle:
            break
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    server.post("release")


def _unscored(score: Any) -> bool:
    return isinstance(score.value, float) and math.isnan(score.value)


def _delivered(stats: dict[str, Any], model: str) -> set[str]:
    return {key for key in stats["delivered"] if key.startswith(f"{model}:")}


def _repaid(before: dict[str, Any], after: dict[str, Any]) -> tuple[int, int, int]:
    """Calls delivered before the kill, those paid again after it, and calls in flight at the kill paid after."""
    finished = set(before["delivered"])
    repaid = sum(after["paid"].get(key, 0) > before["paid"].get(key, 0) for key in finished)
    asked = {key for key, count in before["requests_by_prompt"].items() if count}
    in_flight = {key for key in asked - finished if after["paid"].get(key, 0) > before["paid"].get(key, 0)}
    return len(finished), repaid, len(in_flight)


def eval_under_faults(server: FakeOpenAI, folder: Path, samples: int, connections: int, attempt_timeout: int,
                      cache: bool = True) -> ResumeFigures:  # fmt: skip
    """LLM-judged `tasks/socratic.py`, killed half-way and resumed with `inspect eval-retry`."""
    from inspect_ai.log import read_eval_log

    from trtutor.tasks.socratic import socratic

    server.reset()
    log_dir = folder / "logs"
    env = {**os.environ, "INSPECT_CACHE_DIR": str(folder / "cache")}
    command = [str(BIN / "inspect"), "eval", "tasks/socratic.py", "--model", f"openai-api/{SERVICE}/talker",
               "--model-role", f"grader=openai-api/{SERVICE}/grader", "--limit", str(samples), "--max-connections",
               str(connections), "--attempt-timeout", str(attempt_timeout), "--log-dir", str(log_dir),
               "--display", "none", *(["--cache"] if cache else [])]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    _kill_when(server, process, lambda: len(_delivered(server.stats(), "grader")) >= samples // 2, timeout=600)
    before = server.stats()
    [killed_log] = log_dir.glob("*.eval")
    retry = subprocess.run([str(BIN / "inspect"), "eval-retry", str(killed_log), "--log-dir", str(log_dir),
                            "--display", "none"], cwd=REPO, env=env, capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - start
    if retry.returncode != 0:
        raise RuntimeError(f"inspect eval-retry failed: {retry.stderr[-2000:]}")
    after = server.stats()
    [log_file] = [path for path in log_dir.glob("*.eval") if path != killed_log]
    log = read_eval_log(str(log_file))
    expected = [sample.id for sample in list(socratic(judge="offline").dataset)[:samples]]
    ids = Counter((sample.id, sample.epoch) for sample in log.samples or [])
    unscored: Counter[str] = Counter()
    named_bad: set[str] = set()
    scored = errored = unexplained = 0
    for sample in log.samples or []:
        if sample.error:
            errored += 1
            continue
        reasons = {(s.metadata or {}).get("unscored_reason") for s in (sample.scores or {}).values() if _unscored(s)}
        if not reasons:
            scored += 1
            continue
        unscored[", ".join(sorted(map(str, reasons)))] += 1
        raws = {str((s.metadata or {}).get("raw_judge_reply", "")) for s in (sample.scores or {}).values()}
        found = {key for key in after["bad_verdicts"] if any(f"prompt {key}" in raw for raw in raws)}
        named_bad |= found
        unexplained += not found
    finished, repaid, in_flight = _repaid(before, after)
    return ResumeFigures(
        name=f"tasks/socratic.py, judge=llm ({'--cache' if cache else 'no --cache'})",
        comparison=not cache,
        expected=len(expected),
        scored=scored,
        unscored=dict(unscored),
        errored=errored,
        lost=len(set(expected) - {sample_id for sample_id, _ in ids}),
        duplicated=sum(count - 1 for count in ids.values()),
        paid_calls=sum(after["paid"].values()),
        minimum_calls=2 * len(expected),
        finished_before_kill=finished,
        repaid_finished=repaid,
        repaid_in_flight=in_flight,
        faults=after["faults"],
        bad_verdicts=len(after["bad_verdicts"]),
        bad_verdicts_unscored=len(named_bad),
        unexplained_unscored=unexplained,
        wall_s=wall,
        notes=[f"killed log: {killed_log.name} ({sum(before['delivered'].values())} answers delivered at the kill)"],
    )


def reason_under_faults(server: FakeOpenAI, folder: Path, turns: int, connections: int) -> ResumeFigures:
    """`trtutor reason`, killed half-way and resumed by running the same command again."""
    server.reset()
    output = folder / "contexts.jsonl"
    env = {**os.environ, "INSPECT_CACHE_DIR": str(folder / "reason-cache")}
    command = [str(BIN / "trtutor"), "reason", "--model", f"openai-api/{SERVICE}/reasoner", "--output", str(output),
               "--max-connections", str(connections), "--limit", str(turns)]  # fmt: skip

    def written() -> list[dict[str, Any]]:
        text = output.read_text(encoding="utf-8") if output.exists() else ""
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    _kill_when(server, process, lambda: output.exists() and output.read_text().count("\n") >= turns // 2,
               timeout=600)  # fmt: skip
    before = server.stats()
    resumed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if resumed.returncode != 0:
        raise RuntimeError(f"the resumed trtutor reason failed: {resumed.stderr[-2000:]}")
    after = server.stats()
    records = written()
    ids = Counter(record["sample_id"] for record in records)
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.turn_samples import turn_contexts

    expected = [c.sample_id for c in turn_contexts(load_conversations()[0], include_opening=True)[:turns]]
    statuses = Counter(record["status"] for record in records)
    finished, repaid, in_flight = _repaid(before, after)
    return ResumeFigures(
        name="trtutor reason",
        expected=len(expected),
        scored=statuses.pop("ok", 0),
        unscored=dict(statuses),
        errored=0,
        lost=len(set(expected) - set(ids)),
        duplicated=sum(count - 1 for count in ids.values()),
        paid_calls=sum(after["paid"].values()),
        minimum_calls=len(expected),
        finished_before_kill=finished,
        repaid_finished=repaid,
        repaid_in_flight=in_flight,
        faults=after["faults"],
        wall_s=wall,
    )


def run(samples: int = 200, turns: int = 200, transport_faults: float = 0.10, bad_verdicts: float = 0.05,
        seed: int = 7, latency: float = 0.2, connections: int = 16, attempt_timeout: int = 2,
        no_cache: bool = False) -> dict[str, Any]:  # fmt: skip
    """Every figure of the benchmark."""
    faults = Faults(transport_faults, bad_verdicts, seed, stall_seconds=2 * attempt_timeout + 1)
    budget = 600 + 4 * (samples + turns) * latency
    result: dict[str, Any] = {"faults": asdict(faults), "latency": latency, "connections": connections,
                              "attempt_timeout": attempt_timeout, "runs": []}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder, fake_openai(latency, 20 * (samples + turns) + 500, budget,
                                                              faults) as server:  # fmt: skip
        step(f"LLM-judged tasks/socratic.py, {samples} samples, killed half-way and resumed ...")
        runs = [eval_under_faults(server, Path(folder) / "eval", samples, connections, attempt_timeout)]
        if no_cache:
            step("the same without --cache ...")
            runs.append(eval_under_faults(server, Path(folder) / "eval-no-cache", samples, connections,
                                          attempt_timeout, cache=False))  # fmt: skip
        step(f"trtutor reason, {turns} turns, killed half-way and resumed ...")
        runs.append(reason_under_faults(server, Path(folder), turns, connections))
        step("done")
    result["runs"] = [asdict(figures) | {"goals_met": figures.goals_met} for figures in runs]
    return result


def report_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for figures in result["runs"]:
        lines.append(
            f"{figures['name']}: {figures['expected']} expected, {figures['scored']} scored, unscored "
            f"{figures['unscored'] or 0}, {figures['errored']} errored, {figures['lost']} lost, "
            f"{figures['duplicated']} duplicated; paid calls {figures['paid_calls']} (fault-free minimum "
            f"{figures['minimum_calls']}); finished before the kill {figures['finished_before_kill']}, paid again "
            f"{figures['repaid_finished']}; in flight at the kill and asked again {figures['repaid_in_flight']}; "
            f"bad verdicts {figures['bad_verdicts_unscored']} of {figures['bad_verdicts']} unscored with their "
            f"raw reply, {figures['unexplained_unscored']} other unscored; faults served {figures['faults']}; "
            f"{figures['wall_s']:.0f} s; "
            + ("a comparison, held to no goal (without --cache a finished call is paid again)"
               if figures.get("comparison") else f"goals {'met' if figures['goals_met'] else 'NOT met'}")
        )  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200, help="eval samples")
    parser.add_argument("--turns", type=int, default=200, help="trtutor reason turns")
    parser.add_argument("--transport-faults", type=float, default=0.10)
    parser.add_argument("--bad-verdicts", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--attempt-timeout", type=int, default=2, help="Inspect's --attempt-timeout (seconds)")
    parser.add_argument("--no-cache", action="store_true", help="also resume an eval run without --cache")
    parser.add_argument("--out", default=None, help="write the figures as JSON here")
    args = parser.parse_args()
    begin()
    result = run(args.samples, args.turns, args.transport_faults, args.bad_verdicts, args.seed, args.latency,
                 args.connections, args.attempt_timeout, args.no_cache)  # fmt: skip
    print("\n".join(report_lines(result)))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    sys.exit(0 if all(figures["goals_met"] or figures.get("comparison") for figures in result["runs"]) else 1)


if __name__ == "__main__":
    main()
