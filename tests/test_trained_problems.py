"""The contamination guard: training lists the problems an adapter learnt from, and the tasks leave them out of its
evaluation (or keep them flagged), counting what they left out."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from inspect_ai import eval
from inspect_ai.model import GenerateConfig, get_model

from tests.helpers import grader_reply, mock_output
from trtutor.data.mrbench import bundled_mrbench, load_mrbench
from trtutor.errors import UsageError
from trtutor.sft_data import read_sft_examples
from trtutor.tasks.mrbench import mrbench
from trtutor.tasks.socratic import socratic
from trtutor.trained_problems import (
    TRAINED_PROBLEMS_FILE,
    TrainedProblems,
    problem_from_prompt,
    problem_id,
    talker_adapter_folder,
    write_trained_problems,
)

TRAINED_QIDS = {"6000025", "6000044"}  # the problems of the `sft_data` fixture (the first four dev conversations)
OTHER_QID = "6000057"


def grader():
    return get_model("mockllm/grader", custom_outputs=lambda *args: mock_output(grader_reply()))


def test_a_trained_adapter_is_evaluated_without_its_training_problems_or_with_them_flagged(
    adapter, sft_data, dev_conversations
):
    listed = TrainedProblems.read(adapter / TRAINED_PROBLEMS_FILE)
    card = json.loads((adapter / "trtutor_adapter.json").read_text())
    by_qid = {c.qid: problem_id(c.question) for c in dev_conversations}
    assert listed.ids == {by_qid[qid] for qid in TRAINED_QIDS} and listed.examples_without_problem == 0
    assert card["trained_problems"]["file"] == TRAINED_PROBLEMS_FILE and card["trained_problems"]["problems"] == 2
    assert listed.data_sha256 == card["data_sha256"]

    samples_of = {q: sum(len([t for t in c.turns if t.speaker == "teacher"]) - 1 for c in dev_conversations
                         if c.qid == q) for q in (*TRAINED_QIDS, OTHER_QID)}  # fmt: skip
    talker = get_model(f"trtutor/peft/{adapter}", config=GenerateConfig(max_tokens=4), memoize=False)
    qids = ",".join([*sorted(TRAINED_QIDS), OTHER_QID])
    args = {"judge": "llm", "qids": qids, "include_judge_train": True}
    [log] = eval(socratic, task_args=args, model=talker, model_roles={"grader": grader()}, limit=1, display="none")
    assert log.status == "success", log.error
    excluded = log.eval.metadata["excluded_trained"]
    assert excluded["count"] == samples_of["6000025"] + samples_of["6000044"] and excluded["problems"] == 2
    assert excluded["sources"] == [str(listed.path)] and excluded["flagged"] == 0 and not excluded["notes"]
    assert log.eval.metadata["samples_before_selection"] == samples_of[OTHER_QID]
    assert [sample.metadata["qid"] for sample in log.samples] == [OTHER_QID]

    # kept and flagged when told (the adapter's list named as eval-adapters names it: no second evaluation)
    task = socratic(judge="llm", qids=f"6000025,{OTHER_QID}", trained_problems=str(adapter), allow_trained=True)
    excluded = task.metadata["excluded_trained"]
    assert (excluded["count"], excluded["flagged"]) == (0, samples_of["6000025"])
    flags = {sample.metadata["qid"]: sample.metadata["trained_problem"] for sample in task.dataset}
    assert flags == {"6000025": True, OTHER_QID: False}


def test_a_problem_is_known_by_its_text_across_mathdial_and_mrbench(dev_conversations, sft_data, tmp_path):
    # MRBench conversation 3711-05b6... quotes MathDial problem 6000051 in its opening turn; its id is not the qid
    conversations, _ = load_mrbench(bundled_mrbench())
    [mathdial] = {c.question for c in dev_conversations if c.qid == "6000051"}
    quoting = [c.conversation_id for c in conversations if problem_id(c.problem) == problem_id(mathdial)]
    assert "3711-05b6ce71-9710-4b83-8ad2-e207d306c73e" in quoting
    assert problem_id("  Jam has 3 boxes —\n of PENCILS!") == problem_id("jam has 3 boxes of pencils")
    assert problem_id("") is None and problem_id("(not given; see the conversation)") is None

    write_trained_problems(tmp_path, sft_data, [mathdial], ["6000051"])
    task = mrbench(judge="llm", trained_problems=str(tmp_path))
    excluded = task.metadata["excluded_trained"]
    bridge = sum(not c.problem for c in conversations)
    assert (excluded["count"], excluded["problems"], excluded["unchecked"]) == (len(quoting), 1, bridge)
    assert not {str(sample.id) for sample in task.dataset} & set(quoting)

    # prepare-sft's records name their problem; a talker prompt gives it back too
    [example] = read_sft_examples(str(sft_data))[:1]
    assert example.problem == problem_from_prompt(example.prompt[0]["content"]) == dev_conversations[0].question
    assert problem_from_prompt("Be Socratic.\n\n{}") is None


def test_lists_that_cannot_be_read_are_named(tmp_path):
    with pytest.raises(UsageError, match="-T trained_problems=nowhere: no such file or adapter folder"):
        socratic(judge="llm", trained_problems="nowhere")
    bad = tmp_path / TRAINED_PROBLEMS_FILE
    bad.write_text(json.dumps({"id_field": "qid", "ids": ["1"]}))
    with pytest.raises(UsageError, match=f"{bad}: not a trained-problem list"):
        socratic(judge="llm", trained_problems=str(bad))
    bad.write_text(json.dumps({"id_field": "problem_text_sha256", "ids": ["6000025"]}))
    with pytest.raises(UsageError, match="must be sha256 hex digests; '6000025' is not"):
        socratic(judge="llm", trained_problems=str(tmp_path))
    # an adapter folder from before the guard: said in the log, nothing left out
    old = tmp_path / "old-adapter"
    old.mkdir()
    task = socratic(judge="llm", qids="6000057", trained_problems=str(old))
    assert task.metadata["excluded_trained"]["count"] == 0
    assert "has no trained_problems.json" in task.metadata["excluded_trained"]["notes"][0]


def test_the_talkers_adapter_folder_is_found_or_its_absence_said(tmp_path):
    def talker(path):  # what trtutor/peft's and Inspect's vllm/ providers hold: `api.adapter.path`
        return SimpleNamespace(api=SimpleNamespace(adapter=SimpleNamespace(path=path)))

    assert talker_adapter_folder(talker(str(tmp_path))) == (tmp_path, None)
    assert talker_adapter_folder(SimpleNamespace(api=SimpleNamespace(adapter=None))) == (None, None)
    for served in ("r16", "org/hub-adapter"):
        folder, note = talker_adapter_folder(talker(served))
        assert folder is None and f"adapter {served} has no local folder here" in note


def test_every_sample_trained_on_is_a_clear_error(sft_data, dev_conversations, tmp_path):
    [question] = {c.question for c in dev_conversations if c.qid == "6000057"}
    write_trained_problems(tmp_path, sft_data, [question], [None])
    with pytest.raises(UsageError, match="every selected sample is on a problem the talker was trained on"):
        socratic(judge="llm", qids="6000057", trained_problems=str(Path(tmp_path) / TRAINED_PROBLEMS_FILE))
