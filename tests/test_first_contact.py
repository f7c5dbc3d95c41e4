"""A user's mistakes, run as a user runs them (`inspect eval`, `trtutor`, the training script, the benchmarks in a
subprocess): each stops with a non-zero exit and one clear message naming the problem and the fix, never a
traceback. Also what a first-time user relies on: log files found in an eval-set folder, help that shows defaults,
and the seed's `--bf16`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command as typed in a shell (the venv's `inspect` and `trtutor`), offline, with wide-enough output."""
    executable = BIN / command[0]
    argv = [str(executable) if executable.exists() else command[0], *command[1:]]
    # wide, so that Inspect's console never wraps a long temporary path in the middle of a file name
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "PWD": str(cwd), "COLUMNS": "200", **(env or {})}
    return subprocess.run(argv, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def assert_clear_error(result: subprocess.CompletedProcess, *phrases: str, stream: str = "any") -> str:
    """Non-zero exit, no traceback, a few lines at most, and the message (whitespace folded) says each phrase."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "Traceback" not in output, output[-3000:]
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) <= 8, output[-3000:]
    where = {"any": output, "stderr": result.stderr, "stdout": result.stdout}[stream]
    folded = " ".join(where.split())
    for phrase in phrases:
        assert phrase in folded, folded
    return folded


def assert_says(message: str, *phrases: str) -> None:
    """The message (whitespace folded) says each phrase: an error checked in-process, not through a command."""
    folded = " ".join(message.split())
    assert all(phrase in folded for phrase in phrases), folded


@pytest.fixture
def bad_files(tmp_path) -> dict[str, Path]:
    files = {
        "missing": tmp_path / "missing.csv",
        "missing_column": tmp_path / "columns.csv",
        "broken_json": tmp_path / "broken.json",
        "not_mathdial": tmp_path / "other.jsonl",
    }
    files["missing_column"].write_text("qid,question\n1,What is 2+2?\n")
    files["broken_json"].write_text('[{"qid": 1, ')
    files["not_mathdial"].write_text(json.dumps({"prompt": "hello", "completion": "hi"}) + "\n")
    return files


# --- inspect eval: task and model errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "phrases"),
    [
        ("missing", ["missing.csv: no such file"]),
        ("missing_column", ["columns.csv: missing column(s)", "a MathDial file needs qid, question"]),
        ("broken_json", ["broken.json, line 1: not valid JSON", "cut short"]),
        ("not_mathdial", ["other.jsonl", "missing column(s)"]),
    ],
)
def test_bad_data_file_is_one_message(bad_files, case, phrases):
    """A `UsageError`, which Inspect prints as one message and no traceback (the command-line test below)."""
    from trtutor.errors import UsageError
    from trtutor.tasks.socratic import socratic

    with pytest.raises(UsageError) as raised:
        socratic(judge="offline", data=str(bad_files[case]))
    assert_says(str(raised.value), *phrases)


def test_bad_data_file_on_the_command_line_is_one_message(bad_files):
    # each case of the test above through `inspect eval` printed its one message (4 runs of ~6 s): one stays
    result = run(["inspect", "eval", "tasks/socratic.py", "--model", "trtutor/human-teacher", "-T", "judge=offline",
                  "-T", f"data={bad_files['broken_json']}", "--limit", "1"])  # fmt: skip
    assert_clear_error(result, "broken.json, line 1: not valid JSON", "cut short")


@pytest.mark.parametrize(
    ("task", "command_shown"),
    [
        ("tasks/socratic.py", "inspect eval tasks/socratic.py --model <talker> --model-role grader="),
        ("tasks/mrbench.py", "inspect eval tasks/mrbench.py --model <talker> --model-role grader="),
        ("tasks/judge_agreement.py", "inspect eval tasks/judge_agreement.py --model none --model-role grader="),
    ],
)
def test_llm_judge_without_grader_says_how_to_bind_one_for_that_task(task, command_shown):
    model = "none" if "agreement" in task else "trtutor/human-teacher"
    if task != "tasks/socratic.py":  # the same check of every task: one through the command line, the others here
        from inspect_ai import eval

        from trtutor.errors import UsageError

        with pytest.raises(UsageError) as raised:
            eval(task, model=model, task_args={"judge": "llm"}, limit=1, display="none")
        assert_says(str(raised.value), "'grader' role", command_shown, "-T judge=offline")
        return
    result = run(["inspect", "eval", task, "--model", model, "-T", "judge=llm", "--limit", "1"])
    assert_clear_error(result, "'grader' role", command_shown, "-T judge=offline")


@pytest.mark.parametrize(
    ("model_args", "phrases"),
    [
        ([], ["needs -M tutor=NAME (no tutor given)", "GPT4, Gemini"]),
        (["-M", "tutor=Nope"], ["needs -M tutor=NAME (invalid tutor 'Nope')", "GPT4, Gemini"]),
    ],
)
def test_mrbench_replay_without_a_valid_tutor(model_args, phrases):
    if model_args:  # the same check with another tutor: here, not through the command line (~6 s a run)
        from inspect_ai.model import get_model

        from trtutor.errors import UsageError

        with pytest.raises(UsageError) as raised:
            get_model("trtutor/mrbench-replay", tutor=model_args[1].split("=")[1], memoize=False)
        assert_says(str(raised.value), *phrases)
        return
    result = run(["inspect", "eval", "tasks/mrbench.py", "--model", "trtutor/mrbench-replay", *model_args,
                  "-T", "judge=offline", "--limit", "1"])  # fmt: skip
    assert_clear_error(result, *phrases)


def test_interactive_without_student_role():
    result = run(["inspect", "eval", "tasks/interactive.py", "--model", "trtutor/human-teacher", "-T", "judge=offline",
                  "--limit", "1"])  # fmt: skip
    assert_clear_error(result, "'student' role", "--model-role student=")


def test_interactive_refuses_a_replayed_talker_instead_of_failing_every_sample():
    result = run(["inspect", "eval", "tasks/interactive.py", "--model", "trtutor/human-teacher", "--model-role",
                  "student=mockllm/model", "-T", "judge=offline", "--limit", "1"])  # fmt: skip
    assert_clear_error(
        result,
        "trtutor/human-teacher answers from each sample's recorded conversation",
        "cannot tutor a simulated student",
    )
    baseline = run(["inspect", "eval", "tasks/interactive.py", "--model", "trtutor/baseline", "-M", "strategy=empty",
                    "--model-role", "student=mockllm/model", "-T", "judge=offline", "--limit", "1"])  # fmt: skip
    assert_clear_error(baseline, "trtutor/baseline answers from each sample's recorded moment, not from the dialogue")


def test_missing_peft_adapter_folder_fails_at_once():
    # through the command line once: shaped like a hub id, looked for in the cache, the hub being offline here
    result = run(["inspect", "eval", str(REPO / "tasks" / "socratic.py"), "--model", "trtutor/peft/adapters/nope",
                  "-T", "judge=offline", "--limit", "1"], cwd=REPO)  # fmt: skip
    folded = assert_clear_error(result, "nope: no such adapter or model folder")
    assert "HF_HUB_OFFLINE" in folded


@pytest.mark.parametrize("name", ["./adapters/nope", "runs/adapters/nope"])
def test_a_path_shaped_adapter_name_is_looked_for_on_disk_only(name):
    from trtutor.adapters import AdapterError, check_model_exists

    with pytest.raises(AdapterError, match=f"^{re.escape(name)}: no such adapter or model folder \\(from "):
        check_model_exists(name, "adapter or model")


def test_unknown_peft_hub_model_when_the_hub_cannot_be_reached(monkeypatch):
    from trtutor.adapters import AdapterError, check_model_exists

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there: refused at once
    with pytest.raises(AdapterError, match="hub cannot be reached"):
        check_model_exists("someone/not-here", "adapter or model")


REWARD_MODEL = "eth-nlped/Qwen2.5-1.5B-pedagogical-rewardmodel"


def test_mathtutorbench_reward_model_offline_says_how_to_run_without_it(tmp_path):
    """The teacher-response tasks' default reward model comes from the hub: offline, one message names it and says
    `-T reward_model=none` (which then runs), or a local folder."""
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"mathdial_bridge-0000": "What do you think the first step is?"}))
    command = ["inspect", "eval", "tasks/mathtutorbench/scaffolding_generation.py", "--model", "trtutor/replay", "-M",
               f"outputs={outputs}", "--limit", "1"]  # fmt: skip
    empty_cache = {"HF_HOME": str(tmp_path / "hf")}  # a copy cached on this machine must not hide the error
    result = run(command, env=empty_cache)
    assert result.returncode == 1
    folded = assert_clear_error(result, f"pedagogical reward model {REWARD_MODEL}", "HF_HUB_OFFLINE is set",
                                "-T reward_model=none", "-T reward_model=FOLDER")  # fmt: skip
    assert f"folder here ({REPO})" in folded  # where the command ran, not the task's folder Inspect runs it from
    result = run([*command, "-T", "reward_model=none"], env=empty_cache)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "mathtutorbench_scorer" in result.stdout and "pedagogical_reward" not in result.stdout


def test_eval_adapters_mathtutorbench_reward_model_offline_before_any_talker(tmp_path):
    result = run(["trtutor", "eval-adapters", "--base", "nobody/no-base", "--engine", "peft", "--task",
                  "mathtutorbench", "--log-dir", str(tmp_path / "logs")],
                 env={"HF_HOME": str(tmp_path / "hf")})  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert_clear_error(result, f"error: pedagogical reward model {REWARD_MODEL}", "-T reward_model=none",
                       stream="stderr")  # fmt: skip
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "logs").exists()  # refused before any talker was planned or loaded


# --- trtutor commands -------------------------------------------------------------------------------------------


def test_generate_without_its_reasoner_context_file(tmp_path):
    result = run(["trtutor", "generate", "--reasoner-context", str(tmp_path / "contexts.jsonl"), "--output",
                  str(tmp_path / "dialogues.json")])  # fmt: skip
    assert result.returncode == 2
    assert_clear_error(result, "contexts.jsonl: no such file; expected reasoner contexts", stream="stderr")


def test_prepare_sft_with_a_missing_file_or_a_csv(tmp_path):
    missing = run(["trtutor", "prepare-sft", "--data", str(tmp_path / "dialogues.json"), "--output", str(tmp_path)])
    assert_clear_error(missing, "dialogues.json: no such file", "trtutor generate --output FILE", stream="stderr")
    csv = run(["trtutor", "prepare-sft", "--data", "trtutor/data/bundled/mathdial_test_dev.csv", "--output",
               str(tmp_path)])  # fmt: skip
    assert_clear_error(csv, "mathdial_test_dev.csv: not JSON", "trtutor generate", stream="stderr")


def test_check_data_is_one_line_too(bad_files):
    result = run(["trtutor", "check-data", str(bad_files["missing_column"])])
    assert result.returncode == 2
    assert_clear_error(result, "missing column(s)", stream="stderr")


@pytest.mark.skipif(sys.platform != "linux", reason="the CPU-only message")
def test_train_throughput_on_a_cpu_points_to_tiny():
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present: the 7B benchmark would run")
    result = run([sys.executable, "-m", "benchmarks.train_throughput"])
    assert_clear_error(result, "needs a CUDA GPU", "--tiny", stream="stderr")


def test_help_shows_defaults_and_allow_mixed_names_every_field():
    evals = run(["trtutor", "eval-adapters", "--help"]).stdout
    folded = " ".join(evals.split())
    for default in ("(default: vllm)", "(default: offline)", "(default: socratic)", "(default: 256)",
                    "(default: 32)", "(default: logs/eval-adapters)"):  # fmt: skip
        assert default in folded, folded
    board = " ".join(run(["trtutor", "leaderboard", "--help"]).stdout.split())
    assert "differ in task, data, judge, prompts, problems left out as trained on, or samples" in board


# --- training/sft_talker.py: the seed's flags --------------------------------------------------------------------


def test_seed_bf16_flag_parses_bare_and_with_a_value():
    pytest.importorskip("trl")
    from training.sft_talker import make_parser

    base = ["--model_name", "m", "--data_path", "d.jsonl", "--output_dir", "o", "--use_cpu"]
    parser = make_parser()
    for flags, expected in ((["--bf16"], True), (["--bf16", "true"], True), (["--bf16", "false"], False)):
        _, training, _ = parser.parse_args_and_config(args=[*base, *flags, "--per_device_train_batch_size", "2"])
        assert training.bf16 is expected and training.per_device_train_batch_size == 2


@pytest.mark.parametrize(
    ("flags", "phrase"),
    [
        (["--bf16"], "--bf16 needs a GPU"),
        (["--deepspeed", "training/deepspeed/zero2.json"], "needs --use_cpu"),
    ],
)
def test_training_without_a_gpu_says_what_to_change(flags, phrase, tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    arguments = ["--model_name", "Qwen/Qwen2.5-7B-Instruct", "--data_path", "sft/train.jsonl", "--output_dir",
                 str(tmp_path / "out"), *flags]  # fmt: skip
    if "--deepspeed" in flags:  # found while the flags are parsed, as `--bf16` below shows through the script (~12 s)
        from training.sft_talker import make_parser

        with pytest.raises(ValueError, match=re.escape(phrase)):
            make_parser().parse_args_and_config(args=arguments)
        return
    result = run([sys.executable, "training/sft_talker.py", *arguments], env={"PYTHONPATH": str(REPO)})
    assert result.returncode == 2
    assert_clear_error(result, phrase, stream="stderr")


# --- a leaderboard from an eval-set folder -----------------------------------------------------------------------
# (eval-adapters resuming, and `trtutor leaderboard` on its folder, run as the README's own commands:
# tests/test_readme_commands.py, sections "Predict, serve and evaluate adapters" and "Leaderboards")


def test_log_files_skip_inspect_bookkeeping_and_read_file_urls(tmp_path, monkeypatch):
    from trtutor.leaderboard import log_files
    from trtutor.leaderboard.logs import local_path

    log = tmp_path / "2026-01-01T00-00-00+00-00_socratic_abc.eval"
    log.write_bytes(b"")
    monkeypatch.setattr("inspect_ai.log.read_eval_log", lambda *args, **kwargs: None)  # listing, not reading, here
    for name in ("eval-set.json", "logs.json", "notes.json"):
        (tmp_path / name).write_text("{}")
    assert log_files([str(tmp_path)]) == [str(log)]
    assert local_path(log.as_uri()) == str(log)
    assert log_files([log.as_uri()]) == [str(log)]


# --- what a log and a table say about themselves ----------------------------------------------------------------


def test_task_metadata_says_which_count_it_holds():
    from inspect_ai import eval

    from trtutor.tasks.socratic import socratic

    [log] = eval(socratic(judge="offline", qids="6000025"), model="trtutor/human-teacher", limit=2,
                 display="none")  # fmt: skip
    assert log.status == "success"
    assert log.eval.metadata["samples_before_selection"] > 2 and log.results.total_samples == 2
    assert "samples" not in log.eval.metadata


def test_qids_as_the_command_line_gives_them_and_an_unknown_one_named():
    """`-T qids=6000025` arrives as an int, `-T "qids=[6000025,6000070]"` as a list of ints; an id no conversation
    has is an error naming it, not a silent skip."""
    from trtutor.errors import UsageError
    from trtutor.tasks.socratic import socratic

    one = {sample.metadata["qid"] for sample in socratic(judge="offline", qids=6000025).dataset}
    both = {sample.metadata["qid"] for sample in socratic(judge="offline", qids=[6000025, 6000070]).dataset}
    assert one == {"6000025"} and both == {"6000025", "6000070"}
    with pytest.raises(UsageError, match="no conversation has qid nonexistent"):
        socratic(judge="offline", qids="6000025,nonexistent")


@pytest.mark.parametrize(
    "written",
    [
        "submissions/offline/track1.zip",
        "adapters/talker-r16/adapter_config.json",
        "sft/train.jsonl",
        "predictions/r16.json",
        "contexts.jsonl",
        "logs/x.eval",
    ],
)
def test_what_the_readme_commands_write_in_the_checkout_is_ignored(written):
    result = subprocess.run(["git", "check-ignore", "-q", written], cwd=REPO)
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.returncode == 0, f"{written} is not in .gitignore"


def test_generate_and_prepare_sft_refuse_to_write_nothing(tmp_path):
    """After a mock reasoner every context failed: say so at `generate`, not two stages later at training."""
    contexts, dialogues = tmp_path / "contexts.jsonl", tmp_path / "dialogues.json"
    reason = run(["trtutor", "reason", "--model", "mockllm/model", "--output", str(contexts), "--limit", "3"])
    assert reason.returncode == 0, reason.stderr[-2000:]
    result = run(["trtutor", "generate", "--reasoner-context", str(contexts), "--output", str(dialogues)])
    assert result.returncode == 2 and not dialogues.exists()
    assert_clear_error(result, "no teacher turn has a usable reasoner context", "a mock model", stream="stderr")
    dialogues.write_text("[]")
    result = run(["trtutor", "prepare-sft", "--data", str(dialogues), "--output", str(tmp_path / "sft")])
    assert result.returncode == 2 and not (tmp_path / "sft").exists()
    assert_clear_error(result, "no dialogues, so no SFT examples", stream="stderr")
