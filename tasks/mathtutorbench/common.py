"""What the nine MathTutorBench task files share: the Task built from a task's items, prompt and metrics."""

from __future__ import annotations

from typing import Any, Literal

from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, GenerateConfig
from inspect_ai.solver import Generate, Solver, TaskState, solver

import trtutor
from trtutor.errors import UsageError
from trtutor.mathtutorbench.benchmark import (
    BUNDLED_DATA,
    CORRECTED_KINDS,
    Reading,
    load_config,
    load_items,
    task_spec,
)
from trtutor.paths import user_path
from trtutor.providers.replay import REPLAYED
from trtutor.scorers.mathtutorbench import mathtutorbench_scorer
from trtutor.scorers.pedagogical_reward import pedagogical_reward, reward_model_name

PromptFormat = Literal["completion", "chat"]
TASK_VERSION = 1
# MathTutorBench's `LLMConfig` defaults: greedy, at most 2,048 new tokens.
MTB_TEMPERATURE, MTB_MAX_TOKENS = 0.0, 2048


def mathtutorbench_task(name: str, data: str | None, prompt_format: PromptFormat, reward_model: str | None = None,
                        reward_batch_size: int = 8, trust_remote_code: bool = False,
                        reading: Reading = "mathtutorbench") -> Task:  # fmt: skip
    """Task `name` of MathTutorBench over its items (bundled data unless `data`), in the prompt format asked for,
    with the pedagogical reward model as a second scorer when `reward_model` names one (teacher-response tasks)."""
    if prompt_format not in ("completion", "chat"):
        raise UsageError(f"prompt_format must be 'completion' or 'chat', not {prompt_format!r}")
    spec = task_spec(name)
    if reading not in ("mathtutorbench", "corrected"):
        raise UsageError(f"reading must be 'mathtutorbench' or 'corrected', not {reading!r}")
    if reading == "corrected" and spec.kind not in CORRECTED_KINDS:
        raise UsageError(f"{name} has no corrected reading: its parsing is kept as MathTutorBench's")
    asked = reward_model is not None and reward_model.strip().lower() not in ("", "none", "null")
    if asked and spec.kind != "teacher_response":
        raise UsageError(f"{name} has no teacher turn to compare: the reward model scores the teacher-response tasks")
    reward_model = reward_model_name(reward_model)
    data = user_path(data) if data and data not in ("hub", "gsm8k", "eth-nlped/stepverify") else data
    items = load_items(name, data)
    config = load_config(name)
    samples = [
        Sample(
            id=item.id,
            # completion: the whole prompt as the one message; chat: MathTutorBench's system message alone
            input=[ChatMessageUser(content=item.prompt)] if prompt_format == "completion"
            else [ChatMessageSystem(content=item.prompt)],
            target=item.target,
            metadata={"mtb_index": index, **(reward_metadata(item.example) if spec.kind == "teacher_response" else {})},
        )
        for index, item in enumerate(items)
    ]  # fmt: skip
    metadata: dict[str, Any] = {
        "harness_version": trtutor.__version__,
        "mathtutorbench_task": name,
        "mathtutorbench_registry_name": config["name"],
        "mathtutorbench_commit": "54b62137c7170a32f596876db48b088870fc5fb4",
        "data": data or f"bundled {BUNDLED_DATA[spec.source]}",
        "prompt_format": prompt_format,
        "stop": config["stop"],
        "reward_model": reward_model,
        "reading": reading,
    }
    return Task(
        name=name,
        dataset=MemoryDataset(samples, name=f"mathtutorbench-{name}"),
        solver=mathtutorbench_generate(prompt_format),
        scorer=[mathtutorbench_scorer(name, reading)]
        + ([pedagogical_reward(reward_model, reward_batch_size, trust_remote_code)] if reward_model else []),
        config=GenerateConfig(temperature=MTB_TEMPERATURE, max_tokens=MTB_MAX_TOKENS, stop_seqs=list(config["stop"])),
        metadata=metadata,
        version=TASK_VERSION,
    )


def reward_metadata(example: dict[str, Any]) -> dict[str, Any]:
    """What `pedagogical_reward` reads: the conversation MathTutorBench's reward script builds, and the human
    teacher's turn that ends it."""
    return {"reward_problem": example["question"], "reward_reference_solution": example["reference_solution"],
            "reward_dialogue": example["conversation_json"],
            "reward_human_turn": example["ground_truth_response"]["text"]}  # fmt: skip


@solver
def mathtutorbench_generate(prompt_format: PromptFormat) -> Solver:
    """Generate; in the completion format strip the text, as MathTutorBench's completion client does (its chat client
    does not). A replayed output is already the text its `parse_response` receives, and is kept as is."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state = await generate(state)
        replayed = bool((state.output.metadata or {}).get(REPLAYED))
        if prompt_format == "completion" and not replayed and state.output.choices:
            state.output.completion = state.output.completion.strip()
        return state

    return solve
