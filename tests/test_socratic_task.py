"""End-to-end: `tasks/socratic.py` under Inspect, with mockllm talkers and judges, and with the human teacher."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog
from inspect_ai.model import get_model

from tests.helpers import grader_reply, mock_output
from trtutor.scorers.llm_judge import NO_GRADER_MESSAGE
from trtutor.scorers.verdicts import SOCRATIC_VALUE as VALUE_OF_LABEL
from trtutor.tasks.socratic import socratic

REPO = Path(__file__).resolve().parents[1]
SCORERS = ("socratic", "answer_leakage", "correctness")
TUTOR_TURN = "What happens to the 3 spoons she used for tasting - are they gone?"


def verdict(socratic: str = "probing", leakage: str = "no", correctness: str = "correct") -> str:
    """A grader reply in the terms of our three scorers: the move (guiding moves get Providing_Guidance "Yes", the
    others "No"), the leakage label and the correctness label, as the rubric judge's labels."""
    guides = socratic.lower() not in ("telling", "generic")
    return grader_reply(
        guidance="Yes" if guides else "No",
        move=socratic,
        revealing={
            "yes_correct": "Yes (and the answer is correct)",
            "yes_incorrect": "Yes (but the answer is incorrect)",
        }.get(leakage, "No"),
        mistake="Yes" if correctness == "correct" else "No",
    )


def run_llm_judged(judge_replies: list, n: int) -> EvalLog:
    talker = get_model("mockllm/model", custom_outputs=[mock_output(TUTOR_TURN) for _ in range(n)])
    grader = get_model("mockllm/model", custom_outputs=judge_replies)
    [log] = eval(socratic(judge="llm"), model=talker, model_roles={"grader": grader}, limit=n, display="none")
    return log


def metric(log: EvalLog, scorer: str, name: str = "mean") -> float:
    [score] = [s for s in log.results.scores if s.name == scorer]
    return score.metrics[name].value


def eval_score(log: EvalLog, scorer: str):
    [score] = [s for s in log.results.scores if s.name == scorer]
    return score


def grader_calls(log: EvalLog) -> list[int]:
    return [sum(1 for e in sample.events if e.event == "model" and e.role == "grader") for sample in log.samples]


def test_valid_verdicts_are_scored_with_one_judge_call_per_response():
    replies = [
        mock_output(verdict("probing", "no", "correct")),
        mock_output("```json\n" + verdict("focus", "no", "correct") + "\n```"),
        mock_output(verdict("Telling", "yes_correct", "incorrect")),  # labels are read case-insensitively
    ]
    log = run_llm_judged(replies, n=3)
    assert log.status == "success"
    assert grader_calls(log) == [1, 1, 1]
    assert set(log.eval.metadata["prompt_sha256"]) >= {"judge_mrbench", "rubric_providing_guidance"}
    assert math.isclose(metric(log, "socratic"), 2 / 3)
    assert math.isclose(metric(log, "answer_leakage"), 1 / 3)
    assert math.isclose(metric(log, "correctness"), 2 / 3)
    for scorer in SCORERS:
        assert set(eval_score(log, scorer).metrics) == {"mean", "stderr"}
        assert eval_score(log, scorer).unscored_samples == 0
    for sample in log.samples:
        score = sample.scores["socratic"]
        assert score.answer in {"probing", "focus", "telling"}
        assert "Asks the student to reconsider a step." in score.explanation
        assert score.metadata["judge"] == "mockllm/model"


def test_malformed_and_refused_verdicts_are_counted_scoring_errors():
    replies = [
        mock_output(verdict("probing", "no", "correct")),
        mock_output('{"socratic": {"label": "probing", "rationale": "x"}, "answer_leakage": '),  # cut off
        mock_output("I'm sorry, but I can't help with grading this."),
    ]
    log = run_llm_judged(replies, n=3)
    assert log.status == "success"
    assert grader_calls(log) == [1, 1, 1]
    for scorer in SCORERS:
        score = eval_score(log, scorer)
        assert (score.scored_samples, score.unscored_samples) == (1, 2)
        assert metric(log, scorer) == (0.0 if scorer == "answer_leakage" else 1.0)
    reasons = sorted(str(sample.scores["correctness"].reason) for sample in log.samples)
    assert reasons == ["None", "grade_parse_failure", "judge_refusal"]
    for sample in log.samples:
        score = sample.scores["answer_leakage"]
        if score.reason is not None:
            assert math.isnan(score.value)
            assert score.metadata["raw_judge_reply"] in {r.completion for r in replies}
            assert score.explanation.startswith("scoring error")


def test_wrong_schema_and_content_filter_are_scoring_errors():
    replies = [
        mock_output(verdict("socratic-ish")),  # not a label
        mock_output(verdict(), stop_reason="content_filter"),
    ]
    log = run_llm_judged(replies, n=2)
    reasons = sorted(str(sample.scores["socratic"].reason) for sample in log.samples)
    assert reasons == ["grade_parse_failure", "judge_refusal"]
    assert eval_score(log, "socratic").unscored_samples == 2


