"""Interactive tutoring on MathDial: the talker teaches a simulated student until the student gets the answer.

The talker under test (`--model`) and an LLM playing the student (the `student` model role, from
`prompts/student_prompt.txt`: the persona, the problem and the student's incorrect solution, told to keep the
misconception until genuinely helped) take turns after the opening of the real conversation, for up to
`max_turns` tutor turns; the dialogue ends early when the student states the correct final answer. Scorers:
`success_at_k` and `telling_at_k` (k = 1 … max_turns), `turns_to_success`, and `answer_leakage` (the judge of
`tasks/socratic.py`) on every tutor turn.

    inspect eval tasks/interactive.py --model openai/gpt-4o-mini --model-role student=openai/gpt-4o-mini \
        -T judge=offline
    inspect eval tasks/interactive.py --model vllm/Qwen/Qwen2.5-7B-Instruct:r16 \\
        --model-role student=openai/gpt-4o-mini --model-role grader=openai/gpt-4o
"""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    ModelOutput,
    get_model,
    model_roles,
)
from inspect_ai.solver import Generate, Solver, TaskState, solver

import trtutor
from trtutor.adapters import check_talker_adapter
from trtutor.answers import find_numbers, format_number
from trtutor.data.mathdial import Conversation, Turn, bundled_dev_data, load_conversations, wanted_qids
from trtutor.data.splits import JUDGE_SPLIT_DESCRIPTION, is_judge_train_problem
from trtutor.data.turn_samples import format_history
from trtutor.errors import UsageError
from trtutor.paths import user_path
from trtutor.prompts import fill_prompt, prompt_hashes
from trtutor.providers.replay import TrtutorModels
from trtutor.scorers import JudgeKind
from trtutor.scorers.interactive import dialogue_answer_leakage, success_at_k, telling_at_k, turns_to_success
from trtutor.scorers.judges import check_judge
from trtutor.scorers.llm_judge import active_model, check_grader_bound, require_grader
from trtutor.scorers.rubric import JUDGE_PROMPTS
from trtutor.tutoring_dialogue import (
    DIALOGUE_STORE_KEY,
    DialogueTurn,
    TutoringDialogue,
    opening_turns,
    states_answer,
)

TASK_VERSION = 1
STUDENT_ROLE = "student"
NO_STUDENT_MESSAGE = (
    "tasks/interactive.py needs a model playing the student, bound to the 'student' role; a talker never plays "
    "its own student. Bind one, e.g. `inspect eval tasks/interactive.py --model <talker> "
    "--model-role student=openai/gpt-4o-mini` (Python: eval(task, model=..., model_roles={'student': '...'}))."
)


@task
def interactive(
    data: str | None = None,
    max_turns: int = 7,
    judge: JudgeKind = "llm",
    qids: str | int | list[str] | None = None,
    include_judge_train: bool = False,
    split: str = "test",
    allow_pickle: bool = False,
) -> Task:
    """The talker tutors a simulated student through each MathDial problem: Success@k and Telling@k.

    Args:
        data: A MathDial-format file or Hugging Face dataset name, as for `tasks/socratic.py`. Defaults to None:
            the bundled development conversations.
        max_turns: The most tutor turns per dialogue. Defaults to 7.
        judge: The `answer_leakage` judge for every tutor turn: "llm" (the `grader` role, which must be bound) or
            "offline". Defaults to "llm".
        qids: Only these problems (a list, or a comma-separated string). Defaults to None: all problems.
        include_judge_train: Also keep the problems that train the offline judges. Defaults to False.
        split: The split to read when `data` names a Hugging Face dataset. Defaults to "test".
        allow_pickle: Allow `data` to be a pandas pickle, which runs code when loaded. Defaults to False.
    """
    check_judge(judge)
    check_grader_bound(judge, "tasks/interactive.py")
    check_student_bound()
    check_talker_can_tutor(active_model())
    check_talker_adapter(active_model())
    if max_turns < 1:
        raise UsageError(f"max_turns must be at least 1, not {max_turns}")

    data = user_path(data) if data else None
    conversations, report = load_conversations(data, split=split, allow_pickle=allow_pickle)
    wanted = wanted_qids(qids, conversations, report.source)
    samples = [
        dialogue_sample(conversation)
        for conversation in conversations
        if (include_judge_train or not is_judge_train_problem(conversation.qid))
        and (wanted is None or conversation.qid in wanted)
    ]
    if not samples:
        raise UsageError(f"{report.source}: no conversations left after selection (qids={qids!r})")
    data_path = Path(report.source)
    metadata: dict[str, Any] = {
        "harness_version": trtutor.__version__,
        "data": report.source,
        "data_sha256": hashlib.sha256(data_path.read_bytes()).hexdigest() if data_path.is_file() else None,
        "data_load": report.as_metadata(),
        "judge": judge,
        "judge_split": JUDGE_SPLIT_DESCRIPTION,
        "include_judge_train": include_judge_train,
        "max_turns": max_turns,
        "prompt_sha256": prompt_hashes("talker_prompt", "student_prompt", *(JUDGE_PROMPTS if judge == "llm" else ())),
        "samples_before_selection": len(samples),  # before --limit, --sample-id: results.total_samples is after
    }
    return Task(
        dataset=MemoryDataset(samples, name="mathdial", location=str(data or bundled_dev_data())),
        setup=[require_grader(judge == "llm"), require_student()],
        solver=tutoring_dialogue(max_turns),
        scorer=[
            success_at_k(max_turns),
            telling_at_k(max_turns),
            turns_to_success(),
            dialogue_answer_leakage(judge),
        ],
        metadata=metadata,
        version=TASK_VERSION,
    )


