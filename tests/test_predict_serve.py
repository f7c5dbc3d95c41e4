"""Adapters after training: the base check, `trtutor predict`, `trtutor/peft`, `trtutor serve` (vLLM command lines,
and a real `transformers serve` on loopback) and `trtutor eval-adapters`, on a tiny talker trained here."""

from __future__ import annotations

import contextvars
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("peft")
pytest.importorskip("trl")

from trtutor.adapters import (  # noqa: E402
    Adapter,
    AdapterError,
    canonical_model_name,
    check_adapter_base,
    check_adapters,
    parse_adapter_spec,
    vllm_max_lora_rank,
)
from trtutor.cli import main as cli  # noqa: E402
from trtutor.serving import group_members  # noqa: E402
from trtutor.sft_data import read_sft_examples  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def fake_adapter(folder: Path, base: str, rank: int = 16, card_base: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": base, "r": rank}))
    if card_base is not None:
        (folder / "trtutor_adapter.json").write_text(json.dumps({"base_model": card_base}))
    return folder


# --- adapter cards and the base check -------------------------------------------------------------------------


def test_adapter_base_comes_from_the_card_and_a_wrong_base_is_refused(tmp_path):
    folder = fake_adapter(tmp_path / "r64", "Qwen/Qwen2.5-7B-Instruct", rank=64, card_base="Qwen/Qwen2.5-7B-Instruct")
    adapter = Adapter.from_path(folder)
    assert (adapter.name, adapter.base_model, adapter.rank) == ("r64", "Qwen/Qwen2.5-7B-Instruct", 64)
    check_adapter_base(adapter, "Qwen/Qwen2.5-7B-Instruct/")
    # a local snapshot of the same hub model is the same base
    check_adapter_base(adapter, "/hf/hub/models--Qwen--Qwen2.5-7B-Instruct/snapshots/a1b2c3")
    with pytest.raises(AdapterError, match=r"trained on base model 'Qwen/Qwen2.5-7B-Instruct', not on 'meta-llama"):
        check_adapter_base(adapter, "meta-llama/Llama-3.1-8B-Instruct")
    with pytest.raises(AdapterError, match="the card says base"):
        Adapter.from_path(fake_adapter(tmp_path / "torn", "Qwen/Qwen2.5-7B-Instruct", card_base="other/model"))
    with pytest.raises(AdapterError, match="not a PEFT adapter folder"):
        Adapter.from_path(tmp_path)
    with pytest.raises(AdapterError, match="no such adapter folder"):
        parse_adapter_spec(f"x={tmp_path / 'missing'}")
    with pytest.raises(AdapterError, match="NAME must be"):
        parse_adapter_spec(f"a b={folder}")
    assert parse_adapter_spec(f"socratic-r64={folder}").name == "socratic-r64"
    with pytest.raises(AdapterError, match="two adapters named r64"):
        check_adapters([adapter, adapter], "Qwen/Qwen2.5-7B-Instruct")
    assert canonical_model_name(str(tmp_path) + "/") == str(tmp_path.resolve())


def test_vllm_max_lora_rank_is_the_smallest_allowed_rank_that_fits(tmp_path):
    def with_rank(rank: int) -> Adapter:
        return Adapter.from_path(fake_adapter(tmp_path / f"r{rank}", "b", rank=rank))

    assert vllm_max_lora_rank([with_rank(8)]) == 8
    assert vllm_max_lora_rank([with_rank(8), with_rank(12)]) == 16
    assert vllm_max_lora_rank([with_rank(64), with_rank(16)]) == 64
    with pytest.raises(AdapterError, match="above vLLM's largest"):
        vllm_max_lora_rank([with_rank(1024)])


# --- vLLM: command lines and Inspect model strings from the cards (vLLM itself is not installed here) ------------


def test_vllm_serve_command_and_inspect_models_follow_the_adapter_cards(tmp_path, capsys):
    base = "Qwen/Qwen2.5-7B-Instruct"
    r16 = fake_adapter(tmp_path / "r16", base, rank=16, card_base=base)
    r64 = fake_adapter(tmp_path / "r64", base, rank=64, card_base=base)
    code = cli(["serve", "--base", base, "--adapter", f"socratic-r16={r16}", "--adapter", f"socratic-r64={r64}",
                "--vllm", sys.executable, "--port", "8123", "--dry-run", "--", "--max-model-len", "4096"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    server = out.splitlines()[0].removeprefix("server: ").split()
    assert server[:3] == [sys.executable, "serve", base]
    assert server[server.index("--lora-modules") + 1 : server.index("--lora-modules") + 3] == [
        f"socratic-r16={r16}",
        f"socratic-r64={r64}",
    ]
    assert "--enable-lora" in server and server[-2:] == ["--max-model-len", "4096"]
    assert server[server.index("--max-loras") + 1] == "2"  # vLLM's default, 1, would serve one adapter at a time
    assert server[server.index("--max-lora-rank") + 1] == "64"  # vLLM's default, 16, would refuse r64
    assert server[server.index("--host") + 1] == "127.0.0.1" and server[server.index("--port") + 1] == "8123"
    command = out.split("evaluate with:")[1].strip()
    assert command.startswith("VLLM_BASE_URL=http://127.0.0.1:8123/v1 inspect eval tasks/socratic.py ")
    assert f"--model vllm/{base},vllm/{base}:socratic-r16,vllm/{base}:socratic-r64" in command

    # an adapter trained on another base is refused before anything starts
    code = cli(["serve", "--base", "meta-llama/Llama-3.1-8B-Instruct", "--adapter", f"a={r16}", "--vllm",
                sys.executable, "--dry-run"])  # fmt: skip
    assert code == 2 and "was trained on base model 'Qwen/Qwen2.5-7B-Instruct'" in capsys.readouterr().err
    code = cli(["serve", "--base", base, "--adapter", f"a={r16}", "--vllm", str(tmp_path / "no-vllm")])
    assert code == 2 and "install it in its own environment" in capsys.readouterr().err


def test_eval_adapters_model_strings_for_vllm(tmp_path, monkeypatch):
    from trtutor.eval_adapters import EvalAdaptersConfig, plan_talkers, trained_problem_lists

    base = "Qwen/Qwen2.5-7B-Instruct"
    r16 = fake_adapter(tmp_path / "r16", base, rank=16, card_base=base)
    r32 = fake_adapter(tmp_path / "r32", base, rank=32, card_base=base)
    config = EvalAdaptersConfig(base, [f"a={r16}", f"b={r32}"], log_dir=str(tmp_path / "logs"))
    monkeypatch.setenv("VLLM_BASE_URL", "http://127.0.0.1:8000/v1")
    talkers = plan_talkers(config)
    assert [t.model for t in talkers] == ["trtutor/human-teacher", f"vllm/{base}", f"vllm/{base}:a", f"vllm/{base}:b"]
    assert talkers[-1].model_args == {"max_loras": 2, "max_lora_rank": 32}
    monkeypatch.delenv("VLLM_BASE_URL")
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object() if name == "vllm" else None)
    talkers = plan_talkers(config)  # Inspect starts vLLM itself: adapters by path, linked under their names
    assert talkers[2].model == f"vllm/{base}:{tmp_path / 'logs' / 'adapters' / 'a'}"
    assert (tmp_path / "logs" / "adapters" / "b").resolve() == r32.resolve()
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(ValueError, match="trtutor serve"):
        plan_talkers(config)
    with pytest.raises(AdapterError, match="was trained on base model"):
        plan_talkers(EvalAdaptersConfig("other/base", [f"a={r16}"], engine="peft"))
    # every talker's task gets every adapter's trained-problem list (and the user's), so rows share one sample set
    config.task_args = {"trained_problems": "mine.json"}
    assert trained_problem_lists(config) == ["mine.json", str(r16.resolve()), str(r32.resolve())]


def test_inspect_vllm_talker_with_an_adapter_of_another_base_is_refused_before_any_sample(tmp_path):
    from inspect_ai import eval

    from trtutor.tasks.socratic import socratic

    adapter = fake_adapter(tmp_path / "talker", "Qwen/Qwen2.5-7B-Instruct", card_base="Qwen/Qwen2.5-7B-Instruct")
    # Inspect's vllm/ provider starts its server lazily, so nothing is started while the task is refused. Run in a
    # copy of the context: eval() stopped while building a task leaves its active model set for later tests.
    with pytest.raises(AdapterError, match="was trained on base model 'Qwen/Qwen2.5-7B-Instruct', not on 'other/b"):
        contextvars.copy_context().run(eval, socratic, model=f"vllm/other/base:{adapter}",
                                       task_args={"judge": "offline"}, limit=1, display="none")  # fmt: skip


def test_predict_vllm_backend_builds_the_lora_request(tmp_path, sft_data, monkeypatch):
    """The vLLM offline backend, against a stand-in `vllm` module that records how it is called."""
    from trtutor.predict import DecodingSettings, PredictConfig, predict

    calls: dict = {}

    class LLM:
        def __init__(self, **kwargs):
            calls["llm"] = kwargs

        def chat(self, messages, params, lora_request=None, use_tqdm=False):
            calls.update(messages=messages, params=params, lora=lora_request)
            return [
                types.SimpleNamespace(outputs=[types.SimpleNamespace(text=f" turn {i} ")]) for i in range(len(messages))
            ]  # noqa: E501

    vllm = types.ModuleType("vllm")
    vllm.LLM, vllm.SamplingParams = LLM, lambda **kwargs: kwargs
    request = types.ModuleType("vllm.lora.request")
    request.LoRARequest = lambda name, number, path: (name, number, path)
    for name, module in (("vllm", vllm), ("vllm.lora", types.ModuleType("vllm.lora")), ("vllm.lora.request", request)):
        monkeypatch.setitem(sys.modules, name, module)
    folder = fake_adapter(tmp_path / "r32", "Qwen/Qwen2.5-7B-Instruct", rank=32)
    result = predict(PredictConfig(str(sft_data), str(tmp_path / "p.json"), str(folder), backend="vllm",
                                   decoding=DecodingSettings(max_new_tokens=64), limit=3))  # fmt: skip
    assert calls["llm"] == {"model": "Qwen/Qwen2.5-7B-Instruct", "seed": 0, "enable_lora": True, "max_loras": 1,
                            "max_lora_rank": 32}  # fmt: skip
    assert calls["lora"] == ("r32", 1, str(folder.resolve()))
    assert calls["params"] == {"temperature": 0.0, "top_p": 1.0, "max_tokens": 64, "seed": 0}
    assert calls["messages"] == [example.prompt for example in read_sft_examples(str(sft_data))[:3]]
    assert [p["prediction"] for p in result["predictions"]] == ["turn 0", "turn 1", "turn 2"]
    assert result["provenance"]["backend"] == "vllm" and result["provenance"]["adapter"]["lora_rank"] == 32


# --- the CPU path, end to end --------------------------------------------------------------------------------


def inspect_eval(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "inspect"), "eval", *args], cwd=REPO, text=True,
                          capture_output=True, timeout=300, env={**os.environ, **(env or {})})  # fmt: skip


