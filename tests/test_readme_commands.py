"""Every command in the README's code blocks, run as a user would, offline: one test per README section.

The commands and how each runs here are in `tests/readme_commands.py`; they start with the session
(`tests/conftest.py`), side by side, and these tests, run last, wait for their section's commands.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from inspect_ai.log import read_eval_log

from tests.readme_commands import (
    ADAPTERS_SECTION,
    JUDGES_SECTION,
    OFFLINE,
    REPO,
    SECTION_NEEDS,
    SECTIONS,
    readme_commands,
    section_log_dir,
)
from tests.test_judge_agreement import CONTRACT as AGREEMENT_CONTRACT

MAIN_JOB_SECTION = "The main job: score a talker"
HUMAN = "trtutor/human-teacher"
MAIN_JOB_SAMPLES = 60  # the README's --limit: 10 conversations, the fewest `strategy` reads


def test_every_readme_command_is_run_here_or_excused():
    unclassified = [command for command in readme_commands() if command not in OFFLINE]
    assert not unclassified, "README commands missing from OFFLINE in tests/readme_commands.py:\n" + "\n".join(
        unclassified
    )
    unknown = {section for needs in SECTION_NEEDS.items() for section in (needs[0], *needs[1])} - set(SECTIONS)
    assert not unknown, f"SECTION_NEEDS names sections the README no longer has: {unknown}"


@pytest.mark.slow
@pytest.mark.parametrize("section", list(SECTIONS))
def test_readme_section_runs(readme_runner, section, tmp_path):
    """Each runnable command of one README section, as a user types it (a section starts once the sections it
    needs are done: SECTION_NEEDS)."""
    run = readme_runner.wait(section, timeout=1800)
    print(f"{section}:\n" + "\n".join(run.lines))
    assert not run.failures, "\n\n".join(run.failures)
    work = readme_runner.work
    if section == ADAPTERS_SECTION:
        # run twice with the same --log-dir (the second resumes the first): one eval-set, one leaderboard
        assert (work / "logs" / "talker-rank" / "eval-set.json").is_file()
        assert (work / "results" / "talker-rank" / "leaderboard.md").is_file()
    if section == "Leaderboards":  # from an eval-set folder and a judge_agreement log
        assert (work / "results" / "NAME" / "leaderboard.md").is_file()
        # the LLM grader judged the human teacher's turns (the fake server reports 120 tokens a call; the adapters'
        # turns may repeat one another's, and a judge call answered from the cache costs nothing)
        board = pd.read_csv(work / "results" / "NAME" / "leaderboard.csv", keep_default_na=False).set_index("talker")
        human = board.loc["human teacher"]
        assert human["judge_tokens_per_1k_turns"] > 0 and human["talker_tokens_per_1k_turns"] == 0, board.to_string()
        assert float(human["usd_per_1k_turns"]) > 0 and human["unpriced_models"] == "", board.to_string()
    if section == MAIN_JOB_SECTION:
        check_main_job(section_log_dir(work, section))
    if section == JUDGES_SECTION:
        check_offline_agreement(section_log_dir(work, section), tmp_path)
        # the README publishes the MathDial run's figures: what the command gives today
        [log] = [read_eval_log(str(path)) for path in section_log_dir(work, section).glob("*.eval")
                 if "mathdial" in read_eval_log(str(path), header_only=True).eval.dataset.name]  # fmt: skip
        metrics = {name: m.value for s in log.results.scores for name, m in s.metrics.items()}
        [row] = [line for line in (REPO / "README.md").read_text().splitlines() if line.startswith("| teacher move vs")]
        cells = [cell.strip() for cell in row.split("|")]
        assert f"{len(log.samples):,} held-out turns" in cells[1]
        assert (cells[3], cells[5]) == (f"{metrics['move_macro_f1']:.3f}", f"{metrics['move_accuracy']:.3f}"), row


def check_main_job(log_dir):
    """The README's first command (offline judges, the human teacher) gives the four scorers and the metadata the
    README describes; its last finds the installed task by name from a folder that is not the repository."""
    logs = [read_eval_log(str(path)) for path in log_dir.glob("*.eval")]
    [main_job] = [log for log in logs if log.eval.task_file == "tasks/socratic.py" and log.eval.model == HUMAN]
    assert main_job.status == "success" and len(main_job.samples) == MAIN_JOB_SAMPLES
    scorers = ["socratic", "answer_leakage", "correctness", "strategy"]
    assert [score.name for score in main_job.results.scores] == scorers
    assert all(set(score.metrics) == {"mean", "stderr"} for score in main_job.results.scores[:3])
    assert set(main_job.results.scores[3].metrics) == {
        "flagged", "top_text_share", "top_frame_share", "distinct_frames", "repeat_share", "template_turn_share",
        "top_span_share", "top_span_low", "top_span_turn_share", "top_span_turn_low", "false_statement_share",
        "disordered_share", "no_mathematics_share",
        "no_mathematics_low",
        "other_numbers_share", "new_number_share", "solution_moments", "doubted_right_answer_share",
        "right_answer_moments", "single_mention_share", "unaddressed_share", "unfinished_share", "student_voice_share",
        "narrates_share", "belittles_share", "reversed_advice_share", "only_care_share", "elsewhere_share",
        "faulty_share",
        "asked_about_answer_share",
        "accepted_wrong_answer_share", "accepted_wrong_answer_low", "wrong_answer_moments", "revealed_answer_share",
        "revealed_answer_low", "conversations",
    }  # fmt: skip
    strategy = main_job.results.scores[3].metrics
    assert strategy["conversations"].value == 10 and strategy["flagged"].value == 0  # read, and not flagged
    assert all(sample.output.completion == sample.target for sample in main_job.samples)
    metadata = main_job.eval.task_args | main_job.eval.metadata
    assert metadata["judge"] == "offline" and metadata["data_load"]["rows_skipped"] == 0
    assert set(metadata["prompt_sha256"]) == {"talker_prompt", "talker_reasoner_context"}  # no judge prompt offline
    assert metadata["offline_move_classifier"]["problems"] > 0
    [by_name] = [log for log in logs if log.eval.task == "trtutor/socratic"]  # through the inspect_ai entry point
    assert by_name.status == "success" and by_name.eval.task_file is None and len(by_name.samples) == 3


def check_offline_agreement(log_dir: Path, tmp_path: Path) -> None:
    """The README's offline judge_agreement command, on every labelled response of the bundled MRBench file: the
    contract's metrics, the agreement table, the figures the README publishes, and the shipped judge card."""
    from dataclasses import replace

    from trtutor.agreement_table import agreement_table
    from trtutor.cli import main
    from trtutor.leaderboard.cards import shipped_offline_card
    from trtutor.scorers.judge_card import partial_log_note, read_card

    def is_offline_mrbench(path: Path) -> bool:
        header = read_eval_log(str(path), header_only=True).eval
        arguments = header.task_args
        return header.task == "judge_agreement" and arguments.get("judge") == "offline" and not arguments.get("data")

    [path] = [path for path in log_dir.glob("*.eval") if is_offline_mrbench(path)]
    log = read_eval_log(str(path))
    assert len(log.samples) == 787
    metrics = {name: m.value for s in log.results.scores for name, m in s.metrics.items()}
    assert set(AGREEMENT_CONTRACT) <= set(metrics)
    assert all(not math.isnan(metrics[name]) for name in AGREEMENT_CONTRACT)
    table = agreement_table(str(path))
    assert len(table) == 9 and table["responses"].sum() == 787

    # the README publishes this run's figures (its table under "Are the judges right?")
    readme = (REPO / "README.md").read_text().splitlines()
    published = {
        "| leakage vs": ("leakage_f1", None, "leakage_kappa", "leakage_accuracy", "leakage_tutor_spearman"),
        "| socratic vs": (None, "socratic_macro_f1", "socratic_kappa", None, "socratic_tutor_spearman"),
        "| correctness vs": (None, "correctness_macro_f1", "correctness_kappa", None, "correctness_tutor_spearman"),
    }
    for start, names in published.items():
        [row] = [line for line in readme if line.startswith(start)]
        cells = [cell.strip() for cell in row.split("|")][2:7]
        assert cells == [f"{metrics[name]:.3f}" if name else "" for name in names], row

    # the offline judges' shipped card is this run's card (rebuild it with `trtutor judge-card` when judges change)
    assert main(["judge-card", str(path), "--out", str(tmp_path / "card.json")]) == 0
    assert partial_log_note(str(path)) == ""  # the whole data: no note
    built, shipped = read_card(tmp_path / "card.json"), read_card(shipped_offline_card())
    assert replace(built, harness_version="") == replace(shipped, harness_version=""), (
        "trtutor/data/bundled/judge_card_offline.json is stale: trtutor judge-card LOG --out it"
    )
    assert metrics["socratic_card_bias"] == pytest.approx(shipped.metrics["socratic"].bias)
    written = set(tmp_path.iterdir())
    assert main(["judge-card", str(path)]) == 0 and set(tmp_path.iterdir()) == written  # without --out: printed only
