"""Cost per leaderboard row: tokens and US dollars per 1,000 scored turns, from mockllm talkers and judges whose
token usage is set on every reply, so every number is known."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.model import ModelOutput, ModelUsage, get_model

from tests.helpers import grader_reply
from trtutor.errors import UsageError
from trtutor.leaderboard import build_leaderboard, read_logs, write_leaderboard
from trtutor.leaderboard.cost import load_prices
from trtutor.tasks.socratic import socratic

QIDS = "6000025,6000044"
SAMPLES = 3
TALKER_USAGE = (7, 3)  # input, output tokens of each talker reply
JUDGE_USAGE = {"mockllm/shared": (100, 20), "mockllm/judge-b": (50, 10)}  # of each verdict, by judge
PRICES = {  # USD per million tokens: input, output, input_cache_write, input_cache_read
    "mockllm/shared": (1.0, 2.0, 1.0, 0.5),
    "mockllm/judge-b": (3.0, 5.0, 3.0, 1.5),
}


def reply(text: str, tokens: tuple[int, int]) -> ModelOutput:
    output = ModelOutput.from_content(model="mockllm/model", content=text)
    output.usage = ModelUsage(input_tokens=tokens[0], output_tokens=tokens[1], total_tokens=sum(tokens))
    return output


def counted(model: str, key: str, calls: dict[str, int], answer):
    """A mockllm model that counts in `calls[key]` the calls that reach it (Inspect's cache answers the others, for
    nothing)."""

    def generate(input, tools, tool_choice, config):
        calls[key] = calls.get(key, 0) + 1
        return answer()

    return get_model(model, custom_outputs=generate)


def price_file(tmp_path, models: dict[str, tuple[float, ...]], name: str = "prices.yaml"):
    fields = ("input", "output", "input_cache_write", "input_cache_read")
    path = tmp_path / name
    path.write_text(json.dumps({model: dict(zip(fields, values, strict=True)) for model, values in models.items()}))
    return path


@pytest.fixture(scope="module")
def jury_logs(tmp_path_factory):
    """The human teacher and a talker, judged by a jury of two graders (a model role bound to a list); the talker
    is the same model as one of the judges, so only the model roles tell their tokens apart."""
    folder = tmp_path_factory.mktemp("cost-logs")
    calls: dict[str, dict[str, int]] = {}
    for talker in ("trtutor/human-teacher", "mockllm/shared"):
        counts = calls.setdefault(talker, {})
        jury = [
            counted(judge, judge, counts, lambda u=usage: reply(grader_reply(), u))
            for judge, usage in JUDGE_USAGE.items()
        ]
        model = (
            talker
            if talker.startswith("trtutor/")
            else counted(talker, "talker", counts, lambda: reply("Why?", TALKER_USAGE))
        )
        task = socratic(judge="llm", qids=QIDS, include_judge_train=True)
        [log] = eval(task, model=model, model_roles={"grader": jury}, limit=SAMPLES, log_dir=str(folder),
                     display="none")  # fmt: skip
        assert log.status == "success"
    return folder, calls


def expected_tokens(counts: dict[str, int]) -> tuple[int, int]:
    talker = counts.get("talker", 0) * sum(TALKER_USAGE)
    judges = sum(counts.get(judge, 0) * sum(usage) for judge, usage in JUDGE_USAGE.items())
    return talker, judges


def expected_usd(counts: dict[str, int]) -> float:
    def cost(tokens: tuple[int, int], price: tuple[float, ...]) -> float:
        return (tokens[0] * price[0] + tokens[1] * price[1]) / 1e6

    talker = counts.get("talker", 0) * cost(TALKER_USAGE, PRICES["mockllm/shared"])
    judges = sum(counts.get(judge, 0) * cost(usage, PRICES[judge]) for judge, usage in JUDGE_USAGE.items())
    return talker + judges


def test_tokens_and_dollars_per_1k_turns_are_exact(jury_logs, tmp_path):
    folder, calls = jury_logs
    assert calls["mockllm/shared"]["talker"] == SAMPLES  # one talker turn per sample, never cached
    data = read_logs([str(folder)])
    assert data.provenance["judge"] == "llm: mockllm/shared, mockllm/judge-b"  # the jury, by its members
    board = build_leaderboard(data, prices=load_prices(price_file(tmp_path, PRICES)))
    rows = board.frame.set_index("talker")
    for talker, name in (("trtutor/human-teacher", "human teacher"), ("mockllm/shared", "mockllm/shared")):
        talker_tokens, judge_tokens = expected_tokens(calls[talker])
        row = rows.loc[name]
        assert judge_tokens > 0
        assert row["talker_tokens_per_1k_turns"] == talker_tokens * 1000 / SAMPLES
        assert row["judge_tokens_per_1k_turns"] == judge_tokens * 1000 / SAMPLES
        assert row["tokens_per_1k_turns"] == (talker_tokens + judge_tokens) * 1000 / SAMPLES
        assert row["usd_per_1k_turns"] == pytest.approx(expected_usd(calls[talker]) * 1000 / SAMPLES, rel=1e-12)
        assert row["unpriced_models"] == ""
    assert rows.loc["human teacher", "talker_tokens_per_1k_turns"] == 0  # recorded turns: no model called
    assert rows.loc["mockllm/shared", "talker_tokens_per_1k_turns"] == 10_000  # 10 tokens a turn

    written = write_leaderboard(board, tmp_path / "board")
    assert written
    markdown = (tmp_path / "board" / "leaderboard.md").read_text()
    talker_tokens, judge_tokens = (t * 1000 // SAMPLES for t in expected_tokens(calls["mockllm/shared"]))
    assert re.search(rf"\| {talker_tokens + judge_tokens} \({talker_tokens} \+ {judge_tokens}\) +\|", markdown)
    assert "no talker tokens (recorded or rule-based turns, or every call cached): human teacher" in markdown
    csv = pd.read_csv(tmp_path / "board" / "leaderboard.csv").set_index("talker")
    assert csv.loc["mockllm/shared", "usd_per_1k_turns"] == pytest.approx(
        rows.loc["mockllm/shared", "usd_per_1k_turns"]
    )
    cost = json.loads((tmp_path / "board" / "provenance.json").read_text())["cost"]
    assert (
        cost["rows"]["human teacher"]["judge_tokens_per_1k_turns"]
        == rows.loc["human teacher", "judge_tokens_per_1k_turns"]
    )
    assert cost["prices"]["file"].endswith("prices.yaml")
    tex = (tmp_path / "board" / "leaderboard.tex").read_text()
    html = (tmp_path / "board" / "leaderboard.html").read_text()
    assert "USD / 1k turns" in tex and "USD / 1k turns" in html and "tokens / 1k turns" in html


def test_a_model_without_a_price_is_named_not_priced(jury_logs, tmp_path):
    folder, _ = jury_logs
    # the talker's model, which also judges, is missing: both rows used it (the human teacher's judges)
    prices = load_prices(price_file(tmp_path, {"mockllm/judge-b": PRICES["mockllm/judge-b"]}))
    board = build_leaderboard(read_logs([str(folder)]), prices=prices)
    assert board.frame["usd_per_1k_turns"].isna().all()
    assert set(board.frame["unpriced_models"]) == {"mockllm/shared"}
    write_leaderboard(board, tmp_path / "board")
    markdown = (tmp_path / "board" / "leaderboard.md").read_text()
    assert len(re.findall(r"\| no price for mockllm/shared +\|", markdown)) == 2
    csv = pd.read_csv(tmp_path / "board" / "leaderboard.csv", keep_default_na=False).set_index("talker")
    assert (
        csv.loc["human teacher", "usd_per_1k_turns"] == ""
        and csv.loc["human teacher", "unpriced_models"] == "mockllm/shared"
    )
    # without a price table: tokens, no dollars, and the notes say why
    plain = build_leaderboard(read_logs([str(folder)]))
    assert "usd_per_1k_turns" not in plain.frame and (plain.frame["tokens_per_1k_turns"] > 0).all()
    write_leaderboard(plain, tmp_path / "plain")
    assert (
        "no price table given (--prices FILE), so no US dollars" in (tmp_path / "plain" / "leaderboard.md").read_text()
    )


def test_offline_judges_use_no_tokens(trained_offline_judges, tmp_path):
    [log] = eval(socratic(judge="offline", qids=QIDS, include_judge_train=True), model="trtutor/human-teacher",
                 limit=SAMPLES, log_dir=str(tmp_path), display="none")  # fmt: skip
    board = build_leaderboard(read_logs([log.location]))
    assert board.frame.loc[0, ["tokens_per_1k_turns", "judge_tokens_per_1k_turns"]].tolist() == [0, 0]
    write_leaderboard(board, tmp_path / "board")
    assert "the offline judges call no model: 0 judge tokens" in (tmp_path / "board" / "leaderboard.md").read_text()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just a list", "expected a price table in YAML or JSON"),
        ("openai/gpt-4o: 2.5", "'openai/gpt-4o': expected {input, output, input_cache_write, input_cache_read}"),
        ("openai/gpt-4o: {input: 2.5, output: 10}", "'openai/gpt-4o': no input_cache_write, input_cache_read"),
        ("m: {input: 1, output: 1, input_cache_write: 1, input_cache_read: 1, ouput: 2}", "'m': unknown field ouput"),
        ("m: {input: -1, output: 1, input_cache_write: 1, input_cache_read: 1}", "'m': input -1 is not a price"),
        ("m: {input: 'cheap', output: 1, input_cache_write: 1, input_cache_read: 1}", "'m': input 'cheap' is not"),
        ("m: {input: 1\n  output: [", "line "),
    ],
)
def test_bad_price_tables_name_the_file_and_entry(tmp_path, text, message):
    path = tmp_path / "prices.yaml"
    path.write_text(text)
    with pytest.raises(UsageError, match=None) as error:
        load_prices(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_cli_reads_the_price_table_first(jury_logs, tmp_path, capsys):
    from trtutor.cli import main

    folder, _ = jury_logs
    assert (
        main(["leaderboard", str(folder), "--out", str(tmp_path / "cli"), "--prices", str(tmp_path / "none.yaml")]) == 2
    )
    assert "none.yaml: no such file" in capsys.readouterr().err and not (tmp_path / "cli").exists()
    assert (
        main(
            ["leaderboard", str(folder), "--out", str(tmp_path / "cli"), "--prices", str(price_file(tmp_path, PRICES))]
        )
        == 0
    )
    assert "USD / 1k turns" in capsys.readouterr().out


def test_eval_adapters_reads_the_price_table_before_any_eval(tmp_path):
    from trtutor.eval_adapters import EvalAdaptersConfig, eval_adapters

    config = EvalAdaptersConfig(base="base", adapters=[], engine="peft", log_dir=str(tmp_path / "logs"),
                                prices=str(tmp_path / "none.yaml"))  # fmt: skip
    with pytest.raises(UsageError, match="none.yaml: no such file"):
        eval_adapters(config)
    config.task, config.prices = "mathtutorbench", str(price_file(tmp_path, PRICES))
    with pytest.raises(UsageError, match="MathTutorBench's table has no cost columns"):
        eval_adapters(config)
    assert not (tmp_path / "logs").exists()