def dialogue_sample(conversation: Conversation) -> Sample:
    """One dialogue to simulate: the problem, the student, and the opening of the real conversation."""
    opening = [{"speaker": turn.speaker, "text": turn.text} for turn in opening_turns(conversation)]
    final_answer = format_number(conversation.final_answer) if conversation.final_answer is not None else ""
    return Sample(
        id=conversation.conversation_id,
        input=talker_turn_prompt(
            conversation.student_profile,
            conversation.question,
            conversation.student_incorrect_solution,
            opening_history(opening),
        ),  # fmt: skip
        target=final_answer,
        metadata={
            "qid": conversation.qid,
            "conversation_id": conversation.conversation_id,
            "problem": conversation.question,
            "ground_truth": conversation.ground_truth,
            "final_answer": final_answer,
            "student_incorrect_solution": conversation.student_incorrect_solution,
            "student_profile": conversation.student_profile,
            "opening": opening,
            "source": conversation.source,
            "source_row": conversation.row,
        },
    )


def opening_history(said: list[dict[str, str]]) -> str:
    return format_history(Turn(turn["speaker"], turn["text"]) for turn in said)  # type: ignore[arg-type]


def talker_turn_prompt(persona: str, problem: str, solution: str, history: str) -> str:
    """The talker's input, the same template as `tasks/socratic.py` (without reasoner context)."""
    return fill_prompt("talker_prompt", student_persona=persona, problem=problem, student_solution=solution,
                       reasoner_context="", conversation_history=history)  # fmt: skip


def student_messages(metadata: dict[str, Any], said: list[tuple[str, str]]) -> list[ChatMessage]:
    """The student's view: its instructions, then the tutor's turns as the user's and its own as the assistant's."""
    system = fill_prompt("student_prompt", student_persona=metadata["student_profile"], problem=metadata["problem"],
                         student_solution=metadata["student_incorrect_solution"])  # fmt: skip
    messages: list[ChatMessage] = [ChatMessageSystem(content=system)]
    for speaker, text in said:
        messages.append(ChatMessageUser(content=text) if speaker == "teacher" else ChatMessageAssistant(content=text))
    return messages


@solver
def tutoring_dialogue(max_turns: int) -> Solver:
    """Alternate talker and student turns until the student states the final answer or `max_turns` tutor turns."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        talker = get_model()
        student = get_model(role=STUDENT_ROLE, required=True)
        metadata = state.metadata
        answer = Fraction(metadata["final_answer"]) if metadata["final_answer"] else None
        problem_numbers = frozenset(mention.value for mention in find_numbers(metadata["problem"]))
        opening = metadata["opening"]
        dialogue = TutoringDialogue(
            metadata["final_answer"] or None,
            max_turns,
            opening=opening,
            student_said_answer_in_opening=any(
                states_answer(turn["text"], answer) for turn in opening if turn["speaker"] == "student"
            ),
        )
        for _ in range(max_turns):
            history = format_history(Turn(speaker, text) for speaker, text in dialogue.history())  # type: ignore[arg-type]
            prompt = talker_turn_prompt(metadata["student_profile"], metadata["problem"],
                                        metadata["student_incorrect_solution"], history)  # fmt: skip
            tutor = (await talker.generate(prompt)).completion.strip()
            turn = DialogueTurn(tutor, tutor_states_answer=states_answer(tutor, answer, not_counting=problem_numbers))
            dialogue.turns.append(turn)
            reply = await student.generate(student_messages(metadata, dialogue.history()))
            turn.student = reply.completion.strip()
            turn.student_states_answer = states_answer(turn.student, answer)
            if turn.student_states_answer:
                break
        state.store.set(DIALOGUE_STORE_KEY, dialogue.to_store())
        # The log shows the dialogue as a chat: the first talker prompt, then tutor (assistant) and student (user).
        state.messages = [state.messages[0]]
        for turn in dialogue.turns:
            state.messages.append(ChatMessageAssistant(content=turn.tutor, model=str(talker)))
            if turn.student is not None:
                state.messages.append(ChatMessageUser(content=turn.student))
        state.output = ModelOutput.from_content(model=str(talker), content=dialogue.turns[-1].tutor)
        return state

    return solve


def check_talker_can_tutor(model: Any) -> None:
    """Refuse a talker that replays recorded turns: it has no turn to say to a simulated student."""
    api = getattr(model, "api", None)
    if isinstance(api, TrtutorModels):
        # a baseline says its one thing of each sample's recorded moment; the others replay its recorded turns
        source = "recorded moment, not from the dialogue as it goes" if api.model_name == "baseline" else (
            "recorded conversation")  # fmt: skip
        raise UsageError(
            f"--model trtutor/{api.model_name} answers from each sample's {source}, so it cannot tutor "
            "a simulated student; give tasks/interactive.py a talker that writes turns (e.g. --model "
            "trtutor/peft/<adapter folder> or openai/gpt-4o-mini). The human teacher's row is tasks/socratic.py's."
        )


def check_student_bound() -> None:
    """Fail while eval() builds the task when no `student` role is bound (a Task built earlier: `require_student`)."""
    if active_model() is not None and STUDENT_ROLE not in model_roles():
        raise UsageError(NO_STUDENT_MESSAGE)


@solver
def require_student() -> Solver:
    """Stop before the talker runs when no `student` role is bound."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if STUDENT_ROLE not in model_roles():
            raise ValueError(NO_STUDENT_MESSAGE)
        return state

    return solve