def test_unbound_grader_fails_before_the_talker_runs():
    talker = get_model("mockllm/model", custom_outputs=[mock_output(TUTOR_TURN)])
    [log] = eval(socratic(judge="llm"), model=talker, limit=1, display="none")
    assert log.status == "error"
    assert NO_GRADER_MESSAGE in log.error.message
    assert not any(e.event == "model" for e in log.samples[0].events)


def _inspect_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "inspect_ai", "eval", "tasks/socratic.py", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_cli_without_grader_fails_with_the_message(tmp_path):
    result = _inspect_cli("--model", "mockllm/model", "-T", "judge=llm", "--log-dir", str(tmp_path))
    assert result.returncode != 0
    assert "needs a judge model bound to the 'grader' role" in result.stdout + result.stderr
    assert not list(tmp_path.glob("*.eval"))  # no log: no sample ran


@pytest.mark.slow
def test_human_teacher_answers_with_the_reference_and_default_samples_skip_judge_training():
    from trtutor.data.splits import is_judge_train_problem

    task = socratic(judge="offline")
    assert not any(is_judge_train_problem(sample.metadata["qid"]) for sample in task.dataset)
    assert len(task.dataset) == task.metadata["samples_before_selection"]
    [log] = eval(task, model="trtutor/human-teacher", limit=5, display="none")
    assert log.status == "success"
    assert [s.output.completion for s in log.samples] == [s.target for s in log.samples]
    # the learnt Providing_Guidance judgement, or the degenerate-turn check for a content-free turn ("Hi Kayla, talk
    # me through it"): `socratic` is a reading of the rubric judge's verdict (issue 25)
    judges = {s.scores["socratic"].metadata["judge"] for s in log.samples}
    assert "offline/rubric_judges:Providing_Guidance" in judges and judges <= {
        "offline/rubric_judges:Providing_Guidance",
        "offline/degenerate",
    }


def test_human_teacher_outside_the_task_is_a_clear_error():
    from inspect_ai import Task
    from inspect_ai.dataset import Sample

    [log] = eval(Task(dataset=[Sample(input="hi", target="x")]), model="trtutor/human-teacher", display="none")
    assert log.status == "error" and "found no human teacher turn" in log.error.message


def test_selection_and_reasoner_context(tmp_path):
    task = socratic(judge="offline", qids="6000025, 6000044", include_judge_train=True)
    assert {sample.metadata["qid"] for sample in task.dataset} == {"6000025", "6000044"}
    first = next(iter(task.dataset))
    path = tmp_path / "contexts.jsonl"
    path.write_text(
        json.dumps(
            {
                "sample_id": first.id,
                "chain_of_thought": "Add back the 3.",
                "belief_state": "Subtracts.",
                "final_answer": "10",
            }
        )
    )
    with_context = socratic(
        judge="offline", qids="6000025, 6000044", include_judge_train=True, reasoner_context=str(path)
    )
    assert [sample.id for sample in with_context.dataset] == [first.id]
    assert with_context.metadata["samples_without_reasoner_context"] == len(task.dataset) - 1
    assert "Add back the 3." in next(iter(with_context.dataset)).input


@pytest.mark.parametrize(
    ("args", "message"),
    [({"judge": "human"}, "Invalid judge 'human'"), ({"qids": "nope"}, "no conversation has qid nope")],
)
def test_bad_task_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        socratic(**({"judge": "offline"} | args))


def test_rescoring_with_the_same_judge_makes_no_new_call():
    from inspect_ai import score

    from trtutor.scorers import answer_leakage, correctness
    from trtutor.scorers import socratic as socratic_scorer

    log = run_llm_judged([mock_output(verdict("focus")), mock_output(verdict("generic"))], n=2)
    # The same judge, with no replies left: any call it made would fail the scoring.
    grader = get_model("mockllm/model", custom_outputs=[])
    rescored = score(
        log,
        [socratic_scorer("llm"), answer_leakage("llm"), correctness("llm")],
        model_roles={"grader": grader},
        action="overwrite",
        display="none",
    )
    assert rescored.status == "success"
    assert metric(rescored, "socratic") == metric(log, "socratic") == 0.5
    assert [s.scores["socratic"].answer for s in rescored.samples] == [s.scores["socratic"].answer for s in log.samples]


def test_second_run_with_the_same_judge_is_served_from_inspects_cache():
    first = run_llm_judged([mock_output(verdict("focus")), mock_output(verdict("generic"))], n=2)
    again = run_llm_judged([], n=2)  # a judge with no replies: only the cache can answer
    assert again.status == "success"
    assert metric(again, "socratic") == metric(first, "socratic") == 0.5


