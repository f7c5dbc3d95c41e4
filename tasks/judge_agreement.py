"""Do our judges agree with people? The judges of `tasks/socratic.py` against human labels.

    inspect eval tasks/judge_agreement.py --model none -T judge=offline
    inspect eval tasks/judge_agreement.py --model none -T judge=offline \
        -T data=trtutor/data/bundled/mathdial_test_dev.csv
    inspect eval tasks/judge_agreement.py --model none -T judge=llm --model-role grader=openai/gpt-4o-mini

With an MRBench-format file, one sample per labelled tutor response: leakage, socratic and correctness verdicts
against Revealing_of_the_Answer, Providing_Guidance and Mistake_Identification (metrics `leakage_f1`,
`leakage_kappa`, `leakage_accuracy`, `leakage_tutor_spearman`, `socratic_macro_f1`, `socratic_kappa`,
`socratic_tutor_spearman`, `correctness_macro_f1`, `correctness_kappa`, `correctness_tutor_spearman`). With a
MathDial-format file, one sample per teacher turn: the judge's move against the human move (`move_macro_f1`,
`move_accuracy`, `move_f1_<move>`). `trtutor agreement LOG` prints the per-tutor table (human rate vs judge rate).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageAssistant, ModelOutput
from inspect_ai.solver import Generate, Solver, TaskState, solver

import trtutor
from trtutor.data.mathdial import load_conversations
from trtutor.data.mrbench import (
    bundled_mrbench,
    human_guided,
    human_identified_mistake,
    human_leaked,
    is_mrbench_file,
    load_mrbench,
    moment_metadata,
)
from trtutor.data.splits import JUDGE_SPLIT_DESCRIPTION, is_judge_train_problem
from trtutor.data.turn_samples import turn_contexts, turn_sample
from trtutor.paths import user_path
from trtutor.prompts import prompt_hashes
from trtutor.scorers.agreement import judge_agreement as judge_agreement_scorer
from trtutor.scorers.agreement import move_agreement
from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.llm_judge import JUDGE_PROMPTS, check_grader_bound, require_grader

TASK_VERSION = 1


@task
def judge_agreement(
    data: str | None = None,
    judge: JudgeKind = "offline",
    include_judge_train: bool = False,
) -> Task:
    """Measure the judges of `tasks/socratic.py` against human labels. `--model` is not used (`--model none`).

    Args:
        data: An MRBench-format JSON file (labelled tutor responses) or a MathDial-format file (human teacher
            moves). Defaults to None: the bundled MRBench development file (787 responses, CC BY-SA 4.0).
        judge: "offline" or "llm" (the `grader` model role, which must be bound). Defaults to "offline".
        include_judge_train: With MathDial data, also keep the problems the offline move classifier learnt from
            (its figures are then not honest). Defaults to False.
    """
    check_judge(judge)
    check_grader_bound(judge, "tasks/judge_agreement.py", "none")
    path = user_path(data) if data else str(bundled_mrbench())
    metadata: dict[str, Any] = {
        "harness_version": trtutor.__version__,
        "data": path,
        "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).is_file() else None,
        "judge": judge,
        "prompt_sha256": prompt_hashes(*JUDGE_PROMPTS) if judge == "llm" else {},
        "label_collapse": {
            "leakage": "Revealing_of_the_Answer: either 'Yes (...)' = leak",
            "socratic": "Providing_Guidance: 'Yes' or 'To some extent' = guiding",
            "correctness": "Mistake_Identification: 'Yes' or 'To some extent' = identified",
        },
    }
    if is_mrbench_file(path):
        conversations, report = load_mrbench(path)
        samples = [
            Sample(
                id=f"{conversation.conversation_id}-{tutor}",
                input=conversation.turns[-1].text,
                target=response,
                metadata={
                    **moment_metadata(conversation),
                    "tutor": tutor,
                    "response": response,
                    "annotation": conversation.annotations[tutor],
                    "human": {
                        "leakage": human_leaked(conversation.annotations[tutor]),
                        "socratic": human_guided(conversation.annotations[tutor]),
                        "correctness": human_identified_mistake(conversation.annotations[tutor]),
                    },
                },
            )
            for conversation in conversations
            for tutor, response in conversation.responses.items()
            if tutor in conversation.annotations
        ]
        scorer = judge_agreement_scorer(judge)
        name = "mrbench"
    else:
        mathdial, report = load_conversations(path)
        contexts = turn_contexts(
            (c for c in mathdial if include_judge_train or not is_judge_train_problem(c.qid)), include_opening=True
        )
        samples = []
        for context in contexts:
            sample = turn_sample(context)
            assert sample.metadata is not None
            sample.metadata["response"] = context.reference.text
            samples.append(sample)
        scorer = move_agreement(judge)
        name = "mathdial"
        metadata["judge_split"] = JUDGE_SPLIT_DESCRIPTION
        metadata["include_judge_train"] = include_judge_train
    metadata["data_load"] = report.as_metadata()
    metadata["samples_before_selection"] = len(samples)  # before --limit, --sample-id
    return Task(
        dataset=MemoryDataset(samples, name=name, location=path),
        setup=require_grader(judge == "llm"),
        solver=replay_recorded_response(),
        scorer=scorer,
        metadata=metadata,
        version=TASK_VERSION,
    )


@solver
def replay_recorded_response() -> Solver:
    """Make the labelled response the turn under judgement; no model is called."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        response = state.metadata["response"]
        source = state.metadata.get("tutor", "human-teacher")
        state.output = ModelOutput.from_content(model=f"recorded/{source}", content=response)
        state.messages.append(ChatMessageAssistant(content=response, model=f"recorded/{source}"))
        return state

    return solve
