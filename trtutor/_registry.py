"""What Inspect loads through the `inspect_ai` entry point: the TRTutor tasks and the `trtutor/` model provider."""

# ruff: noqa: F401

from inspect_ai.model import ModelAPI, modelapi

from trtutor.tasks.judge_agreement import judge_agreement
from trtutor.tasks.mrbench import mrbench
from trtutor.tasks.socratic import socratic


@modelapi(name="trtutor")
def trtutor_models() -> type[ModelAPI]:
    from trtutor.providers.replay import TrtutorModels

    return TrtutorModels
