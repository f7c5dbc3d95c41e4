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

On MRBench data the log also carries the judge's card (`scorers/judge_card.py`): per metric its bias, the tutor spread
of that bias, and the annotators' yes rate given the judge's yes and no (`<dimension>_card_bias`,
`_card_tutor_spread`, `_card_yes_if_judge_yes`, `_card_yes_if_judge_no`); `trtutor judge-card LOG --out CARD.json`
writes the whole card, which `trtutor leaderboard --judge-card` uses to estimate annotators' rates.
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
from trtutor.data.formats import detect_format
from trtutor.data.mathdial import load_conversations
from trtutor.data.mrbench import (
    MRBenchConversation,
    bundled_mrbench,
    human_guided,
    human_identified_mistake,
    human_leaked,
    labelled_dimensions,
    load_mrbench,
    moment_metadata,
)
from trtutor.data.splits import JUDGE_SPLIT_DESCRIPTION, is_judge_train_problem
from trtutor.data.turn_samples import turn_contexts, turn_sample
from trtutor.errors import UsageError
from trtutor.paths import user_path
from trtutor.prompts import prompt_hashes
from trtutor.scorers.agreement import judge_agreement as judge_agreement_scorer
from trtutor.scorers.agreement import move_agreement
from trtutor.scorers.judges import JudgeKind, check_judge
from trtutor.scorers.llm_judge import check_grader_bound, require_grader
from trtutor.scorers.offline.judges_version import JUDGES_VERSION
from trtutor.scorers.rubric import JUDGE_PROMPTS, RUBRIC_DIMENSIONS, RUBRIC_PROMPTS, RubricKind, check_rubric
from trtutor.scorers.rubric_agreement import rubric_agreement

TASK_VERSION = 1


@task
def judge_agreement(
    data: str | None = None,
    judge: JudgeKind = "offline",
    include_judge_train: bool = False,
    rubric: RubricKind = "trtutor",
) -> Task:
    """Measure the judges of `tasks/socratic.py` against human labels. `--model` is not used (`--model none`).

    Args:
        data: An MRBench V1/V2 or BEA 2025 JSON file (labelled tutor responses) or a MathDial-format file (human
            teacher moves); the format is recognised from the content. Defaults to None: the bundled MRBench
            development file (787 responses, CC BY-SA 4.0).
        judge: "offline" or "llm" (the `grader` model role, which must be bound; bound to several models, a jury,
            measured on its verdicts, with its graders' agreement beside: `scorers/jury.py`). Defaults to
            "offline".
        include_judge_train: With MathDial data, also keep the problems the offline move classifier learnt from
            (its figures are then not honest). Defaults to False.
        rubric: With MRBench or BEA data: "trtutor" (our three verdicts against the human labels collapsed to two
            ways; metrics `leakage_f1`, `socratic_macro_f1`, ...) or "mrbench" (the eight dimensions' judges
            against every dimension the file labels, by the BEA 2025 shared task's definitions:
            `<dim>_exact_macro_f1`, `<dim>_lenient_macro_f1`, `<dim>_kappa`, ..., each with a bootstrap
            interval). Defaults to "trtutor".
    """
    check_judge(judge)
    check_rubric(rubric)
    check_grader_bound(judge, "tasks/judge_agreement.py", "none")
    path = user_path(data) if data else str(bundled_mrbench())
    metadata: dict[str, Any] = {
        "harness_version": trtutor.__version__,
        "data": path,
        "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).is_file() else None,
        "judge": judge,
        "offline_judges_version": JUDGES_VERSION if judge == "offline" else None,
        "prompt_sha256": prompt_hashes(*(JUDGE_PROMPTS if rubric == "trtutor" else RUBRIC_PROMPTS))
        if judge == "llm"
        else {},
        "rubric": rubric,
        "label_collapse": {
            "leakage": "Revealing_of_the_Answer: either 'Yes (...)' = leak",
            "socratic": "Providing_Guidance: 'Yes' or 'To some extent' = guiding",
            "correctness": "Mistake_Identification: 'Yes' or 'To some extent' = identified",
        },
    }
    file_format = detect_format(path)
    metadata["data_format"] = file_format
    if file_format in ("mrbench", "bea2025"):
        conversations, report = load_mrbench(path)
        if not any(conversation.annotations for conversation in conversations):
            raise UsageError(
                f"{path}: no response carries human labels (a test file?), so there is nothing to agree with"
            )
        samples = response_samples(conversations, labelled_only=True)
        labelled = tuple(
            name for name, dimension in RUBRIC_DIMENSIONS.items() if dimension in labelled_dimensions(conversations)
        )
        scorer = judge_agreement_scorer(judge) if rubric == "trtutor" else rubric_agreement(judge, labelled)
        name = file_format
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


def response_samples(conversations: list[MRBenchConversation], *, labelled_only: bool) -> list[Sample]:
    """One sample per tutor response of MRBench or BEA 2025 conversations (`labelled_only`: those with labels)."""
    return [
        Sample(
            id=f"{conversation.conversation_id}-{tutor}",
            input=conversation.turns[-1].text,
            target=response,
            metadata={
                **moment_metadata(conversation),
                "tutor": tutor,
                "response": response,
                "annotation": conversation.annotations.get(tutor, {}),
                "human": human_collapsed(conversation.annotations.get(tutor, {})),
            },
        )
        for conversation in conversations
        for tutor, response in conversation.responses.items()
        if tutor in conversation.annotations or not labelled_only
    ]


def human_collapsed(annotation: dict[str, str]) -> dict[str, bool | None]:
    """The two-way human labels our three verdicts are measured against; None where the file lacks the dimension
    (the BEA 2025 files do not label Revealing_of_the_Answer)."""
    readers = {
        "leakage": ("Revealing_of_the_Answer", human_leaked),
        "socratic": ("Providing_Guidance", human_guided),
        "correctness": ("Mistake_Identification", human_identified_mistake),
    }
    return {name: read(annotation) if key in annotation else None for name, (key, read) in readers.items()}


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
