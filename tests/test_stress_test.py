"""The stress test (`tasks/stress_test`): the battery as an Inspect task, with either judge kind, and its table."""

from __future__ import annotations

import math
import shutil

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog
from inspect_ai.model import get_model
from inspect_ai.scorer import SampleScore

from tests.helpers import mock_output
from tests.test_socratic_task import verdict
from trtutor.errors import UsageError
from trtutor.scorers.strategy import strategy_figures
from trtutor.tasks.stress_test import stress_test
from trtutor.tasks.stress_test.families import FAMILIES, HUMAN_TEACHER_SLUG, family_slug
from trtutor.tasks.stress_test.scorer import FamilyFigures, family_figures, misses

# a constant question (caught as a strategy), nothing at all and sub-word soup (caught per turn)
OFFLINE_FAMILIES = ["generic-question", "empty", "random-tokens"]
OFFLINE_SAMPLES = 60  # 10 conversations: `strategy` reads a talker over at least 10


def family_metrics(log: EvalLog) -> dict[str, float]:
    [scores] = [score for score in log.results.scores if score.name == "families"]
    return {name: metric.value for name, metric in scores.metrics.items()}


@pytest.fixture(scope="module")
def offline_log() -> EvalLog:
    task = stress_test(judge="offline", samples_per_family=OFFLINE_SAMPLES, families=",".join(OFFLINE_FAMILIES))
    [log] = eval(task, model="none", display="none")
    return log


def test_offline_run_says_per_family_which_families_are_caught(offline_log):
    assert offline_log.status == "success"
    assert len(offline_log.samples) == OFFLINE_SAMPLES * (len(OFFLINE_FAMILIES) + 1)
    metrics = family_metrics(offline_log)
    assert metrics[f"{HUMAN_TEACHER_SLUG}/flagged"] == 0
    assert metrics["generic-question/flagged"] == 1  # one text at every moment
    for family in ("empty", "random-tokens"):  # caught per turn: nothing to credit
        assert metrics[f"{family}/socratic_gap"] <= -0.25 and metrics[f"{family}/correctness_gap"] <= -0.25
    for family in OFFLINE_FAMILIES:
        assert metrics[f"{family}/caught"] == 1, {k: v for k, v in metrics.items() if k.startswith(family)}
    assert metrics["families_missed"] == 0


def test_offline_figures_are_each_familys_own_turns(offline_log):
    """Means and flags over the family's turns only, from the scores its samples got (ids `<family>/<id>`)."""
    metrics = family_metrics(offline_log)
    for family in (HUMAN_TEACHER_SLUG, *OFFLINE_FAMILIES):
        samples = [s for s in offline_log.samples if str(s.id).startswith(f"{family}/")]
        assert len(samples) == OFFLINE_SAMPLES
        for name in ("socratic", "answer_leakage", "correctness"):
            mean = sum(s.scores[name].as_float() for s in samples) / len(samples)
            assert metrics[f"{family}/{name}"] == pytest.approx(mean)
            if family != HUMAN_TEACHER_SLUG:
                human = metrics[f"{HUMAN_TEACHER_SLUG}/{name}"]
                assert metrics[f"{family}/{name}_gap"] == pytest.approx(mean - human)
        strategy_scores = [SampleScore(score=s.scores["strategy"], sample_id=s.id) for s in samples]
        assert metrics[f"{family}/flagged"] == strategy_figures(strategy_scores)["flagged"]


def test_stress_test_command_prints_the_table(offline_log, capsys, tmp_path):
    from trtutor.cli import main

    assert main(["stress-test", offline_log.location]) == 0
    table = capsys.readouterr().out
    assert "| human teacher | " in table and "| generic question | " in table and "| reference |" in table
    assert "families missed: 0 of 3" in table
    assert "flags nothing here" not in table  # 10 conversations a talker: enough for `strategy`
    assert main(["stress-test", str(offline_log.location).replace(".eval", "-missing.eval")]) == 2
    shutil.copy(offline_log.location, tmp_path)  # a folder: its newest stress-test log
    assert main(["stress-test", str(tmp_path)]) == 0
    assert capsys.readouterr().out == table
    assert main(["stress-test", str(tmp_path / "nothing-here")]) == 2
    # the battery is no talker: the leaderboard does not make a row "none/none" of it (a newcomer's walk, round 58)
    capsys.readouterr()
    assert main(["leaderboard", str(tmp_path), "--out", str(tmp_path / "board"), "--allow-mixed"]) == 2
    assert "no talker logs" in capsys.readouterr().err


