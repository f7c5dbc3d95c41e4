"""Leaderboards from real evals: mockllm talkers and judges whose outputs make every score known."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.model import get_model
from scipy import stats

from tests.helpers import grader_reply, mock_output
from trtutor.leaderboard import MixedLogsError, build_leaderboard, read_logs, write_leaderboard
from trtutor.leaderboard.stats import PERMUTATIONS, RESAMPLES, SEED, holm
from trtutor.scorers.offline.judges_version import JUDGES_VERSION
from trtutor.tasks.socratic import socratic
from trtutor.trained_problems import write_trained_problems

QIDS = "6000044,6000057,6000070"  # 77 turns in 12 conversations
GOOD = "What happens to the spoons she used?"
BAD = "The answer is 10."


def verdict(good: bool) -> str:
    return grader_reply(
        guidance="Yes" if good else "No",
        move="probing" if good else "telling",
        revealing="No" if good else "Yes (and the answer is correct)",
        mistake="Yes",
        rationale="r",
    )


def grader(pairwise: str = "A"):
    """Per-turn verdicts by the turn's text; pairwise verdicts always "A" (order-biased) or for the GOOD turn."""

    def reply(input, tools, tool_choice, config):
        prompt = input[-1].text
        if "<turn_a>" in prompt:
            if pairwise == "A":
                return mock_output('{"winner": "A", "rationale": "first is better"}')
            first = prompt.split("<turn_a>")[1].split("</turn_a>")[0]
            return mock_output(json.dumps({"winner": "A" if GOOD in first else "B", "rationale": "r"}))
        turn = prompt.split("<tutor_turn>")[1].split("</tutor_turn>")[0]
        return mock_output(verdict(BAD not in turn))

    return get_model("mockllm/grader", custom_outputs=reply)


def talker(name: str, bad_every: int):
    """A talker whose turn depends only on the sample, so its scores are known sample by sample."""

    def reply(input, tools, tool_choice, config):
        return mock_output(BAD if len(input[-1].text) % bad_every == 0 else GOOD)

    return get_model(f"mockllm/{name}", custom_outputs=reply)


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("leaderboard-logs")
    for model in ("trtutor/human-teacher", talker("talker-a", 3), talker("talker-b", 2)):
        task = socratic(judge="llm", qids=QIDS, include_judge_train=True, pairwise=True)
        [log] = eval(task, model=model, model_roles={"grader": grader("A")}, log_dir=str(folder), display="none")
        assert log.status == "success"
        LOGS[str(log.eval.model)] = log.location
    return folder


LOGS: dict[str, str] = {}


def test_means_intervals_and_paired_tests_match_scipy(log_dir):
    data = read_logs([str(log_dir)])
    board = build_leaderboard(data)
    assert board.reference == "human teacher"
    assert list(board.frame["talker"])[0] == "human teacher"
    samples = data.samples
    for talker_name in ("mockllm/talker-a", "mockllm/talker-b"):
        rows = samples[samples["talker"] == talker_name]
        row = board.frame[board.frame["talker"] == talker_name].iloc[0]
        # known: socratic is 1 exactly for the GOOD turns
        assert row["socratic_mean"] == pytest.approx(rows["socratic"].mean())
        assert row["answer_leakage_mean"] == pytest.approx(1 - rows["socratic"].mean())
        # the interval, recomputed directly with scipy over conversations
        sums = rows.groupby("conversation_id")["socratic"].sum().to_numpy()
        counts = rows.groupby("conversation_id")["socratic"].count().to_numpy(dtype=float)
        direct = stats.bootstrap(
            (sums, counts), lambda s, n, axis=-1: s.sum(axis) / n.sum(axis), paired=True, vectorized=True,
            n_resamples=RESAMPLES, method="percentile", random_state=np.random.default_rng(SEED),
        ).confidence_interval  # fmt: skip
        assert (row["socratic_low"], row["socratic_high"]) == pytest.approx((direct.low, direct.high))
        # the paired test against the human teacher, directly with scipy
        human = samples[samples["talker"] == "human teacher"].set_index("sample_id")["socratic"]
        joined = rows.set_index("sample_id").join(human.rename("human"))
        by_conversation = joined.groupby("conversation_id")[["socratic", "human"]].sum()
        pairs = len(joined)
        test = stats.permutation_test(
            (by_conversation["socratic"].to_numpy(), by_conversation["human"].to_numpy()),
            lambda x, y, axis=-1, pairs=pairs: (x.sum(axis) - y.sum(axis)) / pairs, permutation_type="samples",
            vectorized=True, n_resamples=PERMUTATIONS, random_state=np.random.default_rng(SEED),
        )  # fmt: skip
        assert row["socratic_diff"] == pytest.approx((joined["socratic"] - joined["human"]).mean())
        assert row["socratic_p"] == pytest.approx(test.pvalue)
        assert row["socratic_p_holm"] >= row["socratic_p"]
    all_p = [board.frame[c].dropna().tolist() for c in board.frame if c.endswith("_p_holm")]
    assert all(0 <= p <= 1 for ps in all_p for p in ps)


