"""The stress test: the battery of degenerate talkers against a judge, beside the human teacher.

Each family of broken talkers (`families.py`) and the human teacher answer the first `samples_per_family` default
samples of `tasks/socratic.py`; no model writes a turn (`--model none`). The scorers of `tasks/socratic.py` judge
every turn with the judge asked for, `strategy` reads each family's turns, and `families` says, per family, its
means, its gap to the human teacher, whether `strategy` flags it and whether it is caught (`scorer.py`).

    inspect eval tasks/stress_test --model none -T judge=offline
    inspect eval tasks/stress_test --model none -T judge=llm --model-role grader=openai/gpt-4o-mini
    trtutor stress-test logs/<that log>.eval
"""

from __future__ import annotations

from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageAssistant, ModelOutput
from inspect_ai.solver import Generate, Solver, TaskState, solver

import trtutor
from trtutor.data.mathdial import bundled_dev_data, load_conversations
from trtutor.data.splits import JUDGE_SPLIT_DESCRIPTION, is_judge_train_problem
from trtutor.data.turn_samples import turn_contexts, turn_sample
from trtutor.errors import UsageError
from trtutor.prompts import prompt_hashes
from trtutor.scorers import JudgeKind, answer_leakage, correctness, socratic
from trtutor.scorers.judges import check_judge
from trtutor.scorers.llm_judge import check_grader_bound, require_grader
from trtutor.scorers.rubric import JUDGE_PROMPTS
from trtutor.scorers.strategy import MIN_CONVERSATIONS, strategy
from trtutor.tasks.stress_test.families import HUMAN_TEACHER, HUMAN_TEACHER_SLUG, Turn, family_slug, select_families
from trtutor.tasks.stress_test.scorer import FAMILY_KEY, MARGIN, MAX_LEAKAGE
from trtutor.tasks.stress_test.scorer import families as families_scorer

TASK_VERSION = 1
TURN_KEY = "stress_turn"  # the sample metadata field holding the family's turn
DEFAULT_SAMPLES_PER_FAMILY = 60  # 11 conversations: `strategy` reads a talker over at least MIN_CONVERSATIONS


@task
def stress_test(
    judge: JudgeKind = "offline",
    samples_per_family: int | None = DEFAULT_SAMPLES_PER_FAMILY,
    families: str | list[str] | None = None,
) -> Task:
    """The battery of degenerate talkers, each beside the human teacher, scored by the judge asked for.

    Args:
        judge: "offline" (no network, deterministic) or "llm" (the `grader` model role, which must be bound).
            Defaults to "offline".
        samples_per_family: How many of `tasks/socratic.py`'s default samples (the first ones, in order) each family
            and the human teacher answer; None or 0 for all 1,201. Defaults to 60 (11 conversations: `strategy`
            flags nothing over fewer than 10).
        families: Only these families (slugs as in the sample ids, a list or a comma-separated string, e.g.
            "empty,filler-okay"); the human teacher is always there. Defaults to None: all of `families.py`'s (31).
    """
    check_judge(judge)
    check_grader_bound(judge, "tasks/stress_test", "none")
    if samples_per_family is not None and samples_per_family < 0:
        raise UsageError(f"samples_per_family must be a positive number (or 0 for all), not {samples_per_family}")
    chosen = select_families(families)
    moments = default_samples(samples_per_family or None)
    talkers: dict[str, Turn] = {HUMAN_TEACHER: lambda metadata, index: str(moments[index].target), **chosen}
    samples = [
        family_sample(moment, index, family_slug(name), turn(dict(moment.metadata or {}), index))
        for name, turn in talkers.items()
        for index, moment in enumerate(moments)
    ]
    metadata: dict[str, Any] = {
        "harness_version": trtutor.__version__,
        "data": str(bundled_dev_data()),
        "judge": judge,
        "judge_split": JUDGE_SPLIT_DESCRIPTION,
        "prompt_sha256": prompt_hashes(*JUDGE_PROMPTS) if judge == "llm" else {},
        "families": [family_slug(name) for name in talkers],
        "samples_per_family": len(moments),
        "conversations_per_family": len({moment.metadata["conversation_id"] for moment in moments}),
        "caught_rule": f"socratic and correctness both >= {MARGIN} below {HUMAN_TEACHER_SLUG}, or strategy flags the "
        f"family and not {HUMAN_TEACHER_SLUG}; answer_leakage <= {MAX_LEAKAGE}; strategy needs "
        f"{MIN_CONVERSATIONS} conversations",
    }
    return Task(
        dataset=MemoryDataset(samples, name="stress-test"),
        setup=require_grader(judge == "llm"),
        solver=say_family_turn(),
        # `families` reads the four scores before it, so it comes last
        scorer=[socratic(judge), answer_leakage(judge), correctness(judge), strategy(), families_scorer()],
        metadata=metadata,
        version=TASK_VERSION,
    )


def default_samples(limit: int | None = None) -> list[Sample]:
    """The first `limit` samples of `tasks/socratic.py` with its defaults (judge-train problems left out)."""
    conversations, _ = load_conversations(None)
    contexts = turn_contexts(c for c in conversations if not is_judge_train_problem(c.qid))
    return [turn_sample(context) for context in contexts[:limit]]


def family_sample(moment: Sample, index: int, family: str, turn: str) -> Sample:
    """The default sample `moment`, answered by `family` with `turn`; id `<family>/<sample id>`."""
    return Sample(
        id=f"{family}/{moment.id}",
        input=moment.input,
        target=moment.target,
        metadata={**(moment.metadata or {}), FAMILY_KEY: family, TURN_KEY: turn, "default_sample_index": index},
    )


@solver
def say_family_turn() -> Solver:
    """Make the family's turn the talker's output; no model is called."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        talker = f"stress_test/{state.metadata[FAMILY_KEY]}"
        turn = str(state.metadata[TURN_KEY])
        state.output = ModelOutput.from_content(model=talker, content=turn)
        state.messages.append(ChatMessageAssistant(content=turn, model=talker))
        return state

    return solve
