"""The README's commands as they run here, offline, and a runner that runs them side by side.

`OFFLINE` says how each README command runs here: the same command, with the tiny talker for
`Qwen/Qwen2.5-7B-Instruct`, the local fake OpenAI-compatible server (benchmarks/fake_openai_server.py) behind
`openai/...` models, the CPU for `--bf16`, a `--limit` where the README runs a whole data set, and two training
steps without gradient accumulation where the README trains for real; or why it cannot
run here (a GPU, vLLM, installing packages). `tests/test_readme_commands.py` fails for a README command missing from
the table, so a command added to the README is either run or excused, and one per README section for a command
that breaks. The runner starts with the test session (`tests/conftest.py`) and runs beside the other tests.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FAKE_TALKER = "openai/gpt-4o-mini"  # answered by the fake server: a tutor turn (a judge verdict when asked for one)
TRAIN_FLAGS = "--model_name {tiny} --data_path sft/train.jsonl --use_cpu --max_steps 2 --model_max_length 1024"
EVAL_ADAPTERS = ("trtutor eval-adapters --base {tiny} --adapter r16=adapters/talker-r16 "
                 "--adapter r64=adapters/talker-r64 --judge llm --grader openai/gpt-4o --log-dir logs/talker-rank "
                 "--out results/talker-rank --engine peft --limit 2 --max-tokens 16")  # fmt: skip


@dataclass(frozen=True)
class NotHere:
    """A README command that cannot run on this machine, and where what it does is tested instead."""

    reason: str


@dataclass(frozen=True)
class Offline:
    """The README command as it runs here (shell syntax; `{tiny}`, `{agreement_log}` and `{judges_log_dir}` are
    filled in)."""

    command: str
    outside_repository: bool = False  # run where `trtutor/` is not a folder of the working directory


OFFLINE: dict[str, Offline | NotHere] = {
    "python3 -m venv .venv && . .venv/bin/activate": NotHere("CI's .ci/run makes and activates its own"),
    'pip install "torch==2.13.0" -e ".[train,dev]"': NotHere("CI's .ci/run runs it before these tests"),
    "pytest": NotHere("this test is part of it"),
    "inspect eval tasks/socratic.py --model trtutor/human-teacher -T judge=offline --limit 60": Offline(
        "inspect eval tasks/socratic.py --model trtutor/human-teacher -T judge=offline --limit 60"
    ),
    "inspect eval tasks/socratic.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o": Offline(
        "inspect eval tasks/socratic.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o --limit 3"
    ),
    "inspect eval tasks/socratic.py --model openai/gpt-4o-mini "
    "--model-role grader=openai/gpt-4o,openai/gpt-4.1,openai/gpt-4.1-mini": Offline(
        "inspect eval tasks/socratic.py --model openai/gpt-4o-mini "
        "--model-role grader=openai/gpt-4o,openai/gpt-4.1,openai/gpt-4.1-mini --limit 3"
    ),
    "inspect eval tasks/socratic.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o --cache --limit 20 "
    "--log-dir logs/paid": Offline(
        "inspect eval tasks/socratic.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o --cache --limit 3 "
        "--log-dir logs/paid"
    ),
    "inspect eval-retry logs/paid/<the interrupted log>.eval --log-dir logs/paid": NotHere(
        "needs an interrupted log: tests/test_benchmarks.py kills an eval with SIGKILL and resumes it with "
        "`inspect eval-retry` (benchmarks/faults.py)"
    ),
    "inspect eval tasks/mathtutorbench/mistake_location.py --model trtutor/replay "
    "-M outputs=tasks/mathtutorbench/examples/mistake_location_outputs.json --limit 20": Offline(
        "inspect eval tasks/mathtutorbench/mistake_location.py --model trtutor/replay "
        "-M outputs=tasks/mathtutorbench/examples/mistake_location_outputs.json --limit 20"
    ),
    "inspect eval tasks/socratic.py --model trtutor/baseline -M strategy=echo-student -T judge=offline --limit 60": (
        Offline(
            "inspect eval tasks/socratic.py --model trtutor/baseline -M strategy=echo-student -T judge=offline "
            "--limit 60"
        )  # fmt: skip
    ),
    "inspect eval trtutor/socratic --model trtutor/human-teacher -T judge=offline": Offline(
        "inspect eval trtutor/socratic --model trtutor/human-teacher -T judge=offline --limit 3",
        outside_repository=True,
    ),
    "inspect eval tasks/judge_agreement.py --model none -T judge=offline": Offline(
        # as written, every labelled response: the README publishes its figures and the shipped judge card is its card
        # (tests/test_readme_commands.py checks both)
        "inspect eval tasks/judge_agreement.py --model none -T judge=offline"
    ),
    "inspect eval tasks/judge_agreement.py --model none -T judge=llm --model-role grader=openai/gpt-4o-mini": Offline(
        "inspect eval tasks/judge_agreement.py --model none -T judge=llm --model-role grader=openai/gpt-4o-mini "
        "--limit 5"
    ),
    "trtutor agreement logs/<that log>.eval": Offline("trtutor agreement {agreement_log}"),
    # the section's logs: a folder gives its newest judge_agreement log of MRBench verdicts (not the MathDial one)
    "trtutor judge-card logs/<that log>.eval --out cards/my-judge.json": Offline(
        'trtutor judge-card "$INSPECT_LOG_DIR" --out cards/my-judge.json'
    ),
    "inspect eval tasks/judge_agreement.py --model none -T judge=llm --model-role grader=openai/gpt-4o "
    "--log-dir logs/agreement-gpt-4o": Offline(
        "inspect eval tasks/judge_agreement.py --model none -T judge=llm --model-role grader=openai/gpt-4o "
        "--log-dir logs/agreement-gpt-4o --limit 5"
    ),
    "trtutor judge-card logs/agreement-gpt-4o --out cards/gpt-4o.json": Offline(
        "trtutor judge-card logs/agreement-gpt-4o --out cards/gpt-4o.json"
    ),
    # the adapters' logs (eval-adapters, --grader openai/gpt-4o): the card of the same grader applies
    "trtutor leaderboard logs/talker-a logs/talker-b logs/human --judge-card cards/gpt-4o.json --out results/NAME": (
        Offline(
            "trtutor leaderboard logs/talker-rank --judge-card cards/gpt-4o.json --out results/CARD "
            '--reference "human teacher" '
            '&& grep -q "estimates of the rate expert annotators" results/CARD/leaderboard.md'
        )
    ),
    "inspect eval tasks/stress_test --model none -T judge=offline": Offline(
        "inspect eval tasks/stress_test --model none -T judge=offline -T families=empty,generic-question"
    ),
    "inspect eval tasks/stress_test --model none -T judge=llm --model-role grader=openai/gpt-4o-mini": Offline(
        "inspect eval tasks/stress_test --model none -T judge=llm --model-role grader=openai/gpt-4o-mini "
        "-T samples_per_family=2 -T families=empty,filler-okay"
    ),
    # the folder the README's judge commands logged to (its newest stress-test log: the LLM-judged one above)
    "trtutor stress-test logs": Offline("trtutor stress-test {judges_log_dir} | grep -q 'flags nothing here'"),
    "inspect eval tasks/mrbench.py --model trtutor/mrbench-replay -M tutor=GPT4 -T judge=offline -T rubric=mrbench": (
        Offline(
            "inspect eval tasks/mrbench.py --model trtutor/mrbench-replay -M tutor=GPT4 -T judge=offline "
            "-T rubric=mrbench --limit 5"
        )
    ),
    "inspect eval tasks/judge_agreement.py --model none -T judge=offline -T rubric=mrbench "
    "-T data=trtutor/data/bundled/mrbench_v3_devset_dev.json": Offline(
        "inspect eval tasks/judge_agreement.py --model none -T judge=offline -T rubric=mrbench "
        "-T data=trtutor/data/bundled/mrbench_v3_devset_dev.json --limit 10"
    ),
    "trtutor bea-submit --data trtutor/data/bundled/mrbench_v3_testset.json --judge offline "
    "--out submissions/offline": Offline(
        "trtutor bea-submit --data trtutor/data/bundled/mrbench_v3_testset.json --judge offline "
        "--out submissions/offline --limit 5"
    ),
    "inspect eval tasks/judge_agreement.py --model none -T data=trtutor/data/bundled/mathdial_test_dev.csv "
    "-T judge=offline": Offline(
        # as written, every held-out turn: the README publishes its figures (tests/test_readme_commands.py checks)
        "inspect eval tasks/judge_agreement.py --model none -T data=trtutor/data/bundled/mathdial_test_dev.csv "
        "-T judge=offline"
    ),
    "inspect eval tasks/mrbench.py --model trtutor/mrbench-replay -M tutor=GPT4 -T judge=offline": Offline(
        "inspect eval tasks/mrbench.py --model trtutor/mrbench-replay -M tutor=GPT4 -T judge=offline --limit 5"
    ),
    "inspect eval tasks/mrbench.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o": Offline(
        "inspect eval tasks/mrbench.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o --limit 3"
    ),
    "inspect eval tasks/interactive.py --model <talker> --model-role student=openai/gpt-4o-mini -T judge=offline": (
        Offline(
            f"inspect eval tasks/interactive.py --model {FAKE_TALKER} --model-role student=openai/gpt-4o-mini "
            "-T judge=offline --limit 1"
        )
    ),
    "inspect eval tasks/interactive.py --model <talker> --model-role student=openai/gpt-4o-mini "
    "--model-role grader=openai/gpt-4o": Offline(
        f"inspect eval tasks/interactive.py --model {FAKE_TALKER} --model-role student=openai/gpt-4o-mini "
        "--model-role grader=openai/gpt-4o --limit 1"
    ),
    "export OPENAI_API_KEY=...": NotHere("the tests set OPENAI_API_KEY and OPENAI_BASE_URL for the fake server"),
    "trtutor reason --data trtutor/data/bundled/mathdial_test_dev.csv --model openai/o3-mini --output contexts.jsonl": (
        Offline(
            "trtutor reason --data trtutor/data/bundled/mathdial_test_dev.csv --model openai/o3-mini "
            "--output contexts.jsonl --limit 200"
        )
    ),
    "trtutor reason --data trtutor/data/bundled/mathdial_test_dev.csv --model mockllm/model "
    "--output contexts-mock.jsonl": Offline(
        "trtutor reason --data trtutor/data/bundled/mathdial_test_dev.csv --model mockllm/model "
        "--output contexts-mock.jsonl --limit 300"
    ),
    "trtutor generate --data trtutor/data/bundled/mathdial_test_dev.csv --reasoner-context contexts.jsonl "
    "--output dialogues.json": Offline(
        "trtutor generate --data trtutor/data/bundled/mathdial_test_dev.csv --reasoner-context contexts.jsonl "
        "--output dialogues.json"
    ),
    "trtutor prepare-sft --data dialogues.json --output sft/": Offline(
        "trtutor prepare-sft --data dialogues.json --output sft/"
    ),
    "inspect eval tasks/socratic.py --model <talker> -T reasoner_context=contexts.jsonl -T judge=offline": Offline(
        f"inspect eval tasks/socratic.py --model {FAKE_TALKER} -T reasoner_context=contexts.jsonl -T judge=offline "
        "--limit 3"
    ),
    "python training/sft_talker.py --model_name Qwen/Qwen2.5-7B-Instruct --data_path sft/train.jsonl "
    "--output_dir adapters/talker-r16 --bf16 --model_max_length 2048 --per_device_train_batch_size 2 "
    "--gradient_accumulation_steps 16 --lora_r 16": Offline(
        "python training/sft_talker.py --model_name {tiny} --data_path sft/train.jsonl "
        "--output_dir adapters/talker-r16 --use_cpu --model_max_length 1024 --per_device_train_batch_size 2 "
        "--gradient_accumulation_steps 1 --lora_r 16 --max_steps 2"
    ),
    "torchrun --nproc-per-node=2 training/sft_talker.py --model_name Qwen/Qwen2.5-7B-Instruct "
    "--data_path sft/train.jsonl --output_dir adapters/talker-r16-zero2 --bf16 --model_max_length 2048 "
    "--per_device_train_batch_size 2 --gradient_accumulation_steps 8 --lora_r 16 "
    "--deepspeed training/deepspeed/zero2.json": NotHere(
        "two GPUs; the same launch on CPU is tests/test_sft_talker.py::test_two_processes_on_cpu"
    ),
    "python -m training.tiny_model tiny-talker": Offline("python -m training.tiny_model tiny-talker"),
    "torchrun --nproc-per-node=2 training/sft_talker.py --model_name tiny-talker --data_path sft/train.jsonl "
    "--output_dir adapters/tiny-r16 --model_max_length 1024 --per_device_train_batch_size 2 --max_steps 2 "
    "--deepspeed training/deepspeed/zero2.json --use_cpu": NotHere(
        "this launch, --use_cpu and all, is tests/test_sft_talker.py::test_two_processes_on_cpu (run once)"
    ),
    "trtutor predict --adapter_path adapters/talker-r16 --test_json sft/test.jsonl "
    "--output_json predictions/talker-r16.json": Offline(
        "trtutor predict --adapter_path adapters/talker-r16 --test_json sft/test.jsonl "
        "--output_json predictions/talker-r16.json --limit 2 --max_new_tokens 16"
    ),
    "trtutor serve --base Qwen/Qwen2.5-7B-Instruct --adapter r16=adapters/talker-r16 --adapter r64=adapters/talker-r64 "
    "--vllm ~/vllm-env/bin/vllm [-- --max-model-len 4096]": NotHere(
        "vLLM needs a GPU; the command line it builds is tested in tests/test_predict_serve.py"
    ),
    "VLLM_BASE_URL=http://127.0.0.1:<port>/v1 inspect eval tasks/socratic.py --model vllm/Qwen/Qwen2.5-7B-Instruct,"
    "vllm/Qwen/Qwen2.5-7B-Instruct:r16,vllm/Qwen/Qwen2.5-7B-Instruct:r64 -T judge=offline": NotHere(
        "needs a vLLM server (GPU)"
    ),
    "inspect eval tasks/socratic.py --model trtutor/peft/adapters/talker-r16 -T judge=offline --max-tokens 256": (
        Offline(
            "inspect eval tasks/socratic.py --model trtutor/peft/adapters/talker-r16 -T judge=offline --max-tokens 16 "
            "--limit 2"
        )
    ),
    # Twice in the README with the same --log-dir: the second run resumes the first.
    "trtutor eval-adapters --base Qwen/Qwen2.5-7B-Instruct --adapter r16=adapters/talker-r16 "
    "--adapter r64=adapters/talker-r64 --judge llm --grader openai/gpt-4o --log-dir logs/talker-rank "
    "--out results/talker-rank": Offline(
        f"test -d adapters/talker-r64 || python training/sft_talker.py {TRAIN_FLAGS} --output_dir adapters/talker-r64 "
        f"--lora_r 64 --lora_alpha 128 && {EVAL_ADAPTERS}"
    ),
    'pip install -e ".[train]"': NotHere("installs packages"),
    "python -m venv ~/vllm-env && ~/vllm-env/bin/pip install vllm -e .": NotHere("installs vLLM (GPU)"),
    "python training/sft_talker.py --model_name Qwen/Qwen2.5-7B-Instruct --data_path sft/train.jsonl "
    "--output_dir adapters/talker-r16 --lora_r 16 --lora_alpha 32 --bf16 --per_device_train_batch_size 2 "
    "--gradient_accumulation_steps 16": NotHere(
        "the training command of 'Train the talker: LoRA SFT' (run there) with --lora_alpha 32; a second tiny run "
        "of it would test nothing new"
    ),
    "python training/sft_talker.py --model_name Qwen/Qwen2.5-7B-Instruct --data_path sft/train.jsonl "
    "--output_dir adapters/talker-r64 --lora_r 64 --lora_alpha 128 --bf16 --per_device_train_batch_size 2 "
    "--gradient_accumulation_steps 16": NotHere(
        "the training command of 'Train the talker: LoRA SFT' with --lora_r 64 --lora_alpha 128: trained so here, as "
        "the first eval-adapters command needs it"
    ),
    "~/vllm-env/bin/trtutor predict --adapter_path adapters/talker-r16 --test_json sft/test.jsonl "
    "--output_json predictions/r16.json": NotHere("vLLM's environment (GPU); predict's CPU backend runs above"),
    "trtutor serve --base Qwen/Qwen2.5-7B-Instruct --adapter r16=adapters/talker-r16 --adapter r64=adapters/talker-r64 "
    "--vllm ~/vllm-env/bin/vllm --port 8000": NotHere("vLLM needs a GPU; tested in tests/test_predict_serve.py"),
    "export VLLM_BASE_URL=http://127.0.0.1:8000/v1 OPENAI_API_KEY=...": NotHere(
        "a vLLM server (GPU); the tests use --engine peft and the fake server instead"
    ),
    "trtutor leaderboard logs/talker-a logs/talker-b logs/human logs/agreement --out results/NAME "
    '[--reference "human teacher"] [--prices prices.yaml]': Offline(
        # the README's example price table; the adapters (trtutor/peft) are left unpriced, as the README says
        "printf 'openai/gpt-4o:\\n  input: 2.50\\n  output: 10.00\\n  input_cache_write: 2.50\\n  "
        "input_cache_read: 1.25\\n' > prices.yaml && "
        'trtutor leaderboard logs/talker-rank {agreement_log} --out results/NAME --reference "human teacher" '
        "--prices prices.yaml"
    ),
    "inspect eval tasks/socratic.py --model <talker> --model-role grader=<judge> --max-connections 32 "
    "--max-samples 64 --no-log-realtime --no-score-display": Offline(
        f"inspect eval tasks/socratic.py --model {FAKE_TALKER} --model-role grader=openai/gpt-4o "
        "--max-connections 32 --max-samples 64 --no-log-realtime --no-score-display --limit 4"
    ),
    "trtutor check-data my_mathdial.csv": Offline("trtutor check-data trtutor/data/bundled/mathdial_test_dev.csv"),
}


# A section's commands use what the commands of these sections wrote (README headings, `## ` level).
GENERATE_SECTION = "Generate training data: reason, generate, prepare-sft"
TRAIN_SECTION = "Train the talker: LoRA SFT"
ADAPTERS_SECTION = "Predict, serve and evaluate adapters"
JUDGES_SECTION = "Are the judges right?"
SECTION_NEEDS: dict[str, tuple[str, ...]] = {
    TRAIN_SECTION: (GENERATE_SECTION,),
    ADAPTERS_SECTION: (GENERATE_SECTION, TRAIN_SECTION),
    "Leaderboards": (ADAPTERS_SECTION, JUDGES_SECTION),
}
# Independent sections run side by side, this many commands at a time (each is a process of its own).
CONCURRENT_COMMANDS = max(2, os.cpu_count() or 2)


def readme_sections() -> dict[str, list[str]]:
    """The README's shell commands by `## ` section, in order: `\\` continuations joined, comments dropped."""
    sections: dict[str, list[str]] = {}
    for part in re.split(r"^## ", (REPO / "README.md").read_text(), flags=re.MULTILINE)[1:]:
        heading, _, body = part.partition("\n")
        commands = sections.setdefault(heading.strip(), [])
        for block in re.findall(r"```bash\n(.*?)```", body, re.DOTALL):
            for line in re.sub(r"\\\n\s*", "", block).splitlines():
                line = re.sub(r"\s+#\s.*$", "", line).strip()
                if line and not line.startswith("#"):
                    commands.append(line)
    return {heading: commands for heading, commands in sections.items() if commands}


