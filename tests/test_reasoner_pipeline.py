"""Stages 1-3 of the data pipeline with mockllm reasoners, on real MathDial rows: replies valid, malformed, with
thinking, and wrong; resuming after kill -9; keys never in outputs."""

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
from inspect_ai.model import ContentReasoning, ContentText, ModelOutput, ModelUsage, get_model

from tests.helpers import mock_output
from trtutor.cli import main
from trtutor.model_calls import MissingApiKeyError, ResultsFile
from trtutor.reasoner import ReasonConfig, parse_reasoner_reply, reason, summary_text

REPO = Path(__file__).resolve().parents[1]


def context_json(final_answer: str = "10") -> str:
    return json.dumps(
        {"chain_of_thought": "12 + 3 = 15, 15 - 5 = 10.", "belief_state": "Subtracts.", "final_answer": final_answer}
    )


def reasoner(replies):
    """A mockllm reasoner answering from a function of the prompt; counts its calls."""
    calls = []

    def reply(input, tools, tool_choice, config):
        calls.append(input[0].text)
        return replies(input)

    return get_model("mockllm/model", custom_outputs=reply), calls


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (context_json(), "10"),
        ("```json\n" + context_json("12") + "\n```", "12"),
        ("<think>Let me think... {not json}</think>\n" + context_json("7"), "7"),
        ('{"chain_of_thought": "c", "belief_state": "b", "final_answer": 10}', "10"),
    ],
)
def test_parse_reply(text, answer):
    assert parse_reasoner_reply(text).final_answer == answer


@pytest.mark.parametrize("text", ["no json here", '{"chain_of_thought": "c"}', '{"chain_of_thought": "c",'])
def test_parse_reply_errors(text):
    with pytest.raises(ValueError):
        parse_reasoner_reply(text)


def test_valid_malformed_thinking_and_wrong_answers(tmp_path):
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.turn_samples import turn_contexts
    from trtutor.reasoner import reasoner_prompt

    contexts = turn_contexts(load_conversations()[0], include_opening=True)[:12]
    never_valid, valid_on_retry = contexts[0].sample_id, contexts[1].sample_id
    wrong = {c.sample_id for c in contexts if c.conversation.qid == "6000044"}  # Carmen's desk: answer 350
    assert wrong
    sample_of_prompt = {reasoner_prompt(c): c.sample_id for c in contexts}
    thinking = ModelOutput.from_content(
        model="m", content=[ContentReasoning(reasoning="first I... {draft}"), ContentText(text=context_json("4"))]
    )
    thinking.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)

    def replies(input):
        sample = sample_of_prompt[input[0].text]
        if sample == never_valid:
            return mock_output("never valid")
        if sample == valid_on_retry and len(input) == 1:
            return mock_output("Sorry, here is my answer: not JSON")
        if sample in wrong:
            return thinking  # a reasoning model: thinking in its own content, and a wrong final answer
        return mock_output(context_json("<think>hmm</think>10" if len(input) == 1 else "10"))

    model, calls = reasoner(replies)
    output = tmp_path / "contexts.jsonl"
    summary = reason(
        ReasonConfig(None, "mockllm/model", str(output), limit=12, max_retries=2), model=model, progress=False
    )
    records = {r["sample_id"]: r for r in map(json.loads, output.read_text().splitlines())}
    assert set(records) == {c.sample_id for c in contexts}
    failed = records[never_valid]
    assert failed["status"] == "failed" and failed["raw"] == "never valid" and failed["attempts"] == 3
    retried = records[valid_on_retry]
    assert retried["status"] == "ok" and retried["attempts"] == 2 and retried["answer_correct"] is True
    assert all(records[s]["final_answer"] == "4" and records[s]["answer_correct"] is False for s in wrong)
    assert all("{draft}" not in r.get("chain_of_thought", "") for r in records.values())
    assert (summary.done, summary.failed) == (11, 1) and summary.input_tokens > 0
    assert len(calls) == 12 + 2 + 1  # 3 tries for the failure, 2 for the retry, 1 for each other
    assert "reasoner accuracy" in summary_text(summary, {})