def test_order_biased_judge_gives_ties(log_dir):
    board = build_leaderboard(read_logs([str(log_dir)]))
    # the judge always says "A": each turn wins once and loses once, so every comparison is a tie
    assert set(board.frame["pairwise_mean"]) == {0.5}
    assert (board.frame["pairwise_errors"] == 0).all()


def test_fair_judge_win_rate(tmp_path):
    task = socratic(judge="llm", qids=QIDS, include_judge_train=True, pairwise=True)
    [log] = eval(task, model=talker("talker-good", 10**9), model_roles={"grader": grader("fair")}, display="none")
    wins = [s.scores["pairwise"].value for s in log.samples]
    assert wins == [1.0] * len(wins)  # GOOD wins in both orders (no human turn contains the GOOD text)


def test_mixed_judges_are_refused_unless_allowed(log_dir, tmp_path):
    [offline] = eval(socratic(judge="offline", qids=QIDS, include_judge_train=True), model="trtutor/human-teacher",
                     log_dir=str(tmp_path), display="none")  # fmt: skip
    mixed = [offline.location, LOGS["mockllm/talker-a"]]
    with pytest.raises(MixedLogsError, match="logs differ in judge"):
        read_logs(mixed)
    data = read_logs(mixed, allow_mixed=True)
    assert "judge" in data.mixed
    board = build_leaderboard(data)
    written = write_leaderboard(board, tmp_path / "mixed")
    markdown = (tmp_path / "mixed" / "leaderboard.md").read_text()
    assert "MIXED TABLE" in markdown and "the judge's rates, not the annotators'" in markdown  # no one card fits
    assert "socratic_judge_rate" not in board.frame
    assert written


def test_two_logs_of_one_talker_are_refused_by_name(log_dir, tmp_path):
    # a second run of talker-a, as Inspect's one default ./logs collects every run
    task = socratic(judge="llm", qids=QIDS, include_judge_train=True, pairwise=True)
    [again] = eval(task, model=talker("talker-a", 3), model_roles={"grader": grader("A")}, log_dir=str(tmp_path),
                   limit=2, display="none")  # fmt: skip
    twice = [LOGS["mockllm/talker-a"], again.location, LOGS["mockllm/talker-b"]]
    with pytest.raises(ValueError, match=r"2 logs for the talker 'mockllm/talker-a' \(.*\).*--log-dir logs/<talker>"):
        read_logs(twice)


def test_rows_that_left_out_different_trained_problems_are_refused_unless_allowed(
    log_dir, tmp_path, sft_data, dev_conversations
):
    [question] = {c.question for c in dev_conversations if c.qid == "6000057"}
    write_trained_problems(tmp_path, sft_data, [question], [None])
    guarded = []
    for model in ("trtutor/human-teacher", talker("talker-c", 3)):
        task = socratic(judge="llm", qids=QIDS, include_judge_train=True, pairwise=True, trained_problems=str(tmp_path))
        [log] = eval(task, model=model, model_roles={"grader": grader("A")}, limit=3, log_dir=str(tmp_path / "logs"),
                     display="none")  # fmt: skip
        guarded.append(log.location)
    # left out alike: one table, which says what was left out
    board = build_leaderboard(read_logs(guarded))
    write_leaderboard(board, tmp_path / "alike")
    markdown = (tmp_path / "alike" / "leaderboard.md").read_text()
    assert re.search(r"Problems the adapters were trained on: left out, list \w{12} \(8 samples\)", markdown)
    # against a run that left nothing out: refused, naming the cause; marked when allowed
    mixed = [guarded[1], LOGS["trtutor/human-teacher"]]
    cause = r"differ in excluded_trained \(left out, list \w{12} \(mockllm/talker-c\) vs none \(human teacher\)"
    with pytest.raises(MixedLogsError, match=cause):
        read_logs(mixed)
    with pytest.raises(MixedLogsError, match=r"run every talker with -T trained_problems="):  # and how to fix it
        read_logs(mixed)
    write_leaderboard(build_leaderboard(read_logs(mixed, allow_mixed=True)), tmp_path / "mixed")
    assert (
        "MIXED TABLE (--allow-mixed): the logs differ in excluded_trained: "
        in (tmp_path / "mixed" / "leaderboard.md").read_text()
    )


