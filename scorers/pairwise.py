"""`pairwise`: does the talker's turn beat the human teacher's turn for the same moment? (win 1, tie 0.5, loss 0)

The `grader` judge sees both turns twice, in both orders, to cancel position bias: a turn wins only when it wins
both times; a split verdict or a tie is a tie. Its mean is the talker's win rate against the human teacher, ties
counting half, as MathTutorBench reports it. A verdict that cannot be parsed leaves the sample unscored. A jury bound
to the `grader` role: every grader judges both orders, and the outcome is the jury's (`jury.py`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from inspect_ai.model import Model
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from inspect_ai.util import collect
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from trtutor.prompts import fill_prompt, prompt_sha256
from trtutor.scorers.jury import (
    GRADER_VERDICTS,
    bound_graders,
    grader_agreement,
    grader_names,
    how_decided,
    jury_name,
    ordinal_verdict,
)
from trtutor.scorers.llm_judge import neutral, neutral_turn

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class PairwiseVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    winner: Literal["A", "B", "tie"]
    rationale: str

    @field_validator("winner", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            return "tie" if value.lower() == "tie" else value.upper()
        return value


def parse_pairwise(reply: str) -> PairwiseVerdict:
    """Parse a pairwise verdict; raises ValueError when the reply is not one."""
    text = _FENCE.sub("", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the judge's reply")
    try:
        return PairwiseVerdict.model_validate(json.loads(text[start : end + 1]))
    except (json.JSONDecodeError, ValidationError) as error:
        raise ValueError(f"not a pairwise verdict: {error}") from error


OUTCOMES = ("win", "tie", "loss")  # best first, for the talker; a jury's median (`jury.py`)
VALUE_OF_OUTCOME = {"win": 1.0, "tie": 0.5, "loss": 0.0}


@dataclass(frozen=True)
class GraderOutcome:
    """One grader's outcome for the talker over both orders, or (outcome None) why it has none."""

    outcome: str | None
    orders: list[str]
    raws: list[str]
    error: str = ""


async def grader_outcome(grader: Model, prompts: list[tuple[bool, str]]) -> GraderOutcome:
    """A grader's verdicts in both orders: a win only when the talker wins both times, a loss when it loses both."""
    orders, raws = [], []
    for talker_is_a, prompt in prompts:
        output = await grader.generate(prompt, cache=True)
        raws.append(output.completion)
        try:
            verdict = parse_pairwise(output.completion)
        except ValueError as error:
            return GraderOutcome(None, orders, raws, str(error))
        orders.append(
            "tie" if verdict.winner == "tie" else ("talker" if (verdict.winner == "A") == talker_is_a else "human")
        )
    outcome = "win" if orders == ["talker", "talker"] else "loss" if orders == ["human", "human"] else "tie"
    return GraderOutcome(outcome, orders, raws)


def _orders_text(orders: list[str]) -> str:
    return f"talker first: {orders[0]} wins; human first: {orders[1]} wins"


@scorer(metrics=[mean(), stderr(), grader_agreement()])
def pairwise() -> Scorer:
    """Win (1), tie (0.5) or loss (0) of the talker's turn against the human teacher's turn (the sample's target),
    judged by the `grader` role in both orders. A jury bound to the role: each grader judges both orders, and the
    outcome is the jury's (`jury.py`: the majority, else the median of win, tie, loss; an even split the worse)."""

    async def score(state: TaskState, target: Target) -> Score:
        graders = bound_graders()
        talker, human = state.output.completion, target.text
        if talker.strip() == human.strip():  # the human teacher against itself, or a talker that copies it
            return Score(value=0.5, answer="tie", explanation="the same turn as the human teacher's")
        prompts = [
            (
                talker_is_a,
                fill_prompt(
                    "judge_pairwise",
                    problem=neutral(state.metadata["problem"]),
                    final_answer=neutral(state.metadata["final_answer"]),
                    conversation_history=neutral(state.metadata["conversation_history"]),
                    response_a=neutral_turn(first),
                    response_b=neutral_turn(second),
                ),
            )
            for talker_is_a, (first, second) in ((True, (talker, human)), (False, (human, talker)))
        ]
        metadata = {"judge_prompt": prompt_sha256("judge_pairwise")}
        if len(graders) == 1:
            result = await grader_outcome(graders[0], prompts)
            if result.outcome is None:
                return _unscored(
                    result.error, {"unscored_reason": "grade_parse_failure", "raw_judge_replies": result.raws}
                )
            return Score(
                value=VALUE_OF_OUTCOME[result.outcome],
                answer=result.outcome,
                explanation=_orders_text(result.orders),
                metadata={"judge": str(graders[0]), "orders": result.orders, **metadata},
            )
        names = grader_names(graders)
        results = dict(zip(names, await collect(*(grader_outcome(grader, prompts) for grader in graders)), strict=True))
        failed = {name: result for name, result in results.items() if result.outcome is None}
        metadata |= {
            "judge": jury_name(names),
            GRADER_VERDICTS: {name: result.outcome for name, result in results.items()},
            "grader_orders": {name: result.orders for name, result in results.items()},
            "grader_errors": len(failed),
            **({"raw_judge_replies": {name: result.raws for name, result in failed.items()}} if failed else {}),
        }
        votes = [result.outcome for result in results.values() if result.outcome is not None]
        if not votes:
            why = "; ".join(f"{name}: {result.error}" for name, result in failed.items())
            return _unscored(
                f"no grader of the jury gave a verdict ({why})", {**metadata, "unscored_reason": "grade_parse_failure"}
            )
        outcome = ordinal_verdict(votes, OUTCOMES)
        each = "; ".join(
            f"{name}: {result.outcome} ({_orders_text(result.orders)})" if result.outcome else f"{name}: no verdict"
            for name, result in results.items()
        )
        return Score(
            value=VALUE_OF_OUTCOME[outcome],
            answer=outcome,
            explanation=f"{how_decided(votes, outcome, len(graders))}: {each}",
            metadata=metadata,
        )

    return score


def _unscored(why: str, metadata: dict[str, Any]) -> Score:
    return Score.unscored(
        reason="grade_parse_failure",
        explanation=f"scoring error (grade_parse_failure): {why}",
        metadata={"unscored_reason": "grade_parse_failure", **metadata},
    )