def log_outputs(log_dir: Path) -> dict[str, str]:
    from inspect_ai.log import list_eval_logs, read_eval_log

    [info] = list_eval_logs(str(log_dir))
    log = read_eval_log(info)
    assert log.status == "success", log.error
    assert set(log.results.scores[0].metrics) >= {"mean", "stderr"}
    return {str(sample.id): sample.output.completion for sample in log.samples}


@pytest.mark.slow
def test_trained_adapter_is_predicted_and_evaluated_on_cpu(adapter, sft_data, tiny_talker, tmp_path):
    predictions = tmp_path / "predictions.json"
    code = cli(["predict", "--adapter_path", str(adapter), "--test_json", str(sft_data), "--output_json",
                str(predictions), "--max_new_tokens", "24", "--batch_size", "1"])  # fmt: skip
    assert code == 0
    written = json.loads(predictions.read_text())
    examples = read_sft_examples(str(sft_data))
    assert [p["id"] for p in written["predictions"]] == [e.id for e in examples]
    assert [p["reference"] for p in written["predictions"]] == [e.response for e in examples]
    assert all(p["prediction"] for p in written["predictions"])
    provenance = written["provenance"]
    assert provenance["backend"] == "transformers" and provenance["base_model"] == str(tiny_talker)
    assert provenance["adapter"]["weights_sha256"] and provenance["decoding"]["temperature"] == 0.0

    # the same talker through Inspect: trtutor/peft attaches the adapter; greedy, one sample per batch; on the
    # problems it was trained on, which the task keeps (flagged) only when told
    ids = [e.id for e in examples[:3]]
    result = inspect_eval("tasks/socratic.py", "--model", f"trtutor/peft/{adapter}", "-T", "judge=offline",
                          "-T", "include_judge_train=true", "-T", "allow_trained=true", "--sample-id",
                          ",".join(ids), "--max-tokens", "24", "--max-connections", "1", "--log-dir",
                          str(tmp_path / "logs"))  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    outputs = log_outputs(tmp_path / "logs")
    expected = {p["id"]: p["prediction"] for p in written["predictions"]}
    assert {i: outputs[i].strip() for i in ids} == {i: expected[i] for i in ids}

    # trained on the tiny base, so refused on any other
    from inspect_ai.model import get_model

    with pytest.raises(AdapterError, match="was trained on base model"):
        get_model(f"trtutor/peft/{adapter}", base_model=str(tmp_path), memoize=False)