def test_mixed_table_is_said_on_the_console_too(log_dir, tmp_path, capsys):
    from trtutor.cli import main

    [offline] = eval(socratic(judge="offline", qids=QIDS, include_judge_train=True), model="trtutor/human-teacher",
                     log_dir=str(tmp_path / "offline"), display="none")  # fmt: skip
    assert main(["leaderboard", offline.location, LOGS["mockllm/talker-a"], "--out", str(tmp_path / "mixed"),
                 "--allow-mixed"]) == 0  # fmt: skip
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, warnings
    assert "--allow-mixed: the logs of this table differ in judge (" in warnings[0] and "MIXED" in warnings[0]
    assert (
        f"offline judges v{JUDGES_VERSION} (human teacher)" in warnings[0]
        and "llm: mockllm/grader (mockllm/talker-a)" in warnings[0]
    )
    # logs alike: no warning
    assert main(["leaderboard", str(log_dir), "--out", str(tmp_path / "alike"), "--allow-mixed"]) == 0
    assert "warning:" not in capsys.readouterr().err


def test_every_output_file(log_dir, tmp_path):
    board = build_leaderboard(read_logs([str(log_dir)]))
    written = write_leaderboard(board, tmp_path / "board")
    names = {path.name for path in written}
    assert {"leaderboard.md", "leaderboard.csv", "leaderboard.tex", "leaderboard.html", "socratic.png"} <= names

    markdown = (tmp_path / "board" / "leaderboard.md").read_text()
    assert "Judge: llm: mockllm/grader" in markdown and "win rate vs human" in markdown
    assert "human teacher" in markdown
    assert "**Numbers: the judge's rates, not the annotators'**" in markdown  # no card for this grader
    for other in ("leaderboard.html", "leaderboard.tex"):  # Markdown's bold markers do not leak into the others
        assert "**" not in (tmp_path / "board" / other).read_text()

    frame = pd.read_csv(tmp_path / "board" / "leaderboard.csv")
    assert list(frame["talker"])[0] == "human teacher" and "socratic_low" in frame

    class Cells(HTMLParser):
        rows, cells, scripts, images = 0, 0, 0, 0

        def handle_starttag(self, tag, attrs):
            self.rows += tag == "tr"
            self.cells += tag == "td"
            self.scripts += tag == "script"
            self.images += tag == "img" and dict(attrs)["src"].startswith("data:image/png;base64,")

    parser = Cells()
    parser.feed((tmp_path / "board" / "leaderboard.html").read_text())
    # two tables (means, then the comparison), each a header + 3 talkers; sortable; every plot embedded
    assert parser.rows == 8 and parser.cells > 0 and parser.scripts == 1
    assert parser.images == len([path for path in written if path.suffix == ".png"])
    # the main table: one cell per metric, "mean [low, high]"
    header, rule, first, *_ = markdown.split("Mean [95 % CI] per metric:")[1].strip().splitlines()
    assert re.search(r"\| 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]", first) or "—" in first
    assert "Compared with human teacher" in markdown and "p (Holm)" in markdown.split("Compared with")[1]

    import matplotlib.image

    image = matplotlib.image.imread(tmp_path / "board" / "socratic.png")
    assert image.shape[0] > 100 and image.shape[1] > 100

    tex = (tmp_path / "board" / "leaderboard.tex").read_text()
    assert "% differences, p-values and counts are in leaderboard.md" in tex  # says where they went
    assert "\\begin{tabular}" in tex and "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex
    table_lines = [line for line in tex.splitlines() if line.endswith("\\\\")]
    assert len(table_lines) == 4 and len({line.count(" & ") for line in table_lines}) == 1
    assert not any(ord(character) > 127 for character in tex.split("\\begin{tabular}")[1])  # pdflatex-safe


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium package")
def test_html_page_fits_a_1600_px_browser(log_dir, tmp_path):
    """Headless Chromium lays the page out at 1600 px: nothing runs off the page, the plots sit beside the main
    table, and a screenshot is taken."""
    board = build_leaderboard(read_logs([str(log_dir)]))
    write_leaderboard(board, tmp_path / "board")
    page = (tmp_path / "board" / "leaderboard.html").read_text()
    probe = (
        "<script>window.addEventListener('load', () => { const table = document.querySelector('.main table')"
        ".getBoundingClientRect(); const plot = document.querySelector('.plots img').getBoundingClientRect();"
        "document.body.dataset.layout = JSON.stringify({page: document.documentElement.scrollWidth, "
        "tableRight: table.right, plotLeft: plot.left, plotTop: plot.top, tableTop: table.top}); });</script>"
    )
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("</body>", probe + "</body>"))
    chromium = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000",
                "--virtual-time-budget=5000"]  # fmt: skip
    dom = subprocess.run([*chromium, "--dump-dom", probed.as_uri()], capture_output=True, text=True, timeout=120)
    layout = json.loads(html.unescape(re.search(r'data-layout="([^"]+)"', dom.stdout).group(1)))
    assert layout["page"] <= 1600, layout  # no horizontal scrolling of the page
    assert layout["plotLeft"] >= layout["tableRight"] and abs(layout["plotTop"] - layout["tableTop"]) < 200, layout
    shot = tmp_path / "leaderboard.png"
    subprocess.run([*chromium, f"--screenshot={shot}", (tmp_path / "board" / "leaderboard.html").as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    assert shot.stat().st_size > 10_000


def test_cli(log_dir, tmp_path, capsys):
    from trtutor.cli import main

    assert main(["leaderboard", str(log_dir), "--out", str(tmp_path / "cli")]) == 0
    printed = capsys.readouterr().out
    # what the numbers are is said above the printed table, as in the files
    assert "human teacher" in printed and printed.startswith("Numbers: ")
    assert main(["leaderboard", str(log_dir), "--out", str(tmp_path / "x"), "--reference", "nobody"]) == 2


def test_judge_agreement_is_printed_under_the_table(log_dir, tmp_path):
    from trtutor.tasks.judge_agreement import judge_agreement

    [agreement] = eval(judge_agreement(), model="none", limit=30, log_dir=str(tmp_path / "agreement"), display="none")
    data = read_logs([str(log_dir), agreement.location])
    assert data.agreement and "leakage_f1" in data.agreement[0]
    write_leaderboard(build_leaderboard(data), tmp_path / "board")
    markdown = (tmp_path / "board" / "leaderboard.md").read_text()
    # an offline agreement log under an LLM-judged table: named in full, and said not to be this table's judge
    assert (
        f"Judge agreement (offline judges v{JUDGES_VERSION} on mrbench_v2_dev.json, not the judge of this table)"
        in markdown
    )


def test_talker_names():
    from trtutor.leaderboard import talker_name

    assert talker_name("trtutor/human-teacher", None) == "human teacher"
    assert talker_name("vllm/Qwen/Qwen2.5-7B-Instruct:socratic-r16", None) == "socratic-r16"
    assert talker_name("trtutor/mrbench-replay", {"tutor": "GPT4"}) == "GPT4 (MRBench)"
    assert talker_name("openai/gpt-4o-mini", {}) == "openai/gpt-4o-mini"
    assert talker_name("vllm/Qwen/Qwen2.5-7B-Instruct:/runs/adapters/talker-a", None) == "talker-a"
    assert talker_name("vllm/Qwen/Qwen2.5-7B-Instruct:org/talker-b", None) == "org/talker-b"
    assert talker_name("trtutor/peft//runs/adapters/talker-a", None) == "talker-a"
    assert talker_name("trtutor/peft/Qwen/Qwen2.5-0.5B-Instruct", None) == "Qwen/Qwen2.5-0.5B-Instruct"
    assert talker_name("openai-api/transformers//cache/merged/talker-a", None) == "talker-a"


def test_latex_compiles_when_tex_is_installed(log_dir, tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdflatex") is None:
        pytest.skip("no TeX installed: test_every_output_file checks the LaTeX structurally")
    write_leaderboard(build_leaderboard(read_logs([str(log_dir)])), tmp_path)
    document = tmp_path / "doc.tex"
    document.write_text(
        "\\documentclass{article}\\usepackage{booktabs}\\usepackage{graphicx}\\begin{document}"
        "\\resizebox{\\textwidth}{!}{\\input{leaderboard.tex}}\\end{document}"
    )
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], cwd=tmp_path, capture_output=True)
    assert result.returncode == 0, result.stdout[-2000:]


def test_holm_by_hand():
    assert holm([0.01, 0.04, 0.03, float("nan")])[:3] == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


def test_benchmark_runs_small(tmp_path):
    from benchmarks.leaderboard import make_logs, time_leaderboard

    paths = make_logs(tmp_path, talkers=3, samples=40)
    timing = time_leaderboard(paths, tmp_path / "board")
    assert (timing.talkers, timing.samples) == (3, 40)
    assert (tmp_path / "board" / "leaderboard.html").is_file()


def failing_talker(name: str, fail_on_sample: int):
    """A talker whose call for the `fail_on_sample`-th sample (in the order asked) raises."""
    calls = []

    def reply(input, tools, tool_choice, config):
        calls.append(1)
        if len(calls) == fail_on_sample:
            raise RuntimeError("the talker's server went away")
        return mock_output(GOOD)

    return get_model(f"mockllm/{name}", custom_outputs=reply)


def test_incomplete_logs_are_refused_unless_allowed(log_dir, tmp_path):
    from trtutor.leaderboard import IncompleteLogsError

    task = socratic(judge="llm", qids=QIDS, include_judge_train=True, pairwise=True)
    # one sample ends in an error, the run goes on: status success, one sample without scores
    [partial] = eval(task, model=failing_talker("talker-flaky", 2), model_roles={"grader": grader("A")},
                     log_dir=str(tmp_path), display="none", fail_on_error=False, max_samples=1)  # fmt: skip
    assert partial.status == "success" and sum(1 for s in partial.samples if s.error) == 1
    # the run stops at the first failed sample: status error
    [stopped] = eval(task, model=failing_talker("talker-crashed", 3), model_roles={"grader": grader("A")},
                     log_dir=str(tmp_path), display="none", max_samples=1)  # fmt: skip
    assert stopped.status == "error"

    with pytest.raises(IncompleteLogsError) as error:
        read_logs([str(log_dir), partial.location])
    assert partial.location.removeprefix("file://") in str(error.value) or partial.location in str(error.value)
    assert "1 sample(s) ended in an error" in str(error.value) and "--allow-incomplete" in str(error.value)
    with pytest.raises(IncompleteLogsError, match="status error"):
        read_logs([str(log_dir), stopped.location])
    # a run killed with -9, or still running: status "started" and no error message (pandas reads it as NA)
    from inspect_ai.log import write_eval_log

    killed = stopped.model_copy(update={"status": "started", "error": None})
    write_eval_log(killed, str(tmp_path / "killed" / "killed.eval"))
    with pytest.raises(IncompleteLogsError, match="status started"):
        read_logs([str(log_dir), str(tmp_path / "killed")])

    data = read_logs([str(log_dir), partial.location, stopped.location], allow_incomplete=True)
    planned = len(partial.samples)
    assert data.missing["mockllm/talker-flaky"] == 1 and data.missing["mockllm/talker-crashed"] >= 1
    assert data.missing["human teacher"] == 0
    board = build_leaderboard(data)
    row = board.frame.set_index("talker").loc["mockllm/talker-flaky"]
    # the failed sample is missing, not a scoring error of the judge
    assert row["socratic_n"] == planned - 1 and row["socratic_errors"] == 0
    written = write_leaderboard(board, tmp_path / "board")
    markdown = (tmp_path / "board" / "leaderboard.md").read_text()
    assert "missing samples" in markdown and written
