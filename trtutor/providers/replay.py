"""The `trtutor/…` models: recorded tutor turns replayed as if a model wrote them.

- `trtutor/human-teacher` answers with the human teacher's actual turn for the sample (MathDial). It is the
  reference row of every leaderboard: the same task, the same judges, scored on what the human teachers said.
- `trtutor/mrbench-replay -M tutor=GPT4` answers with that MRBench tutor's recorded response, so the published
  tutors are scored by our judges and sit in the same leaderboard as a new adapter.

The tasks put the recorded turns into the sample store before generation; these models read them back, so they
work only inside a TRTutor task.
"""

from __future__ import annotations

from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, ModelUsage
from inspect_ai.tool import ToolChoice, ToolInfo
from inspect_ai.util import store

from trtutor.data.mrbench import MRBENCH_TUTORS
from trtutor.data.turn_samples import RECORDED_RESPONSES_STORE_KEY, REFERENCE_STORE_KEY
from trtutor.errors import UsageError

HUMAN_TEACHER = "human-teacher"
MRBENCH_REPLAY = "mrbench-replay"


class TrtutorModels(ModelAPI):
    """`trtutor/human-teacher` and `trtutor/mrbench-replay` (with `-M tutor=NAME`)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),
        tutor: str | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        if model_name not in (HUMAN_TEACHER, MRBENCH_REPLAY):
            raise UsageError(
                f"Invalid model 'trtutor/{model_name}'. "
                f"Must be one of: trtutor/{HUMAN_TEACHER}, trtutor/{MRBENCH_REPLAY}, trtutor/peft/<adapter folder>"
            )
        if model_name == MRBENCH_REPLAY and tutor not in MRBENCH_TUTORS:
            given = "no tutor given" if tutor is None else f"invalid tutor {tutor!r}"
            raise UsageError(
                f"trtutor/{MRBENCH_REPLAY} needs -M tutor=NAME ({given}), NAME one of: {', '.join(MRBENCH_TUTORS)}"
            )
        self.tutor = tutor if model_name == MRBENCH_REPLAY else None

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        if self.tutor is None:
            turn = store().get(REFERENCE_STORE_KEY)
            what = "human teacher turn"
        else:
            turn = (store().get(RECORDED_RESPONSES_STORE_KEY) or {}).get(self.tutor)
            what = (
                f"recorded response of tutor {self.tutor} (tasks/mrbench.py keeps only the conversations the replayed "
                "tutor answered when eval() builds it: pass the task function or file, not a built Task)"
            )
        if not isinstance(turn, str):
            raise RuntimeError(
                f"trtutor/{self.model_name} found no {what} in the sample store; use it with a TRTutor task "
                "(tasks/socratic.py for human-teacher, tasks/mrbench.py for mrbench-replay)"
            )
        # No model ran, so no tokens were used.
        return ModelOutput.from_content(model=self.model_name, content=turn).model_copy(
            update={"usage": ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0)}
        )
