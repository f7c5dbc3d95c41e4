"""MathTutorBench conformance: every item, prompt, stop sequence, target, parsed output and metric of its nine tasks,
against the values its own code computes (`../shared/mtb_conformance/`, or `$TRTUTOR_MTB_CONFORMANCE`), directly
and through Inspect with `trtutor/replay`. Every output set of a fixture file is replayed, so a fuller fixture is
checked the same way."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from trtutor.errors import UsageError
from trtutor.mathtutorbench.benchmark import TASKS, compute_metrics, item_bleu, load_items, parse_response

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(os.environ.get("TRTUTOR_MTB_CONFORMANCE", REPO.parent / "shared" / "mtb_conformance"))
needs_fixture = pytest.mark.skipif(not FIXTURE.is_dir(), reason=f"no conformance fixture at {FIXTURE}")


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURE / f"{name}.json").read_text(encoding="utf-8"))


def close(a: dict[str, float], b: dict[str, float]) -> bool:
    return list(a) == list(b) and all(math.isclose(a[k], b[k], rel_tol=0, abs_tol=1e-9) for k in b)


@needs_fixture
@pytest.mark.parametrize("name", list(TASKS))
def test_items_prompts_and_targets_are_mathtutorbench_s(name):
    reference = fixture(name)
    items = load_items(name)
    assert len(items) == reference["n_test_examples_in_mtb"]
    for expected in reference["items"]:
        item = items[expected["mtb_index"]]
        assert item.id == expected["id"]
        assert item.prompt == expected["prompt"], item.id
        assert item.chat_messages == expected["chat_messages"], item.id
        assert item.stop == expected["stop"] and item.target == expected["target"], item.id
        assert json.loads(json.dumps(item.example)) == expected["example"], item.id


@needs_fixture
@pytest.mark.parametrize("name", list(TASKS))
def test_parsing_and_metrics_reproduce_mathtutorbench_to_1e_9(name):
    reference = fixture(name)
    kind = TASKS[name].kind
    ids = [item["id"] for item in reference["items"]]
    targets = [item["target"] for item in reference["items"]]
    for output_set in reference["output_sets"]:
        parsed = [parse_response(kind, output_set["outputs"][i]) for i in ids]
        assert [json.loads(json.dumps(p)) for p in parsed] == [output_set["parsed"][i] for i in ids]
        assert close(compute_metrics(kind, parsed, targets), output_set["metrics"]), output_set["name"]
        for item_id, expected in (output_set.get("per_item_bleu") or {}).items():
            target = targets[ids.index(item_id)]
            best = item_bleu(parse_response(kind, output_set["outputs"][item_id]), target)
            assert math.isclose((best or 0.0) / 100.0, expected, abs_tol=1e-9), item_id


@needs_fixture
@pytest.mark.slow
def test_replayed_through_inspect_every_metric_and_prompt_matches(tmp_path):
    """All nine tasks in one Inspect run with `trtutor/replay`: metrics to 1e-9, the prompt the model received."""
    from inspect_ai import eval

    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    for name in TASKS:  # one run per task: the StepVerify tasks share sample ids
        reference = fixture(name)
        for number, output_set in enumerate(reference["output_sets"]):
            replay = tmp_path / f"{name}-{number}.json"
            replay.write_text(json.dumps(output_set["outputs"]), encoding="utf-8")
            [log] = eval(mathtutorbench_task(name, None, "completion"), model="trtutor/replay",
                         model_args={"outputs": str(replay)}, limit=len(reference["items"]), display="none",
                         log_dir=str(tmp_path / "logs"))  # fmt: skip
            assert log.status == "success", log.error
            metrics = {key: value.value for key, value in log.results.scores[0].metrics.items()}
            assert close(metrics, output_set["metrics"]), (name, output_set["name"])
            by_id = {sample.id: sample for sample in log.samples}
            for item in reference["items"]:
                sample = by_id[item["id"]]
                assert sample.input[0].text == item["prompt"] and sample.input[0].role == "user"
                assert sample.output.completion == output_set["outputs"][item["id"]]


@needs_fixture
def test_chat_form_sends_mathtutorbench_s_system_message():
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    reference = fixture("mistake_location")["items"][0]
    sample = mathtutorbench_task("mistake_location", None, "chat").dataset[0]
    assert [{"role": m.role, "content": m.text} for m in sample.input] == reference["chat_messages"]


def test_replay_refuses_a_missing_or_broken_outputs_file(tmp_path):
    from trtutor.providers.replay import TrtutorModels

    with pytest.raises(UsageError, match="needs -M outputs="):
        TrtutorModels("replay")
    broken = tmp_path / "outputs.json"
    broken.write_text('{"gsm8k-main-test-0000": 18}')
    with pytest.raises(UsageError, match="outputs.json: the output of 'gsm8k-main-test-0000' is int"):
        TrtutorModels("replay", outputs=str(broken))


@pytest.mark.slow
def test_replay_names_a_sample_without_a_recorded_output(tmp_path):
    from inspect_ai import eval

    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    replay = tmp_path / "outputs.json"
    replay.write_text(json.dumps({"gsm8k-main-test-0000": "Final answer: 18"}))
    [log] = eval(mathtutorbench_task("problem_solving", None, "completion"), model="trtutor/replay",
                 model_args={"outputs": str(replay)}, limit=2, display="none", log_dir=str(tmp_path / "logs"),
                 fail_on_error=False)  # fmt: skip
    errors = {sample.id: sample.error.message for sample in log.samples if sample.error}
    assert list(errors) == ["gsm8k-main-test-0001"]
    assert "outputs.json: no recorded output for sample 'gsm8k-main-test-0001'" in errors["gsm8k-main-test-0001"]
    scored = next(sample for sample in log.samples if sample.id == "gsm8k-main-test-0000")
    assert scored.scores["mathtutorbench_scorer"].value == 1.0


def test_parsing_quirks_are_kept():
    """The original code's behaviours that the published numbers reflect (tasks/mathtutorbench/README.md)."""
    assert parse_response("problem_solving", "Final answer: 70,000") == "000"
    assert parse_response("problem_solving", "160-162") == "-162"
    assert parse_response("solution_correctness", "yesterday") is True
    assert parse_response("solution_correctness", "I do not know") is False
    assert parse_response("solution_correctness", "") is True
    assert parse_response("mistake_location", "no error") == 0
    assert parse_response("mistake_correction", "Final Answer: 20-10") is None
    assert compute_metrics("teacher_response", ["What is 3+4", "Well done.", "Can"], ["", "", ""]) == {"match": 2 / 3}


