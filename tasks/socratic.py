"""Socratic next-turn evaluation on MathDial.

For each teacher turn after the opening one, the talker under test (`--model`) writes the next tutor turn from the
student persona, the problem, the student's incorrect solution, the reasoner's context (when given) and the
conversation so far. Three scorers judge the turn: `socratic`, `answer_leakage` (lower is better) and
`correctness`, by an LLM judge bound to the `grader` model role or by offline judges. A fourth, `strategy`, reads the
talker over all its turns: the same text, or the same frame, in many conversations (`scorers/strategy.py`).

    inspect eval tasks/socratic.py --model trtutor/human-teacher -T judge=offline --limit 50
    inspect eval tasks/socratic.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o
    inspect eval tasks/socratic.py --model openai/gpt-4o-mini --model-role grader=openai/gpt-4o,openai/gpt-4.1
    inspect eval trtutor/socratic --model vllm/Qwen/Qwen2.5-7B-Instruct -T reasoner_context=contexts.jsonl
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset
from inspect_ai.solver import Generate, Solver, TaskState, generate, solver

import trtutor
from trtutor.adapters import check_talker_adapter
from trtutor.data.mathdial import bundled_dev_data, load_conversations, wanted_qids
from trtutor.data.mrbench import is_mrbench_file
from trtutor.data.splits import JUDGE_SPLIT_DESCRIPTION, is_judge_train_problem
from trtutor.data.turn_samples import (
    MOMENT_STORE_KEY,
    REFERENCE_STORE_KEY,
    baseline_moment,
    turn_contexts,
    turn_sample,
)
from trtutor.errors import UsageError
from trtutor.paths import user_path
from trtutor.prompts import prompt_hashes
from trtutor.reasoner_context import load_reasoner_contexts
from trtutor.scorers import JudgeKind, answer_leakage, correctness
from trtutor.scorers import socratic as socratic_scorer
from trtutor.scorers.judges import check_judge
from trtutor.scorers.llm_judge import active_model, check_grader_bound, require_grader
from trtutor.scorers.offline.judges_version import JUDGES_VERSION
from trtutor.scorers.offline.move_classifier import default_move_classifier
from trtutor.scorers.pairwise import pairwise as pairwise_scorer
from trtutor.scorers.pedagogical_reward import pedagogical_reward, reward_model_name, turn_reward_metadata
from trtutor.scorers.rubric import JUDGE_PROMPTS, RUBRIC_PROMPTS, RubricKind, check_rubric, mrbench_rubric_scorers
from trtutor.scorers.strategy import strategy
from trtutor.trained_problems import METADATA_KEY as EXCLUDED_TRAINED
from trtutor.trained_problems import leave_out_trained

TASK_VERSION = 1


@task
def socratic(
    data: str | None = None,
    judge: JudgeKind = "llm",
    reasoner_context: str | None = None,
    qids: str | int | list[str] | None = None,
    include_judge_train: bool = False,
    split: str = "test",
    allow_pickle: bool = False,
    pairwise: bool = False,
    rubric: RubricKind = "trtutor",
    reward_model: str | None = None,
    trained_problems: str | list[str] | None = None,
    allow_trained: bool = False,
) -> Task:
    """Score the talker's next tutor turn on MathDial for Socratic-ness, answer leakage and correctness.

    Args:
        data: A MathDial-format file (`.csv`, `.jsonl`, `.json`) or a Hugging Face dataset name
            (`eth-nlped/mathdial`, `eth-nlped/mathdial:train`). Defaults to None: the bundled development
            conversations (448 MathDial test conversations, CC BY-SA 4.0).
        judge: "llm" (the `grader` model role, which must be bound; bound to several models, a jury whose majority
            decides, `scorers/jury.py`) or "offline" (no network, deterministic). Defaults to "llm".
        reasoner_context: A JSON Lines file of reasoner contexts (`sample_id`, `chain_of_thought`,
            `belief_state`, `final_answer`) as `trtutor reason` writes it. Defaults to None: no reasoner context.
            Samples without a context in the file are skipped and counted in the log's metadata.
        qids: Only these problems (a list, or a comma-separated string). Defaults to None: all problems.
        include_judge_train: Also keep the problems that train the offline judges. Defaults to False, so that
            no sample is scored by a judge trained on it and LLM and offline runs share one sample set.
        split: The split to read when `data` names a Hugging Face dataset. Defaults to "test".
        allow_pickle: Allow `data` to be a pandas pickle, which runs code when loaded. Defaults to False.
        pairwise: Also judge the talker's turn against the human teacher's, in both orders (two more `grader`
            calls per response; needs judge="llm"). Gives the leaderboard's win rate vs human. Defaults to False.
        rubric: "trtutor" (`socratic`, `answer_leakage`, `correctness`) or "mrbench" (MRBench's eight
            dimensions, one scorer each: `mistake_identification`, `mistake_location`, `revealing_of_the_answer`,
            `providing_guidance`, `actionability`, `coherence`, `tutor_tone`, `humanlikeness`). Defaults to
            "trtutor".
        reward_model: Also score each turn against the human teacher's with a pedagogical reward model
            (`pedagogical_reward`, MathTutorBench's win rate and margin): a hub name or folder of a one-label
            sequence-classification model, e.g. eth-nlped/Qwen2.5-1.5B-pedagogical-rewardmodel (needs the `train`
            extra). Defaults to None: no reward model.
        trained_problems: More trained-problem lists to apply besides the talker's own (read from its adapter
            folder): `trained_problems.json` files or adapter folders (a list, or a comma-separated string).
            `trtutor eval-adapters` passes every adapter's, so all its talkers share one sample set. Defaults to None.
        allow_trained: Keep the samples whose problem an adapter was trained on, flagged (`trained_problem` in the
            sample's metadata), instead of leaving them out. Defaults to False.
    """
    check_judge(judge)
    check_rubric(rubric)
    check_grader_bound(judge)
    check_talker_adapter(active_model())
    if pairwise and judge != "llm":
        raise UsageError("pairwise=true needs judge=llm: the comparison with the human teacher is an LLM judgement")

    data = user_path(data) if data else None
    reasoner_context = user_path(reasoner_context) if reasoner_context else None
    if data and is_mrbench_file(data):
        raise UsageError(
            f"{data}: an MRBench or BEA 2025 file (tutor responses to rate), not MathDial conversations; "
            "use tasks/mrbench.py (a talker on its conversations) or tasks/judge_agreement.py (judges vs labels)"
        )
    conversations, report = load_conversations(data, split=split, allow_pickle=allow_pickle)
    selected = wanted_qids(qids, conversations, report.source)
    contexts = turn_contexts(
        conversation
        for conversation in conversations
        if (include_judge_train or not is_judge_train_problem(conversation.qid))
        and (selected is None or conversation.qid in selected)
    )
    reasoner = load_reasoner_contexts(reasoner_context) if reasoner_context else None
    missing_context = {c.sample_id for c in contexts if reasoner is not None and c.sample_id not in reasoner}
    reward_model = reward_model_name(reward_model)
    samples = [
        turn_sample(context, reasoner[context.sample_id] if reasoner is not None else None)
        for context in contexts
        if context.sample_id not in missing_context
    ]
    samples, excluded_trained = leave_out_trained(
        samples, active_model(), trained_problems, allow_trained=allow_trained, source=report.source
    )
    if reward_model:
        by_id = {context.sample_id: context for context in contexts}
        for sample in samples:
            sample.metadata = {**(sample.metadata or {}), **turn_reward_metadata(by_id[str(sample.id)])}
    if not samples:
        raise UsageError(no_samples_left(report.source, qids, len(contexts), reasoner_context, reasoner))

    judge_prompts = (JUDGE_PROMPTS if rubric == "trtutor" else RUBRIC_PROMPTS) if judge == "llm" else ()
    data_path = Path(report.source)
    metadata: dict[str, Any] = {
        "harness_version": trtutor.__version__,
        "data": report.source,
        "data_sha256": _sha256(data_path) if data_path.is_file() else None,
        "data_load": report.as_metadata(),
        "judge": judge,
        "offline_judges_version": JUDGES_VERSION if judge == "offline" else None,  # a judge card fits one version
        "rubric": rubric,
        "judge_split": JUDGE_SPLIT_DESCRIPTION,
        "include_judge_train": include_judge_train,
        "prompt_sha256": prompt_hashes(
            "talker_prompt", "talker_reasoner_context", *judge_prompts, *(["judge_pairwise"] if pairwise else [])
        ),
        "offline_move_classifier": default_move_classifier().trained_on if judge == "offline" else None,
        "reasoner_context": reasoner_context,
        "reasoner_context_sha256": _sha256(Path(reasoner_context)) if reasoner_context else None,
        "samples_without_reasoner_context": len(missing_context),
        "reward_model": reward_model,
        EXCLUDED_TRAINED: excluded_trained,  # the samples on problems the talker was trained on
        "samples_before_selection": len(samples),  # before --limit, --sample-id: results.total_samples is after
    }
    return Task(
        dataset=MemoryDataset(samples, name="mathdial", location=str(data or bundled_dev_data())),
        setup=[require_grader(judge == "llm"), put_reference_in_store()],
        solver=generate(),
        scorer=(
            [socratic_scorer(judge), answer_leakage(judge), correctness(judge)]
            if rubric == "trtutor"
            else mrbench_rubric_scorers(judge)
        )
        + [strategy()]  # the talker-level check: the same text or frame in many conversations, or wrong as a habit
        + ([pairwise_scorer()] if pairwise else [])
        + ([pedagogical_reward(reward_model)] if reward_model else []),
        metadata=metadata,
        version=TASK_VERSION,
    )


def no_samples_left(
    source: str, qids: Any, turns: int, reasoner_context: str | None, reasoner: dict[str, Any] | None
) -> str:
    """Why no sample is left: no teacher turn of the selected problems, or none with a usable reasoner context."""
    if turns == 0 or reasoner is None:
        return f"{source}: no turn samples left after selection (qids={qids!r})"
    if not reasoner:
        return (f"{reasoner_context}: no usable reasoner context (`trtutor reason` records a turn whose reply was no "
                "context as failed, and a mock model's replies never are one), so none of the "
                f"{turns} teacher turns of {source} can be given one: run `trtutor reason` with a model that answers, "
                "e.g. --model openai/o3-mini, or leave -T reasoner_context out")  # fmt: skip
    return (f"{reasoner_context}: none of its {len(reasoner)} reasoner contexts is for a teacher turn of {source} "
            f"({turns} turns, qids={qids!r}): were they reasoned on another data file? Pass the same -T data as "
            "`trtutor reason --data`")  # fmt: skip


@solver
def put_reference_in_store() -> Solver:
    """Give the `trtutor/human-teacher` model the human teacher's turn for this sample, and the `trtutor/baseline`
    talkers what they say back."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.store.set(REFERENCE_STORE_KEY, state.target.text)
        state.store.set(MOMENT_STORE_KEY, baseline_moment(state.metadata))
        return state

    return solve


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
