"""A jury bound to the `grader` role (`scorers/jury.py`): every grader's verdict on every turn, the majority with its
tie rules, `grader_agreement`, and the logs' readers (leaderboard, `trtutor agreement`)."""

from __future__ import annotations

import itertools
import json
import math
import urllib.request

import numpy as np
import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog
from inspect_ai.model import get_model

from tests.helpers import grader_reply, mock_output
from trtutor.scorers.agreement_statistics import fleiss_kappa
from trtutor.scorers.jury import grader_names, ordinal_verdict, plurality_verdict
from trtutor.scorers.rubric import labels_of

THREE_WAY = ("Yes", "To some extent", "No")
REVEALING = labels_of("revealing_of_the_answer")
YES_CORRECT = REVEALING[0]


@pytest.mark.parametrize(
    ("votes", "labels", "unfavourable_first", "expected"),
    [
        (["Yes", "Yes", "No"], THREE_WAY, False, "Yes"),  # the majority
        (["No", "Yes", "No"], THREE_WAY, False, "No"),
        (["Yes", "To some extent", "No"], THREE_WAY, False, "To some extent"),  # no majority: the median
        (["Yes", "No"], THREE_WAY, False, "No"),  # an even split: the less favourable to the tutor
        (["Yes", "Yes", "To some extent", "No"], THREE_WAY, False, "To some extent"),
        (["Yes", "Yes", "No", "No"], THREE_WAY, False, "No"),
        ([YES_CORRECT, "No"], REVEALING, True, YES_CORRECT),  # for revealing, revealed is the less favourable
        (["No", "No", YES_CORRECT], REVEALING, True, "No"),
        (["Yes"], THREE_WAY, False, "Yes"),
        (["win", "tie", "loss"], ("win", "tie", "loss"), False, "tie"),
    ],
)
def test_ordinal_jury_rule(votes, labels, unfavourable_first, expected):
    assert ordinal_verdict(votes, labels, unfavourable_first=unfavourable_first) == expected


def test_plurality_rule_for_moves():
    assert plurality_verdict(["probing", "telling", "probing"]) == "probing"
    assert plurality_verdict(["telling", "probing"]) == "telling"  # a tie: the first grader's
    guiding = {"focus", "probing"}.__contains__
    assert plurality_verdict(["telling", "probing"], prefer=guiding) == "probing"  # a tie: the jury's kind first
    assert plurality_verdict(["telling", "generic"], prefer=guiding) == "telling"  # none of that kind: the first
    with pytest.raises(ValueError, match="at least one vote"):
        plurality_verdict([])


def test_grader_names_tell_a_model_bound_twice_apart():
    assert grader_names(["openai/a", "openai/b", "openai/a", "openai/a"]) == [
        "openai/a", "openai/b", "openai/a#2", "openai/a#3"
    ]  # fmt: skip


def test_fleiss_kappa_of_the_textbook_example():
    # Fleiss (1971) as Wikipedia works it: 10 subjects, 14 raters, 5 categories, kappa 0.210
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
             [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]  # fmt: skip
    assert fleiss_kappa(np.array(table)) == pytest.approx(0.20993, abs=1e-5)
    assert math.isnan(fleiss_kappa(np.array([[3, 0], [3, 0]])))  # one category only: undefined


# Each grader's labels per turn (None: an unparseable reply): Providing_Guidance, the move, Revealing_of_the_Answer.
TURNS = {
    "TURN-0 What do the spoons tell us?": [("Yes", "probing", "No"), ("Yes", "probing", "No"), ("No", "telling", "No")],
    "TURN-1 Which step comes first?": [
        ("Yes", "focus", "No"),
        ("To some extent", "telling", "No"),
        ("No", "generic", "No"),
    ],
    "TURN-2 The answer is 12.": [("Yes", "probing", YES_CORRECT), None, ("No", "telling", "No")],
    "TURN-3 Hmm.": [None, None, None],
}