@needs_fixture
@pytest.mark.slow
def test_leaderboard_shows_the_nine_columns_with_intervals_and_the_published_rows(tiny_reward_model, tmp_path):
    from inspect_ai import eval

    from trtutor.cli import main as cli
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    for name, reward in (("problem_solving", None), ("mistake_location", None),
                         ("scaffolding_generation", str(tiny_reward_model))):  # fmt: skip
        (tmp_path / name).mkdir()
        replay = tmp_path / name / "mixed.json"  # one talker: the rows are named by the outputs file
        replay.write_text(json.dumps(fixture(name)["output_sets"][0]["outputs"]))
        [log] = eval(mathtutorbench_task(name, None, "completion", reward), model="trtutor/replay",
                     model_args={"outputs": str(replay)}, limit=20, display="none",
                     log_dir=str(tmp_path / "logs"))  # fmt: skip
        assert log.status == "success"
    assert cli(["leaderboard", str(tmp_path / "logs"), "--out", str(tmp_path / "board")]) == 0
    table = (tmp_path / "board" / "mathtutorbench.md").read_text()
    assert "| Problem Solving |" in table.replace("  ", " ") or "Problem Solving" in table
    row = next(line for line in table.splitlines() if line.startswith("| replay: mixed"))
    assert "0.500 [" in row and row.count("[") == 3  # three tasks run, each with its interval
    # 20 items of each task: said in the cell and under the table, as the published rows score all of it
    assert row.count("(20 of ") == 3 and "not comparable with the published rows" in table
    assert sum(line.startswith("|") and "published" in line for line in table.splitlines()) == 8
    import pandas as pd

    numbers = pd.read_csv(tmp_path / "board" / "mathtutorbench.csv")
    ours = numbers[numbers["source"] == "this run"].set_index("task")
    expected = fixture("mistake_location")["output_sets"][0]["metrics"]["f1_micro"]
    assert math.isclose(ours.loc["mistake_location", "value"], expected, abs_tol=1e-9)
    assert ours.loc["mistake_location", "ci_low"] <= expected <= ours.loc["mistake_location", "ci_high"]
    assert (ours["samples"] == 20).all() and (ours["items_in_task"] > 20).all()
    assert 0 <= ours.loc["scaffolding_generation", "value"] <= 1  # the reward model's win rate