def test_drop_incorrect_and_resume_skips_finished(tmp_path):
    model, calls = reasoner(lambda input: mock_output(context_json("999")))
    output = tmp_path / "contexts.jsonl"
    config = ReasonConfig(None, "mockllm/model", str(output), limit=6, drop_incorrect=True)
    first = reason(config, model=model, progress=False)
    assert first.done == 6 and len(calls) == 6
    assert {json.loads(line)["status"] for line in output.read_text().splitlines()} == {"incorrect"}
    # the task reads only usable contexts
    from trtutor.reasoner_context import load_reasoner_contexts

    assert load_reasoner_contexts(output) == {}
    # ... and says so, not "no turn samples left" (a newcomer's walk, round 58)
    from trtutor.errors import UsageError
    from trtutor.tasks.socratic import socratic

    with pytest.raises(UsageError, match=f"{output}: no usable reasoner context .* leave -T reasoner_context out"):
        socratic(judge="offline", reasoner_context=str(output))
    elsewhere = tmp_path / "elsewhere.jsonl"  # usable contexts of turns of another data file
    records = [json.loads(line) for line in output.read_text().splitlines()]
    elsewhere.write_text("".join(json.dumps({**r, "status": "ok", "sample_id": f"other-{r['sample_id']}"}) + "\n"
                                 for r in records))  # fmt: skip
    with pytest.raises(UsageError, match="none of its 6 reasoner contexts is for a teacher turn of .* another data"):
        socratic(judge="offline", reasoner_context=str(elsewhere))
    again = reason(ReasonConfig(None, "mockllm/model", str(output), limit=10, drop_incorrect=True), model=model,
                   progress=False)  # fmt: skip
    assert (again.skipped, again.done, len(calls)) == (6, 4, 10)
    assert len(output.read_text().splitlines()) == 10


