"""Stage 1, `trtutor reason`: the reasoner's context for every teacher turn of every MathDial conversation.

For each teacher turn, the reasoner model (any Inspect provider) reads `prompts/reasoner_prompt.txt` filled with
the problem, the student's solution and profile, and the conversation before that turn, and answers with JSON:
`chain_of_thought`, `belief_state`, `final_answer`. A reasoning model's thinking (Inspect's reasoning content, or
inline `<think>` blocks) is kept out of the parsed fields. A malformed answer is asked again, with the parse error,
a bounded number of times, then recorded as failed with its raw text. Every final answer is checked against the
MathDial ground truth (`answer_correct`).

Results go to a JSON Lines file, one line per turn as it finishes; a re-run skips finished turns, and Inspect's
cache answers repeated calls, so a killed run loses and re-pays nothing.

    trtutor reason --data trtutor/data/bundled/mathdial_test_dev.csv --model openai/o3-mini --output contexts.jsonl
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from trtutor.answers import format_number, parse_number
from trtutor.data.mathdial import load_conversations
from trtutor.data.turn_samples import TurnContext, format_history, turn_contexts
from trtutor.model_calls import ResultsFile, RunSummary, check_api_key, pipeline_model, redact_secrets
from trtutor.prompts import fill_prompt, prompt_sha256

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class ReasonerReply(BaseModel):
    """The reasoner's answer for one teacher turn."""

    model_config = ConfigDict(extra="ignore")

    chain_of_thought: str
    belief_state: str
    final_answer: str


def reasoner_prompt(context: TurnContext) -> str:
    conversation = context.conversation
    return fill_prompt(
        "reasoner_prompt",
        problem=conversation.question,
        student_solution=conversation.student_incorrect_solution,
        student_persona=conversation.student_profile,
        conversation_history=format_history(context.history) or "(the conversation has not started)",
    )


def parse_reasoner_reply(text: str) -> ReasonerReply:
    """Parse the reasoner's JSON, without any inline thinking; raises ValueError saying what is wrong."""
    text = _FENCE.sub("", _THINK.sub("", text).strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the reply")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON ({error.msg})") from error
    if isinstance(data, dict):  # a number is a fine final answer too
        data = {
            k: v if isinstance(v, str) or k not in ReasonerReply.model_fields else json.dumps(v)
            for k, v in data.items()
        }
    try:
        return ReasonerReply.model_validate(data)
    except ValidationError as error:
        raise ValueError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())) from error


def answer_correct(final_answer: str, truth: Fraction) -> bool:
    """Whether the reasoner's final answer is the ground truth's number."""
    value = parse_number(final_answer.strip().rstrip("."))
    if value is None:
        from trtutor.answers import find_numbers

        numbers = find_numbers(final_answer)
        value = numbers[-1].value if numbers else None
    return value == truth


@dataclass(frozen=True)
class ReasonConfig:
    """Options of `trtutor reason`."""

    data: str | None
    model: str
    output: str
    limit: int | None = None
    max_connections: int = 16
    max_retries: int = 2  # asks after a malformed reply, with the parse error
    drop_incorrect: bool = False
    temperature: float | None = None


async def _reason_one(model: Any, context: TurnContext, config: ReasonConfig) -> tuple[dict[str, Any], int, int]:
    from inspect_ai.model import ChatMessageAssistant, ChatMessageUser, GenerateConfig

    messages: list[Any] = [ChatMessageUser(content=reasoner_prompt(context))]
    generate_config = GenerateConfig(temperature=config.temperature)
    tokens_in = tokens_out = 0
    raw, error = "", ""
    for attempt in range(1, config.max_retries + 2):
        output = await model.generate(messages, config=generate_config, cache=True)
        if output.usage:
            tokens_in += output.usage.input_tokens
            tokens_out += output.usage.output_tokens
        raw = output.completion
        try:
            reply = parse_reasoner_reply(raw)
        except ValueError as problem:
            error = str(problem)
            # ask again with the error: a different conversation, so Inspect's cache does not replay the bad reply
            messages = [*messages, ChatMessageAssistant(content=raw), ChatMessageUser(
                content=f"Your reply could not be used ({error}). Reply with only the JSON object."
            )]  # fmt: skip
            continue
        correct = answer_correct(reply.final_answer, context.conversation.final_answer)
        status = "incorrect" if config.drop_incorrect and not correct else "ok"
        record = {**_identity(context), "status": status, **reply.model_dump(), "answer_correct": correct}
        return {**record, "attempts": attempt, "model": config.model}, tokens_in, tokens_out
    failed = {**_identity(context), "status": "failed", "error": error, "raw": raw, "attempts": config.max_retries + 1}
    return {**failed, "model": config.model}, tokens_in, tokens_out


def _identity(context: TurnContext) -> dict[str, Any]:
    return {
        "sample_id": context.sample_id,
        "conversation_id": context.conversation.conversation_id,
        "qid": context.conversation.qid,
        "teacher_turn": context.teacher_turn,
        "ground_truth_answer": format_number(context.conversation.final_answer),
    }


async def reason_async(config: ReasonConfig, *, model: Any = None, progress: bool = True) -> RunSummary:
    """Run stage 1; `model` (an Inspect `Model`) overrides `config.model` (tests pass a mockllm one)."""
    if model is None:
        check_api_key(config.model)
        model = pipeline_model(config.model, config.max_connections)
    conversations, report = load_conversations(config.data)
    contexts = turn_contexts(conversations, include_opening=True)
    if config.limit is not None:
        contexts = contexts[: config.limit]
    results = ResultsFile(config.output)
    todo = [context for context in contexts if context.sample_id not in results.finished]
    summary = RunSummary(model=config.model, skipped=len(contexts) - len(todo))
    semaphore = asyncio.Semaphore(config.max_connections)

    async def run(context: TurnContext) -> None:
        async with semaphore:
            record, tokens_in, tokens_out = await _reason_one(model, context, config)
        results.append(record)  # in the event loop: appends never interleave
        summary.input_tokens += tokens_in
        summary.output_tokens += tokens_out
        if record["status"] == "failed":
            summary.failed += 1
        else:
            summary.done += 1
        bar.update(1)

    from tqdm import tqdm

    with tqdm(total=len(todo), desc="reason", disable=not progress, unit="turn") as bar:
        try:
            await asyncio.gather(*(run(context) for context in todo))
        finally:
            results.close()
    records = [r for r in results.records() if r["sample_id"] in {c.sample_id for c in contexts}]
    answered = [r for r in records if "answer_correct" in r]
    summary.extra = {
        "reasoner accuracy": (
            f"{sum(r['answer_correct'] for r in answered) / len(answered):.3f} ({len(answered)} answers)"
            if answered
            else "n/a"
        ),
        "dropped as incorrect": sum(r["status"] == "incorrect" for r in records),
        "data": report.source,
        "rows skipped while loading": len(report.skipped),
        "reasoner prompt sha256": prompt_sha256("reasoner_prompt")[:12],
    }
    return summary


def reason(config: ReasonConfig, *, model: Any = None, progress: bool = True) -> RunSummary:
    """Run stage 1 (see the module docstring)."""
    return asyncio.run(reason_async(config, model=model, progress=progress))


def summary_text(summary: RunSummary, prices: dict[str, tuple[float, float]]) -> str:
    return redact_secrets("\n".join(summary.lines(prices)))