def _turn(prompt: str) -> str:
    return prompt.split("<tutor_turn>\n", 1)[1].split("\n</tutor_turn>")[0].strip()


def mock_grader(index: int):
    """Grader `index` of the jury: its labels of `TURNS` by the judged turn; in pairwise, grader 0 prefers the talker,
    1 always the first turn shown, 2 the human teacher."""

    def reply(input, tools, tool_choice, config):
        prompt = input[-1].text
        if "<turn_a>" in prompt:
            talker_first = "TURN-" in prompt.split("<turn_a>")[1].split("</turn_a>")[0]
            winner = ["A" if talker_first else "B", "A", "B" if talker_first else "A"][index]
            return mock_output(json.dumps({"winner": winner, "rationale": "r"}))
        labels = TURNS[_turn(prompt)][index]
        if labels is None:
            return mock_output("Looks fine to me.")  # no verdict in it
        guidance, move, revealing = labels
        return mock_output(grader_reply(guidance=guidance, move=move, revealing=revealing))

    return get_model(f"mockllm/grader-{index}", custom_outputs=reply)


def turn_talker():
    turns = itertools.cycle(TURNS)
    return get_model("mockllm/talker", custom_outputs=lambda *args: mock_output(next(turns)))


def metrics_of(log: EvalLog, scorer: str) -> dict[str, float]:
    [score] = [s for s in log.results.scores if s.name == scorer]
    return {name: metric.value for name, metric in score.metrics.items()}


def by_turn(log: EvalLog, scorer: str) -> dict[str, object]:
    return {sample.output.completion: sample.scores[scorer] for sample in log.samples}


@pytest.fixture(scope="module")
def jury_log(tmp_path_factory) -> EvalLog:
    """tasks/socratic.py's scorers, MRBench's eight and pairwise, judged by a jury of three mockllm graders."""
    from inspect_ai import Task

    from trtutor.scorers.rubric import mrbench_rubric_scorers
    from trtutor.tasks.socratic import socratic

    base = socratic(judge="llm", pairwise=True)
    task = Task(dataset=base.dataset, setup=base.setup, solver=base.solver,
                scorer=[*base.scorer, *mrbench_rubric_scorers("llm")])  # fmt: skip
    [log] = eval(task, model=turn_talker(), model_roles={"grader": [mock_grader(index) for index in range(3)]},
                 limit=len(TURNS), log_dir=str(tmp_path_factory.mktemp("jury-logs")), display="none")  # fmt: skip
    assert log.status == "success"
    return log


def test_every_grader_judges_every_turn_once(jury_log):
    for sample in jury_log.samples:
        calls = [e for e in sample.events if e.event == "model" and e.role == "grader"]
        rubric = [e for e in calls if e.config.response_schema is not None]  # the rubric call, not pairwise
        # one call each for our three scorers and MRBench's eight, into Inspect's cache under each grader
        assert sorted(e.model for e in rubric) == ["mockllm/grader-0", "mockllm/grader-1", "mockllm/grader-2"]
        assert all(e.cache == "write" for e in rubric)
        assert len(calls) == 3 * 3  # and each judges the pairwise comparison in both orders


def test_the_jury_verdict_is_the_majority_with_its_tie_rules(jury_log):
    trtutor = mrbench = jury_log
    socratic = by_turn(trtutor, "socratic")
    majority, no_majority, split, silent = (socratic[turn] for turn in TURNS)
    assert (majority.value, majority.answer) == (1.0, "probing")
    assert majority.metadata["grader_verdicts"] == {"mockllm/grader-0": "Yes", "mockllm/grader-1": "Yes",
                                                    "mockllm/grader-2": "No"}  # fmt: skip
    assert majority.metadata["judge"] == "jury: mockllm/grader-0, mockllm/grader-1, mockllm/grader-2"
    assert "majority Yes (2 of 3 graders)" in majority.explanation
    # Yes, To some extent, No: the median; the moves tie three ways, and the guiding one wins with a guiding verdict
    assert (no_majority.value, no_majority.answer, no_majority.metadata["providing_guidance"]) == (
        1.0, "focus", "To some extent"
    )  # fmt: skip
    # grader-1 unparseable: the other two split evenly, so the less favourable label (No) and a non-guiding move
    assert (split.value, split.answer, split.metadata["grader_errors"]) == (0.0, "telling", 1)
    assert split.metadata["grader_verdicts"]["mockllm/grader-1"] is None
    assert by_turn(trtutor, "answer_leakage")["TURN-2 The answer is 12."].answer == "yes_correct"  # revealed wins
    assert silent.value != silent.value and silent.metadata["unscored_reason"] == "grade_parse_failure"
    assert by_turn(mrbench, "providing_guidance")["TURN-1 Which step comes first?"].value == 0.5
    assert by_turn(trtutor, "pairwise")["TURN-0 What do the spoons tell us?"].answer == "tie"  # win, tie, loss