def readme_commands() -> list[str]:
    return [command for commands in readme_sections().values() for command in commands]


SECTIONS = readme_sections()


@contextmanager
def fake_openai_server() -> Iterator[str]:
    """The fake OpenAI-compatible server on a free loopback port, bounded in requests and time; yields its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.fake_openai_server", "--port", str(port), "--latency", "0",
         "--max-requests", "5000", "--max-seconds", "1800"], cwd=REPO,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the fake OpenAI server did not start") from None
                time.sleep(0.2)
        yield f"{url}/v1"
    finally:
        server.terminate()
        server.wait(30)


def readme_workdir(folder: Path) -> Path:
    """A working directory that looks like the repository's root (its folders linked), so outputs stay in tmp."""
    for name in ("tasks", "trtutor", "training", "prompts", "scorers", "benchmarks"):
        (folder / name).symlink_to(REPO / name, target_is_directory=True)
    return folder


def section_log_dir(work: Path, section: str) -> Path:
    """Each section's Inspect logs apart, so that sections running side by side never read each other's."""
    return work / "logs" / "inspect" / re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-")


def newest_agreement_log(work: Path) -> str:
    return newest_log(work, "judge-agreement")


def newest_log(work: Path, task: str) -> str:
    """The newest log of `task` (as Inspect names log files) that the README's judges section wrote."""
    logs = sorted(section_log_dir(work, JUDGES_SECTION).glob(f"*{task}*.eval"), key=lambda p: p.stat().st_mtime)
    assert logs, f"no {task} log yet"
    return str(logs[-1])


