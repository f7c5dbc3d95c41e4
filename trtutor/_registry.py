"""What Inspect loads through the `inspect_ai` entry point: the TRTutor tasks and the `trtutor/` model provider."""

# ruff: noqa: F401

from typing import Any

from inspect_ai.model import GenerateConfig, ModelAPI, modelapi

from trtutor.tasks.interactive import interactive
from trtutor.tasks.judge_agreement import judge_agreement
from trtutor.tasks.mathtutorbench.mistake_correction import mistake_correction
from trtutor.tasks.mathtutorbench.mistake_location import mistake_location
from trtutor.tasks.mathtutorbench.pedagogy_following import pedagogy_following
from trtutor.tasks.mathtutorbench.pedagogy_following_hard import pedagogy_following_hard
from trtutor.tasks.mathtutorbench.problem_solving import problem_solving
from trtutor.tasks.mathtutorbench.scaffolding_generation import scaffolding_generation
from trtutor.tasks.mathtutorbench.scaffolding_generation_hard import scaffolding_generation_hard
from trtutor.tasks.mathtutorbench.socratic_questioning import socratic_questioning
from trtutor.tasks.mathtutorbench.student_solution_correctness import student_solution_correctness
from trtutor.tasks.mrbench import mrbench
from trtutor.tasks.socratic import socratic
from trtutor.tasks.stress_test import stress_test


def _trtutor_model(
    model_name: str,
    base_url: str | None = None,
    api_key: str | None = None,
    config: GenerateConfig = GenerateConfig(),  # noqa: B008
    **model_args: Any,
) -> ModelAPI:
    """`trtutor/peft/<adapter>` runs a talker adapter (needs the `train` extra); `trtutor/completions/<model>` calls
    an OpenAI-compatible completions endpoint with the raw prompt; the others replay recorded turns."""
    if model_name.startswith("completions/"):
        from trtutor.providers.completions import CompletionsModel

        return CompletionsModel(model_name.removeprefix("completions/"), base_url, api_key, config, **model_args)
    if model_name.startswith("peft/"):
        from trtutor.providers.peft import PeftTalker

        return PeftTalker(model_name, base_url, api_key, config, **model_args)
    from trtutor.providers.replay import TrtutorModels

    return TrtutorModels(model_name, base_url, api_key, config, **model_args)


@modelapi(name="trtutor")
def trtutor_models() -> type[ModelAPI]:
    return _trtutor_model  # type: ignore[return-value]