def test_llm_judge_through_the_grader_role_and_a_fooled_grader_shows_as_missed():
    """`-T judge=llm` with `--model none`: one grader call per turn; a grader fooled by "Okay." credits it like the
    human teacher, so the filler is missed, while the empty turn it rejects is caught."""
    prompts: list[str] = []

    def grader_reply(input, tools, tool_choice, config):
        prompt = input[-1].text
        prompts.append(prompt)
        if "<tutor_turn>\n\n</tutor_turn>" in prompt:
            return mock_output(verdict("generic", "no", "incorrect"))
        return mock_output(verdict("probing", "no", "correct"))

    grader = get_model("mockllm/model", custom_outputs=grader_reply)
    task = stress_test(judge="llm", samples_per_family=3, families=["empty", "filler-okay"])
    [log] = eval(task, model="none", model_roles={"grader": grader}, display="none")
    assert log.status == "success" and len(prompts) == len(log.samples) == 9
    assert set(log.eval.metadata["prompt_sha256"]) >= {"judge_mrbench", "rubric_providing_guidance"}
    metrics = family_metrics(log)
    assert metrics["empty/socratic_gap"] == -1 and metrics["empty/caught"] == 1
    assert metrics["filler-okay/socratic_gap"] == 0 and metrics["filler-okay/caught"] == 0
    assert metrics["families_missed"] == 1
    # 3 samples a talker, one conversation: the table says that `strategy` could flag nothing
    from trtutor.tasks.stress_test.report import stress_test_table

    assert "**`strategy` flags nothing here**: each talker spoke in 1 conversation," in stress_test_table(log.location)


def test_llm_judge_needs_a_grader():
    [log] = eval(stress_test(judge="llm", samples_per_family=1, families="empty"), model="none", display="none")
    assert log.status == "error" and "needs a judge model bound to the 'grader' role" in log.error.message


def test_samples_families_and_parameters():
    task = stress_test(samples_per_family=2, families="empty,filler-okay")
    ids = [str(sample.id) for sample in task.dataset]
    assert [sample_id.split("/")[0] for sample_id in ids] == [HUMAN_TEACHER_SLUG] * 2 + ["empty"] * 2 + [
        "filler-okay"
    ] * 2
    assert ids[0].split("/", 1)[1] == ids[2].split("/", 1)[1]  # every talker answers the same moments
    assert len({family_slug(name) for name in FAMILIES}) == len(FAMILIES) >= 20
    with pytest.raises(UsageError, match="Invalid families"):
        stress_test(families="empty,nope")
    with pytest.raises(UsageError, match="Invalid judge"):
        stress_test(judge="gpt")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("row", "human", "caught"),
    [
        (FamilyFigures(0.5, 0.0, 0.5, flagged=False), FamilyFigures(0.8, 0.0, 0.8, flagged=False), True),
        (FamilyFigures(0.6, 0.0, 0.5, flagged=False), FamilyFigures(0.8, 0.0, 0.8, flagged=False), False),  # margin
        (FamilyFigures(1.0, 0.0, 1.0, flagged=True), FamilyFigures(0.8, 0.0, 0.8, flagged=False), True),  # strategy
        (FamilyFigures(1.0, 0.0, 1.0, flagged=True), FamilyFigures(0.8, 0.0, 0.8, flagged=True), False),  # both
        (FamilyFigures(0.0, 0.2, 0.0, flagged=True), FamilyFigures(0.8, 0.0, 0.8, flagged=False), False),  # leaks
        (FamilyFigures(math.nan, 0.0, 0.0, flagged=False), FamilyFigures(0.8, 0.0, 0.8, flagged=False), False),
    ],
)
def test_caught_rule(row, human, caught):
    assert (not misses(row, human)) == caught
    figures = family_figures({HUMAN_TEACHER_SLUG: human, "x": row})
    assert figures["x/caught"] == float(caught) and f"{HUMAN_TEACHER_SLUG}/caught" not in figures
