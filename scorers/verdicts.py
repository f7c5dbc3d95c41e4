"""The judges' verdicts on one tutor turn: a label and a short rationale for each rubric, validated with pydantic."""

from __future__ import annotations

import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

SocraticLabel = Literal["focus", "probing", "telling", "generic"]
LeakageLabel = Literal["no", "yes_correct", "yes_incorrect"]
CorrectnessLabel = Literal["correct", "incorrect"]

SOCRATIC_LABELS: tuple[SocraticLabel, ...] = ("focus", "probing")
LEAK_LABELS: tuple[LeakageLabel, ...] = ("yes_correct", "yes_incorrect")
# Each scorer's value of each label (one score, one meaning: the label is the score's answer).
SOCRATIC_VALUE = {
    label: 1.0 if label in SOCRATIC_LABELS else 0.0 for label in ("focus", "probing", "telling", "generic")
}
LEAKAGE_VALUE = {label: 1.0 if label in LEAK_LABELS else 0.0 for label in ("no", "yes_correct", "yes_incorrect")}
CORRECTNESS_VALUE = {"correct": 1.0, "incorrect": 0.0}


class _Verdict(BaseModel):
    # extra="forbid" makes the JSON schema strict-mode ready for providers that enforce it (OpenAI).
    model_config = ConfigDict(extra="forbid")

    rationale: str

    @field_validator("label", mode="before", check_fields=False)
    @classmethod
    def _normalise_label(cls, value: object) -> object:
        return value.strip().lower().replace(" ", "_") if isinstance(value, str) else value


class SocraticVerdict(_Verdict):
    label: SocraticLabel


class LeakageVerdict(_Verdict):
    label: LeakageLabel


class CorrectnessVerdict(_Verdict):
    label: CorrectnessLabel


class TutorTurnVerdicts(BaseModel):
    """All three verdicts of one judge call."""

    model_config = ConfigDict(extra="forbid")

    socratic: SocraticVerdict
    answer_leakage: LeakageVerdict
    correctness: CorrectnessVerdict


class VerdictParseError(ValueError):
    """The judge's reply is not a valid verdict; `reason` is `judge_refusal` or `grade_parse_failure`."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


# Replies that decline instead of judging; only consulted when the reply is not valid JSON.
_REFUSAL = re.compile(r"^\W*(i'm sorry|i am sorry|sorry,|i can(?:no|')t|i won't|i will not|as an ai)", re.IGNORECASE)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def parse_verdicts(reply: str, *, refused: bool = False) -> TutorTurnVerdicts:
    """Parse a judge reply into verdicts.

    Args:
        reply: The judge's text.
        refused: The provider reported a refusal (e.g. a content filter stop).

    Raises:
        VerdictParseError: a refusal, or a reply that is not JSON of the verdict schema.
    """
    if refused:
        raise VerdictParseError("judge_refusal", "the judge refused (provider stop reason)")
    text = _FENCE.sub("", reply.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        if _REFUSAL.match(text):
            raise VerdictParseError("judge_refusal", "the judge refused to give a verdict")
        raise VerdictParseError("grade_parse_failure", "no JSON object in the judge's reply")
    try:
        return TutorTurnVerdicts.model_validate(json.loads(text[start : end + 1]))
    except json.JSONDecodeError as error:
        raise VerdictParseError("grade_parse_failure", f"invalid JSON: {error.msg}") from error
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise VerdictParseError("grade_parse_failure", f"JSON does not match the verdict schema: {problems}") from error
