"""`trtutor serve`: one OpenAI-compatible server for a base model and its talker adapters, and the `inspect eval`
command that reaches it.

- `--engine vllm` (default, GPU): `vllm serve BASE --enable-lora --lora-modules NAME=PATH ... --max-loras N
  --max-lora-rank R`, run from vLLM's own environment (vLLM pins its own torch and transformers). Inspect's `vllm/`
  provider reaches it through `VLLM_BASE_URL`, as `vllm/BASE` and `vllm/BASE:NAME`.
- `--engine transformers` (no GPU needed): each adapter is merged into a copy of the base (`merge_and_unload`),
  and `transformers serve` loads whichever model a request names. Inspect reaches it through its OpenAI-compatible
  provider, `openai-api/transformers/<merged folder>` with `TRANSFORMERS_BASE_URL`: the protocol vLLM speaks.

Every adapter is checked against the base before the server starts: an adapter trained on another base is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from trtutor.adapters import Adapter, check_adapters, parse_adapter_spec, vllm_max_lora_rank

Engine = Literal["vllm", "transformers"]
MERGED_MARKER = "trtutor_merged.json"


class ServeError(RuntimeError):
    """The server could not be started, or stopped before it was ready."""


@dataclass(frozen=True)
class ServePlan:
    """What `trtutor serve` runs, and how Inspect reaches it."""

    engine: Engine
    base: str
    adapters: list[Adapter]
    command: list[str]
    host: str
    port: int
    models: list[str]  # Inspect model strings: the base first, then one per adapter
    env: dict[str, str] = field(default_factory=dict)  # what `inspect eval` needs in its environment
    notes: list[str] = field(default_factory=list)  # a dry run's caveats: what is missing, what would be done first

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def inspect_command(self, task: str = "tasks/socratic.py", task_args: Sequence[str] = ("judge=offline",)) -> str:
        """The `inspect eval` command that evaluates the base and every adapter on this server."""
        env = " ".join(f"{name}={shlex.quote(value)}" for name, value in self.env.items())
        args = " ".join(f"-T {shlex.quote(arg)}" for arg in task_args)
        return f"{env} inspect eval {task} --model {shlex.quote(','.join(self.models))} {args}".strip()


def find_vllm(vllm: str | None) -> str:
    """The `vllm` executable: `--vllm`, else on PATH.

    Raises:
        ServeError: not found; the message says how to install it apart from TRTutor's environment.
    """
    found = shutil.which(vllm) if vllm else shutil.which("vllm")
    if found is None:
        raise ServeError(
            f"vLLM not found ({vllm or 'vllm on PATH'}). vLLM pins its own torch and transformers, so install it "
            "in its own environment (python -m venv ~/vllm-env && ~/vllm-env/bin/pip install vllm) and pass "
            "--vllm ~/vllm-env/bin/vllm; without a GPU use --engine transformers"
        )
    return found


def vllm_plan(
    base: str,
    adapters: list[Adapter],
    *,
    vllm: str = "vllm",
    host: str = "127.0.0.1",
    port: int = 8000,
    extra_args: Sequence[str] = (),
) -> ServePlan:
    """The `vllm serve` command for a base and its adapters, with the LoRA limits vLLM leaves too low by default:
    `--max-loras` (default 1: a batch would hold one adapter at a time) and `--max-lora-rank` (default 16)."""
    check_adapters(adapters, base)
    command = [vllm, "serve", base, "--host", host, "--port", str(port)]
    if adapters:
        command += ["--enable-lora", "--lora-modules", *(f"{a.name}={a.path}" for a in adapters)]
        command += ["--max-loras", str(len(adapters)), "--max-lora-rank", str(vllm_max_lora_rank(adapters))]
    command += list(extra_args)
    models = [f"vllm/{base}", *(f"vllm/{base}:{adapter.name}" for adapter in adapters)]
    return ServePlan("vllm", base, adapters, command, host, port, models, {"VLLM_BASE_URL": f"http://{host}:{port}/v1"})


def transformers_plan(
    base: str,
    adapters: list[Adapter],
    merged: dict[str, Path],
    *,
    transformers: str = "transformers",
    host: str = "127.0.0.1",
    port: int = 8000,
    device: str = "auto",
    extra_args: Sequence[str] = (),
) -> ServePlan:
    """`transformers serve` for the base and the merged adapters (`merged`: adapter name -> merged folder). The
    server loads the model a request names, which must be the exact path given here."""
    check_adapters(adapters, base)
    command = [transformers, "serve", "--host", host, "--port", str(port), "--device", device, *extra_args]
    models = [f"openai-api/transformers/{base}", *(f"openai-api/transformers/{merged[a.name]}" for a in adapters)]
    # The server checks no key, but Inspect's OpenAI-compatible provider wants one set.
    env = {"TRANSFORMERS_BASE_URL": f"http://{host}:{port}/v1", "TRANSFORMERS_API_KEY": "local"}
    return ServePlan("transformers", base, adapters, command, host, port, models, env)


def _merge_record(adapter: Adapter, base: str) -> dict[str, object]:
    return {"base_model": base, "adapter": adapter.provenance()}


def is_merged(adapter: Adapter, base: str, folder: str | Path) -> bool:
    """Whether `folder/<name>` already holds `adapter` merged into `base` (by the same weights)."""
    marker = Path(folder) / adapter.name / MERGED_MARKER
    return marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == _merge_record(adapter, base)


def merge_adapter(adapter: Adapter, base: str, folder: str | Path) -> Path:
    """The base model with `adapter` merged into its weights, saved (with the tokenizer) under `folder/<name>`.

    A folder already merged from the same adapter weights and base is reused.
    """
    target = Path(folder) / adapter.name
    record = _merge_record(adapter, base)
    marker = target / MERGED_MARKER
    if is_merged(adapter, base, folder):
        return target
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base, dtype="auto"), str(adapter.path))
    merged = model.merge_and_unload()
    if target.exists():
        shutil.rmtree(target)
    merged.save_pretrained(target)
    AutoTokenizer.from_pretrained(str(adapter.path) if adapter.has_tokenizer else base).save_pretrained(target)
    marker.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return target


def default_merge_dir(adapters: list[Adapter], base: str) -> Path:
    """`$TRTUTOR_CACHE_DIR/merged/<hash of base and adapter weights>`: one folder per set of adapters."""
    key = hashlib.sha256(json.dumps([base, *(a.weights_sha256() for a in adapters)]).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("TRTUTOR_CACHE_DIR", Path.home() / ".cache" / "trtutor"))
    return cache / "merged" / key


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until_healthy(plan: ServePlan, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll the server's `/health` until it answers 200.

    Raises:
        ServeError: the process ended first, or `timeout` seconds passed.
    """
    url = f"http://{plan.host}:{plan.port}/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"{plan.command[0]} exited with status {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise ServeError(f"{url} did not answer within {timeout:.0f} s")


def start_server(plan: ServePlan, timeout: float = 600) -> subprocess.Popen[bytes]:
    """Start the server in its own process group and wait until it is healthy (stopping it if it never is)."""
    process = subprocess.Popen(plan.command, start_new_session=True)
    try:
        wait_until_healthy(plan, process, timeout)
    except BaseException:
        stop_server(process)
        raise
    return process


def group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group `pgid`, read from /proc; where there is no /proc, the
    group's leader if it still exists."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return []
        return [pgid]
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while we looked
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after its last ")"
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _wait_for_group(process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Wait until the leader has exited (and is reaped) and no process of its group is left."""
    deadline = time.monotonic() + timeout
    while True:
        process.poll()
        if process.returncode is not None and not group_members(process.pid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def stop_server(process: subprocess.Popen[bytes], grace: float = 5) -> bool:
    """SIGTERM to the server's process group (vLLM runs worker processes), then SIGKILL to whatever of the group is
    left after `grace` seconds. Returns whether the whole group is gone.

    The grace is short on purpose: uvicorn's graceful shutdown waits for open keep-alive connections (an Inspect
    client's), so a longer wait only keeps a user's Ctrl-C from returning. The wait is on the group, not on the
    leader alone: a worker the leader leaves behind would keep its GPU memory."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:  # no process of the group is left
            process.poll()
            return _wait_for_group(process, 10)
        if _wait_for_group(process, wait):
            return True
    return False


def plan_from_args(
    engine: Engine,
    base: str,
    adapter_specs: Sequence[str],
    *,
    vllm: str | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    device: str = "auto",
    merge_dir: str | None = None,
    extra_args: Sequence[str] = (),
    dry_run: bool = False,
) -> ServePlan:
    """The plan for `trtutor serve`'s arguments; merges the adapters first for the transformers engine.

    A dry run needs neither the engine's executable nor the merged models: it plans with the command's name and the
    folders the merges would write, and says so in the plan's `notes`.

    Raises:
        AdapterError: an adapter that is missing, unnamed twice, or trained on another base.
        ServeError: the engine's executable is not found (unless `dry_run`).
    """
    adapters = [parse_adapter_spec(spec) for spec in adapter_specs]
    check_adapters(adapters, base)
    port = port or free_port(host)
    notes: list[str] = []
    if engine == "vllm":
        try:
            executable = find_vllm(vllm)
        except ServeError as error:
            if not dry_run:
                raise
            executable = vllm or "vllm"
            notes.append(str(error))
        plan = vllm_plan(base, adapters, vllm=executable, host=host, port=port, extra_args=extra_args)
        return replace(plan, notes=notes)
    # the `transformers` command of this environment first: it is the one with this transformers version
    transformers = shutil.which("transformers", path=str(Path(sys.executable).parent)) or shutil.which("transformers")
    if transformers is None:
        if not dry_run:
            raise ServeError("`transformers` command not found: pip install 'transformers[serving]'")
        transformers = "transformers"
        notes.append("`transformers` command not found: pip install 'transformers[serving]'")
    folder = Path(merge_dir) if merge_dir else default_merge_dir(adapters, base)
    if dry_run:  # merging loads the base model: a dry run only says where the merged models would go
        merged = {adapter.name: folder / adapter.name for adapter in adapters}
        unmerged = [adapter.name for adapter in adapters if not is_merged(adapter, base, folder)]
        if unmerged:
            notes.append(f"would first merge {', '.join(unmerged)} into {base}, under {folder}")
    else:
        merged = {adapter.name: merge_adapter(adapter, base, folder) for adapter in adapters}
    plan = transformers_plan(base, adapters, merged, transformers=transformers, host=host, port=port, device=device,
                             extra_args=extra_args)  # fmt: skip
    return replace(plan, notes=notes)