def test_grader_agreement_is_fleiss_kappa_with_its_counts(jury_log):
    trtutor = mrbench = jury_log
    # the turns every grader labelled: (Yes, Yes, No) and (Yes, To some extent, No); kappa worked by hand
    expected = {"grader_agreement": -4 / 11, "grader_agreement_turns": 2, "grader_agreement_unanimous": 0,
                "grader_agreement_incomplete": 1}  # fmt: skip
    socratic = metrics_of(trtutor, "socratic")
    assert {name: socratic[name] for name in expected} == pytest.approx(expected)
    assert socratic["mean"] == pytest.approx(2 / 3)  # the unscored turn is left out
    assert metrics_of(mrbench, "providing_guidance")["grader_agreement"] == pytest.approx(-4 / 11)
    leakage = metrics_of(trtutor, "answer_leakage")  # every complete turn "No": unanimous, kappa undefined
    assert math.isnan(leakage["grader_agreement"]) and leakage["grader_agreement_unanimous"] == 1
    assert metrics_of(trtutor, "pairwise")["grader_agreement"] == pytest.approx(-0.5)  # win, tie, loss each turn


def test_judge_agreement_measures_a_jury(tmp_path):
    from trtutor.agreement_table import agreement_report
    from trtutor.leaderboard.logs import _agreement
    from trtutor.scorers.judge_card import card_from_log
    from trtutor.tasks.judge_agreement import judge_agreement

    graders = [get_model(f"mockllm/agree-{i}", custom_outputs=lambda *a, i=i: mock_output(
        grader_reply(guidance="No" if i == 2 else "Yes"))) for i in range(3)]  # fmt: skip
    [log] = eval(judge_agreement(judge="llm"), model="none", model_roles={"grader": graders}, limit=3,
                 log_dir=str(tmp_path), display="none")  # fmt: skip
    assert log.status == "success"
    metrics = metrics_of(log, "judge_agreement")
    assert metrics["socratic_grader_agreement"] == pytest.approx(-0.5)
    assert metrics["socratic_grader_agreement_turns"] == 3
    assert math.isnan(metrics["leakage_grader_agreement"])
    report = agreement_report(log.location)
    assert report.startswith("Judge: llm: mockllm/agree-0, mockllm/agree-1, mockllm/agree-2, a jury")
    assert "socratic -0.500 (3 responses every grader labelled, 0% unanimous)" in report
    from inspect_ai.analysis import evals_df

    [row] = [r for _, r in evals_df(log.location, quiet=True).iterrows()]
    assert _agreement(row)["judge"] == "llm: mockllm/agree-0, mockllm/agree-1, mockllm/agree-2"
    # its judge card is the jury's: a leaderboard of jury logs takes it (trtutor/leaderboard/cards.py)
    assert card_from_log(log.location).judge == "llm: mockllm/agree-0, mockllm/agree-1, mockllm/agree-2"


def _requests(url: str) -> dict[str, int]:
    with urllib.request.urlopen(url.removesuffix("/v1") + "/stats", timeout=10) as response:
        return json.load(response)["requests"]


