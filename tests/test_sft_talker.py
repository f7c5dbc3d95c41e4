"""training/sft_talker.py on a tiny Qwen2 talker built here: overfitting, the loss mask, resuming, history cut,
clear errors, and DeepSpeed ZeRO-2 under torchrun on CPU."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("trl")
pytest.importorskip("peft")

from training.sft_talker import (  # noqa: E402
    TalkerModelConfig,
    TalkerScriptArguments,
    TalkerSFTConfig,
    build_trainer,
    fit_to_length,
    main,
)
from trtutor.sft_data import read_sft_examples  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def args(model: Path, data: Path, out: Path, **overrides):
    training = {"output_dir": str(out), "max_steps": 30, "per_device_train_batch_size": 8, "learning_rate": 2e-2,
                "lora_dropout": 0.0, "use_cpu": True, "save_steps": 100, "seed": 0, "data_seed": 0}  # fmt: skip
    training.update(overrides)
    model_fields = {k: training.pop(k) for k in list(training) if k in ("lora_r", "lora_alpha", "lora_dropout")}
    script = TalkerScriptArguments(data_path=str(data), model_name=str(model), model_max_length=1024,
                                   overwrite=training.pop("overwrite", False))  # fmt: skip
    return script, TalkerSFTConfig(**training), TalkerModelConfig(**model_fields)


def test_overfits_eight_examples_and_the_adapter_reproduces_a_response(adapter, tiny_talker, sft_data):
    # the session's adapter (conftest.ADAPTER_TRAINING): the shared fixture is this script's output
    card = json.loads((adapter / "trtutor_adapter.json").read_text())
    losses = [entry["loss"] for entry in json.loads((adapter / "checkpoint-30" / "trainer_state.json").read_text())[
        "log_history"] if "loss" in entry]  # fmt: skip
    assert losses[-1] <= losses[0] / 10
    assert card["base_model"] == str(tiny_talker) and card["examples"] == 8 and card["lora"]["r"] == 16
    assert card["data_sha256"] and card["versions"]["trl"] and card["final_training_loss"] > 0

    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(adapter)
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_talker), adapter).eval()
    example = read_sft_examples(str(sft_data))[0].as_prompt_completion()
    prompt = tokenizer.apply_chat_template(example["prompt"], tokenize=False, add_generation_prompt=True)
    inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
    with torch.no_grad():
        generated = model.generate(**inputs, max_new_tokens=200, do_sample=False)
    text = tokenizer.decode(generated[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    assert text.strip() == example["completion"][0]["content"].strip()


def test_only_the_response_and_end_of_turn_are_supervised(tiny_talker, sft_data, tmp_path):
    trainer, _, _ = build_trainer(*args(tiny_talker, sft_data, tmp_path / "mask"))
    batch = trainer.data_collator([trainer.train_dataset[0]])
    labels, ids = batch["labels"][0], batch["input_ids"][0]
    supervised = ids[labels != -100]
    tokenizer = trainer.processing_class
    response = read_sft_examples(str(sft_data))[0].as_prompt_completion()["completion"][0]["content"]
    assert tokenizer.decode(supervised).strip() == response + "<|im_end|>" or tokenizer.decode(
        supervised
    ).strip().startswith(response)
    assert tokenizer.convert_tokens_to_ids("<|im_end|>") in supervised.tolist()
    prompt_part = tokenizer.decode(ids[labels == -100])
    assert "Conversation so far" in prompt_part and response not in prompt_part


def test_resume_continues_the_step_count_and_data_order(tiny_talker, sft_data, tmp_path):
    full = tmp_path / "full"
    main(*args(tiny_talker, sft_data, full, max_steps=8, save_steps=4, per_device_train_batch_size=2))
    # an interrupted run: only its checkpoint at step 4 survives
    resumed = tmp_path / "resumed"
    shutil.copytree(full / "checkpoint-4", resumed / "checkpoint-4")
    main(*args(tiny_talker, sft_data, resumed, max_steps=8, save_steps=4, per_device_train_batch_size=2,
               resume_from_checkpoint=str(resumed / "checkpoint-4")))  # fmt: skip

    def history(folder: Path) -> dict[int, float]:
        state = json.loads((folder / "checkpoint-8" / "trainer_state.json").read_text())
        return {entry["step"]: entry["loss"] for entry in state["log_history"] if "loss" in entry}

    assert json.loads((resumed / "checkpoint-8" / "trainer_state.json").read_text())["global_step"] == 8
    full_losses, resumed_losses = history(full), history(resumed)
    assert set(resumed_losses) >= {5, 6, 7, 8}
    for step in (5, 6, 7, 8):  # the same batches in the same order after the resume
        assert resumed_losses[step] == pytest.approx(full_losses[step], rel=1e-3)


def test_oldest_history_is_cut_never_the_response(tiny_talker, sft_data):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_talker)
    example = read_sft_examples(str(sft_data))[5].as_prompt_completion()
    response = example["completion"][0]["content"]
    full = len(
        tokenizer(tokenizer.apply_chat_template(example["prompt"] + example["completion"], tokenize=False))["input_ids"]
    )
    cut = fit_to_length(example, tokenizer, full - 20)
    assert cut is not None and cut["completion"][0]["content"] == response
    assert "(earlier turns omitted)" in cut["prompt"][0]["content"]
    original_history = example["prompt"][0]["content"].split("Conversation so far:\n")[1]
    assert original_history.split("\n")[-3] in cut["prompt"][0]["content"]  # the latest turns stay
    assert fit_to_length(example, tokenizer, 50) is None  # not even the prompt fits


def test_clear_errors(tiny_talker, sft_data, tmp_path, caplog, monkeypatch):
    bad = tmp_path / "data.csv"
    bad.write_text("a,b\n")
    with pytest.raises(ValueError, match="unknown SFT data format"):
        build_trainer(*args(tiny_talker, bad, tmp_path / "x"))
    with pytest.raises(ValueError, match="missing.jsonl: no such file; expected SFT data"):
        build_trainer(*args(tiny_talker, tmp_path / "missing.jsonl", tmp_path / "x"))
    no_template = tmp_path / "no-template"
    shutil.copytree(tiny_talker, no_template)
    (no_template / "chat_template.jinja").unlink()
    config = json.loads((no_template / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (no_template / "tokenizer_config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="no chat template"):
        build_trainer(*args(no_template, sft_data, tmp_path / "y"))
    # a mistyped model folder, or a hub id offline: the name and the fix, at once, not transformers' traceback about
    # repo ids after a minute of retries (a newcomer's walk, round 58)
    with pytest.raises(ValueError, match=r"no-such-model: no such base model folder \(from "):
        build_trainer(*args(str(tmp_path / "no-such-model"), sft_data, tmp_path / "w"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ValueError, match="nobody/no-such-model: no such base model folder here .*HF_HUB_OFFLINE"):
        build_trainer(*args("nobody/no-such-model", sft_data, tmp_path / "w"))
    taken = tmp_path / "taken"
    (taken / "checkpoint-50").mkdir(parents=True)
    with pytest.raises(ValueError, match="holds checkpoints of another run"):
        build_trainer(*args(tiny_talker, sft_data, taken))
    with caplog.at_level(logging.WARNING, logger="trtutor.sft_talker"):
        build_trainer(*args(tiny_talker, sft_data, tmp_path / "z", learning_rate=2e-5))
    assert "full fine-tuning rate" in caplog.text


def test_seed_alpaca_json_is_read(tmp_path):
    path = tmp_path / "train.json"
    path.write_text(json.dumps([{"instruction": "Be Socratic.", "input": '{"a": 1}', "output": "Why?"}]))
    [example] = [e.as_prompt_completion() for e in read_sft_examples(str(path))]
    assert example["prompt"][0]["content"] == 'Be Socratic.\n\n{"a": 1}'
    assert example["completion"] == [{"role": "assistant", "content": "Why?"}]


LAUNCHERS = {
    "torchrun-zero2": ["torchrun", "--nproc_per_node", "2"],
    "torchrun-zero3": ["torchrun", "--nproc_per_node", "2"],
    "accelerate-ddp": ["accelerate", "launch", "--num_processes", "2", "--cpu"],
}


@pytest.mark.slow
@pytest.mark.parametrize("launch", list(LAUNCHERS))
def test_two_processes_on_cpu(tiny_talker, sft_data, tmp_path, launch):
    command = LAUNCHERS[launch]
    command = [shutil.which(command[0]) or str(Path(sys.executable).parent / command[0]), *command[1:]]
    out = tmp_path / launch
    deepspeed = ["--deepspeed", f"training/deepspeed/{launch.rsplit('-', 1)[1]}.json"] if "zero" in launch else []
    result = subprocess.run(
        [*command, "training/sft_talker.py", "--model_name", str(tiny_talker), "--data_path", str(sft_data),
         "--output_dir", str(out), "--max_steps", "2", "--per_device_train_batch_size", "2",
         "--model_max_length", "1024", "--use_cpu", *deepspeed],
        cwd=REPO, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / "adapter_model.safetensors").is_file() and (out / "trtutor_adapter.json").is_file()
    assert json.loads((out / "trtutor_adapter.json").read_text())["examples"] == 8


@pytest.mark.slow
def test_deepspeed_without_a_gpu_under_torchrun_names_the_fix_once_and_as_the_root_cause(tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU, so DeepSpeed without --use_cpu is no mistake here")
    torchrun = shutil.which("torchrun") or str(Path(sys.executable).parent / "torchrun")
    # The flags are checked while they are parsed, so the model and data are never read: none are made.
    result = subprocess.run(
        [torchrun, "--nproc-per-node=2", "training/sft_talker.py", "--model_name", str(tmp_path / "never-loaded"),
         "--data_path", str(tmp_path / "never-read.jsonl"), "--output_dir", str(tmp_path / "out"),
         "--deepspeed", "training/deepspeed/zero2.json"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    line = "error: DeepSpeed on a machine without a GPU needs --use_cpu (it then runs on gloo)"
    output = result.stdout + result.stderr
    assert result.returncode != 0  # a mistake, not a run: scripts chained after it must stop
    # torchrun prints its own ChildFailedError block for any process that exits non-zero; its root cause, the last
    # thing on the screen, is the line (not a link about enabling tracebacks), and no rank prints a traceback.
    root_cause = output.split("Root Cause (first observed failure):")[-1]
    assert f"traceback : {line}" in root_cause, output[-3000:]
    assert "To enable traceback see" not in output and "ValueError" not in output
    assert [text for text in output.splitlines() if text.startswith("error: ")] in ([line], [])  # once, not per rank
    assert not (tmp_path / "out").exists()


def test_throughput_benchmark_runs_on_the_tiny_talker(tiny_talker):
    from benchmarks.train_throughput import run_config

    plain = run_config("plain", tiny_talker, False, steps=2, seq=256, batch=2, tiny=True)
    tuned = run_config("tuned", tiny_talker, True, steps=2, seq=256, batch=2, tiny=True)
    assert plain.tokens_per_second > 0 and tuned.tokens_per_second > 0
    assert tuned.settings["padding_free"] and not plain.settings["padding_free"]
    assert plain.mfu is None  # no GPU here