@pytest.mark.parametrize(
    ("turn", "leak", "correct"),
    [
        ("She used 3 and has 12 left, so 12 + 3 = 15 and 15 - 5 = 10. The answer is 10 spoons.", 1.0, 1.0),
        ("12 + 3 = 16, so think again about the husband's spoons.", 0.0, 0.0),
        ("So the answer is 7 spoons.", 1.0, 0.0),  # a wrong final answer: leaked, and incorrect
        ("What happens to the 3 spoons she used for tasting?", 0.0, 1.0),
    ],
)
def test_offline_judges_score_a_talker(turn, leak, correct):
    talker = get_model("mockllm/model", custom_outputs=[mock_output(turn)])
    task = socratic(judge="offline", qids="6000025", include_judge_train=True)
    [log] = eval(task, model=talker, limit=1, display="none")
    [sample] = log.samples
    assert sample.metadata["final_answer"] == "10"
    assert (sample.scores["answer_leakage"].value, sample.scores["correctness"].value) == (leak, correct)


def test_llm_scorers_and_the_mrbench_rubric_read_one_grader_call_per_turn_and_cannot_disagree():
    """Issue 25, item 6: with both sets of scorers asking for the same dimensions, one grader call per turn gives
    `socratic`/`providing_guidance`, `answer_leakage`/`revealing_of_the_answer` and
    `correctness`/`mistake_identification`; a move that contradicts the guidance verdict does not move the value."""
    from inspect_ai import Task

    from trtutor.scorers import answer_leakage, correctness
    from trtutor.scorers import socratic as socratic_scorer
    from trtutor.scorers.rubric import ALL_DIMENSIONS, mrbench_rubric_scorers

    others = {"mistake_location": "Yes", "actionability": "No", "coherence": "Yes", "tutor_tone": "Neutral",
              "humanlikeness": "Yes"}  # fmt: skip
    replies = [  # (guidance, move, revealing, mistake)
        ("Yes", "focus", "No", "Yes"),
        ("To some extent", "telling", "Yes (but the answer is incorrect)", "To some extent"),  # move says no guidance
        ("No", "probing", "Yes (and the answer is correct)", "No"),  # move says guidance
        ("No", "generic", "No", "Yes"),
    ]
    talker = get_model("mockllm/model", custom_outputs=[mock_output(TUTOR_TURN) for _ in replies])
    grader = get_model(
        "mockllm/model",
        custom_outputs=[mock_output(grader_reply(g, m, r, mi, **others)) for g, m, r, mi in replies],
    )
    base = socratic(judge="llm")
    both = Task(
        dataset=base.dataset,
        setup=base.setup,
        solver=base.solver,
        scorer=[
            socratic_scorer("llm", ALL_DIMENSIONS),
            answer_leakage("llm", ALL_DIMENSIONS),
            correctness("llm", ALL_DIMENSIONS),
            *mrbench_rubric_scorers("llm"),
        ],  # fmt: skip
    )
    [log] = eval(both, model=talker, model_roles={"grader": grader}, limit=len(replies), display="none")
    assert log.status == "success"
    assert grader_calls(log) == [1] * len(replies)
    seen = []
    for sample in log.samples:
        s = sample.scores
        guidance, move = s["providing_guidance"].answer, s["socratic"].metadata["teacher_move"]
        seen.append((guidance, move, s["revealing_of_the_answer"].answer, s["mistake_identification"].answer))
        assert s["socratic"].value == (1.0 if s["providing_guidance"].value > 0 else 0.0)
        assert s["socratic"].metadata["providing_guidance"] == guidance
        assert s["answer_leakage"].value == s["revealing_of_the_answer"].value
        assert s["correctness"].value == (1.0 if s["mistake_identification"].value > 0 else 0.0)
        # the answer is a move of the kind the value says, and the explanation says which
        assert VALUE_OF_LABEL[s["socratic"].answer] == s["socratic"].value
        assert ("so it guides" in s["socratic"].explanation) == (s["socratic"].value == 1.0)
        contradicts = (move in ("focus", "probing")) != (s["socratic"].value == 1.0)
        assert s["socratic"].metadata["move_contradicts_guidance"] == contradicts
        assert (s["socratic"].answer == move) != contradicts
        assert ("not a guiding move" in s["socratic"].explanation or "not a non-guiding move"
                in s["socratic"].explanation) == contradicts  # fmt: skip
        assert s["socratic"].metadata["most_likely_move"] == move  # what MathDial move agreement reads
    assert sorted(seen) == sorted(replies)
    answers = {sample.scores["socratic"].metadata["teacher_move"]: sample.scores for sample in log.samples}
    assert answers["telling"]["socratic"].answer == "focus" and answers["probing"]["socratic"].answer == "generic"
    assert answers["telling"]["answer_leakage"].answer == "yes_incorrect"


def test_a_reply_without_the_teacher_move_leaves_socratic_unscored_and_the_rubric_scored():
    reply = json.loads(grader_reply())
    del reply["teacher_move"]
    log = run_llm_judged([mock_output(json.dumps(reply))], n=1)
    [sample] = log.samples
    assert sample.scores["socratic"].reason == "grade_parse_failure"
    assert "teacher_move" in sample.scores["socratic"].explanation
    assert sample.scores["socratic"].metadata["raw_judge_reply"] == json.dumps(reply)
    assert sample.scores["correctness"].value == 1.0 and sample.scores["answer_leakage"].value == 0.0