@pytest.mark.slow
def test_served_talker_is_evaluated_through_the_openai_protocol(adapter, sft_data, tmp_path):
    """`trtutor serve --engine transformers` on a free loopback port, reached by `openai-api/transformers/...`."""
    serve = subprocess.Popen(
        [str(Path(sys.executable).parent / "trtutor"), "serve", "--engine", "transformers", "--base",
         str(json.loads((adapter / "trtutor_adapter.json").read_text())["base_model"]), "--adapter",
         f"talker-a={adapter}", "--device", "cpu", "--merge-dir", str(tmp_path / "merged"), "--timeout", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO,
    )  # fmt: skip
    group = None
    try:
        command = ""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and "inspect eval" not in command:
            line = serve.stdout.readline()
            assert line or serve.poll() is None, "trtutor serve exited before it was ready"
            command = line if "inspect eval" in line else command
            group = int(line.split(", pid ")[1].split(".")[0]) if line.startswith("ready:") else group
        env = dict(re.findall(r"(\w+_BASE_URL|\w+_API_KEY)=(\S+)", command))
        base_model, merged = re.search(r"--model (\S+)", command).group(1).split(",")
        assert merged == f"openai-api/transformers/{tmp_path / 'merged' / 'talker-a'}"
        assert env["TRANSFORMERS_BASE_URL"].startswith("http://127.0.0.1:")

        # the merged model answers as the adapter does (greedy), through the server's chat completions
        predictions = tmp_path / "p.json"
        cli(["predict", "--adapter_path", str(adapter), "--test_json", str(sft_data), "--output_json",
             str(predictions), "--max_new_tokens", "24", "--batch_size", "1", "--limit", "2"])  # fmt: skip
        expected = {p["id"]: p["prediction"] for p in json.loads(predictions.read_text())["predictions"]}

        result = inspect_eval("tasks/socratic.py", "--model", merged, "-T", "judge=offline", "-T",
                              "include_judge_train=true", "--sample-id", ",".join(expected), "--max-tokens", "24",
                              "--temperature", "0", "--log-dir", str(tmp_path / "logs"), env=env)  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        outputs = log_outputs(tmp_path / "logs")
        # transformers serve keeps special tokens in the text it returns
        assert {i: re.sub(r"<\|\w+\|>", "", outputs[i]).strip() for i in expected} == expected
    finally:
        serve.send_signal(signal.SIGINT)  # Ctrl-C: trtutor serve stops its server
        interrupted = time.monotonic()
        try:
            stopped = serve.wait(60)
            print(f"trtutor serve stopped {time.monotonic() - interrupted:.1f} s after SIGINT")
        except subprocess.TimeoutExpired:
            serve.kill()
            raise
    assert stopped == 0
    assert group is not None and group_members(group) == []  # no process of the server's group is left
    with pytest.raises(OSError):
        urllib.request.urlopen(env["TRANSFORMERS_BASE_URL"].removesuffix("/v1") + "/health", timeout=5)


@pytest.mark.slow
def test_eval_adapters_runs_base_adapter_and_human_teacher_into_one_leaderboard(adapter, tiny_talker, tmp_path):
    prices = tmp_path / "prices.json"  # prices no model of this run: the talkers that used tokens go unpriced
    prices.write_text(
        '{"openai/gpt-4o": {"input": 2.5, "output": 10, "input_cache_write": 2.5, "input_cache_read": 1.25}}'
    )
    code = cli(["eval-adapters", "--base", str(tiny_talker), "--adapter", f"talker-a={adapter}", "--engine", "peft",
                "--limit", "4", "--max-tokens", "12", "--log-dir", str(tmp_path / "logs"), "--out",
                str(tmp_path / "board"), "--prices", str(prices)])  # fmt: skip
    assert code == 0
    frame = json.loads((tmp_path / "board" / "provenance.json").read_text())
    table = (tmp_path / "board" / "leaderboard.csv").read_text()
    assert {"human teacher", "talker-a", tiny_talker.name} <= set(re.findall(r"^([^,]+),", table, re.MULTILINE))
    assert frame["judge"].startswith("offline") and len(list((tmp_path / "logs").glob("*.eval"))) == 3
    # the offline judges and the human teacher call no model; the adapter's tokens have no price
    cost = frame["cost"]["rows"]
    assert cost["human teacher"]["tokens_per_1k_turns"] == 0 and cost["human teacher"]["usd_per_1k_turns"] == 0
    assert cost["talker-a"]["talker_tokens_per_1k_turns"] > 0 and cost["talker-a"]["judge_tokens_per_1k_turns"] == 0
    assert cost["talker-a"]["usd_per_1k_turns"] is None and cost["talker-a"]["unpriced_models"][0].startswith(
        "trtutor/peft/"
    )
    # every row left out the adapter's training problems (eval-adapters names its list to each talker's task), so
    # the rows share one sample set
    from inspect_ai.log import read_eval_log

    logs = [read_eval_log(str(path), header_only=True) for path in (tmp_path / "logs").glob("*.eval")]
    counts = {log.eval.metadata["excluded_trained"]["count"] for log in logs}
    assert len(counts) == 1 and counts.pop() > 0 and frame["excluded_trained"].startswith("left out, list ")


def test_a_backend_or_device_this_machine_lacks_is_one_line_before_any_load(tiny_talker, sft_data, tmp_path, capsys,
                                                                             monkeypatch):  # fmt: skip
    """A newcomer's walk (round 58): `--backend vllm` without vLLM and `--device cuda` without CUDA ended in
    tracebacks (`ModuleNotFoundError`, torch's `AssertionError`) after the model began to load."""
    import importlib.util

    import torch
    from inspect_ai.model import get_model

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "vllm" else find_spec(name, *a))
    command = ["predict", "--base_model", str(tiny_talker), "--test_json", str(sft_data), "--output_json",
               str(tmp_path / "out.json")]  # fmt: skip
    for extra, said in ((["--backend", "vllm"], "--backend vllm: vLLM is not installed in this environment"),
                        (["--device", "cuda"], "--device cuda: this torch sees no CUDA GPU here")):  # fmt: skip
        assert cli([*command, *extra]) == 2
        error = capsys.readouterr().err
        assert error.startswith(f"error: {said}") and error.count("\n") == 1, error
    assert not (tmp_path / "out.json").exists()
    with pytest.raises(ValueError, match="-M device=cuda: this torch sees no CUDA GPU here"):
        get_model(f"trtutor/peft/{tiny_talker}", device="cuda", memoize=False)