@pytest.mark.slow
def test_eval_adapters_runs_all_nine_tasks_through_one_talker(tiny_talker, tiny_reward_model, tmp_path):
    from trtutor.cli import main as cli

    code = cli(["eval-adapters", "--base", str(tiny_talker), "--engine", "peft", "--task", "mathtutorbench", "--limit",
                "1", "--max-tokens", "4", "-T", f"reward_model={tiny_reward_model}", "--log-dir",
                str(tmp_path / "logs"), "--out", str(tmp_path / "board")])  # fmt: skip
    assert code == 0
    import pandas as pd

    numbers = pd.read_csv(tmp_path / "board" / "mathtutorbench.csv")
    ours = numbers[numbers["source"] == "this run"]
    assert set(ours["task"]) == set(TASKS) and set(ours["talker"]) == {tiny_talker.name}


@pytest.mark.slow
def test_corrected_reading_reports_under_its_own_names(tmp_path):
    """`reading=corrected` reads "Final answer: 70,000" as 70000 where MathTutorBench reads 000, and reports
    `accuracy_corrected`, never MathTutorBench's own names."""
    from inspect_ai import eval

    from trtutor.mathtutorbench.benchmark import load_items
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    items = [item for item in load_items("problem_solving") if float(item.target) >= 1000][:2]
    outputs = {
        items[0].id: f"Final answer: {int(float(items[0].target)):,}",  # MathTutorBench reads the last group
        items[1].id: f"Final answer: {items[1].target}. Check: 5 steps",
    }  # ... and the last number, 5
    replay = tmp_path / "outputs.json"
    replay.write_text(json.dumps(outputs))
    results = {}
    for reading in ("mathtutorbench", "corrected"):
        [log] = eval(mathtutorbench_task("problem_solving", None, "completion", reading=reading),
                     model="trtutor/replay", model_args={"outputs": str(replay)}, display="none",
                     sample_id=[item.id for item in items], log_dir=str(tmp_path / reading))  # fmt: skip
        results[reading] = {k: v.value for k, v in log.results.scores[0].metrics.items()}
    assert set(results["corrected"]) == {"accuracy_corrected"}
    assert results["corrected"]["accuracy_corrected"] == 1.0
    assert results["mathtutorbench"]["accuracy_strict-match"] == 0.0


def test_no_corrected_reading_where_the_parsing_is_kept():
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    with pytest.raises(UsageError, match="no corrected reading"):
        mathtutorbench_task("mistake_location", None, "completion", reading="corrected")


@needs_fixture
def test_the_completions_endpoint_receives_mathtutorbench_s_prompt_byte_for_byte(tmp_path):
    """`trtutor/completions/<model>` against a local OpenAI-compatible server: the raw prompt, stop sequences,
    temperature and token limit the server receives are MathTutorBench's, and the answer is parsed stripped."""
    pytest.importorskip("aiohttp")
    from inspect_ai import eval

    from benchmarks.judge_concurrency import FakeOpenAI
    from trtutor.tasks.mathtutorbench.common import mathtutorbench_task

    reference = fixture("student_solution_correctness")
    server = FakeOpenAI(0.0, max_requests=50, max_seconds=120)
    try:
        [log] = eval(mathtutorbench_task("student_solution_correctness", None, "completion"),
                     model="trtutor/completions/talker", model_base_url=f"{server.url}/v1", limit=3, display="none",
                     log_dir=str(tmp_path / "logs"))  # fmt: skip
        requests = server.stats()["completion_requests"]
    finally:
        server.stop()
    assert log.status == "success", log.error
    assert sorted(r["prompt"] for r in requests) == sorted(item["prompt"] for item in reference["items"][:3])
    assert all(r["stop"] == reference["items"][0]["stop"] and r["temperature"] == 0.0 and r["max_tokens"] == 2048
               for r in requests)  # fmt: skip
    # the server's text starts with a space and ends in a newline; MathTutorBench's client strips it, and so do we
    assert all(sample.output.completion == sample.output.completion.strip() != "" for sample in log.samples)


def test_the_completions_model_needs_a_server(monkeypatch):
    from trtutor.providers.completions import BASE_URL_VARIABLES, CompletionsModel

    for variable in BASE_URL_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(UsageError, match="--model-base-url"):
        CompletionsModel("talker")