@dataclass
class SectionRun:
    """The commands of one README section as run here: the lines to print, and the failures."""

    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


class ReadmeRunner:
    """Every README section in a thread of its own, started at once: a section first waits for the sections it
    needs, then runs its commands in README order; at most CONCURRENT_COMMANDS commands run at a time."""

    def __init__(self, work: Path, env: dict[str, str], tiny: Path, outside: Path, sections: set[str]) -> None:
        self.work, self.env, self.tiny, self.outside = work, env, tiny, outside
        self.slots = threading.Semaphore(CONCURRENT_COMMANDS)
        wanted = set(sections)
        while needed := {n for s in wanted for n in SECTION_NEEDS.get(s, ())} - wanted:  # and what they need
            wanted |= needed
        self.runs = {section: SectionRun() for section in SECTIONS if section in wanted}
        self.threads = [threading.Thread(target=self._run_section, args=(section,), daemon=True)
                        for section in self.runs]  # fmt: skip
        for thread in self.threads:
            thread.start()

    def _run_section(self, section: str) -> None:
        run = self.runs[section]
        try:
            for needed in SECTION_NEEDS.get(section, ()):
                self.runs[needed].done.wait()
            for readme_command in SECTIONS[section]:
                plan = OFFLINE[readme_command]
                if isinstance(plan, NotHere):
                    run.lines.append(f"  excused  {readme_command}: {plan.reason}")
                    continue
                with self.slots:
                    self._run_command(plan, section, run)
        except Exception as error:  # noqa: BLE001 -- reported by the section's test, never lost in a thread
            run.failures.append(f"{type(error).__name__}: {error}")
        finally:
            # for the section's test in another test process (pytest-xdist), which reads it with ReadmeResults
            result = section_result_path(self.work, section)
            result.parent.mkdir(parents=True, exist_ok=True)
            partial = result.with_suffix(".partial")
            partial.write_text(json.dumps({"lines": run.lines, "failures": run.failures}))
            partial.rename(result)  # whole or absent: a reader never sees half a file
            run.done.set()

    def _run_command(self, plan: Offline, section: str, run: SectionRun) -> None:
        fields = {"tiny": shlex.quote(str(self.tiny))}
        if "{agreement_log}" in plan.command:
            fields["agreement_log"] = shlex.quote(newest_agreement_log(self.work))
        if "{judges_log_dir}" in plan.command:
            fields["judges_log_dir"] = shlex.quote(str(section_log_dir(self.work, JUDGES_SECTION)))
        command = plan.command.format(**fields)
        cwd = self.outside if plan.outside_repository else self.work
        env = {**self.env, "PWD": str(cwd), "INSPECT_LOG_DIR": str(section_log_dir(self.work, section))}
        started = time.monotonic()
        result = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                                timeout=900)  # fmt: skip
        run.lines.append(f"{time.monotonic() - started:6.1f} s  {command}")
        output = result.stdout + result.stderr
        if result.returncode != 0 or "Traceback" in output:
            run.failures.append(f"$ {command}\n(exit {result.returncode})\n{output[-2500:]}")

    def wait(self, section: str, timeout: float) -> SectionRun:
        if not self.runs[section].done.wait(timeout):
            raise TimeoutError(f"README section {section!r} did not finish in {timeout:.0f} s")
        return self.runs[section]

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=1800)


def section_result_path(work: Path, section: str) -> Path:
    """Where the runner writes what a section's commands did, once they are all done."""
    return work / "sections" / f"{section_log_dir(work, section).name}.json"


class ReadmeResults:
    """The README runner's results as a test process without the runner sees them: under pytest-xdist the runner
    runs in one worker (`tests/conftest.py`), and a section's test may run in another."""

    def __init__(self, work: Path) -> None:
        self.work = work

    def wait(self, section: str, timeout: float) -> SectionRun:
        path = section_result_path(self.work, section)
        deadline = time.monotonic() + timeout
        while not path.is_file():  # the runner writes it whole once the section is done
            if time.monotonic() > deadline:
                raise TimeoutError(f"README section {section!r} did not finish in {timeout:.0f} s")
            time.sleep(0.5)
        result = json.loads(path.read_text())
        run = SectionRun(lines=result["lines"], failures=result["failures"])
        run.done.set()
        return run
