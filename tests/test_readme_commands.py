"""Every command in the README's code blocks, run as a user would, offline: one test per README section.

The commands and how each runs here are in `tests/readme_commands.py`; they start with the session
(`tests/conftest.py`), side by side, and these tests, run last, wait for their section's commands.
"""

from __future__ import annotations

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


def test_every_readme_command_is_run_here_or_excused():
    unclassified = [command for command in readme_commands() if command not in OFFLINE]
    assert not unclassified, "README commands missing from OFFLINE in tests/readme_commands.py:\n" + "\n".join(
        unclassified
    )
    unknown = {section for needs in SECTION_NEEDS.items() for section in (needs[0], *needs[1])} - set(SECTIONS)
    assert not unknown, f"SECTION_NEEDS names sections the README no longer has: {unknown}"


@pytest.mark.slow
@pytest.mark.parametrize("section", list(SECTIONS))
def test_readme_section_runs(readme_runner, section):
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
    if section == JUDGES_SECTION:  # the README publishes the MathDial run's figures: what the command gives today
        [log] = [read_eval_log(str(path)) for path in section_log_dir(work, section).glob("*.eval")
                 if "mathdial" in read_eval_log(str(path), header_only=True).eval.dataset.name]  # fmt: skip
        metrics = {name: m.value for s in log.results.scores for name, m in s.metrics.items()}
        [row] = [line for line in (REPO / "README.md").read_text().splitlines() if line.startswith("| teacher move vs")]
        cells = [cell.strip() for cell in row.split("|")]
        assert f"{len(log.samples):,} held-out turns" in cells[1]
        assert (cells[3], cells[5]) == (f"{metrics['move_macro_f1']:.3f}", f"{metrics['move_accuracy']:.3f}"), row
