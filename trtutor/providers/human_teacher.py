"""`trtutor/human-teacher`: a "model" that answers with the human teacher's actual turn for the sample.

It is the reference row of every leaderboard: the same task, the same judges, scored on what MathDial's human
teachers said. `tasks/socratic.py` puts the reference turn into the sample store before generation; this model reads
it back, so it works only inside a task that does so.
"""

from __future__ import annotations

from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, ModelUsage
from inspect_ai.tool import ToolChoice, ToolInfo
from inspect_ai.util import store

from trtutor.data.turn_samples import REFERENCE_STORE_KEY

HUMAN_TEACHER = "human-teacher"


class TrtutorModels(ModelAPI):
    """The `trtutor/…` models. Today one: `trtutor/human-teacher`."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        if model_name != HUMAN_TEACHER:
            raise ValueError(f"Invalid model 'trtutor/{model_name}'. Must be one of: trtutor/{HUMAN_TEACHER}")

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        reference = store().get(REFERENCE_STORE_KEY)
        if not isinstance(reference, str):
            raise RuntimeError(
                f"trtutor/{HUMAN_TEACHER} found no human teacher turn in the sample store "
                f"({REFERENCE_STORE_KEY!r}); use it with a TRTutor task such as tasks/socratic.py"
            )
        # No model ran, so no tokens were used.
        return ModelOutput.from_content(model=HUMAN_TEACHER, content=reference).model_copy(
            update={"usage": ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0)}
        )
