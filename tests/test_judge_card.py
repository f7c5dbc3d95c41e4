"""Judge cards (scorers/judge_card.py) and the leaderboard's estimates of the annotators' rates from them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from trtutor.leaderboard.cards import card_estimate, choose_card, shipped_offline_card
from trtutor.scorers.agreement_statistics import LabelPair
from trtutor.scorers.judge_card import (
    JudgeCardError,
    build_card,
    card_summary,
    difference_draws,
    estimate_draws,
    read_card,
)


def synthetic_pairs(seed: int = 0) -> list[LabelPair]:
    """Four tutors of 40 conversations, two turns each; the judge says yes to every turn annotators credit and to
    one in five they do not, except on tutor "harsh", where it also refuses one in three credited turns."""
    rng = np.random.default_rng(seed)
    pairs = []
    for tutor, rate in (("good", 0.9), ("fair", 0.6), ("weak", 0.3), ("harsh", 0.8)):
        for conversation in range(40):
            for _ in range(2):
                human = int(rng.random() < rate)
                judge = human if human else int(rng.random() < 0.2)
                if tutor == "harsh" and human and rng.random() < 1 / 3:
                    judge = 0
                pairs.append(LabelPair(human, judge, tutor, f"c{conversation}"))
    return pairs


@pytest.fixture(scope="module")
def card():
    pairs = synthetic_pairs()
    return build_card({"socratic": pairs}, judge="llm: x", judge_version="v", data="d.json", data_sha256=None,
                      harness_version="0")  # fmt: skip


def test_card_figures_are_what_the_pairs_say(card):
    pairs = synthetic_pairs()
    metric = card.metrics["socratic"]
    assert set(card.metrics) == {"socratic"}  # only the dimensions given
    assert metric.turns == len(pairs) == 320 and metric.conversations == 40
    assert metric.bias == pytest.approx(np.mean([p.judge - p.human for p in pairs]))
    yes_given_yes = np.mean([p.human for p in pairs if p.judge == 1])
    assert metric.human_yes_given_judge["1"][0] == pytest.approx(yes_given_yes)
    low, high = metric.human_yes_given_judge["1"][1:]
    assert low < yes_given_yes < high
    harsh = metric.tutor("harsh")
    assert harsh.bias < metric.bias - 0.1  # the tutor the judge treats unlike the others
    assert metric.tutor_spread > 0.05  # and the card says tutors differ
    assert [row.tutor for row in metric.leave_one_tutor_out] == ["fair", "good", "harsh", "weak"]
    # left out, "harsh" is estimated from three tutors the judge treats alike: the card cannot know of an error it
    # never saw (what the estimate assumes), and its own check says so
    left_out = {row.tutor: row for row in metric.leave_one_tutor_out}
    assert not left_out["harsh"].covered and left_out["good"].covered


def test_estimate_is_the_judge_rate_less_the_bias(card):
    metric = card.metrics["socratic"]
    sums, turns = np.array([1.0, 2.0, 0.0, 2.0]), np.array([2.0, 2.0, 2.0, 2.0])
    verdicts = np.array([1, 0, 1, 1, 0, 0, 1, 1], dtype=float)
    estimate, draws = estimate_draws(metric, sums, turns, verdicts, talker=None)
    assert estimate == pytest.approx(5 / 8 - metric.bias)
    assert draws.min() >= 0 and draws.max() <= 1 and np.quantile(draws, 0.025) < estimate < np.quantile(draws, 0.975)
    # a tutor the card measured gets its own bias, shrunk toward the pooled one
    own, _ = estimate_draws(metric, sums, turns, verdicts, talker="harsh")
    harsh = metric.tutor("harsh")
    assert 5 / 8 - metric.bias < own < 5 / 8 - harsh.bias
    # a talker the judge says yes to on every turn is not estimated above 1
    assert estimate_draws(metric, turns, turns, np.ones(8), talker=None)[0] <= 1


def test_card_round_trip_and_bad_files(card, tmp_path):
    path = card.write(tmp_path / "card.json")
    assert read_card(path) == card
    covered = sum(row.covered for row in card.metrics["socratic"].leave_one_tutor_out)
    assert f"| {covered} of 4 " in card_summary(card)
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(JudgeCardError, match="bad.json"):
        read_card(tmp_path / "bad.json")
    (tmp_path / "old.json").write_text(json.dumps({**json.loads(path.read_text()), "card_version": 0}))
    with pytest.raises(JudgeCardError, match="old.json: card_version 0"):
        read_card(tmp_path / "old.json")


def test_a_card_applies_only_to_its_judge(card, tmp_path):
    path = card.write(tmp_path / "card.json")
    assert choose_card("llm: x", False, str(path)).card == card
    with pytest.raises(ValueError, match="is the card of llm: x, but these logs were judged by llm: y"):
        choose_card("llm: y", False, str(path))
    assert choose_card("llm: y", False, None).card is None  # no card: the table says its numbers are the judge's
    shipped = read_card(shipped_offline_card())
    assert choose_card(shipped.judge, False, None).card == shipped
    older = choose_card("offline judges v1", False, None)
    assert older.card is None and "shipped card is for" in older.note


def test_two_way_verdicts_only(card):
    values = pd.Series([1.0, 0.5, 0.0])
    with pytest.raises(ValueError, match="two-way verdicts"):
        card_estimate(card.metrics["socratic"], "t", values, pd.Series(["a", "b", "c"]))


def test_eval_adapters_refuses_a_card_of_another_judge_before_any_eval(card, tmp_path):
    from trtutor.errors import UsageError
    from trtutor.eval_adapters import EvalAdaptersConfig, eval_adapters

    other = str(card.write(tmp_path / "c.json"))
    config = EvalAdaptersConfig(base="base", adapters=[], engine="peft", log_dir=str(tmp_path / "logs"),
                                judge="llm", grader="openai/gpt-4o", judge_card=other)  # fmt: skip
    with pytest.raises(UsageError, match="is the card of llm: x, and these runs' judge is llm: openai/gpt-4o"):
        eval_adapters(config)
    assert not (tmp_path / "logs").exists()


def test_summary_is_a_markdown_table_and_paths_are_named(card, tmp_path):
    header, separator = card_summary(card).splitlines()[2:4]
    assert header.count("|") == separator.count("|")  # no bare "|" inside a column name
    with pytest.raises(JudgeCardError, match="nothere: no such log file or folder"):
        from trtutor.scorers.judge_card import card_from_log

        card_from_log(str(tmp_path / "nothere"))
    with pytest.raises(JudgeCardError, match="a folder, not a judge card"):
        read_card(tmp_path)


def test_unscored_turns_are_not_incomplete_juries():
    from trtutor.scorers.jury import agreement_of

    ballots = [{"a": "Yes", "b": "Yes"}, {"a": "No", "b": None}, {"a": None, "b": None}, None]
    figures = agreement_of(ballots)
    assert figures["grader_agreement_turns"] == 1 and figures["grader_agreement_incomplete"] == 1


def test_the_readme_publishes_the_shipped_card():
    from pathlib import Path

    shipped = read_card(shipped_offline_card())
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text().splitlines()
    for name, metric in shipped.metrics.items():
        [row] = [line for line in readme if line.startswith(f"| `{name}` | ") and "±" in line]
        given = metric.human_yes_given_judge
        checks = metric.leave_one_tutor_out
        covered = f"{sum(check.covered for check in checks)} of {len(checks)}"
        expected = [f"{metric.bias:+.3f} ± {metric.bias_se:.3f}", f"{metric.tutor_spread:.3f}",
                    f"{given['1'][0]:.3f} / {given['0'][0]:.3f}", covered]  # fmt: skip
        assert [cell.strip() for cell in row.split("|")][2:6] == expected, row


def test_a_difference_of_estimated_rates_stays_within_one_either_way():
    """A talker the judge never credits against one it always credits: the two estimated rates are 0 and 1 at the
    extremes, so their difference and its interval are no lower than -1 (the newcomer's table said [-1.002, -0.670])."""
    card = read_card(shipped_offline_card()).metrics["socratic"]
    turns = np.ones(95)
    estimate, draws = difference_draws(card, np.zeros(95), np.ones(95), turns, np.zeros(95), np.ones(95),
                                       talker=None, reference=None)  # fmt: skip
    assert estimate == -1.0 and draws.min() >= -1.0 and np.quantile(draws, 0.025) < -0.9
    estimate, draws = difference_draws(card, np.ones(95), np.zeros(95), turns, np.ones(95), np.zeros(95),
                                       talker=None, reference=None)  # fmt: skip
    assert estimate == 1.0 and draws.max() <= 1.0
