"""`pairwise`: does the talker's turn beat the human teacher's turn for the same moment? (win 1, tie 0.5, loss 0)

The `grader` judge sees both turns twice, in both orders, to cancel position bias: a turn wins only when it wins
both times; a split verdict or a tie is a tie. Its mean is the talker's win rate against the human teacher, ties
counting half, as MathTutorBench reports it. A verdict that cannot be parsed leaves the sample unscored.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from inspect_ai.model import get_model
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from trtutor.prompts import fill_prompt, prompt_sha256
from trtutor.scorers.llm_judge import GRADER_ROLE, neutral, neutral_turn

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


@scorer(metrics=[mean(), stderr()])
def pairwise() -> Scorer:
    """Win (1), tie (0.5) or loss (0) of the talker's turn against the human teacher's turn (the sample's target),
    judged by the `grader` role in both orders."""

    async def score(state: TaskState, target: Target) -> Score:
        grader = get_model(role=GRADER_ROLE, required=True)
        talker, human = state.output.completion, target.text
        if talker.strip() == human.strip():  # the human teacher against itself, or a talker that copies it
            return Score(value=0.5, answer="tie", explanation="the same turn as the human teacher's")
        outcomes, raws = [], []
        for talker_is_a, (first, second) in ((True, (talker, human)), (False, (human, talker))):
            prompt = fill_prompt(
                "judge_pairwise",
                problem=neutral(state.metadata["problem"]),
                final_answer=neutral(state.metadata["final_answer"]),
                conversation_history=neutral(state.metadata["conversation_history"]),
                response_a=neutral_turn(first),
                response_b=neutral_turn(second),
            )
            output = await grader.generate(prompt, cache=True)
            raws.append(output.completion)
            try:
                verdict = parse_pairwise(output.completion)
            except ValueError as error:
                return Score.unscored(
                    reason="grade_parse_failure",
                    explanation=f"scoring error (grade_parse_failure): {error}",
                    metadata={"unscored_reason": "grade_parse_failure", "raw_judge_replies": raws},
                )
            outcomes.append(
                "tie" if verdict.winner == "tie" else ("talker" if (verdict.winner == "A") == talker_is_a else "human")
            )
        value = 1.0 if outcomes == ["talker", "talker"] else 0.0 if outcomes == ["human", "human"] else 0.5
        return Score(
            value=value,
            answer={1.0: "win", 0.0: "loss", 0.5: "tie"}[value],
            explanation=f"talker first: {outcomes[0]} wins; human first: {outcomes[1]} wins",
            metadata={"judge": str(grader), "orders": outcomes, "judge_prompt": prompt_sha256("judge_pairwise")},
        )

    return score