def test_partial_last_line_is_dropped(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text('{"sample_id": "a", "status": "ok"}\n{"sample_id": "b", "sta')
    results = ResultsFile(path)
    assert set(results.finished) == {"a"}
    results.close()
    assert path.read_text() == '{"sample_id": "a", "status": "ok"}\n'


KILL_SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from inspect_ai.model import ModelOutput, ModelUsage, get_model
    from trtutor.reasoner import ReasonConfig, reason

    output, calls_file = sys.argv[1], sys.argv[2]

    async def reply(input, tools, tool_choice, config):
        with open(calls_file, "a") as calls:
            calls.write("call\\n")
        await asyncio.sleep(0.05)
        result = ModelOutput.from_content(model="m", content=json.dumps(
            {"chain_of_thought": "c", "belief_state": "b", "final_answer": "10"}))
        result.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
        return result

    model = get_model("mockllm/model", custom_outputs=reply)
    summary = reason(ReasonConfig(None, "mockllm/model", output, limit=80, max_connections=4), model=model,
                     progress=False)
    print(json.dumps({"done": summary.done, "skipped": summary.skipped}))
    """
)


def test_kill_9_at_several_points_loses_and_repays_nothing(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(KILL_SCRIPT)
    output, calls = tmp_path / "contexts.jsonl", tmp_path / "calls.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO), "INSPECT_CACHE_DIR": str(tmp_path / "cache")}
    finished_before = []
    for kill_after in (5, 30, 55):
        process = subprocess.Popen([sys.executable, str(script), str(output), str(calls)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.time() + 120
        while time.time() < deadline:
            lines = output.read_text().count("\n") if output.exists() else 0
            if lines >= kill_after or process.poll() is not None:
                break
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        finished_before.append(output.read_text().count("\n"))
    calls_before = calls.read_text().count("\n")
    result = subprocess.run([sys.executable, str(script), str(output), str(calls)], env=env, capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    ids = [json.loads(line)["sample_id"] for line in output.read_text().splitlines()]
    assert len(ids) == 80 and len(set(ids)) == 80  # nothing lost, nothing duplicated
    assert summary["skipped"] == finished_before[-1] and summary["done"] == 80 - finished_before[-1]
    # paid for no finished item again: the last run called the model only for the items not yet finished (fewer
    # when a reply reached Inspect's cache just before the kill but its line was never written)
    assert 0 < calls.read_text().count("\n") - calls_before <= 80 - finished_before[-1]
    assert finished_before == sorted(finished_before) and finished_before[0] >= 5


def test_missing_key_fails_before_any_work(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    output = tmp_path / "out.jsonl"
    with pytest.raises(MissingApiKeyError, match="OPENAI_API_KEY"):
        reason(ReasonConfig(None, "openai/o3-mini", str(output)), progress=False)
    assert not output.exists()
    assert main(["reason", "--model", "fireworks/accounts/fireworks/models/deepseek-r1", "--output", str(output)]) == 2
    assert "FIREWORKS_API_KEY" in capsys.readouterr().err


def test_keys_never_reach_outputs(tmp_path, monkeypatch):
    secret = "sk-test-SECRET-0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    monkeypatch.setenv("AUTHORIZATION", f"Bearer {secret}")
    # a reply that echoes the key and a header, as a misbehaving proxy might
    model, _ = reasoner(
        lambda input: mock_output(context_json().replace("Subtracts.", f"Authorization: Bearer {secret}"))
    )
    output = tmp_path / "contexts.jsonl"
    summary = reason(ReasonConfig(None, "openai/o3-mini", str(output), limit=3), model=model, progress=False)
    text = output.read_text() + summary_text(summary, {})
    assert secret not in text and "***" in text


def test_generate_and_prepare_sft_with_seed_flag_aliases(tmp_path, capsys):
    model, _ = reasoner(lambda input: mock_output(context_json()))
    contexts = tmp_path / "contexts.jsonl"
    reason(ReasonConfig(None, "mockllm/model", str(contexts), limit=60), model=model, progress=False)
    from trtutor.reasoner_context import load_reasoner_contexts

    assert len(load_reasoner_contexts(contexts)) == 60  # what tasks/socratic.py -T reasoner_context=... reads
    dialogues = tmp_path / "dialogues.json"
    assert main(["generate", "--solutions", str(contexts), "--output_json", str(dialogues)]) == 0
    records = json.loads(dialogues.read_text())
    assert len(records) == 60 and records[0]["reasoner_context"]["final_answer"] == "10"
    assert records[0]["teacher_response"] and records[0]["student_persona"].startswith("Mariana")
    assert (
        main(
            ["prepare-sft", "--input_dir", str(dialogues), "--output", str(tmp_path / "sft"), "--test-fraction", "0.3"]
        )
        == 0
    )
    train = [json.loads(line) for line in (tmp_path / "sft" / "train.jsonl").read_text().splitlines()]
    test = [json.loads(line) for line in (tmp_path / "sft" / "test.jsonl").read_text().splitlines()]
    assert len(train) + len(test) == 60 and test
    qid = {r["id"]: r["qid"] for r in records}
    assert not {qid[r["id"]] for r in train} & {qid[r["id"]] for r in test}  # no problem on both sides
    assert train[0]["prompt"][0]["role"] == "user" and train[0]["completion"][0]["role"] == "assistant"
    assert "Notes from the reasoner" in train[0]["prompt"][0]["content"]
    alpaca = json.loads((tmp_path / "sft" / "train_alpaca.json").read_text())
    assert set(json.loads(alpaca[0]["input"])) == {"student_persona", "reasoner_context", "conversation_history"}
    # both formats name each example's problem, which training lists for the contamination guard
    from trtutor.sft_data import read_sft_examples

    for name in ("train.jsonl", "train_alpaca.json"):
        examples = read_sft_examples(str(tmp_path / "sft" / name))
        assert [e.qid for e in examples] == [qid[r["id"]] for r in train] and all(e.problem for e in examples)
    # the same seed splits the same way
    assert (
        main(["prepare-sft", "--data", str(dialogues), "--output", str(tmp_path / "sft2"), "--test-fraction", "0.3"])
        == 0
    )
    assert (tmp_path / "sft2" / "test.jsonl").read_text() == (tmp_path / "sft" / "test.jsonl").read_text()


def test_stage_one_over_the_whole_dev_csv(tmp_path):
    model, calls = reasoner(lambda input: mock_output(context_json()))
    start = time.perf_counter()
    summary = reason(ReasonConfig(None, "mockllm/model", str(tmp_path / "all.jsonl")), model=model, progress=False)
    assert summary.done == 2759  # every teacher turn of the 448 conversations
    assert len(calls) <= 2759  # identical prompts (the same opening of one problem) come from Inspect's cache
    print(f"stage 1 over the dev CSV with a mock model: {time.perf_counter() - start:.1f} s")


def test_mock_model_dry_run_needs_no_download(tmp_path, monkeypatch, capsys):
    """`trtutor reason --model mockllm/model` runs offline (Inspect's mock downloads a tokenizer to count tokens)."""
    from trtutor.cli import main

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "no-tokenizers-here"))
    output = tmp_path / "contexts.jsonl"
    assert main(["reason", "--model", "mockllm/model", "--output", str(output), "--limit", "4"]) == 0
    records = [json.loads(line) for line in output.read_text().splitlines()]
    # the mock's reply is no reasoner context: every turn is recorded as failed, with the reply kept
    assert [r["status"] for r in records] == ["failed"] * 4 and records[0]["raw"].startswith("Default output")
    assert "items: 0 done, 4 failed" in capsys.readouterr().out
