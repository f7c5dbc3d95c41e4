"""`trtutor serve` stops its whole server process group on Ctrl-C or SIGTERM, workers included, and promptly.

A stand-in for `vllm` (a script given as `--vllm`) answers `/health` and, as vLLM does, runs a worker process; the
worker ignores SIGTERM, and the stand-in exits on SIGTERM without waiting for it: the case that leaves a GPU worker
behind when only the leader is waited for."""

from __future__ import annotations

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


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_trtutor_serve_stops_its_server_group_on_a_signal(fake_vllm, sig):
    serve = subprocess.Popen(
        [str(Path(sys.executable).parent / "trtutor"), "serve", "--base", "some/base", "--vllm", str(fake_vllm),
         "--timeout", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
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
