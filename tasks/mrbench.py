"""A new tutor against the nine published ones: the next tutor turn for each MRBench conversation, judged by the
scorers of `tasks/socratic.py`.

    inspect eval tasks/mrbench.py --model openai/gpt-4o-mini -T judge=offline
    inspect eval tasks/mrbench.py --model trtutor/mrbench-replay -M tutor=GPT4 -T judge=offline

`trtutor/mrbench-replay -M tutor=NAME` replays a published tutor's recorded response (GPT4, Gemini, Sonnet,
Llama31405B, Llama318B, Mistral, Phi3, Expert, Novice), so those tutors sit in the same leaderboard as a new adapter.
When it is the model, only the conversations that tutor answered are samples (the Novice answered 27 of 95).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.solver import Generate, Solver, TaskState, generate, solver

import trtutor
from trtutor.adapters import check_talker_adapter
from trtutor.data.formats import detect_format
from trtutor.data.mrbench import (
    MRBenchConversation,
    bundled_mrbench,
    is_mrbench_file,
    load_mrbench,
    moment_metadata,
)
from trtutor.data.turn_samples import MOMENT_STORE_KEY, RECORDED_RESPONSES_STORE_KEY, baseline_moment, format_history
from trtutor.errors import UsageError
from trtutor.paths import user_path
from trtutor.prompts import fill_prompt, prompt_hashes
from trtutor.scorers import JudgeKind, answer_leakage, correctness, socratic
from trtutor.scorers.judges import check_judge
from trtutor.scorers.llm_judge import active_model, check_grader_bound, require_grader
from trtutor.scorers.offline.judges_version import JUDGES_VERSION
from trtutor.scorers.rubric import JUDGE_PROMPTS, RUBRIC_PROMPTS, RubricKind, check_rubric, mrbench_rubric_scorers
from trtutor.scorers.strategy import strategy
from trtutor.trained_problems import METADATA_KEY as EXCLUDED_TRAINED
from trtutor.trained_problems import leave_out_trained

TASK_VERSION = 1
NOT_GIVEN = "(not given; see the conversation)"


@task
def mrbench(
    data: str | None = None,
    judge: JudgeKind = "llm",
    rubric: RubricKind = "trtutor",
    trained_problems: str | list[str] | None = None,
    allow_trained: bool = False,
) -> Task:
    """Score the talker's next tutor turn on MRBench conversations.

    Args:
        data: An MRBench V1/V2 or BEA 2025 JSON file. Defaults to None: the bundled MRBench development file (95
            conversations, CC BY-SA 4.0).
        judge: "llm" (the `grader` model role, which must be bound; bound to several models, a jury,
            `scorers/jury.py`) or "offline". Defaults to "llm".
        rubric: "trtutor" (`socratic`, `answer_leakage`, `correctness`) or "mrbench" (the eight MRBench
            dimensions, one scorer each). Defaults to "trtutor".
        trained_problems: More trained-problem lists to apply besides the talker's own (read from its adapter
            folder): `trained_problems.json` files or adapter folders (a list, or a comma-separated string).
            Problems are matched by their text, which MRBench's MathDial-derived conversations quote; the Bridge
            conversations give none and are counted as unchecked. Defaults to None.
        allow_trained: Keep the samples whose problem an adapter was trained on, flagged (`trained_problem` in the
            sample's metadata), instead of leaving them out. Defaults to False.
    """
    check_judge(judge)
    check_rubric(rubric)
    check_grader_bound(judge, "tasks/mrbench.py")
    check_talker_adapter(active_model())
    path = user_path(data) if data else str(bundled_mrbench())
    if Path(path).is_file() and not is_mrbench_file(path) and detect_format(path) == "mathdial":
        raise UsageError(f"{path}: MathDial conversations, not an MRBench or BEA 2025 file; use tasks/socratic.py")
    conversations, report = load_mrbench(path)
    replayed = _replayed_tutor()
    samples = [
        mrbench_sample(conversation)
        for conversation in conversations
        if replayed is None or replayed in conversation.responses
    ]
    samples, excluded_trained = leave_out_trained(
        samples, active_model(), trained_problems, allow_trained=allow_trained, source=path
    )
    metadata: dict[str, Any] = {
        "harness_version": trtutor.__version__,
        "data": path,
        "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        "data_load": report.as_metadata(),
        "judge": judge,
        "offline_judges_version": JUDGES_VERSION if judge == "offline" else None,  # a judge card fits one version
        "rubric": rubric,
        "replayed_tutor": replayed,
        EXCLUDED_TRAINED: excluded_trained,  # the samples on problems the talker was trained on
        "prompt_sha256": prompt_hashes(
            "talker_prompt",
            *((JUDGE_PROMPTS if rubric == "trtutor" else RUBRIC_PROMPTS) if judge == "llm" else ()),
        ),
        "samples_before_selection": len(samples),  # before --limit, --sample-id: results.total_samples is after
    }
    return Task(
        dataset=MemoryDataset(samples, name="mrbench", location=path),
        setup=[require_grader(judge == "llm"), put_recorded_responses_in_store()],
        solver=generate(),
        scorer=(
            [socratic(judge), answer_leakage(judge), correctness(judge)]
            if rubric == "trtutor"
            else mrbench_rubric_scorers(judge)
        )
        + [strategy()],  # the talker-level check: the same text or frame in many conversations, or wrong as a habit
        metadata=metadata,
        version=TASK_VERSION,
    )


def mrbench_sample(conversation: MRBenchConversation) -> Sample:
    """The talker's input for the next turn of an MRBench conversation; the Expert's turn is the target."""
    prompt = fill_prompt(
        "talker_prompt",
        student_persona=NOT_GIVEN,
        problem=conversation.problem or NOT_GIVEN,
        student_solution=NOT_GIVEN,
        reasoner_context="",
        conversation_history=format_history(conversation.turns),
    )
    return Sample(
        id=conversation.conversation_id,
        input=prompt,
        target=conversation.responses.get("Expert", ""),
        metadata={**moment_metadata(conversation), "recorded_responses": conversation.responses},
    )


@solver
def put_recorded_responses_in_store() -> Solver:
    """Give `trtutor/mrbench-replay` the recorded tutors' responses for this conversation."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.store.set(RECORDED_RESPONSES_STORE_KEY, state.metadata["recorded_responses"])
        state.store.set(MOMENT_STORE_KEY, baseline_moment(state.metadata))
        return state

    return solve


def _replayed_tutor() -> str | None:
    model = active_model()
    return getattr(model.api, "tutor", None) if model is not None else None