def test_a_jury_bound_on_the_command_line_on_the_fake_server(fake_openai, monkeypatch, tmp_path):
    """The issue's acceptance: three graders on the local fake OpenAI server, bound as `--model-role` binds them."""
    from inspect_ai._cli.util import parse_model_role_cli_args

    from trtutor.leaderboard import build_leaderboard, read_logs, write_leaderboard
    from trtutor.tasks.socratic import socratic

    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai)
    monkeypatch.setenv("OPENAI_API_KEY", "local")
    roles = parse_model_role_cli_args(
        ("grader=openai/gpt-4o-juror-a,openai/gpt-4o-juror-b,openai/gpt-4o-strict-juror",)
    )
    assert roles == {"grader": ["openai/gpt-4o-juror-a", "openai/gpt-4o-juror-b", "openai/gpt-4o-strict-juror"]}
    before = _requests(fake_openai)
    turns = 3
    [log] = eval(socratic(judge="llm"), model="openai/gpt-4o-mini", model_roles=roles, limit=turns,
                 log_dir=str(tmp_path / "logs"), display="none")  # fmt: skip
    assert log.status == "success"
    after = _requests(fake_openai)
    for grader in ("gpt-4o-juror-a", "gpt-4o-juror-b", "gpt-4o-strict-juror"):
        assert after.get(grader, 0) - before.get(grader, 0) == turns  # one call per turn each
        assert log.stats.model_usage[f"openai/{grader}"].total_tokens > 0  # Inspect counts each grader's tokens
    # every turn: Yes, Yes and the strict grader's No
    socratic_metrics = metrics_of(log, "socratic")
    assert socratic_metrics["grader_agreement"] == pytest.approx(-0.5)
    assert socratic_metrics["grader_agreement_turns"] == turns
    assert socratic_metrics["mean"] == 1.0
    data = read_logs([log.location])
    assert data.provenance["judge"] == "llm: openai/gpt-4o-juror-a, openai/gpt-4o-juror-b, openai/gpt-4o-strict-juror"
    board = build_leaderboard(data)
    [row] = board.frame.to_dict("records")
    # the fake server bills 120 tokens a call: each turn the talker's one call and each grader's one
    assert (row["talker_tokens_per_1k_turns"], row["judge_tokens_per_1k_turns"]) == (120_000, 3 * 120_000)
    assert row["tokens_per_1k_turns"] > 0
    written = write_leaderboard(board, tmp_path / "board")
    assert "llm: openai/gpt-4o-juror-a" in (tmp_path / "board" / "leaderboard.md").read_text()
    assert written


def test_eval_adapters_binds_a_jury_and_checks_every_grader_before_any_talker(monkeypatch, tmp_path):
    from trtutor.errors import UsageError
    from trtutor.eval_adapters import EvalAdaptersConfig, eval_adapters, grader_role

    config = EvalAdaptersConfig(base="nobody/no-base", adapters=[], engine="peft", log_dir=str(tmp_path / "logs"),
                                judge="llm", grader="openai/gpt-4o, anthropic/claude-sonnet-4-0")  # fmt: skip
    assert grader_role(config) == {"grader": ["openai/gpt-4o", "anthropic/claude-sonnet-4-0"]}
    assert grader_role(EvalAdaptersConfig("b", [], grader="openai/gpt-4o")) == {"grader": "openai/gpt-4o"}
    assert grader_role(EvalAdaptersConfig("b", [])) is None
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(UsageError, match="claude-sonnet-4-0 needs the environment variable ANTHROPIC_API_KEY"):
        eval_adapters(config)  # the jury's second grader, before the base model (not on any hub) is planned
    config.grader = "openai/gpt-4o,nosuchprovider/model"
    with pytest.raises(UsageError, match="--grader nosuchprovider/model"):
        eval_adapters(config)
    config.grader = None
    with pytest.raises(UsageError, match="--judge llm needs --grader MODEL"):
        eval_adapters(config)
    assert not (tmp_path / "logs").exists()
