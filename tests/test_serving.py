"""`trtutor serve` stops its whole server process group on Ctrl-C or SIGTERM, workers included, and promptly.

A stand-in for `vllm` (a script given as `--vllm`) answers `/health` and, as vLLM does, runs a worker process; the
worker ignores SIGTERM, and the stand-in exits on SIGTERM without waiting for it: the case that leaves a GPU worker
behind when only the leader is waited for."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from trtutor.serving import group_members, stop_server

FAKE_VLLM = textwrap.dedent(
    """\
    import http.server, os, signal, subprocess, sys, threading
    port = int(sys.argv[sys.argv.index("--port") + 1])
    worker = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, "
                               "signal.SIG_IGN); print(flush=True); time.sleep(600)"], stdout=subprocess.PIPE)
    worker.stdout.readline()  # the worker ignores SIGTERM from here on

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", port), Health)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))  # the leader leaves at once, its worker not
    print(f"worker {worker.pid}", flush=True)
    server.serve_forever()
    """
)


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def fake_vllm(tmp_path: Path) -> Path:
    script = tmp_path / "vllm"
    script.write_text(f"#!{sys.executable}\n" + FAKE_VLLM)
    script.chmod(0o755)
    return script


def test_stop_server_kills_a_worker_that_outlives_its_leader(fake_vllm):
    process = subprocess.Popen([str(fake_vllm), "serve", "base", "--port", "0"], start_new_session=True,
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        worker = int(process.stdout.readline().split()[1])
        assert set(group_members(process.pid)) == {process.pid, worker}
        assert stop_server(process, grace=2)
        assert group_members(process.pid) == [] and process.returncode == 0
    finally:
        for pid in group_members(process.pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize(
    ("sig", "started_ignoring_sigint"),
    # a background job of a script starts with SIGINT ignored, which Python keeps unless told otherwise
    [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True)],
)
def test_trtutor_serve_stops_its_server_group_on_a_signal(fake_vllm, sig, started_ignoring_sigint):
    inherited = signal.signal(signal.SIGINT, signal.SIG_IGN if started_ignoring_sigint else signal.SIG_DFL)
    try:
        serve = subprocess.Popen(
            [str(Path(sys.executable).parent / "trtutor"), "serve", "--base", "some/base", "--vllm", str(fake_vllm),
             "--timeout", "120"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, inherited)
    group = None
    try:
        for line in serve.stdout:  # "ready: ... pid N. Ctrl-C stops it."
            if line.startswith("ready:"):
                group = int(line.split(", pid ")[1].split(".")[0])
                break
        assert group is not None, serve.stderr.read()
        _wait_for(lambda: len(group_members(group)) == 2, 30, "the server's worker")
        serve.send_signal(sig)
        assert serve.wait(60) == 0
        assert group_members(group) == [], "a process of the server's group is still running"
        assert "stopping the server" in serve.stderr.read()
    finally:
        if serve.poll() is None:
            serve.kill()
        for pid in group_members(group) if group else []:
            os.kill(pid, signal.SIGKILL)


# --- dry runs: the plan, printed without the engine -------------------------------------------------------------


def _adapter(folder: Path, base: str, rank: int = 64) -> Path:
    folder.mkdir(parents=True)
    (folder / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": base, "r": rank}))
    return folder


def test_dry_run_prints_the_vllm_plan_without_vllm_installed(tmp_path, monkeypatch, capsys):
    from trtutor.cli import main as cli

    base = "Qwen/Qwen2.5-7B-Instruct"
    adapter = _adapter(tmp_path / "r64", base)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no vllm on PATH
    code = cli(["serve", "--base", base, "--adapter", f"r64={adapter}", "--port", "8123", "--dry-run"])
    out = capsys.readouterr()
    assert code == 0, out.err
    lines = out.out.splitlines()
    assert lines[0].startswith(f"server: vllm serve {base} --host 127.0.0.1 --port 8123 --enable-lora")
    assert lines[1].startswith("note: vLLM not found (vllm on PATH)") and "--vllm" in lines[1]
    assert f"--model vllm/{base},vllm/{base}:r64" in out.out.split("evaluate with:")[1]
    # a --vllm that is not there is named as given
    code = cli(["serve", "--base", base, "--vllm", str(tmp_path / "no-vllm"), "--dry-run"])
    out = capsys.readouterr()
    assert code == 0 and out.out.startswith(f"server: {tmp_path / 'no-vllm'} serve {base}")
    assert f"vLLM not found ({tmp_path / 'no-vllm'})" in out.out
    # without --dry-run it is still an error, before anything starts
    assert cli(["serve", "--base", base, "--adapter", f"r64={adapter}"]) == 2
    assert capsys.readouterr().err.startswith("error: vLLM not found")


def test_dry_run_of_the_transformers_engine_merges_nothing(tmp_path, capsys):
    from trtutor.cli import main as cli

    base = "nobody/not-a-model"  # merging would load it: a dry run must not
    adapter = _adapter(tmp_path / "r16", base, rank=16)
    code = cli(["serve", "--base", base, "--adapter", f"r16={adapter}", "--engine", "transformers", "--merge-dir",
                str(tmp_path / "merged"), "--port", "8123", "--dry-run"])  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"note: would first merge r16 into {base}, under {tmp_path / 'merged'}" in out.out
    assert f"openai-api/transformers/{tmp_path / 'merged' / 'r16'}" in out.out
    assert not (tmp_path / "merged").exists()
